"""Age limits and age bands, declared once.

Ages are whole years (``*_YEARS``) or months since birth (``*_MONTHS``; the model
counts age in months). An upper limit in months is exclusive: "youth" is
``age < YOUTH_LIMIT_MONTHS``, i.e. up to the day before the 31st birthday.

Band tuples are band *edges* in years: ``(16, 18, 25)`` is the bands 16-17 and 18-24.
"""

from __future__ import annotations

__all__ = [
    "ADULT_AGE_MONTHS",
    "ADULT_AGE_YEARS",
    "AGE_BANDS_YEARS",
    "AWAY_AT_START_LIMIT_MONTHS",
    "ENTRY_AGE_MONTHS",
    "ENTRY_AGE_YEARS",
    "LEAVE_BANDS_YEARS",
    "LOCAL_HIRE_LIMIT_MONTHS",
    "MAX_AGE_MONTHS",
    "MAX_AGE_YEARS",
    "MEMBER_AGE_BANDS_YEARS",
    "MORTALITY_BANDS_YEARS",
    "OWNER_MIN_AGE_MONTHS",
    "SCHOOL_STUDENT_LIMIT_MONTHS",
    "STUDENT_LIMIT_MONTHS",
    "UPPER_AGE_MONTHS",
    "UPPER_AGE_YEARS",
    "YOUTH_LIMIT_MONTHS",
    "YOUTH_MAX_AGE_YEARS",
]

# -- limits of the domain ---------------------------------------------------------

ENTRY_AGE_YEARS = 16
"""Age (years) at which people enter the model: youths turning 16 are in view two years
before they may be admitted."""
ENTRY_AGE_MONTHS = ENTRY_AGE_YEARS * 12
""":data:`ENTRY_AGE_YEARS` in months."""

ADULT_AGE_YEARS = 18
"""Youngest age (years) for admission; also the youngest age of members and of workers
hired."""
ADULT_AGE_MONTHS = ADULT_AGE_YEARS * 12
""":data:`ADULT_AGE_YEARS` in months."""

YOUTH_MAX_AGE_YEARS = 30
"""Oldest age (years) counted as youth, the end of Youth Union age: young people admitted
are 18-30 inclusive (youth admissions, willingness of the young to apply); Youth Union
members are 16-30."""
YOUTH_LIMIT_MONTHS = (YOUTH_MAX_AGE_YEARS + 1) * 12
"""First age (months) no longer youth (the 31st birthday)."""

UPPER_AGE_YEARS = 60
"""The 60-year cut-off (years): the oldest age for admission, and the end of working age
(remedial classes, members working away at the start, members transferred in)."""
UPPER_AGE_MONTHS = UPPER_AGE_YEARS * 12
"""First age (months) past the cut-off (the 60th birthday)."""

MAX_AGE_YEARS = 120
"""Oldest age tracked (years); ages above it use its rates."""
MAX_AGE_MONTHS = MAX_AGE_YEARS * 12
"""Oldest age tracked (months); ages above it use its rates."""

# -- age bands of scenario parameters -----------------------------------------------

AGE_BANDS_YEARS = (ENTRY_AGE_YEARS, ADULT_AGE_YEARS, 25, 35, 45, UPPER_AGE_YEARS + 1)
"""Edges of the age bands (years) used by population and migration parameters: 16-17,
18-24, 25-34, 35-44, 45-60."""

LEAVE_BANDS_YEARS = (*AGE_BANDS_YEARS, 200)
"""Age bands of ``migration.leave_rate`` (:data:`AGE_BANDS_YEARS`) plus a last band, 61
and over, that does not leave."""

MEMBER_AGE_BANDS_YEARS = (ADULT_AGE_YEARS, 30, 40, 50, 60, 70, 90)
"""Edges of the member age bands (years): 18-29, 30-39, 40-49, 50-59, 60-69, 70-89."""

MORTALITY_BANDS_YEARS = (0, 30, 45, 60, 70, 80, MAX_AGE_YEARS)
"""Edges of the mortality age bands (years): <30, 30-44, 45-59, 60-69, 70-79, 80+."""

# -- ages used to build the starting population and newcomers ----------------------

STUDENT_LIMIT_MONTHS = 23 * 12
"""Inhabitants who may be students are younger than this (months): ages 16-22."""

SCHOOL_STUDENT_LIMIT_MONTHS = 25 * 12
"""In a school, people younger than this (months) are students, older ones staff."""

OWNER_MIN_AGE_MONTHS = 30 * 12
"""Youngest business owner (months)."""

AWAY_AT_START_LIMIT_MONTHS = 41 * 12
"""Inhabitants working away at the start are 18-40: younger than this (months)."""

LOCAL_HIRE_LIMIT_MONTHS = 45 * 12
"""Local residents hired by enterprises are 18-44: younger than this (months)."""
