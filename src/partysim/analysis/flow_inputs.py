"""The starting state of the flow model, read from the simulation's own build.

The flow model (:mod:`partysim.analysis.flow_model`) follows expected stocks, not people.
Its starting state is what the engine builds for month 0 of replication 0 (units, people,
the starting pipeline filled by the spin-up): the same parameters, read once and counted.
Everything is counted by **segment** (:data:`SEGMENTS`): the people of communes and wards
by area (where migration rates differ), and the workers of state and non-state workplaces
(where job turnover and party organisations differ).

What is kept (all counts of people, floats so that they can be rescaled):

- the people at home and not in the pipeline, by segment, age (years) and *type* (occupation,
  Youth Union, schooling, sex, ethnicity, religion): the source from which cells identify
  candidates, scored by :mod:`partysim.analysis.flow_rates` under any parameter set;
- the same people's cells (their fixed activity draws) and the cells' vote chances;
- the starting pipeline by segment, stage and months until its step completes;
- members by segment, away or at home, and age (months).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

from partysim.model import people as P
from partysim.model.engine import Engine
from partysim.model.mechanisms.employment import party_ok
from partysim.model.mechanisms.pipeline import schooling_ok, vote_chances, vote_counts
from partysim.model.spinup import StartSnapshot
from partysim.model.units import AREAS
from partysim.scenario.ages import ENTRY_AGE_YEARS, MAX_AGE_MONTHS
from partysim.scenario.schema import Scenario

SEGMENTS: tuple[str, ...] = (*AREAS, "state_workplace", "non_state_workplace")
"""Segments of the flow model: residents of communes and wards by area, then workers."""

N_SEG = len(SEGMENTS)
N_TYPES = 6 * 2 * 7 * 2 * 2 * 2
"""Types of people: occupation (6) x Youth Union (2) x schooling (7) x sex x ethnic
minority x religious."""

POOL_AGE_YEARS = (ENTRY_AGE_YEARS, 62)
"""Ages (years, from-to) of people followed in the source pool."""

TIERS = 2
"""Tiers of cells: 0 active in every month of the run, 1 inactive in some (see
:func:`ever_inactive`); people of the pool are counted by tier."""

QUEUE_MONTHS = 240
"""Longest wait (months) a queue of the flow model holds (longer waits are cut here)."""

QUEUE_STAGES = ("class", "certified", "vetting", "vote", "approval", "probation")
"""Stages whose starting people are held by months until their step completes."""


@dataclass(frozen=True)
class FlowInputs:
    """Counts from the engine's month-0 build (see the module docstring).

    Attributes:
        pool_types: People at home outside the pipeline, (segment, age year from 16, type).
        pool_ok: The same, restricted to units where a party organisation can take
            candidates at month 0 and to those whose schooling qualifies; the type axis
            repeated for the tiers of cells (:data:`TIERS`: type + N_TYPES x tier).
        ok_heads: People at home outside the pipeline in units that can take candidates
            at month 0, by (segment, age year).
        pool_age_months: People at home outside the pipeline by (segment, age in months).
        away_age_months: People working away (not members) by (area, age in months).
        cell_draw: Per segment, the sorted activity draws of the cells of the pool's
            people (each person once): their share below a threshold is the share of the
            pool in inactive cells.
        tier_draw: The draw separating the tiers of cells (:func:`ever_inactive`).
        vote_chance: Per segment, the identification-weighted mean chance that a case is
            carried among candidates whose cell can vote.
        vote_blocked: Per segment, the identification-weighted share of candidates whose
            cell cannot carry a case (no quorum of full members).
        vote_cells: Per segment, the cells that can carry a case as rows (full members
            present, votes in favour needed, people of the pool there, build), to compute
            ``vote_chance`` under another ``vote_pass`` (:func:`vote_chance_at`);
            ``vote_pass`` is the build's, ``builds`` how many were averaged.
        source: Starting source list per segment.
        queues: Starting people per (stage of :data:`QUEUE_STAGES`, segment, months until
            their step completes).
        stale_vetting: Starting people in vetting whose papers will be stale at the vote,
            per (segment, months until vetting ends).
        stuck: Starting candidates awaiting a vote their cell cannot hold, per segment.
        unknown: Starting candidates on the source list, in class and certified (first
            axis) whose introducers have not yet worked with them ``introducer_months``
            months, per (segment, months until the class ends (class) or 0, months until
            they have, minus 1).
        members: Members (full) by (segment, away, age in months).
        probation_age: Age mix of the starting probationary members (months; sums to 1).
        transfer_age: Age mix of members transferred in (months; sums to 1), and
            ``transfer_seg`` their segment mix.
        residential_size: Starting inhabitants of communes and wards per area.
        residential_units: Communes and wards per area.
        workplace_size: Starting workers per workplace segment.
        party_size: Workers in units with a party organisation at month 0, per workplace segment.
        ok_size: Workers in units that can take candidates at month 0, per segment.
        unit_arrays: Non-state workplace units: size, has a party organisation, cooperation
            draw, founding draw, owner cooperation share (for new party organisations).
        review_months: The scenario's review interval (months).
        members_start: Members (probationary and full) at month 0.
    """

    pool_types: np.ndarray
    pool_ok: np.ndarray
    ok_heads: np.ndarray
    pool_age_months: np.ndarray
    away_age_months: np.ndarray
    cell_draw: tuple[np.ndarray, ...]
    tier_draw: float
    vote_chance: np.ndarray
    vote_blocked: np.ndarray
    vote_cells: tuple[np.ndarray, ...]
    vote_pass: float
    builds: int
    source: np.ndarray
    queues: np.ndarray
    stale_vetting: np.ndarray
    stuck: np.ndarray
    unknown: np.ndarray
    members: np.ndarray
    probation_age: np.ndarray
    transfer_age: np.ndarray
    transfer_seg: np.ndarray
    residential_size: np.ndarray
    residential_units: np.ndarray
    workplace_size: np.ndarray
    party_size: np.ndarray
    ok_size: np.ndarray
    unit_arrays: dict[str, np.ndarray]
    review_months: int
    members_start: float


def person_segments(eng: Engine, idx: np.ndarray) -> np.ndarray:
    """Segment (index into :data:`SEGMENTS`) of each person at ``idx``."""
    u = eng.units
    unit = eng.people.unit[idx]
    return np.where(u.is_residential()[unit], u.area[unit], 3 + u.non_state[unit]).astype(np.int64)


def type_codes(eng: Engine, idx: np.ndarray) -> np.ndarray:
    """Type code (0..N_TYPES-1) of each person at ``idx`` (see :data:`N_TYPES`)."""
    p = eng.people
    code = p.occ[idx].astype(np.int64) * 2 + p.youth_union[idx]
    code = code * 7 + p.school[idx]
    code = code * 2 + p.female[idx]
    code = code * 2 + p.minority[idx]
    return code * 2 + p.religious[idx]


def ever_inactive(eng: Engine) -> float:
    """Cells whose activity draw is below this are inactive in some month of the run (the
    inactive share is largest when quota accountability is lowest)."""
    pl, eff = eng.scenario.pipeline, eng.scenario.effects
    lowest = float(eng.levers.values["quota_accountability"].min())
    return pl.inactive_cell_share * (1 - eff.quota_revives_inactive * lowest)


def _by_age_months(seg: np.ndarray, age: np.ndarray, n_first: int) -> np.ndarray:
    out = np.zeros((n_first, MAX_AGE_MONTHS + 1))
    np.add.at(out, (seg, np.clip(age, 0, MAX_AGE_MONTHS)), 1.0)
    return out


def _pool(eng: Engine) -> dict[str, np.ndarray | tuple[np.ndarray, ...]]:
    """The pool's counts by segment, age and type, and its cells' draws."""
    p = eng.people
    idx = np.flatnonzero(p.view("alive") & (p.view("stage") == P.NONE) & ~p.view("away"))
    age = eng.age(idx)
    seg = person_segments(eng, idx)
    lo, hi = POOL_AGE_YEARS
    year = np.clip(age // 12, lo, hi - 1) - lo
    code = type_codes(eng, idx)
    shape = (N_SEG, hi - lo, N_TYPES)
    types = np.zeros(shape)
    np.add.at(types, (seg, year, code), 1.0)
    in_ok_unit = party_ok(eng)[p.unit[idx]]
    ok = schooling_ok(eng, idx) & in_ok_unit
    ok_heads = np.zeros(shape[:2])
    np.add.at(ok_heads, (seg[in_ok_unit], year[in_ok_unit]), 1.0)
    draws = eng.units.cell_draw[p.cell[idx[ok]]]
    tier = (draws < ever_inactive(eng)).astype(np.int64)
    types_ok = np.zeros((*shape[:2], TIERS * N_TYPES))
    np.add.at(types_ok, (seg[ok], year[ok], code[ok] + N_TYPES * tier), 1.0)
    cell_draw = tuple(np.sort(draws[seg[ok] == s]) for s in range(N_SEG))
    away = np.flatnonzero(p.view("alive") & (p.view("stage") == P.NONE) & p.view("away"))
    return {
        "pool_types": types,
        "pool_ok": types_ok,
        "ok_heads": ok_heads,
        "pool_age_months": _by_age_months(seg, age, N_SEG),
        "away_age_months": _by_age_months(person_segments(eng, away), eng.age(away), N_SEG)[:3],
        "cell_draw": cell_draw,
        "tier_draw": ever_inactive(eng),
        "_pool_cells": p.cell[idx[ok]],
        "_pool_seg": seg[ok],
    }


def _votes(eng: Engine, cells: np.ndarray, seg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per segment, the mean vote chance where a cell can vote and the blocked share,
    weighted by the pool's people per cell."""
    chance = vote_chances(eng)[cells]
    can = chance > 0
    n = np.bincount(seg, minlength=N_SEG).astype(float)
    n_can = np.bincount(seg[can], minlength=N_SEG).astype(float)
    mean = np.bincount(seg[can], weights=chance[can], minlength=N_SEG) / np.maximum(n_can, 1)
    blocked = np.where(n > 0, 1 - n_can / np.maximum(n, 1), 0.0)
    return np.where(n_can > 0, mean, 0.0), blocked


def _vote_cells(eng: Engine, cells: np.ndarray, seg: np.ndarray, build: int) -> tuple[np.ndarray, ...]:
    """Per segment, (present, needed, people, ``build``) of the pool's cells that can carry
    a case, one row per distinct (present, needed)."""
    present, need, can = vote_counts(eng)
    ok = can[cells]
    out = []
    for s in range(N_SEG):
        mine = cells[ok & (seg == s)]
        pairs, counts = np.unique(np.stack([present[mine], need[mine]], axis=1), axis=0, return_counts=True)
        rows = np.column_stack([pairs.reshape(-1, 2).astype(float), counts.astype(float)])
        out.append(np.column_stack([rows, np.full(len(rows), float(build))]))
    return tuple(out)


def vote_chance_at(inputs: FlowInputs, vote_pass: float) -> np.ndarray:
    """Per segment, the mean chance that a case is carried where the cell can vote (people-
    weighted within a build, averaged over the builds as ``vote_chance`` is), when each
    member present votes in favour with chance ``vote_pass`` (``inputs.vote_chance``
    itself at the build's ``vote_pass``)."""
    if vote_pass == inputs.vote_pass:
        return inputs.vote_chance
    out = np.zeros(N_SEG)
    for s, rows in enumerate(inputs.vote_cells):
        chance = binom.sf(rows[:, 1] - 1, rows[:, 0], vote_pass)
        for b in np.unique(rows[:, 3]):
            mine = rows[:, 3] == b
            out[s] += float((chance[mine] * rows[mine, 2]).sum() / rows[mine, 2].sum()) / inputs.builds
    return out


def _queue(seg: np.ndarray, due: np.ndarray) -> np.ndarray:
    out = np.zeros((N_SEG, QUEUE_MONTHS))
    np.add.at(out, (seg, due), 1.0)
    return out


def _pipeline(eng: Engine) -> dict[str, np.ndarray]:
    """The starting pipeline by stage, segment and months until its step completes."""
    p, pl = eng.people, eng.scenario.pipeline
    idx = np.flatnonzero(p.view("alive") & (p.view("stage") >= P.SOURCE) & (p.view("stage") <= P.PROBATION))
    st, seg = p.stage[idx], person_segments(eng, idx)
    due = np.clip(p.due[idx].astype(np.int64), 0, QUEUE_MONTHS - 1)
    queues = np.zeros((len(QUEUE_STAGES), N_SEG, QUEUE_MONTHS))
    for k, stage in enumerate((P.CLASS, P.CERTIFIED, P.VETTING, P.VOTE, P.APPROVAL, P.PROBATION)):
        m = st == stage
        np.add.at(queues[k], (seg[m], due[m]), 1.0)
    vet = st == P.VETTING
    stale = (due + 1 - p.papers[idx].astype(np.int64)) > int(pl.papers_valid_months)
    stale_vetting = np.zeros((N_SEG, QUEUE_MONTHS))
    np.add.at(stale_vetting, (seg[vet & stale], due[vet & stale]), 1.0)
    chance = vote_chances(eng)[p.cell[idx]]
    stuck = (st == P.VOTE) & (chance <= 0)
    queues[QUEUE_STAGES.index("vote")] -= _queue(seg[stuck], due[stuck])
    known_in = np.clip(p.joined[idx].astype(np.int64) + int(pl.introducer_months), 0, int(pl.introducer_months))
    new = known_in > 0
    k = np.maximum(known_in - 1, 0)
    unknown = np.zeros((3, N_SEG, QUEUE_MONTHS, int(pl.introducer_months)))
    for j, stage in enumerate((P.SOURCE, P.CLASS, P.CERTIFIED)):
        m = (st == stage) & new
        np.add.at(unknown[j], (seg[m], due[m] if stage == P.CLASS else 0, k[m]), 1.0)
    prob_age = np.bincount(np.clip(eng.age(idx[st == P.PROBATION]), 0, MAX_AGE_MONTHS), minlength=MAX_AGE_MONTHS + 1)
    return {
        "source": np.bincount(seg[st == P.SOURCE], minlength=N_SEG).astype(float),
        "queues": queues,
        "stale_vetting": stale_vetting,
        "stuck": np.bincount(seg[stuck], minlength=N_SEG).astype(float),
        "unknown": unknown,
        "probation_age": prob_age / max(prob_age.sum(), 1),
    }


def _members(eng: Engine) -> dict[str, np.ndarray]:
    """Full members by (segment, away, age), and the age and segment mix of transfers in."""
    p = eng.people
    idx = np.flatnonzero(p.view("alive") & (p.view("stage") == P.FULL))
    seg, away, age = person_segments(eng, idx), p.away[idx].astype(np.int64), eng.age(idx)
    members = np.zeros((N_SEG, 2, MAX_AGE_MONTHS + 1))
    np.add.at(members, (seg, away, np.clip(age, 0, MAX_AGE_MONTHS)), 1.0)
    ages = members.sum(axis=(0, 1))
    by_seg = members.sum(axis=(1, 2))
    return {
        "members": members,
        "transfer_age": ages / max(ages.sum(), 1),
        "transfer_seg": by_seg / max(by_seg.sum(), 1),
    }


def _sizes(eng: Engine) -> dict[str, np.ndarray]:
    u = eng.units
    res = u.is_residential()
    seg = np.where(res, u.area, 3 + u.non_state)
    size = u.size.astype(float)
    ok = party_ok(eng)
    ns = ~res & u.non_state
    tpl_coop = np.array([tp.owner_cooperation for tp in eng.scenario.territory.units])[u.template]
    return {
        "residential_size": np.bincount(seg[res], weights=size[res], minlength=3)[:3],
        "residential_units": np.bincount(seg[res], minlength=3)[:3].astype(float),
        "workplace_size": np.bincount(seg[~res], weights=size[~res], minlength=N_SEG)[3:],
        "party_size": np.bincount(seg[~res & u.has_party], weights=size[~res & u.has_party], minlength=N_SEG)[3:],
        "ok_size": np.bincount(seg[~res & ok], weights=size[~res & ok], minlength=N_SEG)[3:],
        "unit_arrays": {
            "size": size[ns],
            "has_party": u.has_party[ns].copy(),
            "coop_draw": u.coop_draw[ns],
            "found_draw": u.found_draw[ns],
            "coop_share": tpl_coop[ns],
        },
    }


BUILD_PEOPLE = 1_000_000
"""A small territory averages several builds (replications 0, 1, ...), as many as fit this
many people (at most :data:`MAX_BUILDS`): which cells are inactive and which units have a
party organisation are drawn per replication, and the simulation's mean is over them."""

MAX_BUILDS = 32

_CACHE: dict[tuple[str, int, int, int], FlowInputs] = {}


def _count(scenario: Scenario, seed: int, replication: int, start: StartSnapshot | None = None) -> dict:
    """The counts of one build (replication ``replication``; ``start``: the spin-up to
    start from, default the engine's)."""
    eng = Engine(scenario, replication=replication, seed=seed, start=start)
    pool = _pool(eng)
    cells, seg = pool.pop("_pool_cells"), pool.pop("_pool_seg")
    chance, blocked = _votes(eng, cells, seg)  # type: ignore[arg-type]
    return {
        **pool,
        "vote_chance": chance,
        "vote_blocked": blocked,
        "vote_cells": _vote_cells(eng, cells, seg, replication),  # type: ignore[arg-type]
        "vote_pass": float(scenario.pipeline.vote_pass),
        "builds": 1,
        **_pipeline(eng),
        **_members(eng),
        **_sizes(eng),
        "review_months": int(scenario.review_months),
        "members_start": float(eng.members_at_start),
    }


def _mean(parts: list[dict]) -> dict:
    """Average the builds' counts (draws pooled; unit arrays and review interval of the
    first build)."""
    out = dict(parts[0])
    for k, v in parts[0].items():
        if isinstance(v, np.ndarray) or k in ("members_start", "tier_draw"):
            out[k] = sum(p[k] for p in parts) / len(parts)
        elif k == "cell_draw":
            out[k] = tuple(np.sort(np.concatenate([p[k][s] for p in parts])) for s in range(N_SEG))
        elif k == "vote_cells":
            out[k] = tuple(np.concatenate([p[k][s] for p in parts]) for s in range(N_SEG))
    out["builds"] = len(parts)
    return out


def flow_inputs(
    scenario: Scenario, seed: int | None = None, builds: int | None = None, start: StartSnapshot | None = None
) -> FlowInputs:
    """Build the engine for month 0 and count its state, averaged over the builds of
    replications 0..builds-1 (cached per scenario and seed; the build runs the spin-up
    where the scenario needs one, once).

    Args:
        scenario: The validated scenario.
        seed: Seed of the build (default: the scenario's).
        builds: Builds to average (default: as many as fit :data:`BUILD_PEOPLE` people).
        start: The spin-up to start from (default: the engine's; a preview's sample passes
            the one :func:`partysim.analysis.preview.run_preview` uses).
    """
    seed = scenario.seed if seed is None else int(seed)
    if builds is None:
        people = sum(u.count * (u.people + u.members) for u in scenario.territory.units)
        builds = int(np.clip(BUILD_PEOPLE // max(people, 1), 1, MAX_BUILDS))
    key = (scenario.sha256(), seed, builds, id(start))
    if key not in _CACHE:
        if len(_CACHE) >= 8:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = FlowInputs(**_mean([_count(scenario, seed, r, start) for r in range(builds)]))
    return _CACHE[key]
