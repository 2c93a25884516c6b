"""Who belongs to each composition group (:data:`partysim.scenario.groups.GROUPS`).

One function answers it for any set of people, so admissions, members, the eligible and
the funnel are all counted by the same definition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from partysim.model import people as P
from partysim.model.build_kernels import profile_codes
from partysim.model.kernels import group_code
from partysim.scenario.ages import ADULT_AGE_MONTHS, YOUTH_LIMIT_MONTHS
from partysim.scenario.groups import GROUPS, SCHOOL_LEVELS

if TYPE_CHECKING:
    from partysim.model.engine import Engine

__all__ = [
    "GROUPS",
    "GROUP_CODE_SIZES",
    "PROFILES",
    "PROFILE_GROUP_DIVISOR",
    "group_code_table",
    "group_counts",
    "group_masks",
    "masks_of",
    "profile_code",
]

PROFILE_GROUP_DIVISOR = 6 * 2
"""``profile // PROFILE_GROUP_DIVISOR`` keeps sex, ethnicity, religion and schooling (drops
occupation and Youth Union)."""

PROFILES = 2 * 2 * 2 * len(SCHOOL_LEVELS) * PROFILE_GROUP_DIVISOR
"""Number of distinct :func:`profile_code` values."""


def masks_of(
    youth: np.ndarray,
    female: np.ndarray,
    minority: np.ndarray,
    religious: np.ndarray,
    occ: np.ndarray,
    owner: np.ndarray,
    school: np.ndarray,
) -> np.ndarray:
    """Membership in every group (bool, groups x people) of people with these attributes
    (``youth``: aged 18-30 on the day); schooling groups by the highest level reached."""
    rows = {
        "youth": youth,
        "women": female,
        "minority": minority,
        "religious": religious,
        "non_state": occ == P.NON_STATE,
        "owner": owner,
        "student": occ == P.STUDENT,
    }
    for level, name in enumerate(SCHOOL_LEVELS):
        if name in GROUPS:
            rows[name] = school == level
    return np.stack([rows[g] for g in GROUPS])


def group_masks(eng: Engine, idx: np.ndarray) -> np.ndarray:
    """Membership of the people at ``idx`` in every group (bool, groups x people).

    Youth are 18-30 on the day; schooling groups by the highest level reached."""
    p = eng.people
    age = eng.age(idx)
    youth = (age >= ADULT_AGE_MONTHS) & (age < YOUTH_LIMIT_MONTHS)
    return masks_of(youth, p.female[idx], p.minority[idx], p.religious[idx], p.occ[idx], p.owner[idx], p.school[idx])


GROUP_CODE_SIZES = (2, 2, 2, 2, 6, 2, len(SCHOOL_LEVELS))
"""Values of (youth, woman, minority, religious, occupation, owner, schooling) that
:func:`partysim.model.kernels.group_code` combines into one code (in this order)."""


def group_code_table() -> np.ndarray:
    """Group membership of every :data:`GROUP_CODE_SIZES` code (int64, groups x codes),
    from :func:`masks_of` itself."""
    attrs = np.indices(GROUP_CODE_SIZES).reshape(len(GROUP_CODE_SIZES), -1)
    youth, female, minority, religious, occ, owner, school = attrs
    masks = masks_of(
        youth.astype(bool),
        female.astype(bool),
        minority.astype(bool),
        religious.astype(bool),
        occ,
        owner.astype(bool),
        school,
    )
    return masks.astype(np.int64)


_CODE_TABLE = group_code_table()


def group_counts(eng: Engine, idx: np.ndarray) -> np.ndarray:
    """How many of the people at ``idx`` are in each group (int64, one per group): the
    people are counted by attribute code in one compiled pass, then the codes by group."""
    if len(idx) == 0:
        return np.zeros(len(GROUPS), dtype=np.int64)
    p = eng.people
    arrays = (p.birth, p.female, p.minority, p.religious, p.occ, p.owner, p.school)
    sizes = (GROUP_CODE_SIZES[4], GROUP_CODE_SIZES[6])
    codes = group_code(idx, eng.t, (ADULT_AGE_MONTHS, YOUTH_LIMIT_MONTHS), arrays, sizes)
    return _CODE_TABLE @ np.bincount(codes, minlength=_CODE_TABLE.shape[1])


def profile_code(people: P.People, idx: np.ndarray) -> np.ndarray:
    """One code per person for the attributes composition depends on: sex, ethnicity,
    religion, schooling, occupation and Youth Union membership (``0 .. PROFILES - 1``).

    The starting pipeline matches people to the spin-up's by it, so the pipeline on the
    first day has the composition the spin-up produced."""
    arrays = (people.female, people.minority, people.religious, people.school, people.occ, people.youth_union)
    return profile_codes(np.asarray(idx), arrays, len(SCHOOL_LEVELS))
