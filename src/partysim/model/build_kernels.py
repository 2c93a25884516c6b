"""Compiled loops for building the starting population (one pass instead of a chain of
numpy temporaries over every person). The random draws stay where they were, in numpy
and in the same order; these loops only do the arithmetic around them, the same
arithmetic, so the people are the same bit for bit (``tests/model/test_engine_fingerprint.py``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["beyond_codes", "free_keys", "match_keys", "start_tenure"]


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
    n = 0
    for i in range(len(pkey)):
        if not taken[i] and asked[pkey[i] // per_unit]:
            pos[n] = i
            n += 1
    pos = pos[:n].copy()
    return pos, pkey[pos]


@njit(cache=True)
def match_keys(
    unit: np.ndarray, band: np.ndarray, profile: np.ndarray, by_age: bool, keep: int, profiles: int
) -> np.ndarray:  # pragma: no cover - compiled
    """Matching key of each person (int64): ``(unit * 16 + band) * profiles + profile //
    keep``, without the band unless ``by_age`` and without the profile when ``keep`` is 0."""
    out = np.empty(len(unit), dtype=np.int64)
    for i in range(len(unit)):
        k = np.int64(unit[i]) * 16 + (band[i] if by_age else 0)
        out[i] = k * profiles + (profile[i] // keep if keep else 0)
    return out


@njit(cache=True)
def beyond_codes(
    which: np.ndarray,
    unit: np.ndarray,
    age: np.ndarray,
    female: np.ndarray,
    u: np.ndarray,
    edges: np.ndarray,
    cum: np.ndarray,
) -> np.ndarray:  # pragma: no cover - compiled
    """Steps of schooling beyond lower secondary (int8) drawn with ``u``: the number of
    cumulative shares ``cum[code, :4]`` that ``u`` exceeds, ``code`` being ``(which[unit] *
    5 + band) * 2 + female`` and ``band`` the number of ``edges`` (months) at or below the
    age, at most 4 (``searchsorted(edges, age, side="right")`` clipped to 0..4).
    ``u`` is compared in float64."""
    out = np.empty(len(unit), dtype=np.int8)
    for i in range(len(unit)):
        a = age[i]
        band = 0
        for e in edges:
            band += e <= a
        band = min(band, 4)
        code = (np.int64(which[unit[i]]) * 5 + band) * 2 + female[i]
        x = np.float64(u[i])
        level = 0
        for k in range(4):
            level += x > cum[code, k]
        out[i] = level
    return out
