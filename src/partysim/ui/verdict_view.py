"""HTML tables for the dashboard: the probability of meeting each target (baseline and
policy side by side), and the paired difference in admissions per year.

Both runs use the same seed and replication numbers (common random numbers), so the
difference of replication *r* under the policy and under the baseline is the policy's
effect in that replication, not noise between two unrelated runs.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partysim.analysis.composition import composition_table, latest_composition
from partysim.outputs.i18n import format_number, format_percent, format_probability, label
from partysim.outputs.target_text import rounded_value_text, threshold_text
from partysim.outputs.uncertainty_text import probability_text, uncertainty_line
from partysim.ui.texts import text

__all__ = ["composition_html", "difference_html", "uncertainty_note", "verdict_html"]

_TABLE = 'style="border-collapse:collapse;font-size:0.9em;margin:4px 0"'
_TH = 'style="text-align:left;border-bottom:1px solid #888;padding:2px 8px"'
_TD = 'style="padding:2px 8px;border-bottom:1px solid #ddd"'
_TDR = 'style="padding:2px 8px;border-bottom:1px solid #ddd;text-align:right"'


def _change(p_new: float, p_old: float, lang: str) -> str:
    d = round((p_new - p_old) * 100)
    if d == 0:
        return "±0"
    sign = "+" if d > 0 else "−"
    return label("pp", lang).format(n=f"{sign}{abs(d)}")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    head = "".join(f"<th {_TH}>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td {_TDR if r else _TD}>{c}</td>" for c, r in zip(row, right)) + "</tr>" for row in rows
    )
    return f"<table {_TABLE}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def verdict_html(policy: Sequence[Mapping[str, Any]], baseline: Sequence[Mapping[str, Any]] | None, lang: str) -> str:
    """Verdict table: per target and year, probability under baseline and policy.

    Args:
        policy: ``Results.targets`` of the current settings.
        baseline: ``Results.targets`` of the scenario as loaded (same seed and
            replications), or None.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        HTML with a headline (the lowest probability) and the table.
    """
    if not policy:
        return f"<p>{html.escape(text('verdict.none', lang))}</p>"
    base = {(b["name"], b["year"]): b for b in (baseline or [])}
    rows = []
    for t in policy:
        b = base.get((t["name"], t["year"]))
        p = t["probability"]
        rows.append(
            [
                html.escape(str(t["name"])),
                str(t["year"]),
                html.escape(threshold_text(t["kind"], float(t["threshold"]), lang, t.get("group"))),
                probability_text(b, lang) if b else "—",
                f"<b>{probability_text(t, lang)}</b>",
                _change(p, b["probability"], lang) if b else "—",
                rounded_value_text(t["kind"], t["mean"], lang),
            ]
        )
    worst = min(policy, key=lambda t: t["probability"])
    headline = text("verdict.headline", lang).format(
        p=format_probability(worst["probability"], lang), name=worst["name"], year=worst["year"]
    )
    header = [
        text(f"verdict.col_{c}", lang) for c in ("target", "year", "threshold", "baseline", "policy", "change", "mean")
    ]
    return (
        f"<div class='partysim-verdict-table'><h4 style='margin:4px 0'>{html.escape(text('verdict.title', lang))}</h4>"
        f"<p style='margin:2px 0'>{html.escape(headline)}</p>"
        + _table(header, rows, [False, False, False, True, True, True, True])
        + "</div>"
    )


def uncertainty_note(uncertainty: Mapping[str, Any] | None, preview: bool, lang: str) -> str:
    """A line under the verdicts: what they integrate over. A preview judged over parameter
    sets (:mod:`partysim.ui.preview_runs`) names its route and the targets left to chance;
    one with every estimate at its slider value says so."""
    if preview and not uncertainty:
        words = text("verdict.preview_fixed", lang)
    else:
        words = uncertainty_line({"uncertainty": uncertainty or {"source": "none"}}, lang)
        if preview:
            left = ", ".join(map(str, (uncertainty or {}).get("not_served") or [])) or "–"
            words += " " + text("verdict.preview_quick", lang).format(targets=left)
    return f"<p style='margin:2px 0;color:#555'><i>{html.escape(words)}</i></p>"


def difference_html(policy: pd.DataFrame, baseline: pd.DataFrame | None, lang: str, weight: float = 1.0) -> str:
    """Admissions per year, baseline and policy, and their paired difference.

    Args:
        policy: Annual table of the current settings (``replication, year, months,
            admissions``).
        baseline: Annual table of the baseline with the same seed and replications.
        lang: ``"vi"`` or ``"en"``.
        weight: People each simulated person stands for (a preview's weight); above 1
            a note says that small differences need a full run.

    Returns:
        HTML table; empty string without a baseline.
    """
    if baseline is None or len(baseline) == 0 or len(policy) == 0:
        return ""
    cols = ["replication", "year", "admissions"]
    full_years = set(policy.loc[policy["months"] == 12, "year"]) if "months" in policy else set(policy["year"])
    m = policy[cols].merge(baseline[cols], on=["replication", "year"], suffixes=("_p", "_b"))
    m = m[m["year"].isin(full_years)] if full_years else m
    rows = []
    for year, g in m.groupby("year", sort=True):
        d = (g["admissions_p"] - g["admissions_b"]).to_numpy(float)
        lo, hi = np.percentile(d, [10, 90])
        rows.append(
            [
                str(int(year)),
                format_number(g["admissions_b"].mean(), lang),
                format_number(g["admissions_p"].mean(), lang),
                f"<b>{_signed(d.mean(), lang)}</b>",
                f"{_signed(lo, lang)} … {_signed(hi, lang)}",
            ]
        )
    header = [text(f"diff.col_{c}", lang) for c in ("year", "baseline", "policy", "diff", "range")]
    return (
        f"<div class='partysim-difference'><h4 style='margin:4px 0'>{html.escape(text('diff.title', lang))}</h4>"
        + _table(header, rows, [False, True, True, True, True])
        + (
            f"<p style='margin:2px 0;color:#555'><i>{html.escape(text('diff.preview_note', lang).format(w=format_number(weight, lang, 1, trim=True)))}</i></p>"
            if weight > 1
            else ""
        )
        + "</div>"
    )


def _signed(v: float, lang: str) -> str:
    s = format_number(v, lang)
    return s if s.startswith("-") or s == "0" else "+" + s


def composition_html(policy: pd.DataFrame, baseline: pd.DataFrame | None, lang: str) -> str:
    """Who is admitted in the last full year: each group's share of admissions under the
    baseline and the policy, and among the people eligible.

    Args:
        policy: Annual table of the current settings.
        baseline: Annual table of the baseline (same seed and replications), or None.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        HTML table; empty string when no one is admitted.
    """
    full = policy[policy["months"] == 12] if "months" in policy else policy
    latest = latest_composition(full) if len(full) else None
    if latest is None:
        return ""
    year, pol = latest[0], latest[1].set_index("group")
    base = None
    if baseline is not None and len(baseline):
        base = composition_table(baseline[baseline["year"] == year]).set_index("group")
    rows = []
    for group, r in pol.iterrows():
        b = format_percent(base.at[group, "admitted"], lang, 1) if base is not None else ""
        rows.append(
            [
                html.escape(label(f"group.{group}", lang)),
                b,
                f"<b>{format_percent(r['admitted'], lang, 1)}</b>",
                format_percent(r["eligible"], lang, 1),
            ]
        )
    header = [text(f"comp.col_{c}", lang) for c in ("group", "baseline", "policy", "eligible")]
    title = text("comp.title", lang).format(year=year)
    return (
        f"<div class='partysim-composition'><h4 style='margin:4px 0'>{html.escape(title)}</h4>"
        + _table(header, rows, [False, True, True, True])
        + "</div>"
    )
