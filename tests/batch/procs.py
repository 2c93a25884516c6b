"""Real processes for the fault tests: the batch command, a Dask scheduler and workers.

Everything listens on 127.0.0.1 only. Every process is started in its own session, so that
it and its children (pool workers, nannies) form one process group whose id is the
process id; :meth:`Procs.stop_all` kills each group by that id. Every wait is bounded.
This module imports nothing from partysim (the tests can run against another checkout).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

WAIT_S = 40.0
"""Longest wait for anything in these tests (s): every test ends within about 60 s."""


def batch_command(*args: object) -> list[str]:
    """``python -m partysim.batch batch ARGS...``."""
    return [sys.executable, "-m", "partysim.batch", "batch", *map(str, args)]


def report_command(*args: object) -> list[str]:
    """``python -m partysim.batch report ARGS...``."""
    return [sys.executable, "-m", "partysim.batch", "report", *map(str, args)]


def env_with(**extra: str) -> dict[str, str]:
    """This process's environment plus ``extra`` (``PARTYSIM_TEST_HANG`` and the like)."""
    env = dict(os.environ)
    env.pop("PARTYSIM_TEST_HANG", None)
    env.update(extra)
    return env


def wait_for(
    condition: Callable[[], bool], what: str, seconds: float = WAIT_S, alive: subprocess.Popen | None = None
) -> None:
    """Poll ``condition`` until true; fail after ``seconds``, or when ``alive`` has ended."""
    deadline = time.monotonic() + seconds
    while not condition():
        if alive is not None and alive.poll() is not None:
            out, err = alive.communicate()
            raise AssertionError(f"process ended (rc {alive.returncode}) before {what}:\n{out}\n{err}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {seconds:g} s")
        time.sleep(0.05)


def ok_runs(out: Path) -> int:
    """``ok`` lines in the batch folder's manifest."""
    path = Path(out) / "manifest.jsonl"
    if not path.exists():
        return 0
    n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            n += json.loads(line).get("status") == "ok"
        except json.JSONDecodeError:
            continue
    return n


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def error_lines(stderr: str) -> list[str]:
    """The ``error:`` lines of a command's stderr."""
    return [line for line in stderr.splitlines() if line.startswith("error:")]


class Procs:
    """The processes a test started; :meth:`stop_all` kills what is left, by id."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []

    def start(self, cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        """Start ``cmd`` in its own session (process group id = its pid), text pipes."""
        p = subprocess.Popen(
            cmd,
            env=env or env_with(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.started.append(p)
        return p

    def finish(self, p: subprocess.Popen, seconds: float = WAIT_S) -> tuple[int, str, str]:
        """Wait for ``p`` to end by itself: (exit code, stdout, stderr); fail after ``seconds``."""
        try:
            out, err = p.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.kill(p)
            out, err = p.communicate(timeout=10)
            raise AssertionError(f"still running after {seconds:g} s (killed):\n{out}\n{err}") from None
        return p.returncode, out, err

    def run(self, cmd: list[str], env: dict[str, str] | None = None, seconds: float = WAIT_S) -> tuple[int, str, str]:
        """Start ``cmd`` and wait for it (bounded)."""
        return self.finish(self.start(cmd, env), seconds)

    @staticmethod
    def kill(p: subprocess.Popen) -> None:
        """SIGKILL the process group of ``p`` (a stopped group is killed too)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        """Kill every process group still there, then reap them."""
        for p in reversed(self.started):
            self.kill(p)
        for p in self.started:
            with contextlib.suppress(subprocess.TimeoutExpired, ValueError):
                p.communicate(timeout=10)


def start_scheduler(procs: Procs, folder: Path) -> tuple[subprocess.Popen, str]:
    """A ``dask scheduler`` on 127.0.0.1; returns it and its address."""
    file = folder / "scheduler.json"
    port = free_port()
    dask = str(Path(sys.executable).with_name("dask"))
    p = procs.start(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard", "--scheduler-file", str(file)]
    )
    wait_for(file.exists, "scheduler file", alive=p)
    return p, f"tcp://127.0.0.1:{port}"


def start_workers(procs: Procs, address: str, n: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``dask worker ADDRESS --nworkers n --nthreads 1`` (with nannies) on 127.0.0.1, connected."""
    dask = str(Path(sys.executable).with_name("dask"))
    p = procs.start(
        [
            dask,
            "worker",
            address,
            "--nworkers",
            str(n),
            "--nthreads",
            "1",
            "--host",
            "127.0.0.1",
            "--no-dashboard",
            "--memory-limit",
            "0",
        ],
        env=env,
    )
    from distributed import Client

    with Client(address, timeout=WAIT_S) as client:
        client.wait_for_workers(n, timeout=WAIT_S)
    return p
