"""Splitting a provincial quota among grassroots organisations (GOs) and cells.

Two rules, both giving whole numbers that add up exactly to the total:

* ``equal-probability``: find the common probability ``p`` such that the quotas
  ``q_t = (1 - p)`` quantile of one GO's simulated admissions in template ``t``, times
  its GOs, add up to the total; each GO then meets its quota with about probability
  ``p``. Admissions are whole people, so the quantile is read from the survival curve
  ``S_t(k) = P(admissions >= k)`` joined linearly between whole numbers: a template
  whose continuous quota is ``k + f`` gives about a fraction ``f`` of its GOs ``k + 1``
  and the rest ``k``, so on average its GOs meet their quotas with probability ``p``
  (a template with few GOs can only come near it).
* ``source``: in proportion to each template's simulated candidates on the source list
  (mean stock over the year's month ends).

Template totals are rounded by largest remainder so they add up to the total; each
template's total is shared among its GOs so that they differ by at most one, each GO's
quota among its cells likewise, and each quota among the quarters by the simulated
seasonal profile of the template's admissions (largest remainder). The scenario's units
are identical copies of a template, so the GOs of a template are interchangeable: the
table says how many of them get each quota, not which.

Example::

    res = allocate(scenario, 3000, rule="equal-probability", replications=20)
    print(res.summary())
    res.to_frame()
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from partysim.analysis.allocation_results import AllocationResults, quota_rows
from partysim.analysis.allocation_runs import UnitOutcomes, full_years, meet_probability, simulate_units, survival
from partysim.analysis.honest import ParameterUncertainty
from partysim.model.units import allocate as largest_remainder
from partysim.scenario.schema import Scenario

__all__ = [
    "RULES",
    "AllocationResults",
    "allocate",
    "allocate_outcomes",
    "continuous_quota",
    "meet_probability",
    "survival",
]

RULES = ("equal-probability", "source")
"""Rules for splitting the quota."""


def continuous_quota(s: np.ndarray, p: float) -> float:
    """The largest ``c`` where the survival curve, joined linearly, is still at least ``p``.

    Args:
        s: Survival curve from :func:`survival`.
        p: Probability, 0..1.

    Returns:
        ``c`` in people (``len(s) - 1``, the end of the curve, when ``p <= 0``).
    """
    if p <= 0:
        return float(len(s) - 1)
    below = np.flatnonzero(s < p)
    if len(below) == 0:
        return float(len(s) - 1)
    k = int(below[0])  # s[k-1] >= p > s[k], k >= 1 since s[0] = 1
    return k - 1 + (s[k - 1] - p) / (s[k - 1] - s[k])


def _equal_probability(curves: list[np.ndarray], gos: np.ndarray, total: int) -> tuple[np.ndarray, float]:
    """Continuous per-GO quotas of each template and the common probability ``p``."""

    def sum_at(p: float) -> float:
        return float(sum(n * continuous_quota(s, p) for s, n in zip(curves, gos)))

    if total >= sum_at(0.0):
        c0 = np.array([continuous_quota(s, 0.0) for s in curves])
        return c0 * total / max(sum_at(0.0), 1e-12), 0.0
    if total <= sum_at(1.0):
        c1 = np.array([continuous_quota(s, 1.0) for s in curves])
        return c1 * (total / sum_at(1.0) if sum_at(1.0) > 0 else 0.0), 1.0
    lo, hi = 0.0, 1.0  # sum_at(lo) > total > sum_at(hi)
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if sum_at(mid) > total else (lo, mid)
    p = (lo + hi) / 2
    return np.array([continuous_quota(s, p) for s in curves]), p


def allocate_outcomes(outcomes: UnitOutcomes, total: int, rule: str = "equal-probability") -> AllocationResults:
    """Split ``total`` among the GOs of simulated ``outcomes``.

    Args:
        outcomes: Pooled per-GO outcomes (:func:`~partysim.analysis.allocation_runs.simulate_units`).
        total: Admissions to share (people, > 0).
        rule: One of :data:`RULES`.

    Raises:
        ValueError: ``total`` not positive, unknown ``rule``, or no GO to share among.
    """
    if int(total) != total or total <= 0:
        raise ValueError(f"total must be a whole number above 0, got {total}")
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, got {rule!r}")
    gos = outcomes.go_count
    if gos.sum() == 0:
        raise ValueError("the scenario has no grassroots organisation to share the quota among")
    curves = [survival(a) for a in outcomes.admissions]
    if rule == "equal-probability":
        per_go, p = _equal_probability(curves, gos, int(total))
    else:
        per_go, p = outcomes.source.astype(float), float("nan")
    template_total = largest_remainder(int(total), per_go * gos)
    if template_total.sum() != total:  # every weight zero: share evenly among GOs
        template_total = largest_remainder(int(total), gos.astype(float))
    rows = quota_rows(outcomes, template_total, curves)
    return AllocationResults(rule=rule, total=int(total), probability=p, outcomes=outcomes, rows=rows)


def allocate(
    scenario: Scenario,
    total: int,
    rule: str = "equal-probability",
    year: int | None = None,
    replications: int = 20,
    seed: int | None = None,
    sets: int = 0,
    preview: bool = False,
    progress: Callable[[int, int], None] | None = None,
    check: int = 0,
    seeds: int = 1,
    uncertainty: ParameterUncertainty | None = None,
    shared: bool = False,
) -> AllocationResults:
    """Simulate ``scenario`` and split ``total`` admissions of ``year`` among its GOs and cells.

    Args:
        scenario: The validated scenario.
        total: Admissions to share (people, > 0), e.g. the provincial quota.
        rule: ``"equal-probability"`` or ``"source"`` (:data:`RULES`).
        year: A full calendar year of the run (default: the first).
        replications: Replications per parameter set.
        seed: Seed (default: the scenario's).
        sets: Parameter sets drawn from the priors of the estimates (0: none; the
            probabilities then hold chance only, not uncertainty about parameters).
        preview: Run on the preview's weighted sample of the territory (faster, rougher).
        progress: Called with (runs done, runs in all; the check's runs follow).
        check: Replications (per parameter set) of independent runs, seeded ``seed +
            seeds`` (a seed not pooled, with its own spin-up), on which the quotas are
            re-measured (``AllocationResults.check``); 0: none.
        seeds: Seeds pooled (:func:`~partysim.analysis.allocation_runs.simulate_units`).
        uncertainty: Parameter sets instead of ``sets`` prior draws (e.g. the file's
            calibration posterior; :class:`~partysim.analysis.honest.ParameterUncertainty`).
        shared: Share ``uncertainty``'s sets out among the replications (and among the
            check's), each replication run once under one set, instead of running every
            set for every replication (:mod:`partysim.analysis.shared_sets`).

    Returns:
        :class:`~partysim.analysis.allocation_results.AllocationResults`.

    Raises:
        ValueError: Bad ``total``, ``rule`` or ``year``.
    """
    if int(total) != total or total <= 0:
        raise ValueError(f"total must be a whole number above 0, got {total}")
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, got {rule!r}")
    if not (years := full_years(scenario)):
        raise ValueError("the run covers no full calendar year")
    year = years[0] if year is None else int(year)
    outcomes = simulate_units(scenario, year, replications, seed, sets, preview, progress, seeds, uncertainty, shared)
    res = allocate_outcomes(outcomes, int(total), rule)
    if check > 0:
        done = outcomes.runs
        after = None if progress is None else (lambda k, n: progress(done + k, done + n))
        fewer = replace(uncertainty, sets=min(uncertainty.sets, check)) if shared and uncertainty else uncertainty
        again = simulate_units(scenario, year, check, outcomes.seed + seeds, sets, preview, after, 1, fewer, shared)
        res.check = res.remeasure(again)
    return res
