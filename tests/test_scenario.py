"""Scenario files: shipped ones validate; metadata is complete; overrides and schedules work."""

from pathlib import Path

import pytest

import partysim
from partysim.model.lever_plan import LeverPlan
from partysim.scenario.parameters import iter_params

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("**/*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenarios_validate(path):
    sc = partysim.load_scenario(path)
    assert sc.months > 0 and sc.territory.units


def test_every_estimated_parameter_has_range_unit_and_both_languages(tiny):
    params = list(iter_params(tiny))
    assert len(params) > 80
    for p in params:
        assert p.lo <= p.default <= p.hi, p.path
        assert p.unit and p.en and p.vi, p.path
    # levers are declared too, with their bounds
    assert {p.path for p in params} >= {"levers.classes_per_year", "levers.local_jobs", "effects.local_jobs"}


def test_set_override_and_extends(tiny_path, tmp_path):
    child = tmp_path / "child.yaml"
    child.write_text(f"extends: {tiny_path}\nname: child\nlevers:\n  seats_per_class: 45\n", encoding="utf-8")
    sc = partysim.load_scenario(child, ["levers.classes_per_year=9", "pipeline.vote_pass=0.9"])
    assert sc.name == "child"
    assert sc.levers.seats_per_class == 45
    assert sc.levers.classes_per_year == 9
    assert sc.pipeline.vote_pass == 0.9
    assert sc.territory.name == "Tiny"  # inherited


def test_lever_schedule_is_a_step_function(tiny):
    sc = tiny.model_copy(deep=True)
    sc.levers.local_jobs = {"2022": 0.0, "2023-07": 1.0}
    plan = LeverPlan(sc)
    assert plan.at("local_jobs", sc.month_of("2023-06")) == 0.0
    assert plan.at("local_jobs", sc.month_of("2023-07")) == 1.0


def test_hierarchy_is_data(tiny_path, tmp_path):
    """Removing the district level (2025 reform) is a file change, not a code change."""
    f = tmp_path / "merged.yaml"
    f.write_text(
        f"extends: {tiny_path}\nterritory:\n  name: Merged\n  levels: [province, commune, grassroots, cell]\n"
        "  nodes: [{name: New province, level: province}]\n"
        "  units:\n    - {name: Communes, parent: New province, count: 2, people: 500, members: 40}\n",
        encoding="utf-8",
    )
    sc = partysim.load_scenario(f)
    res = partysim.run(sc, replications=1, progress=False)
    assert res.annual.members_start.iloc[0] == 80


def test_content_hash_changes_with_content(tiny):
    other = tiny.model_copy(deep=True)
    other.levers.seats_per_class = 31.0
    assert tiny.sha256() != other.sha256()
    assert tiny.sha256() == tiny.model_copy(deep=True).sha256()


def test_shipped_calibrations_name_only_estimates_and_stay_in_range():
    """Every shipped calibration fits estimates only, and fitted values respect the ranges."""
    for path in SCENARIOS:
        sc = partysim.load_scenario(path)
        info = {p.path: p for p in iter_params(sc)}
        if sc.calibration is not None:
            assert all(info[p].estimate for p in sc.calibration.parameters), path
        if path.parent.name == "calibrated":
            base = partysim.load_scenario(path)
            assert base.name.endswith("_calibrated")
