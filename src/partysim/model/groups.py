"""Who belongs to each composition group (:data:`partysim.scenario.groups.GROUPS`).

One function answers it for any set of people, so admissions, members, the eligible and
the funnel are all counted by the same definition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from partysim.model import people as P
from partysim.scenario.ages import ADULT_AGE_MONTHS, YOUTH_LIMIT_MONTHS
from partysim.scenario.groups import GROUPS, SCHOOL_LEVELS

if TYPE_CHECKING:
    from partysim.model.engine import Engine

__all__ = ["GROUPS", "PROFILES", "PROFILE_GROUP_DIVISOR", "group_counts", "group_masks", "profile_code"]

PROFILE_GROUP_DIVISOR = 6 * 2
"""``profile // PROFILE_GROUP_DIVISOR`` keeps sex, ethnicity, religion and schooling (drops
occupation and Youth Union)."""

PROFILES = 2 * 2 * 2 * len(SCHOOL_LEVELS) * PROFILE_GROUP_DIVISOR
"""Number of distinct :func:`profile_code` values."""


def group_masks(eng: Engine, idx: np.ndarray) -> np.ndarray:
    """Membership of the people at ``idx`` in every group (bool, groups x people).

    Youth are 18-30 on the day; schooling groups by the highest level reached."""
    p = eng.people
    age = eng.age(idx)
    occ, school = p.occ[idx], p.school[idx]
    rows = {
        "youth": (age >= ADULT_AGE_MONTHS) & (age < YOUTH_LIMIT_MONTHS),
        "women": p.female[idx],
        "minority": p.minority[idx],
        "religious": p.religious[idx],
        "non_state": occ == P.NON_STATE,
        "owner": p.owner[idx],
        "student": occ == P.STUDENT,
    }
    for level, name in enumerate(SCHOOL_LEVELS):
        if name in GROUPS:
            rows[name] = school == level
    return np.stack([rows[g] for g in GROUPS])


def group_counts(eng: Engine, idx: np.ndarray) -> np.ndarray:
    """How many of the people at ``idx`` are in each group (int64, one per group)."""
    if len(idx) == 0:
        return np.zeros(len(GROUPS), dtype=np.int64)
    return np.count_nonzero(group_masks(eng, idx), axis=1).astype(np.int64)


def profile_code(people: P.People, idx: np.ndarray) -> np.ndarray:
    """One code per person for the attributes composition depends on: sex, ethnicity,
    religion, schooling, occupation and Youth Union membership (``0 .. PROFILES - 1``).

    The starting pipeline matches people to the spin-up's by it, so the pipeline on the
    first day has the composition the spin-up produced."""
    code = people.female[idx].astype(np.int64)
    code = code * 2 + people.minority[idx]
    code = code * 2 + people.religious[idx]
    code = code * len(SCHOOL_LEVELS) + people.school[idx]
    code = code * 6 + people.occ[idx]
    return code * 2 + people.youth_union[idx]
