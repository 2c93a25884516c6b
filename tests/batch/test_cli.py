"""The batch and report commands: exit codes and one-line messages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from partysim.batch.cli import batch, report

from .conftest import TINY


def test_batch_reports_a_bad_file_in_one_line_and_runs_the_rest(tmp_path: Path, scenario_dir: Path):
    out = tmp_path / "out"
    res = CliRunner().invoke(
        batch, [str(scenario_dir / "broken.yaml"), str(TINY), "--out", str(out), "-n", "2", "-w", "1", "-q"]
    )
    assert res.exit_code == 2
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "broken.yaml" in errors[0]
    assert "2 runs of 1 points: 0 reused, 2 finished, 0 failed, 1 files with errors" in res.stdout
    assert len(list((out / "runs").glob("*.parquet"))) == 2

    again = CliRunner().invoke(batch, [str(TINY), "--out", str(out), "-n", "2", "-w", "1", "-q"])
    assert again.exit_code == 0 and "2 reused, 0 finished" in again.stdout

    rep = CliRunner().invoke(report, [str(out), "--lang", "en"])
    assert rep.exit_code == 0, rep.output
    assert (out / "report.md").exists() and (out / "report.html").exists()


def test_batch_with_only_bad_files_exits_2(tmp_path: Path, scenario_dir: Path):
    res = CliRunner().invoke(batch, [str(scenario_dir / "broken.yaml"), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 2
    assert res.stderr.splitlines()[-1] == "error: no scenario could be read; nothing to run"
    assert not (tmp_path / "out").exists()  # nothing written


def test_unreachable_scheduler_is_one_line(tmp_path: Path):
    import socket

    import dask
    import distributed  # noqa: F401 - registers its config defaults before we override one

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        res = CliRunner().invoke(
            batch, [str(TINY), "--out", str(tmp_path), "-n", "1", "-q", "--scheduler", f"tcp://127.0.0.1:{port}"]
        )
    assert res.exit_code == 2
    [line] = [x for x in res.stderr.splitlines() if x.startswith("error:")]
    assert f"cannot use the Dask scheduler at tcp://127.0.0.1:{port}" in line


def test_report_of_an_empty_folder_exits_2(tmp_path: Path):
    res = CliRunner().invoke(report, [str(tmp_path)])
    assert res.exit_code == 2 and res.stderr.startswith("error:")
