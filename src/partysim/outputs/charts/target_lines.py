"""Targets on the admissions charts: one step line per target, in people per year.

Targets of kind ``"admissions"`` are drawn at ``threshold`` across each year they apply
to; ``"admission_rate"`` targets (``threshold`` a fraction, 0.03 = 3%) at the implied count
``threshold * median(members_start)`` of that year. Other kinds have other units and are
not drawn. Lines are told apart by dash pattern (:data:`~partysim.outputs.style.TARGET_DASHES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from partysim.outputs.style import INK, TARGET_DASHES
from partysim.outputs.target_text import target_line_label

__all__ = ["DRAWN_KINDS", "draw_targets", "step_segments", "target_years"]

#: Target kinds drawn on the admissions charts.
DRAWN_KINDS: tuple[str, ...] = ("admissions", "admission_rate")


def target_years(target: dict, all_years: Iterable[int]) -> list[int]:
    """Years a target applies to: its ``years`` list, its ``year``, or else all years."""
    if target.get("years") is not None:
        return sorted(int(y) for y in target["years"])
    if target.get("year") is not None:
        return [int(target["year"])]
    return [int(y) for y in all_years]


def step_segments(points: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """x/y data for a per-year level: a flat segment across each year.

    Each year ``y`` gets a segment from ``y - 0.5`` to ``y + 0.5``; adjacent
    years join into a step line, gaps are broken with NaN.
    """
    xs: list[float] = []
    ys: list[float] = []
    prev = None
    for year in sorted(points):
        if prev is not None and year != prev + 1:
            xs.append(np.nan)
            ys.append(np.nan)
        xs += [year - 0.5, year + 0.5]
        ys += [points[year], points[year]]
        prev = year
    return np.asarray(xs, float), np.asarray(ys, float)


def _target_levels(
    targets: list[dict] | None, annual: pd.DataFrame, years: Iterable[int]
) -> tuple[dict[tuple[str, str], dict[int, float]], dict[tuple[str, str], list[float]]]:
    """Per (name, kind): the level drawn in each year (people), and the thresholds given."""
    members_med = annual.groupby("year")["members_start"].median()
    levels: dict[tuple[str, str], dict[int, float]] = {}
    thresholds: dict[tuple[str, str], list[float]] = {}
    for t in targets or []:
        kind = t.get("kind")
        if kind not in DRAWN_KINDS:
            continue
        key = (str(t.get("name", "")), kind)
        thr = float(t["threshold"])
        for y in target_years(t, years):
            if kind == "admissions":
                levels.setdefault(key, {})[y] = thr
            elif y in members_med.index:
                levels.setdefault(key, {})[y] = thr * float(members_med.loc[y])
            else:
                continue
            thresholds.setdefault(key, []).append(thr)
    return levels, thresholds


def draw_targets(
    ax: Axes, targets: list[dict] | None, annual: pd.DataFrame, years: Sequence[int] | np.ndarray, lang: str
) -> None:
    """Draw admissions targets as step lines (gid ``"target:<name>"``), labelled for the legend.

    Args:
        ax: The axes (people per year on y).
        targets: Target dicts with ``name``, ``kind``, ``threshold`` and ``year`` (or
            ``years``; if neither, all ``years``).
        annual: One row per (replication, year) with ``members_start`` (for rate targets).
        years: Years shown.
        lang: ``"vi"`` or ``"en"``.
    """
    levels, thresholds = _target_levels(targets, annual, years)
    for dash_i, ((name, kind), points) in enumerate(levels.items()):
        xs, ys = step_segments(points)
        ax.plot(
            xs,
            ys,
            color=INK,
            linewidth=1.4,
            linestyle=TARGET_DASHES[dash_i % len(TARGET_DASHES)],
            label=target_line_label(name, kind, thresholds[(name, kind)], lang),
            gid=f"target:{name}",
            zorder=5,
        )
