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
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from partysim.analysis.outlook import statistical_outlook
from partysim.analysis.results import Results
from partysim.analysis.verdicts import annual_summary
from partysim.outputs.atomic import move_into_place
from partysim.outputs.charts import admissions_fan, funnel_chart, members_chart, outlook_chart, save_figure
from partysim.outputs.i18n import label
from partysim.outputs.outlook_text import outlook_text
from partysim.outputs.provenance import Provenance
from partysim.outputs.report import write_report
from partysim.scenario.schema import Scenario
from partysim.version import __version__

__all__ = ["history_frame", "run_date", "summary_dict", "write_outputs"]


def run_date() -> str:
    """Date stamped on outputs: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()
    return dt.date.today().isoformat()


def summary_dict(scenario: Scenario, results: Results, lang: str) -> dict:
    """The ``summary.json`` content."""
    return {
        "scenario": scenario.name,
        "title": scenario.title or scenario.name,
        "scenario_sha256": results.scenario_sha256,
        "version": __version__,
        "seed": results.seed,
        "replications": results.replications,
        "start": scenario.start,
        "end": scenario.end,
        "date": run_date(),
        "lang": lang,
        "targets": results.targets,
        "annual": annual_summary(results.annual),
        "funnel": results.funnel.to_dict(orient="records"),
    }


def history_frame(scenario: Scenario) -> pd.DataFrame | None:
    """Known admissions history as a (year, admissions) table, if any."""
    h = scenario.history.admissions
    if not h:
        return None
    return pd.DataFrame({"year": list(h), "admissions": list(h.values())})


def _write_tables(stage: Path, summary: dict, results: Results) -> None:
    """summary.json, annual.csv, monthly.parquet, funnel.csv and by_node.csv (if any)."""
    (stage / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    results.annual.to_csv(stage / "annual.csv", index=False)
    results.monthly.to_parquet(stage / "monthly.parquet", index=False)
    results.funnel.to_csv(stage / "funnel.csv", index=False)
    if results.by_node is not None:
        results.by_node.to_csv(stage / "by_node.csv", index=False)


def _write_charts_and_report(
    stage: Path, scenario: Scenario, results: Results, summary: dict, prov: Provenance, lang: str
) -> None:
    """The charts (PNG, SVG), the statistical outlook when there is history, and report.md."""
    history = history_frame(scenario)
    name = scenario.title or scenario.name
    charts: dict[str, Figure] = {
        "admissions_fan": admissions_fan(results.annual, results.targets, prov, lang, history=history),
        "members": members_chart(results.annual, prov, lang),
        "funnel": funnel_chart(results.funnel, prov, lang),
    }
    extra = []
    bands = statistical_outlook(scenario)
    if bands is not None and len(bands) and history is not None:
        charts["admissions_outlook"] = outlook_chart(history, bands, {name: results.annual}, results.targets, prov, lang)
        bands.to_csv(stage / "statistical_forecast.csv", index=False)
        extra.append((label("outlook.heading", lang),
                      outlook_text(bands, results.annual, lang) + "\n\n![](admissions_outlook.png)"))
    for chart, fig in charts.items():
        save_figure(fig, stage / chart)
    write_report(stage / "report.md", summary, results.annual, results.funnel, prov, lang,
                 title=name, description=scenario.description, extra_sections=extra)


def write_outputs(scenario: Scenario, results: Results, out: Path, lang: str = "vi") -> list[Path]:
    """Write summary.json, annual.csv, monthly.parquet, charts (PNG, SVG) and report.md.

    Args:
        scenario: The scenario that was run.
        results: Its results (with targets judged).
        out: Destination folder (created if missing).
        lang: ``"vi"`` or ``"en"`` for charts and report.

    Returns:
        Paths of the files written, in ``out``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = summary_dict(scenario, results, lang)
    prov = Provenance(
        scenario=scenario.title or scenario.name, sha256=results.scenario_sha256, version=__version__,
        seed=results.seed, replications=results.replications, date=summary["date"],
    )
    stage = Path(tempfile.mkdtemp(prefix=".partial-", dir=out))
    try:
        _write_tables(stage, summary, results)
        _write_charts_and_report(stage, scenario, results, summary, prov, lang)
        return [move_into_place(f, out / f.name) for f in sorted(stage.iterdir())]
    finally:
        shutil.rmtree(stage, ignore_errors=True)
