"""One-page Markdown brief for planners, in Vietnamese or English.

The brief answers the planner's question first ("will the quota be met, and
how likely?"), then gives the verdict table per target and year, a short
membership / outflow table, the two biggest leaks of the admission pipeline,
links to the charts and the provenance footer.

All numbers go through :mod:`partysim.outputs.i18n` so that Vietnamese output uses
``2.360`` and ``104,75%`` and English output ``2,360`` and ``104.75%``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from partysim.outputs.i18n import check_lang, format_number, format_percent, format_probability, label, label_or
from partysim.outputs.provenance import Provenance
from partysim.scenario.schema import FRACTION_KINDS as _FRACTION_KINDS

__all__ = ["render_report", "write_report", "OUTFLOW_COLUMNS", "CHART_FILES"]

#: Columns of ``annual`` that together make up the outflow of members (people/year).
OUTFLOW_COLUMNS: tuple[str, ...] = ("deaths", "removals", "exits", "transfers_out", "probation_removals")

#: Chart files linked from the report (relative to the report's directory),
#: with the label key of their alt text.
CHART_FILES: tuple[tuple[str, str], ...] = (
    ("admissions_fan.png", "report.fig_fan"),
    ("members.png", "report.fig_members"),
    ("funnel.png", "report.fig_funnel"),
)

_COUNT_KINDS = {"admissions", "net_growth"}


# ---------------------------------------------------------------------------
# formatting helpers
# ---------------------------------------------------------------------------


def _is_fraction_kind(kind: str) -> bool:
    """Whether a target's values are fractions (shown as %) rather than counts.

    ``admission_rate``, ``composition`` (share of admissions from a group)
    and ``grassroots_quota_share`` are fractions; ``admissions`` and
    ``net_growth`` are head counts.
    """
    return kind in _FRACTION_KINDS


def _count(x: float, lang: str) -> str:
    """A head count: whole people, one decimal for small non-zero means."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return format_number(float("nan"), lang)
    decimals = 1 if 0 < abs(float(x)) < 10 and float(x) != round(float(x)) else 0
    return format_number(x, lang, decimals)


def _value_formatter(kind: str, lang: str) -> Callable[[float], str]:
    """Formatter for a target's threshold / mean / quantiles."""
    if _is_fraction_kind(kind):
        return lambda v: format_percent(v, lang, 2, trim=False)
    return lambda v: _count(v, lang)


def _threshold_value(kind: str, threshold: float, lang: str) -> str:
    """Threshold alone, trailing zeros trimmed ("3%", "2,360", "2.5")."""
    if _is_fraction_kind(kind):
        return format_percent(threshold, lang, 2, trim=True)
    return format_number(threshold, lang, 2, trim=True)


def _threshold_text(kind: str, threshold: float, lang: str, group: str | None = None) -> str:
    """Threshold with its meaning, e.g. "3,000 admissions a year"."""
    value = _threshold_value(kind, threshold, lang)
    if kind == "composition" and group:
        group_text = label_or(f"group.{group}", lang, str(group))
        return label("thr.composition_group", lang).format(pct=value, group=group_text)
    template = label_or(f"thr.{kind}", lang, "")
    if not template:
        return value
    return template.format(n=value, pct=value)


def _shortfall_text(kind: str, shortfall: float, lang: str) -> str:
    """Expected shortfall: people, or percentage points for fraction targets."""
    if shortfall is None or (isinstance(shortfall, float) and np.isnan(shortfall)):
        return format_number(float("nan"), lang)
    if _is_fraction_kind(kind):
        return label("report.pp", lang).format(n=format_number(100 * float(shortfall), lang, 2))
    return _count(shortfall, lang)


def _cell(text: Any) -> str:
    """Make text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _inline(text: Any) -> str:
    """Escape Markdown emphasis characters in running text."""
    out = str(text)
    for ch in ("\\", "*", "_", "`", "[", "]"):
        out = out.replace(ch, "\\" + ch)
    return out


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str]) -> str:
    """A GitHub-flavoured Markdown table. ``align`` holds "l" or "r" per column."""
    sep = [":--" if a == "l" else "--:" for a in align]
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def complete_years(annual: pd.DataFrame | None) -> pd.DataFrame | None:
    """Rows of complete calendar years only.

    If ``annual`` has a ``months`` column (months simulated in that year), rows
    with fewer than 12 months are dropped, because a part-year would read as a
    collapse in admissions. Without that column, ``annual`` is returned as is.
    """
    if annual is None or not len(annual) or "months" not in annual.columns:
        return annual
    full = annual[annual["months"] >= 12]
    return full if len(full) else annual


def _period(years: Sequence[int]) -> str:
    years = sorted({int(y) for y in years})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


# ---------------------------------------------------------------------------
# sections
# ---------------------------------------------------------------------------


def _group_targets(targets: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, list[Mapping[str, Any]]]]:
    """Targets grouped by (name, kind) in order of first appearance, rows sorted by year."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for t in targets:
        groups.setdefault((str(t.get("name", "")), str(t.get("kind", ""))), []).append(t)
    return [
        (name, kind, sorted(rows, key=lambda r: (r.get("year") is None, r.get("year") or 0)))
        for (name, kind), rows in groups.items()
    ]


def _answer(summary: Mapping[str, Any], annual: pd.DataFrame, lang: str) -> str:
    """The one-paragraph answer."""
    sentences: list[str] = []
    groups = _group_targets(summary.get("targets") or [])
    for name, kind, rows in groups:
        thresholds = {float(r["threshold"]) for r in rows}
        thr = (
            _threshold_text(kind, next(iter(thresholds)), lang, rows[0].get("group"))
            if len(thresholds) == 1
            else label("report.thr_varies", lang)
        )
        probs = [(r.get("year"), float(r["probability"])) for r in rows]
        if len(probs) == 1:
            year, p = probs[0]
            sentences.append(
                label("report.met_single", lang).format(
                    name=name, thr=thr, p=format_probability(p, lang), year=year if year is not None else ""
                )
            )
        else:
            items = ", ".join(
                label("report.met_item", lang).format(p=format_probability(p, lang), year=y) for y, p in probs
            )
            low_year, low_p = min(probs, key=lambda yp: yp[1])  # first year among ties
            sentences.append(
                label("report.met_multi", lang).format(
                    name=name, thr=thr, items=items, year=low_year, p=format_probability(low_p, lang)
                )
            )
    if not groups:
        sentences.append(label("report.no_targets", lang))

    mean_adm, mean_rate = _mean_admissions(summary, annual)
    if mean_adm is not None:
        sentences.append(
            label("report.mean_admissions", lang).format(
                n=format_number(mean_adm, lang),
                pct=format_percent(mean_rate, lang, 2) if mean_rate is not None else format_number(float("nan"), lang),
            )
        )
    return " ".join(_inline(s) for s in sentences)


def _mean_admissions(summary: Mapping[str, Any], annual: pd.DataFrame) -> tuple[float | None, float | None]:
    """Mean admissions per year (people) and mean admission rate (fraction)."""
    if annual is not None and len(annual) and "admissions" in annual.columns:
        adm = float(annual["admissions"].mean())
        rate = float(annual["admission_rate"].mean()) if "admission_rate" in annual.columns else None
        return adm, rate
    rows = summary.get("annual") or []
    adm_vals = [float(r["mean"]) for r in rows if r.get("variable") == "admissions"]
    rate_vals = [float(r["mean"]) for r in rows if r.get("variable") == "admission_rate"]
    return (
        float(np.mean(adm_vals)) if adm_vals else None,
        float(np.mean(rate_vals)) if rate_vals else None,
    )


def _verdict_table(summary: Mapping[str, Any], lang: str) -> str:
    header = [
        label(k, lang)
        for k in (
            "report.col_target",
            "report.col_year",
            "report.col_threshold",
            "report.col_probability",
            "report.col_mean",
            "report.col_attainment",
            "report.col_range",
            "report.col_shortfall",
        )
    ]
    rows = []
    for name, kind, group in _group_targets(summary.get("targets") or []):
        for t in group:
            thr = float(t["threshold"])
            fmt = _value_formatter(kind, lang)
            mean = float(t["mean"])
            attainment = format_percent(mean / thr, lang, 2) if thr > 0 else format_number(float("nan"), lang)
            rows.append(
                [
                    name,
                    str(t.get("year", "")),
                    _threshold_value(kind, thr, lang),
                    format_probability(float(t["probability"]), lang),
                    fmt(mean),
                    attainment,
                    f"{fmt(float(t['p10']))} – {fmt(float(t['p90']))}",
                    _shortfall_text(kind, float(t["expected_shortfall"]), lang),
                ]
            )
    return _table(header, rows, ["l", "l", "r", "r", "r", "r", "r", "r"])


def _members_table(summary: Mapping[str, Any], annual: pd.DataFrame, lang: str) -> str:
    header = [
        label(k, lang)
        for k in (
            "report.col_year",
            "report.col_members_start",
            "report.col_admissions",
            "report.col_outflow",
            "report.col_net_growth",
            "report.col_rate",
        )
    ]
    rows: list[list[str]] = []
    nan = float("nan")
    if annual is not None and len(annual):
        missing = [c for c in OUTFLOW_COLUMNS if c not in annual.columns]
        if missing:
            raise ValueError(f"annual is missing outflow columns: {', '.join(missing)}")
        df = annual.assign(_outflow=annual[list(OUTFLOW_COLUMNS)].sum(axis=1))
        med = df.groupby("year")[["members_start", "admissions", "_outflow", "net_growth", "admission_rate"]].median()
        for year, r in med.sort_index().iterrows():
            rows.append(
                [
                    str(int(year)),
                    format_number(r["members_start"], lang),
                    format_number(r["admissions"], lang),
                    format_number(r["_outflow"], lang),
                    format_number(r["net_growth"], lang),
                    format_percent(r["admission_rate"], lang, 2),
                ]
            )
    else:  # fall back to the summary's per-year medians (no outflow there)
        by_year: dict[int, dict[str, float]] = {}
        for r in summary.get("annual") or []:
            by_year.setdefault(int(r["year"]), {})[str(r["variable"])] = float(r["p50"])
        for year in sorted(by_year):
            v = by_year[year]
            rows.append(
                [
                    str(year),
                    format_number(v.get("members_start", nan), lang),
                    format_number(v.get("admissions", nan), lang),
                    format_number(nan, lang),
                    format_number(v.get("net_growth", nan), lang),
                    format_percent(v.get("admission_rate", nan), lang, 2),
                ]
            )
    return _table(header, rows, ["l", "r", "r", "r", "r", "r"])


def _leaks(funnel: pd.DataFrame, years: Sequence[int], lang: str, top: int = 2) -> str:
    """The ``top`` largest (stage, reason) losses of the pipeline, as a list."""
    if funnel is None or not len(funnel):
        return label("report.no_leaks", lang)
    loss_cols = [c for c in funnel.columns if c.startswith("lost_")]
    cells: list[tuple[float, str, str, float]] = []
    for _, row in funnel.iterrows():
        entered = float(row.get("entered", np.nan))
        for col in loss_cols:
            v = float(row[col])
            if np.isfinite(v) and v > 0:
                cells.append((v, str(row["stage"]), col[len("lost_"):], entered))
    if not cells:
        return label("report.no_leaks", lang)
    cells.sort(key=lambda c: -c[0])  # stable: pipeline order breaks ties
    lines = []
    period = _period(years)
    if period:
        lines.append(_inline(label("report.leaks_intro", lang).format(period=period)))
        lines.append("")
    for i, (v, stage, reason, entered) in enumerate(cells[:top], start=1):
        share = format_percent(v / entered, lang, 1) if entered > 0 else format_number(float("nan"), lang)
        text = label("report.leak", lang).format(
            stage=label_or(f"stage.{stage}", lang, stage),
            reason=label_or(f"loss.{reason}", lang, reason),
            n=_count(v, lang),
            share=share,
        )
        lines.append(f"{i}. {_inline(text)}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------


def render_report(
    summary: dict,
    annual: pd.DataFrame,
    funnel: pd.DataFrame,
    prov: Provenance,
    lang: str,
    title: str,
    description: str = "",
    extra_sections: list[tuple[str, str]] | None = None,
) -> str:
    """Render the one-page Markdown brief.

    Args:
        summary: Run summary with ``targets`` (list of dicts with ``name``,
            ``kind``, ``year``, ``threshold``, ``probability``, ``mean``,
            ``p10``, ``p50``, ``p90``, ``expected_shortfall``; fractions for
            rate and share kinds) and ``annual`` (per-year quantiles, used
            only if ``annual`` is empty).
        annual: One row per (replication, year) with member counts (people)
            and ``admission_rate`` (fraction); see the package data contract.
            If it has a ``months`` column, part-years are left out.
        funnel: One row per pipeline stage with ``entered`` and
            ``lost_<reason>`` (people, mean per replication, whole run).
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.
        title: Report title (first heading).
        description: Optional paragraph shown under the title.
        extra_sections: Optional (heading, Markdown body) sections placed before the
            charts, e.g. the comparison with the statistical forecast.

    Returns:
        The Markdown text, ending with a newline. Charts are linked as
        ``admissions_fan.png``, ``members.png`` and ``funnel.png`` relative
        to the report.

    Raises:
        ValueError: If ``lang`` is unsupported or ``annual`` lacks outflow
            columns.
    """
    check_lang(lang)
    annual = complete_years(annual)
    if annual is not None and len(annual) and "year" in annual.columns:
        years = sorted(int(y) for y in annual["year"].unique())
    else:
        years = sorted({int(r["year"]) for r in summary.get("annual") or []})

    parts = [f"# {_inline(title).strip()}", ""]
    if description.strip():
        parts += [_inline(description.strip()), ""]
    parts += [f"## {label('report.answer', lang)}", "", _answer(summary, annual, lang), ""]
    parts += [f"## {label('report.verdicts', lang)}", ""]
    if summary.get("targets"):
        parts += [_verdict_table(summary, lang), ""]
    else:
        parts += [label("report.no_targets", lang), ""]
    parts += [
        f"## {label('report.members', lang)}",
        "",
        _members_table(summary, annual, lang),
        "",
        f"*{label('report.outflow_note', lang)}*",
        "",
        f"## {label('report.leaks', lang)}",
        "",
        _leaks(funnel, years, lang),
        "",
    ]
    for heading, body in extra_sections or []:
        parts += [f"## {heading}", "", body, ""]
    parts += [f"## {label('report.charts', lang)}", ""]
    for fname, key in CHART_FILES:
        parts += [f"![{label(key, lang)}]({fname})", ""]
    parts += ["---", "", _inline(prov.footer(lang)), ""]
    return "\n".join(parts)


def write_report(
    path: str | os.PathLike,
    summary: dict,
    annual: pd.DataFrame,
    funnel: pd.DataFrame,
    prov: Provenance,
    lang: str,
    title: str,
    description: str = "",
    extra_sections: list[tuple[str, str]] | None = None,
) -> Path:
    """Render the brief and write it to ``path`` atomically (UTF-8).

    The text is rendered first, written to a temporary file in the same
    directory, flushed to disk and moved over ``path`` with
    :func:`os.replace`. If anything fails, ``path`` is left untouched (absent
    or with its previous content) and no temporary file remains.

    Args:
        path: Destination ``.md`` file. The parent directory must exist.
        summary: See :func:`render_report`.
        annual: See :func:`render_report`.
        funnel: See :func:`render_report`.
        prov: See :func:`render_report`.
        lang: See :func:`render_report`.
        title: See :func:`render_report`.
        description: See :func:`render_report`.
        extra_sections: See :func:`render_report`.

    Returns:
        The path written.
    """
    path = Path(path)
    text = render_report(summary, annual, funnel, prov, lang, title, description, extra_sections)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates the file 0600; a report is meant to be shared.
        os.chmod(tmp_name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    return path
