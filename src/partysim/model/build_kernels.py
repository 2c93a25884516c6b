"""Compiled loops for building the starting population (one pass instead of a chain of
numpy temporaries over every person). The random draws stay where they were, in numpy
and in the same order; these loops only do the arithmetic around them, the same
arithmetic, so the people are the same bit for bit (``tests/model/test_engine_fingerprint.py``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from partysim.model.people import NON_STATE, STATE_AGENCY, STATE_ENTERPRISE, STUDENT
from partysim.model.units import AGENCY, ENTERPRISE, SCHOOL

__all__ = ["ages_in_bands", "beyond_codes", "free_keys", "match_keys", "occupations", "profile_codes", "start_tenure"]


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


@njit(cache=True)
def occupations(
    unit: np.ndarray,
    age: np.ndarray,
    draws: tuple[np.ndarray, np.ndarray],
    member: bool,
    units: tuple[np.ndarray, np.ndarray, np.ndarray],
    commune: tuple[np.ndarray, np.ndarray],
    limits: tuple[int, int],
) -> np.ndarray:  # pragma: no cover - compiled
    """Occupation code of new people (int8): in enterprises non-state or state enterprise
    staff, in agencies state agency staff, in schools students below ``limits[1]`` months
    and staff above; in communes and wards ``commune[1][j]``, ``j`` the number of
    cumulative weights ``commune[0]`` at or below the occupation draw (at most 4). Outside
    enterprises, non-members younger than ``limits[0]`` months whose student draw is below
    their unit's student share are students. Draws are compared in float64.

    Args:
        unit: Unit of each person.
        age: Age (months).
        draws: (occupation draw, student draw) of each person.
        member: Whether they are members.
        units: Per unit, (kind, non_state, student share).
        commune: (cumulative occupation weights, occupation code of each).
        limits: (student age limit, school student age limit) in months.
    """
    u_occ, u_student = draws
    kind, non_state, student_share = units
    cum, codes = commune
    student_limit, school_limit = limits
    out = np.empty(len(unit), dtype=np.int8)
    for i in range(len(unit)):
        un = unit[i]
        k = kind[un]
        a = age[i]
        if k == ENTERPRISE:
            o = NON_STATE if non_state[un] else STATE_ENTERPRISE
        elif k == AGENCY:
            o = STATE_AGENCY
        elif k == SCHOOL:
            o = STUDENT if a < school_limit else STATE_AGENCY
        else:
            x = np.float64(u_occ[i])
            j = 0
            for c in cum:
                j += c <= x
            o = codes[min(j, len(codes) - 1)]
        if not member and k != ENTERPRISE and a < student_limit and np.float64(u_student[i]) < student_share[un]:
            o = STUDENT
        out[i] = o
    return out


@njit(cache=True)
def ages_in_bands(
    band_draw: np.ndarray, within: np.ndarray, cum: np.ndarray, edges: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled
    """Ages (int32 months): the band is the number of cumulative weights ``cum`` at or
    below ``band_draw`` (at most the last band), the age ``lo + within * (hi - lo)``
    truncated, ``lo`` and ``hi`` the band's ``edges`` (months)."""
    out = np.empty(len(band_draw), dtype=np.int32)
    last = len(cum) - 1
    for i in range(len(band_draw)):
        x = band_draw[i]
        b = 0
        for c in cum:
            b += c <= x
        b = min(b, last)
        lo, hi = edges[b], edges[b + 1]
        out[i] = np.int32(np.float64(lo) + within[i] * np.float64(hi - lo))
    return out


@njit(cache=True)
def profile_codes(
    idx: np.ndarray,
    people: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    n_school: int,
) -> np.ndarray:  # pragma: no cover - compiled
    """``(((((female * 2 + minority) * 2 + religious) * n_school + school) * 6 + occ) * 2 +
    youth_union`` of the people at ``idx`` (int64); ``people``: (female, minority,
    religious, school, occ, youth_union)."""
    female, minority, religious, school, occ, youth_union = people
    out = np.empty(len(idx), dtype=np.int64)
    for j in range(len(idx)):
        i = idx[j]
        c = (np.int64(female[i]) * 2 + minority[i]) * 2 + religious[i]
        out[j] = ((c * n_school + school[i]) * 6 + occ[i]) * 2 + youth_union[i]
    return out
