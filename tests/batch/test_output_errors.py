"""Issue 13, fault 5: an unusable output folder gives one ``error:`` line and exit code 3.

Disk full and read-only are real: small tmpfs file systems (the tests skip where mounting
is not permitted). Nothing half-written is left, and the runs written before are whole.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner

from partysim.batch.cli import batch

from .conftest import TINY
from .procs import Procs, batch_command, error_lines


def _assert_one_error_line(err: str, *parts: str) -> str:
    [line] = error_lines(err)
    for part in parts:
        assert part in line, line
    assert "Traceback" not in err and "OSError" not in err and "Errno" not in err, err
    return line


def _assert_whole(out: Path) -> int:
    """No temporary file; every manifest line whole; every ok run's file matches its line."""
    from partysim.batch.store import RunStore

    assert not list(out.rglob("*.tmp"))
    store = RunStore(out)
    text = store.manifest_path.read_text(encoding="utf-8") if store.manifest_path.exists() else ""
    assert not text or text.endswith("\n")
    records = [json.loads(line) for line in text.splitlines()]
    ok = {r["key"]: r for r in records if r["status"] == "ok"}
    for key, rec in ok.items():
        assert store.check_run(key, rec) is None
    assert len(store.finished_keys() - set(ok)) <= 1  # a whole file whose line did not fit: recovered next time
    return len(ok)


def test_disk_full_stops_with_one_line_and_keeps_whole_runs(tmpfs, procs: Procs):
    disk = tmpfs("disk", size="256k")  # room for a few runs of about 31 kB each
    out = disk / "out"
    cmd = batch_command(TINY, "--out", out, "-n", 40, "--seed", 3, "-w", 1, "-q")
    rc, _, err = procs.run(cmd)
    assert rc == 3, err
    line = _assert_one_error_line(
        err, f"the disk holding {out} is full", "free some space", "run the same command again"
    )
    kept = _assert_whole(out)
    assert 0 < kept < 40 and f"the {kept} finished runs are kept" in line

    subprocess.run(["mount", "-o", "remount,size=4m", str(disk)], check=True)  # space freed
    rc, stdout, err = procs.run(cmd)
    assert rc == 0, err
    assert f"{kept} reused" in stdout or f"{kept + 1} reused" in stdout  # a file whose line did not fit is recovered
    assert _assert_whole(out) == 40


def test_read_only_output_folder(tmpfs, procs: Procs):
    ro = tmpfs("ro", read_only=True)
    rc, _, err = procs.run(batch_command(TINY, "--out", ro / "out", "-n", 2, "-w", 1, "-q"))
    assert rc == 3, err
    _assert_one_error_line(
        err,
        f"cannot write to {ro / 'out'}: the file system is read-only",
        "nothing was written",
        "choose another --out",
    )


def test_an_existing_batch_folder_made_read_only(tmpfs, procs: Procs):
    disk = tmpfs("disk", size="1m")
    out = disk / "out"
    assert procs.run(batch_command(TINY, "--out", out, "-n", 2, "-w", 1, "-q"))[0] == 0
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    rc, _, err = procs.run(batch_command(TINY, "--out", out, "-n", 3, "-w", 1, "-q", "--lang", "vi"))
    assert rc == 3, err
    _assert_one_error_line(err, f"không ghi được vào {out}: ổ đĩa chỉ cho phép đọc", "hãy chọn --out khác")


def test_out_below_a_file(tmp_path: Path):
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "file" / "sub"
    res = CliRunner().invoke(batch, [str(TINY), "--out", str(out), "-n", "1", "-w", "1", "-q"])
    assert res.exit_code == 3, res.output
    _assert_one_error_line(
        res.stderr,
        f"cannot use {out} as the output folder: {tmp_path / 'file'} is a file",
        "nothing was written",
        "choose another --out",
    )
