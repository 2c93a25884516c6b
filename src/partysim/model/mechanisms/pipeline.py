"""The admission pipeline, stage by stage.

source list (identification by cells and mass organisations) -> awareness class (seats
limited; certificate valid 60 months) -> dossier with two introducers -> background
vetting (lognormal time, longer with relatives elsewhere or a resisting family; papers
expire after 12 months without a vote) -> cell vote (two thirds of full members; needs a
quorum of full members at home) -> approval by the higher committee (within 60 working
days) -> **admission** (the counted event) -> 12 months' probation -> recognition as a
full member, or removal (re-admission barred for 36 months).

Capacity-limited steps (class seats) take those waiting longest, ties broken by each
person's fixed draw, so common random numbers survive a change in capacity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.special import ndtri
from scipy.stats import binom

from partysim.model import people as P
from partysim.model.columns import GROUP_COLUMN
from partysim.model.counters import FUNNEL_FLOWS
from partysim.model.groups import GROUPS, group_counts, group_masks
from partysim.model.kernels import due_now, eligible_mask, full_member_cells
from partysim.model.mechanisms import composition
from partysim.model.mechanisms.employment import party_ok
from partysim.model.review_kernels import identify_scan
from partysim.model.streams import monthly, thresholds
from partysim.scenario.ages import ADULT_AGE_MONTHS, UPPER_AGE_MONTHS, YOUTH_LIMIT_MONTHS

if TYPE_CHECKING:
    from partysim.model.engine import Engine

FUNNEL_OF_FLOW: dict[str, str] = {flow: stage for stage, flow in FUNNEL_FLOWS.items()}
"""Monthly flow -> the funnel stage it enters."""


def cell_active(eng: Engine) -> np.ndarray:
    """Cells that identify candidates normally this month (others are inactive).

    A share ``pipeline.inactive_cell_share`` of cells (by their fixed draw) is inactive; the
    ``quota_accountability`` lever revives part of them (effect ``quota_revives_inactive``)."""
    pl, eff = eng.scenario.pipeline, eng.scenario.effects
    inactive = pl.inactive_cell_share * (1 - eff.quota_revives_inactive * eng.lever("quota_accountability"))
    return eng.units.cell_draw >= inactive


def _enter(eng: Engine, idx: np.ndarray, stage: int, months: np.ndarray | int | None = None) -> None:
    """Move ``idx`` into ``stage`` this month; its step completes after ``months``."""
    p = eng.people
    p.stage[idx] = stage
    p.since[idx] = eng.t
    if months is not None:
        p.due[idx] = eng.t + months


def _count(eng: Engine, flow: str, idx: np.ndarray) -> None:
    """Count ``idx`` in ``flow`` and, for a funnel flow, by group."""
    eng.counters.add(flow, len(idx))
    eng.counters.enter(FUNNEL_OF_FLOW[flow], group_counts(eng, idx))


def _due(eng: Engine, pipe: np.ndarray, stage: int) -> np.ndarray:
    """People at ``stage`` whose step completes this month (``pipe`` is a superset)."""
    return due_now(pipe, eng.people.stage, eng.people.due, stage, eng.t)


def min_school(eng: Engine) -> np.ndarray:
    """Per unit, the lowest schooling that qualifies (int8): the lower-secondary diploma,
    or primary school in mountain, border, island, ethnic-minority and hardship areas (the
    unit's ``hardship_area``; default: mountain)."""
    return np.where(eng.units.hardship, P.PRIMARY, P.LOWER_SECONDARY).astype(np.int8)


def schooling_ok(eng: Engine, idx: np.ndarray | slice) -> np.ndarray:
    """Whether the people at ``idx`` have the schooling required (:func:`min_school`)."""
    p = eng.people
    return p.school[idx] >= min_school(eng)[p.unit[idx]]


NO_SCHOOL_QUALIFIES = np.int8(P.POSTGRADUATE + 1)
"""A minimum schooling no one reaches (units where no party organisation takes candidates)."""


def eligible_among(eng: Engine, idx: np.ndarray | slice) -> np.ndarray:
    """Boolean mask: who of ``idx`` (slots, or a slice of them) may be put on the source
    list this month: aged at least ``pipeline.source_min_age`` and under
    ``demography.eligibility_max_age``, outside the pipeline, alive, at home, not barred,
    schooled (:func:`min_school`) and in a unit whose party organisation can take
    candidates (:func:`~partysim.model.mechanisms.employment.party_ok`)."""
    p = eng.people
    if isinstance(idx, slice):
        idx = np.arange(idx.start, idx.stop, idx.step)
    lo, hi, need = eligibility(eng)
    arrays = (p.birth, p.stage, p.alive, p.away, p.never, p.barred_until, p.school, p.unit)
    return eligible_mask(idx, arrays, (lo, hi, eng.t), P.NONE, need)


def eligibility(eng: Engine) -> tuple[int, int, np.ndarray]:
    """What :func:`eligible_among` and :func:`identify` ask of a person this month: born
    after month ``lo`` (younger than ``demography.eligibility_max_age``) and at or before
    month ``hi`` (at least ``pipeline.source_min_age``: 18 counts at the vote), and per
    unit the lowest schooling code that qualifies (none where the party organisation
    cannot take candidates)."""
    lo = eng.t - int(eng.scenario.demography.eligibility_max_age * 12)
    hi = eng.t - int(eng.scenario.pipeline.source_min_age * 12)
    return lo, hi, np.where(party_ok(eng), min_school(eng), NO_SCHOOL_QUALIFIES)


def identification_table(eng: Engine) -> np.ndarray:
    """Annual identification rate by (occupation, Youth Union, aged 18-30, cell active),
    before the person's group factor (:mod:`~partysim.model.mechanisms.composition`); the
    probability is the product, at most 1.

    Product of the base rate, occupation factor, Youth Union factor (raised by mass
    organisations' engagement), willingness by age (youth apathy), the cell's activity
    (raised by quota accountability) and general activity (lowered by COVID-19).
    """
    pl, eff = eng.scenario.pipeline, eng.scenario.effects
    occ = np.array(
        [
            1.0,  # farm / informal
            pl.state_sector_factor,  # state agency
            pl.state_sector_factor,  # state enterprise
            pl.non_state_factor,  # non-state enterprise
            pl.student_factor * (1 + eff.student_drive * eng.lever("student_drive")),  # student
            1.0,  # other
        ]
    )
    yu = np.array([1.0, pl.youth_union_factor * (1 + eff.mass_org * eng.lever("mass_org_engagement"))])
    young = np.array([pl.age_over_30_factor * pl.willingness_adult, pl.willingness_youth])
    cell = np.array([pl.inactive_cell_factor, 1 + eff.quota_accountability * eng.lever("quota_accountability")])
    table = occ[:, None, None, None] * yu[None, :, None, None] * young[None, None, :, None] * cell[None, None, None, :]
    return pl.identification_rate * table * eng.lever("activity")


def identify(eng: Engine) -> None:
    """Cells and mass organisations put eligible people on the source list
    (each person considered every ``review_months`` months)."""
    reviewed = eng.review_slice()
    if eng.t % 12 == 0:  # eligible people, estimated once a year from the people reviewed
        ok = reviewed.start + np.flatnonzero(eligible_among(eng, reviewed)) * reviewed.step
        eng.accumulators["_eligible"] = len(ok) * reviewed.step
        eng.accumulators["_eligible_groups"] = group_counts(eng, ok) * reviewed.step
    table = identification_table(eng).ravel()
    top = min(1.0, float(table.max()) * composition.max_identification_factor(eng))
    limit = int(thresholds(eng.review_probability(top)))
    # a person's annual rate is table[code] times their group factor, at most 1: tabled
    # for every (code, group) pair, so the threshold is one lookup per person
    annual = np.minimum(table[:, None] * composition.identification_factor_table(eng)[None, :], 1.0)
    p = eng.people
    lo, hi, need = eligibility(eng)
    new = identify_scan(
        eng.review("identify", limit),
        (p.birth, p.stage, p.alive, p.away, p.never, p.barred_until, p.school, p.unit, p.cell),
        (p.occ, p.youth_union, p.female, p.minority, p.religious),
        (lo, hi, eng.t, YOUTH_LIMIT_MONTHS),
        need,
        cell_active(eng),
        thresholds(eng.review_probability(annual)),
    )
    if len(new) == 0:
        return
    _enter(eng, new, P.SOURCE)
    eng.entered_pipeline(new)
    _count(eng, "identified", new)


def remedial_schooling(eng: Engine) -> None:
    """Remedial lower-secondary classes for adults (lever ``remedial_per_year``)."""
    k = eng.accumulate("remedial", eng.lever("remedial_per_year") / 12.0)
    if k <= 0:
        return
    p = eng.people
    idx = np.flatnonzero(p.view("alive") & ~p.view("away") & (p.view("school") < P.LOWER_SECONDARY))
    age = eng.age(idx)
    idx = idx[(age >= ADULT_AGE_MONTHS) & (age < UPPER_AGE_MONTHS) & eng.unit_residential[p.unit[idx]]]
    if len(idx) == 0:
        return
    bits = eng.streams.bits("remedial_seat", 0, idx)
    first = np.argpartition(bits, k - 1)[:k] if k < len(idx) else np.arange(len(idx))
    chosen = idx[first[np.argsort(bits[first], kind="stable")]]  # the k smallest draws, as before
    passed = chosen[eng.streams.bernoulli("remedial_pass", eng.t, chosen, eng.scenario.pipeline.remedial_pass)]
    p.school[passed] = P.LOWER_SECONDARY
    eng.counters.add("remedial_passed", len(passed))


def source_dropout(eng: Engine) -> None:
    """People on the source list drop off while waiting for a class."""
    pipe = eng.candidates_idx()
    src = pipe[eng.people.stage[pipe] == P.SOURCE]
    out = src[eng.streams.bernoulli("source_dropout", eng.t, src, monthly(eng.scenario.pipeline.source_dropout))]
    eng.drop_candidates(out, "other")


def classes(eng: Engine) -> None:
    """Awareness classes: seats this month go to those waiting longest."""
    k = eng.accumulate("classes", eng.lever("classes_per_year") * eng.lever("activity") / 12.0)
    if k <= 0:
        return
    seats = int(k * eng.lever("seats_per_class"))
    p = eng.people
    pipe = eng.candidates_idx()
    src = pipe[(p.stage[pipe] == P.SOURCE) & ~p.away[pipe]]
    if len(src) == 0:
        return
    order = np.lexsort((eng.streams.bits("class_seat", 0, src), p.since[src]))
    seated = src[order[:seats]]
    _enter(eng, seated, P.CLASS, int(eng.scenario.pipeline.class_months))
    _count(eng, "class_entries", seated)


def certificates(eng: Engine) -> None:
    """Class ends: certificate (valid 60 months) or not."""
    p, pl = eng.people, eng.scenario.pipeline
    done = _due(eng, eng.candidates_idx(), P.CLASS)
    if len(done) == 0:
        return
    ok = eng.streams.bernoulli("class_pass", eng.t, done, pl.class_pass)
    eng.drop_candidates(done[~ok], "other")
    passed = done[ok]
    _enter(eng, passed, P.CERTIFIED, 1)
    p.cert[passed] = eng.t
    _count(eng, "certificates", passed)


def vetting_months(eng: Engine, idx: np.ndarray, stream: str) -> np.ndarray:
    """Background-vetting time of each person at ``idx`` (months, at least 1)."""
    p, pl, eff = eng.people, eng.scenario.pipeline, eng.scenario.effects
    base = pl.vetting_median_months * (1 - eff.faster_vetting * eng.lever("faster_vetting"))
    median = base * np.where(p.relatives_elsewhere[idx], pl.relatives_elsewhere_factor, 1.0)
    median = median * np.where(p.family_resists[idx], pl.family_resists_factor, 1.0)
    median = median * composition.vetting_factor(eng, idx)
    z = ndtri(eng.streams.uniform(stream, eng.t, idx))
    return np.maximum(1, np.round(median * np.exp(pl.vetting_sigma * z))).astype(np.int16)


def _expired_certificates(eng: Engine, idx: np.ndarray) -> np.ndarray:
    """Send people whose certificate has lapsed back to the source list; return the rest."""
    p = eng.people
    lapsed = (eng.t - p.cert[idx].astype(np.int32)) > int(eng.scenario.pipeline.certificate_valid_months)
    back = idx[lapsed]
    if len(back):
        eng.counters.lose(p.stage[back], "expired")
        _enter(eng, back, P.SOURCE)
    return idx[~lapsed]


def dossier_start_probability(eng: Engine) -> float:
    """Monthly probability that a certified candidate starts the dossier.

    The mean wait is ``pipeline.dossier_start_months``, shortened when cells are held
    accountable for their quota (``effects.quota_speeds_dossier``)."""
    pl, eff = eng.scenario.pipeline, eng.scenario.effects
    mean = pl.dossier_start_months * (1 - eff.quota_speeds_dossier * eng.lever("quota_accountability"))
    return float(1 - np.exp(-1.0 / max(mean, 0.05)))


def dossiers(eng: Engine) -> None:
    """Start the dossier: two introducers, then background vetting."""
    p, pl = eng.people, eng.scenario.pipeline
    waiting = _expired_certificates(eng, _due(eng, eng.candidates_idx(), P.CERTIFIED))
    start = waiting[eng.streams.bernoulli("dossier_start", eng.t, waiting, dossier_start_probability(eng))]
    if len(start) == 0:
        return
    known = (eng.t - p.joined[start].astype(np.int32)) >= int(pl.introducer_months)
    p.due[start[~known]] = eng.t + 1  # no one has worked with them 12 months yet: wait
    start = start[known]
    no_intro = eng.streams.bernoulli("introducers", eng.t, start, pl.introducer_failure)
    blocked = p.family_resists[start] & eng.streams.bernoulli("family_block", eng.t, start, pl.family_block)
    eng.drop_candidates(start[no_intro | blocked], "refused")
    go = start[~(no_intro | blocked)]
    _enter(eng, go, P.VETTING, vetting_months(eng, go, "vetting"))
    p.papers[go] = eng.t
    _count(eng, "dossiers", go)


def vetting_done(eng: Engine) -> None:
    """Vetting finished: the case goes to the cell's next meeting."""
    done = _due(eng, eng.candidates_idx(), P.VETTING)
    _enter(eng, done, P.VOTE, 1)


def vote_chances(eng: Engine) -> np.ndarray:
    """Per cell, the chance that a candidate's case is carried (0 where it cannot be).

    Charter, Art. 4: at least two thirds (``vote_threshold``) of the cell's full members
    must vote in favour. Members working away and members exempted from activities count
    in that total in the shares ``vote_away_counted`` and ``vote_exempt_counted`` (the rule
    is unclear); neither can vote in favour. Each full member present votes in favour with
    chance ``vote_pass``. A cell with fewer than ``min_full_members_vote`` full members, or
    with fewer present than the votes needed, cannot carry a case: candidates wait.
    Counted every ``review_months`` months.
    """
    cached = eng.accumulators.get("_vote_chances")
    if cached is not None and eng.t % eng.scenario.review_months:
        return cached
    present, need, can = vote_counts(eng)
    chance = binom.sf(need - 1, present, eng.scenario.pipeline.vote_pass)
    chance = np.where(can, chance, 0.0)
    eng.accumulators["_vote_chances"] = chance
    return chance


def vote_counts(eng: Engine) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell, the full members present, the votes in favour needed (see
    :func:`vote_chances`) and whether the cell can carry a case at all (a quorum)."""
    p, pl, n_cells = eng.people, eng.scenario.pipeline, eng.units.n_cells_total
    present, away, exempt = full_member_cells(
        eng.pipeline_idx(),
        (p.stage, p.birth, p.away, p.cell),
        eng.t,
        P.FULL,
        eng.scenario.outflow.exemption_age * 12,
        n_cells,
    )
    counted = present + pl.vote_away_counted * away + pl.vote_exempt_counted * exempt
    need = np.ceil(pl.vote_threshold * counted - 1e-9).astype(np.int64)
    return present, need, (counted >= pl.min_full_members_vote) & (present >= need) & (need > 0)


def vote(eng: Engine) -> None:
    """Cell vote (see :func:`vote_chances`). Papers older than 12 months are redone first;
    a cell that cannot carry the case, or a candidate not yet 18, waits a month."""
    p, pl = eng.people, eng.scenario.pipeline
    due = _expired_certificates(eng, _due(eng, eng.candidates_idx(), P.VOTE))
    if len(due) == 0:
        return
    stale = (eng.t - p.papers[due].astype(np.int32)) > int(pl.papers_valid_months)
    redo = due[stale]
    p.stage[redo] = P.VETTING
    p.papers[redo] = eng.t
    p.due[redo] = eng.t + vetting_months(eng, redo, "vetting_redo")
    eng.counters.add("papers_redone", len(redo))
    ready = due[~stale]
    chance = vote_chances(eng)[p.cell[ready]]
    adult = eng.age(ready) >= int(eng.scenario.demography.eligibility_min_age * 12)
    can = (chance > 0) & adult  # no quorum, or not yet 18 on the day: wait a month
    p.due[ready[~can]] = eng.t + 1
    voting = ready[can]
    passed = eng.streams.uniform("vote", eng.t, voting) < chance[can]
    eng.drop_candidates(voting[~passed], "refused")
    ok = voting[passed]
    wait = 1 + (eng.streams.uniform("approval_wait", eng.t, ok) * int(pl.approval_months_max)).astype(np.int16)
    _enter(eng, ok, P.APPROVAL, wait)
    _count(eng, "votes", voting)


def approval(eng: Engine) -> None:
    """The higher committee's decision: **admission** (counted), start of probation."""
    p, pl = eng.people, eng.scenario.pipeline
    adm = _due(eng, eng.candidates_idx(), P.APPROVAL)
    if len(adm) == 0:
        return
    _enter(eng, adm, P.PROBATION, int(pl.probation_months))
    c = eng.counters
    c.add("admissions", len(adm))
    masks = group_masks(eng, adm)
    by_group = np.count_nonzero(masks, axis=1)
    for g, name in enumerate(GROUPS):
        c.add(GROUP_COLUMN[name], by_group[g])
    c.enter("admitted", by_group)
    go = eng.units.cell_go[p.cell[adm]]
    np.add.at(c.go_admissions, go, 1)
    for g in range(len(GROUPS)):
        np.add.at(c.go_group_admissions[g], go[masks[g]], 1)
    np.add.at(c.cell_admissions, p.cell[adm], 1)


def probation_end(eng: Engine) -> None:
    """After 12 months: recognition as a full member, or removal (re-admission barred)."""
    p, pl = eng.people, eng.scenario.pipeline
    done = _due(eng, eng.candidates_idx(), P.PROBATION)
    if len(done) == 0:
        return
    ok = eng.streams.bernoulli("recognition", eng.t, done, pl.recognition)
    full, removed = done[ok], done[~ok]
    _enter(eng, full, P.FULL)
    p.stage[removed] = P.NONE
    p.barred_until[removed] = eng.t + int(pl.readmission_wait_months)
    _count(eng, "recognitions", full)
    eng.counters.add("probation_removals", len(removed))
