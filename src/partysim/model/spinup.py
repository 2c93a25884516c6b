"""The spin-up: the years before the start, simulated to learn who stands where in the
pipeline on the first day when the registers do not say.

The same territory is run for ``pipeline_start.spinup_years`` years before the start, from
an empty pipeline, under the settings in force then (lever schedules give their values for
those months; policy changes made with ``--set``, a slider or a sweep are undone, since the
past does not change with the policy; no new party organisations are founded). Its end
state, unit by unit, is a :class:`StartSnapshot`. It depends only on the scenario and the
seed, so it is computed once per process and shared by every replication; a small
territory pools several spin-ups. :mod:`partysim.model.start_pipeline` places it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from partysim.model import people as P
from partysim.model.groups import profile_code
from partysim.model.units import Units, allocate
from partysim.scenario.periods import parse_period
from partysim.scenario.schema import Scenario
from partysim.scenario.start import START_STAGES

if TYPE_CHECKING:
    from partysim.model.engine import Engine

STAGE_CODES: tuple[int, ...] = (P.SOURCE, P.CLASS, P.CERTIFIED, P.VETTING, P.VOTE, P.PROBATION)
"""Engine stage of each of :data:`partysim.scenario.start.START_STAGES` (``vote`` also
takes people awaiting approval)."""

SPINUP_REPLICATION = 1_000_003
"""Replication number keying the spin-up's own random streams (never a real replication);
further spin-ups use the numbers after it."""

POLICY_PATHS = ("levers.", "effects.")
"""Paths whose changes are policy (undone for the spin-up, see :func:`policy_free`)."""

SPINUP_PEOPLE = 1_000_000
"""Small territories pool several spin-ups, as many as fit this many people (inhabitants
and members at the start), so the starting counts are expected values, not one draw."""

SPINUP_MAX_RUNS = 8
"""At most this many spin-ups are pooled."""


_CACHE: dict[tuple[str, int], StartSnapshot] = {}
_CACHE_SIZE = 4


@dataclass(frozen=True)
class StartSnapshot:
    """The people in the pipeline at the end of a spin-up, one entry per person.

    Attributes:
        unit: The unit's place in :func:`canonical_order` (int32): units are matched to the
            real run's units of the same template and party-organisation status (which
            units have one is drawn per replication; how many is exact).
        stage: Index into :data:`STAGE_CODES` (int8).
        elapsed: Months already spent in the stage.
        due_in: Months until the stage's step completes (at least 0).
        cert_age: Months since the class certificate (-1: none).
        papers_age: Months since the dossier papers were made (-1: none).
        age: Age (months) at the end of the spin-up.
        profile: The person's :func:`~partysim.model.groups.profile_code` (sex, ethnicity,
            religion, schooling, occupation, Youth Union).
        years: Length of the spin-up (years).
        runs: Spin-ups pooled (their people listed one after the other).
    """

    unit: np.ndarray
    stage: np.ndarray
    elapsed: np.ndarray
    due_in: np.ndarray
    cert_age: np.ndarray
    papers_age: np.ndarray
    age: np.ndarray
    profile: np.ndarray
    years: float
    runs: int = 1

    def counts(self, n_units: int) -> np.ndarray:
        """Expected people per (unit, stage) in one spin-up, whole numbers, shape
        ``(n_units, len(STAGE_CODES))``: the pooled counts over :attr:`runs`, each stage's
        total rounded and shared among the units in proportion (largest remainder)."""
        raw = np.zeros((n_units, len(STAGE_CODES)), dtype=np.int64)
        np.add.at(raw, (self.unit, self.stage), 1)
        if self.runs == 1:
            return raw
        out = np.zeros_like(raw)
        for k in range(raw.shape[1]):
            out[:, k] = allocate(round(raw[:, k].sum() / self.runs), raw[:, k].astype(np.float64))
        return out


def needs_spinup(scenario: Scenario) -> bool:
    """Whether the starting pipeline needs a spin-up (some stage count is not given)."""
    ps = scenario.pipeline_start
    if ps.method == "shares":
        return False
    if ps.method == "counts" and not ps.spinup:
        return False
    given = set(ps.counts)
    return not set(START_STAGES) <= given


def spinup_scenario(scenario: Scenario) -> Scenario:
    """The scenario of the spin-up: the ``spinup_years`` years before the start."""
    years = int(round(scenario.pipeline_start.spinup_years))
    y, m = parse_period(scenario.start)
    first = (y - years, m)
    last = (y, m - 1) if m > 1 else (y - 1, 12)
    return scenario.with_values(
        {
            "start": f"{first[0]}-{first[1]:02d}",
            "end": f"{last[0]}-{last[1]:02d}",
            "levers.new_party_orgs_per_year": 0,  # the territory's structure is the file's
        }
    )


def start_snapshot(
    scenario: Scenario, seed: int, engine_class: type[Engine], as_given: bool = False
) -> StartSnapshot | None:
    """The spin-up's pipeline for ``scenario`` and ``seed`` (computed once per process).

    Args:
        scenario: The scenario; its policy changes are undone first (:func:`policy_free`)
            unless ``as_given``.
        seed: Seed of the run.
        engine_class: The engine to run the spin-up with.
        as_given: Use ``scenario`` as it is (a caller that already undid the policy).

    Returns:
        None when the scenario gives every stage (no spin-up needed).
    """
    if not needs_spinup(scenario):
        return None
    if not as_given:
        scenario = policy_free(scenario)
    key = (scenario.sha256(), int(seed))
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = run_spinup(scenario, seed, engine_class)
    return _CACHE[key]


def run_spinup(scenario: Scenario, seed: int, engine_class: type[Engine]) -> StartSnapshot:
    """Run the spin-up (several, pooled, for a small territory) and record who stands where
    at its end."""
    spin = spinup_scenario(scenario)
    people = sum(u.count * (u.people + u.members) for u in scenario.territory.units)
    runs = int(np.clip(SPINUP_PEOPLE // max(people, 1), 1, SPINUP_MAX_RUNS))
    parts = [_one_spinup(spin, seed, SPINUP_REPLICATION + k, engine_class) for k in range(runs)]
    fields = ("unit", "stage", "elapsed", "due_in", "cert_age", "papers_age", "age", "profile")
    pooled = {f: np.concatenate([getattr(s, f) for s in parts]) for f in fields}
    return StartSnapshot(**pooled, years=float(scenario.pipeline_start.spinup_years), runs=runs)


def _one_spinup(spin: Scenario, seed: int, replication: int, engine_class: type[Engine]) -> StartSnapshot:
    """One spin-up of the scenario ``spin`` (see :func:`spinup_scenario`)."""
    eng = engine_class(spin, replication=replication, seed=seed, start=EMPTY)
    eng.run()
    p, t = eng.people, eng.t
    st = p.view("stage")
    code = np.full(len(st), -1, dtype=np.int8)
    for k, s in enumerate(STAGE_CODES):
        code[st == s] = k
    code[st == P.APPROVAL] = START_STAGES.index("vote")
    idx = np.flatnonzero((code >= 0) & p.view("alive"))
    cert, papers = p.cert[idx].astype(np.int32), p.papers[idx].astype(np.int32)
    canonical = np.argsort(canonical_order(eng.units))  # unit -> its place in the canonical order
    return StartSnapshot(
        unit=canonical[p.unit[idx]].astype(np.int32),
        stage=code[idx],
        elapsed=(t - p.since[idx].astype(np.int32)),
        due_in=np.maximum(p.due[idx].astype(np.int32) - t, 0),
        cert_age=np.where(cert > P.NEVER, t - cert, -1),
        papers_age=np.where(papers > P.NEVER, t - papers, -1),
        age=(t - p.birth[idx].astype(np.int32)),
        profile=profile_code(p, idx).astype(np.int32),
        years=float(spin.months / 12),
    )


_NONE = np.zeros(0, dtype=np.int32)
EMPTY = StartSnapshot(
    unit=_NONE,
    stage=_NONE.astype(np.int8),
    elapsed=_NONE,
    due_in=_NONE,
    cert_age=_NONE,
    papers_age=_NONE,
    age=_NONE,
    profile=_NONE,
    years=0.0,
)
"""Seed nothing: the spin-up itself starts from an empty pipeline."""


def canonical_order(units: Units) -> np.ndarray:
    """Units ordered by template, then with a party organisation first, then the most
    cooperative owners first (their fixed draw), then by index: the same places hold units
    of the same kind in every replication and in the spin-up."""
    return np.lexsort((np.arange(units.n), units.coop_draw, ~units.has_party, units.template))


def policy_free(scenario: Scenario) -> Scenario:
    """The scenario with the changes to levers and lever effects undone (``--set``, the
    dashboard, a sweep): the past does not change with the policy chosen from the start, so
    every policy variant starts from the same spin-up."""
    undo = {
        o.path: o.original for o in scenario.overrides if o.path.startswith(POLICY_PATHS) and o.original is not None
    }
    return scenario.with_values(undo) if undo else scenario
