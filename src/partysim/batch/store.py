"""The batch folder: one Parquet file per finished run, a manifest, and the plan.

Layout of ``DIR``::

    runs/<key>.parquet          annual table of one run; its funnel table and the run's
                                metadata in the file's key-value metadata
    runs/<key>.monthly.parquet  monthly table (only with --monthly)
    manifest.jsonl              one JSON line per finished or failed run (append-only)
    scenarios/<sha256>.json     every point's validated scenario (for the report)
    plan.json                   the points, in the order of the command lines that ran
    .lock                       held by the batch writing here (:mod:`partysim.batch.lock`)

Nothing is ever half-written: every file goes through :mod:`partysim.outputs.atomic`
(temporary name, fsync, rename), and only then is its manifest line appended (one
``write`` of one line, fsynced; a failed append is cut back). The manifest line of a
finished run records the size and sha256 of its file(s), so a run file damaged later
(truncated, changed) is found before it is reused or reported, and computed again. A run
file without its manifest line (batch killed in between) is checked by reading it, and
gets its line when the batch runs again. Temporary files are removed only when the process
that wrote them is gone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from partysim.batch.errors import one_line
from partysim.batch.plan import Plan, RunSpec
from partysim.batch.run_file import (
    BrokenRunError,
    Damage,
    StoredRun,
    check_bytes,
    decode_monthly,
    decode_run,
    encode_run,
    sha256_hex,
)
from partysim.outputs import atomic
from partysim.scenario.schema import Scenario

__all__ = ["BrokenRunError", "Damage", "RunStore", "StoredRun"]


_LEGACY_TEMP = re.compile(r"^\..+\.\d+\.tmp$")


def _legacy_temporaries(folder: Path) -> list[Path]:
    """Temporary files named by partysim before :mod:`partysim.outputs.atomic` (``.name.PID.tmp``).

    Their writers took no lock and are gone once this batch holds the folder's lock.
    """
    return [p for p in folder.glob(".*.tmp") if _LEGACY_TEMP.match(p.name) and atomic.writer_pid(p) is None]


class RunStore:
    """The batch folder (see the module docstring).

    Args:
        root: The folder (created if missing).
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.runs = self.root / "runs"
        self.scenarios = self.root / "scenarios"
        self.manifest_path = self.root / "manifest.jsonl"
        self.plan_path = self.root / "plan.json"

    # -- set-up ------------------------------------------------------------------
    def create(self) -> None:
        """Create the folder (and its parents) if missing.

        Raises:
            OSError: It cannot be created (a file in the way, read-only, no permission).
        """
        self.root.mkdir(parents=True, exist_ok=True)

    def prepare(self) -> None:
        """Create the subfolders, remove temporary files of writers that are gone, and end
        a torn last manifest line. Call it holding the folder's lock."""
        self.runs.mkdir(parents=True, exist_ok=True)
        self.scenarios.mkdir(parents=True, exist_ok=True)
        for d in (self.root, self.runs, self.scenarios):
            for tmp in [*atomic.stale_temporaries(d), *_legacy_temporaries(d)]:
                tmp.unlink(missing_ok=True)
        if self.manifest_path.exists() and self.manifest_path.stat().st_size:
            with open(self.manifest_path, "rb") as fh:
                fh.seek(-1, os.SEEK_END)
                torn = fh.read(1) != b"\n"
            if torn:
                self._append(b"\n")

    # -- runs --------------------------------------------------------------------
    def run_path(self, key: str) -> Path:
        """File of run ``key``."""
        return self.runs / f"{key}.parquet"

    def monthly_path(self, key: str) -> Path:
        """Monthly table file of run ``key``."""
        return self.runs / f"{key}.monthly.parquet"

    def is_finished(self, key: str, monthly: bool = False) -> bool:
        """Whether run ``key`` has its file (and its monthly file when ``monthly``); not checked."""
        return self.run_path(key).exists() and (not monthly or self.monthly_path(key).exists())

    def write_run(
        self,
        spec: RunSpec,
        annual: pd.DataFrame,
        funnel: pd.DataFrame,
        monthly: pd.DataFrame | None,
        seconds: float,
        host: str = "",
    ) -> Path:
        """Write one finished run atomically, then its manifest line (with size and sha256).

        Args:
            spec: The run.
            annual: Its annual table.
            funnel: Its funnel table.
            monthly: Its monthly table, or ``None``.
            seconds: Wall time of the run (s).
            host: Worker host name.

        Returns:
            The run file.
        """
        checks: dict[str, Any] = {}
        if monthly is not None:
            buf = io.BytesIO()
            monthly.to_parquet(buf, index=False)
            data = buf.getvalue()
            atomic.write_bytes(self.monthly_path(spec.key), data)
            checks.update(monthly_bytes=len(data), monthly_sha256=sha256_hex(data))
        data = encode_run(annual, funnel, self._run_meta(spec))
        path = atomic.write_bytes(self.run_path(spec.key), data)
        self._record(spec, "ok", None, seconds, host=host, bytes=len(data), file_sha256=sha256_hex(data), **checks)
        return path

    def record_recovered(self, spec: RunSpec) -> None:
        """Write the missing manifest line of a run file already checked by :meth:`check_run`."""
        checks: dict[str, Any] = {}
        names = (
            ("bytes", "file_sha256", self.run_path(spec.key)),
            ("monthly_bytes", "monthly_sha256", self.monthly_path(spec.key)),
        )
        for size_name, sha_name, path in names:
            if path.exists():
                data = path.read_bytes()
                checks.update({size_name: len(data), sha_name: sha256_hex(data)})
        self._record(spec, "ok", None, 0.0, recovered=True, **checks)

    def write_failure(self, spec: RunSpec, error: str, traceback: str | None, seconds: float) -> None:
        """Record a failed run in the manifest (it is tried again next time)."""
        self._record(spec, "failed", error, seconds, traceback=traceback)

    def check_run(self, key: str, record: dict[str, Any] | None = None, monthly: bool = False) -> Damage | None:
        """Whether run ``key``'s file is whole: ``None``, or what is wrong with it.

        Args:
            key: The run.
            record: Its last ``ok`` manifest line; with its size and sha256 the file is
                compared with them, without them (a line of an older partysim, or no line)
                the file is read in full.
            monthly: Check its monthly file too.
        """
        record = record or {}
        damage = self._check_file(self.run_path(key), record.get("bytes"), record.get("file_sha256"), decode_run)
        if damage is None and monthly:
            damage = self._check_file(
                self.monthly_path(key), record.get("monthly_bytes"), record.get("monthly_sha256"), decode_monthly
            )
        return damage

    @staticmethod
    def _check_file(path: Path, size: Any, sha256: Any, decode: Callable[[bytes], object]) -> Damage | None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Damage(path, "unreadable", {"detail": one_line(exc)})
        if sha256 is not None:
            return check_bytes(path, data, size, sha256)
        try:
            decode(data)
        except Exception as exc:  # ArrowInvalid, KeyError, JSONDecodeError, ...
            return Damage(path, "unreadable", {"detail": one_line(exc)})
        return None

    def discard_run(self, key: str) -> None:
        """Remove run ``key``'s files (a damaged run, about to be computed again)."""
        self.run_path(key).unlink(missing_ok=True)
        self.monthly_path(key).unlink(missing_ok=True)

    def read_run(self, key: str, record: dict[str, Any] | None = None) -> StoredRun:
        """Read run ``key`` back, checked against its manifest ``record`` when given.

        Raises:
            BrokenRunError: The file is truncated, changed or unreadable.
        """
        path = self.run_path(key)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BrokenRunError(Damage(path, "unreadable", {"detail": one_line(exc)}), self.root) from None
        record = record or {}
        damage = check_bytes(path, data, record.get("bytes"), record.get("file_sha256"))
        if damage is None:
            try:
                return decode_run(data)
            except Exception as exc:  # ArrowInvalid, KeyError, JSONDecodeError, ...
                damage = Damage(path, "unreadable", {"detail": one_line(exc)})
        raise BrokenRunError(damage, self.root)

    def read_monthly(self, key: str) -> pd.DataFrame:
        """Monthly table of run ``key`` (written with ``--monthly``)."""
        return pd.read_parquet(self.monthly_path(key))

    def finished_keys(self) -> set[str]:
        """Keys of every run with a file."""
        if not self.runs.exists():
            return set()
        return {
            p.name[: -len(".parquet")] for p in self.runs.glob("*.parquet") if not p.name.endswith(".monthly.parquet")
        }

    # -- manifest ----------------------------------------------------------------
    @staticmethod
    def _run_meta(spec: RunSpec) -> dict[str, Any]:
        return {
            "key": spec.key,
            "label": spec.label,
            "scenario": spec.scenario_name,
            "file": spec.scenario_file,
            "sha256": spec.sha256,
            "overrides": list(spec.overrides),
            "seed": spec.seed,
            "replication": spec.replication,
            "version": spec.version,
        }

    def _append(self, data: bytes) -> None:
        """Append ``data`` in one write; on failure (disk full) cut the manifest back."""
        fd = os.open(self.manifest_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            try:
                if os.write(fd, data) != len(data):
                    raise OSError(28, os.strerror(28), str(self.manifest_path))  # ENOSPC: short write
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):  # else the torn line is ended by prepare()
                    os.ftruncate(fd, size)
                raise
        finally:
            os.close(fd)

    def _record(self, spec: RunSpec, status: str, error: str | None, seconds: float, **extra: Any) -> None:
        rec = self._run_meta(spec)
        rec.update(
            status=status,
            error=error,
            duration_s=round(float(seconds), 4),
            finished_at=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        )
        rec.update({k: v for k, v in extra.items() if v})
        self._append((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))

    def manifest(self) -> list[dict[str, Any]]:
        """Every manifest line, oldest first (a torn line is skipped)."""
        if not self.manifest_path.exists():
            return []
        rows = []
        for line in self.manifest_path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return rows

    def latest(self) -> dict[str, dict[str, Any]]:
        """The last manifest line of every run key."""
        return {r["key"]: r for r in self.manifest()}

    def last_ok(self) -> dict[str, dict[str, Any]]:
        """The last ``ok`` manifest line of every run key that has one (its file's size and sha256)."""
        return {r["key"]: r for r in self.manifest() if r.get("status") == "ok"}

    # -- scenarios and plan --------------------------------------------------------
    def save_plan(self, plan: Plan) -> None:
        """Keep every point's scenario and merge the points into ``plan.json``.

        Points of earlier commands stay, in their order, unless their file is in this
        plan (then this plan's points of that file replace them: the file or its sweep
        may have changed); new points are appended.
        """
        for p in plan.points:
            path = self.scenarios / f"{p.sha256}.json"
            if not path.exists():
                atomic.write_text(path, p.scenario_json)
        old = self.load_plan()
        files = {p.scenario_file for p in plan.points}
        labels = {p.label for p in plan.points}
        points = {r["label"]: r for r in old.get("points", []) if r["file"] not in files or r["label"] in labels}
        for p in plan.points:
            rec = p.to_record()
            rec.update(seed=plan.seed, replications=plan.replications, version=plan.version)
            points[p.label] = rec
        doc = {
            "version": plan.version,
            "seed": plan.seed,
            "replications": plan.replications,
            "points": list(points.values()),
        }
        atomic.write_text(self.plan_path, json.dumps(doc, ensure_ascii=False, indent=1))

    def load_plan(self) -> dict[str, Any]:
        """``plan.json`` (empty dict if there is none)."""
        if not self.plan_path.exists():
            return {}
        return json.loads(self.plan_path.read_text(encoding="utf-8"))

    def load_scenario(self, sha256: str) -> Scenario:
        """The scenario of a point, by content hash."""
        return Scenario.model_validate_json((self.scenarios / f"{sha256}.json").read_text(encoding="utf-8"))
