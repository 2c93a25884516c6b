"""The pipeline on the first day: who is on the source list, in class, certified, in
vetting, awaiting the vote, and which members are still on probation.

Where the scenario gives counts (``pipeline_start: {method: counts}`` for the territory,
``pipeline:`` of a unit template per unit) those numbers are exact. Where it does not, a
**spin-up** fills the pipeline: the same territory is run for ``spinup_years`` years before
the start, from an empty pipeline, under the settings in force then (lever schedules give
their values for those months), and the people at each stage at its end, unit by unit,
are the starting pipeline. The spin-up depends only on the scenario and the seed, so it
is run once per process and shared by every replication; each replication then draws which
of a unit's eligible inhabitants stand at each stage (and how far along they are).

Hand-set shares of members per stage (``method: shares``) remain possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from partysim.model import people as P
from partysim.model.units import Units, exact_shares
from partysim.scenario.ages import ADULT_AGE_MONTHS
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

SPINUP_PEOPLE = 1_000_000
"""Small territories pool several spin-ups, as many as fit this many people (inhabitants
and members at the start), so the starting counts are expected values, not one draw."""

SPINUP_MAX_RUNS = 8
"""At most this many spin-ups are pooled."""

_FALLBACK_SPANS = {P.SOURCE: 6, P.CLASS: 1, P.CERTIFIED: 3, P.VETTING: 4, P.VOTE: 2}
"""Months until the step completes, drawn uniformly up to these, when no spin-up exists."""

_CACHE: dict[tuple[str, int], StartSnapshot] = {}
_CACHE_SIZE = 4


@dataclass(frozen=True)
class StartSnapshot:
    """The people in the pipeline at the end of a spin-up, one entry per person.

    Attributes:
        unit: Unit index (int32).
        stage: Index into :data:`STAGE_CODES` (int8).
        elapsed: Months already spent in the stage.
        due_in: Months until the stage's step completes (at least 0).
        cert_age: Months since the class certificate (-1: none).
        papers_age: Months since the dossier papers were made (-1: none).
        age: Age (months) at the end of the spin-up.
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


def start_snapshot(scenario: Scenario, seed: int, engine_class: type[Engine]) -> StartSnapshot | None:
    """The spin-up's pipeline for ``scenario`` and ``seed`` (computed once per process).

    Returns:
        None when the scenario gives every stage (no spin-up needed).
    """
    if not needs_spinup(scenario):
        return None
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
    fields = ("unit", "stage", "elapsed", "due_in", "cert_age", "papers_age", "age")
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
    return StartSnapshot(
        unit=p.unit[idx].astype(np.int32),
        stage=code[idx],
        elapsed=(t - p.since[idx].astype(np.int32)),
        due_in=np.maximum(p.due[idx].astype(np.int32) - t, 0),
        cert_age=np.where(cert > P.NEVER, t - cert, -1),
        papers_age=np.where(papers > P.NEVER, t - papers, -1),
        age=(t - p.birth[idx].astype(np.int32)),
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
    years=0.0,
)
"""Seed nothing: the spin-up itself starts from an empty pipeline."""


def stage_counts(scenario: Scenario, units: Units, snapshot: StartSnapshot | None) -> np.ndarray:
    """People to place at each stage in each unit on the first day, ``(units, stages)``.

    Per-unit register counts (``pipeline:`` of a template) win for their units; territory
    counts are shared among the other units in proportion to the spin-up's counts (or to
    members, without a spin-up); stages given nowhere come from the spin-up.
    """
    ps = scenario.pipeline_start
    n = units.n
    weights = units.members.astype(np.float64)
    if ps.method == "shares":
        out = np.zeros((n, len(START_STAGES)), dtype=np.int64)
        for k, name in enumerate(START_STAGES):
            out[:, k] = allocate(round(ps.shares.get(name, 0.0) * weights.sum()), weights)
        return out
    spun = (
        snapshot.counts(n)
        if snapshot is not None and snapshot.years > 0
        else np.zeros((n, len(START_STAGES)), np.int64)
    )
    out = spun.copy()
    per_unit = _template_counts(scenario, units)
    given_units = per_unit >= 0
    for k, name in enumerate(START_STAGES):
        rest = ~given_units[:, k]
        if name in ps.counts:
            share = spun[:, k].astype(np.float64) if spun[:, k].sum() > 0 else weights
            total = max(round(ps.counts[name]) - int(per_unit[given_units[:, k], k].sum()), 0)
            out[:, k] = 0
            out[rest, k] = allocate(total, np.where(rest, share, 0.0))[rest]
        out[given_units[:, k], k] = per_unit[given_units[:, k], k]
    return out


def _template_counts(scenario: Scenario, units: Units) -> np.ndarray:
    """Register counts per unit from templates' ``pipeline:`` (-1 where not given)."""
    out = np.full((units.n, len(START_STAGES)), -1, dtype=np.int64)
    for ti, tpl in enumerate(scenario.territory.units):
        rows = np.flatnonzero(units.template == ti)
        for k, name in enumerate(START_STAGES):
            if name in tpl.pipeline:
                out[rows, k] = exact_shares(round(tpl.pipeline[name] * len(rows)), len(rows))
    return out


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """``total`` whole people shared in proportion to ``weights`` (largest remainder)."""
    total = int(total)
    w = np.clip(np.asarray(weights, dtype=np.float64), 0, None)
    out = np.zeros(len(w), dtype=np.int64)
    if total <= 0 or w.sum() <= 0:
        return out
    exact = total * w / w.sum()
    out[:] = np.floor(exact)
    short = total - int(out.sum())
    if short > 0:
        out[np.argsort(-(exact - out), kind="stable")[:short]] += 1
    return out


AGE_BAND_MONTHS = 5 * 12
"""People placed at a stage are matched to the spin-up's people at that stage by unit and
five-year age band (falling back to any age in the unit)."""


def seed_start_pipeline(eng: Engine, snapshot: StartSnapshot | None) -> dict[str, Any]:
    """Place the starting pipeline in the engine's people (month 0).

    Each place to fill is a *request*: a unit, a stage, an age and a progress (months in
    the stage, until its step completes, since the certificate and the papers). Where the
    counts come from the spin-up, the requests are the spin-up's own people; otherwise they
    are drawn from the spin-up's people at that stage (or from plain ranges without one).

    Returns:
        What was placed: ``{"wanted": (units, stages) counts, "placed": per stage}``;
        fewer are placed where a unit has too few eligible inhabitants or members.
    """
    wanted = stage_counts(eng.scenario, eng.units, snapshot)
    rng = eng.streams.generator("start_pipeline")
    req = _requests(wanted, snapshot, eng.scenario.pipeline.probation_months, rng)
    placed = dict.fromkeys(START_STAGES, 0)
    prob = START_STAGES.index("probation")
    for is_member in (True, False):
        sel = (req["stage"] == prob) == is_member
        rows = {k: v[sel] for k, v in req.items()}
        pool = _members(eng) if is_member else _eligible(eng)
        who, row = _match(eng, pool, rows, rng)
        _apply(eng, who, {k: v[row] for k, v in rows.items()})
        for k, n in zip(*np.unique(rows["stage"][row], return_counts=True)):
            placed[START_STAGES[int(k)]] += int(n)
    return {"wanted": wanted, "placed": placed}


def _requests(
    wanted: np.ndarray, snapshot: StartSnapshot | None, probation_months: float, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """One row per place to fill: unit, stage, age (-1: any) and progress."""
    unit, stage = np.nonzero(wanted)
    unit = np.repeat(unit, wanted[unit, stage])
    stage = np.repeat(stage, wanted[wanted > 0])
    out: dict[str, np.ndarray] = {"unit": unit.astype(np.int32), "stage": stage.astype(np.int8)}
    n = len(unit)
    prog = {name: np.full(n, -1, dtype=np.int32) for name in ("elapsed", "due_in", "cert_age", "papers_age", "age")}
    for k in range(len(STAGE_CODES)):
        mine = np.flatnonzero(stage == k)
        pool = np.flatnonzero(snapshot.stage == k) if snapshot is not None else np.zeros(0, dtype=np.int64)
        if len(mine) == 0:
            continue
        if snapshot is not None and len(pool):
            picked = _same_unit_first(snapshot, pool, unit[mine], rng)
            for name in prog:
                prog[name][mine] = getattr(snapshot, name)[picked]
        else:
            prog["elapsed"][mine], prog["due_in"][mine] = _fallback_progress(
                STAGE_CODES[k], len(mine), probation_months, rng
            )
    out.update(prog)
    return out


def _same_unit_first(
    snapshot: StartSnapshot, pool: np.ndarray, units: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Snapshot rows for requests in ``units``: the unit's own people at the stage where it
    has them (each used once), the rest drawn from the whole stage."""
    picked = pool[rng.integers(0, len(pool), len(units))]
    order = np.argsort(units, kind="stable")
    own = pool[np.argsort(snapshot.unit[pool], kind="stable")]
    own_units = snapshot.unit[own]
    for u in np.unique(units):
        lo, hi = np.searchsorted(own_units, [u, u + 1])
        slots = order[np.searchsorted(units[order], u) : np.searchsorted(units[order], u + 1)]
        k = min(hi - lo, len(slots))
        picked[slots[:k]] = own[lo : lo + k]
    return picked


def _fallback_progress(
    stage: int, n: int, probation_months: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(months in the stage, months until its step completes) without a spin-up."""
    if stage == P.PROBATION:
        elapsed = rng.integers(0, int(probation_months), size=n)
        return elapsed, int(probation_months) - elapsed
    return rng.integers(0, 3, size=n), rng.integers(1, _FALLBACK_SPANS[stage] + 1, size=n)


def _eligible(eng: Engine) -> np.ndarray:
    """Inhabitants who may stand in the pipeline (alive, at home, adult, schooled)."""
    p = eng.people
    idx = np.flatnonzero(p.view("alive") & (p.view("stage") == P.NONE) & ~p.view("away"))
    age = -p.birth[idx].astype(np.int32)
    school = p.school[idx]
    ok = (age >= ADULT_AGE_MONTHS) & (age < int(eng.scenario.demography.eligibility_max_age * 12))
    ok &= (school >= P.LOWER_SECONDARY) | ((school >= P.PRIMARY) & eng.units.hardship[p.unit[idx]])
    return idx[ok]


def _members(eng: Engine) -> np.ndarray:
    """Full members (some become probationary)."""
    return np.flatnonzero(eng.people.view("stage") == P.FULL)


def _match(
    eng: Engine, pool: np.ndarray, req: dict[str, np.ndarray], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Pair requests with people of ``pool``: same unit and age band first, then same unit.

    Returns:
        (people, request rows), of equal length; requests left unmatched are dropped.
    """
    p = eng.people
    age = -p.birth[pool].astype(np.int64)
    taken = np.zeros(len(pool), dtype=bool)
    done = np.zeros(len(req["unit"]), dtype=bool)
    who = np.full(len(req["unit"]), -1, dtype=np.int64)
    unit = p.unit[pool].astype(np.int64)
    for by_age in (True, False):
        pkey = unit * 64 + (age // AGE_BAND_MONTHS if by_age else 0)
        rkey = req["unit"].astype(np.int64) * 64 + (np.maximum(req["age"], 0) // AGE_BAND_MONTHS if by_age else 0)
        if by_age:
            rkey = np.where(req["age"] >= 0, rkey, -1)
        free = np.flatnonzero(~taken)
        free = free[np.argsort(pkey[free] + rng.random(len(free)))]  # by key, random within
        open_ = np.flatnonzero(~done & (rkey >= 0))
        open_ = open_[np.argsort(rkey[open_], kind="stable")]
        first_free = np.searchsorted(pkey[free], rkey[open_], side="left")
        end_free = np.searchsorted(pkey[free], rkey[open_], side="right")
        rank = np.arange(len(open_)) - np.searchsorted(rkey[open_], rkey[open_], side="left")
        ok = first_free + rank < end_free
        chosen = free[first_free[ok] + rank[ok]]
        who[open_[ok]] = pool[chosen]
        taken[chosen] = True
        done[open_[ok]] = True
    rows = np.flatnonzero(done)
    return who[rows], rows


def _apply(eng: Engine, who: np.ndarray, req: dict[str, np.ndarray]) -> None:
    """Set stage and progress of ``who`` from their requests (month 0)."""
    if len(who) == 0:
        return
    p = eng.people
    p.stage[who] = np.asarray(STAGE_CODES, dtype=np.int8)[req["stage"]]
    p.since[who] = -req["elapsed"]
    p.due[who] = req["due_in"]
    p.cert[who] = np.where(req["cert_age"] >= 0, -req["cert_age"], P.NEVER)
    p.papers[who] = np.where(req["papers_age"] >= 0, -req["papers_age"], P.NEVER)
    fallback = req["cert_age"] < 0
    cand = fallback & (p.stage[who] >= P.CERTIFIED) & (p.stage[who] <= P.APPROVAL) & (req["age"] < 0)
    p.cert[who[cand]] = -1  # certified last month, without a spin-up to say otherwise
    papers = cand & (p.stage[who] >= P.VETTING)
    p.papers[who[papers]] = 0
