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

# Schooling (int8): the order of partysim.scenario.groups.SCHOOL_LEVELS.
BELOW_PRIMARY, PRIMARY, LOWER_SECONDARY, UPPER_SECONDARY, COLLEGE, UNIVERSITY, POSTGRADUATE = range(7)

NEVER = np.int16(-32000)

FIELDS: dict[str, tuple[type, object]] = {
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
    "joined": (np.int16, 0),  # month the person came to their current unit (or came home)
}


def _filled(n: int, fill: object, dtype: type) -> np.ndarray:
    """An array of ``n`` times ``fill``; zeros come from the system already zeroed (no pass)."""
    return np.zeros(n, dtype=dtype) if fill == 0 else np.full(n, fill, dtype=dtype)


class People:
    """Structure of arrays with spare capacity.

    Every attribute is a numpy array of length :attr:`capacity`; only the first :attr:`n`
    slots are in use (:meth:`view`). Months are counted from the start of the run
    (month 0); ``NEVER`` marks "no such month".

    Args:
        capacity: Initial number of slots.

    Attributes:
        n: Slots in use.
        capacity: Slots allocated.
        alive: In the territory and alive (False once dead, emigrated for good or aged out).
        birth: Birth month relative to the start (int16; age in months is ``t - birth``).
        female: Woman.
        minority: Member of an ethnic minority.
        religious: Religious believer.
        school: Highest schooling (``BELOW_PRIMARY`` ... ``POSTGRADUATE``, the order of
            :data:`partysim.scenario.groups.SCHOOL_LEVELS`).
        unit: Home unit (a commune; for people of a bloc, their workplace); -1 if none.
        work: Workplace unit (enterprise, agency, school) or -1.
        occ: Occupation (``FARM`` ... ``OTHER``).
        away: Working or living away from home (still on the home rolls).
        youth_union: Youth Union member.
        owner: Owner of a non-state enterprise.
        relatives_elsewhere: Has relatives in other provinces (slower vetting).
        family_resists: Family resists the party (religious areas; slows or stops vetting).
        unqualified: A member who no longer meets the standards (target of screening).
        stage: Pipeline stage (``NONE`` ... ``FULL``).
        since: Month the current stage began.
        due: Month the current stage's step completes.
        cert: Month of the awareness-class certificate (valid 60 months).
        papers: Month the dossier papers were made (redone after 12 months).
        barred_until: No re-identification before this month.
        never: May never be re-admitted (dropped out, asked to leave).
        cell: Party cell handling the person (candidates and members) or -1.
        joined: Month the person came to their current unit, or came home from working
            away (introducers must have worked with them for 12 months).
    """

    n: int
    capacity: int
    alive: np.ndarray
    birth: np.ndarray
    female: np.ndarray
    minority: np.ndarray
    religious: np.ndarray
    school: np.ndarray
    unit: np.ndarray
    work: np.ndarray
    occ: np.ndarray
    away: np.ndarray
    youth_union: np.ndarray
    owner: np.ndarray
    relatives_elsewhere: np.ndarray
    family_resists: np.ndarray
    unqualified: np.ndarray
    stage: np.ndarray
    since: np.ndarray
    due: np.ndarray
    cert: np.ndarray
    papers: np.ndarray
    barred_until: np.ndarray
    never: np.ndarray
    cell: np.ndarray
    joined: np.ndarray

    def __init__(self, capacity: int) -> None:
        self.n = 0
        self.capacity = max(int(capacity), 16)
        for name, (dtype, fill) in FIELDS.items():
            setattr(self, name, _filled(self.capacity, fill, dtype))

    def add(self, count: int) -> np.ndarray:
        """Reserve ``count`` new slots (defaults filled, ``alive`` True); return their indices."""
        count = int(count)
        if self.n + count > self.capacity:
            new_cap = max(self.capacity * 2, self.n + count)
            for name, (dtype, fill) in FIELDS.items():
                old = getattr(self, name)
                arr: np.ndarray = _filled(new_cap, fill, dtype)
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
