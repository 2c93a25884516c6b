"""The engine: people as arrays and one explicit, ordered step plan per month.

Order inside each month (one module per mechanism)::

    demography -> migration -> employment -> pipeline -> outflow -> record

Lever values for the month are read from the :class:`~partysim.model.lever_plan.LeverPlan` by each
mechanism through :meth:`Engine.lever`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from partysim.model import people as P
from partysim.model.counters import FLOWS, Counters
from partysim.model.groups import GROUPS, group_masks
from partysim.model.kernels import in_pipeline, mix_below_among, mix_below_strided, pipeline_tally, unit_counts_by_row
from partysim.model.lever_plan import LeverPlan
from partysim.model.life_course_queue import LifeCourseQueue
from partysim.model.mechanisms import demography, employment, migration, outflow, pipeline
from partysim.model.population import build_population, youth_union_limit
from partysim.model.spinup import EMPTY, StartSnapshot, start_snapshot
from partysim.model.start_pipeline import seed_start_pipeline
from partysim.model.streams import Streams, period_probability, thresholds
from partysim.model.units import Units, build_units
from partysim.scenario.ages import LEAVE_BANDS_YEARS, MAX_AGE_MONTHS, MORTALITY_BANDS_YEARS
from partysim.scenario.schema import Scenario

StepFn = Callable[["Engine"], None]


@dataclass(frozen=True)
class GroupYear:
    """Composition at the end of a calendar year (or of the run).

    Attributes:
        year: Calendar year.
        members: Members (probationary and full) in each group at the year's end.
        eligible: People eligible for the source list in each group (estimated once a year,
            in the run's first month of the year).
        eligible_total: People eligible for the source list (same estimate).
        go_admissions: Admissions of the year by group and grassroots organisation.
        unit_members: Members of each unit at the year's end.
        unit_group_members: Members of each unit in each group at the year's end (group x unit).
    """

    year: int
    members: np.ndarray
    eligible: np.ndarray
    eligible_total: int
    go_admissions: np.ndarray
    unit_members: np.ndarray
    unit_group_members: np.ndarray


STEP_PLAN: tuple[tuple[str, StepFn], ...] = (
    ("deaths", demography.deaths),
    ("age_out", demography.age_out),
    ("cohort", demography.cohort_entry),
    ("life_course", demography.life_course),
    ("leave", migration.leave),
    ("return", migration.come_back),
    ("turnover", employment.turnover),
    ("hiring", employment.hiring),
    ("new_party_orgs", employment.new_party_orgs),
    ("remedial", pipeline.remedial_schooling),
    ("identify", pipeline.identify),
    ("source_dropout", pipeline.source_dropout),
    ("classes", pipeline.classes),
    ("certificates", pipeline.certificates),
    ("dossiers", pipeline.dossiers),
    ("vetting", pipeline.vetting_done),
    ("vote", pipeline.vote),
    ("approval", pipeline.approval),
    ("probation", pipeline.probation_end),
    ("member_outflow", outflow.member_outflow),
    ("transfers_in", outflow.transfers_in),
)
"""The monthly step plan, in order. Inspect it; every mechanism has one entry."""


def age_band_table(edges_years: tuple[int, ...]) -> np.ndarray:
    """Band index for every age in months (0..MAX_AGE_MONTHS)."""
    years = np.arange(MAX_AGE_MONTHS + 1) // 12
    return (np.searchsorted(np.asarray(edges_years[1:]), years, side="right")).clip(0, len(edges_years) - 2)


class Engine:
    """All state of one replication and the step plan that advances it one month.

    Args:
        scenario: The validated scenario.
        replication: Replication number; with ``scenario.seed`` (or ``seed``) it keys every
            random stream.
        seed: Overrides ``scenario.seed``.
        drivers: Multiplier per simulated year (index 0 = the start year) for
            ``youth_population``, ``out_migration`` and ``enterprise_employment``; missing
            drivers are 1. See :mod:`partysim.model.drivers`.
        start: The spin-up's pipeline to start from (default: computed once per process
            when the scenario needs one; ``spinup.EMPTY`` starts with no pipeline).
            See :mod:`partysim.model.start_pipeline`.
    """

    def __init__(
        self,
        scenario: Scenario,
        replication: int = 0,
        seed: int | None = None,
        drivers: dict[str, np.ndarray] | None = None,
        start: StartSnapshot | None = None,
    ) -> None:
        self.scenario = scenario
        self.drivers = drivers or {}
        self.seed = scenario.seed if seed is None else int(seed)
        self.replication = replication
        self.streams = Streams(self.seed, replication)
        self.levers = LeverPlan(scenario)
        self.units: Units = build_units(scenario, self.streams.generator("units"))
        self.people = build_population(scenario, self.units, self.streams.generator("population"))
        self.counters = Counters(self.units.n_go, self.units.n_cells_total)
        self.t = 0
        self._pipe: np.ndarray | None = None
        self._pipe_new: list[np.ndarray] = []
        self._carried: tuple[np.ndarray | None, np.ndarray | None] = (None, None)
        self._active: np.ndarray | None = None
        self.records: list[dict] = []
        self.go_years: list[tuple[int, np.ndarray, np.ndarray]] = []
        self.cell_years: list[tuple[int, np.ndarray]] = []
        self.group_years: list[GroupYear] = []
        self.loss_total = np.zeros_like(self.counters.loss)
        self.accumulators: dict[str, Any] = {}
        limits = (youth_union_limit(scenario), int(scenario.pipeline.student_max_age * 12))
        self.life_course_queue = LifeCourseQueue(scenario.review_months, limits, P.STUDENT)
        self._tables()
        if start is not EMPTY:
            snapshot = start if start is not None else start_snapshot(scenario, self.seed, type(self))
            self.start_report = seed_start_pipeline(self, snapshot)
        self.members_at_start = int(np.count_nonzero(self.people.view("stage") >= P.PROBATION))
        self.initial_members_by_unit = np.bincount(
            self.people.view("unit")[self.people.view("stage") >= P.PROBATION], minlength=self.units.n
        )

    # -- precomputed tables ------------------------------------------------------
    def _tables(self) -> None:
        sc = self.scenario
        mort_band = age_band_table(MORTALITY_BANDS_YEARS)
        self.death_threshold = thresholds(self.review_probability(np.asarray(sc.demography.mortality)[mort_band]))
        self.leave_band = age_band_table(LEAVE_BANDS_YEARS)
        u = self.units
        self.unit_residential = u.is_residential()
        self.unit_workplace = u.is_workplace()

    # -- helpers used by mechanisms ----------------------------------------------
    def driver(self, name: str) -> float:
        """Multiplier of driver ``name`` in the current simulated year (1 if not driven)."""
        path = self.drivers.get(name)
        if path is None or len(path) == 0:
            return 1.0
        _, m0 = self.scenario.start_ym
        year_index = (m0 - 1 + self.t) // 12
        return float(path[min(year_index, len(path) - 1)])

    def lever(self, name: str) -> float:
        """Value of lever ``name`` this month."""
        return self.levers.at(name, self.t)

    def age(self, idx: np.ndarray) -> np.ndarray:
        """Age in months of the people at ``idx`` this month (int32)."""
        return np.subtract(self.t, self.people.birth[idx], dtype=np.int32)

    @overload
    def accumulate(self, name: str, per_month: np.ndarray) -> np.ndarray: ...

    @overload
    def accumulate(self, name: str, per_month: float) -> int: ...

    def accumulate(self, name: str, per_month: np.ndarray | float) -> np.ndarray | int:
        """Whole events due this month from a fractional rate (carried over month to month).

        Deterministic: 2.5 a month gives 2, 3, 2, 3, ... An array rate gives an array of
        counts (one per unit); a number gives an ``int``.
        """
        acc = self.accumulators.get(name, 0.0) + per_month
        whole = np.floor(acc + 1e-9)
        self.accumulators[name] = acc - whole
        return whole.astype(np.int64) if isinstance(whole, np.ndarray) else int(whole)

    def drop_candidates(self, idx: np.ndarray, reason: str) -> None:
        """Take candidates at ``idx`` out of the pipeline (stage NONE), recording why."""
        if len(idx) == 0:
            return
        st = self.people.stage[idx]
        cand = (st >= P.SOURCE) & (st <= P.APPROVAL)
        self.counters.lose(st[cand], reason)
        out = idx[cand]
        self.people.stage[out] = P.NONE
        # not re-identified in the month they left (keeps the monthly pipeline list exact)
        self.people.barred_until[out] = np.maximum(self.people.barred_until[out], self.t + 1)

    def remove(self, idx: np.ndarray) -> None:
        """People leave the model for good (death, emigration, ageing out)."""
        self.people.alive[idx] = False
        self.people.stage[idx] = P.NONE
        self.people.away[idx] = False

    def review(self, stream: str, threshold_max: int | np.integer | np.ndarray) -> tuple[int, int, int, int, int]:
        """What a compiled review pass (:mod:`partysim.model.review_kernels`) needs: (start,
        stop, step) of the slots reviewed this month, the stream's key this month and the
        limit (at most 2**32: everyone). An exact shortcut: an event happens when a
        person's draw is below *their* threshold, which is at most ``threshold_max``; so
        only the slots whose draw is below it need to be looked at."""
        sl = self.review_slice()
        limit = min(int(threshold_max), 2**32)
        return sl.start, sl.stop, sl.step, self.streams.key(stream, self.t), limit

    def prescreen(self, stream: str, threshold_max: int | np.integer | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The slots :meth:`review` describes whose draw on ``stream`` is below
        ``threshold_max``, and their draws: the numpy route for a mechanism's review (the
        shipped mechanisms use compiled passes of :mod:`~partysim.model.review_kernels`,
        which find the same slots).

        Returns:
            (slots (int64), draws (uint32)), in slot order.
        """
        return mix_below_strided(*self.review(stream, threshold_max))

    def prescreen_among(
        self, stream: str, threshold_max: int | np.integer | np.ndarray, idx: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The slots of ``idx`` (no duplicates) reviewed this month whose draw on ``stream``
        is below ``threshold_max``, and their draws: what a review pass finds when everyone
        at risk is in ``idx`` (e.g. members in :meth:`pipeline_idx`), found without hashing
        everyone reviewed. In ``idx`` order.

        Returns:
            (slots, draws) of the prescreened people among ``idx``.
        """
        r = self.scenario.review_months
        limit = min(int(threshold_max), 2**32)
        return mix_below_among(idx, self.t % r, r, self.streams.key(stream, self.t), limit)

    def review_slice(self) -> slice:
        """The slots reviewed this month as a slice of the attribute arrays (the same slots
        :meth:`review` describes; a strided view is cheaper than gathering them)."""
        return slice(self.t % self.scenario.review_months, self.people.n, self.scenario.review_months)

    def review_probability(self, annual: np.ndarray | float) -> np.ndarray | float:
        """Probability over one review interval from an annual probability."""
        return period_probability(annual, self.scenario.review_months)

    def pipeline_idx(self) -> np.ndarray:
        """Slots of everyone in a pipeline stage or on the rolls (a superset: callers filter
        by stage). Carried over from the end of last month (those still in the pipeline
        then; found by a pass over everyone in the first month); people entering the
        pipeline since are added by :meth:`entered_pipeline`."""
        if self._pipe is None:
            self._pipe, self._active = in_pipeline(self.people.view("stage"), P.NONE, P.FULL)
            self._pipe_new = []
        elif self._pipe_new:  # joined on first use (copying ~all members once, not per call)
            self._pipe = np.concatenate([self._pipe, *self._pipe_new])
            self._pipe_new = []
        return self._pipe

    def candidates_idx(self) -> np.ndarray:
        """Slots of everyone in the pipeline proper (candidates and probationary members;
        not full members): a superset, callers filter by stage. Kept as
        :meth:`pipeline_idx`."""
        if self._active is None:
            self.pipeline_idx()
        assert self._active is not None
        return self._active

    def entered_pipeline(self, idx: np.ndarray) -> None:
        """Record that ``idx`` moved from stage NONE into the pipeline or onto the rolls."""
        if self._pipe is not None and len(idx):
            self._pipe_new.append(idx)
        if self._active is not None and len(idx):
            self._active = np.concatenate([self._active, idx])

    def _group_year(self, year: int, members: np.ndarray) -> GroupYear:
        """Composition at the end of ``year`` (``members``: slots of the members now)."""
        unit = self.people.unit[members]
        masks = group_masks(self, members)
        n = self.units.n
        return GroupYear(
            year=year,
            members=np.count_nonzero(masks, axis=1).astype(np.int64),
            eligible=self.accumulators.get("_eligible_groups", np.zeros(len(GROUPS), dtype=np.int64)),
            eligible_total=int(self.accumulators.get("_eligible", 0)),
            go_admissions=self.counters.go_group_admissions.copy(),
            unit_members=np.bincount(unit, minlength=n),
            unit_group_members=unit_counts_by_row(masks, unit, n),
        )

    # -- stepping ---------------------------------------------------------------
    def step(self) -> None:
        """Advance one month: run the step plan, then record stocks and flows."""
        self.counters.reset()
        # the lists of the end of last month, if kept: everyone who entered the pipeline
        # since is added by entered_pipeline, so they stay a superset without a full pass
        self._pipe, self._active = self._carried
        self._carried = (None, None)
        self._pipe_new = []
        for _, fn in STEP_PLAN:
            fn(self)
        self._record()
        self.t += 1

    def run(self, months: int | None = None) -> None:
        """Run ``months`` months (default: to the scenario's end)."""
        months = self.scenario.months - self.t if months is None else months
        for _ in range(months):
            self.step()

    def _record(self) -> None:
        p = self.people
        codes = (len(P.STAGE_NAMES), P.PROBATION, P.NONE, P.FULL)
        counts, members, members_away, pipe, active = pipeline_tally(self.pipeline_idx(), p.stage, p.away, codes)
        self._carried = (pipe, active)  # next month's lists (a superset once people leave)
        alive = p.view("alive")
        y0, m0 = self.scenario.start_ym
        month_abs = (m0 - 1) + self.t
        year, moy = y0 + month_abs // 12, month_abs % 12 + 1
        rec = {
            "month": self.t,
            "year": year,
            "moy": moy,
            "population": int(np.count_nonzero(alive)),
            "away": int(np.count_nonzero(p.view("away"))),
            "members": int(counts[P.PROBATION] + counts[P.FULL]),
            "members_away": int(members_away),
            "eligible": int(self.accumulators.get("_eligible", 0)),
        }
        for s, name in enumerate(P.STAGE_NAMES[1:], start=1):
            rec[name] = int(counts[s])
        rec.update(self.counters.flows)
        self.records.append(rec)
        self.loss_total += self.counters.loss
        self.counters.loss[:] = 0
        if moy == 12 or self.t == self.scenario.months - 1:
            c = self.counters
            with_party = self.units.has_party[self.units.go_unit] | self.unit_residential[self.units.go_unit]
            self.go_years.append((year, c.go_admissions.copy(), with_party))
            self.cell_years.append((year, c.cell_admissions.copy()))
            self.group_years.append(self._group_year(year, members))
            c.go_admissions[:] = 0
            c.go_group_admissions[:] = 0
            c.cell_admissions[:] = 0


__all__ = ["FLOWS", "STEP_PLAN", "Engine", "GroupYear"]
