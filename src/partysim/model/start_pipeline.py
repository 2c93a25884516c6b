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

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from partysim.model import people as P
from partysim.model.build_kernels import free_keys, match_keys
from partysim.model.groups import PROFILE_GROUP_DIVISOR, PROFILES, profile_code
from partysim.model.spinup import STAGE_CODES, StartSnapshot, canonical_order
from partysim.model.units import Units, allocate, exact_shares
from partysim.scenario.ages import ADULT_AGE_MONTHS
from partysim.scenario.schema import Scenario
from partysim.scenario.start import START_STAGES

if TYPE_CHECKING:
    from partysim.model.engine import Engine


_FALLBACK_SPANS = {P.SOURCE: 6, P.CLASS: 1, P.CERTIFIED: 3, P.VETTING: 4, P.VOTE: 2}
"""Months until the step completes, drawn uniformly up to these, when no spin-up exists."""


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


AGE_BAND_MONTHS = 5 * 12
"""People placed at a stage are matched to the spin-up's people at that stage by unit,
five-year age band and profile (falling back to any profile, then any age in the unit)."""


MATCH_PASSES: tuple[tuple[bool, int], ...] = (
    (True, 1),
    (False, 1),
    (True, PROFILE_GROUP_DIVISOR),
    (False, PROFILE_GROUP_DIVISOR),
    (True, 0),
    (False, 0),
)
"""How alike a person must be to the spin-up's to take their place, pass by pass: (same
age band, profile divisor: 1 the whole profile, ``PROFILE_GROUP_DIVISOR`` sex, ethnicity,
religion and schooling only, 0 any). Keeping the groups before the age band keeps the
starting pipeline's composition: a rare profile left unmatched would otherwise be filled
by whoever is commonest."""


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
    if snapshot is not None and len(snapshot.unit):
        snapshot = replace(snapshot, unit=canonical_order(eng.units)[snapshot.unit].astype(np.int32))
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
    names = ("elapsed", "due_in", "cert_age", "papers_age", "age", "profile")
    prog = {name: np.full(n, -1, dtype=np.int32) for name in names}
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
    own = pool[np.lexsort((rng.random(len(pool)), snapshot.unit[pool]))]  # by unit, random within
    own_units = snapshot.unit[own]
    # the i-th request of a unit (in ``order``) takes the unit's i-th own row, if it has one
    asked = units[order]
    rank = np.arange(len(asked)) - np.searchsorted(asked, asked, side="left")
    lo = np.searchsorted(own_units, asked, side="left")
    has = rank < np.searchsorted(own_units, asked, side="right") - lo
    picked[order[has]] = own[lo[has] + rank[has]]
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
    """Pair requests with people of ``pool`` in the same unit, in the order of
    :data:`MATCH_PASSES` (profile and age band first, then less and less alike).

    Returns:
        (people, request rows), of equal length; requests left unmatched are dropped.
    """
    p = eng.people
    band = -p.birth[pool].astype(np.int64) // AGE_BAND_MONTHS
    profile = profile_code(p, pool)
    taken = np.zeros(len(pool), dtype=bool)
    done = np.zeros(len(req["unit"]), dtype=bool)
    who = np.full(len(req["unit"]), -1, dtype=np.int64)
    unit = p.unit[pool].astype(np.int64)
    r_band = np.maximum(req["age"], 0) // AGE_BAND_MONTHS
    r_profile = req.get("profile", np.full(len(req["unit"]), -1))
    for by_age, keep in MATCH_PASSES:
        if done.all():
            break
        pkey = match_keys(unit, band, profile, by_age, keep, PROFILES)
        rkey = (req["unit"].astype(np.int64) * 16 + (r_band if by_age else 0)) * PROFILES
        rkey = rkey + (np.maximum(r_profile, 0) // keep if keep else 0)
        if by_age:
            rkey = np.where(req["age"] >= 0, rkey, -1)
        if keep:
            rkey = np.where(r_profile >= 0, rkey, -1)
        chosen, rows = _pair(pkey, rkey, taken, done, rng)
        who[rows] = pool[chosen]
        taken[chosen] = True
        done[rows] = True
    rows = np.flatnonzero(done)
    return who[rows], rows


def _pair(
    pkey: np.ndarray, rkey: np.ndarray, taken: np.ndarray, done: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Free people (positions) and open requests (rows) with equal keys, paired one to one,
    people in random order within a key."""
    open_ = np.flatnonzero(~done & (rkey >= 0))
    per_unit = 16 * PROFILES
    asked = np.zeros(int(max(pkey.max(initial=-1), rkey.max(initial=-1)) // per_unit) + 1, dtype=bool)
    asked[rkey[open_] // per_unit] = True
    free, keys = free_keys(pkey, taken, asked, per_unit)  # free people of the units asked
    order = np.argsort(keys + rng.random(len(free)))  # by key, random within
    free, keys = free[order], keys[order]
    open_ = open_[np.argsort(rkey[open_], kind="stable")]
    first_free = np.searchsorted(keys, rkey[open_], side="left")
    end_free = np.searchsorted(keys, rkey[open_], side="right")
    rank = np.arange(len(open_)) - np.searchsorted(rkey[open_], rkey[open_], side="left")
    ok = first_free + rank < end_free
    return free[first_free[ok] + rank[ok]], open_[ok]


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
