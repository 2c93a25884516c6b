"""The files of ``partysim allocate``: the quota table planners hand out, and its chart.

* ``allocation.xlsx``: sheet of quotas (one row per unit type and quota per grassroots
  organisation: organisations, quota, quarters, cells and their quotas, probabilities),
  sheet by unit type (totals and quarters), and what was run; headers in ``lang``.
* ``allocation.csv``: the quota sheet as CSV (UTF-8 with a byte-order mark, so Excel
  shows the Vietnamese letters), same headers.
* ``allocation.png`` / ``allocation.svg``: :func:`~partysim.outputs.charts.allocation.allocation_chart`.

Every file is written atomically (:mod:`partysim.outputs.atomic`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from partysim.analysis.allocation_results import QUARTERS, ROW_COLUMNS, AllocationResults
from partysim.outputs.atomic import atomic_write, write_text
from partysim.outputs.charts.allocation import allocation_chart
from partysim.outputs.charts.saving import save_figure
from partysim.outputs.i18n import format_number, format_probability, label
from partysim.outputs.provenance import Provenance
from partysim.outputs.tables_xlsx import add_sheet

__all__ = ["FILES", "allocation_lines", "allocation_table", "holds_text", "write_allocation"]

FILES = ("allocation.xlsx", "allocation.csv", "allocation.png", "allocation.svg")
"""Files :func:`write_allocation` writes."""

_PROB = {"prob_go", "prob_cell", "prob_go_check", "se_check"}
_UNIT_COLUMNS = ("unit", "parent", "grassroots", "total", *QUARTERS, "prob_go", "prob_cell")


def allocation_table(res: AllocationResults, lang: str, by_unit: bool = False) -> pd.DataFrame:
    """The quota table (or, with ``by_unit``, one row per unit type) with headers in ``lang``."""
    df = res.by_unit()[_unit_columns(res)] if by_unit else res.to_frame()[list(ROW_COLUMNS)]
    return df.rename(columns={c: label(f"alloc.col_{c}", lang) for c in df.columns})


def _unit_columns(res: AllocationResults) -> list[str]:
    """Columns of the by-unit sheet (with the independent re-measure when there is one)."""
    return [*_UNIT_COLUMNS, *(["prob_go_check", "se_check"] if res.check is not None else [])]


def holds_text(res: AllocationResults, lang: str) -> str:
    """What the probabilities hold, in ``lang`` (and whether the runs were a preview)."""
    text = label(f"alloc.integrates.{res.integrates_over}", lang).format(k=res.outcomes.sets)
    if res.outcomes.shared:
        text += label("alloc.shared", lang)
    if res.outcomes.seeds > 1:
        text += label("alloc.seeds", lang).format(s=res.outcomes.seeds)
    return f"{text} ({label('alloc.preview', lang)})" if res.outcomes.preview else text


def _about(res: AllocationResults, prov: Provenance, lang: str) -> list[tuple[str, Any]]:
    o = res.outcomes
    return [
        (label("about.scenario", lang), prov.scenario),
        (label("about.sha", lang), prov.sha256),
        (label("about.version", lang), prov.version),
        (label("alloc.about_year", lang), res.year),
        (label("alloc.about_total", lang), res.total),
        (label("alloc.about_rule", lang), label(f"alloc.rule.{res.rule}", lang)),
        (label("about.seed", lang), o.seed),
        (label("about.replications", lang), o.replications),
        (label("alloc.about_sets", lang), o.sets),
        (label("alloc.about_holds", lang), holds_text(res, lang)),
        (label("alloc.about_note", lang), label("alloc.note", lang)),
        (label("about.date", lang), prov.date),
    ]


def _rows(df: pd.DataFrame) -> tuple[list[str], list[list[Any]], list[str]]:
    formats = ["0.0%" if c in _PROB else "@" if df[c].dtype == object else "#,##0" for c in df.columns]
    rows = [[v.item() if hasattr(v, "item") else v for v in r] for r in df.itertuples(index=False)]
    return [str(c) for c in df.columns], rows, formats


def _write_xlsx(path: Path, res: AllocationResults, prov: Provenance, lang: str) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    quotas, units = res.to_frame()[list(ROW_COLUMNS)], res.by_unit()[_unit_columns(res)]
    for key, df in (("alloc.sheet_quotas", quotas), ("alloc.sheet_units", units)):
        header, rows, formats = _rows(df)
        add_sheet(wb, label(key, lang), [label(f"alloc.col_{c}", lang) for c in header], rows, formats)
    add_sheet(
        wb,
        label("brief.sheet_about", lang),
        [label("brief.col_item", lang), label("brief.col_value", lang)],
        [[k, v] for k, v in _about(res, prov, lang)],
        ["@", "@"],
    )
    return atomic_write(path, lambda tmp: wb.save(str(tmp)))


def _unit_lines(res: AllocationResults, u: Any, rows: pd.DataFrame, lang: str) -> list[str]:
    """The line of one unit type (and, with a check, its re-measure on independent runs)."""
    mine = rows[rows["template"] == u.template]
    quotas = " + ".join(
        f"{format_number(r.grassroots, lang)} × {format_number(r.quota, lang)}" for r in mine.itertuples()
    )
    line = label("alloc.line", lang).format(
        unit=u.unit,
        n=format_number(u.grassroots, lang),
        total=format_number(u.total, lang),
        quotas=quotas,
        q="/".join(format_number(getattr(u, q), lang) for q in QUARTERS),
        p=format_probability(u.prob_go, lang),
    )
    if res.check is None:
        return [line]
    runs = int(res.check["runs"].max()) if len(res.check) else 0
    check = label("alloc.check_line", lang).format(
        runs=format_number(runs, lang),
        p=format_probability(u.prob_go_check, lang),
        se=format_number(u.se_check * 100, lang, 1, trim=True) + "%",
    )
    return [line, check]


def allocation_lines(res: AllocationResults, lang: str) -> list[str]:
    """The console summary in ``lang``: rule, common probability, one line per unit type, the sum."""
    rule = label(f"alloc.rule.{res.rule}", lang)
    lines = [label("alloc.head", lang).format(total=format_number(res.total, lang), year=res.year, rule=rule)]
    if res.rule == "equal-probability":
        lines.append(label("alloc.common", lang).format(p=format_probability(res.probability, lang)))
        if res.probability in (0.0, 1.0):
            lines.append(label("alloc.beyond", lang))
    rows = res.to_frame()
    for u in res.by_unit().itertuples():
        lines += _unit_lines(res, u, rows, lang)
    total, added = format_number(res.total, lang), format_number(int(rows["total"].sum()), lang)
    lines.append(label("alloc.sum", lang).format(sum=added, total=total))
    runs = format_number(res.outcomes.runs, lang)
    lines.append(label("alloc.holds", lang).format(what=holds_text(res, lang), runs=runs))
    if res.check is None:
        lines.append(label("alloc.check_note", lang))
    return lines


def write_allocation(out_dir: Path, res: AllocationResults, prov: Provenance, lang: str) -> Sequence[Path]:
    """Write :data:`FILES` into ``out_dir`` (created if needed), each atomically.

    Returns:
        The paths written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fig = allocation_chart(res.by_unit(), res.probability, res.total, res.year, prov, lang)
    csv = "\ufeff" + allocation_table(res, lang).to_csv(index=False)
    return [
        _write_xlsx(out_dir / "allocation.xlsx", res, prov, lang),
        write_text(out_dir / "allocation.csv", csv),
        *save_figure(fig, out_dir / "allocation", formats=("png", "svg")),
    ]
