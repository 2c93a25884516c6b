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

from partysim.scenario.schema import FRACTION_KINDS

import hashlib
import math
from pathlib import Path
from typing import Sequence

import pandas as pd

from partysim.version import __version__
from partysim.outputs.charts import funnel_chart
from partysim.outputs.i18n import format_number, format_percent, format_probability, label, label_or
from partysim.outputs.writer import run_date
from partysim.outputs.provenance import Provenance
from partysim.outputs.report import _threshold_value, _value_formatter
from partysim.batch.compare import BatchResults, PointResults, funnel_comparison, load_results, paired_differences, sweep_probabilities, sweep_runs, verdict_table
from partysim.batch.design import value_at
from partysim.batch.document import Figure, Heading, Paragraph, Table, to_html, to_markdown
from partysim.batch.figures import differences_chart, png_bytes, sweep_chart
from partysim.batch.labels import BATCH_LABELS, blabel
from partysim.batch.sensitivity import first_order_indices, logistic_levers
from partysim.batch.smallest import smallest_settings
from partysim.batch.store import atomic_write

__all__ = ["ReportError", "build_report"]

FILES_DIR = "report_files"


class ReportError(ValueError):
    """The report cannot be built (one-line message)."""


def _signed(x: float, text: str) -> str:
    return text if text.startswith("-") or text == "—" or x == 0 else "+" + text


def _diff_text(kind: str, x: float, lang: str) -> str:
    """A difference in a target's unit: people, or percentage points for fractions."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return format_number(float("nan"), lang)
    if kind in FRACTION_KINDS:
        return _signed(x, label("report.pp", lang).format(n=format_number(100 * x, lang, 2)))
    return _signed(x, format_number(x, lang, 1))


def _pp(x: float, lang: str) -> str:
    """A change in probability, in percentage points."""
    if math.isnan(x):
        return format_number(float("nan"), lang)
    return _signed(x, label("report.pp", lang).format(n=format_number(100 * x, lang, 0)))


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
    decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(v)))))
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
        rows.append([p.label, p.file, blabel("as_written", lang), f"{len(p.replications)}/{p.planned}", p.sha256[:12]])
    for pts in results.sweeps().values():
        done = sum(len(p.replications) for p in pts)
        planned = sum(p.planned for p in pts)
        rows.append([f"{pts[0].label} … {pts[-1].label}", pts[0].file, blabel("sweep_points", lang).format(n=len(pts)),
                     f"{done}/{planned}", "—"])
    blocks: list = [
        Heading(blabel("points", lang), 2),
        Table([blabel(k, lang) for k in ("col_point", "col_file", "col_settings", "col_runs", "col_sha")], rows,
              ["l", "l", "l", "r", "l"]),
    ]
    if results.missing:
        blocks.append(Paragraph(blabel("missing", lang).format(labels=", ".join(results.missing))))
    return blocks


def _verdict_section(verdicts: pd.DataFrame, base: list[PointResults], lang: str) -> list:
    labels = [p.label for p in base]
    v = verdicts[verdicts["label"].isin(labels)]
    header = [blabel("col_target", lang), blabel("col_year", lang), blabel("col_threshold", lang), *labels]
    rows = []
    for (target, kind, thr, year), g in v.groupby(["target", "kind", "threshold", "year"], sort=False):
        by = dict(zip(g["label"], g["probability"]))
        rows.append([target, str(year), _threshold_value(kind, float(thr), lang),
                     *[format_probability(by[lb], lang) if lb in by else "—" for lb in labels]])
    return [
        Heading(blabel("verdicts", lang), 2),
        Paragraph(blabel("verdicts_note", lang)),
        Table(header, rows, ["l", "l", "r", *["r"] * len(labels)]),
    ]


def _differences_section(results: BatchResults, diffs: pd.DataFrame, baseline: PointResults, lang: str,
                         interval: float) -> list:
    lvl = format_percent(interval, lang, 0)
    blocks: list = [Heading(blabel("differences", lang), 2)]
    base_labels = {p.label for p in results.base_points()}
    d = diffs[diffs["label"].isin(base_labels)] if len(diffs) else diffs
    if d.empty:
        return blocks + [Paragraph(blabel("no_differences", lang))]
    blocks.append(Paragraph(blabel("differences_note", lang).format(baseline=baseline.label, level=lvl)))
    header = [blabel(k, lang) for k in ("col_point", "col_target", "col_year", "col_mean_base", "col_mean", "col_diff")]
    header += [blabel("col_interval", lang).format(level=lvl), blabel("col_prob_base", lang), blabel("col_prob", lang),
               blabel("col_dprob", lang), blabel("col_interval", lang).format(level=lvl)]
    rows = []
    for r in d.itertuples():
        fmt = _value_formatter(r.kind, lang)
        rows.append([
            r.label, r.target, str(r.year), fmt(r.base_mean), fmt(r.mean), _diff_text(r.kind, r.diff, lang),
            _interval(r.diff_lo, r.diff_hi, lambda x, k=r.kind: _diff_text(k, x, lang)),
            format_probability(r.base_probability, lang), format_probability(r.probability, lang),
            _pp(r.dprob, lang), _interval(r.dprob_lo, r.dprob_hi, lambda x: _pp(x, lang)),
        ])
    blocks.append(Table(header, rows, ["l", "l", "l", "r", "r", "r", "r", "r", "r", "r", "r"]))
    chart_rows = d if len(d) <= 40 else d[d["year"] == d.groupby(["label", "target"])["year"].transform("max")]
    fig = differences_chart(chart_rows, baseline.label, _provenance(results), lang, interval)
    blocks.append(Figure(png_bytes(fig), "differences.png", blabel("fig_differences", lang)))
    return blocks


def _funnel_section(results: BatchResults, lang: str) -> list:
    base = results.base_points()
    f = funnel_comparison(results, base)
    labels = [p.label for p in base]
    header = [blabel("col_stage", lang), *labels]
    rows = []
    for stage, g in f.groupby("stage", sort=False):
        by = {r.label: r for r in g.itertuples()}
        rows.append([
            label_or(f"stage.{stage}", lang, str(stage)),
            *[f"{format_number(by[lb].entered, lang, 1)} ({format_percent(by[lb].reach, lang, 0)})" if lb in by else "—"
              for lb in labels],
        ])
    blocks: list = [Heading(blabel("funnel", lang), 2), Paragraph(blabel("funnel_note", lang)),
                    Table(header, rows, ["l", *["r"] * len(labels)])]
    for i, p in enumerate(base, start=1):
        fig = funnel_chart(p.funnel, _provenance(results, [p]), lang)
        blocks.append(Figure(png_bytes(fig), f"funnel_{i:02d}.png", blabel("fig_funnel", lang).format(label=p.label)))
    return blocks


def _worst_year(probs: pd.DataFrame, levers: list[str]) -> pd.DataFrame:
    return probs.groupby(["label", *levers, "target"], sort=False)["probability"].min().reset_index()


def _sweep_section(results: BatchResults, sweep_label: str, points: list[PointResults], lang: str, level: float,
                   sweep_no: int, csv: dict[str, pd.DataFrame]) -> list:
    levers = list(points[0].settings)
    method = points[0].method or "grid"
    probs = sweep_probabilities(points)
    runs = sweep_runs(points)
    worst = _worst_year(probs, levers)
    targets = list(dict.fromkeys(worst["target"]))
    blocks: list = [
        Heading(blabel("sweeps", lang).format(label=sweep_label), 2),
        Paragraph(blabel("sweep_intro", lang).format(n=len(points), method=blabel(f"method.{method}", lang),
                                                     levers=", ".join(levers))),
        Paragraph(blabel("sweep_table", lang)),
    ]
    rows = []
    for lb, g in worst.groupby("label", sort=False):
        by = dict(zip(g["target"], g["probability"]))
        rows.append([lb, *[_number(g[lv].iloc[0], lang) for lv in levers],
                     *[format_probability(by[t], lang) if t in by else "—" for t in targets]])
    blocks.append(Table([blabel("col_point", lang), *levers, *targets], rows,
                        ["l", *["r"] * (len(levers) + len(targets))]))
    prov = _provenance(results, points, name=f"{sweep_label} ({len(points)})")
    fig = sweep_chart(worst, levers, sweep_label, prov, lang, level)
    blocks.append(Figure(png_bytes(fig), f"sweep_{sweep_no:02d}.png", blabel("fig_sweep", lang).format(label=sweep_label)))

    # smallest setting
    lvl = format_percent(level, lang, 0)
    try:
        base_sc = results.point(sweep_label).scenario
    except KeyError:
        base_sc = points[0].scenario
    base_values = {lv: v for lv in levers if (v := value_at(base_sc, lv)) is not None}
    small = smallest_settings(probs, levers, base_values, level)
    blocks += [Heading(blabel("smallest", lang).format(level=lvl), 3), Paragraph(blabel("smallest_note", lang).format(level=lvl))]
    rows = []
    for r in small.itertuples():
        value = _number(r.value, lang) if r.met else blabel("not_reached", lang).format(p=format_probability(r.probability, lang))
        rows.append([r.target, str(r.year), r.lever, value, format_probability(r.probability, lang) if r.met else "—",
                     _settings_text(r.others, lang) or "—"])
    blocks.append(Table([blabel(k, lang) for k in ("col_target", "col_year", "col_lever", "col_smallest", "col_at", "col_others")],
                        rows, ["l", "l", "l", "r", "r", "l"]))

    # which levers matter
    s1 = first_order_indices(runs, levers, seed=results.seed)
    logit, notes = logistic_levers(runs, levers)
    blocks += [Heading(blabel("levers_matter", lang), 3), Paragraph(blabel("s1_note", lang))]
    rows = []
    for target, g in s1.groupby("target", sort=False):
        by = {r.lever: r for r in g.itertuples()}
        rows.append([target, *[
            "—" if math.isnan(by[lv].S1) else f"{format_number(by[lv].S1, lang, 2)} ± {format_number(by[lv].S1_conf, lang, 2)}"
            for lv in levers
        ]])
    blocks.append(Table([blabel("col_target", lang), *levers], rows, ["l", *["r"] * len(levers)]))
    blocks.append(Paragraph(blabel("logit_note", lang)))
    if len(logit):
        rows = [[r.target, r.lever, f"{format_number(r.coef, lang, 2)} ± {format_number(r.se, lang, 2)}",
                 _sig(r.sd, lang), _sig(r.odds_ratio, lang), format_number(r.p, lang, 3)]
                for r in logit.itertuples()]
        blocks.append(Table([blabel(k, lang) for k in ("col_target", "col_lever", "col_coef", "col_sd", "col_or", "col_p")],
                            rows, ["l", "l", "r", "r", "r", "r"]))
    for target, reason in notes.items():
        blocks.append(Paragraph(blabel("no_model", lang).format(
            target=target, reason=BATCH_LABELS[lang].get(f"reason.{reason}", reason))))
    csv[f"sweep_{sweep_no:02d}_probabilities.csv"] = probs
    csv[f"sweep_{sweep_no:02d}_smallest.csv"] = small.assign(others=small["others"].map(lambda d: _settings_text(d, "en")))
    csv[f"sweep_{sweep_no:02d}_sensitivity.csv"] = s1
    csv[f"sweep_{sweep_no:02d}_logistic.csv"] = logit
    return blocks


# --------------------------------------------------------------------------- entry point


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

    csv: dict[str, pd.DataFrame] = {}
    verdicts = verdict_table(results)
    diffs = paired_differences(results, base.label, interval)
    csv["verdicts.csv"] = verdicts
    csv["differences.csv"] = diffs
    csv["funnel.csv"] = funnel_comparison(results)
    n_runs = sum(len(p.replications) for p in results.points)
    title = blabel("title", lang)
    blocks: list = [
        Heading(title, 1),
        Paragraph(blabel("intro", lang).format(points=len(results.points), runs=format_number(n_runs, lang), seed=results.seed)),
    ]
    blocks += _points_section(results, lang)
    blocks += _verdict_section(verdicts, results.base_points(), lang)
    blocks += _differences_section(results, diffs, base, lang, interval)
    blocks += _funnel_section(results, lang)
    for i, (sweep_label, pts) in enumerate(results.sweeps().items(), start=1):
        blocks += _sweep_section(results, sweep_label, pts, lang, level, i, csv)
    blocks.append(Paragraph(blabel("files", lang).format(files=", ".join(f"{FILES_DIR}/{n}" for n in csv))))
    blocks.append(Paragraph(_provenance(results).footer(lang)))

    files = root / FILES_DIR
    written = []
    for b in blocks:
        if isinstance(b, Figure):
            written.append(atomic_write(files / b.filename, lambda t, b=b: t.write_bytes(b.png)))
    for name, df in csv.items():
        written.append(atomic_write(files / name, lambda t, df=df: df.to_csv(t, index=False)))
    md = to_markdown(blocks, FILES_DIR)
    page = to_html(blocks, title, lang)
    written.append(atomic_write(root / "report.md", lambda t: t.write_text(md, encoding="utf-8")))
    written.append(atomic_write(root / "report.html", lambda t: t.write_text(page, encoding="utf-8")))
    return written


def report_sections(lang: str) -> list[str]:
    """Titles of the level-2 sections every report has (for tests and tools)."""
    return [blabel(k, lang) for k in ("points", "verdicts", "differences", "funnel")]
