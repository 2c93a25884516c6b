"""How a target is put into words, in every output: charts, the brief, the batch report, the dashboard.

A target's values are head counts (``admissions``, ``net_growth``: people) or fractions
(the other kinds, :data:`~partysim.scenario.targets.FRACTION_KINDS`: shown as percentages,
their differences in percentage points). This module holds that rule and everything
built on it: the threshold alone (``"3%"``, ``"2,360"``) or in words (``"3% of members on
1 January"``), values in tables, the expected shortfall, differences between scenarios,
the legend of a target line, and the sentence saying how likely the target is met.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from partysim.outputs.i18n import MISSING, format_number, format_percent, format_probability, label, label_or
from partysim.scenario.targets import FRACTION_KINDS

__all__ = [
    "count_text",
    "difference_text",
    "is_fraction_kind",
    "met_sentence",
    "probability_change_text",
    "rounded_value_text",
    "shortfall_text",
    "signed",
    "target_line_label",
    "threshold_text",
    "threshold_value",
    "value_formatter",
]

_NAN = float("nan")


def is_fraction_kind(kind: str) -> bool:
    """Whether a target's values are fractions (shown as %) rather than head counts.

    ``admission_rate``, ``composition`` (share of admissions from a group),
    ``grassroots_quota_share`` and ``cell_quota_share`` are fractions; ``admissions``
    and ``net_growth`` are head counts.
    """
    return kind in FRACTION_KINDS


def count_text(x: float | None, lang: str) -> str:
    """A head count: whole people, one decimal for small non-whole means (``"2,360"``, ``"2.5"``)."""
    if x is None or math.isnan(x):
        return format_number(_NAN, lang)
    decimals = 1 if 0 < abs(float(x)) < 10 and float(x) != round(float(x)) else 0
    return format_number(x, lang, decimals)


def value_formatter(kind: str, lang: str) -> Callable[[float], str]:
    """Formatter of a target's values in tables (mean, quantiles): ``"3.10%"`` or a head count."""
    if is_fraction_kind(kind):
        return lambda v: format_percent(v, lang, 2, trim=False)
    return lambda v: count_text(v, lang)


def rounded_value_text(kind: str, value: float, lang: str) -> str:
    """A target's value rounded for a glance (the dashboard): ``"3.1%"`` or ``"2,360"``."""
    if is_fraction_kind(kind):
        return format_percent(value, lang, 2, trim=True)
    return format_number(value, lang)


def threshold_value(kind: str, threshold: float, lang: str) -> str:
    """Threshold alone, trailing zeros trimmed (``"3%"``, ``"2,360"``, ``"2.5"``)."""
    if is_fraction_kind(kind):
        return format_percent(threshold, lang, 2, trim=True)
    return format_number(threshold, lang, 2, trim=True)


def threshold_text(kind: str, threshold: float, lang: str, group: str | None = None) -> str:
    """Threshold with its meaning, e.g. ``"3,000 admissions a year"`` or ``"3% số đảng viên đầu năm"``.

    Args:
        kind: Target kind.
        threshold: Threshold (people, or a fraction for fraction kinds).
        lang: ``"vi"`` or ``"en"``.
        group: Group of a ``composition`` target (``"youth"`` ...), named in the text.

    Returns:
        The text; the bare value for a kind without a description.
    """
    value = threshold_value(kind, threshold, lang)
    if kind == "composition" and group:
        group_text = label_or(f"group.{group}", lang, str(group))
        return label("thr.composition_group", lang).format(pct=value, group=group_text)
    if kind == "net_growth" and threshold == 0:
        return label("thr.net_growth_zero", lang)
    template = label_or(f"thr.{kind}", lang, "")
    if not template:
        return value
    return template.format(n=value, pct=value)


def shortfall_text(kind: str, shortfall: float | None, lang: str) -> str:
    """Expected shortfall: people, or percentage points for fraction targets."""
    if shortfall is None or math.isnan(shortfall):
        return format_number(_NAN, lang)
    if is_fraction_kind(kind):
        return label("pp", lang).format(n=format_number(100 * float(shortfall), lang, 2))
    return count_text(shortfall, lang)


def signed(x: float, text: str) -> str:
    """``text`` (the formatted ``x``) with a ``+`` in front of a positive value."""
    return text if text.startswith("-") or text == MISSING or x == 0 else "+" + text


def difference_text(kind: str, x: float | None, lang: str) -> str:
    """A signed difference in a target's unit: people (one decimal), or percentage points."""
    if x is None or math.isnan(x):
        return format_number(_NAN, lang)
    if is_fraction_kind(kind):
        return signed(x, label("pp", lang).format(n=format_number(100 * x, lang, 2)))
    return signed(x, format_number(x, lang, 1))


def probability_change_text(x: float, lang: str) -> str:
    """A signed change in the probability of meeting a target, in whole percentage points."""
    if math.isnan(x):
        return format_number(_NAN, lang)
    return signed(x, label("pp", lang).format(n=format_number(100 * x, lang, 0)))


def _range_text(values: Sequence[float], fmt: Callable[[float], str]) -> str:
    """``fmt(v)`` if all values are equal, else ``"fmt(min)–fmt(max)"``."""
    lo, hi = min(values), max(values)
    return fmt(lo) if lo == hi else f"{fmt(lo)}–{fmt(hi)}"


def target_line_label(name: str, kind: str, thresholds: Sequence[float], lang: str) -> str:
    """Legend of a target line on the admissions chart, e.g. ``"Rate: 3% of members on 1 Jan"``.

    Args:
        name: Target name.
        kind: ``"admissions"`` or ``"admission_rate"`` (the kinds drawn in people per year).
        thresholds: The target's thresholds over the years drawn (a range if they differ).
        lang: ``"vi"`` or ``"en"``.
    """
    value = _range_text(thresholds, lambda v: threshold_value(kind, v, lang))
    if kind == "admissions":
        return label("target.admissions", lang).format(name=name, n=value)
    return label("target.admission_rate", lang).format(name=name, pct=value)


def met_sentence(name: str, kind: str, rows: Sequence[Mapping[str, Any]], lang: str) -> str:
    """How likely a target is met: one sentence over all its years.

    Args:
        name: Target name.
        kind: Target kind.
        rows: The target's verdicts sorted by year, each with ``threshold``, ``probability``
            and ``year`` (``group`` for a composition target).
        lang: ``"vi"`` or ``"en"``.

    Returns:
        E.g. ``"The target “A” (3,000 admissions a year) is met with probability 97% in
        2021, 91% in 2022; lowest in 2022 at 91%."``
    """
    thresholds = {float(r["threshold"]) for r in rows}
    thr = (
        threshold_text(kind, next(iter(thresholds)), lang, rows[0].get("group"))
        if len(thresholds) == 1
        else label("report.thr_varies", lang)
    )
    probs = [(r.get("year"), float(r["probability"])) for r in rows]
    if len(probs) == 1:
        year, p = probs[0]
        return label("report.met_single", lang).format(
            name=name, thr=thr, p=format_probability(p, lang), year=year if year is not None else ""
        )
    if len({format_probability(p, lang) for _, p in probs}) == 1:  # the same in every year
        years = [int(y) for y, _ in probs if y is not None]
        period = f"{min(years)}–{max(years)}" if years else ""
        return label("report.met_all", lang).format(
            name=name, thr=thr, p=format_probability(probs[0][1], lang), period=period
        )
    items = ", ".join(label("report.met_item", lang).format(p=format_probability(p, lang), year=y) for y, p in probs)
    low_year, low_p = min(probs, key=lambda yp: yp[1])  # first year among ties
    return label("report.met_multi", lang).format(
        name=name, thr=thr, items=items, year=low_year, p=format_probability(low_p, lang)
    )
