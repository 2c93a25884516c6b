"""Tests for partysim.scenario.loader: safe YAML loading, extends, --set and error messages."""

from __future__ import annotations

import pickle
import textwrap
import time
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from partysim.scenario.loader import ScenarioError, SourceMap, load_scenario_data, validate_data


# --------------------------------------------------------------------------
# Tiny models standing in for the real scenario schema
# --------------------------------------------------------------------------


class Pipeline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vetting_median_months: float = Field(3.0, ge=0.5, le=24, description="months")
    pass_rate: float = Field(0.8, ge=0, le=1)

    @field_validator("pass_rate")
    @classmethod
    def _not_exactly_zero(cls, value: float) -> float:
        if value == 0:
            raise ValueError("pass_rate of exactly 0 means nobody is ever admitted")
        return value


class Unit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    count: int = Field(ge=0)


class Territory(BaseModel):
    model_config = ConfigDict(extra="forbid")

    units: list[Unit] = []

    @model_validator(mode="after")
    def _unique_names(self) -> "Territory":
        names = [unit.name for unit in self.units]
        if len(set(names)) != len(names):
            raise ValueError("units: each unit needs its own name")
        return self


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    seed: int = 0
    pipeline: Pipeline = Pipeline()
    territory: Territory = Territory()
    growth: dict[int, float] = {}


def write(tmp_path: Path, name: str, text: str) -> Path:
    """Write dedented YAML text to tmp_path/name and return the path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load_and_validate(path: Path, overrides: tuple[str, ...] = ()) -> Scenario:
    data, sources = load_scenario_data(path, overrides)
    return validate_data(Scenario, data, sources)


BASE = """
name: base
seed: 1
pipeline:
  vetting_median_months: 6
  pass_rate: 0.7
territory:
  units:
    - name: north
      count: 10
    - name: south
      count: 20
"""


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
# Validation errors turned into one clear message
# --------------------------------------------------------------------------


def test_unknown_misspelt_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE.replace("  pass_rate: 0.7", "  pass_rat: 0.7"))
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    err = info.value
    assert err.line == 5
    assert err.field == "pipeline.pass_rat"
    assert "unknown field" in str(err)
    assert "did you mean 'pass_rate'?" in str(err)
    assert ":5:" in str(err)


def test_unknown_key_without_close_match_lists_allowed_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE + "    - name: x\n      count: 1\n      zzzz: 2\n")
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    err = info.value
    assert err.field == "territory.units[2].zzzz" and err.line == 14
    assert "name, count" in err.expected


def test_wrong_type_names_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE.replace("count: 20", "count: lots"))
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    err = info.value
    assert (err.line, err.field) == (11, "territory.units[1].count")
    assert "whole number" in err.expected
    assert err.got == "lots"
    assert str(err) == (
        f"{path}:11: field 'territory.units[1].count': expected a whole number, got 'lots'"
    )


def test_out_of_range_names_line_field_and_bound(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE.replace("vetting_median_months: 6", "vetting_median_months: 0.1"))
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    err = info.value
    assert (err.line, err.field) == (4, "pipeline.vetting_median_months")
    assert err.expected == "a number between 0.5 and 24 (months)"
    assert "got 0.1" in str(err)


def test_one_sided_bound(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE.replace("count: 10", "count: -1"))
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    assert info.value.field == "territory.units[0].count"
    assert "at least 0" in info.value.expected


def test_validator_value_error_message_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE.replace("pass_rate: 0.7", "pass_rate: 0"))
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    err = info.value
    assert (err.line, err.field) == (5, "pipeline.pass_rate")
    assert "pass_rate of exactly 0 means nobody is ever admitted" in str(err)
    assert "Value error" not in str(err)


def test_model_validator_message_is_located_at_the_key_it_names(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE.replace("name: south", "name: north"))
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    err = info.value
    assert (err.line, err.field) == (7, "territory.units")
    assert str(err) == f"{path}:7: field 'territory.units': units: each unit needs its own name"


def test_union_prefers_the_member_that_matched(tmp_path: Path) -> None:
    class Cat(BaseModel):
        model_config = ConfigDict(extra="forbid")
        kind: Literal["cat"]
        lives: int = 9

    class Dog(BaseModel):
        model_config = ConfigDict(extra="forbid")
        kind: Literal["dog"]
        barks: int = 1

    class Home(BaseModel):
        pet: Cat | Dog

    path = write(tmp_path, "s.yaml", "pet:\n  kind: dog\n  barkz: 2\n")
    data, sources = load_scenario_data(path)
    with pytest.raises(ScenarioError) as info:
        validate_data(Home, data, sources)
    err = info.value
    assert (err.line, err.field) == (3, "pet.barkz")
    assert "did you mean 'barks'?" in str(err)


def test_list_too_short_in_plain_words(tmp_path: Path) -> None:
    class Plan(BaseModel):
        steps: list[int] = Field(min_length=1)

    path = write(tmp_path, "s.yaml", "steps: []\n")
    data, sources = load_scenario_data(path)
    with pytest.raises(ScenarioError) as info:
        validate_data(Plan, data, sources)
    assert info.value.expected == "a list with at least 1 item"
    assert info.value.line == 1


def test_missing_required_field(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", BASE.replace("    - name: south\n", "    - nme: south\n"))
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    err = info.value
    # First error: the missing 'name' in units[1], located at that list item.
    assert err.field == "territory.units[1].name"
    assert err.line == 10
    assert "required" in str(err)


def test_dict_with_integer_keys_is_shown_dotted(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "name: x\ngrowth:\n  2022: 0.5\n  2023: fast\n")
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    assert (info.value.line, info.value.field) == (4, "growth.2023")


def test_str_contains_file_line_field_and_expected(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", BASE.replace("seed: 1", "seed: abc"))
    with pytest.raises(ScenarioError) as info:
        load_and_validate(path)
    text = str(info.value)
    assert "x.yaml" in text and ":2:" in text and "'seed'" in text and info.value.expected in text
    assert "\n" not in text
    clone = pickle.loads(pickle.dumps(info.value))
    assert str(clone) == text


# --------------------------------------------------------------------------
# Bad files and unsafe YAML
# --------------------------------------------------------------------------


def test_invalid_yaml_reports_line(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "name: x\nseed: 1\npipeline: [1, 2\nother: 3\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path)
    err = info.value
    assert err.field is None
    assert err.line == 4
    assert "YAML" in err.expected


def test_tabs_get_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "name: x\npipeline:\n\tpass_rate: 1\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path)
    assert info.value.line == 3 and "tabs" in str(info.value)


def test_duplicate_key_reports_second_occurrence(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "name: x\npipeline:\n  pass_rate: 0.5\n  other: 1\n  pass_rate: 0.6\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path)
    err = info.value
    assert (err.line, err.field) == (5, "pipeline.pass_rate")
    assert "line 3" in err.expected


BILLION_LAUGHS = """
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_rejected_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, "lol.yaml", BILLION_LAUGHS)
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path)
    assert time.perf_counter() - start < 2.0
    assert info.value.line == 2  # first alias
    assert "exponential YAML aliases" in info.value.expected


def test_recursive_alias_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "name: x\nloop: &l [1, *l]\n")
    with pytest.raises(ScenarioError, match="recursive"):
        load_scenario_data(path)


def test_small_aliases_and_merge_keys_still_work(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "s.yaml",
        """
        defaults: &d {count: 3, name: x}
        name: y
        units:
          - <<: *d
            name: a
          - *d
        """,
    )
    data, sources = load_scenario_data(path)
    assert data["units"] == [{"count": 3, "name": "a"}, {"count": 3, "name": "x"}]
    assert sources.locate(("units", 0, "name"))[1] == 5
    assert sources.locate(("units", 0, "count"))[1] == 1


def test_unsafe_tag_is_not_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, "s.yaml", f"name: x\nseed: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path)
    assert not marker.exists()
    assert info.value.line == 2 and info.value.field == "seed"
    assert "not allowed" in str(info.value)


def test_unsafe_scalar_tag_is_not_constructed(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "name: !!python/name:os.system\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path)
    assert info.value.line == 1 and info.value.field == "name"


def test_top_level_list_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "- name: x\n- name: y\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(path)
    assert info.value.file == str(path)
    assert "mapping" in info.value.expected


def test_empty_file_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "# nothing here\n")
    with pytest.raises(ScenarioError, match="empty"):
        load_scenario_data(path)


def test_nonexistent_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ScenarioError) as info:
        load_scenario_data(missing)
    err = info.value
    assert (err.file, err.line, err.field) == (str(missing), None, None)
    assert err.expected == "an existing scenario file"
    assert str(err) == f"{missing}: expected an existing scenario file"


def test_oversized_file_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import partysim.scenario.loader as loader

    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, "big.yaml", "name: x\n" + "# padding\n" * 20)
    with pytest.raises(ScenarioError, match="too large"):
        load_scenario_data(path)
