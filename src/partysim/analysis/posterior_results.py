"""The result of a calibration with uncertainty, in the manner of a statistics package.

A :class:`Posterior` holds the weighted parameter sets a calibration found
(:func:`partysim.analysis.posterior.fit_posterior`) and says what they mean::

    post = fit_posterior(scenario)
    print(post.summary())          # Markdown: fitted figures, then parameters, prior vs posterior
    post.to_frame()                # one row per set: weight, implausibility, parameter values
    post.parameter_table()         # per parameter: prior and posterior p10/p50/p90, pinned or not
    post.predictive_table()        # per figure: posterior predictive p10-p90 vs the published value
    post.ensemble().prob_met("3% rule", 2024)   # verdicts over the posterior (the same runs)

A parameter whose weighted posterior p10-p90 spread is at least :data:`NOT_PINNED` of its
prior's is reported as "not pinned by the data: keeps its prior".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partysim.analysis.ensemble_results import EnsembleResults
from partysim.analysis.priors import Prior
from partysim.analysis.weighted import weighted_quantile
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import Scenario
from partysim.scenario.targets import Target

if TYPE_CHECKING:
    from partysim.analysis.posterior import Runs, Weighing

__all__ = ["NOT_PINNED", "Posterior"]

NOT_PINNED = 0.8
"""Posterior p10-p90 spread, as a share of the prior's, from which a parameter counts as
not pinned by the data."""

KEEPS_PRIOR = "not pinned by the data: keeps its prior"


@dataclass
class Posterior:
    """Weighted parameter sets from a calibration, with the runs behind them.

    Attributes:
        scenario_name: The scenario's ``name``.
        scenario_sha256: Content hash of the calibrated scenario.
        priors: The prior of each varied parameter.
        sets: One row per simulated set (index ``set``), one column per parameter path.
        weights: Weight of each set (sums to 1; 0 for sets ruled out).
        moments: One row per fitted figure: ``name, variable, stat, start, end, observed``.
        runs: Array (K, R, M): the moments of every run (figure's unit).
        implausibility: Largest implausibility of each set.
        variance: Array (K, M): the likelihood's variance per set and figure.
        replication_ratio: Per figure, replication variance per unit of the mean.
        annual: Annual table of every run (``set`` and ``replication`` first).
        targets: The scenario's targets.
        settings: Seed, replications, preview, observation error, discrepancy, cut-off,
            rounds, minimums, seconds.
        descriptions: ``{path: {"en": ..., "vi": ...}}`` of the varied parameters.
    """

    scenario_name: str
    scenario_sha256: str
    priors: list[Prior]
    sets: pd.DataFrame
    weights: np.ndarray
    moments: pd.DataFrame
    runs: np.ndarray
    implausibility: np.ndarray
    variance: np.ndarray
    replication_ratio: np.ndarray
    annual: pd.DataFrame
    targets: list[Target]
    settings: dict[str, Any]
    descriptions: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        scenario: Scenario,
        prior_list: list[Prior],
        runs: Runs,
        weighing: Weighing,
        observed: np.ndarray,
        settings: dict[str, Any],
    ) -> Posterior:
        """The posterior of simulated ``runs`` weighed by ``weighing``."""
        assert scenario.calibration is not None
        ms = scenario.calibration.moments
        moments = pd.DataFrame(
            {
                "name": [m.name or m.variable for m in ms],
                "variable": [m.variable for m in ms],
                "stat": [m.stat for m in ms],
                "start": [m.start for m in ms],
                "end": [m.end for m in ms],
                "observed": np.asarray(observed, float),
            }
        )
        paths = set(runs.sets.columns)
        return cls(
            scenario_name=scenario.name,
            scenario_sha256=scenario.sha256(),
            priors=list(prior_list),
            sets=runs.sets,
            weights=weighing.weights,
            moments=moments,
            runs=runs.moments,
            implausibility=weighing.implausibility,
            variance=weighing.variance,
            replication_ratio=weighing.replication_ratio,
            annual=runs.annual,
            targets=list(scenario.targets),
            settings=dict(settings),
            descriptions={p.path: {"en": p.en, "vi": p.vi} for p in iter_params(scenario) if p.path in paths},
        )

    # -- figures --------------------------------------------------------------------
    @property
    def ess(self) -> float:
        """Effective sample size of the weights (Kish: ``1 / sum w^2``; 0 if none)."""
        return float(1.0 / np.sum(self.weights**2)) if self.weights.sum() > 0 else 0.0

    @property
    def positive(self) -> int:
        """Sets with positive weight (not ruled out)."""
        return int(np.sum(self.weights > 0))

    @property
    def enough(self) -> bool:
        """True when the minimum sets and effective sample size were reached."""
        return self.positive >= self.settings["min_sets"] and self.ess >= self.settings["min_ess"]

    def parameter_table(self) -> pd.DataFrame:
        """Per parameter: its prior (range, mode, p10/p50/p90) and posterior (weighted
        p10/p50/p90), the ratio of the p10-p90 spreads, and in words whether the data pin it."""
        rows = []
        for p in self.priors:
            x = self.sets[p.path].to_numpy()
            q = weighted_quantile(x, self.weights, [0.1, 0.5, 0.9])
            pq = np.asarray(p.ppf(np.array([0.1, 0.5, 0.9])), float)
            prior_spread = pq[2] - pq[0]
            ratio = float((q[2] - q[0]) / prior_spread) if prior_spread > 0 else float("nan")
            pinned = bool(ratio < NOT_PINNED)
            words = f"narrowed to {ratio:.0%} of its prior spread" if pinned else KEEPS_PRIOR
            rows.append(
                {
                    "parameter": p.path,
                    "unit": p.unit,
                    "lo": p.lo,
                    "mode": p.mode,
                    "hi": p.hi,
                    "prior_p10": pq[0],
                    "prior_p50": pq[1],
                    "prior_p90": pq[2],
                    "posterior_p10": q[0],
                    "posterior_p50": q[1],
                    "posterior_p90": q[2],
                    "spread_ratio": ratio,
                    "pinned": pinned,
                    "words": words,
                }
            )
        return pd.DataFrame(rows)

    def not_pinned(self) -> list[str]:
        """Parameters the data leave at their prior (spread ratio >= :data:`NOT_PINNED`)."""
        t = self.parameter_table()
        return list(t.loc[~t["pinned"], "parameter"])

    def predictive_table(self) -> pd.DataFrame:
        """Per fitted figure: the published value against the posterior predictive
        distribution of the simulated runs (sets x replications, weighted): mean,
        p10/p50/p90, whether p10-p90 holds the published value, and the standard
        deviations of the likelihood's three parts at the posterior (figure's unit)."""
        r = self.runs.shape[1]
        w_run = np.repeat(self.weights / r, r)
        rows = []
        for i, mom in enumerate(self.moments.itertuples(index=False)):
            v = self.runs[:, :, i].reshape(-1)
            ok = np.isfinite(v) & (w_run > 0)
            p10, p50, p90 = weighted_quantile(v[ok], w_run[ok], [0.1, 0.5, 0.9])
            size = max(abs(float(self.moments["observed"].iloc[i])), 1.0)
            mean_k = np.nanmean(self.runs[:, :, i], axis=1)
            rep = float(np.sum(self.weights * self.replication_ratio[i] * np.maximum(np.abs(mean_k), 1.0)))
            rows.append(
                {
                    "name": mom.name,
                    "variable": mom.variable,
                    "stat": mom.stat,
                    "start": mom.start,
                    "end": mom.end,
                    "observed": mom.observed,
                    "mean": float(np.sum(v[ok] * w_run[ok]) / np.sum(w_run[ok])),
                    "p10": float(p10),
                    "p50": float(p50),
                    "p90": float(p90),
                    "inside": bool(p10 <= mom.observed <= p90),
                    "sd_observation": self.settings["obs_error"] * size,
                    "sd_discrepancy": self.settings["discrepancy"] * size,
                    "sd_replication": float(np.sqrt(max(rep, 0.0))),
                }
            )
        return pd.DataFrame(rows)

    def to_frame(self) -> pd.DataFrame:
        """One row per set: ``set, weight, implausibility``, then the parameter values."""
        out = self.sets.copy()
        out.insert(0, "implausibility", self.implausibility)
        out.insert(0, "weight", self.weights)
        return out.reset_index()

    def ensemble(self) -> EnsembleResults:
        """Verdicts over the posterior from the calibration's own runs (sets with weight only)."""
        keep = np.flatnonzero(self.weights > 0)
        renumber = {int(old): new for new, old in enumerate(keep)}
        annual = self.annual[self.annual["set"].isin(keep)].copy()
        annual["set"] = annual["set"].map(renumber)
        sets = self.sets.iloc[keep].reset_index(drop=True)
        sets.index.name = "set"
        return EnsembleResults(
            scenario_name=self.scenario_name,
            scenario_sha256=self.scenario_sha256,
            seed=int(self.settings["seed"]),
            replications=int(self.runs.shape[1]),
            preview=bool(self.settings["preview"]),
            parameters=sets,
            weights=self.weights[keep],
            annual=annual.reset_index(drop=True),
            targets=self.targets,
            descriptions=self.descriptions,
        )

    # -- text -----------------------------------------------------------------------
    def notes(self) -> list[str]:
        """Warnings in plain words (too few sets, figures outside their interval)."""
        out = []
        s = self.settings
        if not self.enough:
            out.append(
                f"Only {self.positive} sets fit the figures (effective sample size {self.ess:.0f}) after "
                f"{len(self.sets)} simulated: below the {s['min_sets']} sets and {s['min_ess']:.0f} wanted. "
                "The figures may be out of the model's reach, or the error allowed too small."
            )
        for row in self.predictive_table().itertuples():
            if not row.inside:
                out.append(
                    f"{row.name}: the published {row.observed:,.4g} lies outside the posterior's 80% interval "
                    f"({row.p10:,.4g}-{row.p90:,.4g}); the observation error and discrepancy allowed cover the gap."
                )
        return out

    def waves_text(self) -> str:
        """Where the sets came from, in words."""
        s, k = self.settings, len(self.sets)
        first = s.get("wave1", k)
        text = f"{first} drawn from the priors (scrambled Sobol sequence, seed {s['seed']})"
        if k > first and s.get("region_share") is not None:
            text += (
                f", then {k - first} in {s['rounds'] - 1} wave(s) from the {s['region_share']:.1%} of "
                f"{s['candidates']:,} candidates a Gaussian-process emulator found non-implausible (weights "
                "corrected for it)"
            )
        elif k > first:
            text += f", then {k - first} more from the priors in {s['rounds'] - 1} round(s)"
        return text

    def summary(self) -> str:
        """The report in Markdown: design, fitted figures, parameters, notes."""
        s = self.settings
        k, r, _ = self.runs.shape
        lines = [
            f"# Calibration with uncertainty: {self.scenario_name}",
            "",
            f"{k} parameter sets x {r} replications{' on the preview' if s['preview'] else ''} with common "
            f"random numbers, {s['seconds']:.0f} s: {self.waves_text()}. Weights: Gaussian likelihood of the figures with "
            f"observation error {s['obs_error']:.0%} and model discrepancy {s['discrepancy']:.0%} of each "
            f"figure (SD) plus the measured replication noise; sets with implausibility >= {s['cutoff']:g} "
            f"ruled out. {self.positive} sets keep weight; effective sample size {self.ess:.0f}.",
            "",
            "## Fitted figures",
            "",
            "| figure | published | posterior predictive p10-p90 | median | inside |",
            "|---|---|---|---|---|",
        ]
        for row in self.predictive_table().itertuples():
            lines.append(
                f"| {row.name} ({row.variable}, {row.stat}, {row.start} to {row.end}) | {row.observed:,.4g} | "
                f"{row.p10:,.4g}-{row.p90:,.4g} | {row.p50:,.4g} | {'yes' if row.inside else 'no'} |"
            )
        lines += [
            "",
            "## Parameters",
            "",
            "| parameter | prior range (mode) | prior p10-p90 | posterior p10 / p50 / p90 | spread | in words |",
            "|---|---|---|---|---|---|",
        ]
        for p in self.parameter_table().itertuples():
            lines.append(
                f"| {p.parameter} | {p.lo:.4g}-{p.hi:.4g} ({p.mode:.4g}) | {p.prior_p10:.4g}-{p.prior_p90:.4g} | "
                f"{p.posterior_p10:.4g} / {p.posterior_p50:.4g} / {p.posterior_p90:.4g} | "
                f"{p.spread_ratio:.0%} | {p.words} |"
            )
        notes = self.notes()
        if notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict[str, Any]:
        """Everything but the runs, JSON-friendly (NaN as None)."""
        return plain(
            {
                "scenario": self.scenario_name,
                "scenario_sha256": self.scenario_sha256,
                "method": "importance sampling from the priors within the non-implausible region",
                "sets": len(self.sets),
                "replications": int(self.runs.shape[1]),
                "positive": self.positive,
                "ess": self.ess,
                "enough": self.enough,
                "settings": self.settings,
                "priors": [
                    {"path": p.path, "distribution": "triangular", "lo": p.lo, "mode": p.mode, "hi": p.hi}
                    for p in self.priors
                ],
                "figures": self.predictive_table().to_dict("records"),
                "parameters": self.parameter_table().to_dict("records"),
                "not_pinned": self.not_pinned(),
                "notes": self.notes(),
            }
        )

    def __repr__(self) -> str:
        return (
            f"<Posterior {self.scenario_name}: {len(self.sets)} sets, {self.positive} with weight, ESS {self.ess:.0f}>"
        )


def plain(value: Any) -> Any:
    """JSON-friendly: numpy scalars to Python, NaN to None, containers converted."""
    if isinstance(value, np.generic | np.ndarray):
        value = value.tolist()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
