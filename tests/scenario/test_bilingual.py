"""Texts in both languages, recorded changes (variants), and recorded averages in history."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import partysim
from partysim.scenario.bilingual import BilingualText, text_in
from partysim.scenario.errors import ScenarioError
from partysim.scenario.schema import load_scenario
from partysim.scenario.variant import Override, variant_name

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _file(tmp_path: Path, body: str) -> Path:
    f = tmp_path / "s.yaml"
    f.write_text(f"extends: {TINY}\n{body}", encoding="utf-8")
    return f


def test_title_and_target_names_in_both_languages(tmp_path):
    sc = load_scenario(
        _file(
            tmp_path,
            'title: {vi: "Xã A", en: "A commune"}\n'
            "description:\n  vi: Mô tả\n  en: Description\n"
            'targets:\n  - {name: {vi: "Chỉ tiêu", en: "Quota"}, kind: admissions, threshold: 5}\n',
        )
    )
    assert (sc.title.get("vi"), sc.title.get("en")) == ("Xã A", "A commune")
    assert sc.title == "Xã A" and isinstance(sc.title, str)  # the Vietnamese text is the identity
    assert text_in(sc.description, "en") == "Description"
    assert sc.targets[0].name.get("en") == "Quota"
    assert sc.model_dump(mode="json")["title"] == {"vi": "Xã A", "en": "A commune"}
    again = pickle.loads(pickle.dumps(sc))  # batch workers receive pickled scenarios
    assert again.title.en == "A commune" and again.sha256() == sc.sha256()


def test_plain_strings_still_work_and_keep_their_hash(tmp_path):
    sc = load_scenario(TINY)
    assert sc.title == "Tiny test territory" and sc.title.get("en") == sc.title.get("vi") == "Tiny test territory"
    assert sc.model_dump(mode="json")["title"] == "Tiny test territory"  # saved back as plain text
    one = load_scenario(_file(tmp_path, 'title: {vi: "Chỉ tiếng Việt"}\n'))
    assert one.title.get("en") == "Chỉ tiếng Việt"  # one language serves both


@pytest.mark.parametrize(
    "body, words",
    [("title: {vi: a, fr: b}\n", "unknown language 'fr'"), ("title: 5\n", "text, or text in Vietnamese and English")],
)
def test_bad_texts(tmp_path, body, words):
    with pytest.raises(ScenarioError, match=words):
        load_scenario(_file(tmp_path, body))


def test_set_records_what_was_changed():
    sc = load_scenario(SCENARIOS / "huong_son_2018_2022.yaml", ["levers.classes_per_year=8"])
    assert sc.overrides == (Override("levers.classes_per_year", 8.0, 4.0),)
    assert sc.variant_name == "huong_son_2018_2022__classes_per_year-8"
    assert sc.name == "huong_son_2018_2022"  # the file's name; the variant's is derived
    plain = load_scenario(SCENARIOS / "huong_son_2018_2022.yaml")
    assert plain.overrides == () and plain.variant_name == plain.name


def test_with_values_records_changes_and_forgets_a_value_set_back():
    sc = load_scenario(TINY)
    a = sc.with_values({"levers.classes_per_year": 9, "pipeline.identification_rate": 0.031})
    assert [o.path for o in a.overrides] == ["levers.classes_per_year", "pipeline.identification_rate"]
    b = a.with_values({"levers.classes_per_year": 4})  # back to the file's value
    assert [o.path for o in b.overrides] == ["pipeline.identification_rate"]
    assert b.overrides[0].original == sc.pipeline.identification_rate
    assert sc.with_values({"sweep": None}).overrides == ()  # not a change to what a run simulates


def test_variant_names_are_safe_and_short():
    assert variant_name("x", [Override("levers.local_jobs.2023-07", 0.5)]) == "x__local_jobs_2023-07-0.5"
    long = variant_name("x", [Override(f"pipeline.p{i}", i * 1.5) for i in range(40)])
    assert len(long) <= 100 and "/" not in long


def test_history_average_and_member_dates(tmp_path):
    sc = load_scenario(
        _file(tmp_path, "history:\n  admissions_average: {2016-2020: 5980}\n  members: {2017-11: 413, 2021: 701}\n")
    )
    assert sc.history.average_spans() == [(2016, 2020, 5980.0)]
    assert sc.history.member_points() == [(2017, 11, 413.0), (2021, 12, 701.0)]
    assert sc.history.admissions == {}  # an average is not a series of yearly figures
    with pytest.raises(ScenarioError, match="ends before it starts"):
        load_scenario(_file(tmp_path, "history:\n  admissions_average: {2020-2016: 1}\n"))
    with pytest.raises(ScenarioError, match="a year or a month YYYY-MM"):
        load_scenario(_file(tmp_path, "history:\n  members: {2021-13: 1}\n"))


def test_thanh_hoa_history_is_an_average():
    sc = partysim.load_scenario(SCENARIOS / "thanh_hoa_2021_2025.yaml")
    assert sc.history.admissions == {} and sc.history.average_spans() == [(2016, 2020, 5980.0)]


def test_bilingual_text_api():
    t = BilingualText("Xã", "Commune")
    assert t.get("en") == "Commune" and t.translated and t.to_data() == {"vi": "Xã", "en": "Commune"}
    with pytest.raises(ValueError, match="unsupported language"):
        t.get("fr")
