"""The dashboard's decision views, headless: the instant flow-model step, the equilibrium
line and panel, "what it takes" (instant and by simulation) and the quarterly review.

Every expected number is computed here from the analysis functions themselves (run_flow,
equilibrium, require, review) on the dashboard's current settings, never copied from the
dashboard's output."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from partysim.analysis.equilibrium import equilibrium
from partysim.analysis.flow_inputs import flow_inputs
from partysim.analysis.flow_model import run_flow
from partysim.analysis.honest import ParameterUncertainty
from partysim.analysis.requirement import require
from partysim.analysis.review import review
from partysim.outputs.i18n import format_number, format_probability
from partysim.outputs.requirement_text import requirement_lines
from partysim.scenario.sheets.actuals import read_actuals
from partysim.ui import Dashboard
from partysim.ui import decision_view as decision_module

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"
CLASSES = "levers.classes_per_year"
ADMISSIONS_TARGET = "≥ 10 a year"  # tiny.yaml: kind admissions, threshold 10
GOOD_EN = "Name,Admissions,In class,Vetting\nVillage communes,2,3,4\nMountain commune,3,,\nFactories,0,0,0\n"
"""The actuals of tests/test_cli_review.py (units of tiny.yaml, pipeline counts for some)."""


@pytest.fixture(scope="module")
def _dash() -> Dashboard:
    return Dashboard(TINY, lang="en", full_replications=2, sets=2, require_replications=2, review_replications=6)


@pytest.fixture
def dash(_dash: Dashboard) -> Dashboard:
    d = _dash
    assert d.wait(30) and d.decisions.wait(120) and d.quarter.wait(120)
    d.set_lang("en", redraw=d.lang != "en")
    d.reset()
    return d


def _lines(fig, gid: str):
    return [ln for ln in fig.findobj(lambda a: getattr(a, "get_gid", lambda: None)() == gid)]


def _flow_of(dash: Dashboard):
    """The flow model of the dashboard's current settings, run here (baseline's build)."""
    return run_flow(dash.current_scenario(), flow_inputs(dash.baseline))


def test_the_instant_step_shows_the_flow_model_of_the_changed_setting(dash: Dashboard):
    before = dash.images["fan"].value
    dash.controls[CLASSES].set_value(12, notify=False)  # moved, not yet redrawn
    answer = dash.instant_step()
    assert answer is not None and dash.shown == "flow" and dash.error.value == ""
    assert "Expected-value model (flow model)" in dash.status.value
    expected = _flow_of(dash).annual
    base = run_flow(dash.baseline, flow_inputs(dash.baseline)).annual
    full = expected[expected["months"] == 12]
    fan = dash.instant_charts.figure("fan", "en")
    (adm,) = _lines(fan, "flow_admissions")
    np.testing.assert_allclose(adm.get_xdata(), full["year"])
    np.testing.assert_allclose(adm.get_ydata(), full["admissions"], rtol=1e-12)
    assert not np.allclose(adm.get_ydata(), base.loc[base["months"] == 12, "admissions"])  # the setting mattered
    members = dash.instant_charts.figure("members", "en")
    (mem,) = _lines(members, "flow_members")
    np.testing.assert_allclose(mem.get_ydata(), expected["members_end"], rtol=1e-12)
    (rate,) = _lines(members, "flow_rate")
    np.testing.assert_allclose(rate.get_ydata(), full["admission_rate"], rtol=1e-12)
    assert dash.images["fan"].value != before and dash.images["fan"].value[:8] == b"\x89PNG\r\n\x1a\n"
    dash.preview_step()  # then the sampled preview refines the charts
    assert dash.shown == "preview" and "Preview" in dash.status.value


def test_the_equilibrium_line_equals_the_equilibrium_required(dash: Dashboard):
    dash.set_values({CLASSES: 6})
    rate = next(float(t.threshold) for t in dash.baseline.targets if t.kind == "admission_rate")
    required = equilibrium(_flow_of(dash)).required(rate)
    (line,) = _lines(dash.instant_charts.figure("fan", "en"), "equilibrium")
    assert line.get_ydata() == pytest.approx([required["admissions"]] * 2, rel=1e-12)
    refined = dash.figure("fan")  # the sampled chart carries the same line
    (level,) = _lines(refined, "equilibrium")
    assert level.get_ydata()[0] == pytest.approx(required["admissions"], rel=1e-12)
    panel = dash.decisions.equilibrium.value
    for key in ("admissions", "identified", "seats", "dossiers"):
        assert format_number(required[key], "en") in panel, key


def test_what_it_takes_instantly_from_the_flow_model(dash: Dashboard):
    dash.set_values({CLASSES: 5})
    names = [str(t.name) for t in dash.baseline.targets]
    dash.decisions.target.value = names.index(ADMISSIONS_TARGET)
    eq = equilibrium(_flow_of(dash))
    need = eq.required(10 / eq.members)  # the target's threshold: 10 admissions a year
    words = dash.decisions.instant.value
    assert (
        f"{format_number(10, 'en')} admissions a year take {format_number(need['identified'], 'en')} identified"
        in words
    )
    assert f"{format_number(need['seats'], 'en')} class seats" in words
    classes = need["seats"] / (dash.baseline.levers.seats_per_class * dash.baseline.levers.activity)
    assert f"({format_number(classes, 'en', 1, trim=True)} classes a year; now 5)" in words
    dash.decisions.target.value = names.index("youth ≥ 50%")  # a composition target
    assert "does not answer this kind" in dash.decisions.instant.value


def test_what_it_takes_button_gives_requires_answer(dash: Dashboard):
    dash.set_values({CLASSES: 5})
    names = [str(t.name) for t in dash.baseline.targets]
    dash.decisions.target.value = names.index(ADMISSIONS_TARGET)
    dash.decisions.lever.value = "classes_per_year"
    dash.decisions.probability.value = 0.5
    job = dash.decisions.run_require(block=True, timeout=300)
    assert job is not None and not job.running and dash.error.value == ""
    expected = require(
        dash.current_scenario(), ADMISSIONS_TARGET, 0.5, ["classes_per_year"], sets=2, replications=2, seed=dash.seed
    )
    assert dash.decisions.result.as_dict() == expected.as_dict()
    for line in requirement_lines(expected, "en"):
        assert line.replace("'", "&#x27;") in dash.decisions.answer.value
    assert not dash.decisions.run_button.disabled and dash.decisions.cancel_button.disabled


def test_what_it_takes_can_be_cancelled(dash: Dashboard, monkeypatch):
    started = threading.Event()

    def slow(*_a, progress, **_k):
        for k in range(1, 400):
            started.set()
            time.sleep(0.02)
            progress(k)
        raise AssertionError("should have been cancelled")

    monkeypatch.setattr(decision_module, "require", slow)
    dash.decisions.run_require()
    assert started.wait(10) and not dash.decisions.cancel_button.disabled
    dash.decisions.cancel()
    assert dash.decisions.wait(10)
    assert "cancelled" in dash.decisions.answer.value and dash.error.value == ""
    assert not dash.decisions.run_button.disabled


def test_the_quarterly_view_shows_the_reviews_units_table(dash: Dashboard, tmp_path: Path):
    path = tmp_path / "actuals.csv"
    path.write_text(GOOD_EN, encoding="utf-8")
    q = dash.quarter
    q.path.value, q.as_of.value, q.replications.value = str(path), "2023-Q2", 6
    assert "2023-Q2" in q.as_of.options and "2023-Q4" not in q.as_of.options
    job = q.run(block=True, timeout=300)
    assert job is not None and q.error.value == "" and dash.error.value == ""
    sc = dash.current_scenario()
    over = ParameterUncertainty(sets=2)  # the dashboard's sets (nothing moved: nothing pinned)
    expected = review(sc, read_actuals(path, sc), "2023-Q2", 6, dash.seed, uncertainty=over).to_frame()
    shown = q.units.value
    for _, r in expected.iterrows():
        name = "Territory" if r["unit"] == "*" else r["unit"]
        f = lambda v: format_number(v, "en")  # noqa: E731
        row = f"{f(r['mean'])} ({f(r['p10'])}–{f(r['p90'])})"
        assert name in shown and row in shown and format_probability(r["probability"], "en") in shown, name
    assert "Units at risk" in q.brief.value and "What would close the gap" in q.brief.value


def test_a_bad_actuals_file_says_what_is_wrong(dash: Dashboard, tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Admissions\nNo such unit,2\n", encoding="utf-8")
    dash.quarter.path.value = str(bad)
    assert dash.quarter.run() is None
    assert str(bad) in dash.quarter.error.value and "No such unit" in dash.quarter.error.value


def test_decision_views_in_vietnamese(dash: Dashboard):
    dash.set_lang("vi")
    assert "Quy trình ở trạng thái cân bằng" in dash.decisions.equilibrium.value
    assert dash.decisions.run_button.description == "Tìm mức thấp nhất (mô phỏng)"
    assert dash.quarter.run_button.description == "Rà soát cả năm"
    assert dash.panels.get_title(1) == "Rà soát hằng quý"
    dash.set_lang("en")


def test_a_file_with_a_calibration_posterior_is_judged_over_it(tmp_path):
    """A scenario file that names its calibration's posterior gives the dashboard's full
    run, "what it takes" and quarterly review those weighted sets, not prior draws."""
    import pandas as pd

    pd.DataFrame({"set": [0, 1], "weight": [1.0, 3.0], "pipeline.identification_rate": [0.015, 0.025]}).to_csv(
        tmp_path / "posterior_sets.csv", index=False
    )
    yaml_path = tmp_path / "fitted.yaml"
    yaml_path.write_text(
        f"extends: {TINY}\ncalibration:\n  parameters: [pipeline.identification_rate]\n"
        "  moments: [{name: m, variable: admissions, start: 2023-01, end: 2023-12, stat: annual_mean, value: 10}]\n"
        "  posterior: posterior_sets.csv\n",
        encoding="utf-8",
    )
    dash = Dashboard(yaml_path, lang="en", sets=2, autorun=False)
    assert dash.posterior is not None
    sets, weights = dash.posterior
    assert list(sets["pipeline.identification_rate"]) == [0.015, 0.025] and list(weights) == [0.25, 0.75]
    assert dash.decisions.posterior is dash.posterior and dash.quarter.posterior is dash.posterior
    assert Dashboard(TINY, lang="en", sets=2, autorun=False).posterior is None
