"""Provenance of a simulation result: what was run, how, and when.

Every chart and report carries a one-line footer built from a
:class:`Provenance` so that a printed figure can be traced back to the exact
scenario file (by its SHA-256), package version, random seed and number of
replications.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from partysim.outputs.i18n import check_lang, format_number, label

__all__ = ["Provenance"]

_SEP = " · "


@dataclass(frozen=True)
class Provenance:
    """Identification of one simulation run.

    Attributes:
        scenario: Human-readable scenario name, e.g. ``"Thanh Hóa 2021-2025"``.
        sha256: Hex SHA-256 digest of the scenario file (64 hex characters;
            shorter strings are accepted and shown as given).
        version: ``partysim`` version that produced the result, e.g. ``"0.1.0"``.
        seed: Root random seed of the run.
        replications: Number of independent replications (runs).
        date: Date of the run, ISO format ``YYYY-MM-DD``.
        changes: What was changed from the scenario file, in the footer's language
            (:func:`partysim.outputs.variant_text.changes_text`); empty for the file as written.
        runs: What the replications are: ``"replications"`` of a simulation, or
            ``"paths"`` (sample paths of a statistical forecast).
    """

    scenario: str
    sha256: str
    version: str
    seed: int
    replications: int
    date: str
    changes: str = ""
    runs: str = "replications"

    @property
    def short_sha(self) -> str:
        """First 12 hex characters of :attr:`sha256` (lower case)."""
        return self.sha256.strip().lower()[:12]

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any], date: str | None = None) -> Provenance:
        """Build a :class:`Provenance` from a run ``summary`` dict.

        Args:
            summary: Dict with keys ``scenario``, ``scenario_sha256``,
                ``version``, ``seed``, ``replications`` (and optionally
                ``date``).
            date: ISO date to record; defaults to ``summary["date"]`` or today.

        Returns:
            The provenance record.
        """
        if date is None:
            date = summary.get("date") or _dt.date.today().isoformat()
        return cls(
            scenario=str(summary["scenario"]),
            sha256=str(summary["scenario_sha256"]),
            version=str(summary["version"]),
            seed=int(summary["seed"]),
            replications=int(summary["replications"]),
            date=str(date),
        )

    def _date_text(self, lang: str) -> str:
        """The date as ``YYYY-MM-DD`` (en) or ``DD/MM/YYYY`` (vi)."""
        try:
            d = _dt.date.fromisoformat(self.date)
        except ValueError:
            return self.date  # unknown format: show as recorded
        if lang == "vi":
            return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
        return d.isoformat()

    def footer(self, lang: str) -> str:
        """One-line footer for charts and reports.

        Args:
            lang: ``"en"`` or ``"vi"``.

        Returns:
            E.g. ``"partysim 0.1.0 · scenario Thanh Hóa 2021-2025 (sha256
            1a2b3c4d5e6f) · seed 1 · 200 replications · 2026-11-22"`` (en) or
            ``"partysim 0.1.0 · kịch bản Thanh Hóa 2021-2025 (sha256
            1a2b3c4d5e6f) · giá trị khởi tạo ngẫu nhiên 1 · 200 lần mô phỏng · 22/11/2026"``
            (vi); a variant adds ``"changed from the file: ..."`` after the scenario.

        Raises:
            ValueError: If ``lang`` is unsupported.
        """
        check_lang(lang)
        kind = "path" if self.runs == "paths" else "replication"
        reps_key = f"prov.{kind}" if self.replications == 1 else f"prov.{kind}s"
        parts = [
            f"{label('app', lang)} {self.version}",
            f"{label('prov.scenario', lang)} {self.scenario} (sha256 {self.short_sha})",
            *([label("prov.changes", lang).format(changes=self.changes)] if self.changes else []),
            f"{label('prov.seed', lang)} {self.seed}",
            f"{format_number(self.replications, lang)} {label(reps_key, lang)}",
            self._date_text(lang),
        ]
        return _SEP.join(parts)
