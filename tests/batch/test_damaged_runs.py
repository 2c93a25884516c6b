"""Issue 13, fault 1: a damaged run file is never trusted, and never crashes the report."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from .conftest import TINY
from .procs import Procs, batch_command, error_lines, report_command

REPS = 4


def _first_run_file(out: Path) -> Path:
    return sorted(p for p in (out / "runs").glob("*.parquet") if not p.name.endswith(".monthly.parquet"))[0]


def test_truncated_run_file_is_named_by_report_and_computed_again_by_batch(tmp_path: Path, procs: Procs):
    out = tmp_path / "out"
    cmd = batch_command(TINY, "--out", out, "-n", REPS, "--seed", 3, "-w", 1, "-q")
    rc, _, err = procs.run(cmd)
    assert rc == 0, err
    broken = _first_run_file(out)
    size = broken.stat().st_size
    with open(broken, "r+b") as fh:
        fh.truncate(2000)

    rc, _, err = procs.run(report_command(out, "--lang", "en"))
    assert rc == 3, err
    assert "Traceback" not in err and "ArrowInvalid" not in err.split("cannot be read")[0]
    [line] = error_lines(err)
    assert str(broken) in line and f"2000 bytes instead of {size}" in line and "'partysim batch' command again" in line

    rc, stdout, err = procs.run(cmd)
    assert rc == 0, err
    assert f"{REPS - 1} reused, 1 finished, 0 failed" in stdout
    [warning] = [x for x in err.splitlines() if x.startswith("warning:")]
    assert str(broken) in warning and "computing that run again" in warning
    assert broken.stat().st_size == size

    rc, _, err = procs.run(report_command(out, "--lang", "en"))
    assert rc == 0, err


def test_report_names_the_damage_in_vietnamese(finished_batch_copy: Path):
    from click.testing import CliRunner

    from partysim.batch.cli import report

    broken = _first_run_file(finished_batch_copy)
    broken.write_bytes(b"PAR1 not a parquet file")
    res = CliRunner().invoke(report, [str(finished_batch_copy), "--lang", "vi"])
    assert res.exit_code == 3
    [line] = error_lines(res.stderr)
    assert str(broken) in line and "bị hỏng" in line and "chạy lại đúng lệnh 'partysim batch'" in line


@pytest.fixture
def finished_batch_copy(tmp_path: Path, finished_batch: Path) -> Path:
    import shutil

    return Path(shutil.copytree(finished_batch, tmp_path / "copy"))


def test_a_changed_file_of_the_same_size_is_found_by_its_checksum(finished_batch_copy: Path):
    from partysim.batch.store import BrokenRunError, RunStore

    store = RunStore(finished_batch_copy)
    path = _first_run_file(finished_batch_copy)
    key = path.name[: -len(".parquet")]
    record = store.last_ok()[key]
    assert record["bytes"] == path.stat().st_size and len(record["file_sha256"]) == 64
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    damage = store.check_run(key, record)
    assert damage is not None and damage.kind == "checksum"
    with pytest.raises(BrokenRunError) as err:
        store.read_run(key, record)
    assert err.value.code == 3 and str(path) in str(err.value)


def test_runs_of_an_older_manifest_are_checked_by_reading_them(tmp_path: Path, finished_batch_copy: Path):
    """Manifest lines without size and checksum (older partysim): each file is read in full instead."""
    from partysim.batch.orchestrator import run_batch
    from partysim.batch.store import RunStore

    store = RunStore(finished_batch_copy)
    lines = [json.loads(x) for x in store.manifest_path.read_text(encoding="utf-8").splitlines()]
    for rec in lines:
        for k in ("bytes", "file_sha256"):
            rec.pop(k, None)
    store.manifest_path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    tiny = [r for r in lines if r["label"] == "tiny"]
    broken = store.run_path(tiny[0]["key"])
    broken.write_bytes(broken.read_bytes()[:1000])
    seen = []
    s = run_batch([TINY], finished_batch_copy, replications=4, seed=5, progress=False, on_damaged=seen.append)
    assert (s.reused, s.finished, s.exit_code) == (3, 1, 0)
    assert [d.path for d in seen] == [broken] and seen[0].kind == "unreadable"
    fresh = run_batch([TINY], tmp_path / "fresh", replications=4, seed=5, progress=False)
    assert fresh.finished == 4
    key = tiny[0]["key"]
    pd.testing.assert_frame_equal(
        store.read_run(key).annual, RunStore(tmp_path / "fresh").read_run(key).annual, check_exact=True
    )
    assert store.last_ok()[key]["file_sha256"]
