"""The batch report's section for each sweep: probabilities across the sweep, the
smallest lever setting that meets each target, and which levers matter."""

from __future__ import annotations

import math

import pandas as pd

from partysim.analysis.smallest import smallest_settings
from partysim.batch.compare import BatchResults, PointResults, sweep_probabilities, sweep_runs
from partysim.batch.design import value_at
from partysim.batch.document import Figure, Heading, Paragraph, Table
from partysim.batch.figures import png_bytes, sweep_chart
from partysim.batch.report_format import number_text, report_provenance, settings_text, significant_text
from partysim.batch.report_names import Names
from partysim.batch.sensitivity import first_order_indices, logistic_levers
from partysim.outputs.i18n import format_number, format_percent, format_probability, label, label_or


def _worst_year(probs: pd.DataFrame, levers: list[str]) -> pd.DataFrame:
    return probs.groupby(["label", *levers, "target"], sort=False)["probability"].min().reset_index()


def _sweep_points_blocks(worst: pd.DataFrame, levers: list[str], lang: str) -> list:
    """Table: per sweep point, its lever values and the lowest P(met) of each target."""
    targets = list(dict.fromkeys(worst["target"]))
    rows = []
    for lb, g in worst.groupby("label", sort=False):
        by = dict(zip(g["target"], g["probability"]))
        rows.append(
            [
                lb,
                *[number_text(g[lv].iloc[0], lang) for lv in levers],
                *[format_probability(by[t], lang) if t in by else "—" for t in targets],
            ]
        )
    return [
        Table([label("batch.col_point", lang), *levers, *targets], rows, ["l", *["r"] * (len(levers) + len(targets))])
    ]


def _smallest_blocks(small: pd.DataFrame, lang: str, level: float, lever_name=str) -> list:
    """The smallest setting of each lever that meets each target with probability ``level``."""
    lvl = format_percent(level, lang, 0)
    blocks: list = [
        Heading(label("batch.smallest", lang).format(level=lvl), 3),
        Paragraph(label("batch.smallest_note", lang).format(level=lvl)),
    ]
    rows = []
    for r in small.itertuples():
        value = (
            number_text(r.value, lang)
            if r.met
            else label("batch.not_reached", lang).format(p=format_probability(r.probability, lang))
        )
        rows.append(
            [
                r.target,
                str(r.year),
                r.lever,
                value,
                format_probability(r.probability, lang) if r.met else "—",
                settings_text(r.others, lang, lever_name) or "—",
            ]
        )
    keys = (
        "report.col_target",
        "report.col_year",
        "batch.col_lever",
        "batch.col_smallest",
        "batch.col_at",
        "batch.col_others",
    )
    blocks.append(Table([label(k, lang) for k in keys], rows, ["l", "l", "l", "r", "r", "l"]))
    return blocks


def _levers_blocks(s1: pd.DataFrame, logit: pd.DataFrame, notes: dict[str, str], levers: list[str], lang: str) -> list:
    """Which levers matter: first-order sensitivity indices, then the logistic regression."""
    blocks: list = [Heading(label("batch.levers_matter", lang), 3), Paragraph(label("batch.s1_note", lang))]
    rows = []
    for target, g in s1.groupby("target", sort=False):
        by = {r.lever: r for r in g.itertuples()}
        rows.append(
            [
                target,
                *[
                    "—"
                    if math.isnan(by[lv].S1)
                    else f"{format_number(by[lv].S1, lang, 2)} ± {format_number(by[lv].S1_conf, lang, 2)}"
                    for lv in levers
                ],
            ]
        )
    blocks.append(Table([label("report.col_target", lang), *levers], rows, ["l", *["r"] * len(levers)]))
    blocks.append(Paragraph(label("batch.logit_note", lang)))
    if len(logit):
        rows = [
            [
                r.target,
                r.lever,
                f"{format_number(r.coef, lang, 2)} ± {format_number(r.se, lang, 2)}",
                significant_text(r.sd, lang),
                significant_text(r.odds_ratio, lang),
                format_number(r.p, lang, 3),
            ]
            for r in logit.itertuples()
        ]
        keys = ("report.col_target", "batch.col_lever", "batch.col_coef", "batch.col_sd", "batch.col_or", "batch.col_p")
        blocks.append(Table([label(k, lang) for k in keys], rows, ["l", "l", "r", "r", "r", "r"]))
    for target, reason in notes.items():
        blocks.append(
            Paragraph(
                label("batch.no_model", lang).format(
                    target=target, reason=label_or(f"batch.reason.{reason}", lang, reason)
                )
            )
        )
    return blocks


def sweep_section(
    results: BatchResults,
    sweep_label: str,
    points: list[PointResults],
    lang: str,
    level: float,
    sweep_no: int,
    csv: dict[str, pd.DataFrame],
) -> list:
    """One sweep: its points, chart, smallest settings and which levers matter; adds its CSV tables to ``csv``."""
    names = Names(results, lang)
    levers = list(points[0].settings)
    shown = {lv: names.lever(lv, points[0]) for lv in levers}  # levers in words, in the report's language
    display = list(shown.values())
    title = names.label(sweep_label)
    method = points[0].method or "grid"
    probs = sweep_probabilities(points)
    runs = sweep_runs(points)
    worst = _worst_year(probs, levers)
    worst_shown = names.frame(worst, {"label": names.label, "target": names.target}).rename(columns=shown)
    blocks: list = [
        Heading(label("batch.sweeps", lang).format(label=title), 2),
        Paragraph(
            label("batch.sweep_intro", lang).format(
                n=len(points), method=label(f"batch.method.{method}", lang), levers="; ".join(display)
            )
        ),
        Paragraph(label("batch.sweep_table", lang)),
        *_sweep_points_blocks(worst_shown, display, lang),
    ]
    prov = report_provenance(results, names, points, name=f"{title} ({len(points)})", changes="; ".join(display))
    fig = sweep_chart(worst_shown, display, title, prov, lang, level)
    blocks.append(
        Figure(png_bytes(fig), f"sweep_{sweep_no:02d}.png", label("batch.fig_sweep", lang).format(label=title))
    )
    try:
        base_sc = results.point(sweep_label).scenario
    except KeyError:
        base_sc = points[0].scenario
    base_values = {lv: v for lv in levers if (v := value_at(base_sc, lv)) is not None}
    small = smallest_settings(probs, levers, base_values, level)
    lever = lambda lv: shown.get(lv, lv)  # noqa: E731
    blocks += _smallest_blocks(names.frame(small, {"target": names.target, "lever": lever}), lang, level, lever)
    s1 = first_order_indices(runs, levers, seed=results.seed)
    logit, notes = logistic_levers(runs, levers)
    blocks += _levers_blocks(
        names.frame(s1, {"target": names.target, "lever": lever}),
        names.frame(logit, {"target": names.target, "lever": lever}),
        {names.target(t): r for t, r in notes.items()},
        display,
        lang,
    )
    csv[f"sweep_{sweep_no:02d}_probabilities.csv"] = probs
    csv[f"sweep_{sweep_no:02d}_smallest.csv"] = small.assign(
        others=small["others"].map(lambda d: settings_text(d, "en"))
    )
    csv[f"sweep_{sweep_no:02d}_sensitivity.csv"] = s1
    csv[f"sweep_{sweep_no:02d}_logistic.csv"] = logit
    return blocks


# --------------------------------------------------------------------------- entry point
