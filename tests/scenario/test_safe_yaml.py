"""Tests for partysim.scenario.safe_yaml and .files: bad files and unsafe YAML."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from partysim.scenario.loader import ScenarioError, load_scenario_data

from .helpers import write

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
    import partysim.scenario.files as files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, "big.yaml", "name: x\n" + "# padding\n" * 20)
    with pytest.raises(ScenarioError, match="too large"):
        load_scenario_data(path)
