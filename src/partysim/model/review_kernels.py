"""Compiled review passes: the prescreen hash of one decision fused with its mechanism's
checks, in one pass over the slots reviewed this month.

A mechanism could hash the reviewed slots (:meth:`Engine.prescreen`), keep the few whose
draw is below the largest threshold, then gather their attributes with numpy to find
who is at risk and whose draw is below *their* threshold. Each kernel here does the same
in one compiled call: the slots ``start, start + step, ... < stop`` are hashed a block at
a time (vectorised) and the few below the largest threshold kept with their draws
(:func:`_review_hits`, shared by every kernel), then each is checked, reading the person's
attributes once.
The draws, thresholds and comparisons are the same as before, so are the results, bit for
bit (``tests/model/test_engine_fingerprint.py``); each returns the slots (int64, in slot
order) the numpy version returned.

Thresholds are integers (``bits < threshold`` is the event, see
:func:`partysim.model.streams.thresholds`); ``limit`` is at most ``2**32`` (everyone).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from partysim.model.kernels import mix_below_strided
from partysim.model.people import NONE

__all__ = ["death_scan", "identify_scan", "leave_scan", "old_scan", "return_scan", "turnover_scan"]


@njit(cache=True, inline="always")
def _review_hits(review: tuple[int, int, int, int, int]) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    """The reviewed slots whose draw is below ``limit``, and their draws, in slot order
    (:func:`~partysim.model.kernels.mix_below_strided` of the review)."""
    start, stop, step, key, limit = review
    return mix_below_strided(start, stop, step, key, limit)


@njit(cache=True)
def death_scan(
    review: tuple[int, int, int, int, int], alive: np.ndarray, birth: np.ndarray, t: int, thr: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled
    """Deaths: reviewed living people whose draw is below ``thr[min(age, len(thr) - 1)]``.

    Args:
        review: (start, stop, step, key, limit) of the reviewed slots and the decision.
        alive: Alive flags.
        birth: Birth months (age is ``t - birth`` months).
        t: This month.
        thr: Threshold per age in months (uint64).
    """
    top = len(thr) - 1
    slots, bits = _review_hits(review)
    out = np.empty(len(slots), dtype=np.int64)
    n = 0
    for i in range(len(slots)):
        s = slots[i]
        if alive[s] and bits[i] < thr[min(int(t - birth[s]), top)]:
            out[n] = s
            n += 1
    return out[:n].copy()


@njit(cache=True)
def return_scan(review: tuple[int, int, int, int, int], away: np.ndarray) -> np.ndarray:  # pragma: no cover
    """Returns home: reviewed people away whose draw is below ``limit`` (one threshold)."""
    slots = _review_hits(review)[0]
    return slots[away[slots]]


@njit(cache=True)
def leave_scan(
    review: tuple[int, int, int, int, int],
    people: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    units: tuple[np.ndarray, np.ndarray],
    band: np.ndarray,
    t: int,
    member_from: int,
    thr: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled
    """Leaving to work away: reviewed living residents at home (``units[0]`` true for their
    unit) whose draw is below ``thr[(band[age] * 3 + area) * 2 + member]``.

    Args:
        review: (start, stop, step, key, limit).
        people: The arrays (alive, away, unit, birth, stage).
        units: Per unit, (residential, area).
        band: Age band per age in months (ages past its end use the last entry).
        t: This month.
        member_from: Stage code from which a person is a member.
        thr: Threshold per (age band, area, member) code (uint64).
    """
    alive, away, unit, birth, stage = people
    residential, area = units
    top = len(band) - 1
    slots, bits = _review_hits(review)
    out = np.empty(len(slots), dtype=np.int64)
    n = 0
    for i in range(len(slots)):
        s = slots[i]
        if not alive[s] or away[s]:
            continue
        u = unit[s]
        if not residential[u]:
            continue
        code = (np.int64(band[min(int(t - birth[s]), top)]) * 3 + area[u]) * 2 + (stage[s] >= member_from)
        if bits[i] < thr[code]:
            out[n] = s
            n += 1
    return out[:n].copy()


@njit(cache=True)
def turnover_scan(
    review: tuple[int, int, int, int, int],
    people: tuple[np.ndarray, np.ndarray, np.ndarray],
    units: tuple[np.ndarray, np.ndarray],
    member_from: int,
    thr: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled
    """Leaving a job: reviewed living people of workplace units (``units[0]``) whose draw
    is below ``thr[non_state + 2 * member]``.

    Args:
        review: (start, stop, step, key, limit).
        people: The arrays (alive, unit, stage).
        units: Per unit, (workplace, non_state).
        member_from: Stage code from which a person is a member.
        thr: Threshold per code (uint64).
    """
    alive, unit, stage = people
    workplace, non_state = units
    slots, bits = _review_hits(review)
    out = np.empty(len(slots), dtype=np.int64)
    n = 0
    for i in range(len(slots)):
        s = slots[i]
        if not alive[s]:
            continue
        u = unit[s]
        if workplace[u] and bits[i] < thr[np.int64(non_state[u]) + 2 * (stage[s] >= member_from)]:
            out[n] = s
            n += 1
    return out[:n].copy()


@njit(cache=True)
def identify_scan(
    review: tuple[int, int, int, int, int],
    people: tuple[
        np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
    ],
    traits: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    ages: tuple[int, int, int, int],
    need: np.ndarray,
    active: np.ndarray,
    thr: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled
    """Identification: reviewed people eligible for the source list (as
    :func:`partysim.model.kernels.eligible_mask`) whose draw is below their threshold.

    Args:
        review: (start, stop, step, key, limit).
        people: The arrays (birth, stage, alive, away, never, barred_until, school, unit, cell).
        traits: The arrays (occ, youth_union, female, minority, religious).
        ages: (lo, hi, t, young): born after month ``lo`` and at or before ``hi``, not barred
            after month ``t``; young when ``t - birth`` is below ``young`` months.
        need: Per unit, the lowest schooling code that qualifies.
        active: Per cell, whether it identifies normally.
        thr: Threshold (uint64) per (occupation, Youth Union, young, cell active) code
            ``((occ * 2 + yu) * 2 + young) * 2 + active`` (rows) and (schooling, woman,
            minority, religious) code ``((school * 2 + female) * 2 + minority) * 2 +
            religious`` (columns).
    """
    birth, stage, alive, away, never, barred_until, school, unit, cell = people
    occ, youth_union, female, minority, religious = traits
    lo, hi, t, young = ages
    slots, bits = _review_hits(review)
    out = np.empty(len(slots), dtype=np.int64)
    n = 0
    for i in range(len(slots)):
        s = slots[i]
        b = birth[s]
        if b <= lo or b > hi or stage[s] != NONE or not alive[s] or away[s] or never[s] or barred_until[s] > t:
            continue
        sch = school[s]
        if sch < need[unit[s]]:
            continue
        c1 = ((np.int64(occ[s]) * 2 + youth_union[s]) * 2 + (t - np.int64(b) < young)) * 2 + active[cell[s]]
        c2 = ((np.int64(sch) * 2 + female[s]) * 2 + minority[s]) * 2 + religious[s]
        if bits[i] < thr[c1, c2]:
            out[n] = s
            n += 1
    return out[:n].copy()


@njit(cache=True)
def old_scan(
    n: int, birth: np.ndarray, alive: np.ndarray, stage: np.ndarray, born_by: int, member_from: int
) -> np.ndarray:  # pragma: no cover
    """Slots below ``n`` of living non-members (stage below ``member_from``) born at or
    before month ``born_by`` (int64, ascending): the yearly ageing out, in one pass."""
    out = np.empty(n, dtype=np.int64)
    k = 0
    for i in range(n):
        if birth[i] <= born_by and alive[i] and stage[i] < member_from:
            out[k] = i
            k += 1
    return out[:k].copy()
