"""Group factors: how sex, ethnicity, religion and schooling change who is put on the
source list and who agrees to strive (``scenario.composition``).

A person's factor is the product of the factors of the groups they belong to, each the
group's identification factor times its willingness factor (schooling levels have one
factor for both). It multiplies the annual identification probability of
:func:`partysim.model.mechanisms.pipeline.identification_table`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from partysim.model.engine import Engine
    from partysim.scenario.rates import Composition

__all__ = ["identification_factor_table", "max_identification_factor", "school_factors", "vetting_factor"]


def school_factors(c: Composition) -> np.ndarray:
    """Identification factor by schooling code (below primary ... postgraduate; 1 up to
    lower secondary)."""
    return np.array(
        [
            1.0,
            1.0,
            1.0,
            c.upper_secondary_identification,
            c.college_identification,
            c.university_identification,
            c.postgraduate_identification,
        ]
    )


def _pairs(c: Composition) -> tuple[float, float, float]:
    return (
        c.women_identification * c.women_willingness,
        c.minority_identification * c.minority_willingness,
        c.religious_identification * c.religious_willingness,
    )


def identification_factor_table(eng: Engine) -> np.ndarray:
    """The identification factor of every (schooling, woman, minority, religious)
    combination (float64, shape ``(7 * 2 * 2 * 2,)``, in that order of codes): the
    schooling's factor times each group's identification and willingness factors the
    person belongs to, multiplied in that order."""
    c = eng.scenario.composition
    women, minority, religious = _pairs(c)
    f = school_factors(c)[:, None, None, None] * np.array([1.0, women])[None, :, None, None]
    f = f * np.array([1.0, minority])[None, None, :, None]
    return (f * np.array([1.0, religious])[None, None, None, :]).ravel()


def max_identification_factor(eng: Engine) -> float:
    """The largest factor anyone can have (bounds the prescreen of identification)."""
    c = eng.scenario.composition
    return float(school_factors(c).max() * np.prod([max(x, 1.0) for x in _pairs(c)]))


def vetting_factor(eng: Engine, idx: np.ndarray) -> np.ndarray:
    """Vetting-time multiplier of the people at ``idx`` from their group (ethnic minority)."""
    return np.where(eng.people.minority[idx], eng.scenario.composition.minority_vetting_factor, 1.0)
