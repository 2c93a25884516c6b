"""Compiled loops (numba) for the engine's passes over the whole population.

Each kernel does in one pass what several numpy passes did (a mask, a gather, a compare,
``flatnonzero``), with the same arithmetic, so the numbers are the same bit for bit
(``tests/model/test_engine_fingerprint.py``). Integers are hashed in 64 bits and masked to
32, which is exactly the uint32 wrap-around of the numpy version.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = [
    "count_where",
    "due_now",
    "eligible_mask",
    "full_member_cells",
    "group_code",
    "in_pipeline",
    "life_course_scan",
    "mix",
    "mix_below_among",
    "mix_below_strided",
    "pipeline_tally",
    "unit_counts_by_row",
]

_GOLDEN = np.uint32(0x9E3779B1)
_C1 = np.uint32(0x7FEB352D)
_C2 = np.uint32(0x846CA68B)
_S15 = np.uint32(15)
_S16 = np.uint32(16)
_BLOCK = 1024
"""Slots hashed at a time into a small buffer by the block-wise passes."""


@njit(cache=True, inline="always")
def _hash(x: np.uint32, key: np.uint32) -> np.uint32:  # pragma: no cover - compiled
    """lowbias32 of ``x * golden ^ key``; every product is cut back to 32 bits (numba
    widens integer arithmetic to 64 bits), which is the uint32 wrap-around of numpy."""
    z = np.uint32(np.uint32(x * _GOLDEN) ^ key)
    z = np.uint32(z ^ (z >> _S16))
    z = np.uint32(z * _C1)
    z = np.uint32(z ^ (z >> _S15))
    z = np.uint32(z * _C2)
    return np.uint32(z ^ (z >> _S16))


@njit(cache=True)
def mix(x: np.ndarray, key: int) -> np.ndarray:  # pragma: no cover - compiled
    """lowbias32 hash of each slot in ``x`` mixed with the 32-bit ``key`` (uint32).

    Args:
        x: Person slots (any non-negative integers; taken modulo 2**32).
        key: The stream's 32-bit key.
    """
    k = np.uint32(key)
    out = np.empty(len(x), dtype=np.uint32)
    for i in range(len(x)):
        out[i] = _hash(np.uint32(x[i]), k)
    return out


@njit(cache=True)
def _hash_run(x0: int, step: int, key: np.uint32, out: np.ndarray, m: int) -> None:  # pragma: no cover
    """Hashes of slots ``x0, x0 + step, ...`` into ``out[:m]`` (a simple loop the compiler
    vectorises)."""
    for j in range(m):
        out[j] = _hash(np.uint32(x0 + j * step), key)


@njit(cache=True)
def mix_below_strided(
    start: int, stop: int, step: int, key: int, limit: int
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """Slots ``start, start + step, ... < stop`` whose hash is below ``limit`` (at most 2**32).

    Hashed a block at a time into a small buffer (vectorised), then the few below the
    limit are kept with a branch (cheaper than a branch-free store chain when few pass).

    Returns:
        (slots (int64), their hashes (uint32)), in slot order.
    """
    k = np.uint32(key)
    lim = np.uint64(limit)
    m = max(0, (stop - start + step - 1) // step)
    slots = np.empty(m + 1, dtype=np.int64)
    bits = np.empty(m + 1, dtype=np.uint32)
    buf = np.empty(_BLOCK, dtype=np.uint32)
    n = 0
    for b0 in range(0, m, _BLOCK):
        bm = min(m - b0, _BLOCK)
        x0 = start + b0 * step
        _hash_run(x0, step, k, buf, bm)
        for j in range(bm):
            v = buf[j]
            if v < lim:
                slots[n] = x0 + j * step
                bits[n] = v
                n += 1
    return slots[:n].copy(), bits[:n].copy()


@njit(cache=True)
def mix_below_among(
    idx: np.ndarray, phase: int, step: int, key: int, limit: int
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """Slots of ``idx`` (non-negative, below 2**31) equal to ``phase`` modulo ``step`` whose
    hash is below ``limit`` (at most 2**32), and those hashes, in ``idx`` order.

    The remainder is found by a floating-point quotient corrected by one step either way,
    which is exact and avoids an integer division per slot.
    """
    k = np.uint32(key)
    lim = np.uint64(limit)
    inv = 1.0 / step
    slots = np.empty(len(idx) + 1, dtype=np.int64)
    bits = np.empty(len(idx) + 1, dtype=np.uint32)
    n = 0
    for j in range(len(idx)):
        s = np.int64(idx[j])
        rem = s - np.int64(s * inv) * step
        if rem >= step:
            rem -= step
        elif rem < 0:
            rem += step
        if rem != phase:
            continue
        v = _hash(np.uint32(s), k)
        slots[n] = s
        bits[n] = v
        n += 1 if v < lim else 0
    return slots[:n].copy(), bits[:n].copy()


@njit(cache=True)
def count_where(values: np.ndarray, where: np.ndarray, n: int) -> np.ndarray:  # pragma: no cover - compiled
    """``np.bincount(values[where], minlength=n)`` in one pass (int64, length ``n``;
    values are below ``n``). Runs of equal values (people are stored unit by unit) are
    counted in a register and added once, which avoids a chain of dependent stores."""
    out = np.zeros(n, dtype=np.int64)
    cur = -1
    run = 0
    for i in range(len(values)):
        if where[i]:
            v = values[i]
            if v == cur:
                run += 1
            else:
                if cur >= 0:
                    out[cur] += run
                cur = v
                run = 1
    if cur >= 0:
        out[cur] += run
    return out


@njit(cache=True)
def life_course_scan(
    start: int,
    stop: int,
    step: int,
    t: int,
    alive: np.ndarray,
    birth: np.ndarray,
    youth_union: np.ndarray,
    occ: np.ndarray,
    youth_limit: int,
    student: int,
    student_limit: int,
) -> np.ndarray:  # pragma: no cover - compiled
    """Over slots ``start:stop:step``: end Youth Union membership of the living at or past
    ``youth_limit`` months (in place), and return the living students at or past
    ``student_limit`` months (slots, int64). Age is ``t - birth`` months."""
    m = max(0, (stop - start + step - 1) // step)
    done = np.empty(m + 1, dtype=np.int64)
    todo = np.empty(_BLOCK + 1, dtype=np.int64)
    n = 0
    for b0 in range(0, m, _BLOCK):
        # a block at a time: first, without branches, the few in the Youth Union or studying
        c = 0
        s = start + b0 * step
        for _ in range(min(m - b0, _BLOCK)):
            todo[c] = s
            c += youth_union[s] | (occ[s] == student)
            s += step
        for q in range(c):
            s = todo[q]
            if not alive[s]:
                continue
            age = t - np.int64(birth[s])
            if youth_union[s] and age >= youth_limit:
                youth_union[s] = False
            if occ[s] == student and age >= student_limit:
                done[n] = s
                n += 1
    return done[:n].copy()


@njit(cache=True)
def in_pipeline(stage: np.ndarray, none: int, full: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    """Slots whose ``stage`` is not ``none`` and, of those, the ones not ``full`` (both
    int64, ascending): ``flatnonzero(stage != none)`` and its subset, in one pass."""
    pipe = np.empty(len(stage), dtype=np.int64)
    active = np.empty(len(stage), dtype=np.int64)
    n = 0
    k = 0
    for i in range(len(stage)):
        s = stage[i]
        if s != none:
            pipe[n] = i
            n += 1
            if s != full:
                active[k] = i
                k += 1
    return pipe[:n].copy(), active[:k].copy()


@njit(cache=True)
def eligible_mask(
    idx: np.ndarray,
    people: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    ages: tuple[int, int, int],
    none: int,
    min_school: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled
    """Who of ``idx`` may be put on the source list (bool, one per slot).

    Args:
        idx: Slots.
        people: The arrays (birth, stage, alive, away, never, barred_until, school, unit).
        ages: (lo, hi, t): born after month ``lo`` and at or before month ``hi``, not
            barred after month ``t``.
        none: The stage code of people outside the pipeline.
        min_school: Per unit, the lowest schooling code that qualifies (above every code
            where no party organisation can take candidates).
    """
    birth, stage, alive, away, never, barred_until, school, unit = people
    lo, hi, t = ages
    out = np.zeros(len(idx), dtype=np.bool_)
    for j in range(len(idx)):
        i = idx[j]
        b = birth[i]
        if b <= lo or b > hi or stage[i] != none or not alive[i] or away[i] or never[i] or barred_until[i] > t:
            continue
        out[j] = school[i] >= min_school[unit[i]]
    return out


@njit(cache=True)
def full_member_cells(
    pipe: np.ndarray,
    people: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    t: int,
    full: int,
    exempt_age: float,
    n_cells: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """Full members of each cell among slots ``pipe``: (present, away, exempt), int64 per cell.

    Args:
        pipe: Slots (a superset: only stage ``full`` counts).
        people: The arrays (stage, birth, away, cell).
        t: This month (age is ``t - birth`` months).
        full: The stage code of full members.
        exempt_age: Age (months) from which a member is exempt (counted as exempt, not away).
        n_cells: Number of cells.
    """
    stage, birth, away, cell = people
    present = np.zeros(n_cells, dtype=np.int64)
    gone = np.zeros(n_cells, dtype=np.int64)
    exempt = np.zeros(n_cells, dtype=np.int64)
    for i in pipe:
        if stage[i] != full:
            continue
        c = cell[i]
        if t - np.int64(birth[i]) >= exempt_age:
            exempt[c] += 1
        elif away[i]:
            gone[c] += 1
        else:
            present[c] += 1
    return present, gone, exempt


@njit(cache=True)
def pipeline_tally(
    pipe: np.ndarray, stage: np.ndarray, away: np.ndarray, codes: tuple[int, int, int, int]
) -> tuple[np.ndarray, np.ndarray, int, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """People of ``pipe`` per stage (int64, ``n_stages``), the members among them (stage at
    least ``member_from``; slots in ``pipe`` order), how many members are away and, in the
    same pass, the slots of ``pipe`` in the pipeline now (stage not ``none``) and of those
    the ones not ``full`` (int64, in ``pipe`` order).
    ``codes``: (n_stages, member_from, none, full)."""
    n_stages, member_from, none, full = codes
    counts = np.zeros(n_stages, dtype=np.int64)
    members = np.empty(len(pipe), dtype=np.int64)
    kept = np.empty(len(pipe), dtype=np.int64)
    active = np.empty(len(pipe), dtype=np.int64)
    n = n_away = n_kept = n_active = n_full = 0
    for i in pipe:
        s = stage[i]
        if s == none:
            counts[s] += 1
            continue
        kept[n_kept] = i
        n_kept += 1
        if s == full:  # most: counted in a register, not through memory
            n_full += 1
        else:
            counts[s] += 1
            active[n_active] = i
            n_active += 1
        if s >= member_from:
            members[n] = i
            n += 1
            n_away += away[i]
    counts[full] += n_full
    return counts, members[:n], n_away, kept[:n_kept], active[:n_active]


@njit(cache=True)
def unit_counts_by_row(masks: np.ndarray, unit: np.ndarray, n: int) -> np.ndarray:  # pragma: no cover
    """For each row of ``masks`` (rows x people), ``np.bincount(unit[row], minlength=n)``
    (int64, rows x ``n``), in one pass over the people."""
    out = np.zeros((masks.shape[0], n), dtype=np.int64)
    for j in range(len(unit)):
        u = unit[j]
        for g in range(masks.shape[0]):
            if masks[g, j]:
                out[g, u] += 1
    return out


@njit(cache=True)
def due_now(pipe: np.ndarray, stage: np.ndarray, due: np.ndarray, at: int, t: int) -> np.ndarray:  # pragma: no cover
    """Slots of ``pipe`` at stage ``at`` whose ``due`` month is at most ``t`` (int64, in
    ``pipe`` order)."""
    out = np.empty(len(pipe), dtype=np.int64)
    n = 0
    for i in pipe:
        if stage[i] == at and due[i] <= t:
            out[n] = i
            n += 1
    return out[:n].copy()


@njit(cache=True)
def group_code(
    idx: np.ndarray,
    t: int,
    youth: tuple[int, int],
    people: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    sizes: tuple[int, int],
) -> np.ndarray:  # pragma: no cover - compiled
    """One code per person of ``idx`` for the attributes groups depend on (int64):
    ``((((((youth * 2 + female) * 2 + minority) * 2 + religious) * n_occ + occ) * 2 +
    owner) * n_school + school``, youth meaning ``youth[0] <= t - birth < youth[1]``.

    Args:
        idx: Slots.
        t: This month.
        youth: Youth ages (months), from and below.
        people: The arrays (birth, female, minority, religious, occ, owner, school).
        sizes: (n_occ, n_school): the number of occupation and schooling codes.
    """
    birth, female, minority, religious, occ, owner, school = people
    lo, hi = youth
    n_occ, n_school = sizes
    out = np.empty(len(idx), dtype=np.int64)
    for j in range(len(idx)):
        i = idx[j]
        age = t - np.int64(birth[i])
        c = np.int64(lo <= age < hi)
        c = ((c * 2 + female[i]) * 2 + minority[i]) * 2 + religious[i]
        out[j] = ((c * n_occ + occ[i]) * 2 + owner[i]) * n_school + school[i]
    return out
