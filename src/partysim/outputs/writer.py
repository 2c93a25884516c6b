"""Write a run's results into a folder: summary, tables, charts and the brief.

Everything is first written into a staging folder inside the destination and then
moved into place file by file (:func:`partysim.outputs.atomic.move_into_place`: fsync,
rename), so an error or interruption never leaves a half-written file in the output
folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from partysim.analysis.outlook import statistical_outlook
from partysim.analysis.results import Results
from partysim.analysis.start_check import check_start
from partysim.analysis.verdicts import annual_summary
from partysim.outputs.atomic import move_into_place
from partysim.outputs.brief_files import write_docx, write_pdf
from partysim.outputs.charts import admissions_fan, funnel_chart, members_chart, outlook_chart, save_figure
from partysim.outputs.composition_text import composition_records
from partysim.outputs.document import Block, Paragraph
from partysim.outputs.document import Figure as DocFigure
from partysim.outputs.i18n import label
from partysim.outputs.outlook_text import outlook_text, start_check_text
from partysim.outputs.provenance import Provenance
from partysim.outputs.report import brief_blocks, write_report
from partysim.outputs.tables_xlsx import write_tables_xlsx
from partysim.outputs.uncertainty_text import explained_targets, uncertainty_record
from partysim.outputs.variant_text import change_text, changes_text, localized_targets, overrides_data, variant_title
from partysim.scenario.bilingual import text_in
from partysim.scenario.schema import Scenario
from partysim.version import __version__

__all__ = [
    "FORMATS",
    "chart_figures",
    "check_formats",
    "history_frame",
    "provenance",
    "run_date",
    "summary_dict",
    "write_outputs",
]


def run_date() -> str:
    """Date stamped on outputs: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return dt.date.today().isoformat()


FORMATS: tuple[str, ...] = ("md", "docx", "pdf", "xlsx")
"""Formats of the brief and tables: ``report.md``, ``report.docx``, ``report.pdf``, ``tables.xlsx``."""


def summary_dict(scenario: Scenario, results: Results, lang: str) -> dict:
    """The ``summary.json`` content: every text in ``lang``; ``overrides`` lists what was
    changed from the file (path, value, original value)."""
    return {
        "scenario": scenario.variant_name,
        "scenario_name": scenario.name,
        "title": variant_title(scenario, lang),
        "description": text_in(scenario.description, lang),
        "overrides": overrides_data(scenario),
        "changes": [change_text(o, lang, scenario, original=True) for o in scenario.overrides],
        "scenario_sha256": results.scenario_sha256,
        "version": __version__,
        "seed": results.seed,
        "replications": results.replications,
        "start": scenario.start,
        "end": scenario.end,
        "date": run_date(),
        "lang": lang,
        "targets": localized_targets(explained_targets(results, lang), lang, scenario),
        "uncertainty": uncertainty_record(results),
        "annual": annual_summary(results.annual),
        "funnel": results.funnel.to_dict(orient="records"),
        "composition": composition_records(results.annual),
    }


def history_frame(scenario: Scenario) -> pd.DataFrame | None:
    """Recorded yearly admissions as a (year, admissions) table, if any (averages over
    several years are not yearly figures: see :meth:`History.average_spans`)."""
    h = scenario.history.admissions
    if not h:
        return None
    return pd.DataFrame({"year": list(h), "admissions": list(h.values())})


def provenance(scenario: Scenario, results: Results, lang: str, date: str | None = None, note: str = "") -> Provenance:
    """The provenance of a run in ``lang``: the variant's title (with ``note`` appended),
    the changes with their values in the file, hash, seed, replications and date."""
    title = variant_title(scenario, lang)
    return Provenance(
        scenario=f"{title} ({note})" if note else title,
        sha256=results.scenario_sha256,
        version=__version__,
        seed=results.seed,
        replications=results.replications,
        date=date or run_date(),
        changes=changes_text(scenario, lang),
    )


def _write_tables(stage: Path, summary: dict, results: Results) -> None:
    """summary.json, annual.csv, monthly.parquet, funnel.csv and by_node.csv (if any)."""
    (stage / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    results.annual.to_csv(stage / "annual.csv", index=False)
    results.monthly.to_parquet(stage / "monthly.parquet", index=False)
    results.funnel.to_csv(stage / "funnel.csv", index=False)
    if results.by_node is not None:
        results.by_node.to_csv(stage / "by_node.csv", index=False)


def chart_figures(scenario: Scenario, results: Results, prov: Provenance, lang: str) -> dict[str, Figure]:
    """The run's three charts (fan, members, funnel), with targets named in ``lang`` and the
    recorded figures of the scenario's history."""
    targets = localized_targets(results.targets, lang, scenario)
    averages = scenario.history.average_spans()
    return {
        "admissions_fan": admissions_fan(
            results.annual, targets, prov, lang, history=history_frame(scenario), averages=averages
        ),
        "members": members_chart(results.annual, prov, lang, history=scenario.history.member_points()),
        "funnel": funnel_chart(results.funnel, prov, lang),
    }


def _write_charts(
    stage: Path, scenario: Scenario, results: Results, prov: Provenance, lang: str
) -> list[tuple[str, str | list[Block]]]:
    """The charts (PNG, SVG) and the statistical outlook when there is history; returns the
    brief's extra sections."""
    history = history_frame(scenario)
    charts = chart_figures(scenario, results, prov, lang)
    extra: list[tuple[str, str | list[Block]]] = []
    check = check_start(scenario, results.annual, results.seed)
    if check is not None:
        extra.append((label("start.heading", lang), start_check_text(check, lang)))
    bands = statistical_outlook(scenario)
    if bands is not None and len(bands) and history is not None:
        targets = localized_targets(results.targets, lang, scenario)
        charts["admissions_outlook"] = outlook_chart(
            history, bands, {prov.scenario: results.annual}, targets, prov, lang
        )
        bands.to_csv(stage / "statistical_forecast.csv", index=False)
        extra.append(
            (
                label("outlook.heading", lang),
                [
                    Paragraph(outlook_text(bands, results.annual, lang)),
                    DocFigure(None, "admissions_outlook.png", label("outlook.heading", lang)),
                ],
            )
        )
    for chart, fig in charts.items():
        save_figure(fig, stage / chart)
    return extra


def _about(scenario: Scenario, summary: dict, prov: Provenance, lang: str) -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = [
        (label("about.scenario", lang), summary["title"]),
        (label("about.file_name", lang), scenario.name),
        (label("about.sha", lang), summary["scenario_sha256"]),
        (label("about.version", lang), summary["version"]),
        (label("about.seed", lang), summary["seed"]),
        (label("about.replications", lang), summary["replications"]),
        (label("about.period", lang), f"{scenario.start} – {scenario.end}"),
        (label("about.date", lang), prov.date),
    ]
    return rows + [(label("about.changes", lang), c) for c in summary["changes"]]


def _write_brief(
    stage: Path,
    scenario: Scenario,
    results: Results,
    summary: dict,
    prov: Provenance,
    lang: str,
    extra: list,
    formats: Sequence[str],
) -> None:
    """report.md, report.docx, report.pdf and tables.xlsx, as asked in ``formats``."""
    args = (summary, results.annual, results.funnel, prov, lang)
    kw = dict(
        title=summary["title"], description=summary["description"], extra_sections=extra, changes=summary["changes"]
    )
    if "md" in formats:
        write_report(stage / "report.md", *args, **kw)
    blocks = brief_blocks(*args, **kw)
    footer = prov.footer(lang)
    if "docx" in formats:
        write_docx(blocks, stage, stage / "report.docx", title=summary["title"], footer=footer, lang=lang)
    if "pdf" in formats:
        write_pdf(
            blocks,
            stage,
            stage / "report.pdf",
            title=summary["title"],
            footer=footer,
            page_label=label("brief.page", lang),
        )
    if "xlsx" in formats:
        write_tables_xlsx(
            stage / "tables.xlsx",
            summary["targets"],
            results.annual,
            results.funnel,
            results.by_node,
            _about(scenario, summary, prov, lang),
            lang,
        )


def check_formats(formats: Sequence[str]) -> list[str]:
    """The formats asked for, checked against :data:`FORMATS`.

    Raises:
        ValueError: An unknown format.
    """
    fmts = [f.strip().lower().lstrip(".") for f in formats if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown format(s) {', '.join(bad)}; expected some of {', '.join(FORMATS)}")
    return fmts


def write_outputs(
    scenario: Scenario, results: Results, out: Path, lang: str = "vi", formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write summary.json, annual.csv, monthly.parquet, charts (PNG, SVG), and the brief and
    tables in ``formats`` (report.md, report.docx, report.pdf, tables.xlsx).

    Args:
        scenario: The scenario that was run (its overrides are named everywhere).
        results: Its results (with targets judged).
        out: Destination folder (created if missing).
        lang: ``"vi"`` or ``"en"``: every text of every file.
        formats: Some of :data:`FORMATS`.

    Returns:
        Paths of the files written, in ``out``.
    """
    formats = check_formats(formats)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = summary_dict(scenario, results, lang)
    prov = provenance(scenario, results, lang, summary["date"])
    stage = Path(tempfile.mkdtemp(prefix=".partial-", dir=out))
    try:
        _write_tables(stage, summary, results)
        extra = _write_charts(stage, scenario, results, prov, lang)
        _write_brief(stage, scenario, results, summary, prov, lang, extra, formats)
        return [move_into_place(f, out / f.name) for f in sorted(stage.iterdir())]
    finally:
        shutil.rmtree(stage, ignore_errors=True)
