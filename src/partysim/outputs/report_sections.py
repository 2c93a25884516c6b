"""The sections of the one-page brief: the answer, the verdict table, membership, leaks.

Each function returns the blocks (:mod:`partysim.outputs.document`) of one section body, or
its text (see :mod:`partysim.outputs.report` for the page around them). Target wording comes
from :mod:`partysim.outputs.target_text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partysim.outputs.document import Block, NumberedList, Paragraph, Table
from partysim.outputs.i18n import format_number, format_percent, label, label_or
from partysim.outputs.target_text import count_text, met_sentence, shortfall_text, threshold_value, value_formatter
from partysim.outputs.uncertainty_text import probability_text

__all__ = ["OUTFLOW_COLUMNS", "answer", "leaks", "members_table", "verdict_table"]

#: Columns of ``annual`` that together make up the outflow of members (people/year).
OUTFLOW_COLUMNS: tuple[str, ...] = ("deaths", "removals", "exits", "transfers_out", "probation_removals")

_NAN = float("nan")


def _period(years: Sequence[int]) -> str:
    years = sorted({int(y) for y in years})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _group_targets(targets: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, list[Mapping[str, Any]]]]:
    """Targets grouped by (name, kind) in order of first appearance, rows sorted by year."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for t in targets:
        groups.setdefault((str(t.get("name", "")), str(t.get("kind", ""))), []).append(t)
    return [
        (name, kind, sorted(rows, key=lambda r: (r.get("year") is None, r.get("year") or 0)))
        for (name, kind), rows in groups.items()
    ]


def _mean_admissions(summary: Mapping[str, Any], annual: pd.DataFrame | None) -> tuple[float | None, float | None]:
    """Mean admissions per year (people) and mean admission rate (fraction)."""
    if annual is not None and len(annual) and "admissions" in annual.columns:
        adm = float(annual["admissions"].mean())
        rate = float(annual["admission_rate"].mean()) if "admission_rate" in annual.columns else None
        return adm, rate
    rows = summary.get("annual") or []
    adm_vals = [float(r["mean"]) for r in rows if r.get("variable") == "admissions"]
    rate_vals = [float(r["mean"]) for r in rows if r.get("variable") == "admission_rate"]
    return (float(np.mean(adm_vals)) if adm_vals else None, float(np.mean(rate_vals)) if rate_vals else None)


def answer(summary: Mapping[str, Any], annual: pd.DataFrame | None, lang: str) -> str:
    """The one-paragraph answer (plain text): how likely each target is met, and mean admissions."""
    groups = _group_targets(summary.get("targets") or [])
    sentences = [met_sentence(name, kind, rows, lang) for name, kind, rows in groups]
    if not groups:
        sentences.append(label("report.no_targets", lang))
    mean_adm, mean_rate = _mean_admissions(summary, annual)
    if mean_adm is not None:
        sentences.append(
            label("report.mean_admissions", lang).format(
                n=format_number(mean_adm, lang),
                pct=format_percent(mean_rate, lang, 2) if mean_rate is not None else format_number(_NAN, lang),
            )
        )
    return " ".join(sentences)


def verdict_table(summary: Mapping[str, Any], lang: str) -> Table:
    """Per target and year: threshold, probability met, mean, attainment, P10–P90, shortfall."""
    columns = ("target", "year", "threshold", "probability", "mean", "attainment", "range", "shortfall")
    header = [label(f"report.col_{c}", lang) for c in columns]
    rows = []
    for name, kind, group in _group_targets(summary.get("targets") or []):
        fmt = value_formatter(kind, lang)
        for t in group:
            thr = float(t["threshold"])
            mean = float(t["mean"])
            attainment = format_percent(mean / thr, lang, 2) if thr > 0 else format_number(_NAN, lang)
            rows.append(
                [
                    name,
                    str(t.get("year", "")),
                    threshold_value(kind, thr, lang),
                    probability_text(t, lang),
                    fmt(mean),
                    attainment,
                    f"{fmt(float(t['p10']))} – {fmt(float(t['p90']))}",
                    shortfall_text(kind, float(t["expected_shortfall"]), lang),
                ]
            )
    return Table(header, rows, ["l", "l", "r", "r", "r", "r", "r", "r"])


def _member_rows_from_annual(annual: pd.DataFrame, lang: str) -> list[list[str]]:
    """Per-year medians across replications of the members table's columns."""
    missing = [c for c in OUTFLOW_COLUMNS if c not in annual.columns]
    if missing:
        raise ValueError(f"annual is missing outflow columns: {', '.join(missing)}")
    df = annual.assign(_outflow=annual[list(OUTFLOW_COLUMNS)].sum(axis=1))
    med = df.groupby("year")[["members_start", "admissions", "_outflow", "net_growth", "admission_rate"]].median()
    return [
        [
            str(int(year)),
            format_number(r["members_start"], lang),
            format_number(r["admissions"], lang),
            format_number(r["_outflow"], lang),
            format_number(r["net_growth"], lang),
            format_percent(r["admission_rate"], lang, 2),
        ]
        for year, r in med.sort_index().iterrows()
    ]


def _member_rows_from_summary(summary: Mapping[str, Any], lang: str) -> list[list[str]]:
    """The summary's per-year medians (it has no outflow)."""
    by_year: dict[int, dict[str, float]] = {}
    for r in summary.get("annual") or []:
        by_year.setdefault(int(r["year"]), {})[str(r["variable"])] = float(r["p50"])
    return [
        [
            str(year),
            format_number(v.get("members_start", _NAN), lang),
            format_number(v.get("admissions", _NAN), lang),
            format_number(_NAN, lang),
            format_number(v.get("net_growth", _NAN), lang),
            format_percent(v.get("admission_rate", _NAN), lang, 2),
        ]
        for year, v in sorted(by_year.items())
    ]


def members_table(summary: Mapping[str, Any], annual: pd.DataFrame | None, lang: str) -> Table:
    """Members on 1 January, admissions, outflow, net growth and admission rate per year (medians).

    Raises:
        ValueError: If ``annual`` is not empty and lacks an outflow column.
    """
    columns = ("year", "members_start", "admissions", "outflow", "net_growth", "rate")
    header = [label(f"report.col_{c}", lang) for c in columns]
    if annual is not None and len(annual):
        rows = _member_rows_from_annual(annual, lang)
    else:
        rows = _member_rows_from_summary(summary, lang)
    return Table(header, rows, ["l", "r", "r", "r", "r", "r"])


def leaks(funnel: pd.DataFrame | None, years: Sequence[int], lang: str, top: int = 2) -> list[Block]:
    """The ``top`` largest (stage, reason) losses of the pipeline, as a numbered list."""
    if funnel is None or not len(funnel):
        return [Paragraph(label("report.no_leaks", lang))]
    loss_cols = [c for c in funnel.columns if c.startswith("lost_")]
    cells: list[tuple[float, str, str, float]] = []
    for _, row in funnel.iterrows():
        entered = float(row.get("entered", np.nan))
        for col in loss_cols:
            v = float(row[col])
            if np.isfinite(v) and v > 0:
                cells.append((v, str(row["stage"]), col[len("lost_") :], entered))
    if not cells:
        return [Paragraph(label("report.no_leaks", lang))]
    cells.sort(key=lambda c: -c[0])  # stable: pipeline order breaks ties
    blocks: list[Block] = []
    lines = []
    period = _period(years)
    if period:
        blocks.append(Paragraph(label("report.leaks_intro", lang).format(period=period)))
    for v, stage, reason, entered in cells[:top]:
        share = format_percent(v / entered, lang, 1) if entered > 0 else format_number(_NAN, lang)
        text = label("report.leak", lang).format(
            stage=label_or(f"stage.{stage}", lang, stage),
            reason=label_or(f"loss.{reason}", lang, reason),
            n=count_text(v, lang),
            share=share,
        )
        lines.append(text)
    return [*blocks, NumberedList(lines)]
