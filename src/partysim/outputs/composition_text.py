"""The brief's section on who is admitted: per group, its share of admissions in the last
full year (mean and the p10-p90 of replications), of the people eligible and of members."""

from __future__ import annotations

import math

import pandas as pd

from partysim.analysis.composition import composition_table, latest_composition
from partysim.outputs.document import Block, Paragraph, Table
from partysim.outputs.i18n import format_percent, label

__all__ = ["composition_blocks", "composition_records"]


def composition_records(annual: pd.DataFrame) -> list[dict]:
    """The composition table as JSON-ready records (NaN as ``None``)."""
    table = composition_table(annual)
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in table.to_dict("records")
    ]


def composition_blocks(annual: pd.DataFrame | None, lang: str) -> list[Block]:
    """A table of the last year with admissions: group, share of admissions (P10-P90),
    share of people eligible, share of members at the year's end."""
    latest = latest_composition(annual) if annual is not None and "adm_women" in annual.columns else None
    if latest is None:
        return [Paragraph(label("report.no_composition", lang))]
    year, table = latest
    rows = []
    for _, r in table.iterrows():
        rows.append(
            [
                label(f"group.{r['group']}", lang),
                format_percent(r["admitted"], lang, 1),
                f"{format_percent(r['admitted_p10'], lang, 1)}–{format_percent(r['admitted_p90'], lang, 1)}",
                format_percent(r["eligible"], lang, 1),
                format_percent(r["members"], lang, 1),
            ]
        )
    header = [label(f"report.comp_{c}", lang) for c in ("group", "admitted", "range", "eligible", "members")]
    return [
        Paragraph(label("report.composition_intro", lang).format(year=year)),
        Table(header, rows, ["l", "r", "r", "r", "r"]),
    ]
