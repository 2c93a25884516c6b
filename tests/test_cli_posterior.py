"""``partysim calibrate --ensemble`` and ``partysim verdict --posterior``: the files are
written, the point calibration stays the default, and bad input gives one ``error:``
line, exit 2, no traceback and nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

CALIBRATED = Path(__file__).parent / "data" / "tiny_calibration.yaml"
SMALL = ("--param", "pipeline.identification_rate", "--param", "outflow.removal_rate", "--sets", 8, "--max-sets", 8)


def cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "partysim.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    out = tmp_path_factory.mktemp("posterior") / "out"
    r = cli("calibrate", CALIBRATED, "--ensemble", *SMALL, "--out", out, "-q")
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_ensemble_writes_the_sets_and_the_reports(calibrated):
    out, stdout = calibrated
    assert sorted(p.name for p in out.iterdir()) == [
        "posterior.json",
        "posterior.md",
        "posterior_runs.csv",
        "posterior_sets.csv",
    ]
    sets = pd.read_csv(out / "posterior_sets.csv")
    assert list(sets.columns) == [
        "set",
        "weight",
        "implausibility",
        "pipeline.identification_rate",
        "outflow.removal_rate",
    ]
    assert len(sets) == 8 and sets["weight"].sum() == pytest.approx(1.0)
    doc = json.loads((out / "posterior.json").read_text(encoding="utf-8"))
    assert doc["scenario"] == "tiny_calibration" and doc["sets"] == 8 and doc["replications"] == 2
    assert [f["name"] for f in doc["figures"]] == ["put on the source list in 2022", "admitted 2022-2023"]
    assert {p["parameter"] for p in doc["parameters"]} == {"pipeline.identification_rate", "outflow.removal_rate"}
    assert doc["settings"]["obs_error"] == 0.05 and doc["verdicts"]
    # 8 sets are fewer than the 100 wanted: said plainly, not hidden
    assert not doc["enough"] and "Only" in (out / "posterior.md").read_text(encoding="utf-8")
    assert "# Calibration with uncertainty: tiny_calibration" in stdout
    assert "Verdicts over the posterior" in stdout


def test_verdict_over_the_posterior(calibrated, tmp_path):
    out, _ = calibrated
    r = cli("verdict", CALIBRATED, "--posterior", out, "-n", 1, "--lang", "en", "--out", tmp_path / "v", "-q")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1].startswith("parameter sets and weights from the calibration")
    doc = json.loads((tmp_path / "v" / "verdict.json").read_text(encoding="utf-8"))
    positive = (pd.read_csv(out / "posterior_sets.csv")["weight"] > 0).sum()
    assert doc["parameter_sets"] == positive and "calibration with uncertainty" in doc["design"]


def verdicts_of(folder):
    doc = json.loads((folder / "verdict.json").read_text(encoding="utf-8"))
    return doc, pd.DataFrame(doc["verdicts"]).drop(columns=["what_matters"])


def test_verdict_reuses_the_calibrations_own_runs(calibrated, tmp_path):
    """With the calibration's seed, replications and preview, the verdict judges the stored
    runs (no simulation) and says the same as simulating the sets again."""
    out, _ = calibrated
    args = ("--preview", "-n", 2, "--lang", "en", "-q")
    reused = cli("verdict", CALIBRATED, "--posterior", out, *args, "--out", tmp_path / "reused")
    assert reused.returncode == 0, reused.stderr
    assert "no new simulation" in reused.stdout and "simulating again" not in reused.stdout
    # the same sets and weights without the stored runs: simulated again
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("posterior_sets.csv", "posterior.json"):
        (bare / name).write_bytes((out / name).read_bytes())
    fresh = cli("verdict", CALIBRATED, "--posterior", bare, *args, "--out", tmp_path / "fresh")
    assert fresh.returncode == 0, fresh.stderr
    assert "no new simulation" not in fresh.stdout
    doc_r, table_r = verdicts_of(tmp_path / "reused")
    doc_f, table_f = verdicts_of(tmp_path / "fresh")
    assert doc_r["parameter_sets"] == doc_f["parameter_sets"] and doc_r["replications"] == 2
    assert doc_r["runs"] == "the calibration's own runs" and doc_f["runs"] == "simulated for this verdict"
    pd.testing.assert_frame_equal(table_r, table_f)
    ens_r = pd.read_csv(tmp_path / "reused" / "ensemble.csv")
    ens_f = pd.read_csv(tmp_path / "fresh" / "ensemble.csv")
    pd.testing.assert_frame_equal(ens_r, ens_f, check_exact=False, rtol=1e-9)


@pytest.mark.parametrize("change", ["replications", "seed", "full", "sets"])
def test_verdict_simulates_when_the_stored_runs_are_not_the_ones_asked_for(calibrated, tmp_path, change):
    out, _ = calibrated
    folder = tmp_path / "post"
    folder.mkdir()
    for f in out.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    args = {"replications": ("--preview", "-n", 1), "seed": ("--preview", "-n", 2, "--seed", 99)}
    args |= {"full": ("-n", 2), "sets": ("--preview", "-n", 2)}
    if change == "sets":  # a set's value edited after the calibration
        table = pd.read_csv(folder / "posterior_sets.csv")
        x = table["outflow.removal_rate"]
        table["outflow.removal_rate"] = (x + x.median()) / 2  # still within its range
        table.to_csv(folder / "posterior_sets.csv", index=False)
    r = cli("verdict", CALIBRATED, "--posterior", folder, *args[change], "--lang", "en", "-q", "--out", tmp_path / "v")
    assert r.returncode == 0, r.stderr
    assert "no new simulation" not in r.stdout and "simulating again" in r.stdout


def test_point_calibration_is_still_the_default(tmp_path):
    r = cli("calibrate", CALIBRATED, "-n", 1, "--max-evaluations", 5, "--out", tmp_path / "point")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "point").iterdir()) == [
        "tiny_calibration_calibrated.yaml",
        "tiny_calibration_calibration.json",
        "tiny_calibration_calibration.md",
    ]
    assert "posterior" not in r.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("calibrate", CALIBRATED, "--ensemble", "--sets", 0), "--sets/--max-sets"),
        (("calibrate", CALIBRATED, "--ensemble", "-n", 1), "at least 2 replications"),
        (("calibrate", CALIBRATED, "--ensemble", "--param", "pipeline.nonsense"), "no such parameter"),
        (("calibrate", CALIBRATED, "--ensemble", "--max-evaluations", 10), "point calibration"),
        (("calibrate", CALIBRATED, "--sets", 10), "--sets is an option of --ensemble"),
        (("calibrate", CALIBRATED.parent / "tiny.yaml", "--ensemble"), "no calibration"),
        (("calibrate", CALIBRATED.parent / "missing.yaml", "--ensemble"), "missing.yaml"),
        (("verdict", CALIBRATED, "--posterior", CALIBRATED.parent / "nowhere"), "no such file"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message, tmp_path):
    out = tmp_path / "out"
    r = cli(*args, "--out", out)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in r.stderr
    assert not out.exists()
