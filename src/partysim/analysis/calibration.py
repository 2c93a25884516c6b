"""Calibration: fit the simulation's estimated parameters to the history.

Simulated method of moments with common random numbers. The scenario's ``calibration``
block names the parameters to fit (each must be an estimate, ``[est]``) and the moments:
observed figures such as admissions summed over a window, the mean per year, or members
at a month's end. For parameter values ``x`` the objective is

    J(x) = sum_i w_i * ((m_i(x) - o_i) / max(|o_i|, 1)) ** 2

where ``m_i(x)`` is the mean of moment ``i`` over ``R`` replications run with the *same*
seeds for every ``x`` (so ``J`` does not jump with sampling noise) and ``o_i`` the observed
value: a weighted sum of squared relative errors. ``scipy.optimize.minimize``
(Nelder-Mead, within each parameter's plausible range) minimises it.

A parameter the data cannot pin down shows a flat objective: moving it by 20% of its
fitted value changes ``J`` by less than ``flat_tolerance``; the report says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from partysim.analysis.runner import run_replication
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import Scenario
from partysim.scenario.study import Moment


class CalibrationError(ValueError):
    """The scenario cannot be calibrated as asked (one-line message)."""


def set_path(scenario: Scenario, path: str, value: float) -> Scenario:
    """A validated copy of ``scenario`` with the parameter at dotted ``path`` set to ``value``
    (:meth:`~partysim.scenario.schema.Scenario.with_values`)."""
    return scenario.with_values({path: value})


def moment_values(scenario: Scenario, moments: list[Moment], monthly: pd.DataFrame) -> np.ndarray:
    """Each moment computed on one replication's monthly table."""
    out = np.empty(len(moments))
    for i, m in enumerate(moments):
        a, b = scenario.month_of(m.start), scenario.month_of(m.end)
        if m.variable not in monthly.columns:
            raise CalibrationError(
                f"moment {m.name or i}: unknown variable {m.variable!r}; monthly columns are {sorted(monthly.columns)}"
            )
        window = monthly[(monthly["month"] >= a) & (monthly["month"] <= b)][m.variable]
        if m.stat == "last":
            out[i] = (
                float(monthly.loc[monthly["month"] == b, m.variable].iloc[0]) if b in set(monthly["month"]) else np.nan
            )
        elif m.stat == "annual_mean":
            out[i] = float(window.sum()) * 12.0 / (b - a + 1)
        else:
            out[i] = float(window.sum())
    return out


def simulate_moments(scenario: Scenario, moments: list[Moment], replications: int) -> np.ndarray:
    """Mean of each moment over ``replications`` replications (seeds fixed: common random numbers)."""
    for m in moments:
        for p in (m.start, m.end):
            if not 0 <= scenario.month_of(p) < scenario.months:
                raise CalibrationError(
                    f"moment {m.name or m.variable}: period {p} is outside {scenario.start} to {scenario.end}"
                )
    vals = [moment_values(scenario, moments, run_replication(scenario, r).monthly) for r in range(replications)]
    return np.nanmean(np.vstack(vals), axis=0)


def objective(simulated: np.ndarray, moments: list[Moment]) -> float:
    """Weighted sum of squared relative errors."""
    obs = np.array([m.value for m in moments])
    w = np.array([m.weight for m in moments])
    return float(np.sum(w * ((simulated - obs) / np.maximum(np.abs(obs), 1.0)) ** 2))


@dataclass
class CalibrationResult:
    """What a calibration found.

    Attributes:
        values: Fitted value of each parameter.
        start: Value each parameter had before fitting.
        bounds: Plausible range (lo, hi) of each parameter.
        objective: ``J`` at the fitted values (start: ``objective_start``).
        fit: One row per moment: name, variable, stat, observed, simulated, relative error.
        flat: Parameters the data cannot pin down (objective flat around the fit).
        sensitivity: Rise of ``J`` when each parameter moves 20% from its fitted value.
        evaluations: Objective evaluations (each ``replications`` simulations).
        seconds: Wall-clock time (s).
    """

    scenario: str
    values: dict[str, float]
    start: dict[str, float]
    bounds: dict[str, tuple[float, float]]
    objective: float
    objective_start: float
    fit: pd.DataFrame
    flat: list[str]
    sensitivity: dict[str, float]
    evaluations: int
    replications: int
    seconds: float
    converged: bool = True
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Plain-text (Markdown) fit report."""
        lines = [
            f"# Calibration of {self.scenario}",
            "",
            f"Objective (weighted squared relative error) {self.objective_start:.4g} at the start, "
            f"{self.objective:.4g} fitted; {self.evaluations} evaluations of {self.replications} replications "
            f"each (common random numbers); {self.seconds:.1f} s.",
            "",
            "| parameter | start | fitted | range | rise of objective at ±20% | identified |",
            "|---|---|---|---|---|---|",
        ]
        for p, v in self.values.items():
            lo, hi = self.bounds[p]
            ident = "no (flat)" if p in self.flat else "yes"
            lines.append(
                f"| {p} | {self.start[p]:.4g} | {v:.4g} | {lo:g}-{hi:g} | {self.sensitivity[p]:.3g} | {ident} |"
            )
        lines += ["", "| moment | variable | observed | simulated | error |", "|---|---|---|---|---|"]
        for r in self.fit.itertuples():
            lines.append(
                f"| {r.name} | {r.variable} ({r.stat}) | {r.observed:.4g} | {r.simulated:.4g} | {r.rel_error:+.1%} |"
            )
        if self.flat:
            lines += [
                "",
                "The data cannot pin down: " + ", ".join(self.flat) + ". They keep their starting values "
                "(shown as fitted); treat them as estimates, or add moments that depend on them.",
            ]
        lines += [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"


def calibrate(
    scenario: Scenario,
    replications: int | None = None,
    max_evaluations: int | None = None,
    flat_tolerance: float = 0.001,
    on_evaluation: Callable[[int, float], None] | None = None,
) -> CalibrationResult:
    """Fit the parameters named in ``scenario.calibration`` to its moments.

    Args:
        scenario: A scenario with a ``calibration`` block.
        replications: Replications per evaluation (default: the block's).
        max_evaluations: Budget of objective evaluations, all included: the search, the
            sensitivity probes (two per parameter) and the final check (default: the
            block's).
        flat_tolerance: Rise of the objective below which a parameter counts as not
            identified (objective units: squared relative error; 0.001 is a moment moving
            about 3% when the parameter moves 20%). A parameter found flat keeps its
            starting value: the data give no reason to move it.
        on_evaluation: Called with (evaluation number, objective) after each evaluation.

    Returns:
        :class:`CalibrationResult`.

    Raises:
        CalibrationError: No calibration block, unknown or non-estimated parameter,
            moment outside the simulated period.
    """
    cal = scenario.calibration
    if cal is None:
        raise CalibrationError("the scenario has no calibration: block (parameters to fit and moments)")
    t0 = time.perf_counter()
    obj = _Objective(scenario, replications or cal.replications, on_evaluation)
    budget = max_evaluations or cal.max_evaluations
    search = max(budget - 2 * len(obj.names) - 2, 1)  # leave room for the probes and the checks
    j0 = obj(obj.x0 / obj.scale)
    res = obj.search(search)
    x_best = np.clip(res.x * obj.scale, obj.lo, obj.hi)
    j_best = obj(x_best / obj.scale)
    if j_best > j0:  # never worse than where we started
        x_best, j_best = obj.x0.copy(), j0
    sens = obj.sensitivity(x_best, j_best)
    flat = [p for p in obj.names if sens[p] < flat_tolerance]
    x_best = np.where([p in flat for p in obj.names], obj.x0, x_best)
    j_best = obj(x_best / obj.scale)
    return obj.result(x_best, j_best, j0, sens, flat, res, time.perf_counter() - t0)


class _Objective:
    """``J`` as a function of the scaled parameters, with a cache of evaluations."""

    def __init__(
        self, scenario: Scenario, replications: int, on_evaluation: Callable[[int, float], None] | None
    ) -> None:
        cal = scenario.calibration
        assert cal is not None
        info = {p.path: p for p in iter_params(scenario)}
        for path in cal.parameters:
            if path not in info:
                raise CalibrationError(f"calibration parameter {path!r} is not a parameter of the scenario")
            if not info[path].estimate:
                raise CalibrationError(
                    f"calibration parameter {path!r} is not an estimate; only [est] parameters are fitted"
                )
        self.scenario, self.moments, self.replications = scenario, cal.moments, replications
        self.names = list(cal.parameters)
        self.lo = np.array([info[p].lo for p in self.names], dtype=float)
        self.hi = np.array([info[p].hi for p in self.names], dtype=float)
        self.x0 = np.array([float(info[p].value) for p in self.names])
        self.scale = np.where(np.abs(self.x0) > 0, np.abs(self.x0), (self.hi - self.lo) / 10)
        self.z0 = self.x0 / self.scale
        self.cache: dict[tuple, float] = {}
        self.on_evaluation = on_evaluation

    def build(self, x: np.ndarray) -> Scenario:
        """The scenario with the parameters set to ``x``."""
        return self.scenario.with_values({p: float(v) for p, v in zip(self.names, x)})

    def __call__(self, z: np.ndarray) -> float:
        x = np.clip(z * self.scale, self.lo, self.hi)
        key = tuple(np.round(x, 12))
        if key not in self.cache:
            self.cache[key] = objective(simulate_moments(self.build(x), self.moments, self.replications), self.moments)
            if self.on_evaluation is not None:
                self.on_evaluation(len(self.cache), self.cache[key])
        return self.cache[key]

    def result(
        self,
        x_best: np.ndarray,
        j_best: float,
        j0: float,
        sens: dict[str, float],
        flat: list[str],
        res: Any,
        seconds: float,
    ) -> CalibrationResult:
        """The :class:`CalibrationResult` of a finished search (the fit table re-simulated)."""
        names = self.names
        sim = simulate_moments(self.build(x_best), self.moments, self.replications)
        return CalibrationResult(
            scenario=self.scenario.name,
            values=dict(zip(names, map(float, x_best))),
            start=dict(zip(names, map(float, self.x0))),
            bounds={p: (float(a), float(b)) for p, a, b in zip(names, self.lo, self.hi)},
            objective=j_best,
            objective_start=j0,
            fit=fit_table(self.moments, sim),
            flat=flat,
            sensitivity=sens,
            evaluations=len(self.cache),
            replications=self.replications,
            seconds=seconds,
            converged=bool(res.success),
            notes=[] if res.success else [f"optimiser stopped: {res.message}"],
        )

    def search(self, max_evaluations: int) -> Any:
        """Nelder-Mead from the starting values within the ranges (scaled parameters)."""
        simplex = [self.z0] + [self.z0 * np.where(np.arange(len(self.z0)) == k, 1.3, 1.0) for k in range(len(self.z0))]
        zlo, zhi = self.lo / self.scale, self.hi / self.scale
        options = {"initial_simplex": np.clip(np.array(simplex), zlo, zhi), "maxfev": max_evaluations}
        options |= {"xatol": 0.01, "fatol": 1e-4}
        return minimize(self, self.z0, method="Nelder-Mead", bounds=list(zip(zlo, zhi)), options=options)

    def sensitivity(self, x_best: np.ndarray, j_best: float) -> dict[str, float]:
        """Smallest rise of ``J`` when each parameter moves 20% (down or up) from the fit."""
        out = {}
        for k, p in enumerate(self.names):
            rises = []
            for factor in (0.8, 1.2):
                x = x_best.copy()
                x[k] = np.clip(x[k] * factor if x[k] else (self.hi[k] - self.lo[k]) * 0.1, self.lo[k], self.hi[k])
                if x[k] != x_best[k]:
                    rises.append(self(x / self.scale) - j_best)
            out[p] = float(min(rises)) if rises else 0.0
        return out


def fit_table(moments: list[Moment], simulated: np.ndarray) -> pd.DataFrame:
    """One row per moment: name, variable, stat, observed, simulated, relative error."""
    obs = np.array([m.value for m in moments])
    return pd.DataFrame(
        {
            "name": [m.name or m.variable for m in moments],
            "variable": [m.variable for m in moments],
            "stat": [m.stat for m in moments],
            "observed": obs,
            "simulated": simulated,
            "rel_error": (simulated - obs) / np.maximum(np.abs(obs), 1.0),
        }
    )
