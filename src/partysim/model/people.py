"""People as a structure of arrays (one numpy array per attribute).

Slots are never reused: a person keeps their slot for the whole run, so random draws
keyed by slot stay attached to the person. Arrays grow by doubling when newcomers arrive.
Ages are not stored: ``birth`` holds the birth month relative to the start (month 0), so
age in months is ``t - birth`` and ageing costs nothing.
"""

from __future__ import annotations

import numpy as np

# Pipeline stages (int8). Candidates are SOURCE..APPROVAL; members are PROBATION and FULL.
NONE, SOURCE, CLASS, CERTIFIED, VETTING, VOTE, APPROVAL, PROBATION, FULL = range(9)
STAGE_NAMES = ("none", "source", "class", "certified", "vetting", "vote", "approval", "probation", "full")

# Occupations (int8).
FARM, STATE_AGENCY, STATE_ENTERPRISE, NON_STATE, STUDENT, OTHER = range(6)
OCCUPATION_NAMES = ("farm_informal", "state_agency", "state_enterprise", "non_state_enterprise", "student", "other")

# Schooling (int8).
BELOW_PRIMARY, PRIMARY, LOWER_SECONDARY = range(3)

NEVER = np.int16(-32000)
MAX_AGE_MONTHS = 120 * 12
"""Oldest age tracked (months); ages above it use its rates."""

_FIELDS: dict[str, tuple[type, object]] = {
    "alive": (np.bool_, False),
    "birth": (np.int16, 0),
    "female": (np.bool_, False),
    "minority": (np.bool_, False),
    "religious": (np.bool_, False),
    "school": (np.int8, LOWER_SECONDARY),
    "unit": (np.int32, -1),  # home unit: commune, or the workplace in blocs
    "work": (np.int32, -1),  # workplace unit (enterprise, agency, school) or -1
    "occ": (np.int8, FARM),
    "away": (np.bool_, False),
    "youth_union": (np.bool_, False),
    "owner": (np.bool_, False),
    "relatives_elsewhere": (np.bool_, False),
    "family_resists": (np.bool_, False),
    "unqualified": (np.bool_, False),
    "stage": (np.int8, NONE),
    "since": (np.int16, 0),  # month the current stage began
    "due": (np.int16, 0),  # month the current stage step completes
    "cert": (np.int16, NEVER),  # month of the class certificate
    "papers": (np.int16, NEVER),  # month the dossier papers were made
    "barred_until": (np.int16, NEVER),  # no re-identification before this month
    "never": (np.bool_, False),  # may never be re-admitted (dropped out, asked to leave)
    "cell": (np.int32, -1),  # party cell handling the person (candidates, members)
}


class People:
    """Structure of arrays with spare capacity.

    Args:
        capacity: Initial number of slots.
    """

    def __init__(self, capacity: int) -> None:
        self.n = 0
        self.capacity = max(int(capacity), 16)
        for name, (dtype, fill) in _FIELDS.items():
            setattr(self, name, np.full(self.capacity, fill, dtype=dtype))

    def add(self, count: int) -> np.ndarray:
        """Reserve ``count`` new slots (defaults filled, ``alive`` True); return their indices."""
        count = int(count)
        if self.n + count > self.capacity:
            new_cap = max(self.capacity * 2, self.n + count)
            for name, (dtype, fill) in _FIELDS.items():
                old = getattr(self, name)
                arr = np.full(new_cap, fill, dtype=dtype)
                arr[: self.n] = old[: self.n]
                setattr(self, name, arr)
            self.capacity = new_cap
        idx = np.arange(self.n, self.n + count)
        self.alive[idx] = True
        self.n += count
        return idx

    def view(self, name: str) -> np.ndarray:
        """The used part of attribute ``name`` (a view, no copy)."""
        return getattr(self, name)[: self.n]
