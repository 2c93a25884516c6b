"""Planners' own tables, read strictly: CSV and Excel as planners write them (Vietnamese
number formats, Vietnamese or English headers, title rows, quarters), the unit template
(``partysim template``), a scenario built from a filled table (``partysim init``) and a
scenario written back as a table (``partysim sheet``). See ``docs/planner-data.md``."""
