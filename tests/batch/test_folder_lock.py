"""Issue 13, fault 2: two batches into one folder; temporary files of live writers are kept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from .conftest import TINY
from .procs import Procs, batch_command, env_with, error_lines, ok_runs, wait_for

REPS = 4


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait(timeout=30)
    return p.pid


def test_a_second_batch_stops_at_once_and_leaves_the_first_alone(tmp_path: Path, procs: Procs):
    out = tmp_path / "out"
    cmd = batch_command(TINY, "--out", out, "-n", REPS, "--seed", 3, "-w", 2, "-q")
    first = procs.start(cmd, env_with(PARTYSIM_TEST_HANG="2"))  # replication 2 never ends: it stays busy
    wait_for(lambda: ok_runs(out) >= REPS - 1, "every run but the hanging one", alive=first)
    live_tmp = out / "runs" / f".x.parquet.{first.pid}.abcdef.tmp"  # as if the first batch were writing it
    live_tmp.write_bytes(b"half")
    manifest = (out / "manifest.jsonl").read_bytes()

    rc, _, err = procs.run(cmd, seconds=20)
    assert rc == 3, err
    [line] = error_lines(err)
    assert f"another batch (pid {first.pid}) is writing to {out}" in line and "nothing was changed" in line
    assert live_tmp.exists() and (out / "manifest.jsonl").read_bytes() == manifest
    assert first.poll() is None

    first.send_signal(signal.SIGINT)
    rc, _, err = procs.finish(first, 20)
    assert rc == 130, err

    rc, _, err = procs.run(cmd)  # the first batch is gone: its temporary file goes too
    assert rc == 0, err
    assert not live_tmp.exists()
    ok = Counter(
        json.loads(x)["key"]
        for x in (out / "manifest.jsonl").read_text().splitlines()
        if json.loads(x)["status"] == "ok"
    )
    assert len(ok) == REPS and set(ok.values()) == {1}  # every run computed once


def test_prepare_removes_only_temporary_files_whose_writer_is_gone(tmp_path: Path):
    from partysim.batch.store import RunStore

    store = RunStore(tmp_path)
    store.prepare()
    mine = store.runs / f".a.parquet.{os.getpid()}.0a1b2c.tmp"
    dead = store.runs / f".b.parquet.{_dead_pid()}.0a1b2c.tmp"
    legacy = store.scenarios / ".c.json.4242.tmp"  # named by partysim before outputs.atomic
    for p in (mine, dead, legacy):
        p.write_bytes(b"half")
    store.prepare()
    assert mine.exists() and not dead.exists() and not legacy.exists()


def test_the_lock_names_its_holder_and_is_released(tmp_path: Path):
    import pytest

    from partysim.batch.errors import FolderLocked
    from partysim.batch.lock import FolderLock

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from partysim.batch.lock import FolderLock;"
            f"FolderLock({str(tmp_path)!r}).acquire(); print('locked', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(FolderLocked) as err:
            FolderLock(tmp_path).acquire()
        assert err.value.pid == str(holder.pid) and err.value.code == 3
    finally:
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
    with FolderLock(tmp_path):  # released by the operating system when its holder died
        pass


def test_ctrl_c_stops_a_batch_started_with_sigint_ignored(tmp_path: Path):
    """A batch started in the background of a script inherits SIGINT ignored; ``kill -INT``
    still stops it with exit code 130 while it waits for a run (here one that never ends,
    so the signal cannot land while a run's file is being written). CI once ran the batch
    tests from such a shell: the batch then ignored the signal."""
    out = tmp_path / "out"
    cmd = batch_command(TINY, "--out", out, "-n", REPS, "--seed", 3, "-w", 2, "-q")
    p = subprocess.Popen(
        [str(c) for c in cmd],
        env=env_with(PARTYSIM_TEST_HANG="2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        wait_for(lambda: ok_runs(out) >= REPS - 1, "every run but the hanging one", alive=p)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=20)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate(timeout=10)
    assert p.returncode == 130, err
