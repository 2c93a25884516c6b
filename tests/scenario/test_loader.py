"""Tests for partysim.scenario.loader: reading files, ``extends`` chains, ``--set``
overrides, and numbers that must be written as numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from partysim.scenario import load_scenario
from partysim.scenario.loader import ScenarioError, SourceMap, load_scenario_data, validate_data

from .helpers import BASE, Scenario, load_and_validate, write

# --------------------------------------------------------------------------
# Happy path and extends
# --------------------------------------------------------------------------


def test_happy_path_returns_plain_data_and_locations(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE)
    data, sources = load_scenario_data(path)
    assert data["territory"]["units"][1] == {"name": "south", "count": 20}
    assert isinstance(sources, SourceMap)
    assert sources.locate(("pipeline", "pass_rate")) == (str(path), 5)
    assert sources.locate(("territory", "units", 1, "count")) == (str(path), 11)
    # Unknown deeper paths fall back to the nearest located ancestor.
    assert sources.locate(("territory", "units", 1, "nope", 3)) == (str(path), 10)
    model = validate_data(Scenario, data, sources)
    assert model.pipeline.vetting_median_months == 6
    assert model.territory.units[0].name == "north"


def test_extends_chain_merges_and_locates_each_value(tmp_path: Path) -> None:
    base = write(tmp_path, "base.yaml", BASE)
    mid = write(
        tmp_path,
        "mid.yaml",
        """
        extends: base.yaml
        seed: 2
        """,
    )
    sub = tmp_path / "sub"
    sub.mkdir()
    child = write(
        sub,
        "child.yaml",
        """
        extends: ../mid.yaml
        name: child
        pipeline:
          pass_rate: 0.9
        territory:
          units:
            - name: only
              count: 1
        """,
    )
    data, sources = load_scenario_data(child)
    assert "extends" not in data
    assert data["name"] == "child"
    assert data["seed"] == 2
    # Mappings merge recursively, child wins:
    assert data["pipeline"] == {"vetting_median_months": 6, "pass_rate": 0.9}
    # Lists are replaced whole:
    assert data["territory"]["units"] == [{"name": "only", "count": 1}]
    assert sources.locate(("pipeline", "pass_rate")) == (str(child), 4)
    assert sources.locate(("pipeline", "vetting_median_months")) == (str(base), 4)
    assert sources.locate(("seed",))[0] == str(mid)
    assert sources.locate(("territory", "units", 0, "count")) == (str(child), 8)
    assert sources.files[0] == str(child)
    assert len(sources.files) == 3


def test_error_in_inherited_value_points_at_base_file(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE.replace("vetting_median_months: 6", "vetting_median_months: 99"))
    child = write(tmp_path, "child.yaml", "extends: base.yaml\nname: child\n")
    with pytest.raises(ScenarioError) as info:
        load_and_validate(child)
    err = info.value
    assert err.file.endswith("base.yaml")
    assert err.line == 4
    assert err.field == "pipeline.vetting_median_months"
    assert "between 0.5 and 24" in err.expected


def test_error_in_child_override_points_at_child_file(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    child = write(tmp_path, "child.yaml", "extends: base.yaml\npipeline:\n  pass_rate: 7\n")
    with pytest.raises(ScenarioError) as info:
        load_and_validate(child)
    assert (info.value.file, info.value.line) == (str(child), 3)
    assert info.value.field == "pipeline.pass_rate"


def test_missing_extends_file(tmp_path: Path) -> None:
    child = write(tmp_path, "child.yaml", "name: x\nextends: nowhere.yaml\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(child)
    err = info.value
    assert (err.file, err.line, err.field) == (str(child), 2, "extends")
    assert "an existing scenario file" in err.expected
    assert "nowhere.yaml not found" in err.expected


def test_extends_cycle_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b.yaml\nname: a\n")
    write(tmp_path, "b.yaml", "name: b\nextends: a.yaml\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(tmp_path / "a.yaml")
    err = info.value
    assert err.field == "extends"
    assert err.file.endswith("b.yaml") and err.line == 2
    assert "cycle" in str(err)


def test_extends_itself_is_a_cycle(tmp_path: Path) -> None:
    path = write(tmp_path, "self.yaml", "extends: self.yaml\nname: a\n")
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario_data(path)


def test_extends_must_be_a_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "extends: [a.yaml]\nname: a\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path)
    assert info.value.field == "extends" and info.value.line == 1


# --------------------------------------------------------------------------
# --set overrides
# --------------------------------------------------------------------------


def test_set_overrides_are_typed(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE)
    data, sources = load_scenario_data(
        path,
        [
            "seed=5",
            "pipeline.pass_rate=0.3",
            "flags.verbose=true",
            "flags.list=[1, 2]",
            "growth={2022: 0.5}",
            "name=hello world",
        ],
    )
    assert data["seed"] == 5 and type(data["seed"]) is int
    assert data["pipeline"] == {"vetting_median_months": 6, "pass_rate": 0.3}
    assert data["flags"] == {"verbose": True, "list": [1, 2]}
    assert data["growth"] == {2022: 0.5}
    assert data["name"] == "hello world"
    assert sources.locate(("seed",)) == ("--set", None)
    assert sources.locate(("growth", 2022)) == ("--set", None)
    assert sources.locate(("pipeline", "vetting_median_months")) == (str(path), 4)


def test_set_into_list_index_both_syntaxes(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE)
    data, sources = load_scenario_data(path, ["territory.units.0.count=5", "territory.units[1].name=east"])
    assert data["territory"]["units"] == [{"name": "north", "count": 5}, {"name": "east", "count": 20}]
    assert sources.locate(("territory", "units", 0, "count")) == ("--set", None)
    assert sources.locate(("territory", "units", 0, "name")) == (str(path), 8)


def test_set_value_error_is_located_at_set(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE)
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path, ("territory.units[1].count=-3",))
    err = info.value
    assert (err.file, err.line, err.field) == ("--set", None, "territory.units[1].count")
    assert str(err).startswith("--set: field 'territory.units[1].count': expected")


@pytest.mark.parametrize("raw", ["no_equals_sign", "=5", " =5", "a..b=1", "[0].x=1"])
def test_malformed_set(tmp_path: Path, raw: str) -> None:
    path = write(tmp_path, "s.yaml", BASE)
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path, [raw])
    assert info.value.file == "--set"
    assert info.value.line is None
    assert "path=value" in info.value.expected


def test_set_list_index_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE)
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path, ["territory.units[7].count=1"])
    assert info.value.field == "territory.units[7].count"
    assert "0 to 1" in info.value.expected


def test_set_value_is_parsed_safely(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE)
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path, ["seed=!!python/object/apply:os.system ['echo hacked']"])
    assert info.value.file == "--set" and info.value.field == "seed"


# --------------------------------------------------------------------------
# Numbers must be numbers (the real scenario schema)
# --------------------------------------------------------------------------

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"


def tiny_child(tmp_path: Path, body: str) -> Path:
    """A file extending tests/data/tiny.yaml; ``body`` starts on line 2."""
    return write(tmp_path, "child.yaml", f"extends: {TINY}\n{body}")


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "true", "false", "Yes", "OFF"])
def test_yaml_boolean_is_refused_where_a_number_is_expected(tmp_path: Path, word: str) -> None:
    path = tiny_child(tmp_path, f"levers:\n  classes_per_year: {word}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    read_as = word.lower() in ("yes", "on", "true")
    assert (err.file, err.line, err.field) == (str(path), 3, "levers.classes_per_year")
    assert str(err) == f"{path}:3: field 'levers.classes_per_year': expected a number (classes per year), got {read_as}"


def test_yaml_boolean_is_refused_where_a_whole_number_is_expected(tmp_path: Path) -> None:
    path = tiny_child(tmp_path, "seed: on\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}:2: field 'seed': expected a whole number, got True"


@pytest.mark.parametrize("text", ['"1.000"', '"1,5"', "'0.01'", '"12"'])
def test_quoted_number_is_refused(tmp_path: Path, text: str) -> None:
    path = tiny_child(tmp_path, f"pipeline:\n  vetting_median_months: {text}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert (err.line, err.field, err.got) == (3, "pipeline.vetting_median_months", text[1:-1])
    assert err.expected == "a number (months)"


def test_unquoted_comma_decimal_is_refused(tmp_path: Path) -> None:
    path = tiny_child(tmp_path, "pipeline:\n  vetting_median_months: 1,5\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}:3: field 'pipeline.vetting_median_months': expected a number (months), got '1,5'"


def test_non_numbers_are_refused_inside_lists_and_schedules(tmp_path: Path) -> None:
    path = tiny_child(tmp_path, "population:\n  age_band_weights: [0.1, '0.2', 0.3, 0.2, 0.2]\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert (info.value.line, info.value.field, info.value.expected) == (3, "population.age_band_weights[1]", "a number")
    path = tiny_child(tmp_path, "levers:\n  local_jobs:\n    2022: 0\n    2023: yes\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert (info.value.line, info.value.field, info.value.got) == (5, "levers.local_jobs.2023", True)
    assert info.value.expected == "a number"


def test_set_boolean_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(TINY, ["levers.classes_per_year=yes"])
    assert str(info.value) == "--set: field 'levers.classes_per_year': expected a number (classes per year), got True"


def test_numbers_that_look_like_numbers_are_numbers(tmp_path: Path) -> None:
    path = tiny_child(
        tmp_path,
        "pipeline:\n  identification_rate: 1e-3\n  vetting_median_months: 4\n"
        "territory:\n  name: T\n  levels: [commune]\n  nodes: []\n  units:\n    - {name: a, count: 3.0, people: 10}\n",
    )
    sc = load_scenario(path, ["pipeline.dossier_start_months=2E+1"])
    assert sc.pipeline.identification_rate == 0.001
    assert sc.pipeline.vetting_median_months == 4.0
    assert sc.pipeline.dossier_start_months == 20.0
    assert sc.territory.units[0].count == 3 and type(sc.territory.units[0].count) is int
    data, _ = load_scenario_data(path)
    assert data["pipeline"]["identification_rate"] == 0.001  # read as a number, not as text


def test_names_stay_text(tmp_path: Path) -> None:
    sc = load_scenario(TINY, ["name=1.5.0", "title='1e3'"])
    assert (sc.name, sc.title) == ("1.5.0", "1e3")


def test_cli_refuses_a_boolean_number_with_exit_2(tmp_path: Path) -> None:
    path = tiny_child(tmp_path, "levers:\n  seats_per_class: yes\n")
    r = subprocess.run(
        [sys.executable, "-m", "partysim.cli", "validate", "--lang", "en", str(path)], capture_output=True, text=True
    )
    assert r.returncode == 2
    err = r.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.endswith(f"{path}:3: field 'levers.seats_per_class': expected a number (seats), got True")
