"""``partysim forecast SERIES.csv``: files written, contract of the outputs, exit 2 on bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from partysim.cli.forecast import forecast as forecast_cmd

HISTORY = {2015: 5200, 2016: 5900, 2017: 6100, 2018: 5800, 2019: 6300, 2020: 5400, 2021: 6000, 2022: 6600}
HORIZON = 3


def invoke(*args):
    runner = CliRunner()
    return runner.invoke(forecast_cmd, [str(a) for a in args], env={"SOURCE_DATE_EPOCH": "1764000000"})


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    base = tmp_path_factory.mktemp("fc")
    csv = base / "admissions.csv"
    csv.write_text("year,admissions\n" + "".join(f"{y},{v}\n" for y, v in HISTORY.items()), encoding="utf-8")
    out = base / "out"
    r = invoke(csv, "--horizon", HORIZON, "--out", out, "--lang", "en", "--seed", 3)
    assert r.exit_code == 0, r.output
    return out


def test_writes_all_files_and_no_temporaries(out):
    names = {p.name for p in out.iterdir()}
    assert names == {"forecast.csv", "forecast.png", "forecast.svg", "summary.json"}


def test_forecast_csv_contract(out):
    f = pd.read_csv(out / "forecast.csv")
    for col in ("period", "mean", "lo80", "hi80", "lo95", "hi95"):
        assert col in f.columns
    last = max(HISTORY)
    assert f["period"].tolist() == list(range(last + 1, last + 1 + HORIZON))
    assert (f["lo95"] <= f["lo80"]).all() and (f["lo80"] <= f["hi80"]).all() and (f["hi80"] <= f["hi95"]).all()
    assert (f["lo95"] >= 0).all()


def test_summary_names_models_and_backtest(out):
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["input"] == "admissions.csv" and len(s["input_sha256"]) == 64
    assert s["method"] == "combine" and s["horizon"] == HORIZON and s["seed"] == 3
    assert s["models_chosen"], "no model chosen"
    assert sum(m["weight"] for m in s["models_chosen"]) == pytest.approx(1.0)
    for m in s["models_chosen"]:
        assert {"model", "mase", "smape", "coverage80", "coverage95", "n_errors"} <= set(m)
        assert m["n_errors"] > 0 and m["mase"] >= 0
    assert s["calibration"]["calibrated"] is True and "M3" in s["calibration"]["source"]
    assert s["date"] == "2025-11-24"


def test_chart_has_history_median_bands_and_footer(out):
    svg = (out / "forecast.svg").read_text(encoding="utf-8")
    for gid in ("history", "median", "band80", "band95", "provenance"):
        assert f'id="{gid}' in svg


@pytest.mark.parametrize("rows", [2, 3])
def test_too_short_series_exits_2_with_one_line(tmp_path, rows):
    csv = tmp_path / "short.csv"
    csv.write_text("year,admissions\n" + "".join(f"{2020 + i},{5 + i}\n" for i in range(rows)), encoding="utf-8")
    out = tmp_path / "out"
    r = invoke(csv, "--horizon", 2, "--out", out, "--lang", "en")
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and f"{rows} points" in lines[0]
    assert "Traceback" not in r.output
    assert not out.exists()


def test_period_column_and_bad_column(tmp_path):
    csv = tmp_path / "q.csv"
    csv.write_text("period,a,b\n2019,3,30\n2020,4,41\n2021,3,38\n2022,5,47\n2023,4,52\n", encoding="utf-8")
    r = invoke(csv, "--column", "b", "--horizon", 2, "--out", tmp_path / "o1", "--lang", "vi")
    assert r.exit_code == 0, r.output
    assert pd.read_csv(tmp_path / "o1" / "forecast.csv")["period"].tolist() == [2024, 2025]
    r = invoke(csv, "--column", "nope", "--horizon", 2, "--out", tmp_path / "o2")
    assert r.exit_code == 2 and "nope" in r.stderr and not (tmp_path / "o2").exists()
    r = invoke(tmp_path / "missing.csv", "--horizon", 2, "--out", tmp_path / "o3")
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1


def test_messages_follow_the_language(tmp_path):
    """A Vietnamese run says so in Vietnamese: the error line and the closing line."""
    csv = tmp_path / "short.csv"
    csv.write_text("year,admissions\n2020,5\n2021,6\n", encoding="utf-8")
    r = invoke(csv, "--horizon", 2, "--out", tmp_path / "o", "--lang", "vi")
    assert r.exit_code == 2 and r.stderr.startswith("lỗi:")
    good = tmp_path / "ok.csv"
    good.write_text("year,admissions\n" + "".join(f"{2015 + i},{50 + 3 * i}\n" for i in range(8)), encoding="utf-8")
    r = invoke(good, "--horizon", 2, "--out", tmp_path / "o2", "--lang", "vi")
    assert r.exit_code == 0 and "đã ghi forecast.csv" in r.output and "wrote" not in r.output
