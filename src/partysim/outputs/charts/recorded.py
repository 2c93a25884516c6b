"""Recorded figures and part years on the charts.

* Recorded yearly figures are black squares (gid ``"history"``); a recorded *average* over
  several years (``history.admissions_average``) is a hollow square at the middle of its
  span with a bar across the span (gid ``"history_average"``), labelled as an average, so a
  five-year average is never drawn as five yearly figures.
* Recorded members (``history.members``: on 31 December, or at the end of a given month)
  are black diamonds on the members chart (gid ``"history_members"``).
* Simulated part years (a run starting in November, ending in May) are not comparable with
  yearly targets: their admissions are drawn apart as a hollow circle with the middle 80%
  of runs (gid ``"part_year"``) and the months they cover.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from partysim.outputs.i18n import label
from partysim.outputs.style import ACCENT

__all__ = ["draw_averages", "draw_history_points", "draw_member_points", "draw_part_years", "months_text"]


RECORDED_POINT: dict[str, object] = {
    "linestyle": "none",
    "markerfacecolor": "black",
    "markeredgecolor": "white",
    "markeredgewidth": 0.6,
    "color": "black",
}
"""How a recorded figure is drawn: a black point with a white edge, never a line."""


def draw_history_points(ax: Axes, history: pd.DataFrame, lang: str) -> np.ndarray:
    """Recorded yearly admissions (columns ``year, admissions``) as black squares; returns their years."""
    h = history.sort_values("year")
    ax.plot(
        h["year"].to_numpy(),
        h["admissions"].to_numpy(float),
        marker="s",
        markersize=5,
        **RECORDED_POINT,
        label=label("history", lang),
        gid="history",
        zorder=6,
    )
    return h["year"].to_numpy()


def _span_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def draw_averages(ax: Axes, averages: Sequence[tuple[int, int, float]], lang: str) -> list[int]:
    """Recorded averages per year ``(first year, last year, value)``: a hollow square at the
    middle of the span and a bar across it; returns the years covered."""
    years: list[int] = []
    for first, last, value in averages:
        mid = (first + last) / 2
        half = (last - first) / 2 + 0.4
        ax.errorbar(
            [mid],
            [value],
            xerr=[[half], [half]],
            fmt="s",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor="black",
            markeredgewidth=1.2,
            ecolor="black",
            elinewidth=1.6,
            capsize=3,
            label=label("history.average", lang).format(period=_span_text(first, last)),
            gid="history_average",
            zorder=6,
        )
        years += list(range(first, last + 1))
    return years


def draw_member_points(ax: Axes, points: Sequence[tuple[int, int, float]], lang: str) -> list[float]:
    """Recorded members ``(year, month, members)`` at the end of that month (31 December is
    the year itself); returns their x positions."""
    xs = [y if m == 12 else y - 1 + m / 12 for y, m, _ in points]
    if points:
        ax.plot(
            xs,
            [v for _, _, v in points],
            marker="D",
            markersize=5.5,
            **RECORDED_POINT,
            label=label("history.members", lang),
            gid="history_members",
            zorder=6,
        )
    return xs


def months_text(year: int, first: int, last: int, lang: str) -> str:
    """``"T11–T12/2017"`` (vi) or ``"11–12/2017"`` (en): the months of a part year."""
    return label("months_span", lang).format(first=first, last=last, year=year)


def draw_part_years(
    ax: Axes, annual: pd.DataFrame, column: str, parts: dict[int, tuple[int, int]], lang: str
) -> list[int]:
    """Median and middle 80% of ``column`` in each part year, as hollow circles with whiskers
    (gid ``"part_year"``); returns the years drawn."""
    shown = [y for y in sorted(parts) if y in set(annual["year"])]
    if not shown:
        return []
    q = annual[annual["year"].isin(shown)].groupby("year")[column].quantile([0.1, 0.5, 0.9]).unstack().sort_index()
    mid = q[0.5].to_numpy(float)
    err = np.vstack([mid - q[0.1].to_numpy(float), q[0.9].to_numpy(float) - mid])
    spans = ", ".join(months_text(y, *parts[y], lang) for y in shown)
    ax.errorbar(
        q.index.to_numpy(),
        mid,
        yerr=err,
        fmt="o",
        markersize=5,
        markerfacecolor="white",
        markeredgecolor=ACCENT,
        markeredgewidth=1.3,
        ecolor=ACCENT,
        elinewidth=1.0,
        capsize=2.5,
        label=label("part_year", lang).format(months=spans),
        gid="part_year",
        zorder=4,
    )
    return shown
