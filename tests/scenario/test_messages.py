"""Tests for partysim.scenario.messages: validation errors turned into one clear message."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from partysim.scenario.loader import ScenarioError, load_scenario_data, validate_data

from .helpers import BASE, load_and_validate, write

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
    assert str(err) == (f"{path}:11: field 'territory.units[1].count': expected a whole number, got 'lots'")


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
