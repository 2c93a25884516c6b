"""``partysim run`` judges over parameter uncertainty by default: summary.json says over
what, the brief shows each probability's range and what weighs most; ``--sets 0`` says
the estimates were fixed; ``--set`` and ``--pin`` keep a value out of the draws."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def cli(*args):
    return subprocess.run([sys.executable, "-m", "partysim.cli", *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def honest_out(tmp_path_factory, tiny_path):
    out = tmp_path_factory.mktemp("honest") / "out"
    r = cli(
        "run", tiny_path, "-n", 2, "--sets", 4, "--set", "pipeline.willingness_youth=0.5",
        "--formats", "md", "--lang", "en", "--out", out, "-q",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_summary_says_what_the_verdicts_integrate_over(honest_out):
    out, _ = honest_out
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    u = s["uncertainty"]
    assert u["source"] == "priors" and u["sets"] == 4
    assert "pipeline.willingness_youth" in u["pinned"] and "pipeline.willingness_youth" not in u["varied"]
    for t in s["targets"]:
        assert 0 <= t["prob_lo"] <= t["prob_hi"] <= 1
        assert abs(t["parameter_share"] + t["driver_share"] + t["chance_share"] - 1) < 1e-9
        assert "probability_fixed" in t and "weighs_most" in t


def test_the_brief_and_console_show_the_range_over_the_assumptions(honest_out):
    out, stdout = honest_out
    brief = (out / "report.md").read_text(encoding="utf-8")
    assert "What the probabilities rest on" in brief and "4 sets of values" in brief
    assert "P(met), estimates fixed" in brief
    assert "4 sets of values" in stdout and "% (" in stdout


def test_sets_zero_says_the_estimates_were_fixed(tmp_path, tiny_path):
    out = tmp_path / "out"
    r = cli("run", tiny_path, "-n", 2, "--sets", 0, "--formats", "md", "--lang", "en", "--out", out, "-q")
    assert r.returncode == 0, r.stderr
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["uncertainty"]["source"] == "none"
    assert "prob_lo" not in s["targets"][0]
    assert "Every estimated parameter is fixed" in (out / "report.md").read_text(encoding="utf-8")


def test_an_unknown_pin_is_refused_and_nothing_is_written(tmp_path, tiny_path):
    out = tmp_path / "out"
    r = cli("run", tiny_path, "--pin", "pipeline.nope", "--out", out, "-q")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "pipeline.nope" in r.stderr
    assert not out.exists()
