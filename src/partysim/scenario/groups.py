"""Composition groups and schooling levels, declared once.

Planners are judged on who they admit as well as how many (docs/domain.md, "Targets"):
youth, women, ethnic minorities, religious believers, workers and owners of non-state
enterprises, students, and new members by schooling level. Every group here has an
admissions column ``adm_<group>``, a year-end members column ``members_<group>``, an
eligible-people column ``eligible_<group>``, a funnel column ``entered_<group>`` and may
be named by a composition target (``group:``).

Schooling levels follow the categories published compositions of new members use
(general schooling, then the highest professional qualification).
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["GROUPS", "SCHOOLING_GROUPS", "SCHOOL_LEVELS", "GroupName"]

SCHOOL_LEVELS: tuple[str, ...] = (
    "below_primary",
    "primary",
    "lower_secondary",
    "upper_secondary",
    "college",
    "university",
    "postgraduate",
)
"""Highest schooling (index = the ``school`` code of a person): not completed primary,
primary (tiểu học), lower secondary (THCS), upper secondary (THPT), college or
intermediate vocational (cao đẳng, trung cấp), university (đại học), postgraduate
(thạc sĩ, tiến sĩ)."""

SCHOOLING_GROUPS: tuple[str, ...] = SCHOOL_LEVELS[3:]
"""Schooling levels reported as composition groups (those a new member may have beyond
the lower-secondary diploma the Charter asks for)."""

GroupName = Literal[
    "youth",
    "women",
    "minority",
    "religious",
    "non_state",
    "owner",
    "student",
    "upper_secondary",
    "college",
    "university",
    "postgraduate",
]
"""A composition group's name (what a target's ``group:`` may say)."""

GROUPS: tuple[str, ...] = get_args(GroupName)
"""Composition groups: youth (18-30), women, ethnic minorities, religious believers,
non-state enterprise staff, owners of non-state enterprises, students, and schooling
levels above lower secondary (each person in exactly one of those levels or below)."""

assert GROUPS[-len(SCHOOLING_GROUPS) :] == SCHOOLING_GROUPS, "schooling groups end the group list"
