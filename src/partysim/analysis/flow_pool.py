"""The source pool of the flow model: people at home outside the pipeline, by rate class
(:mod:`partysim.analysis.flow_classes`) and age, and the monthly shares identified from it
(the passes themselves are compiled: :mod:`partysim.analysis.flow_month`).

Communes and wards: ``pool[area, class, age month]``. Workplaces: the workers outside the
pipeline per segment (a total) and the composition by class of those in units that can
take candidates (identification thins it; job turnover brings new hires of the fresh
composition).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partysim.analysis.flow_classes import PoolClasses, class_rates
from partysim.analysis.flow_inputs import POOL_AGE_YEARS, FlowInputs
from partysim.analysis.flow_rates import per_month
from partysim.scenario.schema import Scenario

POOL_MONTHS = POOL_AGE_YEARS[1] * 12
"""Ages (months, from 0) held by the pool's age vectors."""


def year_of_month() -> np.ndarray:
    """Index into the age years of :data:`POOL_AGE_YEARS` of each age month of the pool."""
    lo, hi = POOL_AGE_YEARS
    return np.clip(np.arange(POOL_MONTHS) // 12, lo, hi - 1) - lo


@dataclass(frozen=True)
class PoolTables:
    """Composition tables of the pool (fixed per model).

    Attributes:
        share: Composition of the people at home by (area, class, age month), shares.
        work_age: Age mix of workers, (workplace segment, age month), sums to 1.
        work_start: Composition by class of workers in units that can take candidates.
        fresh: Composition by class of workers taken on anew.
    """

    share: np.ndarray
    work_age: np.ndarray
    work_start: np.ndarray
    fresh: np.ndarray

    @classmethod
    def of(cls, inputs: FlowInputs, classes: PoolClasses) -> PoolTables:
        """Tables from the month-0 counts."""
        shares = classes.shares()  # (seg, age year, class)
        by_month = np.transpose(shares[:, year_of_month(), :], (0, 2, 1))  # (seg, class, month)
        work = inputs.pool_age_months[3:, :POOL_MONTHS]
        ok_w = classes.ok[3:].sum(axis=1)
        ok_w[:, 0] = np.maximum(inputs.ok_heads[3:].sum(axis=1) - ok_w.sum(axis=1), 0.0)
        return cls(
            share=by_month[:3],
            work_age=work / np.maximum(work.sum(axis=1, keepdims=True), 1e-12),
            work_start=ok_w / np.maximum(ok_w.sum(axis=1, keepdims=True), 1e-12),
            fresh=classes.fresh,
        )

    def start_pool(self, inputs: FlowInputs) -> np.ndarray:
        """The pool of communes and wards at month 0, (area, class, age month)."""
        return inputs.pool_age_months[:3, None, :POOL_MONTHS] * self.share


def monthly_rates(
    sc: Scenario,
    inputs: FlowInputs,
    classes: PoolClasses,
    tables: PoolTables,
    levers: dict[str, float],
    cell: np.ndarray,
    rates: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly identification shares: (area, class, age month) at home and (workplace
    segment, class) for workers, times the cells' factor ``cell`` by (segment, class)
    (``rates``: :func:`~partysim.analysis.flow_classes.class_rates` under ``levers``, if
    already computed)."""
    rates = class_rates(sc, inputs, classes, levers) if rates is None else rates
    ages = np.arange(POOL_MONTHS)
    eligible = (ages >= sc.pipeline.source_min_age * 12) & (ages < sc.demography.eligibility_max_age * 12)
    by_age_year = per_month(np.clip(rates[:3] * cell[:3, :, None], 0, 1), inputs.review_months)
    q = by_age_year[:, :, year_of_month()] * eligible  # the same per month of each age year
    by_year = np.transpose(classes.ok[3:], (0, 2, 1))  # workers' ages by class: (segment, class, age year)
    years = np.arange(*POOL_AGE_YEARS)
    ok_years = (years >= sc.pipeline.source_min_age) & (years < sc.demography.eligibility_max_age)
    annual_w = rates[3:] * cell[3:, :, None] * ok_years
    q_year = per_month(np.clip(annual_w, 0, 1), inputs.review_months)
    q_work = (q_year * by_year).sum(axis=2) / np.maximum(by_year.sum(axis=2), 1e-12)
    return q, q_work
