"""One batch at a time per output folder: an exclusive lock on ``DIR/.lock``.

The lock is an :func:`fcntl.flock` on the file ``DIR/.lock``, which holds the process id
of the batch that has it. The operating system releases it when that process ends, however
it ends (``kill -9`` included), so a lock is never left behind; the file itself stays.
A second batch on the same folder does not wait: it stops at once and names the first.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from partysim.batch.errors import FolderLocked

__all__ = ["LOCK_NAME", "FolderLock"]

LOCK_NAME = ".lock"


class FolderLock:
    """The exclusive lock of a batch folder (a context manager).

    Args:
        folder: The batch folder (must exist).

    Raises:
        FolderLocked: On :meth:`acquire`, when another process holds the lock.
        OSError: The lock file cannot be created (read-only folder, ...).
    """

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> FolderLock:
        """Take the lock now or raise :class:`FolderLocked` naming the holder."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise FolderLocked(self.path.parent, holder) from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        try:  # the holder's pid, for the other batch's message (best effort: the lock is what counts)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:
            pass
        return self

    def release(self) -> None:
        """Give the lock back (the file stays)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the flock

    def __enter__(self) -> FolderLock:
        return self if self._fd is not None else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
