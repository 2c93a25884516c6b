"""The stocks of the flow model (expected numbers of people) and their starting values.

Queues hold people by months until their step completes (index 0: due this month); they
advance one month at the end of each month (:func:`~partysim.analysis.flow_passes.advance`). Age vectors hold
people by age in months; they age one month at the end of each month.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from partysim.analysis.flow_inputs import N_SEG, QUEUE_MONTHS, QUEUE_STAGES, FlowInputs
from partysim.analysis.flow_pool import POOL_MONTHS, PoolTables

STOCKS = ("source", "class", "certified", "vetting", "vote", "approval", "probation", "full")
"""Stocks recorded each month (the engine's stage names)."""


@dataclass
class FlowState:
    """Expected stocks at the current month (people, floats).

    Attributes:
        pool: People at home outside the pipeline in communes and wards, (area, rate class,
            age months).
        away: Non-members working away, (area, age months).
        workers: Workers of state and non-state workplaces outside the pipeline (2,).
        source: Source list per segment.
        classes: In class, (segment, months until the class ends).
        certified: Certified, (segment, months until they may start the dossier).
        vetting: In vetting whose papers will be fresh at the vote, (segment, months).
        vetting_stale: In vetting whose papers will be stale at the vote, (segment, months).
        vote: Awaiting the vote with fresh papers, (segment, months).
        vote_stale: Awaiting the vote with stale papers, (segment, months).
        stuck: Awaiting a vote their cell cannot hold (no quorum), per segment.
        approval: Awaiting approval, (segment, months).
        probation: Probationary members, (segment, months until recognition).
        full: Full members, (segment, away, age months).
        accumulators: Whole events due from fractional rates, carried over (as the engine's).
        has_party: Non-state workplaces with a party organisation.
        source_new: Those of the source list whose introducers have not yet worked with
            them ``introducer_months`` months, (segment, months until they have - 1).
        classes_new: The same in class, (segment, months until the class ends, months - 1).
        certified_new: The same among the certified, (segment, months - 1).
        recent: People of the pool of communes and wards who came home recently, (area,
            months until they have lived there ``introducer_months`` months - 1).
        work_comp: Composition by rate class of the workers outside the pipeline in units
            that can take candidates, per workplace segment (shares).
        ok_workers: Those workers, per workplace segment (this month).
        found_mix: Who was identified at home this month, by (area, class, age) (those who
            drop out return to the pool with this mix), and ``found_total`` per area.
        work_found_mix: The same for workers, by (workplace segment, class).
        found_by_segment: Identified this month per segment.
        dropped: Candidates who dropped out this month per segment (back to the pool at
            the month's end).
    """

    pool: np.ndarray
    away: np.ndarray
    workers: np.ndarray
    source: np.ndarray
    classes: np.ndarray
    certified: np.ndarray
    vetting: np.ndarray
    vetting_stale: np.ndarray
    vote: np.ndarray
    vote_stale: np.ndarray
    stuck: np.ndarray
    approval: np.ndarray
    probation: np.ndarray
    full: np.ndarray
    has_party: np.ndarray
    source_new: np.ndarray
    classes_new: np.ndarray
    certified_new: np.ndarray
    recent: np.ndarray
    work_comp: np.ndarray
    ok_workers: np.ndarray
    found_mix: np.ndarray
    work_found_mix: np.ndarray
    found_by_segment: np.ndarray
    found_total: np.ndarray
    dropped: np.ndarray
    accumulators: dict[str, float] = field(default_factory=dict)
    _arrays: tuple[np.ndarray, ...] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def start(cls, inputs: FlowInputs, class_months: int, tables: PoolTables) -> FlowState:
        """The state at month 0, from the engine's build (``class_months``: the class's
        length, months; ``tables``: the pool's composition)."""
        q = {name: inputs.queues[k].copy() for k, name in enumerate(QUEUE_STAGES)}
        empty = np.zeros((N_SEG, QUEUE_MONTHS))
        state = cls(
            pool=tables.start_pool(inputs),
            away=inputs.away_age_months[:, :POOL_MONTHS].copy(),
            workers=inputs.pool_age_months[3:].sum(axis=1),
            source=inputs.source.copy(),
            classes=q["class"],
            certified=q["certified"],
            vetting=q["vetting"] - inputs.stale_vetting,
            vetting_stale=inputs.stale_vetting.copy(),
            vote=q["vote"],
            vote_stale=empty,
            stuck=inputs.stuck.copy(),
            approval=q["approval"],
            probation=q["probation"],
            full=inputs.members.copy(),
            has_party=inputs.unit_arrays["has_party"].copy(),
            source_new=inputs.unknown[0][:, 0].copy(),
            classes_new=inputs.unknown[1][:, : class_months + 1].copy(),
            certified_new=inputs.unknown[2][:, 0].copy(),
            recent=np.zeros((3, inputs.unknown.shape[-1])),
            work_comp=tables.work_start.copy(),
            ok_workers=np.zeros(2),
            found_mix=np.zeros(tables.share.shape),
            work_found_mix=tables.work_start.copy(),
            found_by_segment=np.zeros(N_SEG),
            found_total=np.zeros(3),
            dropped=np.zeros(N_SEG),
        )
        for f in fields(cls)[:-2]:  # every array C-contiguous, as the compiled month takes them
            setattr(state, f.name, np.ascontiguousarray(getattr(state, f.name)))
        return state

    def arrays(self) -> tuple[np.ndarray, ...]:
        """The state's arrays in the order of its attributes (without ``accumulators``), as
        :mod:`partysim.analysis.flow_month` takes them (made once: the month changes them
        in place)."""
        if self._arrays is None:
            self._arrays = tuple(getattr(self, f.name) for f in fields(self)[:-2])
        return self._arrays
