"""The preview's starting pipeline: the first simulated year agrees with the full model.

The first year's admissions come mostly from the pipeline placed on the first day (the
spin-up's end state), so a preview whose sample is spun up under the wrong settings is
wrong in that year only. These tests run :func:`~partysim.analysis.ensemble.run_ensemble`
(the path of ensembles and posterior calibration) on a territory large enough to be
sampled, full and preview, for one simulated year.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import partysim
from partysim.analysis import preview as sampling
from partysim.analysis.ensemble import run_ensemble
from partysim.analysis.preview import plan_sample
from partysim.scenario.variant import value_at

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
BUDGET = 16_000
"""People per preview replication: about a tenth of the test territory."""

THIN = {
    "pipeline.identification_rate": 0.07,
    "pipeline.source_dropout": 0.084,
    "pipeline.dossier_start_months": 6.0,
    "pipeline.vetting_median_months": 2.0,
    "pipeline.vote_pass": 0.579,
}
"""A parameter set (values from a prior draw) under which the full model's starting
pipeline, and its first-year admissions, are a small fraction of the scenario's own."""


@pytest.fixture(scope="module")
def territory() -> partysim.Scenario:
    """Ninh Bình at a third of its size (~255,000 people), one simulated year."""
    d = partysim.load_scenario(SCENARIOS / "ninh_binh_2023.yaml").model_dump()
    for u in d["territory"]["units"]:
        u["count"] = max(1, round(u["count"] / 3))
    for k in sampling.ABSOLUTE_LEVERS:
        d["levers"][k] = d["levers"][k] / 3
    d["end"] = f"{d['start'][:4]}-12"
    return partysim.Scenario.model_validate(d)


@pytest.fixture(scope="module")
def first_year(territory) -> pd.DataFrame:
    """First-year admissions of every run: columns set, replication, admissions, preview."""
    d = territory.model_dump()
    own = {path: float(value_at(d, path)) for path in THIN}
    sets = pd.DataFrame([own, THIN])
    out = []
    for preview, replications in ((False, 2), (True, 6)):
        ens = run_ensemble(territory, sets, replications, territory.seed, preview=preview, people_budget=BUDGET)
        first = ens.annual[ens.annual["year"] == ens.annual["year"].min()]
        out.append(first[["set", "replication", "admissions"]].assign(preview=preview))
    return pd.concat(out, ignore_index=True)


def test_territory_is_sampled(territory):
    assert plan_sample(territory, BUDGET).weight > 5


@pytest.mark.parametrize("set_no", [0, 1], ids=["scenario", "thin"])
def test_first_year_admissions_agree(first_year, set_no):
    """Preview and full means agree within four standard errors of their difference (from
    the spread across replications) plus 1.5% of the full mean (a small template kept at
    one copy). Spun up under the whole territory's class capacity, the sample started with
    about twice the pipeline beyond the source list and, under ``THIN``, admitted about
    seven times the full model's number in the first year."""
    runs = first_year[first_year["set"] == set_no]
    f = runs.loc[~runs["preview"], "admissions"].to_numpy(float)
    p = runs.loc[runs["preview"], "admissions"].to_numpy(float)
    se = np.sqrt(f.var(ddof=1) / len(f) + p.var(ddof=1) / len(p))
    tol = 4 * se + 0.015 * abs(f.mean())
    assert abs(p.mean() - f.mean()) <= tol, (f.mean(), p.mean(), tol)
    if set_no == 1:
        scenario_full = first_year.loc[(first_year["set"] == 0) & ~first_year["preview"], "admissions"].mean()
        assert f.mean() < 0.5 * scenario_full  # the set does shrink the first year
