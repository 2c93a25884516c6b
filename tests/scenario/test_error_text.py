"""Scenario errors in Vietnamese: the same one line (file, line, field, what was expected),
every word of it Vietnamese for the errors planners meet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partysim.scenario.error_text import translate
from partysim.scenario.errors import ScenarioError
from partysim.scenario.schema import load_scenario

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"
ENGLISH = re.compile(
    r"\b(expected|field|got|unknown|between|number|whole|missing|required|known|valid|value|"
    r"list|item|text|mapping|the|of|and|at|least|most|is|before|needs|must)\b"
)

BROKEN = {
    "misspelt": "pipeline:\n  identificaton_rate: 0.01\n",
    "type": "pipeline:\n  vote_pass: lots\n",
    "range": "pipeline:\n  vote_pass: 1.5\n",
    "whole": "replications: 2.5\n",
    "negative": "seed: -1\n",
    "dates": "end: 2020-01\n",
    "schedule": "levers:\n  local_jobs: {2023: 4}\n",
    "composition": "targets:\n  - {name: x, kind: composition, threshold: 0.5}\n",
    "fraction": "targets:\n  - {name: x, kind: admission_rate, threshold: 3}\n",
    "empty units": "territory:\n  units: []\n",
    "unknown top": "foo: 1\n",
    "language": "title: {vi: a, fr: b}\n",
    "average": "history:\n  admissions_average: {2020-2016: 3}\n",
    "yaml": "a: [\n",
    "duplicate": "seed: 1\nseed: 2\n",
    "missing base": None,
}


def _error(tmp_path: Path, body: str | None, overrides=()) -> ScenarioError:
    f = tmp_path / "bad.yaml"
    f.write_text("extends: nowhere.yaml\n" if body is None else f"extends: {TINY}\n{body}", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f, overrides)
    return info.value


@pytest.mark.parametrize("case", list(BROKEN))
def test_errors_render_in_vietnamese(case, tmp_path):
    err = _error(tmp_path, BROKEN[case])
    vi, en = err.render("vi"), err.render("en")
    assert str(err) == en and vi != en
    where = f"bad.yaml:{err.line}" if err.line else "bad.yaml"
    assert vi.startswith(str(tmp_path)) and where in vi  # file and line as in English
    if err.field:
        assert f"trường '{err.field}'" in vi
    rest = vi.replace(str(tmp_path), "").replace(err.field or "@", "")
    rest = re.sub(r"'[^']*'|\{[^}]*\}|\[[^]]*\]", "", rest)  # quoted names, values and lists as written
    assert not ENGLISH.search(rest), vi


@pytest.mark.parametrize(
    "raw", ["levers.classes_per_year", "levers.seats_per_clas=5", "extends=a", "territory.units[9].count=2"]
)
def test_set_errors_in_vietnamese(raw):
    with pytest.raises(ScenarioError) as info:
        load_scenario(TINY, [raw])
    vi = info.value.render("vi")
    assert vi.startswith("--set: ") and "expected" not in vi and "got" not in vi.split(), vi


def test_untranslated_messages_stay_whole():
    assert translate("some message no table knows", "vi") == "some message no table knows"
    assert translate("a number between 0 and 1 (share 0-1)", "vi") == "một số trong khoảng 0 đến 1 (tỷ lệ 0-1)"
    assert translate("a number between 0 and 1 (share 0-1)", "en") == "a number between 0 and 1 (share 0-1)"
