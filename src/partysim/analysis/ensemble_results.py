"""Verdicts over parameter uncertainty: the results of an ensemble, in the manner of a
statistics package.

An ensemble runs K parameter sets (drawn from the priors of the estimates) x R
replications each (:func:`partysim.analysis.ensemble.run_ensemble`). Its verdicts
integrate over both: P(met) is the weighted share of all runs that meet the target, the
percentiles and the expected shortfall are those of all runs together. Two figures say
how much of that comes from what we do not know rather than from chance:

- ``prob_lo``, ``prob_hi``: the 10th and 90th percentiles across parameter sets of each
  set's own P(met), an 80% interval of the probability itself;
- ``parameter_share``: the share of the variance of the target's value due to the
  parameters (law of total variance, :meth:`EnsembleResults.decompose`).

::

    ens = run_ensemble(scenario, draw(priors(scenario), 40, seed=1), replications=4)
    print(ens.summary())
    ens.prob_met("3% rule", 2024), ens.prob_met_interval("3% rule", 2024)
    ens.decompose("admissions", 2024).parameter_share
    print(ens.what_matters("3% rule", 2024).sentence("vi"))
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from partysim.analysis.verdicts import VERDICT_COLUMNS, target_values, target_years
from partysim.analysis.weighted import VarianceSplit, normalized_weights, split_variance, weighted_quantile
from partysim.analysis.what_matters import WhatMatters, explain
from partysim.scenario.targets import Target

__all__ = ["ENSEMBLE_VERDICT_COLUMNS", "EnsembleResults", "RunValues"]

ENSEMBLE_VERDICT_COLUMNS = (*VERDICT_COLUMNS, "prob_lo", "prob_hi", "parameter_share")
"""Columns of :attr:`EnsembleResults.verdicts`: those of a plain run, then the 80%
interval of P(met) across parameter sets and the parameters' share of the variance."""


@dataclass(frozen=True)
class RunValues:
    """A figure's value in every run of one year, as arrays (runs with no value dropped).

    Attributes:
        set: Each run's parameter set (0..K-1).
        replication: Each run's replication.
        value: The figure (the target's unit, or the annual column's).
        weight: Each run's weight: a set's runs add up to the set's weight, all to 1.
    """

    set: np.ndarray
    replication: np.ndarray
    value: np.ndarray
    weight: np.ndarray

    def per_set(self, x: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The sets with a run (ascending), their number of runs, their weight (the sum of
        their runs' weights) and the sum of ``x`` over their runs (``x`` None: of ``value``)."""
        k = self.set.astype(np.int64, copy=False)
        n = np.bincount(k)
        present = np.flatnonzero(n)
        w = np.bincount(k, weights=self.weight)[present]
        total = np.bincount(k, weights=self.value if x is None else x)[present]
        return present, n[present], w, total


@dataclass
class EnsembleResults:
    """All runs of an ensemble and the verdicts over parameter uncertainty.

    Attributes:
        scenario_name: The scenario's ``name``.
        scenario_sha256: Content hash of the base scenario (before parameter sets).
        seed: Seed of the random streams (the same for every set: common random numbers).
        replications: Replications per parameter set (R).
        preview: True when run on the preview's weighted sample.
        parameters: One row per set (index ``set``, 0..K-1), one column per parameter path.
        weights: Weight of each set (length K, sums to 1).
        annual: The annual table of every run, with columns ``set`` and ``replication``
            first (counts at full-territory scale).
        targets: The scenario's targets.
        descriptions: ``{path: {"en": ..., "vi": ...}}`` for the varied parameters.
        verdicts: One row per (target, year), columns :data:`ENSEMBLE_VERDICT_COLUMNS`.
    """

    scenario_name: str
    scenario_sha256: str
    seed: int
    replications: int
    preview: bool
    parameters: pd.DataFrame
    weights: np.ndarray
    annual: pd.DataFrame
    targets: list[Target]
    descriptions: dict[str, dict[str, str]] = field(default_factory=dict)
    verdicts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(ENSEMBLE_VERDICT_COLUMNS)))
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.weights = normalized_weights(np.asarray(self.weights, float), len(self.parameters))
        self.verdicts = self._judge()

    # -- looking things up ---------------------------------------------------------
    @property
    def sets(self) -> int:
        """Number of parameter sets (K)."""
        return len(self.parameters)

    def target(self, name: str) -> Target:
        """The target called ``name`` (its Vietnamese or English name).

        Raises:
            KeyError: No such target.
        """
        for t in self.targets:
            if name_matches(t, name):
                return t
        raise KeyError(f"no target named {name!r}; targets: {[str(t.name) for t in self.targets]}")

    def years_of(self, variable: str) -> list[int]:
        """Years a target is judged in, or the full simulated years for an annual column."""
        memo = self._memo_of()
        if ("years", variable) not in memo:
            if any(name_matches(t, variable) for t in self.targets):
                years = target_years(self.target(variable), self.annual)
            else:
                years = [int(y) for y in sorted(self.annual.loc[self.annual["months"] == 12, "year"].unique())]
            memo[("years", variable)] = years
        return list(memo[("years", variable)])

    def year_of(self, variable: str, year: int | None) -> int:
        """``year`` checked against :meth:`years_of`; ``None`` gives the only year.

        Raises:
            KeyError: The year is not judged.
            ValueError: ``year`` omitted when there are several.
        """
        years = self.years_of(variable)
        if year is None:
            if len(years) != 1:
                raise ValueError(f"{variable!r} is judged in {years}: give year=")
            return years[0]
        if int(year) not in years:
            raise KeyError(f"{variable!r} is not judged in {year}; years: {years}")
        return int(year)

    def values(self, variable: str, year: int | None = None) -> pd.DataFrame:
        """The value of a target or annual column in every run of a year.

        Args:
            variable: A target's name (its measured quantity) or an annual column
                (``admissions``, ``net_growth``, ``members_end``...).
            year: The year; ``None`` when only one is judged.

        Returns:
            Columns ``set, replication, value, weight`` (runs with no value dropped; the
            weights of a set's runs add up to the set's weight, all to 1).
        """
        r = self.runs(variable, year)
        columns = {"set": r.set, "replication": r.replication, "value": r.value, "weight": r.weight}
        return pd.DataFrame({c: a.copy() for c, a in columns.items()})

    def runs(self, variable: str, year: int | None = None) -> RunValues:
        """:meth:`values` as arrays (:class:`RunValues`), kept for the next call."""
        return self._runs(variable, self.year_of(variable, year))

    def _memo_of(self) -> dict:
        """The arrays kept from the annual table (emptied when ``annual`` or ``weights`` is
        replaced)."""
        if self._memo.get("annual") is not self.annual or self._memo.get("weights") is not self.weights:
            self._memo.clear()
            self._memo["annual"], self._memo["weights"] = self.annual, self.weights
            self._memo["keys"] = tuple(self.annual[c].to_numpy() for c in ("set", "replication", "year"))
        return self._memo

    def _column(self, variable: str) -> np.ndarray:
        """A target's quantity or an annual column over every row of the annual table."""
        memo = self._memo_of()
        if ("column", variable) not in memo:
            if any(name_matches(t, variable) for t in self.targets):
                v = target_values(self.target(variable), self.annual)
            elif variable in self.annual.columns and variable not in ("set", "replication", "year"):
                v = self.annual[variable].astype(float)
            else:
                raise KeyError(f"{variable!r} is neither a target nor a column of the annual table")
            memo[("column", variable)] = v.to_numpy()
        return memo[("column", variable)]

    def _runs(self, variable: str, year: int) -> RunValues:
        memo = self._memo_of()
        if ("runs", variable, year) not in memo:
            v = self._column(variable)
            sets, reps, years = memo["keys"]
            keep = (years == year) & ~pd.isna(v)
            s = sets[keep]
            counts = np.bincount(s.astype(np.int64, copy=False))[s]
            w = self.weights[s] / counts
            arrays = (s, reps[keep], v[keep], w / w.sum())
            for a in arrays:
                a.flags.writeable = False  # kept for the next call: nobody changes them
            memo[("runs", variable, year)] = RunValues(*arrays)
        return memo[("runs", variable, year)]

    # -- verdicts ------------------------------------------------------------------
    def _verdict(self, t: Target, year: int) -> dict | None:
        r = self._runs(str(t.name), year)
        if len(r.value) == 0:
            return None
        v, w = r.value, r.weight
        met = v >= t.threshold - 1e-12
        _, n, wk, hits = r.per_set(met.astype(float))
        lo, hi = weighted_quantile(hits / n, wk, [0.1, 0.9])
        p10, p50, p90 = weighted_quantile(v, w, [0.1, 0.5, 0.9])
        split = self._split(r, str(t.name), year)
        return {
            "name": t.name,
            "kind": t.kind,
            "group": t.group,
            "year": year,
            "threshold": t.threshold,
            "probability": float(np.sum(w * met)),
            "mean": float(np.sum(w * v)),
            "p10": float(p10),
            "p50": float(p50),
            "p90": float(p90),
            "expected_shortfall": float(np.sum(w * np.maximum(t.threshold - v, 0.0))),
            "prob_lo": float(lo),
            "prob_hi": float(hi),
            "parameter_share": split.parameter_share if self.replications >= 2 else float("nan"),
        }

    def _judge(self) -> pd.DataFrame:
        rows = []
        for t in self.targets:
            for year in target_years(t, self.annual):
                row = self._verdict(t, year)
                if row is not None:
                    rows.append(row)
        return pd.DataFrame(rows, columns=list(ENSEMBLE_VERDICT_COLUMNS))

    def _row(self, target: str, year: int | None) -> pd.Series:
        t = self.target(target)
        rows = self.verdicts[self.verdicts["name"] == str(t.name)]
        if year is None:
            if len(rows) != 1:
                raise ValueError(f"target {target!r} is judged in {sorted(rows['year'])}: give year=")
            return rows.iloc[0]
        hit = rows[rows["year"] == int(year)]
        if hit.empty:
            raise KeyError(f"target {target!r} is not judged in {year}; judged years: {sorted(rows['year'])}")
        return hit.iloc[0]

    def prob_met(self, target: str, year: int | None = None) -> float:
        """P(``target`` met in ``year``) over parameter sets (weighted) and replications.

        Raises:
            KeyError: No such target, or the year was not judged.
            ValueError: ``year`` omitted for a target judged in several years.
        """
        return float(self._row(target, year)["probability"])

    def prob_met_interval(self, target: str, year: int | None = None) -> tuple[float, float]:
        """80% interval of P(met) across parameter sets: (10th, 90th percentile)."""
        row = self._row(target, year)
        return float(row["prob_lo"]), float(row["prob_hi"])

    def per_set(self, target: str, year: int | None = None) -> pd.DataFrame:
        """Each parameter set's P(met) and mean value: columns ``set, weight,
        probability, mean`` and one column per parameter."""
        t = self.target(target)
        r = self.runs(target, year)
        present, n, w, total = r.per_set()
        hits = r.per_set((r.value >= t.threshold - 1e-12).astype(float))[3]
        out = pd.DataFrame(
            {"weight": w, "probability": hits / n, "mean": total / n}, index=pd.Index(present, name="set")
        )
        return out.join(self.parameters).reset_index()

    # -- where the uncertainty comes from -------------------------------------------
    def _split(self, r: RunValues, variable: str, year: int) -> VarianceSplit:
        return split_variance(r.value, r.set, self.weights, variable, year)

    def decompose(self, variable: str, year: int | None = None) -> VarianceSplit:
        """Split the variance of a figure: parameters (``Var_k[E_r]``) vs chance (``E_k[Var_r]``).

        With common random numbers a parameter that does not act leaves every run
        unchanged, so its share is exactly 0; the replications' noise does not leak into
        the parameters' share the way it would with independent seeds.

        Args:
            variable: A target's name or an annual column (``admissions``...).
            year: The year; ``None`` when only one is judged.

        Raises:
            ValueError: Fewer than 2 replications per set (chance cannot be measured).
        """
        if self.replications < 2:
            raise ValueError("the split needs at least 2 replications per parameter set")
        year = self.year_of(variable, year)
        return self._split(self._runs(variable, year), variable, year)

    def what_matters(self, target: str, year: int | None = None) -> WhatMatters:
        """Which assumption weighs most on ``target``, and a plain-words rule for meeting it.

        See :func:`partysim.analysis.what_matters.explain`.
        """
        t = self.target(target)
        year = self.year_of(target, year)
        df = self.values(target, year)
        x = self.parameters.loc[df["set"].to_numpy()].reset_index(drop=True)
        return explain(
            str(t.name),
            year,
            t.threshold,
            x,
            df["value"].to_numpy(),
            df["weight"].to_numpy(),
            df["set"].to_numpy(),
            self.descriptions,
        )

    # -- tables and text -------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """The verdict table (a copy): one row per target and year."""
        return self.verdicts.copy()

    def table(self) -> pd.DataFrame:
        """Every run: ``set, replication, year``, the parameters, then the annual figures."""
        params = self.parameters.reset_index()
        out = self.annual.merge(params, on="set", how="left")
        first = ["set", "replication", "year", *self.parameters.columns]
        return out[first + [c for c in out.columns if c not in first]]

    def summary(self) -> str:
        """A plain-text summary: the design, then one line per target and year."""
        head = (
            f"partysim ensemble: {self.scenario_name} (sha256 {self.scenario_sha256[:12]}), seed {self.seed}, "
            f"{self.sets} parameter sets x {self.replications} replications"
            f"{' (preview)' if self.preview else ''}; varied: {', '.join(self.parameters.columns)}"
        )
        if self.verdicts.empty:
            return head + "\n(no targets)"
        cols = [
            "name",
            "year",
            "threshold",
            "probability",
            "prob_lo",
            "prob_hi",
            "mean",
            "p10",
            "p90",
            "expected_shortfall",
            "parameter_share",
        ]
        text = self.verdicts[cols].to_string(index=False, float_format=lambda v: f"{v:,.4g}")
        return f"{head}\n{text}"

    def __repr__(self) -> str:
        return (
            f"<EnsembleResults {self.scenario_name}: {self.sets} sets x {self.replications} replications, "
            f"{len(self.verdicts)} verdicts>"
        )


def name_matches(target: Target, name: str) -> bool:
    """True when ``name`` is the target's Vietnamese or English name."""
    return name in (str(target.name), getattr(target.name, "en", str(target.name)))
