"""``partysim warm``: compiles the kernels by running a scenario once; a bad file exits 2."""

from __future__ import annotations

from click.testing import CliRunner

from partysim.cli import main


def test_warm_runs_the_scenario_and_says_so(tiny_path):
    r = CliRunner().invoke(main, ["warm", str(tiny_path), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "kernels compiled and cached" in r.output


def test_warm_refuses_a_missing_file(tmp_path):
    r = CliRunner().invoke(main, ["warm", str(tmp_path / "none.yaml"), "--lang", "en"])
    assert r.exit_code == 2 and "Traceback" not in r.output
