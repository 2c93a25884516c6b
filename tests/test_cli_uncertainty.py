"""``partysim verdict``: verdicts over parameter uncertainty from the command line; files
written atomically; bad input gives one ``error:`` line, exit 2 and nothing written."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

PARAMS = ("--param", "pipeline.identification_rate", "--param", "pipeline.willingness_youth")


def cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "partysim.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


@pytest.fixture(scope="module")
def verdict_out(tmp_path_factory, tiny_path):
    out = tmp_path_factory.mktemp("verdict") / "out"
    r = cli("verdict", tiny_path, "-k", 6, "-n", 2, "--seed", 5, *PARAMS, "--lang", "en", "--out", out, "-q")
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_prints_each_target_and_year(verdict_out):
    _, stdout = verdict_out
    lines = stdout.splitlines()
    assert lines[0] == "6 parameter sets x 2 replications, varying 2 estimates"
    verdicts = [ln for ln in lines if "P(met)" in ln]
    assert len(verdicts) == 6  # 3 targets x 2 years
    assert all("80% over the assumptions" in ln and "from chance" in ln for ln in verdicts)
    assert sum("weighs most:" in ln for ln in lines) == 6
    assert lines[-1].startswith("wrote ensemble.csv, verdict.json to ")


def test_writes_the_ensemble_and_the_verdict(verdict_out):
    out, _ = verdict_out
    assert sorted(p.name for p in out.iterdir()) == ["ensemble.csv", "verdict.json"]
    table = pd.read_csv(out / "ensemble.csv")
    assert list(table.columns[:5]) == [
        "set",
        "replication",
        "year",
        "pipeline.identification_rate",
        "pipeline.willingness_youth",
    ]
    assert len(table) == 6 * 2 * 2 and "admissions" in table.columns
    doc = json.loads((out / "verdict.json").read_text(encoding="utf-8"))
    assert doc["scenario"] == "tiny" and doc["seed"] == 5 and doc["parameter_sets"] == 6 and doc["replications"] == 2
    assert [p["path"] for p in doc["priors"]] == ["pipeline.identification_rate", "pipeline.willingness_youth"]
    assert doc["priors"][0]["mode"] == 0.02 and doc["priors"][0]["distribution"] == "triangular"
    v = doc["verdicts"][0]
    assert 0 <= v["prob_lo"] <= v["prob_hi"] <= 1 and 0 <= v["probability"] <= 1
    assert v["variance"]["total"] == pytest.approx(v["variance"]["parameters"] + v["variance"]["noise"])
    assert v["what_matters"]["sentence"] and v["what_matters"]["importance"][0]["parameter"]


def test_vietnamese_and_same_seed_same_verdict(tiny_path, tmp_path, verdict_out):
    r = cli("verdict", tiny_path, "-k", 6, "-n", 2, "--seed", 5, *PARAMS, "--lang", "vi", "--out", tmp_path, "-q")
    assert r.returncode == 0, r.stderr
    assert "khả năng đạt" in r.stdout and "do ngẫu nhiên" in r.stdout and "đã ghi" in r.stdout
    vi = json.loads((tmp_path / "verdict.json").read_text(encoding="utf-8"))
    en = json.loads((verdict_out[0] / "verdict.json").read_text(encoding="utf-8"))
    assert [v["probability"] for v in vi["verdicts"]] == [v["probability"] for v in en["verdicts"]]


@pytest.mark.parametrize(
    "args, words",
    [
        (("--param", "pipeline.probation_months"), "fixed by rule"),
        (("--param", "migration.leave_rate"), "no such parameter"),
        (("-k", 1), "-k"),
        (("-n", 0), "-n"),
        (("--set", "pipeline.identification_rate=7"), "identification_rate"),
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(tiny_path, tmp_path, args, words):
    out = tmp_path / "out"
    r = cli("verdict", tiny_path, "-k", 4, "-n", 1, *args, "--out", out, "-q")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], r.stderr
    assert not out.exists()


def test_missing_file(tmp_path):
    r = cli("verdict", tmp_path / "nope.yaml", "--out", tmp_path / "out")
    assert r.returncode == 2 and r.stderr.startswith("error: ") and len(r.stderr.strip().splitlines()) == 1


def test_every_command_that_judges_verdicts_draws_the_same_number_of_sets():
    """run, report, verdict and require judge over DEFAULT_SETS parameter sets by default;
    review and allocate share min(DEFAULT_SETS, -n) sets out among their replications;
    holdout leaves the sets off by default and says why in its help."""
    from partysim.analysis.honest import DEFAULT_SETS
    from partysim.cli import main

    def sets_option(name):
        return next(p for p in main.commands[name].params if p.name == "sets")

    for name in ("run", "report", "verdict", "require"):
        assert sets_option(name).default == DEFAULT_SETS, name
    for name in ("review", "allocate"):
        option = sets_option(name)
        assert option.default is None and "shared out among the replications" in option.help, name
        assert f"default: {DEFAULT_SETS}, at most -n" in option.help, name
    assert sets_option("holdout").default == 0 and "Off by default" in sets_option("holdout").help
