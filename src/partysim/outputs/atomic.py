"""One atomic file writer: temporary file, fsync, rename. Every writer in partysim uses it.

A file is first written next to its destination under a temporary name that carries the
writer's process id (``.summary.json.12345.a1b2c3.tmp``), flushed to disk, then moved into
place with :func:`os.replace` (atomic on one file system), and the folder entry is synced.
If anything fails the temporary file is removed and the destination is left as it was
(absent, or its previous content): a reader never sees a half-written file.

Temporary files of a writer that died (``kill -9``) stay behind; :func:`stale_temporaries`
finds those whose writer process is gone, so a clean-up never removes a file that another
live process is still writing.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{6}\.tmp$")


def temporary_path(path: Path) -> Path:
    """The temporary name used while ``path`` is being written by this process."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(3)}{TEMP_SUFFIX}")


def fsync_file(path: Path) -> None:
    """Flush a finished file's content to disk (before it is renamed into place)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename inside folder ``path`` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path | str, write: Callable[[Path], object]) -> Path:
    """Write ``path`` atomically.

    Args:
        path: The destination file; its folder must exist.
        write: Called with a temporary path in the same folder; it writes the whole
            content there (``df.to_csv``, ``fig.savefig``, ``Path.write_text`` ...).

    Returns:
        ``path`` as a :class:`~pathlib.Path`.

    Raises:
        Whatever ``write`` or the file system raises; the destination is then untouched.
    """
    path = Path(path)
    tmp = temporary_path(path)
    try:
        write(tmp)
        fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return path


def move_into_place(src: Path, dest: Path) -> Path:
    """Move a finished file over ``dest`` (same file system): fsync it, rename, sync the folder.

    For writers that stage several files first (:mod:`partysim.outputs.writer`): each file
    then appears whole, or not at all.

    Returns:
        ``dest``.
    """
    fsync_file(src)
    os.replace(src, dest)
    fsync_dir(dest.parent)
    return dest


def write_text(path: Path | str, text: str) -> Path:
    """Write UTF-8 text atomically (newlines written as given)."""
    return atomic_write(path, lambda t: t.write_text(text, encoding="utf-8", newline=""))


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write bytes atomically."""
    return atomic_write(path, lambda t: t.write_bytes(data))


def writer_pid(tmp: Path) -> int | None:
    """The id of the process that wrote temporary file ``tmp``, or None if not ours."""
    m = _TEMP_NAME.match(tmp.name)
    return int(m.group("pid")) if m else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_temporaries(folder: Path) -> list[Path]:
    """Temporary files in ``folder`` whose writer process no longer runs.

    Files written by a live process (this one included) are never listed.
    """
    out = []
    for tmp in sorted(Path(folder).glob(f".*{TEMP_SUFFIX}")):
        pid = writer_pid(tmp)
        if pid is not None and not _alive(pid):
            out.append(tmp)
    return out
