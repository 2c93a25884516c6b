"""The first-year check: every shipped scenario's first year agrees with its own history,
and the check does fail when the starting pipeline is wrong."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import partysim
from partysim.analysis.runner import run_replication
from partysim.analysis.start_check import check_start

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
WITH_HISTORY = {
    "huong_son_2018_2022.yaml": 1,
    "huong_son_heldout.yaml": 1,
    "huong_son_no_package.yaml": 1,
    "ninh_binh_2023.yaml": 1,
    "thanh_hoa_2021_2025.yaml": 10,
}
"""Shipped scenarios with recorded admissions, and the factor they are scaled down by."""
WITHOUT_HISTORY = {
    "long_bien_enterprises_2018_2021.yaml",
    "long_bien_heldout.yaml",
    "lam_dong_agencies_2020_2021.yaml",
    "national_2011_2025.yaml",  # an average over its own first years, no year before the start
}


def _annual(values_by_year: dict[int, list[float]]) -> pd.DataFrame:
    rows = [
        {"replication": r, "year": y, "months": 12, "admissions": v}
        for y, vs in values_by_year.items()
        for r, v in enumerate(vs)
    ]
    return pd.DataFrame(rows)


def _scaled(file: str, factor: int) -> partysim.Scenario:
    sc = partysim.load_scenario(SCENARIOS / file)
    if factor == 1:
        return sc
    over = [f"territory.units[{i}].count={max(1, round(u.count / factor))}" for i, u in enumerate(sc.territory.units)]
    over.append(f"levers.classes_per_year={sc.levers.classes_per_year / factor:g}")
    return partysim.load_scenario(SCENARIOS / file, over)


def _first_years(sc: partysim.Scenario, factor: int, n: int = 8) -> pd.DataFrame:
    y0 = sc.start_ym[0]
    short = sc.with_values({"end": f"{y0 + 1}-12"})
    annual = pd.concat([run_replication(short, r).annual for r in range(n)], ignore_index=True)
    annual["admissions"] = annual["admissions"] * factor
    return annual


def test_every_shipped_scenario_is_classified():
    shipped = {p.name for p in SCENARIOS.glob("*.yaml")}
    assert shipped == set(WITH_HISTORY) | WITHOUT_HISTORY
    for f in WITHOUT_HISTORY:
        sc = partysim.load_scenario(SCENARIOS / f)
        assert not any(int(y) >= sc.start_ym[0] - 4 for y in sc.history.admissions), f


@pytest.mark.slow
@pytest.mark.parametrize("file", sorted(WITH_HISTORY))
def test_first_year_agrees_with_its_history(file):
    sc = _scaled(file, WITH_HISTORY[file])
    check = check_start(sc, _first_years(sc, WITH_HISTORY[file]))
    assert check is not None
    assert not check.departs, check


def test_the_check_fails_without_a_starting_pipeline():
    """Hương Sơn from an empty pipeline: its first year falls below the recorded 3-4."""
    sc = partysim.load_scenario(SCENARIOS / "huong_son_2018_2022.yaml").with_values(
        {"pipeline_start.method": "counts", "pipeline_start.spinup": False}
    )
    check = check_start(sc, _first_years(sc, 1, n=12))
    assert check is not None and check.direction == "below" and check.cause == "start"


def test_recorded_figure_inside_and_outside_the_simulated_interval(tiny):
    sc = tiny.with_values({"history.admissions": {2022: 20}})
    inside = check_start(sc, _annual({2022: list(np.linspace(15, 25, 11)), 2023: [20] * 11}))
    assert inside is not None and inside.reference == "recorded" and not inside.departs
    low = check_start(sc, _annual({2022: list(np.linspace(30, 40, 11)), 2023: [20] * 11}))
    assert low is not None and low.direction == "above" and low.cause == "start"


def test_rates_are_blamed_when_the_second_year_departs_too(tiny):
    sc = tiny.with_values({"history.admissions": {2021: 20}})
    both = check_start(sc, _annual({2022: [60] * 5, 2023: [60] * 5}))
    assert both is not None and both.reference == "last_recorded" and both.cause == "rates"
    first = check_start(sc, _annual({2022: [60] * 5, 2023: [20] * 5}))
    assert first is not None and first.cause == "start"


def test_no_history_no_check(tiny):
    assert check_start(tiny, _annual({2022: [10] * 3})) is None
