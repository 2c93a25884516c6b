"""The file of one finished run: its Parquet bytes, reading them back, and checking them.

One Parquet file holds the run's annual table; its funnel table (Arrow IPC, base64) and
its metadata (key, label, scenario, seed, replication, version) are in the file's
key-value metadata. The manifest line of the run records the file's size and sha256
(:func:`sha256_hex`), so a file damaged after it was written is recognised
(:func:`check_bytes`) before it is reused or reported.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from partysim.batch.errors import OutputUnusable
from partysim.batch.messages import Text

__all__ = [
    "BrokenRunError",
    "Damage",
    "StoredRun",
    "check_bytes",
    "decode_monthly",
    "decode_run",
    "encode_run",
    "sha256_hex",
]

_META_RUN = b"partysim.run"
_META_FUNNEL = b"partysim.funnel"


def _table_bytes(df: pd.DataFrame) -> bytes:
    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return base64.b64encode(sink.getvalue().to_pybytes())


def _table_from_bytes(blob: bytes) -> pd.DataFrame:
    with pa.ipc.open_stream(base64.b64decode(blob)) as reader:
        return reader.read_all().to_pandas()


def sha256_hex(data: bytes) -> str:
    """The sha256 of ``data`` (64 hex characters)."""
    return hashlib.sha256(data).hexdigest()


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


@dataclass(frozen=True)
class Damage:
    """What is wrong with a run file.

    Attributes:
        path: The file.
        kind: ``size`` (truncated or grown), ``checksum`` (content changed) or
            ``unreadable`` (not a run file any more).
        fields: Details for the message (``found``/``expected`` bytes, ``detail``).
    """

    path: Path
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def why(self) -> Text:
        """The damage in words (``2000 bytes instead of 31598``)."""
        return Text(f"damage.{self.kind}", self.fields)


class BrokenRunError(OutputUnusable):
    """A finished run's file is damaged; run the batch command again to compute it again.

    Args:
        damage: What is wrong, and with which file.
        root: The batch folder.
    """

    def __init__(self, damage: Damage, root: Path) -> None:
        super().__init__("report_damaged", path=damage.path, why=damage.why, dir=root)
        self.damage = damage


def encode_run(annual: pd.DataFrame, funnel: pd.DataFrame, meta: dict[str, Any]) -> bytes:
    """The Parquet bytes of one run: ``annual``, with ``funnel`` and ``meta`` in the file metadata."""
    table = pa.Table.from_pandas(annual, preserve_index=False)
    schema_meta = dict(table.schema.metadata or {})
    schema_meta[_META_RUN] = json.dumps(meta, ensure_ascii=False).encode()
    schema_meta[_META_FUNNEL] = _table_bytes(funnel)
    sink = pa.BufferOutputStream()
    pq.write_table(table.replace_schema_metadata(schema_meta), sink)
    return sink.getvalue().to_pybytes()


def decode_run(data: bytes) -> StoredRun:
    """Read the bytes of a run file back (raises whatever pyarrow or json raise on damage)."""
    table = pq.read_table(pa.BufferReader(data))
    meta = table.schema.metadata or {}
    return StoredRun(
        annual=table.to_pandas(), funnel=_table_from_bytes(meta[_META_FUNNEL]), meta=json.loads(meta[_META_RUN])
    )


def decode_monthly(data: bytes) -> pa.Table:
    """Read the bytes of a monthly table file back."""
    return pq.read_table(pa.BufferReader(data))


def check_bytes(path: Path, data: bytes, size: Any, sha256: Any) -> Damage | None:
    """Compare a file's bytes with its manifest record.

    Args:
        path: The file (for the message).
        data: Its bytes.
        size: Size recorded in the manifest (bytes), or ``None``.
        sha256: sha256 recorded in the manifest, or ``None``.

    Returns:
        ``None`` when they agree, else the :class:`Damage`.
    """
    if size is not None and len(data) != int(size):
        return Damage(path, "size", {"found": len(data), "expected": int(size)})
    if sha256 is not None and sha256_hex(data) != sha256:
        return Damage(path, "checksum")
    return None
