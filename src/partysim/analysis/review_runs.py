"""The simulation behind the quarterly review: each replication run to the as-of month,
then on to the year's end once unchanged and once per candidate action.

Every replication is run from the scenario's start to the end of the as-of month. The
engine is then copied once per candidate action; each copy has its levers changed from the
next month on (:meth:`partysim.model.lever_plan.LeverPlan.change_from`) and all copies are
run to December. Up to the as-of month the runs are the same run, and after it every
unrelated draw is shared (common random numbers), so the differences between actions are
paired.

What is kept per replication, per unit template: admissions from 1 January to the as-of
month, admissions after it to December (unchanged and per action), the people at each
pipeline stage at the end of the as-of month and how many of them were admitted by
December (people keep their slot, so they are followed), and the year's quota (grassroots quotas of
the organisations with a party organisation at the year's end).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from partysim.model import people as P
from partysim.model.drivers import replication_drivers
from partysim.model.engine import Engine
from partysim.scenario.schema import Scenario
from partysim.scenario.sheets.errors import say

__all__ = ["STAGE_CODES", "Action", "ReviewRuns", "as_of_month", "run_review_replications"]

STAGE_CODES: dict[str, tuple[int, ...]] = {
    "source": (P.SOURCE,),
    "class": (P.CLASS,),
    "certified": (P.CERTIFIED,),
    "vetting": (P.VETTING,),
    "vote": (P.VOTE, P.APPROVAL),
}
"""Actuals pipeline column -> the engine's stages it counts."""


@dataclass(frozen=True)
class Action:
    """A candidate change of levers from the month after the as-of month to the year's end.

    Attributes:
        key: A short identifier (``one_more_class``, or the ``LEVER=VALUE`` text).
        changes: Lever -> its value from the next month on.
    """

    key: str
    changes: dict[str, float]


@dataclass
class ReviewRuns:
    """Simulated quantities per replication (axis 0) and unit template (last axis).

    Attributes:
        year: The year under review.
        as_of: (year, month) of the last month with actuals.
        before: Admissions 1 January to the as-of month, ``(R, U)``.
        after: Admissions after the as-of month to December, ``(R, 1 + actions, U)``;
            index 0 is the unchanged plan.
        pipeline: People at each stage of :data:`STAGE_CODES` at the as-of month, ``(R, U, S)``.
        from_stage: Of the admissions in ``after``, those of people standing at each stage
            at the as-of month, ``(R, 1 + actions, U, S)`` (people admitted and then gone
            before December are not counted here).
        quota: The year's quota, ``(R, 1 + actions, U)``.
        actions: The candidate actions, in the order of ``after``'s axis 1 (from 1).
    """

    year: int
    as_of: tuple[int, int]
    before: np.ndarray
    after: np.ndarray
    pipeline: np.ndarray
    from_stage: np.ndarray
    quota: np.ndarray
    actions: list[Action]


def as_of_month(scenario: Scenario, as_of: str) -> tuple[int, int, int]:
    """``(year, month, month index)`` of the last month of ``as_of``.

    Args:
        scenario: The scenario (its start and end).
        as_of: ``YYYY-Qn`` (quarter) or ``YYYY-MM`` (month).

    Raises:
        ValueError: Not such a period; the period is a December (the year is over) or
            the year is not inside the scenario's run.
    """
    text = as_of.strip().upper()
    try:
        y, rest = text.split("-")
        year = int(y)
        month = int(rest[1:]) * 3 if rest.startswith("Q") else int(rest)
        if not (rest.startswith("Q") and 1 <= int(rest[1:]) <= 4) and not (1 <= month <= 12 and rest.isdigit()):
            raise ValueError
    except ValueError:
        raise ValueError(
            say(
                f"a quarter YYYY-Qn or a month YYYY-MM, e.g. 2025-Q2; got {as_of!r}",
                f"một quý YYYY-Qn hoặc một tháng YYYY-MM, ví dụ 2025-Q2; nhận được {as_of!r}",
            )
        ) from None
    if month == 12:
        raise ValueError(
            say(
                f"a quarter or month before the year's end (the year {year} is over); got {as_of!r}",
                f"một quý hoặc tháng trước cuối năm (năm {year} đã hết); nhận được {as_of!r}",
            )
        )
    t = scenario.month_of(f"{year}-{month:02d}")
    first = scenario.month_of(f"{year}-01")
    if first < 0 or scenario.month_of(f"{year}-12") >= scenario.months:
        raise ValueError(
            say(
                f"a period in a year the scenario runs in full ({scenario.start} to {scenario.end}); got {as_of!r}",
                f"một kỳ trong năm mà kịch bản mô phỏng trọn năm ({scenario.start} đến {scenario.end}); "
                f"nhận được {as_of!r}",
            )
        )
    return year, month, t


def _by_template(eng: Engine, per_go: np.ndarray) -> np.ndarray:
    u = eng.units
    per_unit = np.bincount(u.go_unit, weights=per_go, minlength=u.n)
    return np.bincount(u.template, weights=per_unit, minlength=len(eng.scenario.territory.units))


@dataclass(frozen=True)
class _Standing:
    """Who stands at a pipeline stage at the as-of month: slots, their template and stage
    (index into :data:`STAGE_CODES`), and the month."""

    slots: np.ndarray
    template: np.ndarray
    stage: np.ndarray
    t: int
    n_templates: int

    @classmethod
    def of(cls, eng: Engine) -> _Standing:
        p = eng.people
        pipe = eng.pipeline_idx()
        key = np.full(len(pipe), -1)
        for k, codes in enumerate(STAGE_CODES.values()):
            key[np.isin(p.stage[pipe], codes)] = k
        keep = key >= 0
        slots = pipe[keep]
        tpl = eng.units.template[p.unit[slots]]
        return cls(slots, tpl, key[keep], eng.t, len(eng.scenario.territory.units))

    def counts(self, admitted: np.ndarray | None = None) -> np.ndarray:
        """People per (template, stage), or of them those ``admitted``."""
        n = self.n_templates * len(STAGE_CODES)
        cell = self.template * len(STAGE_CODES) + self.stage
        w = None if admitted is None else admitted.astype(np.float64)
        return np.bincount(cell, weights=w, minlength=n).reshape(self.n_templates, len(STAGE_CODES))

    def admitted(self, eng: Engine) -> np.ndarray:
        """Of them, admissions after the as-of month, by (template, stage): on probation now,
        their probation begun after the as-of month."""
        p = eng.people
        return self.counts((p.stage[self.slots] == P.PROBATION) & (p.since[self.slots] > self.t))


def _finish(eng: Engine, months: int, standing: _Standing) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run ``eng`` to December; admissions since the as-of month and quota by template,
    and those admissions of people standing at each stage then, by (template, stage)."""
    so_far = eng.counters.go_admissions.copy()
    eng.run(months)
    _, adm, with_party = eng.go_years[-1]
    quota = _by_template(eng, eng.units.go_quota * with_party)
    return _by_template(eng, adm - so_far), quota, standing.admitted(eng)


def run_review_replications(
    scenario: Scenario,
    as_of: str,
    replications: int,
    seed: int | None = None,
    actions: list[Action] | None = None,
    scenarios: Sequence[Scenario] | None = None,
    on_replication: Callable[[int], None] | None = None,
) -> ReviewRuns:
    """Run ``replications`` replications for a review as of ``as_of`` (see the module).

    Args:
        scenario: The scenario as given.
        as_of: ``YYYY-Qn`` or ``YYYY-MM``.
        replications: Replications (R).
        seed: Seed (default: the scenario's).
        actions: Candidate actions, each run as a twin of every replication from the
            as-of month on.
        scenarios: The scenario each replication runs under (R of them: ``scenario`` with
            one parameter set's values, so the replications sample the parameters too);
            default ``scenario`` for all.
        on_replication: Called with the number of replications done after each one.

    Raises:
        ValueError: A bad ``as_of`` (:func:`as_of_month`) or an unknown lever.
    """
    year, month, t = as_of_month(scenario, as_of)
    actions = list(actions or [])
    seed = scenario.seed if seed is None else int(seed)
    rest = 12 - month
    n_tpl = len(scenario.territory.units)
    before = np.zeros((replications, n_tpl))
    after = np.zeros((replications, 1 + len(actions), n_tpl))
    quota = np.zeros_like(after)
    pipeline = np.zeros((replications, n_tpl, len(STAGE_CODES)))
    from_stage = np.zeros((replications, 1 + len(actions), n_tpl, len(STAGE_CODES)))
    for r in range(replications):
        sc = scenario if scenarios is None else scenarios[r]
        eng = Engine(sc, replication=r, seed=seed, drivers=replication_drivers(sc, r, seed))
        eng.run(t + 1)
        before[r] = _by_template(eng, eng.counters.go_admissions)
        standing = _Standing.of(eng)
        pipeline[r] = standing.counts()
        for a, action in enumerate(actions, start=1):
            twin = copy.deepcopy(eng, {id(sc): sc})
            for lever, value in action.changes.items():
                twin.levers.change_from(lever, t + 1, value)
            after[r, a], quota[r, a], from_stage[r, a] = _finish(twin, rest, standing)
        after[r, 0], quota[r, 0], from_stage[r, 0] = _finish(eng, rest, standing)
        if on_replication is not None:
            on_replication(r + 1)
    return ReviewRuns(year, (year, month), before, after, pipeline, from_stage, quota, actions)
