"""What we do not know: a prior distribution for each estimated parameter, and draws of
parameter sets from them.

The prior of an estimate (a parameter marked ``[est]``: no source gives its number) is a
**triangular distribution on its plausible range [lo, hi] with its mode at the scenario's
value**. The scenario's value is the best guess the file's author (or a calibration) made,
so it is the most likely value; the range is all that the sources allow, so nothing
outside it is drawn; and between them a triangle is the least committal shape that says
both things without claiming a spread the sources do not give (no standard error is
known for any of these numbers). A parameter whose value sits at an end of its range gets
a one-sided triangle.

Parameters fixed by rule (``estimate=False``: the Charter's ages, 12-month papers...),
policy levers and list-valued fields (``migration.leave_rate``, death rates by age) are
never varied.

Which parameters vary (:func:`default_paths`): the scenario's ``calibration.parameters``
(what its author thought worth fitting), every lever effect size (``effects.*``: how much
a lever changes the pipeline has no source at all) and :data:`INFLUENTIAL`, a short list
of the estimates that drive admissions most. Anything else on request (``--param PATH``).

Draws are a scrambled Sobol sequence (or a Latin hypercube), seeded, on the unit cube,
mapped through each prior's inverse CDF, so K sets cover the ranges far more evenly than
K independent draws would::

    ps = priors(scenario)                       # the default list
    sets = draw(ps, 40, seed=1)                 # 40 parameter sets, one column per path
    run_ensemble(scenario, sets, replications=4)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.scenario.parameters import ParamInfo, iter_params
from partysim.scenario.schema import Scenario

__all__ = [
    "GROUP_PARAMETERS",
    "INFLUENTIAL",
    "METHODS",
    "Prior",
    "PriorError",
    "default_paths",
    "draw",
    "parameter_sets",
    "priors",
]

INFLUENTIAL: tuple[str, ...] = (
    "pipeline.identification_rate",  # how many eligible people are put on the source list
    "pipeline.youth_union_factor",  # ... and how much more often Youth Union members are
    "pipeline.willingness_youth",  # who of those agree to strive for membership
    "pipeline.willingness_adult",
    "pipeline.inactive_cell_share",  # cells that hardly find anyone
    "pipeline.source_dropout",  # leaving the source list while waiting for a class
    "pipeline.dossier_start_months",  # certificate to dossier
    "pipeline.vetting_median_months",  # how long vetting takes
    "pipeline.family_resists_factor",  # ... and how much longer when the family resists
    "pipeline.vote_pass",  # each full member's vote in favour (two thirds needed)
    "migration.return_rate",  # people working away coming home (to be admitted)
    "migration.mountain_factor",  # leaving rates of mountain units (the age rates are a list)
    "outflow.removal_rate",  # members removed from the rolls (net growth)
    "outflow.away_factor",  # ... far more often when working away
)
"""Estimates varied by default besides calibration parameters and effect sizes: the
source-list entry, willingness, drop-out and waiting times that set how many people reach
a vote, the vote itself, youth migration (the age-specific leaving rates are a list, so
their area factor and the return rate stand for them) and the removals that set net
growth. Chosen from an ensemble over all 72 scalar estimates of Ninh Bình (128 sets x 2
replications, preview): the waiting times, ``vote_pass`` and ``family_resists_factor``
weighed most on admissions there (where class seats, not the source list, are the
bottleneck), ``identification_rate`` and willingness on the tiny test territory."""

GROUP_PARAMETERS: dict[str, tuple[str, ...]] = {
    "youth": ("pipeline.youth_union_factor", "pipeline.age_over_30_factor", "pipeline.willingness_youth"),
    "women": ("composition.women_identification", "composition.women_willingness"),
    "minority": ("composition.minority_identification", "composition.minority_willingness"),
    "religious": (
        "composition.religious_identification",
        "composition.religious_willingness",
        "population.family_resists_share",
        "pipeline.family_block",
    ),
    "non_state": ("pipeline.non_state_factor",),
    "owner": ("population.owner_share", "pipeline.non_state_factor"),
    "student": ("pipeline.student_factor",),
    "upper_secondary": ("composition.upper_secondary_identification",),
    "college": ("composition.college_identification",),
    "university": ("composition.university_identification",),
    "postgraduate": ("composition.postgraduate_identification",),
}
"""Estimates behind each composition group's share of admissions, varied by default when
the scenario has a composition target for the group (its verdict then carries what we do
not know about who is identified, agrees and passes vetting)."""

METHODS = ("sobol", "lhs")
"""Designs of :func:`draw`: scrambled Sobol sequence or Latin hypercube."""


class PriorError(ValueError):
    """A parameter that cannot be varied (unknown, fixed by rule, a list, one-value range)."""


@dataclass(frozen=True)
class Prior:
    """Triangular prior of one estimated parameter.

    Attributes:
        path: Dotted path, as for ``--set`` (e.g. ``pipeline.identification_rate``).
        lo: Lowest plausible value (in ``unit``).
        mode: Most likely value: the scenario's value (in ``unit``).
        hi: Highest plausible value (in ``unit``).
        unit: Unit in plain words (``per year``, ``months``, ``share 0-1``...).
        en: One-line description in English.
        vi: One-line description in Vietnamese.
        whole: Draws are rounded to whole numbers (ages, member counts).
    """

    path: str
    lo: float
    mode: float
    hi: float
    unit: str
    en: str
    vi: str
    whole: bool = False

    @property
    def name(self) -> str:
        """The last part of the path (``identification_rate``)."""
        return self.path.rsplit(".", 1)[-1]

    def ppf(self, u: np.ndarray | float) -> np.ndarray:
        """Inverse CDF: the value (in ``unit``) at probability ``u`` in [0, 1]."""
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        width = self.hi - self.lo
        c = (self.mode - self.lo) / width
        left = self.lo + np.sqrt(u * width * (self.mode - self.lo))
        right = self.hi - np.sqrt((1.0 - u) * width * (self.hi - self.mode))
        x = np.where(u < c, left, right)
        return np.clip(np.round(x), self.lo, self.hi) if self.whole else x

    def mean(self) -> float:
        """Mean of the prior (in ``unit``; before rounding whole numbers)."""
        return (self.lo + self.mode + self.hi) / 3.0


def _known(scenario: Scenario) -> dict[str, ParamInfo]:
    return {p.path: p for p in iter_params(scenario)}


def _prior_of(info: ParamInfo) -> Prior:
    """A parameter's prior; raises :class:`PriorError` if it cannot be varied."""
    if not info.estimate:
        raise PriorError(f"{info.path}: fixed by rule (not an [est] estimate), never varied")
    value = info.value
    if isinstance(value, list | tuple | dict | bool):
        raise PriorError(f"{info.path}: not a single number, cannot be varied")
    lo, hi = float(info.lo), float(info.hi)
    if not hi > lo:
        raise PriorError(f"{info.path}: its range is one value ({lo:g}), nothing to vary")
    whole = isinstance(info.default, int) and not isinstance(info.default, bool)
    return Prior(info.path, lo, float(value), hi, info.unit, info.en, info.vi, whole)


def default_paths(scenario: Scenario) -> list[str]:
    """The parameters varied by default, in order and without repeats.

    The scenario's ``calibration.parameters``, then every ``effects.*`` estimate, then
    :data:`INFLUENTIAL`, then the :data:`GROUP_PARAMETERS` of the groups its composition
    targets name; anything that cannot be varied (fixed, a list) is left out.
    """
    known = _known(scenario)
    wanted = list(scenario.calibration.parameters) if scenario.calibration is not None else []
    wanted += [p for p in known if p.startswith("effects.")]
    wanted += list(INFLUENTIAL)
    for t in scenario.targets:
        if t.kind == "composition" and t.group is not None:
            wanted += list(GROUP_PARAMETERS[t.group])
    out: list[str] = []
    for path in wanted:
        if path in out or path not in known:
            continue
        try:
            _prior_of(known[path])
        except PriorError:
            continue
        out.append(path)
    return out


def priors(scenario: Scenario, paths: Sequence[str] | None = None) -> list[Prior]:
    """The prior of each parameter to vary.

    Args:
        scenario: Supplies each parameter's value (the mode), range, unit and words.
        paths: Dotted paths to vary; ``None`` for :func:`default_paths`.

    Returns:
        One :class:`Prior` per path, in the order given (repeats dropped).

    Raises:
        PriorError: A path that is unknown, fixed by rule, a list or has a one-value range.
    """
    known = _known(scenario)
    chosen = default_paths(scenario) if paths is None else list(dict.fromkeys(paths))
    if not chosen:
        raise PriorError("no parameter to vary")
    out = []
    for path in chosen:
        if path not in known:
            raise PriorError(f"{path}: no such parameter (see `partysim params`)")
        out.append(_prior_of(known[path]))
    return out


def _unit_cube(d: int, n: int, seed: int | None, method: str) -> np.ndarray:
    from scipy.stats import qmc  # imported here: scipy.stats is slow to import

    rng = np.random.default_rng(seed)
    if method == "lhs":
        return qmc.LatinHypercube(d=d, rng=rng).random(n)
    if method != "sobol":
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    with warnings.catch_warnings():  # balance is best at powers of two; any n is still valid
        warnings.simplefilter("ignore", UserWarning)
        return qmc.Sobol(d=d, scramble=True, rng=rng).random(n)


def draw(prior_list: Sequence[Prior], n: int, seed: int | None = None, method: str = "sobol") -> pd.DataFrame:
    """Draw ``n`` parameter sets.

    Args:
        prior_list: The priors (from :func:`priors`).
        n: Number of parameter sets (>= 1).
        seed: Seed of the design (same seed, same sets).
        method: ``"sobol"`` (scrambled Sobol sequence) or ``"lhs"`` (Latin hypercube).

    Returns:
        One row per set (index ``set``, 0..n-1), one column per path, values in each
        parameter's unit.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if not prior_list:
        raise PriorError("no parameter to vary")
    u = _unit_cube(len(prior_list), int(n), seed, method)
    data = {p.path: p.ppf(u[:, j]) for j, p in enumerate(prior_list)}
    return pd.DataFrame(data, index=pd.RangeIndex(n, name="set"))


def parameter_sets(
    scenario: Scenario, n: int, seed: int | None = None, paths: Sequence[str] | None = None, method: str = "sobol"
) -> pd.DataFrame:
    """:func:`draw` from :func:`priors` of ``scenario`` (seed default: the scenario's)."""
    return draw(priors(scenario, paths), n, scenario.seed if seed is None else seed, method)
