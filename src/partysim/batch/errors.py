"""Why a batch command stops early: each reason has its exit code and its one-line message.

Finished runs are always kept: every error here is raised between two runs, never in the
middle of writing one. The message says what happened, what was kept and what to do, in
Vietnamese or English (:mod:`partysim.batch.messages`).
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from partysim.batch.exit_codes import ExitCode
from partysim.batch.messages import Text, message

__all__ = [
    "BatchError",
    "ClusterLost",
    "ExecutorError",
    "FolderLocked",
    "OutputUnusable",
    "kept_text",
    "one_line",
    "output_error",
]


def one_line(exc: BaseException) -> str:
    """``Type: first line of the message`` (at most 500 characters)."""
    text = str(exc).strip().splitlines()
    msg = f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
    return msg[:500]


class BatchError(Exception):
    """A batch command stopped before its end.

    Args:
        key: Message key in :data:`partysim.batch.messages.MESSAGES`.
        **fields: Values of the message's placeholders (:class:`Text` allowed).

    Attributes:
        code: Exit code of the command.
        summary: What the batch had done when it stopped (set by ``run_batch``), or ``None``.
    """

    code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields
        self.summary: Any = None

    def message(self, lang: str = "en") -> str:
        """The one-line message in ``lang`` (``vi`` or ``en``)."""
        return message(self.key, lang, **self.fields)

    def settle(self, summary: Any) -> BatchError:
        """Attach the batch summary, and say where and what was kept when not said yet."""
        self.summary = summary
        self.fields.setdefault("out", summary.out)
        self.fields.setdefault("kept", kept_text(summary.reused + summary.finished))
        return self

    def __str__(self) -> str:
        return self.message("en")


class ExecutorError(BatchError):
    """An executor could not start (e.g. the Dask scheduler cannot be reached): bad input."""

    code = ExitCode.BAD_INPUT


class OutputUnusable(BatchError):
    """The output folder cannot be written (not a folder, read-only, full, ...)."""

    code = ExitCode.OUTPUT_UNUSABLE


class FolderLocked(OutputUnusable):
    """Another batch is writing to the output folder.

    Args:
        out: The folder.
        pid: Process id of the other batch (``?`` when unknown).
    """

    def __init__(self, out: Path, pid: str) -> None:
        super().__init__("out.locked", out=out, pid=pid)
        self.pid = pid


class ClusterLost(BatchError):
    """The Dask cluster went away during the batch.

    Args:
        address: Scheduler address.
        why: Key of the reason: ``scheduler_gone``, ``scheduler_silent`` or ``no_worker``.
        seconds: How long the cluster was waited for (s), for the silent and no-worker reasons.
    """

    code = ExitCode.CLUSTER_LOST

    def __init__(self, address: str, why: str, seconds: float = 0.0) -> None:
        super().__init__("cluster.lost", address=address, why=Text(f"why.{why}", {"seconds": f"{seconds:.0f}"}))
        self.reason = why


def kept_text(runs: int) -> Text:
    """``nothing was written`` or ``the N finished runs are kept``."""
    return Text("kept.runs", {"n": runs}) if runs else Text("kept.none")


_KINDS = {
    errno.ENOTDIR: "out.not_a_folder",
    errno.EEXIST: "out.not_a_folder",
    errno.EROFS: "out.read_only",
    errno.EACCES: "out.no_permission",
    errno.EPERM: "out.no_permission",
    errno.ENOSPC: "out.disk_full",
    errno.EDQUOT: "out.disk_full",
    errno.EFBIG: "out.disk_full",
}


def _file_in_the_way(out: Path) -> Path:
    """``out`` or its nearest ancestor that exists (the file standing where a folder should be)."""
    for p in (out, *out.parents):
        if p.exists():
            return p
    return out


def output_error(exc: OSError, out: Path, kept_runs: int) -> OutputUnusable:
    """The :class:`OutputUnusable` for an ``OSError`` met while writing to ``out``.

    Args:
        exc: The error (``ENOSPC``, ``EROFS``, ``ENOTDIR``, ``EACCES``, ...).
        out: The output folder.
        kept_runs: Whole runs in the folder (0: nothing was written).
    """
    key = _KINDS.get(exc.errno or 0, "out.other")
    fields: dict[str, Any] = {"out": out, "kept": kept_text(kept_runs)}
    if key == "out.not_a_folder":
        fields["path"] = _file_in_the_way(Path(out))
    elif key == "out.no_permission":
        fields["path"] = exc.filename or out
    elif key == "out.other":
        fields["detail"] = f"{exc.strerror or type(exc).__name__} ({exc.filename or out})"
    return OutputUnusable(key, **fields)
