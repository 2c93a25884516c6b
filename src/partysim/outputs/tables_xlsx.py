"""The run's tables as one Excel workbook (``tables.xlsx``, openpyxl) in the brief's language.

Sheets: the targets (probability of meeting each, per year), membership per year (medians
of runs), the admission pipeline (stages and losses by reason, localized), admissions and
quotas by unit of the hierarchy, and what was run (scenario, changes, hash, seed, runs,
date). Numbers are numbers (not text), with percentage formats where they are fractions,
so planners can compute with them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from partysim.outputs.atomic import atomic_write
from partysim.outputs.i18n import label, label_or
from partysim.outputs.report_sections import OUTFLOW_COLUMNS
from partysim.outputs.tables import complete_years
from partysim.outputs.target_text import is_fraction_kind

__all__ = ["add_sheet", "write_tables_xlsx"]

_PERCENT = "0.0%"
_NUMBER = "#,##0"
_DECIMAL = "#,##0.0"


def _verdict_rows(targets: Sequence[Mapping[str, Any]], lang: str) -> tuple[list[str], list[list[Any]], list[str]]:
    keys = ("target", "year", "threshold", "probability", "mean", "range", "shortfall")
    header = [label(f"report.col_{k}", lang) for k in keys]
    header[5:6] = ["P10", "P90"]
    rows, formats = [], []
    for t in targets:
        frac = is_fraction_kind(str(t["kind"]))
        fmt = _PERCENT if frac else _DECIMAL
        rows.append(
            [
                str(t["name"]),
                int(t["year"]),
                float(t["threshold"]),
                float(t["probability"]),
                float(t["mean"]),
                float(t["p10"]),
                float(t["p90"]),
                float(t["expected_shortfall"]),
            ]
        )
        formats.append(["@", "0", fmt, _PERCENT, fmt, fmt, fmt, fmt])
    return header, rows, formats


def _member_rows(annual: pd.DataFrame, lang: str) -> tuple[list[str], list[list[Any]], list[str]]:
    keys = ("year", "members_start", "admissions", "outflow", "net_growth", "rate")
    header = [label(f"report.col_{k}", lang) for k in keys]
    df = complete_years(annual)
    df = df.assign(_outflow=df[list(OUTFLOW_COLUMNS)].sum(axis=1))
    med = df.groupby("year")[["members_start", "admissions", "_outflow", "net_growth", "admission_rate"]].median()
    rows = [[int(y), *[float(v) for v in r]] for y, r in med.sort_index().iterrows()]
    return header, rows, ["0", _NUMBER, _NUMBER, _NUMBER, _NUMBER, "0.00%"]


def _funnel_rows(funnel: pd.DataFrame, lang: str) -> tuple[list[str], list[list[Any]], list[str]]:
    loss = [c for c in funnel.columns if c.startswith("lost_")]
    header = [
        label("brief.col_stage", lang),
        label("brief.col_entered", lang),
        *[label_or(f"loss.{c[5:]}", lang, c[5:]) for c in loss],
    ]
    rows = [
        [label_or(f"stage.{r['stage']}", lang, str(r["stage"])), float(r["entered"]), *[float(r[c]) for c in loss]]
        for _, r in funnel.iterrows()
    ]
    return header, rows, ["@", _DECIMAL, *[_DECIMAL] * len(loss)]


def _node_rows(by_node: pd.DataFrame, lang: str) -> tuple[list[str], list[list[Any]], list[str]]:
    g = by_node.groupby(["node", "level", "year"], sort=False)[["admissions", "quota"]].mean().reset_index()
    header = [
        label("brief.col_node", lang),
        label("brief.col_level", lang),
        label("report.col_year", lang),
        label("report.col_admissions", lang),
        label("brief.col_quota", lang),
    ]
    rows = [
        [
            str(r.node),
            label_or(f"level.{r.level}", lang, str(r.level)),
            int(r.year),
            float(r.admissions),
            float(r.quota),
        ]
        for r in g.itertuples()
    ]
    return header, rows, ["@", "@", "0", _DECIMAL, _DECIMAL]


def add_sheet(wb, title: str, header: list[str], rows: list[list[Any]], formats: list[str] | list[list[str]]) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet(title[:31])
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, row in enumerate(rows):
        ws.append(row)
        fmts = formats[i] if formats and isinstance(formats[0], list) else formats
        for cell, fmt in zip(ws[ws.max_row], fmts):
            cell.number_format = fmt
    for col, name in zip(ws.columns, header):
        width = max([len(str(name)), *(len(str(c.value)) for c in col if c.value is not None)])
        ws.column_dimensions[col[0].column_letter].width = min(60, width + 2)
    ws.freeze_panes = "A2"


def write_tables_xlsx(
    path: Path,
    targets: Sequence[Mapping[str, Any]],
    annual: pd.DataFrame,
    funnel: pd.DataFrame,
    by_node: pd.DataFrame | None,
    about: Sequence[tuple[str, Any]],
    lang: str,
) -> Path:
    """Write ``tables.xlsx`` atomically.

    Args:
        path: The ``.xlsx`` file.
        targets: Verdict rows with names in ``lang``.
        annual: One row per (replication, year).
        funnel: One row per stage.
        by_node: Admissions and quotas by node (or None).
        about: (item, value) rows describing the run, in ``lang``.
        lang: ``"vi"`` or ``"en"``.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    if targets:
        add_sheet(wb, label("brief.sheet_verdicts", lang), *_verdict_rows(targets, lang))
    add_sheet(wb, label("brief.sheet_members", lang), *_member_rows(annual, lang))
    add_sheet(wb, label("brief.sheet_funnel", lang), *_funnel_rows(funnel, lang))
    if by_node is not None and len(by_node):
        add_sheet(wb, label("brief.sheet_nodes", lang), *_node_rows(by_node, lang))
    add_sheet(
        wb,
        label("brief.sheet_about", lang),
        [label("brief.col_item", lang), label("brief.col_value", lang)],
        [[k, v] for k, v in about],
        ["@", "@"],
    )
    return atomic_write(path, lambda tmp: wb.save(str(tmp)))
