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

import hashlib
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from partysim.batch.compare import (
    BatchResults,
    PointResults,
    funnel_comparison,
    load_results,
    paired_differences,
    sweep_probabilities,
    sweep_runs,
    verdict_table,
)
from partysim.batch.design import value_at
from partysim.batch.document import Figure, Heading, Paragraph, Table, to_html, to_markdown
from partysim.batch.figures import differences_chart, png_bytes, sweep_chart
from partysim.batch.sensitivity import first_order_indices, logistic_levers
from partysim.batch.smallest import smallest_settings
from partysim.outputs.atomic import atomic_write, write_bytes, write_text
from partysim.outputs.charts import funnel_chart
from partysim.outputs.i18n import format_number, format_percent, format_probability, label, label_or
from partysim.outputs.provenance import Provenance
from partysim.outputs.target_text import difference_text, probability_change_text, threshold_value, value_formatter
from partysim.outputs.writer import run_date
from partysim.version import __version__

__all__ = ["ReportError", "build_report"]

FILES_DIR = "report_files"


class ReportError(ValueError):
    """The report cannot be built (one-line message)."""


def _interval(lo: float, hi: float, fmt) -> str:
    if math.isnan(lo) or math.isnan(hi):
        return "—"
    return f"{fmt(lo)} … {fmt(hi)}"


def _number(v: float, lang: str) -> str:
    return format_number(v, lang, 6, trim=True)


def _sig(v: float, lang: str, digits: int = 3) -> str:
    """``v`` with about ``digits`` significant digits."""
    if v is None or not math.isfinite(v) or v == 0:
        return format_number(v, lang, 0)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
    return format_number(v, lang, decimals, trim=True)


def _settings_text(settings: dict[str, float], lang: str) -> str:
    return ", ".join(f"{p} = {_number(v, lang)}" for p, v in settings.items())


def _provenance(results: BatchResults, points: Sequence[PointResults] | None = None, name: str | None = None) -> Provenance:
    pts = list(points) if points is not None else results.points
    digest = hashlib.sha256("\n".join(sorted(p.sha256 for p in pts)).encode()).hexdigest()
    sha = pts[0].sha256 if len(pts) == 1 else digest
    return Provenance(
        scenario=name or (pts[0].scenario.title or pts[0].label if len(pts) == 1 else f"{results.root.name} ({len(pts)})"),
        sha256=sha, version=results.version or __version__, seed=results.seed,
        replications=max((len(p.replications) for p in pts), default=0), date=run_date(),
    )


# --------------------------------------------------------------------------- sections


def _points_section(results: BatchResults, lang: str) -> list:
    rows = []
    for p in results.base_points():
        rows.append([p.label, p.file, label("batch.as_written", lang), f"{len(p.replications)}/{p.planned}", p.sha256[:12]])
    for pts in results.sweeps().values():
        done = sum(len(p.replications) for p in pts)
        planned = sum(p.planned for p in pts)
        rows.append([f"{pts[0].label} … {pts[-1].label}", pts[0].file, label("batch.sweep_points", lang).format(n=len(pts)),
                     f"{done}/{planned}", "—"])
    blocks: list = [
        Heading(label("batch.points", lang), 2),
        Table([label(k, lang) for k in ("batch.col_point", "batch.col_file", "batch.col_settings", "batch.col_runs", "batch.col_sha")], rows,
              ["l", "l", "l", "r", "l"]),
    ]
    if results.missing:
        blocks.append(Paragraph(label("batch.missing", lang).format(labels=", ".join(results.missing))))
    return blocks


def _verdict_section(verdicts: pd.DataFrame, base: list[PointResults], lang: str) -> list:
    labels = [p.label for p in base]
    v = verdicts[verdicts["label"].isin(labels)]
    header = [label("report.col_target", lang), label("report.col_year", lang), label("report.col_threshold", lang), *labels]
    rows = []
    for (target, kind, thr, year), g in v.groupby(["target", "kind", "threshold", "year"], sort=False):
        by = dict(zip(g["label"], g["probability"]))
        rows.append([target, str(year), threshold_value(kind, float(thr), lang),
                     *[format_probability(by[lb], lang) if lb in by else "—" for lb in labels]])
    return [
        Heading(label("report.verdicts", lang), 2),
        Paragraph(label("batch.verdicts_note", lang)),
        Table(header, rows, ["l", "l", "r", *["r"] * len(labels)]),
    ]


def _differences_section(results: BatchResults, diffs: pd.DataFrame, baseline: PointResults, lang: str,
                         interval: float) -> list:
    lvl = format_percent(interval, lang, 0)
    blocks: list = [Heading(label("batch.differences", lang), 2)]
    base_labels = {p.label for p in results.base_points()}
    d = diffs[diffs["label"].isin(base_labels)] if len(diffs) else diffs
    if d.empty:
        return [*blocks, Paragraph(label("batch.no_differences", lang))]
    blocks.append(Paragraph(label("batch.differences_note", lang).format(baseline=baseline.label, level=lvl)))
    header = [label(k, lang) for k in ("batch.col_point", "report.col_target", "report.col_year", "batch.col_mean_base", "report.col_mean", "batch.col_diff")]
    header += [label("batch.col_interval", lang).format(level=lvl), label("batch.col_prob_base", lang), label("batch.col_prob", lang),
               label("batch.col_dprob", lang), label("batch.col_interval", lang).format(level=lvl)]
    rows = []
    for r in d.itertuples():
        fmt = value_formatter(r.kind, lang)
        rows.append([
            r.label, r.target, str(r.year), fmt(r.base_mean), fmt(r.mean), difference_text(r.kind, r.diff, lang),
            _interval(r.diff_lo, r.diff_hi, lambda x, k=r.kind: difference_text(k, x, lang)),
            format_probability(r.base_probability, lang), format_probability(r.probability, lang),
            probability_change_text(r.dprob, lang), _interval(r.dprob_lo, r.dprob_hi, lambda x: probability_change_text(x, lang)),
        ])
    blocks.append(Table(header, rows, ["l", "l", "l", "r", "r", "r", "r", "r", "r", "r", "r"]))
    chart_rows = d if len(d) <= 40 else d[d["year"] == d.groupby(["label", "target"])["year"].transform("max")]
    fig = differences_chart(chart_rows, baseline.label, _provenance(results), lang, interval)
    blocks.append(Figure(png_bytes(fig), "differences.png", label("batch.fig_differences", lang)))
    return blocks


def _funnel_section(results: BatchResults, lang: str) -> list:
    base = results.base_points()
    f = funnel_comparison(results, base)
    labels = [p.label for p in base]
    header = [label("batch.col_stage", lang), *labels]
    rows = []
    for stage, g in f.groupby("stage", sort=False):
        by = {r.label: r for r in g.itertuples()}
        rows.append([
            label_or(f"stage.{stage}", lang, str(stage)),
            *[f"{format_number(by[lb].entered, lang, 1)} ({format_percent(by[lb].reach, lang, 0)})" if lb in by else "—"
              for lb in labels],
        ])
    blocks: list = [Heading(label("batch.funnel", lang), 2), Paragraph(label("batch.funnel_note", lang)),
                    Table(header, rows, ["l", *["r"] * len(labels)])]
    for i, p in enumerate(base, start=1):
        fig = funnel_chart(p.funnel, _provenance(results, [p]), lang)
        blocks.append(Figure(png_bytes(fig), f"funnel_{i:02d}.png", label("batch.fig_funnel", lang).format(label=p.label)))
    return blocks


def _worst_year(probs: pd.DataFrame, levers: list[str]) -> pd.DataFrame:
    return probs.groupby(["label", *levers, "target"], sort=False)["probability"].min().reset_index()


def _sweep_points_blocks(worst: pd.DataFrame, levers: list[str], lang: str) -> list:
    """Table: per sweep point, its lever values and the lowest P(met) of each target."""
    targets = list(dict.fromkeys(worst["target"]))
    rows = []
    for lb, g in worst.groupby("label", sort=False):
        by = dict(zip(g["target"], g["probability"]))
        rows.append([lb, *[_number(g[lv].iloc[0], lang) for lv in levers],
                     *[format_probability(by[t], lang) if t in by else "—" for t in targets]])
    return [Table([label("batch.col_point", lang), *levers, *targets], rows,
                  ["l", *["r"] * (len(levers) + len(targets))])]


def _smallest_blocks(small: pd.DataFrame, lang: str, level: float) -> list:
    """The smallest setting of each lever that meets each target with probability ``level``."""
    lvl = format_percent(level, lang, 0)
    blocks: list = [Heading(label("batch.smallest", lang).format(level=lvl), 3),
                    Paragraph(label("batch.smallest_note", lang).format(level=lvl))]
    rows = []
    for r in small.itertuples():
        value = _number(r.value, lang) if r.met else label("batch.not_reached", lang).format(p=format_probability(r.probability, lang))
        rows.append([r.target, str(r.year), r.lever, value, format_probability(r.probability, lang) if r.met else "—",
                     _settings_text(r.others, lang) or "—"])
    keys = ("report.col_target", "report.col_year", "batch.col_lever", "batch.col_smallest", "batch.col_at", "batch.col_others")
    blocks.append(Table([label(k, lang) for k in keys], rows, ["l", "l", "l", "r", "r", "l"]))
    return blocks


def _levers_blocks(s1: pd.DataFrame, logit: pd.DataFrame, notes: dict[str, str], levers: list[str], lang: str) -> list:
    """Which levers matter: first-order sensitivity indices, then the logistic regression."""
    blocks: list = [Heading(label("batch.levers_matter", lang), 3), Paragraph(label("batch.s1_note", lang))]
    rows = []
    for target, g in s1.groupby("target", sort=False):
        by = {r.lever: r for r in g.itertuples()}
        rows.append([target, *[
            "—" if math.isnan(by[lv].S1) else f"{format_number(by[lv].S1, lang, 2)} ± {format_number(by[lv].S1_conf, lang, 2)}"
            for lv in levers
        ]])
    blocks.append(Table([label("report.col_target", lang), *levers], rows, ["l", *["r"] * len(levers)]))
    blocks.append(Paragraph(label("batch.logit_note", lang)))
    if len(logit):
        rows = [[r.target, r.lever, f"{format_number(r.coef, lang, 2)} ± {format_number(r.se, lang, 2)}",
                 _sig(r.sd, lang), _sig(r.odds_ratio, lang), format_number(r.p, lang, 3)]
                for r in logit.itertuples()]
        keys = ("report.col_target", "batch.col_lever", "batch.col_coef", "batch.col_sd", "batch.col_or", "batch.col_p")
        blocks.append(Table([label(k, lang) for k in keys], rows, ["l", "l", "r", "r", "r", "r"]))
    for target, reason in notes.items():
        blocks.append(Paragraph(label("batch.no_model", lang).format(
            target=target, reason=label_or(f"batch.reason.{reason}", lang, reason))))
    return blocks


def _sweep_section(results: BatchResults, sweep_label: str, points: list[PointResults], lang: str, level: float,
                   sweep_no: int, csv: dict[str, pd.DataFrame]) -> list:
    """One sweep: its points, chart, smallest settings and which levers matter; adds its CSV tables to ``csv``."""
    levers = list(points[0].settings)
    method = points[0].method or "grid"
    probs = sweep_probabilities(points)
    runs = sweep_runs(points)
    worst = _worst_year(probs, levers)
    blocks: list = [
        Heading(label("batch.sweeps", lang).format(label=sweep_label), 2),
        Paragraph(label("batch.sweep_intro", lang).format(n=len(points), method=label(f"batch.method.{method}", lang),
                                                          levers=", ".join(levers))),
        Paragraph(label("batch.sweep_table", lang)),
        *_sweep_points_blocks(worst, levers, lang),
    ]
    prov = _provenance(results, points, name=f"{sweep_label} ({len(points)})")
    fig = sweep_chart(worst, levers, sweep_label, prov, lang, level)
    blocks.append(Figure(png_bytes(fig), f"sweep_{sweep_no:02d}.png", label("batch.fig_sweep", lang).format(label=sweep_label)))
    try:
        base_sc = results.point(sweep_label).scenario
    except KeyError:
        base_sc = points[0].scenario
    base_values = {lv: v for lv in levers if (v := value_at(base_sc, lv)) is not None}
    small = smallest_settings(probs, levers, base_values, level)
    blocks += _smallest_blocks(small, lang, level)
    s1 = first_order_indices(runs, levers, seed=results.seed)
    logit, notes = logistic_levers(runs, levers)
    blocks += _levers_blocks(s1, logit, notes, levers, lang)
    csv[f"sweep_{sweep_no:02d}_probabilities.csv"] = probs
    csv[f"sweep_{sweep_no:02d}_smallest.csv"] = small.assign(others=small["others"].map(lambda d: _settings_text(d, "en")))
    csv[f"sweep_{sweep_no:02d}_sensitivity.csv"] = s1
    csv[f"sweep_{sweep_no:02d}_logistic.csv"] = logit
    return blocks


# --------------------------------------------------------------------------- entry point


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
    root: str | Path, baseline: str | None = None, lang: str = "vi", level: float = 0.8, interval: float = 0.95,
) -> list[Path]:
    """Build the comparison report of a batch folder.

    Args:
        root: The batch folder (written by ``partysim batch``).
        baseline: Label (or scenario name) of the baseline; default the first scenario.
        lang: ``"vi"`` or ``"en"``.
        level: Probability a lever setting must reach to count as meeting a target (0-1).
        interval: Coverage of the intervals of paired differences (0-1).

    Returns:
        Paths written: ``report.md``, ``report.html`` and files in ``report_files/``.

    Raises:
        ReportError: No finished run, or an unknown baseline.
    """
    root = Path(root)
    results, base = _load(root, baseline)
    verdicts = verdict_table(results)
    diffs = paired_differences(results, base.label, interval)
    csv: dict[str, pd.DataFrame] = {
        "verdicts.csv": verdicts, "differences.csv": diffs, "funnel.csv": funnel_comparison(results),
    }
    n_runs = sum(len(p.replications) for p in results.points)
    title = label("batch.title", lang)
    blocks: list = [
        Heading(title, 1),
        Paragraph(label("batch.intro", lang).format(points=len(results.points), runs=format_number(n_runs, lang), seed=results.seed)),
    ]
    blocks += _points_section(results, lang)
    blocks += _verdict_section(verdicts, results.base_points(), lang)
    blocks += _differences_section(results, diffs, base, lang, interval)
    blocks += _funnel_section(results, lang)
    for i, (sweep_label, pts) in enumerate(results.sweeps().items(), start=1):
        blocks += _sweep_section(results, sweep_label, pts, lang, level, i, csv)
    blocks.append(Paragraph(label("batch.files", lang).format(files=", ".join(f"{FILES_DIR}/{n}" for n in csv))))
    blocks.append(Paragraph(_provenance(results).footer(lang)))
    return _write(root, blocks, csv, title, lang)
