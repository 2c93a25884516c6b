"""Number formats of the batch report (intervals, figures to a few significant digits,
lever settings in words) and the provenance footer of its charts."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

from partysim.batch.compare import BatchResults, PointResults
from partysim.batch.report_names import Names
from partysim.outputs.i18n import format_number
from partysim.outputs.provenance import Provenance
from partysim.outputs.writer import run_date
from partysim.version import __version__


def interval_text(lo: float, hi: float, fmt) -> str:
    if math.isnan(lo) or math.isnan(hi):
        return "—"
    return f"{fmt(lo)} … {fmt(hi)}"


def number_text(v: float, lang: str) -> str:
    return format_number(v, lang, 6, trim=True)


def significant_text(v: float, lang: str, digits: int = 3) -> str:
    """``v`` with about ``digits`` significant digits."""
    if v is None or not math.isfinite(v) or v == 0:
        return format_number(v, lang, 0)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
    return format_number(v, lang, decimals, trim=True)


def settings_text(settings: dict[str, float], lang: str, name=str) -> str:
    return ", ".join(f"{name(p)} = {number_text(v, lang)}" for p, v in settings.items())


def report_provenance(
    results: BatchResults,
    names: Names,
    points: Sequence[PointResults] | None = None,
    name: str | None = None,
    changes: str = "",
) -> Provenance:
    pts = list(points) if points is not None else results.points
    digest = hashlib.sha256("\n".join(sorted(p.sha256 for p in pts)).encode()).hexdigest()
    sha = pts[0].sha256 if len(pts) == 1 else digest
    return Provenance(
        scenario=name or (names.point(pts[0]) if len(pts) == 1 else f"{results.root.name} ({len(pts)})"),
        sha256=sha,
        version=results.version or __version__,
        seed=results.seed,
        replications=max((len(p.replications) for p in pts), default=0),
        date=run_date(),
        changes=changes,
    )


# --------------------------------------------------------------------------- sections
