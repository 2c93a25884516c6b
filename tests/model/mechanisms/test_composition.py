"""Composition as a mechanism: group factors decide who is admitted.

The province is ``docs/examples/default_province.yaml`` (unit counts only, every default).
With every composition factor at 1, no resisting families (``NEUTRAL``) and schooling drawn
independently of age (``schooling.age_factors`` all 1: otherwise the young, who are more
schooled, carry schooling with their own advantage), sex, ethnicity, religion and
schooling play no part anywhere in the pipeline, so admissions have the composition of the
people eligible: a binomial sample of them. With the defaults they do not. Tolerances are
standard errors of a binomial share (pooled over replications and the later years, when
the starting pipeline has been worked through) times ``Z``; the design effect of cells,
unit kinds and the shared spin-up stays well inside it (measured over seeds 3, 11 and 29,
21 shares: |z| at most 2.6).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import partysim
from partysim.analysis.composition import composition_table
from partysim.model.columns import GROUP_COLUMN
from partysim.scenario.rates.composition import NEUTRAL

PROVINCE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "default_province.yaml"
INDEPENDENT = ("women", "minority", "religious", "upper_secondary", "college", "university", "postgraduate")
"""Groups whose attribute is drawn independently of occupation, Youth Union and age
(schooling depends on age, but its factors are the only thing about it that acts)."""
Z = 5.0
SWITCHED_OFF = {**NEUTRAL, "population.family_resists_share": 0.0, "schooling.age_factors": [1, 1, 1, 1, 1]}


@pytest.fixture(scope="module")
def province() -> partysim.Scenario:
    return partysim.load_scenario(PROVINCE)


def _shares(res: partysim.Results) -> tuple[dict[str, float], dict[str, float], float]:
    a = res.annual[(res.annual["months"] == 12) & (res.annual["year"] >= 2025)]
    n = float(a["admissions"].sum())
    admitted = {g: float(a[GROUP_COLUMN[g]].sum()) / n for g in INDEPENDENT}
    eligible = {g: float(a[f"eligible_{g}"].sum()) / float(a["eligible"].sum()) for g in INDEPENDENT}
    return admitted, eligible, n


def _z(p_adm: float, p_elig: float, n: float) -> float:
    return (p_adm - p_elig) / np.sqrt(max(p_elig * (1 - p_elig), 1e-9) / n)


@pytest.fixture(scope="module")
def neutral(province):
    return partysim.run(province.with_values(SWITCHED_OFF), replications=3, progress=False, sets=0)


@pytest.fixture(scope="module")
def defaults(province):
    return partysim.run(province, replications=3, progress=False, sets=0)


def test_switched_off_admissions_mirror_the_eligible(neutral):
    admitted, eligible, n = _shares(neutral)
    z = {g: round(_z(admitted[g], eligible[g], n), 2) for g in INDEPENDENT}
    assert all(abs(v) < Z for v in z.values()), f"z-scores {z} (n = {n:.0f})"


def test_defaults_admit_fewer_believers_and_women_and_more_graduates(defaults):
    admitted, eligible, n = _shares(defaults)
    assert _z(admitted["religious"], eligible["religious"], n) < -Z
    assert _z(admitted["women"], eligible["women"], n) < -Z
    assert _z(admitted["university"], eligible["university"], n) > Z


def test_switching_one_factor_moves_its_group_only(province, neutral):
    sc = province.with_values({**SWITCHED_OFF, "composition.religious_willingness": 0.3})
    res = partysim.run(sc, replications=3, progress=False, sets=0)
    a0, _, n0 = _shares(neutral)
    a1, _, n1 = _shares(res)
    se = np.sqrt(a0["religious"] * (1 - a0["religious"]) * (1 / n0 + 1 / n1))
    assert a1["religious"] < a0["religious"] - Z * se
    se_w = np.sqrt(a0["women"] * (1 - a0["women"]) * (1 / n0 + 1 / n1))
    assert abs(a1["women"] - a0["women"]) < Z * se_w


def test_every_stage_counts_the_same_people_by_group(defaults):
    """The funnel's admitted row by group is the run's admissions by group (exact), and the
    top node of the hierarchy adds up to the territory's admissions and members by group."""
    f = defaults.funnel.set_index("stage")
    a = defaults.annual
    for g in (*INDEPENDENT, "youth", "student"):
        per_rep = a.groupby("replication")[GROUP_COLUMN[g]].sum().mean()
        assert f.at["admitted", f"entered_{g}"] == pytest.approx(per_rep)
        assert (f[f"entered_{g}"] <= f["entered"] + 1e-9).all()
    top = defaults.by_node[defaults.by_node["level"] == "province"].set_index(["replication", "year"])
    ann = a.set_index(["replication", "year"])
    assert (top["members"] == ann.loc[top.index, "members_end"]).all()
    for g in INDEPENDENT:
        col = GROUP_COLUMN[g]
        assert (top[col] == ann.loc[top.index, col]).all()
        assert (top[f"members_{g}"] == ann.loc[top.index, f"members_{g}"]).all()


def test_members_by_group_are_counted_from_the_members(defaults, province):
    """Women among members at the start are drawn with ``share_female_members``: the year-end
    count of the first year stays within a few percent of it (members change slowly)."""
    a = defaults.annual[defaults.annual["year"] == 2024]
    share = a["members_women"].sum() / a["members_end"].sum()
    assert abs(share - province.population.share_female_members) < 0.03
    assert (defaults.annual["members_university"] <= defaults.annual["members_end"]).all()


def test_composition_table_shares_are_fractions(defaults):
    t = composition_table(defaults.annual)
    vals = t[["admitted", "eligible", "members"]].to_numpy(dtype=float)
    assert np.nanmin(vals) >= 0 and np.nanmax(vals) <= 1
    assert (t["admitted_p10"] <= t["admitted_p90"] + 1e-12).all()
