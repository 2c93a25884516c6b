"""Read a batch folder back and compare its points: verdicts, paired differences, funnels.

Every point ran with the same seed and replication numbers, so replication ``r`` of two
points saw the same random draws wherever their rules agree. The difference between a
point and the baseline is therefore computed replication by replication (paired), and
its interval is a t interval over those paired differences: far narrower than comparing
two independent sets of runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from partysim.analysis.verdicts import evaluate, target_values, target_years
from partysim.batch.plan import run_key
from partysim.batch.store import RunStore
from partysim.scenario.schema import Scenario

__all__ = [
    "BatchResults",
    "PointResults",
    "funnel_comparison",
    "load_results",
    "paired_differences",
    "sweep_probabilities",
    "sweep_runs",
    "target_runs",
    "verdict_table",
]

_TOL = 1e-12  # same tolerance as partysim.analysis.verdicts.evaluate


@dataclass
class PointResults:
    """Finished runs of one point.

    Attributes:
        label: Point label (``name``, or ``name@03`` for a sweep point).
        scenario_name: Scenario ``name:``.
        file: Scenario file.
        index: 0 for the scenario as written, 1.. for sweep points.
        sweep: Label of the scenario whose sweep this point belongs to, else ``None``.
        settings: Swept settings of this point ``{path: value}`` (parameter units).
        sha256: Content hash of the point's scenario.
        seed: Root seed.
        planned: Replications planned.
        method: Sweep design (``grid`` or ``lhs``) of a sweep point, else ``None``.
        scenario: The validated scenario (targets, levers).
        annual: Annual tables of the finished replications (column ``replication``).
        funnel: Funnel: mean per replication of people entering / lost at each stage.
    """

    label: str
    scenario_name: str
    file: str
    index: int
    sweep: str | None
    settings: dict[str, float]
    sha256: str
    seed: int
    planned: int
    method: str | None
    scenario: Scenario
    annual: pd.DataFrame
    funnel: pd.DataFrame

    @property
    def replications(self) -> list[int]:
        """Replication numbers finished."""
        return sorted(self.annual["replication"].unique().tolist())


@dataclass
class BatchResults:
    """Every point of a batch folder with at least one finished run, in plan order.

    Attributes:
        root: The batch folder.
        points: The points.
        missing: Labels of planned points without any finished run.
        version: partysim version of the runs.
    """

    root: Path
    points: list[PointResults]
    missing: list[str] = field(default_factory=list)
    version: str = ""

    def point(self, label: str) -> PointResults:
        """The point called ``label`` (or the scenario-as-written of scenario ``label``).

        Raises:
            KeyError: No such point.
        """
        for p in self.points:
            if p.label == label:
                return p
        for p in self.points:
            if p.scenario_name == label and p.index == 0:
                return p
        raise KeyError(label)

    def sweeps(self) -> dict[str, list[PointResults]]:
        """Sweep points by the label of their scenario, in plan order."""
        out: dict[str, list[PointResults]] = {}
        for p in self.points:
            if p.sweep is not None:
                out.setdefault(p.sweep, []).append(p)
        return out

    def base_points(self) -> list[PointResults]:
        """Scenarios as written (not sweep points)."""
        return [p for p in self.points if p.index == 0]

    @property
    def seed(self) -> int:
        """Seed of the runs (the first point's)."""
        return self.points[0].seed if self.points else 0

    @property
    def replications(self) -> int:
        """Largest number of finished replications of a point."""
        return max((len(p.replications) for p in self.points), default=0)


def load_results(root: str | Path) -> BatchResults:
    """Read every finished run of a batch folder, grouped by point.

    Args:
        root: The batch folder written by ``partysim batch``.

    Returns:
        The :class:`BatchResults`.

    Raises:
        FileNotFoundError: The folder has no ``plan.json``.
        BrokenRunError: A run file is damaged (truncated, changed, unreadable); running the
            batch command again computes it again.
    """
    store = RunStore(root)
    plan = store.load_plan()
    if not plan:
        raise FileNotFoundError(f"{root}: no plan.json; is this a folder written by 'partysim batch'?")
    records = store.last_ok()
    points, missing = [], []
    for rec in plan["points"]:
        annuals, funnels = [], []
        for r in range(int(rec["replications"])):
            key = run_key(rec["sha256"], rec["seed"], r, rec["version"])
            if store.is_finished(key):
                run = store.read_run(key, records.get(key))
                annuals.append(run.annual)
                funnels.append(run.funnel)
        if not annuals:
            missing.append(rec["label"])
            continue
        funnel = pd.concat(funnels).groupby("stage", sort=False).mean(numeric_only=True).reset_index()
        points.append(
            PointResults(
                label=rec["label"],
                scenario_name=rec["scenario"],
                file=rec["file"],
                index=int(rec["index"]),
                sweep=rec.get("sweep"),
                settings={p: float(v) for p, v in rec.get("settings", [])},
                sha256=rec["sha256"],
                seed=int(rec["seed"]),
                planned=int(rec["replications"]),
                method=rec.get("method"),
                scenario=store.load_scenario(rec["sha256"]),
                annual=pd.concat(annuals, ignore_index=True),
                funnel=funnel,
            )
        )
    return BatchResults(Path(root), points, missing, str(plan.get("version", "")))


def verdict_table(results: BatchResults) -> pd.DataFrame:
    """Verdict per point, target and year (:func:`partysim.analysis.verdicts.evaluate`).

    Returns:
        Columns ``label, scenario, target, kind, group, year, threshold, probability,
        mean, p10, p50, p90, expected_shortfall, replications`` (target units).
    """
    rows = []
    for p in results.points:
        for v in evaluate(p.scenario, p.annual):
            rows.append(
                {
                    "label": p.label,
                    "scenario": p.scenario_name,
                    "target": v.pop("name"),
                    **v,
                    "replications": len(p.replications),
                }
            )
    return pd.DataFrame(rows)


def target_runs(point: PointResults) -> pd.DataFrame:
    """Each replication's value of each target in each judged year.

    Returns:
        Columns ``replication, target, kind, year, threshold, value, met``.
    """
    frames = []
    annual = point.annual
    for t in point.scenario.targets:
        values = target_values(t, annual)
        for year in target_years(t, annual):
            sel = (annual["year"] == year) & values.notna()
            v = values[sel].to_numpy(float)
            frames.append(
                pd.DataFrame(
                    {
                        "replication": annual.loc[sel, "replication"].to_numpy(),
                        "target": t.name,
                        "kind": t.kind,
                        "year": int(year),
                        "threshold": float(t.threshold),
                        "value": v,
                        "met": v >= t.threshold - _TOL,
                    }
                )
            )
    cols = ["replication", "target", "kind", "year", "threshold", "value", "met"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


def _t_interval(d: np.ndarray, level: float) -> tuple[float, float, float]:
    """Mean and two-sided t interval of paired differences ``d``."""
    n = len(d)
    mean = float(d.mean()) if n else float("nan")
    if n < 2:
        return mean, float("nan"), float("nan")
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * d.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half


def paired_differences(results: BatchResults, baseline: str, level: float = 0.95) -> pd.DataFrame:
    """Difference of every other point from the baseline, paired by replication.

    For each target and year present in both: the mean of ``value(point, r) -
    value(baseline, r)`` over the replications both finished, with its t interval, and
    the difference in the probability of meeting the target (mean of the paired
    differences of the 0/1 "met" indicators) with its interval.

    Args:
        results: The batch.
        baseline: Label of the baseline point (or its scenario name).
        level: Interval coverage (0.95: 95% intervals).

    Returns:
        Columns ``label, target, kind, year, n, base_mean, mean, diff, diff_lo, diff_hi,
        base_probability, probability, dprob, dprob_lo, dprob_hi`` (target units;
        probabilities as fractions).
    """
    base = results.point(baseline)
    b = target_runs(base)
    rows = []
    for p in results.points:
        if p.label == base.label:
            continue
        m = target_runs(p).merge(b, on=["target", "kind", "year", "replication"], suffixes=("", "_base"))
        for (target, kind, year), g in m.groupby(["target", "kind", "year"], sort=False):
            diff, lo, hi = _t_interval(g["value"].to_numpy(float) - g["value_base"].to_numpy(float), level)
            dp, plo, phi = _t_interval(g["met"].to_numpy(float) - g["met_base"].to_numpy(float), level)
            rows.append(
                {
                    "label": p.label,
                    "target": target,
                    "kind": kind,
                    "year": int(year),
                    "n": len(g),
                    "base_mean": float(g["value_base"].mean()),
                    "mean": float(g["value"].mean()),
                    "diff": diff,
                    "diff_lo": lo,
                    "diff_hi": hi,
                    "base_probability": float(g["met_base"].mean()),
                    "probability": float(g["met"].mean()),
                    "dprob": dp,
                    "dprob_lo": plo,
                    "dprob_hi": phi,
                }
            )
    return pd.DataFrame(rows)


def funnel_comparison(results: BatchResults, points: list[PointResults] | None = None) -> pd.DataFrame:
    """The funnel of each point side by side.

    Returns:
        One row per (point, stage): ``label, stage, entered, lost`` (people, mean per
        replication over the whole run) and ``reach`` (entered as a share of those
        identified).
    """
    rows = []
    for p in points if points is not None else results.points:
        f = p.funnel
        loss_cols = [c for c in f.columns if c.startswith("lost_")]
        first = float(f["entered"].iloc[0]) if len(f) else float("nan")
        for _, r in f.iterrows():
            rows.append(
                {
                    "label": p.label,
                    "stage": r["stage"],
                    "entered": float(r["entered"]),
                    "lost": float(r[loss_cols].sum()) if loss_cols else 0.0,
                    "reach": float(r["entered"]) / first if first else float("nan"),
                }
            )
    return pd.DataFrame(rows)


def sweep_runs(points: list[PointResults]) -> pd.DataFrame:
    """Per run, target and year: the swept settings, the target value and whether it was met.

    Returns:
        Columns ``label, <swept paths...>, replication, target, kind, year, threshold,
        value, met``.
    """
    frames = []
    for p in points:
        t = target_runs(p)
        t.insert(0, "label", p.label)
        for i, (path, v) in enumerate(p.settings.items(), start=1):
            t.insert(i, path, v)
        frames.append(t)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def sweep_probabilities(points: list[PointResults]) -> pd.DataFrame:
    """Per sweep point, target and year: settings, probability met and mean value.

    Returns:
        Columns ``label, <swept paths...>, target, kind, year, threshold, probability,
        mean, n``.
    """
    runs = sweep_runs(points)
    if runs.empty:
        return runs
    levers = list(points[0].settings)
    keys = ["label", *levers, "target", "kind", "year", "threshold"]
    g = runs.groupby(keys, sort=False)
    out = g.agg(probability=("met", "mean"), mean=("value", "mean"), n=("value", "size")).reset_index()
    return out
