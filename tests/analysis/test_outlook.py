"""The statistical outlook next to the simulation: departures found and said in words."""

import pandas as pd

import partysim
from partysim.analysis.outlook import departures, statistical_outlook
from partysim.outputs.outlook_text import outlook_text
from partysim.outputs.writer import write_outputs


def _bands():
    return pd.DataFrame(
        {
            "year": [2024, 2025],
            "p50": [100.0, 100.0],
            "lo80": [90.0, 85.0],
            "hi80": [110.0, 115.0],
            "lo95": [80.0, 75.0],
            "hi95": [120.0, 125.0],
        }
    )


def _annual(medians):
    rows = [
        {"replication": r, "year": y, "months": 12, "admissions": m + d}
        for y, m in medians.items()
        for r, d in enumerate([-1, 0, 1])
    ]
    return pd.DataFrame(rows)


def test_departures_above_and_below():
    deps = departures(_bands(), _annual({2024: 130, 2025: 60}))
    assert [(d["year"], d["direction"]) for d in deps] == [(2024, "above"), (2025, "below")]
    assert departures(_bands(), _annual({2024: 100, 2025: 112})) == []


def test_text_in_both_languages():
    en = outlook_text(_bands(), _annual({2024: 130, 2025: 100}), "en")
    vi = outlook_text(_bands(), _annual({2024: 130, 2025: 100}), "vi")
    assert "2024" in en and "above" in en
    assert "2024" in vi and "cao hơn" in vi


def test_run_output_has_the_outlook_when_history_exists(tiny, tmp_path):
    sc = tiny.model_copy(deep=True)
    sc.history.admissions = {2017: 30, 2018: 34, 2019: 31, 2020: 38, 2021: 36}
    bands = statistical_outlook(sc)
    assert list(bands.year) == [2022, 2023]
    assert (bands.lo95 <= bands.lo80).all() and (bands.lo80 <= bands.p50).all() and (bands.p50 <= bands.hi80).all()
    res = partysim.run(sc, replications=2, progress=False, sets=0)
    files = {p.name for p in write_outputs(sc, res, tmp_path, lang="en")}
    assert {"admissions_outlook.png", "statistical_forecast.csv"} <= files
    assert "History, statistics and simulation" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_no_outlook_without_enough_history(tiny):
    sc = tiny.model_copy(deep=True)
    sc.history.admissions = {2019: 3, 2020: 4, 2021: 5}
    assert statistical_outlook(sc) is None
