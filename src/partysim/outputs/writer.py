"""Write a run's results into a folder: summary, tables, charts and the brief.

Everything is first written into a staging folder next to the destination and then
moved into place file by file (``os.replace``), so an error or interruption never
leaves a half-written file in the output folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from partysim.version import __version__
from partysim.outputs.charts import admissions_fan, funnel_chart, members_chart, outlook_chart, save_figure
from partysim.outputs.i18n import label
from partysim.analysis.outlook import outlook_text, statistical_outlook
from partysim.outputs.provenance import Provenance
from partysim.outputs.report import write_report
from partysim.analysis.results import Results
from partysim.scenario.schema import Scenario
from partysim.analysis.verdicts import annual_summary


def run_date() -> str:
    """Date stamped on outputs: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date().isoformat()
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
        (stage / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        results.annual.to_csv(stage / "annual.csv", index=False)
        results.monthly.to_parquet(stage / "monthly.parquet", index=False)
        results.funnel.to_csv(stage / "funnel.csv", index=False)
        if results.by_node is not None:
            results.by_node.to_csv(stage / "by_node.csv", index=False)
        charts = {
            "admissions_fan": admissions_fan(results.annual, results.targets, prov, lang, history=history_frame(scenario)),
            "members": members_chart(results.annual, prov, lang),
            "funnel": funnel_chart(results.funnel, prov, lang),
        }
        extra = []
        bands = statistical_outlook(scenario)
        if bands is not None and len(bands):
            hist = history_frame(scenario)
            charts["admissions_outlook"] = outlook_chart(
                hist, bands, {scenario.title or scenario.name: results.annual}, results.targets, prov, lang)
            bands.to_csv(stage / "statistical_forecast.csv", index=False)
            extra.append((label("outlook.heading", lang),
                          outlook_text(bands, results.annual, lang) + "\n\n![](admissions_outlook.png)"))
        for name, fig in charts.items():
            save_figure(fig, stage / name)
        write_report(stage / "report.md", summary, results.annual, results.funnel, prov, lang,
                     title=scenario.title or scenario.name, description=scenario.description, extra_sections=extra)
        written = []
        for f in sorted(stage.iterdir()):
            dest = out / f.name
            os.replace(f, dest)
            written.append(dest)
        return written
    finally:
        shutil.rmtree(stage, ignore_errors=True)
