"""The instant charts: the flow model's expected path, redrawn in milliseconds.

Two figures, in the places of the fan chart and the members chart, built once per
language and then only updated: their lines get new data (``set_data``), the axes rescale,
and the layout (constrained layout) is computed once and again only when the tick labels
change width. No legend or title is laid out again on a slider move.

- ``fan``: expected admissions per complete year (gid ``flow_admissions``), the targets
  in people a year (gid ``target<i>``; an admission-rate target at its threshold times
  the expected members on 1 January), the equilibrium line (gid ``equilibrium``: the
  admissions a year that sustain the scenario's admission-rate target,
  :meth:`partysim.analysis.equilibrium.Equilibrium.required`) and recorded admissions.
- ``members``: expected members at each year's end (gid ``flow_members``; a part year's
  at its last month) over the
  expected admission rate (gid ``flow_rate``) with the rate target (gid ``rate_target``).
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from partysim.outputs.charts.target_lines import step_segments, target_years
from partysim.outputs.i18n import label
from partysim.outputs.style import (
    ACCENT,
    CM,
    INK,
    TARGET_DASHES,
    WIDTH_IN,
    house_style,
    legend_below,
    number_formatter,
    percent_formatter,
    year_axis,
)
from partysim.outputs.tables import stock_positions
from partysim.outputs.target_text import target_line_label
from partysim.scenario.schema import Scenario
from partysim.scenario.targets import Target
from partysim.ui.instant import FlowAnswer
from partysim.ui.texts import text

__all__ = ["INSTANT_CHARTS", "InstantCharts", "png_bytes"]

INSTANT_CHARTS = ("fan", "members")
"""Charts the instant step redraws (the dashboard's image widgets of the same names)."""

SCREEN_DPI = 80
"""Resolution of the instant PNGs (dots per inch; 17 cm is 535 px)."""

_PAD = {"h_pad": 0.05, "w_pad": 0.05, "hspace": 0.02, "wspace": 0.02}


def png_bytes(canvas: FigureCanvasAgg) -> bytes:
    """PNG bytes of what ``canvas`` holds now (no drawing; fast compression)."""
    w, h = canvas.get_width_height(physical=True)
    img = Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    img.convert("RGB").save(buf, format="png", compress_level=1)
    return buf.getvalue()


def fitted(lo: float, hi: float, zero: bool) -> tuple[float, float]:
    """The range an axis gets for data from ``lo`` to ``hi``: padded by 15% of the span or
    5% of the largest value, whichever is more (from 0 when ``zero``)."""
    pad = max(0.15 * (hi - lo), 0.05 * max(abs(lo), abs(hi)), 1e-9)
    return (0.0 if zero else lo - pad), hi + pad


def keeps(view: tuple[float, float], lo: float, hi: float, zero: bool) -> bool:
    """Whether the axis range ``view`` still suits data from ``lo`` to ``hi``: all inside,
    and the range a fresh fit would give spans at least :data:`FILL` of it (so small slider
    moves keep the axes, and the background with them)."""
    bottom, top = view
    new_lo, new_hi = fitted(lo, hi, zero)
    return bottom <= lo and hi <= top and (new_hi - new_lo) >= FILL * (top - bottom)


FILL = 0.6
"""Least share of the current range that a fresh fit must span to keep the range."""


class _Chart:
    """One figure whose lines are updated in place.

    The lines are *animated* (left out of a full draw): the rest (axes, ticks, titles,
    legend) is drawn once into a background kept as pixels; a slider move restores it and
    draws only the lines, unless an axis must change its range (the data left it, or fills
    too little of it), which redraws everything. The constrained layout runs only when
    tick labels change width.
    """

    def __init__(self, height_cm: float, title: str) -> None:
        self.fig = Figure(figsize=(WIDTH_IN, height_cm * CM), dpi=SCREEN_DPI, layout="constrained")
        self.fig.get_layout_engine().set(**_PAD)
        self.canvas = FigureCanvasAgg(self.fig)
        self.fig.suptitle(title, fontweight="bold")
        self.lines: dict[str, Line2D] = {}
        self.axes: list[Axes] = []
        self.zero: list[bool] = []
        self.full_draws = 0
        self._background = None
        self._widths: tuple[int, ...] | None = None

    def line(self, ax: Axes, gid: str, **style) -> Line2D:
        (ln,) = ax.plot([], [], gid=gid, animated=True, **style)
        self.lines[gid] = ln
        return ln

    def _rescale(self) -> bool:
        """Fit each axis to its lines where the current range no longer suits them;
        True if any range changed."""
        changed = False
        for ax, zero in zip(self.axes, self.zero):
            ys = np.concatenate([ln.get_ydata() for ln in ax.get_lines() if len(ln.get_ydata())] or [np.zeros(1)])
            ys = ys[np.isfinite(ys)]
            lo, hi = (float(ys.min()), float(ys.max())) if len(ys) else (0.0, 1.0)
            if self._background is not None and keeps(ax.get_ylim(), lo, hi, zero):
                continue
            ax.set_ylim(*fitted(lo, hi, zero))
            changed = True
        return changed

    def _tick_widths(self) -> tuple[int, ...]:
        out = []
        for ax in self.axes:
            fmt = ax.yaxis.get_major_formatter()
            locs = ax.yaxis.get_major_locator()()
            out.append(max((len(fmt(v, 0)) for v in locs), default=0))
        return tuple(out)

    def png(self) -> bytes:
        """PNG bytes of the chart with its lines' current data."""
        if self._rescale() or self._background is None:
            with house_style():
                widths = self._tick_widths()
                if widths != self._widths:
                    self.fig.set_layout_engine("constrained", **_PAD)
                    self.canvas.draw()  # lays out once
                    self.fig.set_layout_engine("none")
                    self._widths = widths
                self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
            self.full_draws += 1
        else:
            self.canvas.restore_region(self._background)
        for ln in self.lines.values():
            ln.axes.draw_artist(ln)
        return png_bytes(self.canvas)


def _fan_chart(scenario: Scenario, years: list[int], lang: str) -> _Chart:
    c = _Chart(10.0, text("instant.fan_title", lang))
    with house_style():
        ax = c.fig.add_subplot()
        c.axes, c.zero = [ax], [False]
        c.line(ax, "flow_admissions", color=ACCENT, lw=2.0, marker="o", ms=3.5, label=text("instant.expected", lang))
        for i, t in enumerate(scenario.targets):
            if t.kind in ("admissions", "admission_rate"):
                dash = TARGET_DASHES[i % len(TARGET_DASHES)]
                name = target_line_label(str(t.name.get(lang)), t.kind, [float(t.threshold)], lang)
                c.line(ax, f"target{i}", color=INK, lw=1.2, ls=dash, label=name)
        if any(t.kind == "admission_rate" for t in scenario.targets):
            c.line(ax, "equilibrium", color="0.45", lw=1.6, ls=":", label=text("instant.equilibrium", lang))
        hist = scenario.history.admissions
        if hist:
            style = {"ls": "none", "marker": "s", "ms": 4, "color": "black"}
            ax.plot(list(hist), list(hist.values()), gid="history", label=label("history", lang), **style)
        year_axis(ax, years)
        ax.yaxis.set_major_formatter(number_formatter(lang))
        ax.set_ylabel(label("fan.ylabel", lang))
        legend_below(c.fig, ax, ncol=2)
    return c


def _members_chart(years: list[int], lang: str) -> _Chart:
    c = _Chart(11.0, text("instant.members_title", lang))
    with house_style():
        ax_m, ax_r = c.fig.subplots(2, 1, sharex=True)
        c.axes, c.zero = [ax_m, ax_r], [False, True]
        c.line(ax_m, "flow_members", color=ACCENT, lw=2.0, marker="o", ms=3.5)
        c.line(ax_r, "flow_rate", color=ACCENT, lw=2.0, marker="o", ms=3.5)
        c.line(ax_r, "rate_target", color=INK, lw=1.2, ls="--")
        ax_m.set_title(label("members.panel_members", lang), loc="left")
        ax_r.set_title(label("members.panel_rate", lang), loc="left")
        ax_m.yaxis.set_major_formatter(number_formatter(lang))
        ax_r.yaxis.set_major_formatter(percent_formatter(lang))
        year_axis(ax_r, years)
        ax_m.tick_params(labelbottom=False)
    return c


class InstantCharts:
    """The instant charts of one scenario, built on first use in each language.

    Args:
        scenario: The scenario as loaded (its targets, history and years).
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.charts: dict[tuple[str, str], _Chart] = {}

    def figure(self, chart: str, lang: str) -> Figure:
        """The (reused) figure of ``chart`` in ``lang`` as last drawn."""
        return self._chart(chart, lang).fig

    def _chart(self, chart: str, lang: str) -> _Chart:
        key = (chart, lang)
        if key not in self.charts:
            sc = self.scenario
            first = sc.start_ym[0]
            years = list(range(first, first + 1 + (sc.start_ym[1] - 1 + sc.months - 1) // 12))
            self.charts[key] = _fan_chart(sc, years, lang) if chart == "fan" else _members_chart(years, lang)
        return self.charts[key]

    def draw(self, answer: FlowAnswer, lang: str) -> dict[str, bytes]:
        """Update both charts to ``answer`` and return their PNG bytes by chart name."""
        a = answer.years()
        full = a[a["months"] == 12]
        fan = self._chart("fan", lang)
        fan.lines["flow_admissions"].set_data(full["year"].to_numpy(float), full["admissions"].to_numpy(float))
        members_start = dict(zip(a["year"].astype(int), a["members_start"]))
        for i, t in enumerate(self.scenario.targets):
            if f"target{i}" in fan.lines:
                fan.lines[f"target{i}"].set_data(*_target_steps(t, members_start))
        if "equilibrium" in fan.lines and answer.required is not None:
            lo, hi = min(members_start) - 0.5, max(members_start) + 0.5
            fan.lines["equilibrium"].set_data([lo, hi], [answer.required["admissions"]] * 2)
        mem = self._chart("members", lang)
        where = stock_positions(a)  # a part year's stock at its last month, as the sampled chart
        mem.lines["flow_members"].set_data([where[int(y)] for y in a["year"]], a["members_end"].to_numpy(float))
        mem.lines["flow_rate"].set_data(full["year"].to_numpy(float), full["admission_rate"].to_numpy(float))
        if answer.rate is not None:
            mem.lines["rate_target"].set_data([min(members_start) - 0.5, max(members_start) + 0.5], [answer.rate] * 2)
        return {"fan": fan.png(), "members": mem.png()}


def _target_steps(t: Target, members_start: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    years = target_years({"years": t.years}, members_start)
    level = float(t.threshold)
    points = {y: level if t.kind == "admissions" else level * members_start[y] for y in years if y in members_start}
    return step_segments(points)
