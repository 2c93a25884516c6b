"""Expected monthly rates of the flow model, from the scenario's parameters.

Every rate is the engine's own (:mod:`partysim.model.mechanisms`) turned into an expected
monthly fraction: the engine reviews each person every ``review_months`` months with the
probability of an event over that interval, so the expected share of a stock that has the
event in one month is that probability divided by ``review_months`` (:func:`per_month`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

from partysim.analysis.flow_inputs import N_TYPES
from partysim.model import people as P
from partysim.model.engine import age_band_table
from partysim.model.lever_plan import LeverPlan
from partysim.model.mechanisms.composition import school_factors
from partysim.model.streams import monthly, period_probability
from partysim.scenario.ages import LEAVE_BANDS_YEARS, MAX_AGE_MONTHS, MORTALITY_BANDS_YEARS
from partysim.scenario.schema import Scenario

AGES = np.arange(MAX_AGE_MONTHS + 1)
"""Ages in months indexing the flow model's age vectors."""


def per_month(annual: np.ndarray | float, review_months: int) -> np.ndarray:
    """Expected monthly share with the event, for an annual probability reviewed every
    ``review_months`` months (see the module docstring)."""
    return np.asarray(period_probability(annual, review_months)) / review_months


def type_factors(sc: Scenario, levers: dict[str, float]) -> np.ndarray:
    """Identification rate (per year, active cell, before the cell factor) by
    (type code, aged under 31): the product the engine's ``identification_table`` and
    composition factors apply, shape ``(N_TYPES, 2)``."""
    pl, eff, c = sc.pipeline, sc.effects, sc.composition
    occ = np.array(
        [
            1.0,
            pl.state_sector_factor,
            pl.state_sector_factor,
            pl.non_state_factor,
            pl.student_factor * (1 + eff.student_drive * levers["student_drive"]),
            1.0,
        ]
    )
    yu = np.array([1.0, pl.youth_union_factor * (1 + eff.mass_org * levers["mass_org_engagement"])])
    school = school_factors(c)
    pair = lambda f: np.array([1.0, f])  # noqa: E731
    group = (
        school[:, None, None, None]
        * pair(c.women_identification * c.women_willingness)[None, :, None, None]
        * pair(c.minority_identification * c.minority_willingness)[None, None, :, None]
        * pair(c.religious_identification * c.religious_willingness)[None, None, None, :]
    )
    code = (occ[:, None] * yu[None, :]).reshape(12, 1) * group.reshape(1, 56)
    young = np.array([pl.age_over_30_factor * pl.willingness_adult, pl.willingness_youth])
    return pl.identification_rate * levers["activity"] * code.reshape(N_TYPES, 1) * young[None, :]


def schooled_types() -> np.ndarray:
    """Types whose schooling qualifies outside hardship areas (lower secondary or more)."""
    school = (np.arange(N_TYPES) // 8) % 7
    return school >= P.LOWER_SECONDARY


def vetting_pmf(sc: Scenario, median_factor: float, shares: dict[str, float], months: int) -> np.ndarray:
    """Probability of each vetting time (months 0..months-1; 0 never happens): a mixture of
    the engine's rounded lognormals over relatives elsewhere, a resisting family and
    ethnic minority (``shares``: each group's share among those vetted)."""
    pl = sc.pipeline
    base = pl.vetting_median_months * median_factor
    edges = np.log(np.maximum(np.arange(months + 1) - 0.5, 1e-12))
    pmf = np.zeros(months)
    for rel in (0, 1):
        for fam in (0, 1):
            for mino in (0, 1):
                w = (shares["relatives"] if rel else 1 - shares["relatives"]) * (
                    shares["family"] if fam else 1 - shares["family"]
                )
                w *= shares["minority"] if mino else 1 - shares["minority"]
                med = (
                    base * (pl.relatives_elsewhere_factor if rel else 1.0) * (pl.family_resists_factor if fam else 1.0)
                )
                med *= sc.composition.minority_vetting_factor if mino else 1.0
                cdf = ndtr((edges - np.log(max(med, 1e-9))) / pl.vetting_sigma)
                cdf[:2] = 0.0  # times below 1.5 months round to 1 (at least 1)
                pmf += w * np.diff(cdf)
    pmf[-1] += max(0.0, 1.0 - pmf.sum())  # longer waits are cut at the queue's end
    return pmf


@dataclass(frozen=True)
class MemberRates:
    """Monthly hazards of members by age (months), see :func:`member_rates`."""

    death: np.ndarray
    leave_home: np.ndarray  # (areas, ages): leaving to work away (before the transfer split)
    outflow_home: float
    outflow_away: float
    transfer_out_home: float
    return_home: float
    transfer_share: float


def death_per_month(sc: Scenario, review_months: int) -> np.ndarray:
    """Expected monthly death share by age in months."""
    band = age_band_table(MORTALITY_BANDS_YEARS)
    return per_month(np.asarray(sc.demography.mortality)[band], review_months)


def leave_per_month(
    sc: Scenario, review_months: int, member: bool, levers: dict[str, float], driver: float
) -> np.ndarray:
    """Expected monthly share of residents at home leaving to work away, (area, age)."""
    mig = sc.migration
    annual = np.append(np.asarray(mig.leave_rate, dtype=float), 0.0)[age_band_table(LEAVE_BANDS_YEARS)]
    area = np.array([1.0, mig.urban_factor, mig.mountain_factor])
    scale = (mig.member_leave_factor if member else 1.0) * (1 - sc.effects.local_jobs * levers["local_jobs"]) * driver
    return per_month(np.clip(area[:, None] * annual[None, :] * scale, 0, 1), review_months)


def member_rates(sc: Scenario, review_months: int, levers: dict[str, float], driver: float) -> MemberRates:
    """Members' monthly hazards (the engine's competing risks of
    :func:`partysim.model.mechanisms.outflow.member_outflow`, screening of members who no
    longer qualify left out: see docs/flow-model.md)."""
    out, eff = sc.outflow, sc.effects
    away_factor = out.away_factor * (1 - eff.e_handbook * levers["e_handbook"])

    def row(f: float, transfer: float) -> np.ndarray:
        annual = np.clip([f * out.removal_rate, f * out.exit_rate, out.expulsion_rate, transfer], 0, 1)
        cum = np.minimum(np.cumsum(period_probability(annual, review_months)), 1.0)
        return np.diff(np.concatenate([[0.0], cum])) / review_months

    home, away = row(1.0, out.transfer_out_rate), row(away_factor, 0.0)
    return MemberRates(
        death=death_per_month(sc, review_months),
        leave_home=leave_per_month(sc, review_months, True, levers, driver),
        outflow_home=float(home[:3].sum()),
        outflow_away=float(away[:3].sum()),
        transfer_out_home=float(home[3]),
        return_home=float(per_month(sc.migration.return_rate, review_months)),
        transfer_share=float(sc.migration.member_transfer_share),
    )


def turnover_per_month(sc: Scenario, review_months: int, member: bool) -> np.ndarray:
    """Expected monthly share of workers leaving their job, per workplace segment."""
    emp = sc.employment
    rates = np.array([emp.turnover_state, emp.turnover_non_state]) * (emp.member_turnover_factor if member else 1.0)
    return per_month(np.clip(rates, 0, 1), review_months)


def dossier_start(sc: Scenario, levers: dict[str, float]) -> float:
    """Monthly probability that a certified candidate starts the dossier (the engine's)."""
    pl, eff = sc.pipeline, sc.effects
    mean = pl.dossier_start_months * (1 - eff.quota_speeds_dossier * levers["quota_accountability"])
    return float(1 - np.exp(-1.0 / max(mean, 0.05)))


def source_dropout(sc: Scenario) -> float:
    """Monthly probability that someone on the source list drops off."""
    return float(monthly(sc.pipeline.source_dropout))


def lever_months(sc: Scenario) -> list[dict[str, float]]:
    """Every lever's value in each simulated month."""
    plan = LeverPlan(sc)
    return [{name: float(arr[t]) for name, arr in plan.values.items()} for t in range(sc.months)]
