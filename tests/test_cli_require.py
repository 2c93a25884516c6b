"""``partysim require`` from the command line: the answer printed and written (atomically,
same as from Python); bad input gives one ``error:`` line, exit 2 and nothing written."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from partysim.analysis.requirement import require
from partysim.scenario.schema import load_scenario

TARGET = "ten in 2023"
SEATED = [f"targets=[{{name: {TARGET}, kind: admissions, threshold: 10, years: [2023]}}]", "levers.classes_per_year=2"]
SETS = [arg for s in SEATED for arg in ("--set", s)]


def cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "partysim.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


@pytest.fixture(scope="module")
def answered(tmp_path_factory, tiny_path):
    out = tmp_path_factory.mktemp("require") / "out"
    args = ("--target", TARGET, "--probability", 0.5, "--lever", "seats_per_class", "-k", 1, "-n", 4, "--seed", 5)
    r = cli("require", tiny_path, *SETS, *args, "--preview", "--lang", "en", "--out", out, "-q")
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_prints_and_writes_the_answer(answered, tiny_path):
    out, stdout = answered
    lines = stdout.splitlines()
    assert lines[0] == (
        "1 parameter sets drawn from the plausible ranges of the estimates x 4 replications (preview); target 'ten in 2023' with probability at least 50% "
        "in each year judged (2023)"
    )
    assert lines[1].startswith("needed: seats_per_class = ")
    assert lines[-1] == f"wrote requirement.json, evaluations.csv -> {out}"
    doc = json.loads((out / "requirement.json").read_text(encoding="utf-8"))
    assert doc["met"] and doc["reached"]["2023"] >= 0.5 and doc["lang"] == "en"
    tried = pd.read_csv(out / "evaluations.csv")
    assert list(tried.columns) == ["seats_per_class", "year", "probability"]
    # the same question from Python gives the same answer (same seed, same draws, same runs)
    sc = load_scenario(tiny_path, SEATED)
    res = require(sc, TARGET, 0.5, ["seats_per_class"], sets=1, replications=4, seed=5, preview=True)
    assert doc["setting"] == res.setting and doc["interval"]["p10"] == res.interval[0]
    assert doc["parameter_source"] == "priors"


def test_a_posterior_is_used_instead_of_the_priors(tmp_path, tiny_path):
    """--posterior: the sets come from the calibration's weighted sets (one with all the
    weight here), the same answer as asking Python with that set, and the output says so."""
    sets = pd.DataFrame({"set": [0, 1], "weight": [0.0, 1.0], "pipeline.identification_rate": [0.012, 0.03]})
    sets.to_csv(tmp_path / "posterior_sets.csv", index=False)
    args = ("--target", TARGET, "--probability", 0.5, "--lever", "seats_per_class", "-k", 4, "-n", 4, "--seed", 5)
    r = cli(
        "require",
        tiny_path,
        *SETS,
        *args,
        "--posterior",
        tmp_path,
        "--preview",
        "--lang",
        "en",
        "--out",
        tmp_path / "o",
        "-q",
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].startswith("1 parameter sets weighted, from the calibration to history x 4")
    doc = json.loads((tmp_path / "o" / "requirement.json").read_text(encoding="utf-8"))
    sc = load_scenario(tiny_path, SEATED)
    one = sets[["pipeline.identification_rate"]].iloc[[1]]
    res = require(sc, TARGET, 0.5, ["seats_per_class"], parameter_sets=one, replications=4, seed=5, preview=True)
    assert doc["parameter_source"] == "posterior" and doc["setting"] == res.setting


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--target", "3% rule", "--lever", "classes"), "error: --lever: unknown lever 'classes'; levers: "),
        (("--target", "3%", "--lever", "classes_per_year"), "error: --target: no target named '3%' in scenario tiny"),
        (("--target", "3% rule", "--lever", "classes_per_year", "--probability", 1.5), "error: --probability: "),
        (("--target", "3% rule", "--lever", "classes_per_year", "--probability", 0), "error: --probability: "),
        (("--lever", "classes_per_year"), "error: --target: expected the name of one of the scenario's targets"),
        (("--target", "3% rule"), "error: --lever: expected at least one lever"),
        (("--target", "3% rule", "--lever", "classes_per_year", "--lever", "seats_per_class"), "error: lever_costs"),
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, tiny_path, args, message):
    out = tmp_path / "out"
    r = cli("require", tiny_path, *args, "--lang", "en", "--out", out)
    assert r.returncode == 2
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith(message), r.stderr
    assert r.stdout == "" and not out.exists()
