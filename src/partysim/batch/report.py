"""``partysim report DIR``: one document comparing every scenario and sweep point of a batch.

Writes ``DIR/report.md`` (charts as PNG files in ``DIR/report_files/``), ``DIR/report.html``
(the same document, self-contained: charts embedded as base64 PNG) and the tables as CSV
in ``DIR/report_files/``. Sections:

1. the scenarios compared;
2. targets: the probability of meeting each target in each year, per scenario;
3. paired differences from the baseline (the first scenario, or ``--baseline``) with
   intervals, and a chart of the change in the probability of meeting each target;
4. the admission funnel per scenario (table and charts);
5. per sweep: the probabilities across the sweep (table and chart), the smallest lever
   setting that meets each target with the chosen probability (80% by default), and
   which levers matter (first-order sensitivity indices and a logistic regression).

Every chart carries the provenance footer (version, seed, replications, date, and the
content hash of the scenarios compared).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from partysim.analysis.honest import DEFAULT_SETS
from partysim.batch.compare import (
    BatchResults,
    PointResults,
    funnel_comparison,
    load_results,
    paired_differences,
    verdict_table,
)
from partysim.batch.document import Figure, Heading, Paragraph, Table, to_html, to_markdown
from partysim.batch.figures import differences_chart, png_bytes
from partysim.batch.report_format import interval_text, report_provenance
from partysim.batch.report_names import Names
from partysim.batch.report_sweep import sweep_section
from partysim.batch.report_uncertainty import honest_differences, honest_points, uncertainty_blocks
from partysim.outputs.atomic import atomic_write, write_bytes, write_text
from partysim.outputs.charts import funnel_chart
from partysim.outputs.i18n import format_number, format_percent, format_probability, label, label_or
from partysim.outputs.target_text import difference_text, probability_change_text, threshold_value, value_formatter

__all__ = ["ReportError", "build_report"]

FILES_DIR = "report_files"


class ReportError(ValueError):
    """The report cannot be built (one-line message)."""


def _points_section(results: BatchResults, names: Names, lang: str) -> list:
    rows = []
    for p in results.base_points():
        rows.append(
            [
                names.point(p),
                p.file,
                label("batch.as_written", lang),
                f"{len(p.replications)}/{p.planned}",
                p.sha256[:12],
            ]
        )
    for pts in results.sweeps().values():
        done = sum(len(p.replications) for p in pts)
        planned = sum(p.planned for p in pts)
        rows.append(
            [
                f"{names.point(pts[0])} … {names.point(pts[-1])}",
                pts[0].file,
                label("batch.sweep_points", lang).format(n=len(pts)),
                f"{done}/{planned}",
                "—",
            ]
        )
    blocks: list = [
        Heading(label("batch.points", lang), 2),
        Table(
            [
                label(k, lang)
                for k in ("batch.col_point", "batch.col_file", "batch.col_settings", "batch.col_runs", "batch.col_sha")
            ],
            rows,
            ["l", "l", "l", "r", "l"],
        ),
    ]
    if results.missing:
        blocks.append(Paragraph(label("batch.missing", lang).format(labels=", ".join(results.missing))))
    return blocks


def _verdict_section(verdicts: pd.DataFrame, base: list[PointResults], names: Names, lang: str) -> list:
    labels = [p.label for p in base]
    v = verdicts[verdicts["label"].isin(labels)]
    header = [
        label("report.col_target", lang),
        label("report.col_year", lang),
        label("report.col_threshold", lang),
        *[names.point(p) for p in base],
    ]
    rows = []
    for (target, kind, thr, year), g in v.groupby(["target", "kind", "threshold", "year"], sort=False):
        by = dict(zip(g["label"], g["probability"]))
        rows.append(
            [
                names.target(target),
                str(year),
                threshold_value(kind, float(thr), lang),
                *[format_probability(by[lb], lang) if lb in by else "—" for lb in labels],
            ]
        )
    return [
        Heading(label("report.verdicts", lang), 2),
        Paragraph(label("batch.verdicts_note", lang)),
        Table(header, rows, ["l", "l", "r", *["r"] * len(labels)]),
    ]


def _differences_section(
    results: BatchResults, diffs: pd.DataFrame, baseline: PointResults, names: Names, lang: str, interval: float
) -> list:
    lvl = format_percent(interval, lang, 0)
    blocks: list = [Heading(label("batch.differences", lang), 2)]
    base_labels = {p.label for p in results.base_points()}
    d = diffs[diffs["label"].isin(base_labels)] if len(diffs) else diffs
    if d.empty:
        return [*blocks, Paragraph(label("batch.no_differences", lang))]
    blocks.append(Paragraph(label("batch.differences_note", lang).format(baseline=names.point(baseline), level=lvl)))
    header = [
        label(k, lang)
        for k in (
            "batch.col_point",
            "report.col_target",
            "report.col_year",
            "batch.col_mean_base",
            "report.col_mean",
            "batch.col_diff",
        )
    ]
    header += [
        label("batch.col_interval", lang).format(level=lvl),
        label("batch.col_prob_base", lang),
        label("batch.col_prob", lang),
        label("batch.col_dprob", lang),
        label("batch.col_interval", lang).format(level=lvl),
    ]
    rows = []
    for r in d.itertuples():
        fmt = value_formatter(r.kind, lang)
        rows.append(
            [
                names.label(r.label),
                names.target(r.target),
                str(r.year),
                fmt(r.base_mean),
                fmt(r.mean),
                difference_text(r.kind, r.diff, lang),
                interval_text(r.diff_lo, r.diff_hi, lambda x, k=r.kind: difference_text(k, x, lang)),
                format_probability(r.base_probability, lang),
                format_probability(r.probability, lang),
                probability_change_text(r.dprob, lang),
                interval_text(r.dprob_lo, r.dprob_hi, lambda x: probability_change_text(x, lang)),
            ]
        )
    blocks.append(Table(header, rows, ["l", "l", "l", "r", "r", "r", "r", "r", "r", "r", "r"]))
    chart_rows = d if len(d) <= 40 else d[d["year"] == d.groupby(["label", "target"])["year"].transform("max")]
    chart_rows = names.frame(chart_rows, {"label": names.label, "target": names.target})
    fig = differences_chart(chart_rows, names.point(baseline), report_provenance(results, names), lang, interval)
    blocks.append(Figure(png_bytes(fig), "differences.png", label("batch.fig_differences", lang)))
    return blocks


def _funnel_section(results: BatchResults, names: Names, lang: str) -> list:
    base = results.base_points()
    f = funnel_comparison(results, base)
    labels = [p.label for p in base]
    header = [label("batch.col_stage", lang), *[names.point(p) for p in base]]
    rows = []
    for stage, g in f.groupby("stage", sort=False):
        by = {r.label: r for r in g.itertuples()}
        rows.append(
            [
                label_or(f"stage.{stage}", lang, str(stage)),
                *[
                    f"{format_number(by[lb].entered, lang, 1)} ({format_percent(by[lb].reach, lang, 0)})"
                    if lb in by
                    else "—"
                    for lb in labels
                ],
            ]
        )
    blocks: list = [
        Heading(label("batch.funnel", lang), 2),
        Paragraph(label("batch.funnel_note", lang)),
        Table(header, rows, ["l", *["r"] * len(labels)]),
    ]
    for i, p in enumerate(base, start=1):
        fig = funnel_chart(p.funnel, report_provenance(results, names, [p]), lang)
        blocks.append(
            Figure(png_bytes(fig), f"funnel_{i:02d}.png", label("batch.fig_funnel", lang).format(label=names.point(p)))
        )
    return blocks


def _load(root: Path, baseline: str | None) -> tuple[BatchResults, PointResults]:
    """The batch's finished results and the baseline point.

    Raises:
        ReportError: No finished run, or an unknown baseline.
    """
    try:
        results = load_results(root)
    except FileNotFoundError as err:
        raise ReportError(str(err)) from None
    if not results.points:
        raise ReportError(f"{root}: no finished runs yet; run 'partysim batch' first")
    try:
        base = results.point(baseline) if baseline else (results.base_points() or results.points)[0]
    except KeyError:
        names = ", ".join(p.label for p in results.base_points())
        raise ReportError(f"unknown baseline {baseline!r}; expected one of: {names}") from None
    return results, base


def _write(root: Path, blocks: list, csv: dict[str, pd.DataFrame], title: str, lang: str) -> list[Path]:
    """Charts and CSV tables into ``report_files/``, then ``report.md`` and ``report.html``, each atomically."""
    files = root / FILES_DIR
    files.mkdir(parents=True, exist_ok=True)
    written = [write_bytes(files / b.filename, b.png) for b in blocks if isinstance(b, Figure)]
    for name, df in csv.items():
        written.append(atomic_write(files / name, lambda t, df=df: df.to_csv(t, index=False)))
    written.append(write_text(root / "report.md", to_markdown(blocks, FILES_DIR)))
    written.append(write_text(root / "report.html", to_html(blocks, title, lang)))
    return written


def build_report(
    root: str | Path,
    baseline: str | None = None,
    lang: str = "vi",
    level: float = 0.8,
    interval: float = 0.95,
    sets: int = DEFAULT_SETS,
) -> list[Path]:
    """Build the comparison report of a batch folder.

    Args:
        root: The batch folder (written by ``partysim batch``).
        baseline: Label (or scenario name) of the baseline; default the first scenario.
        lang: ``"vi"`` or ``"en"``.
        level: Probability a lever setting must reach to count as meeting a target (0-1).
        interval: Coverage of the intervals of paired differences (0-1).
        sets: Parameter sets each scenario as written is judged over (0: none;
            :mod:`partysim.batch.report_uncertainty`).

    Returns:
        Paths written: ``report.md``, ``report.html`` and files in ``report_files/``.

    Raises:
        ReportError: No finished run, or an unknown baseline.
    """
    root = Path(root)
    results, base = _load(root, baseline)
    verdicts = verdict_table(results)
    diffs = paired_differences(results, base.label, interval)
    honest = honest_points(results, base, sets)
    honest_diffs = honest_differences(honest, base.label)
    csv: dict[str, pd.DataFrame] = {
        "verdicts.csv": verdicts,
        "differences.csv": diffs,
        "funnel.csv": funnel_comparison(results),
    }
    if honest:
        csv["verdicts_uncertainty.csv"] = pd.concat([r.verdicts.assign(label=k) for k, r in honest.items()])
        csv["differences_uncertainty.csv"] = honest_diffs
    n_runs = sum(len(p.replications) for p in results.points)
    title = label("batch.title", lang)
    names = Names(results, lang)
    blocks: list = [
        Heading(title, 1),
        Paragraph(
            label("batch.intro", lang).format(
                points=len(results.points), runs=format_number(n_runs, lang), seed=results.seed
            )
        ),
    ]
    blocks += _points_section(results, names, lang)
    blocks += _verdict_section(verdicts, results.base_points(), names, lang)
    blocks += uncertainty_blocks(honest, honest_diffs, base.label, names, lang)
    blocks += _differences_section(results, diffs, base, names, lang, interval)
    blocks += _funnel_section(results, names, lang)
    for i, (sweep_label, pts) in enumerate(results.sweeps().items(), start=1):
        blocks += sweep_section(results, sweep_label, pts, lang, level, i, csv)
    blocks.append(Paragraph(label("batch.files", lang).format(files=", ".join(f"{FILES_DIR}/{n}" for n in csv))))
    blocks.append(Paragraph(report_provenance(results, names).footer(lang)))
    return _write(root, blocks, csv, title, lang)
