"""What a verdict rests on, in words: the parameter sets it integrates over, where the
spread of each figure comes from, which assumption weighs most and when the target is met.

Used by ``summary.json`` (:func:`explained_targets`, :func:`uncertainty_record`), the brief
(:func:`uncertainty_blocks`) and the console (:func:`uncertainty_line`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from partysim.analysis.results import Results
from partysim.outputs.document import Block, Paragraph, Table
from partysim.outputs.i18n import format_number, format_probability, label

__all__ = ["explained_targets", "probability_text", "uncertainty_blocks", "uncertainty_line", "uncertainty_record"]


def explained_targets(results: Results, lang: str) -> list[dict[str, Any]]:
    """The verdict rows, each with ``weighs_most`` and ``met_when`` in ``lang`` when the
    verdicts integrate over parameters (empty strings otherwise); ``group`` None when absent."""
    rows = []
    for row in results.targets:
        row = {**row, "group": _none_if_nan(row.get("group"))}
        wm = results.what_matters(str(row["name"]), int(row["year"])) if results.ensemble is not None else None
        row["weighs_most"] = "" if wm is None else wm.weighs_most(lang)
        row["met_when"] = "" if wm is None else wm.sentence(lang)
        rows.append(row)
    return rows


def _none_if_nan(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def uncertainty_record(results: Results) -> dict[str, Any]:
    """``summary.json``'s ``uncertainty``: what was varied, or ``source: "none"``."""
    if results.uncertainty is None:
        return {"source": "none", "sets": 0, "varied": [], "pinned": []}
    return dict(results.uncertainty)


def probability_text(target: Mapping[str, Any], lang: str) -> str:
    """``"57%"``, or ``"57% (25%–88%)"`` with the 80% interval over the assumptions."""
    p = format_probability(float(target["probability"]), lang)
    lo, hi = target.get("prob_lo"), target.get("prob_hi")
    if lo is None or hi is None or (isinstance(lo, float) and math.isnan(lo)):
        return p
    return f"{p} ({format_probability(float(lo), lang)}–{format_probability(float(hi), lang)})"


def _intro(summary: Mapping[str, Any], lang: str) -> str:
    u = summary.get("uncertainty") or {}
    if u.get("source", "none") == "none":
        return label("uncertainty.none", lang)
    key = "uncertainty.posterior" if u.get("source") == "posterior" else "uncertainty.priors"
    return label(key, lang).format(k=format_number(u["sets"], lang), m=format_number(len(u.get("varied", [])), lang))


def _share(x: Any, lang: str) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else format_probability(float(x), lang)


def uncertainty_blocks(summary: Mapping[str, Any], lang: str) -> list[Block]:
    """The brief's section: what the probabilities integrate over, and per target and year
    the probability with every estimate fixed, the shares of the spread, what weighs most
    and when the target is met."""
    blocks: list[Block] = [Paragraph(_intro(summary, lang))]
    targets: Sequence[Mapping[str, Any]] = summary.get("targets") or []
    if not targets or "prob_lo" not in targets[0]:
        return blocks
    cols = ("target", "year", "fixed", "parameters", "drivers", "chance", "weighs_most")
    header = [label(f"uncertainty.col_{c}", lang) for c in cols]
    rows = [
        [
            str(t["name"]),
            str(t["year"]),
            format_probability(float(t.get("probability_fixed", float("nan"))), lang),
            _share(t.get("parameter_share"), lang),
            _share(t.get("driver_share"), lang) if t.get("driver_split") else "–",
            _share(t.get("chance_share"), lang),
            str(t.get("weighs_most", "")),
        ]
        for t in targets
    ]
    blocks.append(Table(header, rows, ["l", "l", "r", "r", "r", "r", "l"]))
    sentences = [f"{t['name']}, {t['year']}: {t['met_when']}" for t in targets if t.get("met_when")]
    if sentences:
        blocks.append(Paragraph(" ".join(s.rstrip(".") + "." for s in sentences)))
    return blocks


def uncertainty_line(summary: Mapping[str, Any], lang: str) -> str:
    """One console line: what the verdicts integrate over."""
    return _intro(summary, lang)
