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

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import yaml
from scipy.optimize import minimize

from partysim.scenario.parameters import iter_params
from partysim.analysis.runner import run_replication
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
            raise CalibrationError(f"moment {m.name or i}: unknown variable {m.variable!r}; monthly columns are {sorted(monthly.columns)}")
        window = monthly[(monthly["month"] >= a) & (monthly["month"] <= b)][m.variable]
        if m.stat == "last":
            out[i] = float(monthly.loc[monthly["month"] == b, m.variable].iloc[0]) if b in set(monthly["month"]) else np.nan
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
                raise CalibrationError(f"moment {m.name or m.variable}: period {p} is outside {scenario.start} to {scenario.end}")
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
            lines.append(f"| {p} | {self.start[p]:.4g} | {v:.4g} | {lo:g}-{hi:g} | {self.sensitivity[p]:.3g} | {ident} |")
        lines += ["", "| moment | variable | observed | simulated | error |", "|---|---|---|---|---|"]
        for r in self.fit.itertuples():
            lines.append(f"| {r.name} | {r.variable} ({r.stat}) | {r.observed:.4g} | {r.simulated:.4g} | {r.rel_error:+.1%} |")
        if self.flat:
            lines += ["", "The data cannot pin down: " + ", ".join(self.flat) + ". They keep their starting values "
                      "(shown as fitted); treat them as estimates, or add moments that depend on them."]
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
        max_evaluations: Budget of objective evaluations (default: the block's).
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
    reps = replications or cal.replications
    budget = max_evaluations or cal.max_evaluations
    info = {p.path: p for p in iter_params(scenario)}
    for path in cal.parameters:
        if path not in info:
            raise CalibrationError(f"calibration parameter {path!r} is not a parameter of the scenario")
        if not info[path].estimate:
            raise CalibrationError(f"calibration parameter {path!r} is not an estimate; only [est] parameters are fitted")
    names = list(cal.parameters)
    lo = np.array([info[p].lo for p in names], dtype=float)
    hi = np.array([info[p].hi for p in names], dtype=float)
    x0 = np.array([float(info[p].value) for p in names])
    scale = np.where(np.abs(x0) > 0, np.abs(x0), (hi - lo) / 10)
    t0 = time.perf_counter()
    cache: dict[tuple, float] = {}

    def build(x: np.ndarray) -> Scenario:
        return scenario.with_values({p: float(v) for p, v in zip(names, x)})

    def f(z: np.ndarray) -> float:
        x = np.clip(z * scale, lo, hi)
        key = tuple(np.round(x, 12))
        if key not in cache:
            cache[key] = objective(simulate_moments(build(x), cal.moments, reps), cal.moments)
            if on_evaluation is not None:
                on_evaluation(len(cache), cache[key])
        return cache[key]

    z0 = x0 / scale
    j0 = f(z0)
    simplex = [z0] + [z0 * np.where(np.arange(len(z0)) == k, 1.3, 1.0) for k in range(len(z0))]
    bounds = list(zip(lo / scale, hi / scale))
    res = minimize(f, z0, method="Nelder-Mead", bounds=bounds,
                   options={"initial_simplex": np.clip(np.array(simplex), lo / scale, hi / scale), "maxfev": budget, "xatol": 0.01, "fatol": 1e-4})
    x_best = np.clip(res.x * scale, lo, hi)
    j_best = f(res.x)
    if j_best > j0:  # never worse than where we started
        x_best, j_best = x0, j0
    sens = {}
    for k, p in enumerate(names):
        rises = []
        for factor in (0.8, 1.2):
            x = x_best.copy()
            x[k] = np.clip(x[k] * factor if x[k] else (hi[k] - lo[k]) * 0.1, lo[k], hi[k])
            if x[k] != x_best[k]:
                rises.append(f(x / scale) - j_best)
        sens[p] = float(min(rises)) if rises else 0.0
    flat = [p for p in names if sens[p] < flat_tolerance]
    for k, p in enumerate(names):
        if p in flat:
            x_best[k] = x0[k]
    if flat:
        j_best = f(x_best / scale)
    sim = simulate_moments(build(x_best), cal.moments, reps)
    obs = np.array([m.value for m in cal.moments])
    fit = pd.DataFrame({
        "name": [m.name or m.variable for m in cal.moments],
        "variable": [m.variable for m in cal.moments],
        "stat": [m.stat for m in cal.moments],
        "observed": obs,
        "simulated": sim,
        "rel_error": (sim - obs) / np.maximum(np.abs(obs), 1.0),
    })
    return CalibrationResult(
        scenario=scenario.name,
        values={p: float(v) for p, v in zip(names, x_best)},
        start={p: float(v) for p, v in zip(names, x0)},
        bounds={p: (float(a), float(b)) for p, a, b in zip(names, lo, hi)},
        objective=j_best,
        objective_start=j0,
        fit=fit,
        flat=flat,
        sensitivity=sens,
        evaluations=len(cache),
        replications=reps,
        seconds=time.perf_counter() - t0,
        converged=bool(res.success),
        notes=[] if res.success else [f"optimiser stopped: {res.message}"],
    )


def calibrated_document(scenario_path: Path, out_path: Path, scenario: Scenario, result: CalibrationResult) -> dict:
    """YAML content of the calibrated scenario: ``extends`` the original, fitted values set."""
    doc: dict[str, Any] = {
        "extends": os.path.relpath(Path(scenario_path).resolve(), Path(out_path).resolve().parent),
        "name": f"{scenario.name}_calibrated",
        "title": f"{scenario.title or scenario.name} (calibrated)",
    }
    for path, value in result.values.items():
        node = doc
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = round(value, 6)
    return doc


def write_calibration(scenario_path: Path, scenario: Scenario, result: CalibrationResult, out: Path) -> list[Path]:
    """Write ``<name>_calibrated.yaml``, ``<name>_calibration.md`` and ``<name>_calibration.json``
    into ``out``, each atomically."""
    import json

    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{scenario.name}_calibrated.yaml"
    doc = calibrated_document(scenario_path, target, scenario, result)
    header = (f"# Calibrated by `partysim calibrate` ({result.evaluations} evaluations x {result.replications} "
              f"replications, objective {result.objective:.4g}). Fitted values below; the rest is inherited.\n")
    files = {
        target: header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
        out / f"{scenario.name}_calibration.md": result.summary(),
        out / f"{scenario.name}_calibration.json": json.dumps({
            "scenario": result.scenario, "values": result.values, "start": result.start, "objective": result.objective,
            "objective_start": result.objective_start, "flat": result.flat, "sensitivity": result.sensitivity,
            "evaluations": result.evaluations, "replications": result.replications, "seconds": result.seconds,
            "fit": result.fit.to_dict(orient="records"),
        }, ensure_ascii=False, indent=2),
    }
    written = []
    for path, text in files.items():
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        written.append(path)
    return written
