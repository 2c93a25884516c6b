"""Does the first simulated year agree with what is known about it?

The first year of a run rests most on the starting state (the people already in the
pipeline), so it is where a wrong start shows. Every run checks it against the best
reference the scenario has, in this order:

1. ``recorded``: the year's own recorded admissions (``history.admissions``); the run
   departs when the recorded figure lies outside the simulated 80% interval (10th-90th
   percentile over replications).
2. ``forecast``: with four or more recorded years before it, the statistical forecast
   from history alone (:func:`partysim.analysis.outlook.statistical_outlook`); the run
   departs when the simulated median lies outside the forecast's 80% interval.
3. ``last_recorded``: with one to three recorded years, the last of them; the run departs
   when the simulated median differs from it by more than :data:`LAST_YEAR_TOLERANCE`
   (relative, an estimate of how much admissions change from one year to the next) plus
   1.28 Poisson standard deviations.
4. ``average``: with only a recorded average over years before or including it
   (``admissions_average``), the latest such average, with the same allowance.

The likely cause is named: when the first year departs but the second agrees (or departs
the other way), the starting pipeline; when both depart the same way, the rates or the
capacity behind the history (calibrate them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis.outlook import statistical_outlook
from partysim.scenario.schema import Scenario

LAST_YEAR_TOLERANCE = 0.25
"""Relative change of annual admissions from one year to the next that is not a departure
(an estimate: published series move by 5-30% a year)."""

Z80 = 1.2816
"""Standard normal quantile of 90% (half-width of an 80% interval)."""


@dataclass(frozen=True)
class StartCheck:
    """The first full simulated year against its reference.

    Attributes:
        year: The first full simulated year.
        simulated: Median simulated admissions that year.
        sim_lo: 10th percentile over replications.
        sim_hi: 90th percentile over replications.
        reference: ``recorded``, ``forecast``, ``last_recorded`` or ``average``.
        ref_value: The recorded figure, the forecast median, or the last recorded figure.
        ref_lo: Lower end of the reference interval (recorded: the figure itself).
        ref_hi: Upper end of the reference interval.
        direction: ``agrees``, ``above`` (simulation higher) or ``below``.
        cause: ``none``, ``start`` (the starting pipeline) or ``rates``.
    """

    year: int
    simulated: float
    sim_lo: float
    sim_hi: float
    reference: str
    ref_value: float
    ref_lo: float
    ref_hi: float
    direction: str
    cause: str

    @property
    def departs(self) -> bool:
        """Whether the first year departs from its reference."""
        return self.direction != "agrees"


def _full_years(annual: pd.DataFrame) -> list[int]:
    full = annual.loc[annual["months"] >= 12, "year"] if "months" in annual.columns else annual["year"]
    return sorted(int(y) for y in full.unique())


def _direction(sim: float, sim_lo: float, sim_hi: float, ref: str, lo: float, hi: float, value: float) -> str:
    if ref == "recorded":
        if value < sim_lo:
            return "above"
        return "below" if value > sim_hi else "agrees"
    if sim > hi:
        return "above"
    return "below" if sim < lo else "agrees"


def _reference(scenario: Scenario, year: int, seed: int | None) -> tuple[str, float, float, float] | None:
    """(kind, value, lo, hi) of the best reference for ``year``, or None."""
    hist = {int(y): float(v) for y, v in scenario.history.admissions.items()}
    if year in hist:
        return "recorded", hist[year], hist[year], hist[year]
    before = sorted(y for y in hist if y < year)
    if len(before) >= 4:
        bands = statistical_outlook(scenario, seed)
        if bands is not None and year in set(bands["year"]):
            row = bands.loc[bands["year"] == year].iloc[0]
            return "forecast", float(row["p50"]), float(row["lo80"]), float(row["hi80"])
    if before:
        return _with_tolerance("last_recorded", hist[before[-1]])
    spans = [s for s in scenario.history.average_spans() if s[0] <= year]  # before it, or covering it
    if spans:
        return _with_tolerance("average", spans[-1][2])
    return None


def _with_tolerance(kind: str, value: float) -> tuple[str, float, float, float]:
    """A reference year's figure with the allowance for a normal year-to-year change."""
    half = LAST_YEAR_TOLERANCE * value + Z80 * np.sqrt(max(value, 1.0))
    return kind, value, max(value - half, 0.0), value + half


def check_start(scenario: Scenario, annual: pd.DataFrame, seed: int | None = None) -> StartCheck | None:
    """Judge the first full simulated year (see the module notes).

    Args:
        scenario: Supplies the history.
        annual: The annual table of all replications.
        seed: Seed of the statistical forecast (default: the scenario's).

    Returns:
        None when the scenario has no history to compare with, or no full year.
    """
    years = _full_years(annual)
    if not years:
        return None
    ref = _reference(scenario, years[0], seed)
    if ref is None:
        return None
    kind, value, lo, hi = ref
    adm = [annual.loc[annual["year"] == y, "admissions"].to_numpy(float) for y in years[:2]]
    sim, sim_lo, sim_hi = float(np.median(adm[0])), float(np.percentile(adm[0], 10)), float(np.percentile(adm[0], 90))
    direction = _direction(sim, sim_lo, sim_hi, kind, lo, hi, value)
    cause = "none"
    if direction != "agrees":
        cause = "start"
        if len(adm) > 1 and kind != "recorded":
            second = float(np.median(adm[1]))
            if (second > hi) if direction == "above" else (second < lo):
                cause = "rates"
    return StartCheck(years[0], sim, sim_lo, sim_hi, kind, value, lo, hi, direction, cause)
