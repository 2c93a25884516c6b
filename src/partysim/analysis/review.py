"""The quarterly review: re-forecast the year from the admissions so far, name the units
at risk of missing their quota, and say what would close the gap this year.

The directives ask every quota to be reviewed each quarter. :func:`review` takes a
scenario, the actuals of one quarter (:mod:`partysim.scenario.sheets.actuals`) and
answers, per unit template and for the territory: the year's admissions (mean and 80%
interval), the probability of meeting the quota, whether the unit is at risk, and, for a
few candidate lever changes from next month on, how much each would raise that
probability (paired, common random numbers).

**How the simulation is conditioned on today (and its limits).** The scenario is run
from its start, as usual, to the end of the as-of month, and on to December
(:mod:`partysim.analysis.review_runs`); people keep their slot, so the people standing at
each pipeline stage at the as-of month are followed to December. For a unit template with
actuals, replication ``r``'s year is::

    year[r] = actual admissions so far
              + simulated admissions after the as-of month
              - those of them made by people standing at a stage the sheet counts
              + for each such stage, how many of the sheet's people there are admitted

where each of the sheet's people at stage ``s`` is admitted by December with the chance a
simulated person at ``s`` had (the share of them admitted, over all replications), drawn
with the same random numbers for every candidate action. So a unit whose registers show half the simulated
people in vetting gets about half the admissions that the simulated vetting brings, while
admissions from people who enter the pipeline later stay as simulated. The stages are
those of :data:`SCALED_STAGES`, from the class on: a source-list count is read but not
used, since the model's source list holds only the people waiting for a class seat while
a register lists every *quần chúng ưu tú* (the two do not count the same people).

Limits: the sheet's people are taken to be like the simulated ones at their stage (how
long they have waited, their papers, their cell); people admitted after the as-of month
and gone before December count with the rest; without pipeline counts the rest of the
year does not depend on how far behind the unit is, so a unit behind because its
pipeline is thin is judged too kindly (give the pipeline counts to correct this). Units
without actuals keep their plain simulated year. The replications' spread holds the
randomness of the rest of the year; with ``uncertainty`` (the verdicts'
:class:`~partysim.analysis.honest.ParameterUncertainty`: the file's calibration posterior,
else the priors of the estimates) each replication also runs under one parameter set,
the sets shared out among the replications by weight (systematic resampling), so the
intervals and probabilities hold what is not known of the parameters as well, at the
same number of runs.

**The statistical check.** Each unit's actuals also go through the statistical nowcast
(:func:`partysim.nowcast.nowcast`, share method with its default within-year profile, an
assumption), which knows nothing of the model: where the two disagree on whether a unit
is at risk, the brief says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis.honest import ParameterUncertainty
from partysim.analysis.review_results import ACTION_COLUMNS, UNIT_COLUMNS, Review, paired_rows, unit_rows
from partysim.analysis.review_runs import STAGE_CODES, Action, ReviewRuns, as_of_month, run_review_replications
from partysim.analysis.shared_sets import share_sets
from partysim.forecasting.nowcast import nowcast
from partysim.model.lever_plan import LeverPlan, lever_names
from partysim.scenario.bilingual import text_in
from partysim.scenario.schema import Scenario
from partysim.scenario.sheets.actuals import Actuals

__all__ = ["AT_RISK", "Action", "Review", "condition", "default_actions", "parse_action", "review"]

AT_RISK = 0.8
"""A unit is *at risk* when its probability of meeting the year's quota is below this."""

SCALED_STAGES = ("class", "certified", "vetting", "vote")
"""Pipeline stages whose counts set the factor (see the module): not the source list."""

TOTAL = "*"
"""The ``unit`` of the territory's row in the tables."""


def condition(
    runs: ReviewRuns, admissions: np.ndarray, pipeline: np.ndarray, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The year's admissions per replication, plan and unit template, given the actuals.

    Args:
        runs: The simulation.
        admissions: Actual admissions so far per template, NaN where not given, ``(U,)``.
        pipeline: Actual people per template and stage, NaN where not given, ``(U, S)``.
        seed: Seed of the draws of which actual people are admitted.

    Returns:
        ``(year, factor)``: the year's admissions ``(R, 1 + actions, U)``, and per template
        the conditioned rest of the year over the simulated one (means over replications
        of the unchanged plan; 1 without pipeline counts).
    """
    given = ~np.isnan(pipeline) & np.isin(list(STAGE_CODES), SCALED_STAGES)[None]
    prob = _admission_probability(runs)
    drawn = np.zeros_like(runs.after)
    for u, k in np.argwhere(given):
        for r in range(runs.after.shape[0]):
            draws = np.random.default_rng([seed, r, u, k]).random(int(pipeline[u, k]))
            drawn[r, :, u] += (draws[None, :] < prob[:, u, k, None]).sum(axis=1)
    rest = runs.after - (runs.from_stage * given).sum(axis=-1) + drawn
    known = ~np.isnan(admissions)
    conditioned = np.nan_to_num(admissions)[None, None] + rest
    plain = runs.before[:, None] + runs.after
    factor = (rest[:, 0].mean(axis=0) + 1e-12) / (runs.after[:, 0].mean(axis=0) + 1e-12)
    return np.where(known[None, None], conditioned, plain), np.where(given.any(axis=1), factor, 1.0)


def _admission_probability(runs: ReviewRuns) -> np.ndarray:
    """Chance that a person at each stage at the as-of month is admitted by December,
    ``(1 + actions, U, S)``: the share of the simulated people at that stage admitted, over
    all replications (0 where none had anyone there). Pooled, not per replication: a
    replication's own share carries the binomial noise of its few people, which the draws
    of the sheet's people would then add a second time."""
    return runs.from_stage.sum(axis=0) / np.maximum(runs.pipeline.sum(axis=0), 1)[None]


def default_actions(scenario: Scenario, as_of: str) -> list[Action]:
    """Candidate changes from the month after ``as_of``: one and two more awareness classes
    before December, faster vetting, cells accountable for a quota and mass organisations
    identifying candidates (each lever set to its highest level, where not there already)."""
    _, month, t = as_of_month(scenario, as_of)
    plan = LeverPlan(scenario)
    rest = 12 - month
    classes = plan.at("classes_per_year", t + 1)
    out = [
        Action("one_more_class", {"classes_per_year": classes + 12 / rest}),
        Action("two_more_classes", {"classes_per_year": classes + 24 / rest}),
    ]
    for lever in ("faster_vetting", "quota_accountability", "mass_org_engagement"):
        if plan.at(lever, t + 1) < 1:
            out.append(Action(lever, {lever: 1.0}))
    return out


def parse_action(text: str) -> Action:
    """An action from ``LEVER=VALUE[,LEVER=VALUE...]`` (the value from next month on).

    Raises:
        ValueError: Not that form, an unknown lever or a value that is not a number.
    """
    changes = {}
    known = set(lever_names())
    for part in text.split(","):
        lever, eq, value = part.partition("=")
        if not eq or lever.strip() not in known:
            raise ValueError(f"LEVER=VALUE with a lever of {sorted(known)}; got {text!r}")
        try:
            changes[lever.strip()] = float(value)
        except ValueError:
            raise ValueError(f"a number after '{lever.strip()}='; got {value!r}") from None
    return Action(text.strip(), changes)


def _actual_arrays(scenario: Scenario, actuals: Actuals) -> tuple[np.ndarray, np.ndarray]:
    names = [tpl.name for tpl in scenario.territory.units]
    adm = np.full(len(names), np.nan)
    pipe = np.full((len(names), len(STAGE_CODES)), np.nan)
    for i, name in enumerate(names):
        row = actuals.units.get(name)
        if row is None:
            continue
        adm[i] = row.admissions
        for k, stage in enumerate(STAGE_CODES):
            if stage in row.pipeline:
                pipe[i, k] = row.pipeline[stage]
    return adm, pipe


@dataclass(frozen=True)
class _Nowcaster:
    """The statistical nowcast of a year's total from the admissions so far."""

    year: int
    month: int
    seed: int

    def columns(self, observed: float, quota: float, risk_level: float) -> dict:
        if np.isnan(observed):
            return dict.fromkeys(("nowcast_mean", "nowcast_p10", "nowcast_p90", "nowcast_probability"), np.nan) | {
                "nowcast_at_risk": None
            }
        quarterly = self.month % 3 == 0
        res = nowcast(
            float(observed),
            elapsed=self.month // 3 if quarterly else self.month,
            periods_per_year=4 if quarterly else 12,
            year=self.year,
            seed=self.seed,
        )
        lo, hi = res.interval(80)
        prob = float(res.prob_at_least(quota))
        return {
            "nowcast_mean": res.mean,
            "nowcast_p10": float(lo),
            "nowcast_p90": float(hi),
            "nowcast_probability": prob,
            "nowcast_at_risk": bool(prob < risk_level),
        }


def _unit_table(
    scenario: Scenario, runs: ReviewRuns, actuals: Actuals, year: np.ndarray, factor: np.ndarray, risk_level: float
) -> pd.DataFrame:
    adm, _ = _actual_arrays(scenario, actuals)
    now = _Nowcaster(runs.year, runs.as_of[1], scenario.seed)
    rows = []
    for i, tpl in enumerate(scenario.territory.units):
        quota = runs.quota[:, 0, i]
        if quota.mean() <= 0:
            continue
        row = unit_rows(tpl.name, quota, year[:, 0, i], risk_level)
        row |= {"actual": adm[i], "simulated_so_far": float(runs.before[:, i].mean())}
        row |= {"pipeline_factor": float(factor[i])}
        rows.append(row | now.columns(adm[i], row["quota"], risk_level))
    quota = runs.quota[:, 0].sum(axis=1)
    total = unit_rows(TOTAL, quota, year[:, 0].sum(axis=1), risk_level)
    total |= {"actual": float(np.nansum(adm)) if not np.isnan(adm).all() else np.nan}
    total |= {"simulated_so_far": float(runs.before.sum(axis=1).mean()), "pipeline_factor": np.nan}
    complete = not np.isnan(adm).any()
    rows.append(total | now.columns(total["actual"] if complete else np.nan, total["quota"], risk_level))
    return pd.DataFrame(rows, columns=list(UNIT_COLUMNS))


def _action_table(scenario: Scenario, runs: ReviewRuns, year: np.ndarray, units: pd.DataFrame) -> pd.DataFrame:
    names = [tpl.name for tpl in scenario.territory.units]
    judged = [u for u in units.loc[units["at_risk"], "unit"] if u != TOTAL] + [TOTAL]
    rows = []
    for a, action in enumerate(runs.actions, start=1):
        for unit in judged:
            if unit == TOTAL:
                base, changed = year[:, 0].sum(axis=1), year[:, a].sum(axis=1)
                quotas = (runs.quota[:, 0].sum(axis=1), runs.quota[:, a].sum(axis=1))
            else:
                i = names.index(unit)
                base, changed, quotas = year[:, 0, i], year[:, a, i], (runs.quota[:, 0, i], runs.quota[:, a, i])
            rows.append(paired_rows(action.key, unit, quotas, base, changed))
    return pd.DataFrame(rows, columns=list(ACTION_COLUMNS))


def review(
    scenario: Scenario,
    actuals: Actuals,
    as_of: str,
    replications: int = 40,
    seed: int | None = None,
    actions: list[Action] | None = None,
    risk_level: float = AT_RISK,
    uncertainty: ParameterUncertainty | None = None,
    *,
    on_replication: Callable[[int], None] | None = None,
) -> Review:
    """Review the year as of ``as_of`` given the ``actuals`` (see the module for the method).

    Args:
        scenario: The validated scenario.
        actuals: Admissions so far (and pipeline counts) per unit template.
        as_of: ``YYYY-Qn`` or ``YYYY-MM``: the last month the actuals cover.
        replications: Replications (each runs the year once plus once per action).
        seed: Seed (default: the scenario's).
        actions: Candidate lever changes (default :func:`default_actions`; ``[]``: none).
        risk_level: At risk below this probability of meeting the quota.
        uncertainty: Parameter sets to sample with the replications (None or inactive:
            the scenario's values only).
        on_replication: Called with the number of replications done after each one.

    Raises:
        ValueError: A bad ``as_of``, or more parameter sets than replications.
        ScenarioError: An action's lever value outside the lever's range.
    """
    actions = default_actions(scenario, as_of) if actions is None else list(actions)
    for action in actions:
        scenario.with_values({f"levers.{k}": v for k, v in action.changes.items()})
    seed = scenario.seed if seed is None else int(seed)
    shared = share_sets(scenario, uncertainty, replications, seed)
    scenarios = None if shared is None else shared.per_replication(scenario)
    sets, source = (0, "") if shared is None else (shared.distinct, shared.source)
    runs = run_review_replications(scenario, as_of, replications, seed, actions, scenarios, on_replication)
    year, factor = condition(runs, *_actual_arrays(scenario, actuals), seed=seed)
    units = _unit_table(scenario, runs, actuals, year, factor, risk_level)
    return Review(
        scenario_name=scenario.name,
        title={lang: text_in(scenario.title, lang) or scenario.name for lang in ("vi", "en")},
        scenario_sha256=scenario.sha256(),
        as_of=as_of.strip().upper(),
        year=runs.year,
        seed=seed,
        replications=replications,
        sets=sets,
        parameter_source=source,
        risk_level=risk_level,
        units=units,
        actions=_action_table(scenario, runs, year, units),
        action_changes={a.key: dict(a.changes) for a in actions},
        reported=(len(actuals.units), len(scenario.territory.units)),
        pipeline_given=any(set(u.pipeline) & set(SCALED_STAGES) for u in actuals.units.values()),
    )
