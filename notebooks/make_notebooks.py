"""Write the planners' notebooks from this script, so they are reproducible and carry no
outputs.

Run: ``python notebooks/make_notebooks.py`` (writes ``notebooks/*.ipynb``) or
``python notebooks/make_notebooks.py --check`` (exit 1 if a notebook differs from what
this script writes, e.g. because it was saved with outputs).

Each notebook opens with a markdown cell saying which question it answers, and runs top
to bottom on a fresh kernel in under two minutes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = """import matplotlib

matplotlib.use("Agg")  # charts are drawn as PNG images, never in a window"""


def explore_policies() -> list:
    """01: the dashboard on Ninh Bình."""
    return [
        new_markdown_cell(
            "# Khám phá giải pháp: Ninh Bình 2023-2025 · Explore the policies\n"
            "\n"
            "**Question:** with the people Ninh Bình has, the policies it chooses and the youth who keep leaving, "
            "will it keep admitting at least 3% of its members a year (Resolution 21-NQ/TW) and reach its 2023 "
            "plan of 2,253 new members, and which lever moves the odds?\n"
            "\n"
            "*Câu hỏi: với lực lượng hiện có, các giải pháp đã chọn và thanh niên tiếp tục đi làm ăn xa, Ninh Bình "
            "có giữ được tỷ lệ kết nạp tối thiểu 3% số đảng viên mỗi năm (Nghị quyết 21-NQ/TW) không, và giải pháp "
            "nào làm thay đổi khả năng đạt chỉ tiêu?*\n"
            "\n"
            "Run all cells, then:\n"
            "\n"
            "- **Move a slider.** The model re-runs in *preview* (the same model on a weighted sample of about "
            "40,000 people, under a second) and redraws the verdicts and charts. The left chart is your policy, "
            "the right one the scenario as loaded; both use the same random numbers, so the difference table "
            "shows the policy's effect, not noise.\n"
            "- **Run full** runs every replication at full scale (minutes for a province; Cancel stops it). "
            "Cite only full runs.\n"
            "- **Save as scenario file** writes your settings as a scenario YAML that `partysim run` accepts; "
            "**Export chart** writes PNG (300 dpi), SVG or PDF with the provenance footer.\n"
            "- **Tiếng Việt / English** switches every label and number format."
        ),
        new_code_cell(
            SETUP + '\n\nfrom partysim.ui import Dashboard, find_scenario\n\nSCENARIO = find_scenario("ninh_binh_2023")'
        ),
        new_code_cell('dash = Dashboard(SCENARIO, lang="vi")\ndash'),
        new_markdown_cell(
            "Sliders are grouped as a planner thinks: sources of candidates, classes and vetting, enterprises, "
            "migration, retention of members. Within each group the **policy levers** come first, then the "
            "**uncertain parameters** (estimates the sources do not give): move those to see how much the "
            "verdict depends on what we do not know.\n"
            "\n"
            'From code: `dash.set_values({"levers.quota_accountability": 1.0})`, `dash.run_full(block=True)`, '
            '`dash.results.targets`, `dash.save("my_policy.yaml")`, `dash.export("fan", "pdf")`.'
        ),
    ]


def compare_scenarios() -> list:
    """03: several scenario files, one verdict table, charts."""
    return [
        new_markdown_cell(
            "# So sánh kịch bản · Compare scenarios\n"
            "\n"
            "**Question:** across the shipped scenarios (a commune, an agencies bloc, an enterprise bloc, two "
            "provinces), how likely is each to meet its own targets, and how much did Hương Sơn's 2021 package "
            "(quota per cell, mass organisations identifying candidates) change its odds?\n"
            "\n"
            "*Câu hỏi: mỗi kịch bản có khả năng đạt chỉ tiêu của mình đến đâu, và giải pháp năm 2021 của xã "
            "Hương Sơn đã thay đổi khả năng đó bao nhiêu?*\n"
            "\n"
            "Small territories run in full; the two provinces run in preview (a weighted sample, marked in the "
            "table and chart footers). Raise `REPLICATIONS` for figures to cite."
        ),
        new_code_cell(
            SETUP + "\n\n"
            "import pandas as pd\n"
            "from IPython.display import HTML, Image, Markdown, display\n"
            "\n"
            "import partysim\n"
            "from partysim.outputs.i18n import format_number, format_percent, format_probability\n"
            "from partysim.analysis.preview import plan_sample, run_preview, territory_people\n"
            "from partysim.outputs.target_text import rounded_value_text, threshold_text\n"
            "from partysim.ui import figure_png, find_scenario\n"
            "from partysim.ui.render import render_chart\n"
            "from partysim.ui.texts import text\n"
            "from partysim.ui.verdict_view import difference_html\n"
            "\n"
            'LANG = "vi"  # or "en"\n'
            "REPLICATIONS = 6  # per scenario; the scenario files ask for 20-200 when citing\n"
            "SETS = 4  # parameter sets the verdicts integrate over (partysim run uses 20)\n"
            "LARGE = 100_000  # people: above this, run a preview instead of the full territory\n"
            "NAMES = [\n"
            '    "huong_son_2018_2022", "huong_son_no_package", "lam_dong_agencies_2020_2021",\n'
            '    "long_bien_enterprises_2018_2021", "ninh_binh_2023", "thanh_hoa_2021_2025",\n'
            "]"
        ),
        new_code_cell(
            "runs = {}\n"
            "for name in NAMES:\n"
            "    sc = partysim.load_scenario(find_scenario(name))\n"
            "    if territory_people(sc) > LARGE:\n"
            "        plan = plan_sample(sc)\n"
            "        res = run_preview(sc, replications=REPLICATIONS)\n"
            '        note = text("prov.preview", LANG).format(\n'
            "            pct=format_percent(1 / plan.weight, LANG, 1, trim=True), w=format_number(plan.weight, LANG, 1, trim=True))\n"
            "    else:\n"
            "        res = partysim.run(sc, replications=REPLICATIONS, progress=False, sets=SETS)\n"
            '        note = ""\n'
            "    runs[name] = (sc, res, note)\n"
            "\n"
            "rows = []\n"
            "for name, (sc, res, note) in runs.items():\n"
            "    for t in res.targets:\n"
            '        fmt = lambda v, kind=t["kind"]: rounded_value_text(kind, v, LANG)\n'
            "        rows.append({\n"
            '            "scenario": sc.title or sc.name,\n'
            '            "run": note or "full",\n'
            '            "target": t["name"],\n'
            '            "year": t["year"],\n'
            '            "threshold": threshold_text(t["kind"], t["threshold"], LANG, t.get("group")),\n'
            '            "probability": format_probability(t["probability"], LANG),\n'
            '            "mean": fmt(t["mean"]),\n'
            "            \"P10-P90\": f\"{fmt(t['p10'])} – {fmt(t['p90'])}\",\n"
            "        })\n"
            "verdicts = pd.DataFrame(rows)\n"
            "# probability of meeting each target, one column per year\n"
            'table = verdicts.pivot_table(index=["scenario", "run", "target", "threshold"], columns="year",\n'
            '                             values="probability", aggfunc="first", sort=False).fillna("")\n'
            "table"
        ),
        new_markdown_cell(
            "The same verdicts with the mean and the range of 80% of replications (P10-P90), in the target's own unit:"
        ),
        new_code_cell("verdicts"),
        new_markdown_cell(
            "## Admissions per year, scenario by scenario\n"
            "\n"
            "Median and 50/80/95% bands across replications, the targets as dashed lines and recorded "
            "admissions as squares."
        ),
        new_code_cell(
            "for name, (sc, res, note) in runs.items():\n"
            '    display(Markdown(f"### {sc.title or sc.name}"))\n'
            '    display(Image(figure_png(render_chart("fan", sc, res, LANG, note))))'
        ),
        new_markdown_cell(
            "## What the 2021 package changed in Hương Sơn\n"
            "\n"
            "`huong_son_no_package.yaml` extends the package scenario with both levers at 0, keeping the seed, "
            "so replication *r* of one and of the other share their random numbers (the same people leave, the "
            "same ones are picked). The difference per replication is the package's effect, not noise."
        ),
        new_code_cell(
            'with_package, without = runs["huong_son_2018_2022"][1], runs["huong_son_no_package"][1]\n'
            "display(HTML(difference_html(with_package.annual, without.annual, LANG)))\n"
            'adm = lambda res: res.annual.groupby("year")["admissions"].mean()\n'
            'pd.DataFrame({"with package": adm(with_package), "without": adm(without)}).round(1)'
        ),
    ]


def calibrate_notebook() -> list:
    """04: fit Hương Sơn's identification rate to the pre-2021 history, check out of sample."""
    return [
        new_markdown_cell(
            "# Hiệu chỉnh mô hình · Calibrate the simulation to history\n"
            "\n"
            "**Question:** before its 2021 package Hương Sơn admitted 3-4 people a year (S3). What "
            "identification rate (the yearly chance that a cell puts an eligible person on its source list) "
            "reproduces that history; which estimate can the history *not* pin down; and does the fitted model "
            "then reproduce what happened next: 15 admissions from January 2021 to April 2022 with the package?\n"
            "\n"
            "*Câu hỏi: tỷ lệ tạo nguồn nào tái hiện được số liệu kết nạp 2018-2020 của xã Hương Sơn, tham số nào "
            "số liệu không xác định được, và mô hình đã hiệu chỉnh có tái hiện được 15 đảng viên kết nạp từ "
            "1/2021 đến 4/2022 không?*\n"
            "\n"
            "Method: simulated method of moments with common random numbers (`partysim.analysis.calibration`); the "
            "budget here is small so the notebook runs in well under two minutes. Raise `REPLICATIONS` and "
            "`EVALUATIONS` for a fit to cite."
        ),
        new_code_cell(
            SETUP + "\n\n"
            "import pandas as pd\n"
            "from IPython.display import Image, Markdown, display\n"
            "\n"
            "import partysim\n"
            "from partysim.analysis.calibration import calibrate, set_path\n"
            "from partysim.scenario.study import Calibration, Moment\n"
            "from partysim.ui import figure_png, find_scenario\n"
            "from partysim.ui.render import render_chart\n"
            "\n"
            'LANG = "vi"\n'
            "REPLICATIONS = 3  # per evaluation, same seeds every time\n"
            "EVALUATIONS = 10\n"
            "START_RATE = 0.003  # identification rate to start from (per year)\n"
            "FLAT = 0.001  # a parameter is 'not identified' if moving it 20% raises the objective less than this\n"
            'PARAMETERS = ["pipeline.identification_rate", "employment.turnover_non_state"]'
        ),
        new_markdown_cell(
            "## Fit on 2018-2020 (before the package)\n"
            "\n"
            "One moment: admissions per year over 2018-2020, observed 3.5 (3-4). Two parameters: the "
            "identification rate, and the job-leaving rate in non-state enterprises, which cannot matter in a "
            "commune with no enterprises; the calibration should say the data cannot pin it down.\n"
            "\n"
            "The objective is the squared relative error of the moment. A parameter counts as *identified* when "
            "moving it 20% away from its fitted value raises the objective by more than `FLAT`. Only about ten "
            "admissions over three years inform the rate, so it is identified only weakly: a 20% change "
            "moves simulated admissions by about 6%."
        ),
        new_code_cell(
            'scenario = partysim.load_scenario(find_scenario("huong_son_2018_2022"))\n'
            'history = scenario.model_copy(update={"end": "2020-12"})  # the package starts in 2021\n'
            "# start from the guess made before hand-tuning (0.003), not from the file's 0.0045\n"
            'history = set_path(history, "pipeline.identification_rate", START_RATE)\n'
            "history.calibration = Calibration(\n"
            "    parameters=PARAMETERS,\n"
            '    moments=[Moment(name="admissions 2018-2020", variable="admissions", start="2018-01", end="2020-12",\n'
            '                    stat="annual_mean", value=3.5)],\n'
            "    replications=REPLICATIONS,\n"
            "    max_evaluations=EVALUATIONS,\n"
            ")\n"
            "fit = calibrate(history, flat_tolerance=FLAT)\n"
            "display(Markdown(fit.summary()))"
        ),
        new_markdown_cell(
            "## Check out of sample: 2021 to April 2022, with the package\n"
            "\n"
            "The fitted rate goes into the full 2018-2022 scenario (package from 2021). The moment below was "
            "not used in the fit."
        ),
        new_code_cell(
            "fitted = scenario\n"
            "for path, value in fit.values.items():\n"
            "    fitted = set_path(fitted, path, value)\n"
            "results = partysim.run(fitted, replications=2 * REPLICATIONS, progress=False, sets=0)\n"
            "\n"
            "# admissions from January 2021 to April 2022 in each replication (published: 15)\n"
            "m = results.monthly\n"
            'window = m[(m.month >= fitted.month_of("2021-01")) & (m.month <= fitted.month_of("2022-04"))]\n'
            'per_replication = window.groupby("replication")["admissions"].sum()\n'
            "pd.DataFrame({\n"
            '    "observed": [15],\n'
            '    "simulated, mean": [round(per_replication.mean(), 1)],\n'
            '    "simulated, range": [f"{per_replication.min()}-{per_replication.max()}"],\n'
            '    "fitted identification_rate": [round(fit.values["pipeline.identification_rate"], 5)],\n'
            '}, index=["admissions Jan 2021-Apr 2022"])'
        ),
        new_markdown_cell(
            "Admissions per year with the fitted rate: the recorded years (squares) against the simulated "
            "range, and the commune's quota of 11 a year."
        ),
        new_code_cell('Image(figure_png(render_chart("fan", fitted, results, LANG, "calibrated")))'),
    ]


def forecast_and_nowcast() -> list:
    """02: history, statistical forecast, simulated policies on one chart; a mid-year nowcast."""
    return [
        new_markdown_cell(
            "# Dự báo và ước tính giữa năm · Forecast and nowcast\n"
            "\n"
            "**Question:** what does history alone say about Thanh Hóa's admissions in 2021-2025, does the "
            "simulation of its policies agree (and what would quota accountability from 2022 add); and in "
            "June 2021, after 52 admissions in the first half, will Lâm Đồng's agencies bloc reach its target "
            "of 80 for the year?\n"
            "\n"
            "*Câu hỏi: số liệu các năm trước nói gì về kết nạp đảng viên của Thanh Hóa 2021-2025, mô phỏng "
            "có khớp không và giải pháp giao chỉ tiêu từ 2022 thêm được bao nhiêu; và tháng 6/2021, với 52 "
            "đảng viên đã kết nạp, Khối các cơ quan tỉnh Lâm Đồng có đạt chỉ tiêu 80 của năm không?*\n"
            "\n"
            "Three answers that should agree: statistics from the history alone (`partysim.forecast`), the "
            "simulation of people and policies (`partysim.run`, here a weighted preview for the province), "
            "and the nowcast from the quarters so far (`partysim.nowcast`)."
        ),
        new_code_cell(
            SETUP + "\n\n"
            "import numpy as np\n"
            "import pandas as pd\n"
            "from IPython.display import Image, Markdown, display\n"
            "from matplotlib.figure import Figure\n"
            "\n"
            "import partysim\n"
            "from partysim.version import __version__\n"
            "from partysim.outputs.charts import admissions_fan\n"
            "from partysim.forecast import forecast, forecast_chart\n"
            "from partysim.outputs.i18n import format_number, format_probability, label\n"
            "from partysim.forecasting.nowcast import nowcast\n"
            "from partysim.outputs.writer import run_date\n"
            "from partysim.outputs.provenance import Provenance\n"
            "from partysim.analysis.preview import run_preview\n"
            "from partysim.ui import figure_png, find_scenario\n"
            "\n"
            'LANG = "vi"\n'
            "REPLICATIONS = 6  # simulation replications per scenario (raise for figures to cite)\n"
            "PATHS = 2000  # sample paths of the statistical forecast"
        ),
        new_markdown_cell(
            "## 1. History alone\n"
            "\n"
            "Thanh Hóa published a term total only: more than 29,900 admissions in 2016-2020, an average of "
            "about 5,980 a year (S1). An average is not a series of yearly figures, so there is nothing "
            "for a statistical forecast to learn from: the scenario records it as `admissions_average` and "
            "the charts draw it as an average. A statistical forecast needs yearly figures; here one is made "
            "for a district's recorded admissions (example figures, as in the scenario reference). The "
            "forecast combines several statistical models weighted by their backtest accuracy; its intervals "
            "are widened to match the errors such models make on real short series."
        ),
        new_code_cell(
            'thanh_hoa = partysim.load_scenario(find_scenario("thanh_hoa_2021_2025"))\n'
            "print(thanh_hoa.history.average_spans())  # [(first year, last year, average per year)]\n"
            "hist = {2016: 410, 2017: 380, 2018: 360, 2019: 430, 2020: 450}  # a district's yearly figures (example)\n"
            'series = pd.Series(list(hist.values()), index=pd.PeriodIndex([str(y) for y in hist], freq="Y"), name="admissions")\n'
            "fc = forecast(series, horizon=5, seed=1, n_paths=PATHS)\n"
            "print(fc.summary())\n"
            'print(f"P(at least 400 in 2023) from history alone: {format_probability(fc.prob_at_least(2023, 400), LANG)}")\n'
            'prov = Provenance(scenario=f"example district ({min(hist)}-{max(hist)})", sha256="0" * 64,\n'
            '                  version=__version__, seed=1, replications=PATHS, date=run_date(), runs="paths")\n'
            "Image(figure_png(forecast_chart(fc, prov, LANG)))"
        ),
        new_markdown_cell(
            "## 2. The simulation against the recorded average\n"
            "\n"
            "The scenario as it stands, and the same scenario with quota accountability and mass organisations "
            "identifying candidates from 2022 (the Hương Sơn package), both with the same seed, each drawn "
            "with the 2016-2020 average. (With four or more recorded years before the start, `partysim run` "
            "also draws the statistical forecast on the same chart and says where the simulation departs.)"
        ),
        new_code_cell(
            "data = thanh_hoa.model_dump()\n"
            'data["name"], data["title"] = "thanh_hoa_package_2022", f"{thanh_hoa.title}, package from 2022"\n'
            'for lever in ("quota_accountability", "mass_org_engagement"):\n'
            '    data["levers"][lever] = {"2021": 0.0, "2022": 1.0}\n'
            "package = partysim.Scenario.model_validate(data)\n"
            "\n"
            "base = run_preview(thanh_hoa, replications=REPLICATIONS)\n"
            "policy = run_preview(package, replications=REPLICATIONS)\n"
            'names = {"vi": ("kịch bản gốc", "giao chỉ tiêu từ 2022"), "en": ("scenario as loaded", "quota accountability from 2022")}[LANG]\n'
            "for name, res in zip(names, (base, policy)):\n"
            '    prov = Provenance(scenario=f"{thanh_hoa.title.get(LANG)} ({name}, preview)", sha256=res.scenario_sha256,\n'
            "                      version=__version__, seed=res.seed, replications=res.replications, date=run_date())\n"
            "    display(Image(figure_png(admissions_fan(res.annual, res.targets, prov, LANG,\n"
            "                                            averages=thanh_hoa.history.average_spans()))))\n"
            'adm = lambda res: res.annual.groupby("year")["admissions"].median().round()\n'
            "pd.DataFrame({names[0]: adm(base), names[1]: adm(policy)})"
        ),
        new_markdown_cell(
            "## 3. Mid-year: Lâm Đồng agencies bloc, June 2021\n"
            "\n"
            "52 admitted by the end of June against a target of at least 80 for 2021 (S2). The nowcast "
            "spreads the rest of the year over the quarters as a typical year does (a stated assumption, since "
            "this bloc publishes no quarterly history); the simulation runs the bloc's scenario for 2020-2021."
        ),
        new_code_cell(
            "observed, target = 52, 80\n"
            "nc = nowcast(observed, elapsed=2, periods_per_year=4, year=2021, seed=1)\n"
            "print(nc.summary())\n"
            "\n"
            'lam_dong = partysim.load_scenario(find_scenario("lam_dong_agencies_2020_2021"))\n'
            "sim = partysim.run(lam_dong, replications=2 * REPLICATIONS, progress=False, sets=0)\n"
            'year = sim.annual[sim.annual["year"] == 2021].set_index("replication")["admissions"]\n'
            "m = sim.monthly\n"
            'first_half = m[(m["year"] == 2021) & (m["moy"] <= 6)].groupby("replication")["admissions"].sum()\n'
            "\n"
            "def row(totals):\n"
            "    lo, hi = np.percentile(totals, [10, 90])\n"
            '    return {"P(>= 80)": format_probability(float(np.mean(np.asarray(totals) >= target)), LANG),\n'
            '            "median": format_number(float(np.median(totals)), LANG),\n'
            '            "80% interval": f"{format_number(lo, LANG)}-{format_number(hi, LANG)}"}\n'
            "\n"
            "pd.DataFrame({\n"
            '    "nowcast (statistics, from the 52 observed)": row(nc.paths),\n'
            '    "simulation (whole year)": row(year.to_numpy()),\n'
            '    "simulation: first half of 2021 (observed 52)": {"P(>= 80)": "", "median": format_number(float(first_half.median()), LANG),\n'
            '        "80% interval": "-".join(format_number(v, LANG) for v in np.percentile(first_half, [10, 90]))},\n'
            "}).T"
        ),
        new_code_cell(
            "# the year's total: nowcast paths against simulated replications, and the target\n"
            'words = {"vi": ("ước tính giữa năm", "mô phỏng", "chỉ tiêu"), "en": ("nowcast", "simulation", "target")}[LANG]\n'
            'fig = Figure(figsize=(17 / 2.54, 7 / 2.54), layout="constrained")\n'
            "ax = fig.add_subplot()\n"
            "bins = np.arange(min(nc.paths.min(), year.min()) - 0.5, max(nc.paths.max(), year.max()) + 5.5, 5)\n"
            'ax.hist(nc.paths, bins=bins, density=True, histtype="stepfilled", color="0.8", label=words[0])\n'
            'ax.hist(year, bins=bins, density=True, histtype="step", color="#7a1712", linewidth=1.5, label=words[1])\n'
            'ax.axvline(target, color="0.1", linestyle="--", label=f"{words[2]} {target}")\n'
            'ax.set_xlabel(label("fan.ylabel", LANG))\n'
            "ax.set_yticks([])\n"
            "ax.legend(frameon=False)\n"
            "Image(figure_png(fig))"
        ),
    ]


NOTEBOOKS = {
    "01_explore_policies": explore_policies,
    "02_forecast_and_nowcast": forecast_and_nowcast,
    "03_compare_scenarios": compare_scenarios,
    "04_calibrate": calibrate_notebook,
}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` with deterministic cell ids and no outputs."""
    nb = new_notebook(cells=NOTEBOOKS[name]())
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nb


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 on a difference")
    args = ap.parse_args(argv)
    status = 0
    for name in NOTEBOOKS:
        path = HERE / f"{name}.ipynb"
        text = nbformat.writes(build(name)) + "\n"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"differs: {path.name} (run python notebooks/make_notebooks.py)")
                status = 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.name}")
    return status


if __name__ == "__main__":
    sys.exit(main())
