"""When each Youth Union member and student is next due the life-course check.

:func:`partysim.model.mechanisms.demography.life_course` ends Youth Union membership past
an age and ends studies past another, each checked for a person in the months they are
reviewed (slot modulo ``review_months`` equal to the month modulo ``review_months``).
Checking everyone reviewed costs a pass over a third of the people every month; yet who
can be affected is known in advance: no one joins the Youth Union or becomes a student
after arriving, and a person is first affected in the first reviewed month at or past
the age limit. This queue files every member and student under that month (once for
each limit) when they arrive, so each month looks only at the people filed under it.
The people found are exactly those the full pass finds (the check itself is unchanged:
alive, still a member or a student, past the limit).
"""

from __future__ import annotations

import numpy as np

__all__ = ["LifeCourseQueue"]


class LifeCourseQueue:
    """Slots filed by the month they are next due the life-course check.

    Args:
        step: The review interval (months); a slot ``s`` is reviewed in month ``t`` when
            ``s % step == t % step``.
        limits: Ages (months) at which (Youth Union membership, studies) end.
        student: The occupation code of students.
    """

    def __init__(self, step: int, limits: tuple[int, int], student: int) -> None:
        self.step = int(step)
        self.limits = limits
        self.student = student
        self.seen = 0  # slots below this are filed
        self.due: dict[int, list[np.ndarray]] = {}

    def first_due(self, slots: np.ndarray, birth: np.ndarray, limit: int, t: int) -> np.ndarray:
        """First month at or after ``t`` in which ``slots`` are reviewed and at least
        ``limit`` months old (int64)."""
        a = np.maximum(t, birth.astype(np.int64) + limit)
        return a + (slots - a) % self.step

    def file_new(self, t: int, n: int, youth_union: np.ndarray, occ: np.ndarray, birth: np.ndarray) -> None:
        """File the slots from :attr:`seen` to ``n`` (arrived since the last call, in month
        ``t`` before the check); ``youth_union``, ``occ`` and ``birth`` are the people's arrays."""
        if n <= self.seen:
            return
        lo = self.seen
        yu = lo + np.flatnonzero(youth_union[lo:n])
        st = lo + np.flatnonzero(occ[lo:n] == self.student)
        m_yu = self.first_due(yu, birth[yu], self.limits[0], t)
        m_st = self.first_due(st, birth[st], self.limits[1], t)
        # a student in the Youth Union filed for the same month is filed once
        same = np.zeros(len(st), dtype=bool)
        both = np.flatnonzero(youth_union[st])
        if len(both):
            same[both] = m_st[both] == self.first_due(st[both], birth[st[both]], self.limits[0], t)
        slots = np.concatenate([yu, st[~same]])
        months = np.concatenate([m_yu, m_st[~same]])
        small = len(months) and months.min() >= 0 and months.max() < 2**15  # radix sort for int16
        order = np.argsort(months.astype(np.int16) if small else months, kind="stable")
        slots, months = slots[order], months[order]
        cut = np.flatnonzero(np.diff(months)) + 1
        for part, month in zip(np.split(slots, cut), months[np.r_[0, cut]] if len(months) else []):
            self.due.setdefault(int(month), []).append(part)
        self.seen = n

    def pop(self, t: int) -> np.ndarray:
        """Slots filed for month ``t`` (int64; removed from the queue)."""
        parts = self.due.pop(t, [])
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
