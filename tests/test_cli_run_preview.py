"""``partysim run --preview``: the preview judged over parameter sets by flow-model ratios
(:mod:`partysim.analysis.quick_uncertainty`), with the full run's outputs."""

from __future__ import annotations

import json
import subprocess
import sys


def cli(*args):
    return subprocess.run([sys.executable, "-m", "partysim.cli", *map(str, args)], capture_output=True, text=True)


def test_run_preview_judges_over_the_sets_by_the_flow_model(tmp_path, tiny_path):
    out = tmp_path / "out"
    r = cli("run", tiny_path, "--preview", "--sets", 3, "--formats", "md", "--lang", "en", "--out", out, "-q")
    assert r.returncode == 0, r.stderr
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    u = s["uncertainty"]
    assert u["source"] == "priors" and u["sets"] == 3
    assert u["method"].startswith("flow-model ratios")
    assert u["not_served"] == ["youth ≥ 50%"]
    for t in s["targets"]:
        assert 0 <= t["prob_lo"] <= t["prob_hi"] <= 1 and "probability_fixed" in t
    assert "flow model" in r.stdout and "youth ≥ 50%: the flow model does not follow" in r.stdout


def test_run_preview_with_no_sets_is_the_plain_preview(tmp_path, tiny_path):
    out = tmp_path / "out"
    r = cli("run", tiny_path, "--preview", "--sets", 0, "--formats", "md", "--lang", "vi", "--out", out, "-q")
    assert r.returncode == 0, r.stderr
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["uncertainty"]["source"] == "none" and "prob_lo" not in s["targets"][0]
    assert "mô hình dòng chảy" not in r.stdout
