"""The command line: outputs, reproducibility, and bad input (exit 2, one line, nothing written)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ANNUAL_COLUMNS = [
    "replication",
    "year",
    "members_start",
    "admissions",
    "recognitions",
    "probation_removals",
    "deaths",
    "removals",
    "exits",
    "transfers_in",
    "transfers_out",
    "members_end",
]


def cli(*args, cwd=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764000000")
    return subprocess.run(
        [sys.executable, "-m", "partysim.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.fixture(scope="module")
def run_out(tmp_path_factory, tiny_path):
    out = tmp_path_factory.mktemp("run") / "out"
    r = cli("run", tiny_path, "--replications", 3, "--seed", 11, "--out", out, "--lang", "vi", "-q")
    assert r.returncode == 0, r.stderr
    return out


def test_run_writes_everything(run_out):
    names = {p.name for p in run_out.iterdir()}
    for f in [
        "summary.json",
        "annual.csv",
        "monthly.parquet",
        "report.md",
        "admissions_fan.png",
        "admissions_fan.svg",
        "members.png",
        "members.svg",
        "funnel.png",
        "funnel.svg",
    ]:
        assert f in names
    assert not [n for n in names if n.startswith(".partial")]


def test_summary_json_contract(run_out):
    s = json.loads((run_out / "summary.json").read_text(encoding="utf-8"))
    assert s["scenario"] == "tiny" and s["seed"] == 11 and s["replications"] == 3
    assert len(s["scenario_sha256"]) == 64 and s["version"]
    t = s["targets"][0]
    assert set(t) >= {"name", "kind", "year", "threshold", "probability", "mean", "p10", "p50", "p90"}
    assert {a["variable"] for a in s["annual"]} >= {
        "admissions",
        "members_start",
        "members_end",
        "admission_rate",
        "net_growth",
    }


def test_annual_csv_identity(run_out):
    a = pd.read_csv(run_out / "annual.csv")
    assert list(a.columns[: len(ANNUAL_COLUMNS)]) == ANNUAL_COLUMNS or set(ANNUAL_COLUMNS) <= set(a.columns)
    rhs = (
        a.members_start
        + a.admissions
        + a.transfers_in
        - a.deaths
        - a.removals
        - a.exits
        - a.transfers_out
        - a.probation_removals
    )
    assert (a.members_end == rhs).all()
    assert sorted(a.replication.unique()) == [0, 1, 2]
    m = pd.read_parquet(run_out / "monthly.parquet")
    assert {"replication", "month", "members", "source", "class", "vetting", "admissions"} <= set(m.columns)


def test_report_uses_vietnamese_number_format(run_out):
    text = (run_out / "report.md").read_text(encoding="utf-8")
    assert "Kết luận" in text
    # percentages with a decimal comma, e.g. "3,41%"
    import re

    assert re.search(r"\d,\d\d%", text)
    assert not re.search(r"\d\.\d\d%", text)


def test_same_seed_same_files(run_out, tiny_path, tmp_path):
    out2 = tmp_path / "again"
    r = cli("run", tiny_path, "--replications", 3, "--seed", 11, "--out", out2, "--lang", "vi", "-q")
    assert r.returncode == 0, r.stderr
    for f in [
        "summary.json",
        "annual.csv",
        "report.md",
        "funnel.csv",
        "admissions_fan.png",
        "admissions_fan.svg",
        "members.svg",
        "funnel.png",
    ]:
        assert (run_out / f).read_bytes() == (out2 / f).read_bytes(), f
    assert pd.read_parquet(run_out / "monthly.parquet").equals(pd.read_parquet(out2 / "monthly.parquet"))


BAD = {
    "misspelt key": ("pipeline:\n  identificaton_rate: 0.01\n", 2, "identificaton_rate", "identification_rate"),
    "wrong type": ("pipeline:\n  vote_pass: lots\n", 2, "vote_pass", "number"),
    "out of range": ("pipeline:\n  vote_pass: 1.5\n", 2, "vote_pass", "1"),
    "reversed dates": ("end: 2020-01\n", 1, "end", "before"),
    "bad lever schedule": ("levers:\n  local_jobs: {2023: 4}\n", 2, "local_jobs", "between"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_exit_2_one_line_nothing_written(case, tiny_path, tmp_path):
    body, line, field, expected = BAD[case]
    f = tmp_path / "bad.yaml"
    f.write_text(f"extends: {tiny_path}\n" + body, encoding="utf-8")
    out = tmp_path / "out"
    r = cli("run", f, "--out", out, "--lang", "en")
    assert r.returncode == 2
    err = r.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert f"bad.yaml:{line + 1}" in err and field in err and expected in err, err
    assert not out.exists()


BAD_VI = {  # the same files, in Vietnamese (run's default language): file, line, field, what was expected
    "misspelt key": "trường 'pipeline.identificaton_rate': trường không có trong mẫu; cần một trường có trong mẫu (có phải 'identification_rate'?)",
    "wrong type": "trường 'pipeline.vote_pass': cần một số (tỷ lệ 0-1), nhưng có 'lots'",
    "out of range": "trường 'pipeline.vote_pass': cần một số trong khoảng",
    "reversed dates": "trường 'end': tháng kết thúc 2020-01 trước tháng bắt đầu",
    "bad lever schedule": "cần một giá trị trong khoảng 0 đến 1 (mức 0-1), nhưng có 4",
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_in_vietnamese(case, tiny_path, tmp_path):
    body, line, _field, _expected = BAD[case]
    f = tmp_path / "bad.yaml"
    f.write_text(f"extends: {tiny_path}\n" + body, encoding="utf-8")
    r = cli("run", f, "--out", tmp_path / "out")
    err = r.stderr.strip()
    assert r.returncode == 2 and len(err.splitlines()) == 1, err
    assert err.startswith("lỗi: ") and f"bad.yaml:{line + 1}" in err and BAD_VI[case] in err, err
    assert not any(w in err.split() for w in ("expected", "field", "got")), err


def test_invalid_yaml_and_missing_extends(tmp_path):
    f = tmp_path / "broken.yaml"
    f.write_text("name: x\nterritory: [unclosed\n", encoding="utf-8")
    r = cli("validate", f)
    assert r.returncode == 2 and "broken.yaml:" in r.stderr and "Traceback" not in r.stderr
    g = tmp_path / "orphan.yaml"
    g.write_text("extends: nowhere.yaml\nname: x\n", encoding="utf-8")
    r = cli("validate", g)
    assert r.returncode == 2 and "orphan.yaml:1" in r.stderr and "nowhere.yaml" in r.stderr


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli("validate", f)
    assert r.returncode == 2 and "bomb.yaml:" in r.stderr and "Traceback" not in r.stderr


def test_validate_all_shipped_scenarios():
    files = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))
    r = cli("validate", "--lang", "en", *files)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("ok:") == len(files)


def test_set_override_on_command_line(tiny_path, tmp_path):
    r = cli("run", tiny_path, "-n", 1, "--out", tmp_path / "o", "--set", "levers.seats_per_class=250", "-q")
    assert r.returncode == 0, r.stderr
    r = cli("run", tiny_path, "-n", 1, "--out", tmp_path / "o2", "--set", "levers.seats_per_clas=5")
    assert r.returncode == 2 and "--set" in r.stderr and "seats_per_class" in r.stderr
