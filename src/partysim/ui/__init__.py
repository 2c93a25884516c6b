"""Notebook dashboard for planners: sliders over the policy levers and uncertain
parameters, the verdict on every target, charts to cite.

- :class:`Dashboard`: the dashboard (display it as the last expression of a cell).
- :func:`find_scenario`: path of a shipped scenario file by name.
- :func:`figure_png`: PNG bytes of a chart, for ``IPython.display.Image``.

Example::

    import matplotlib; matplotlib.use("Agg")
    from partysim.ui import Dashboard, find_scenario
    Dashboard(find_scenario("ninh_binh_2023"), lang="vi")
"""

from __future__ import annotations

from partysim.ui.dashboard import Dashboard
from partysim.ui.paths import find_scenario, scenarios_dir
from partysim.ui.render import figure_png

__all__ = ["Dashboard", "figure_png", "find_scenario", "scenarios_dir"]
