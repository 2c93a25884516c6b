"""Held-out checks: predict each published figure a scenario was not tuned to, with an
80% interval, and say whether the published figure lies inside.

The figures are declared in the scenario's ``validation.holdout``
(:class:`~partysim.scenario.validation.HeldOut`). Each run (replication, or parameter set
and replication of an ensemble, with its weight) gives one predicted value; the interval
is their weighted 10th-90th percentile. With plain replications it holds replication
noise only (too narrow); with an ensemble over parameter sets it holds what we do not
know about the parameters too::

    res = partysim.run(scenario)
    checks = check_holdout(scenario, res.annual, res.monthly, res.by_node)
    print(checks.summary())
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis.weighted import normalized_weights, weighted_mean, weighted_quantile
from partysim.scenario.periods import parse_period
from partysim.scenario.schema import Scenario
from partysim.scenario.validation import HeldOut

__all__ = ["HOLDOUT_COLUMNS", "HoldoutError", "HoldoutResults", "check_holdout", "predicted_values"]

HOLDOUT_COLUMNS = ("name", "source", "mean", "p10", "p50", "p90", "published_low", "published_high", "inside")
"""Columns of :attr:`HoldoutResults.table`."""

RUN_KEYS = ("set", "replication")
"""Columns that identify one run in the tables (``set`` only in an ensemble's tables)."""


class HoldoutError(ValueError):
    """A held-out figure names a column or node the results do not have (one line)."""


def _keys(df: pd.DataFrame) -> list[str]:
    return [k for k in RUN_KEYS if k in df.columns]


def _table(figure: HeldOut, annual: pd.DataFrame, monthly: pd.DataFrame | None, by_node: pd.DataFrame | None):
    """The table the figure is read from, its time column and the figure's window in it."""
    if figure.node is not None:
        if by_node is None or figure.node not in set(by_node["node"]):
            raise HoldoutError(f"held-out figure {figure.name!r}: no node {figure.node!r} in the results")
        t = by_node[by_node["node"] == figure.node]
    elif figure.by_month:
        if monthly is None:
            raise HoldoutError(f"held-out figure {figure.name!r}: monthly results are needed")
        t = monthly.assign(_ym=monthly["year"] * 12 + monthly["moy"] - 1)
        (y0, m0), (y1, m1) = parse_period(figure.start), parse_period(figure.end)
        return t, "_ym", y0 * 12 + m0 - 1, y1 * 12 + m1 - 1
    else:
        t = annual
    return t, "year", parse_period(figure.start)[0], parse_period(figure.end)[0]


def _stat(figure: HeldOut, t: pd.DataFrame, time: str, lo: int, hi: int, column: str) -> pd.Series:
    if column not in t.columns:
        raise HoldoutError(f"held-out figure {figure.name!r}: no column {column!r} in the results")
    window = t[(t[time] >= lo) & (t[time] <= hi)]
    if window.empty:
        raise HoldoutError(f"held-out figure {figure.name!r}: the results do not cover {figure.start}-{figure.end}")
    g = window.groupby(_keys(window))
    if figure.stat == "last":
        return g.apply(lambda d: d.loc[d[time].idxmax(), column], include_groups=False)
    total = g[column].sum()
    return total / g[time].nunique() if figure.stat == "annual_mean" else total


def predicted_values(
    figure: HeldOut, annual: pd.DataFrame, monthly: pd.DataFrame | None = None, by_node: pd.DataFrame | None = None
) -> pd.Series:
    """The figure as predicted by each run (indexed by replication, or set and replication)."""
    t, time, lo, hi = _table(figure, annual, monthly, by_node)
    value = _stat(figure, t, time, lo, hi, figure.variable).astype(float)
    if figure.of is not None:
        den = _stat(figure, t, time, lo, hi, figure.of).astype(float)
        value = (value / den.where(den > 0)).fillna(0.0)
    return value


@dataclass(frozen=True)
class HoldoutResults:
    """The held-out checks of one scenario.

    Attributes:
        scenario_name: The scenario's ``name``.
        runs: Runs each prediction pools (replications, or sets x replications).
        parameter_uncertainty: Whether the runs span parameter sets (an ensemble).
        table: One row per figure: :data:`HOLDOUT_COLUMNS`.
    """

    scenario_name: str
    runs: int
    parameter_uncertainty: bool
    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy)."""
        return self.table.copy()

    @property
    def inside(self) -> int:
        """How many published figures lie inside their 80% interval."""
        return int(self.table["inside"].sum())

    def summary(self) -> str:
        """Plain text: one line per figure with its interval and verdict."""
        kind = "parameters and replications" if self.parameter_uncertainty else "replications only"
        lines = [f"held-out checks: {self.scenario_name} ({self.runs} runs; intervals over {kind})"]
        for _, r in self.table.iterrows():
            pub = _published_text(r["published_low"], r["published_high"])
            verdict = "inside" if r["inside"] else "OUTSIDE"
            lines.append(
                f"  {r['name']}: predicted {r['mean']:.4g} (80%: {r['p10']:.4g}-{r['p90']:.4g}); "
                f"published {pub}: {verdict}"
            )
        lines.append(f"  {self.inside} of {len(self.table)} inside")
        return "\n".join(lines)


def _published_text(lo: float, hi: float) -> str:
    if lo == hi:
        return f"{lo:.4g}"
    if np.isinf(hi):
        return f"at least {lo:.4g}"
    if np.isinf(lo):
        return f"at most {hi:.4g}"
    return f"{lo:.4g}-{hi:.4g}"


def check_holdout(
    scenario: Scenario,
    annual: pd.DataFrame,
    monthly: pd.DataFrame | None = None,
    by_node: pd.DataFrame | None = None,
    weights: pd.Series | None = None,
    figures: Sequence[HeldOut] | None = None,
) -> HoldoutResults:
    """Predict every held-out figure of ``scenario`` from the runs' tables.

    Args:
        scenario: Declares the figures (``validation.holdout``) unless ``figures`` is given.
        annual: Annual table of the runs (``replication``, and ``set`` for an ensemble).
        monthly: Monthly table (figures given by month).
        by_node: By-node table (figures of a node).
        weights: Weight of each parameter set (indexed by ``set``), for an ensemble.
        figures: The figures to check (default: the scenario's).

    Returns:
        :class:`HoldoutResults`. A figure is inside when its published value, or range,
        meets the predicted 80% interval.
    """
    rows = []
    runs = 0
    for f in scenario.validation.holdout if figures is None else figures:
        values = predicted_values(f, annual, monthly, by_node)
        w = _run_weights(values, weights)
        runs = len(values)
        x = values.to_numpy(dtype=float)
        p10, p50, p90 = weighted_quantile(x, w, [0.1, 0.5, 0.9])
        lo, hi = f.published
        rows.append(
            {
                "name": f.name,
                "source": f.source,
                "mean": weighted_mean(x, w),
                "p10": float(p10),
                "p50": float(p50),
                "p90": float(p90),
                "published_low": lo,
                "published_high": hi,
                "inside": bool(lo <= p90 and hi >= p10),
            }
        )
    table = pd.DataFrame(rows, columns=list(HOLDOUT_COLUMNS))
    return HoldoutResults(scenario.name, runs, "set" in annual.columns, table)


def _run_weights(values: pd.Series, weights: pd.Series | None) -> np.ndarray:
    """Each run's weight: its parameter set's weight shared among the set's replications."""
    if weights is None or "set" not in (values.index.names or []):
        return normalized_weights(None, len(values))
    sets = values.index.get_level_values("set")
    per_set = pd.Series(sets).map(weights).to_numpy(dtype=float)
    counts = pd.Series(sets).map(pd.Series(sets).value_counts()).to_numpy(dtype=float)
    return normalized_weights(per_set / counts, len(values))


def holdout_over_sets(
    scenario: Scenario,
    sets: pd.DataFrame,
    replications: int,
    seed: int,
    weights: np.ndarray | None = None,
    figures: Sequence[HeldOut] | None = None,
    people_budget: int | None = None,
) -> HoldoutResults:
    """Predict the held-out figures over parameter sets as well as chance: every set runs
    at full scale (or on the preview's weighted sample) for ``replications`` replications with common random numbers
    (:func:`partysim.analysis.ensemble.collect_runs`), and the interval is the weighted
    one over all runs (a posterior predictive interval when the sets are a calibration's).

    Args:
        scenario: The scenario (declares the figures).
        sets: One row per parameter set, one column per dotted path.
        replications: Replications per set.
        seed: Seed (the same for every set).
        weights: Weight of each set (default equal).
        figures: The figures to check (default: the scenario's).
        people_budget: Simulated people per replication of a preview
            (:mod:`partysim.analysis.preview`; its figures at full-territory scale);
            ``None``: every set at full scale.
    """
    from partysim.analysis.ensemble import collect_runs

    runs = collect_runs(scenario, sets, replications, seed, people_budget)
    w = np.full(len(sets), 1.0 / len(sets)) if weights is None else np.asarray(weights, float) / np.sum(weights)
    return check_holdout(
        scenario,
        runs.annual,
        runs.monthly,
        runs.by_node,
        weights=pd.Series(w, index=pd.RangeIndex(len(sets), name="set")),
        figures=figures,
    )
