"""Compiled loops for building the starting population (one pass instead of a chain of
numpy temporaries over every person). The random draws stay where they were, in numpy
and in the same order; these loops only do the arithmetic around them, the same
arithmetic, so the people are the same bit for bit (``tests/model/test_engine_fingerprint.py``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["free_keys", "start_tenure"]


@njit(cache=True)
def start_tenure(
    birth: np.ndarray, unit: np.ndarray, residential: np.ndarray, tenure: np.ndarray, ages: tuple[int, int], cap: int
) -> np.ndarray:  # pragma: no cover - compiled
    """``joined`` (int16, months relative to the start, at most ``cap`` back) of people
    with these ``birth`` months (all born before month 0) and units: residents since age
    ``ages[0]``; others ``tenure`` months, at most since age ``ages[1]``. Rounds half to
    even, as ``np.round``.

    Args:
        birth: Birth months (int16; age is ``-birth`` months at month 0).
        unit: Unit of each person.
        residential: Per unit, whether it is a commune or ward.
        tenure: Drawn time in post (months) of each person.
        ages: (entry age, adult age) in months.
        cap: Longest time back (months).
    """
    entry, adult = ages
    out = np.empty(len(birth), dtype=np.int16)
    for i in range(len(birth)):
        age = -np.float64(birth[i])
        if residential[unit[i]]:
            months = max(age - entry, 0.0)
        else:
            months = min(tenure[i], max(age - adult, 0.0))
        out[i] = -np.int16(min(np.rint(months), np.float64(cap)))
    return out


@njit(cache=True)
def free_keys(
    pkey: np.ndarray, taken: np.ndarray, asked: np.ndarray, per_unit: int
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    """Positions not ``taken`` whose unit (``pkey // per_unit``) is ``asked``, and their keys
    (both int64, ascending positions): ``flatnonzero(~taken)`` filtered by unit, in one pass."""
    pos = np.empty(len(pkey), dtype=np.int64)
    keys = np.empty(len(pkey), dtype=np.int64)
    n = 0
    for i in range(len(pkey)):
        if taken[i]:
            continue
        k = pkey[i]
        if asked[k // per_unit]:
            pos[n] = i
            keys[n] = k
            n += 1
    return pos[:n].copy(), keys[:n].copy()
