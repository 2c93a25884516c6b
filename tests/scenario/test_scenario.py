"""Scenario files: shipped ones validate; metadata is complete; overrides and schedules work."""

import json
from pathlib import Path

import pytest

import partysim
from partysim.model.lever_plan import LeverPlan
from partysim.scenario import ScenarioError
from partysim.scenario.parameters import iter_params

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("**/*.yaml"))


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
    res = partysim.run(sc, replications=1, progress=False, sets=0)
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


# --------------------------------------------------------------------------
# Scenario.with_values: the one validated way to change a scenario
# --------------------------------------------------------------------------


def test_with_values_returns_a_new_validated_scenario(tiny):
    before = tiny.sha256()
    new = tiny.with_values(
        {"levers.classes_per_year": 8, "territory.units[0].count": 3, "territory.units.1.people": 900}
    )
    assert new.levers.classes_per_year == 8.0
    assert new.territory.units[0].count == 3 and new.territory.units[1].people == 900
    assert tiny.sha256() == before and tiny.territory.units[0].count == 2  # unchanged


def test_with_values_matches_set_on_the_command_line(tiny_path):
    loaded = partysim.load_scenario(tiny_path)
    by_set = partysim.load_scenario(tiny_path, ["levers.classes_per_year=8", "pipeline.vote_pass=0.9"])
    changed = loaded.with_values({"levers.classes_per_year": 8, "pipeline.vote_pass": 0.9})
    assert changed.model_dump_json() == by_set.model_dump_json()
    assert changed.sha256() == by_set.sha256()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_with_no_values_is_the_same_scenario(path):
    sc = partysim.load_scenario(path)
    assert sc.with_values({}).sha256() == sc.sha256()


def test_with_values_sets_one_step_of_a_schedule():
    sc = partysim.load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "huong_son_2018_2022.yaml")
    new = sc.with_values({"levers.quota_accountability.2021": 0.4})
    assert new.levers.quota_accountability == {"2018": 0.0, "2021": 0.4}


@pytest.mark.parametrize(
    "path, value",
    [
        ("territory.units[7].count", 1),
        ("pipeline.identification_rate", 0.5),
        ("levers.classes_per_year", True),
        ("levers.classes_per_year", "8"),
        ("pipeline.no_such_rate", 1.0),
        ("a..b", 1),
        ("extends", "x.yaml"),
    ],
)
def test_with_values_errors_are_those_of_set(tiny_path, path, value):
    sc = partysim.load_scenario(tiny_path)
    with pytest.raises(ScenarioError) as by_set:
        partysim.load_scenario(tiny_path, [f"{path}={json.dumps(value)}"])
    with pytest.raises(ScenarioError) as by_value:
        sc.with_values({path: value})
    assert by_value.value.file == "--set" and by_value.value.line is None
    assert (by_value.value.field, by_value.value.expected) == (by_set.value.field, by_set.value.expected)
