"""The batch folder: one Parquet file per finished run, a manifest, and the plan.

Layout of ``DIR``::

    runs/<key>.parquet          annual table of one run; its funnel table and the run's
                                metadata in the file's key-value metadata
    runs/<key>.monthly.parquet  monthly table (only with --monthly)
    manifest.jsonl              one JSON line per finished or failed run (append-only)
    scenarios/<sha256>.json     every point's validated scenario (for the report)
    plan.json                   the points, in the order of the command lines that ran

Nothing is ever half-written: a run file is written to a temporary name and moved into
place with :func:`os.replace` (atomic), and only then is its manifest line appended (one
``write`` of one line, fsynced). A run counts as finished when its file exists, so an
interruption at any moment (Ctrl-C, ``kill -9``, power loss) leaves only whole runs, and
re-running the same command skips them. A run file without its manifest line (killed in
between) gets its line when the batch runs again.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from partysim.scenario.schema import Scenario
from partysim.batch.plan import Plan, RunSpec

__all__ = ["RunStore", "StoredRun", "atomic_write"]

_META_RUN = b"partysim.run"
_META_FUNNEL = b"partysim.funnel"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Write ``path`` through a temporary file in the same folder, then rename it.

    Args:
        path: Destination.
        write: Called with the temporary path; must create that file.

    Returns:
        ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    _fsync_dir(path.parent)
    return path


def _table_bytes(df: pd.DataFrame) -> bytes:
    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return base64.b64encode(sink.getvalue().to_pybytes())


def _table_from_bytes(blob: bytes) -> pd.DataFrame:
    with pa.ipc.open_stream(base64.b64decode(blob)) as reader:
        return reader.read_all().to_pandas()


@dataclass
class StoredRun:
    """One finished run read back from its file.

    Attributes:
        annual: Annual table (one row per calendar year).
        funnel: Funnel table (one row per pipeline stage).
        meta: Run metadata: key, label, scenario, sha256, seed, replication, version.
    """

    annual: pd.DataFrame
    funnel: pd.DataFrame
    meta: dict[str, Any]


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
    def prepare(self) -> None:
        """Create the folders, remove temporary files left by a killed batch and end a
        torn last manifest line."""
        self.runs.mkdir(parents=True, exist_ok=True)
        self.scenarios.mkdir(parents=True, exist_ok=True)
        for d in (self.root, self.runs, self.scenarios):
            for tmp in d.glob(".*.tmp"):
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
        """Whether run ``key`` has its file (and its monthly file when ``monthly``)."""
        return self.run_path(key).exists() and (not monthly or self.monthly_path(key).exists())

    def write_run(self, spec: RunSpec, annual: pd.DataFrame, funnel: pd.DataFrame, monthly: pd.DataFrame | None,
                  seconds: float, host: str = "", recovered: bool = False) -> Path:
        """Write one finished run atomically, then its manifest line.

        Args:
            spec: The run.
            annual: Its annual table.
            funnel: Its funnel table.
            monthly: Its monthly table, or ``None``.
            seconds: Wall time of the run (s).
            host: Worker host name.
            recovered: True when only the manifest line is missing (file already there).

        Returns:
            The run file.
        """
        path = self.run_path(spec.key)
        if not recovered:
            if monthly is not None:
                atomic_write(self.monthly_path(spec.key), lambda p: monthly.to_parquet(p, index=False))
            table = pa.Table.from_pandas(annual, preserve_index=False)
            meta = dict(table.schema.metadata or {})
            meta[_META_RUN] = json.dumps(self._run_meta(spec), ensure_ascii=False).encode()
            meta[_META_FUNNEL] = _table_bytes(funnel)
            table = table.replace_schema_metadata(meta)
            atomic_write(path, lambda p: pq.write_table(table, p))
        self._record(spec, "ok", None, seconds, host=host, recovered=recovered)
        return path

    def write_failure(self, spec: RunSpec, error: str, traceback: str | None, seconds: float) -> None:
        """Record a failed run in the manifest (it is tried again next time)."""
        self._record(spec, "failed", error, seconds, traceback=traceback)

    def read_run(self, key: str) -> StoredRun:
        """Read run ``key`` back."""
        table = pq.read_table(self.run_path(key))
        meta = table.schema.metadata or {}
        return StoredRun(
            annual=table.to_pandas(),
            funnel=_table_from_bytes(meta[_META_FUNNEL]),
            meta=json.loads(meta[_META_RUN]),
        )

    def read_monthly(self, key: str) -> pd.DataFrame:
        """Monthly table of run ``key`` (written with ``--monthly``)."""
        return pd.read_parquet(self.monthly_path(key))

    def finished_keys(self) -> set[str]:
        """Keys of every run with a file."""
        if not self.runs.exists():
            return set()
        return {p.name[: -len(".parquet")] for p in self.runs.glob("*.parquet") if not p.name.endswith(".monthly.parquet")}

    # -- manifest ----------------------------------------------------------------
    @staticmethod
    def _run_meta(spec: RunSpec) -> dict[str, Any]:
        return {
            "key": spec.key, "label": spec.label, "scenario": spec.scenario_name, "file": spec.scenario_file,
            "sha256": spec.sha256, "overrides": list(spec.overrides), "seed": spec.seed,
            "replication": spec.replication, "version": spec.version,
        }

    def _append(self, data: bytes) -> None:
        fd = os.open(self.manifest_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _record(self, spec: RunSpec, status: str, error: str | None, seconds: float, **extra: Any) -> None:
        rec = self._run_meta(spec)
        rec.update(
            status=status, error=error, duration_s=round(float(seconds), 4),
            finished_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
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
                atomic_write(path, lambda t, p=p: t.write_text(p.scenario_json, encoding="utf-8"))
        old = self.load_plan()
        files = {p.scenario_file for p in plan.points}
        labels = {p.label for p in plan.points}
        points = {r["label"]: r for r in old.get("points", []) if r["file"] not in files or r["label"] in labels}
        for p in plan.points:
            rec = p.to_record()
            rec.update(seed=plan.seed, replications=plan.replications, version=plan.version)
            points[p.label] = rec
        doc = {"version": plan.version, "seed": plan.seed, "replications": plan.replications, "points": list(points.values())}
        atomic_write(self.plan_path, lambda t: t.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8"))

    def load_plan(self) -> dict[str, Any]:
        """``plan.json`` (empty dict if there is none)."""
        if not self.plan_path.exists():
            return {}
        return json.loads(self.plan_path.read_text(encoding="utf-8"))

    def load_scenario(self, sha256: str) -> Scenario:
        """The scenario of a point, by content hash."""
        return Scenario.model_validate_json((self.scenarios / f"{sha256}.json").read_text(encoding="utf-8"))
