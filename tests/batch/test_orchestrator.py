"""Batches: bad input and failed runs do not stop the rest; finished runs are reused."""

from __future__ import annotations

from pathlib import Path

from partysim.batch.orchestrator import run_batch
from partysim.batch.store import RunStore

from . import helpers
from .conftest import TINY


def test_a_bad_scenario_file_does_not_stop_the_others(tmp_path: Path, scenario_dir: Path):
    seen = []
    s = run_batch(
        [scenario_dir / "broken.yaml", TINY], tmp_path, replications=2, progress=False, on_input_error=seen.append
    )
    assert [e.file for e in seen] == [str(scenario_dir / "broken.yaml")]
    assert s.finished == s.runs == 2 and not s.failed
    assert s.exit_code == 2  # only input errors


def test_failed_runs_are_reported_and_completed_on_the_next_run(tmp_path: Path):
    failures = []
    s = run_batch(
        [TINY], tmp_path, replications=3, seed=2, fn=helpers.raise_on_bad, progress=False, on_failure=failures.append
    )
    assert s.exit_code == 1
    assert [f.spec.replication for f in s.failed] == [helpers.BAD_REPLICATION] == [f.spec.replication for f in failures]
    assert "ValueError: boom" in str(s.failed[0]) and "tiny replication 1" in str(s.failed[0])
    store = RunStore(tmp_path)
    statuses = {r["replication"]: r["status"] for r in store.manifest()}
    assert statuses == {0: "ok", 1: "failed", 2: "ok"}
    failed_line = next(r for r in store.manifest() if r["status"] == "failed")
    assert failed_line["error"].startswith("ValueError: boom") and "Traceback" in failed_line["traceback"]

    s2 = run_batch([TINY], tmp_path, replications=3, seed=2, progress=False)
    assert (s2.reused, s2.finished, s2.exit_code) == (2, 1, 0)
    assert store.latest()[failed_line["key"]]["status"] == "ok"


def test_finished_runs_are_reused_not_recomputed(tmp_path: Path):
    run_batch([TINY], tmp_path, replications=2, seed=4, progress=False)
    store = RunStore(tmp_path)
    lines = store.manifest()
    mtimes = {p.name: p.stat().st_mtime_ns for p in store.runs.iterdir()}
    s = run_batch([TINY], tmp_path, replications=3, seed=4, progress=False)
    assert (s.reused, s.finished) == (2, 1)
    assert store.manifest()[:2] == lines and len(store.manifest()) == 3
    assert all(store.runs.joinpath(n).stat().st_mtime_ns == t for n, t in mtimes.items())


def test_a_run_file_without_its_manifest_line_is_recovered(tmp_path: Path):
    run_batch([TINY], tmp_path, replications=2, seed=4, progress=False)
    store = RunStore(tmp_path)
    first, _ = store.manifest_path.read_text(encoding="utf-8").splitlines()
    store.manifest_path.write_text(first + "\n", encoding="utf-8")  # killed between file and line
    s = run_batch([TINY], tmp_path, replications=2, seed=4, progress=False)
    assert (s.reused, s.finished) == (2, 0)
    last = store.manifest()[-1]
    assert last["status"] == "ok" and last["recovered"] is True


def test_a_killed_worker_fails_its_run_only(tmp_path: Path):
    s = run_batch([TINY], tmp_path, replications=3, seed=2, workers=2, fn=helpers.sigkill_on_bad, progress=False)
    assert s.exit_code == 1 and s.finished == 2
    [failure] = s.failed
    assert failure.spec.replication == helpers.BAD_REPLICATION
    assert failure.error == "worker process died while running it (killed by SIGKILL)"
    line = RunStore(tmp_path).latest()[failure.spec.key]
    assert line["status"] == "failed" and line["error"] == failure.error
