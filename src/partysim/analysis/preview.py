"""Preview mode: the same engine on a weighted sample of the territory.

A scenario's units are ``count`` identical copies of each unit template, so a sample
keeps every template but fewer copies of it (at least one). The absolute per-year levers
(``classes_per_year``, ``remedial_per_year``, ``new_party_orgs_per_year``) shrink by the
same fraction, so capacity per simulated person is unchanged. The results are then scaled
back: every count in the annual, monthly and funnel tables is multiplied by the weight
(full / sampled inhabitants; members per unit are adjusted to the same ratio); rates and shares are left as they are, and the targets are
judged again on the scaled table with :func:`partysim.analysis.verdicts.evaluate`.

Nothing else changes: same engine, same ``review_months``, same random streams. A preview
is noisier than a full run (fewer people per replication) and slightly biased where a
small template has to be kept at one copy; :func:`plan_sample` picks the fraction that
keeps the composition of people and members closest to the full territory.

Example::

    sc = partysim.load_scenario("scenarios/ninh_binh_2023.yaml")
    res = run_preview(sc)  # about 40,000 simulated people per replication
    res.targets[0]["probability"]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis import runner
from partysim.analysis.results import Results
from partysim.model.columns import is_scaled
from partysim.model.engine import Engine
from partysim.model.spinup import StartSnapshot, policy_free, start_snapshot
from partysim.scenario.levers import Levers
from partysim.scenario.periods import parse_period
from partysim.scenario.schema import Scenario

__all__ = [
    "ABSOLUTE_LEVERS",
    "PREVIEW_PEOPLE",
    "PREVIEW_REPLICATIONS",
    "SamplePlan",
    "plan_sample",
    "run_preview",
    "sample_scenario",
    "sample_start",
    "scale_results",
    "territory_people",
]

PREVIEW_PEOPLE = 40_000
"""Default people budget of a preview: simulated people (inhabitants + members) per
replication at the start."""

PREVIEW_REPLICATIONS = 2
"""Default replications of a preview. Each costs roughly 0.15-0.2 s plus 3-4 µs per
simulated person over 36 months on one core (``benchmarks/bench_preview.py``)."""

ABSOLUTE_LEVERS = ("classes_per_year", "remedial_per_year", "new_party_orgs_per_year")
"""Levers that are absolute numbers per year for the whole territory (scaled in a sample)."""


@dataclass(frozen=True)
class SamplePlan:
    """How a scenario is sampled for a preview.

    Attributes:
        fraction: Nominal fraction passed to :func:`sample_scenario` (0 < fraction <= 1).
        weight: Full / sampled inhabitants (>= 1); counts are multiplied by it.
        people: Simulated people per replication at the start (inhabitants + members).
        full_people: People of the full territory at the start (inhabitants + members).
        counts: Units kept of each template, in template order.
        distortion: L1 distance between the sample's and the full territory's shares of
            people and of members across templates (0 = same composition; at most 4).
    """

    fraction: float
    weight: float
    people: int
    full_people: int
    counts: tuple[int, ...]
    distortion: float


def territory_people(scenario: Scenario) -> int:
    """Inhabitants plus members of the territory at the start (people)."""
    return int(sum(u.count * (u.people + u.members) for u in scenario.territory.units))


def _counts(scenario: Scenario, fraction: float) -> list[int]:
    """Units kept per template: ``round(count * fraction)``, at least one."""
    return [max(1, min(u.count, int(round(u.count * fraction)))) for u in scenario.territory.units]


def _distortion(scenario: Scenario, counts: list[int]) -> float:
    """L1 distance of people shares plus L1 distance of member shares across templates."""
    units = scenario.territory.units
    full = np.array([u.count for u in units], dtype=float)
    kept = np.asarray(counts, dtype=float)
    total = 0.0
    for size in (np.array([u.people for u in units], float), np.array([u.members for u in units], float)):
        a, b = full * size, kept * size
        if a.sum() > 0:
            total += float(np.abs(a / a.sum() - b / b.sum()).sum())
    return total


def _weight(scenario: Scenario, counts: list[int]) -> tuple[float, int, int]:
    """(weight, sampled people, full people) for the given counts.

    The weight is the ratio of inhabitants (of members, if there are no inhabitants);
    members are then raked to the same ratio by :func:`_raked_members`.
    """
    units = scenario.territory.units
    full = territory_people(scenario)
    kept = int(sum(c * (u.people + u.members) for c, u in zip(counts, units)))
    for attr in ("people", "members"):
        a = sum(u.count * getattr(u, attr) for u in units)
        b = sum(c * getattr(u, attr) for c, u in zip(counts, units))
        if a > 0 and b > 0:
            return a / b, kept, full
    return 1.0, kept, full


def _raked_members(scenario: Scenario, counts: list[int], weight: float) -> list[int]:
    """Members per unit of each template, adjusted (by at most a few percent) so that the
    sample's members times ``weight`` equal the full territory's members.

    Without this, keeping one copy of a small template shifts the ratio of members to
    inhabitants and biases every member stock by about 1%.
    """
    units = scenario.territory.units
    full = sum(u.count * u.members for u in units)
    kept = sum(c * u.members for c, u in zip(counts, units))
    if full == 0 or kept == 0:
        return [u.members for u in units]
    r = full / weight / kept
    return [int(round(u.members * r)) for u in units]


def plan_sample(scenario: Scenario, people_budget: int = PREVIEW_PEOPLE) -> SamplePlan:
    """Pick the sampling fraction for a people budget.

    The nominal fraction is ``people_budget / full people``; fractions within 0.8-1.25
    times it are tried and the one whose sample has the composition (shares of people
    and members by template) closest to the full territory is kept. A territory within
    the budget is not sampled (fraction 1, weight 1).

    Args:
        scenario: The scenario to preview.
        people_budget: Simulated people per replication wanted (people, > 0).

    Returns:
        The :class:`SamplePlan`.
    """
    if people_budget <= 0:
        raise ValueError(f"people_budget must be positive, got {people_budget}")
    full = territory_people(scenario)
    if full <= people_budget * 1.25:
        counts = [u.count for u in scenario.territory.units]
        return SamplePlan(1.0, 1.0, full, full, tuple(counts), 0.0)
    f0 = people_budget / full
    best: tuple[float, float, list[int]] | None = None
    for f in f0 * np.geomspace(0.8, 1.25, 41):
        counts = _counts(scenario, float(f))
        d = _distortion(scenario, counts)
        # Ties (same counts): prefer the one closest to the budget.
        key = d + 1e-6 * abs(math.log(max(_weight(scenario, counts)[1], 1) / people_budget))
        if best is None or key < best[0] - 1e-12:
            best = (key, float(f), counts)
    assert best is not None
    _, f, counts = best
    weight, kept, full = _weight(scenario, counts)
    return SamplePlan(f, weight, kept, full, tuple(counts), _distortion(scenario, counts))


def _scale_lever(value: float | dict[str, float], factor: float) -> float | dict[str, float]:
    """Multiply a lever value or every value of a schedule by ``factor``."""
    if isinstance(value, dict):
        return {k: float(v) * factor for k, v in value.items()}
    return float(value) * factor


def _steps(value: float | dict[str, float]) -> list[tuple[tuple[int, int], str | None, float]]:
    """A lever as sorted ``((year, month), period, value)`` steps (one step if constant)."""
    if isinstance(value, dict):
        return sorted((parse_period(k), k, float(v)) for k, v in value.items())
    return [((0, 0), None, float(value))]


def _at(steps: list[tuple[tuple[int, int], str | None, float]], ym: tuple[int, int]) -> float:
    """Value of a step function at period ``ym`` (the first value before the first step)."""
    out = steps[0][2]
    for start, _, v in steps:
        if start <= ym:
            out = v
    return out


def _class_capacity(classes: float, seats: float, factor: float, seats_lo: float) -> tuple[float, float]:
    """Classes per year and seats per class giving ``classes * seats * factor`` seats a year.

    Scaling only the number of classes would leave a sample with a class every few months
    (the engine holds whole classes), so the first months of a run would have no class
    at all. Instead, the sample keeps at least one class a month (or the full number of
    classes, if smaller) and shrinks the seats; seats are kept whole when they can be.
    """
    capacity = classes * seats * factor
    if capacity <= 0:
        return classes * factor, seats
    n = min(classes, max(classes * factor, 12.0))
    per_class = capacity / n
    if per_class >= seats_lo:
        whole = math.floor(per_class)
        if whole >= seats_lo:
            per_class = float(whole)
    else:
        per_class = float(seats_lo)
    return capacity / per_class, per_class


def _scale_classes(levers: dict, factor: float, seats_lo: float) -> None:
    """Shrink class capacity (classes x seats, schedules merged) by ``factor`` in place."""
    c_steps, s_steps = _steps(levers["classes_per_year"]), _steps(levers["seats_per_class"])
    if len(c_steps) == 1 and len(s_steps) == 1:
        levers["classes_per_year"], levers["seats_per_class"] = _class_capacity(
            c_steps[0][2], s_steps[0][2], factor, seats_lo
        )
        return
    periods = sorted({(ym, p) for ym, p, _ in c_steps + s_steps if p is not None})
    classes, seats = {}, {}
    for ym, p in periods:
        classes[p], seats[p] = _class_capacity(_at(c_steps, ym), _at(s_steps, ym), factor, seats_lo)
    levers["classes_per_year"], levers["seats_per_class"] = classes, seats


def sample_scenario(scenario: Scenario, fraction: float) -> tuple[Scenario, float]:
    """A smaller copy of ``scenario`` with about ``fraction`` of its units.

    Each unit template keeps ``round(count * fraction)`` units (at least one). The weight
    is the ratio of inhabitants, full / sample; members per unit are adjusted by the
    small factor that makes members scale by the same weight. The absolute per-year
    levers (:data:`ABSOLUTE_LEVERS`, every value of a schedule) are multiplied by the
    achieved fraction (1 / weight). Awareness-class capacity (classes x seats) shrinks by
    the same fraction, but as fewer seats per class where needed so that the sample still
    holds a class every month (whole classes every few months would starve the first
    months of a run: -13% admissions in year one on Ninh Bình). Everything else is
    unchanged (``review_months`` included).

    Args:
        scenario: The full scenario (not modified).
        fraction: Wanted fraction of units, 0 < fraction <= 1.

    Returns:
        ``(sample, weight)``: the validated sample scenario and the weight (full / sampled
        inhabitants, >= 1) to scale its counts back with :func:`scale_results`. Run it
        with ``start=`` :func:`sample_start` (the engine's own spin-up of a sample is wrong).

    Raises:
        ValueError: If ``fraction`` is not in (0, 1].
    """
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    counts = _counts(scenario, fraction)
    weight, _, _ = _weight(scenario, counts)
    if weight == 1.0:
        return scenario.model_copy(deep=True), 1.0
    values: dict[str, object] = {}
    for i, (c, m) in enumerate(zip(counts, _raked_members(scenario, counts, weight))):
        values[f"territory.units[{i}].count"] = c
        values[f"territory.units[{i}].members"] = m
    levers = scenario.levers.model_dump()
    for name in ABSOLUTE_LEVERS:
        if name != "classes_per_year":
            levers[name] = _scale_lever(levers[name], 1.0 / weight)
    seats_lo = float(Levers.model_fields["seats_per_class"].json_schema_extra["lo"])  # type: ignore[index]
    _scale_classes(levers, 1.0 / weight, seats_lo)
    for name in (*ABSOLUTE_LEVERS, "seats_per_class"):
        values[f"levers.{name}"] = levers[name]
    return scenario.with_values(values), weight


def sample_start(scenario: Scenario, fraction: float, seed: int) -> StartSnapshot | None:
    """The starting pipeline of the sample of ``scenario``: the spin-up of the sample of
    the policy-free scenario (computed once per process, see
    :func:`~partysim.model.spinup.start_snapshot`).

    Always pass it to the runs of a sample. Left to the engine, the sample's spin-up would
    undo *every* lever change (:func:`~partysim.model.spinup.policy_free`), the sample's own
    scaling of :data:`ABSOLUTE_LEVERS` and seats included, and fill a small territory's
    pipeline under the whole territory's class and remedial capacity: about twice the
    starting pipeline beyond the source list, whose people all went to class (Ninh Bình:
    first-year admissions +16% at the scenario's values, x6.5 under a prior draw; with a
    51-month dossier start the surplus of certified people inflated later years too).

    Args:
        scenario: The full scenario with the run's values (a parameter set, a policy);
            its policy changes are undone before sampling, as the full run undoes them.
        fraction: The sampling fraction (as for :func:`sample_scenario`).
        seed: Seed of the run.

    Returns:
        The spin-up's pipeline, or None when the scenario needs no spin-up.
    """
    base, _ = sample_scenario(policy_free(scenario), fraction)
    return start_snapshot(base, int(seed), Engine, as_given=True)


def _scale_table(df: pd.DataFrame, weight: float) -> pd.DataFrame:
    """Multiply the count and stock columns of ``df`` by ``weight`` (rates, shares and keys
    unchanged; see :mod:`partysim.model.columns`)."""
    out = df.copy()
    for col in out.columns:
        if is_scaled(col):
            out[col] = out[col].astype(float) * weight
    return out


def scale_results(results: Results, weight: float, scenario: Scenario) -> Results:
    """Results of a sample, turned back to full-territory scale.

    Counts and stocks in every table (``annual``, ``monthly``, ``funnel``, ``by_node``) are
    multiplied by ``weight``; rates
    (``admission_rate``) and shares (``go_quota_met_share``) are unchanged, and the
    targets of ``scenario`` are judged again on the scaled annual table.

    Args:
        results: Results of the sample scenario.
        weight: From :func:`sample_scenario` (full / sampled inhabitants).
        scenario: The full scenario (its targets, name and content hash are used).

    Returns:
        New :class:`~partysim.analysis.results.Results` (``results`` is not modified).
    """
    return Results.judged(
        scenario,
        results.seed,
        results.replications,
        monthly=_scale_table(results.monthly, weight),
        annual=_scale_table(results.annual, weight),
        funnel=_scale_table(results.funnel, weight),
        by_node=None if results.by_node is None else _scale_table(results.by_node, weight),
    )


def run_preview(
    scenario: Scenario,
    people_budget: int = PREVIEW_PEOPLE,
    replications: int = PREVIEW_REPLICATIONS,
    seed: int | None = None,
    on_replication: Callable[[int], None] | None = None,
) -> Results:
    """Run a preview: sample, run, scale back, judge.

    Args:
        scenario: The full scenario.
        people_budget: Simulated people per replication (see :func:`plan_sample`).
        replications: Replications of the sample.
        seed: Seed (default ``scenario.seed``); the same seed gives common random
            numbers across lever settings.
        on_replication: Called with each finished replication's number.

    Returns:
        Full-scale :class:`~partysim.analysis.results.Results` with targets judged.
    """
    plan = plan_sample(scenario, people_budget)
    sample, weight = sample_scenario(scenario, plan.fraction)
    # the spin-up of the sample without the policy changes: every policy shares it
    start = sample_start(scenario, plan.fraction, scenario.seed if seed is None else int(seed))
    res = runner.run(
        sample, replications=replications, seed=seed, progress=False, on_replication=on_replication, start=start
    )
    return scale_results(res, weight, scenario)
