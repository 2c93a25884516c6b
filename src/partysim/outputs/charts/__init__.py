"""Charts for planners: admissions fan chart, outlook, membership, admission pipeline.

All functions return :class:`matplotlib.figure.Figure` objects sized for an A4 page and
drawn in the house style of :mod:`partysim.outputs.style` (greyscale-safe, DejaVu Sans,
provenance footer). One module per chart:

* :mod:`~partysim.outputs.charts.fan`: :func:`admissions_fan`, admissions per year
  across replications with targets and history;
* :mod:`~partysim.outputs.charts.outlook`: :func:`outlook_chart`, history, statistical
  forecast and simulated scenarios together;
* :mod:`~partysim.outputs.charts.members`: :func:`members_chart`, members and admission rate;
* :mod:`~partysim.outputs.charts.funnel`: :func:`funnel_chart`, people entering each stage
  and losses by reason;
* :mod:`~partysim.outputs.charts.target_lines`: targets drawn as step lines;
* :mod:`~partysim.outputs.charts.saving`: :func:`save_figure`, PNG / SVG / PDF files.

Artists that tests or downstream code may want to find carry a ``gid``:
``"median"``, ``"band50"``/``"band80"``/``"band95"``, ``"history"``,
``"target:<name>"``, ``"provenance"``, ``"entered"``, ``"lost:<reason>"``.
"""

from __future__ import annotations

from partysim.outputs.charts.fan import admissions_fan
from partysim.outputs.charts.funnel import funnel_chart
from partysim.outputs.charts.members import members_chart
from partysim.outputs.charts.outlook import outlook_chart
from partysim.outputs.charts.saving import save_figure
from partysim.outputs.style import BANDS

__all__ = ["BANDS", "admissions_fan", "funnel_chart", "members_chart", "outlook_chart", "save_figure"]
