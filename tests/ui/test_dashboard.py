"""The dashboard, headless: widgets are driven from Python as a planner would drive them."""

from __future__ import annotations

import struct
import threading
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest

import partysim
from partysim.ui import Dashboard, jobs, preview_runs
from partysim.ui.specs import GROUPS, apply_values, control_specs

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
LEVER = "levers.quota_accountability"


@pytest.fixture(scope="module")
def _dash() -> Dashboard:
    return Dashboard(TINY, lang="en", full_replications=3, preview_sets=0)  # the preview with estimates fixed


@pytest.fixture
def dash(_dash: Dashboard, tmp_path: Path) -> Dashboard:
    """One dashboard for the module (drawing charts is the slow part), put back to the
    scenario as loaded, in English, before each test."""
    d = _dash
    assert d.wait(30)
    d.set_lang("en", redraw=d.lang != "en")
    d.reset()
    d.full_replications = 3
    d._baseline_full.clear()  # each test starts without a cached full baseline
    d.error.value = d.notice.value = d.export_label.value = ""
    d.save_path.value = str(tmp_path / "saved.yaml")
    d.export_dir.value = str(tmp_path / "exports")
    return d


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_controls_come_from_parameter_metadata(dash: Dashboard):
    sc = dash.baseline
    infos = {p.path: p for p in partysim.iter_params(sc)}
    levers = [p for p in infos if p.startswith("levers.")]
    assert set(levers) <= set(dash.controls)
    estimates = {p for p, i in infos.items() if i.estimate and i.lo < i.hi}
    assert estimates <= set(dash.controls)
    for path, c in dash.controls.items():
        info = infos[path]
        assert c.slider.min == info.lo and c.slider.max <= info.hi
        assert c.spec.group in GROUPS
        assert c.slider.continuous_update is False
        assert info.en in c.label.value  # English label, from the metadata
    # every group has controls, in the accordion, in the planner's order
    assert len(dash.accordion.children) == len(GROUPS)
    assert all(len(box.children) > 0 for box in dash.accordion.children)


def test_initial_view(dash: Dashboard):
    assert dash.error.value == ""
    assert dash.mode == "preview"
    assert "Probability of meeting each target" in dash.verdict.value
    for name, img in dash.images.items():
        assert _png_size(img.value)[0] > 300, name
    assert dash.results is dash.baseline_results  # nothing changed yet: policy = baseline


def test_slider_changes_verdict_and_charts(dash: Dashboard):
    verdict0, fan0, members0 = dash.verdict.value, dash.images["fan"].value, dash.images["members"].value
    base0 = dash.images["baseline_fan"].value
    dash.controls[LEVER].slider.value = 1.0  # what the browser does when the slider moves
    assert dash.error.value == ""
    assert dash.controls[LEVER].value == 1.0
    assert dash.verdict.value != verdict0
    assert dash.images["fan"].value != fan0
    assert dash.images["members"].value != members0
    assert dash.images["baseline_fan"].value == base0  # the baseline does not move
    assert dash.current_scenario().levers.quota_accountability == 1.0
    assert "policy minus baseline" in dash.difference.value


def test_common_random_numbers(dash: Dashboard):
    """A lever that acts on nothing in this territory leaves every replication unchanged:
    the baseline and the policy share their random numbers."""
    # remedial_per_year is already 0; the owner_outreach lever is 0, so its effect is nil
    dash.set_values({"levers.remedial_per_year": 0.0, "effects.owner_outreach": 0.9})
    a, b = dash.results.annual, dash.baseline_results.annual
    assert dash.current_scenario().sha256() != dash.baseline.sha256()
    assert a["admissions"].tolist() == b["admissions"].tolist()


def test_reset_restores(dash: Dashboard):
    verdict0, fan0 = dash.verdict.value, dash.images["fan"].value
    dash.set_values({LEVER: 1.0, "pipeline.vote_pass": 0.6})
    assert dash.verdict.value != verdict0
    dash.reset()
    assert all(not c.changed for c in dash.controls.values())
    assert dash.current_scenario().model_dump() == dash.baseline.model_dump()
    assert dash.controls[LEVER].slider.value == 0.0
    assert dash.verdict.value == verdict0
    assert dash.images["fan"].value == fan0


def test_save_as_writes_loadable_yaml(dash: Dashboard, tmp_path: Path):
    dash.set_values({LEVER: 0.75, "pipeline.identification_rate": 0.031, "levers.classes_per_year": 9})
    path = dash.save()
    assert path == tmp_path / "saved.yaml" and path.is_file()
    assert "Saved" in dash.export_label.value
    loaded = partysim.load_scenario(path)
    current = dash.current_scenario()
    same = {"name", "title"}  # everything else loads back as it was set
    assert loaded.model_dump(exclude=same) == current.model_dump(exclude=same)
    assert loaded.levers.quota_accountability == 0.75 and loaded.pipeline.identification_rate == 0.031
    # the saved settings never read as the original: name and title carry the changes
    assert (
        loaded.name
        == current.variant_name
        == "tiny__identification_rate-0.031__classes_per_year-9__quota_accountability-0.75"
    )
    assert (
        loaded.title.en.startswith("Tiny test territory (") and "awareness classes held per year = 9" in loaded.title.en
    )
    assert "số lớp bồi dưỡng nhận thức về Đảng mỗi năm = 9" in loaded.title.vi
    assert "Changed: " in path.read_text(encoding="utf-8").splitlines()[2]


def test_save_without_a_file_names_it_after_the_changes(dash: Dashboard, tmp_path: Path):
    dash.save_path.value = ""
    dash.save_dir = tmp_path
    dash.set_values({"levers.classes_per_year": 9})
    path = dash.save()
    assert path == tmp_path / "tiny__classes_per_year-9.yaml"
    assert partysim.load_scenario(path).levers.classes_per_year == 9


def test_charts_and_verdicts_name_the_changes(dash: Dashboard):
    dash.set_values({"levers.classes_per_year": 9})
    fig = dash.figure("fan")
    texts = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    assert "awareness classes held per year = 9" in texts  # subtitle and footer
    assert "(in the file: 4)" in " ".join(texts.split())
    base = dash.figure("baseline_fan")
    assert "awareness classes held per year" not in " ".join(t.get_text() for t in base.texts)


def test_schedule_lever_sets_latest_step():
    sc = partysim.load_scenario(SCENARIOS / "huong_son_2018_2022.yaml")
    specs = {s.path: s for s in control_specs(sc)}
    spec = specs["levers.quota_accountability"]
    assert (spec.value, spec.period) == (1.0, "2021")
    new = apply_values(sc, {spec.path: 0.4}, specs)
    assert new.levers.quota_accountability == {"2018": 0.0, "2021": 0.4}


def test_language_switch(dash: Dashboard):
    en = {
        "title": dash.accordion.get_title(0),
        "button": dash.reset_button.description,
        "label": dash.controls[LEVER].label.value,
        "verdict": dash.verdict.value,
        "fan": dash.images["fan"].value,
        "status": dash.status.value,
    }
    dash.lang_toggle.value = "vi"  # the switch in the dashboard
    assert dash.lang == "vi"
    assert dash.accordion.get_title(0) == "Tạo nguồn kết nạp" != en["title"]
    assert dash.reset_button.description == "Về kịch bản ban đầu"
    assert "Giao chỉ tiêu cho chi bộ" in dash.controls[LEVER].label.value
    assert "Xác suất đạt từng chỉ tiêu" in dash.verdict.value and dash.verdict.value != en["verdict"]
    assert dash.images["fan"].value != en["fan"]  # titles, ticks and legend redrawn
    assert "Xem nhanh" in dash.status.value
    dash.set_lang("en")
    assert dash.accordion.get_title(0) == en["title"] and dash.verdict.value == en["verdict"]


def test_number_formats_follow_language(dash: Dashboard):
    c = dash.controls["pipeline.identification_rate"]
    c.set_value(0.0125, notify=False)
    assert "1.25%" in c.readout.value
    dash.set_lang("vi", redraw=False)
    assert "1,25%" in c.readout.value
    classes = dash.controls["levers.classes_per_year"]
    classes.set_value(2360, notify=False)
    assert "2.360" in classes.readout.value


def test_failed_preview_shows_error_and_dashboard_survives(dash: Dashboard, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("engine exploded")

    verdict0 = dash.verdict.value
    monkeypatch.setattr(preview_runs, "run_preview", boom)
    dash.set_value(LEVER, 0.5)  # must not raise
    assert "engine exploded" in dash.error.value and "RuntimeError" in dash.error.value
    assert dash.verdict.value == verdict0  # last good view kept
    monkeypatch.undo()
    dash.set_value(LEVER, 0.6)
    assert dash.error.value == "" and dash.verdict.value != verdict0


def test_full_run(dash: Dashboard):
    job = dash.run_full(block=True, timeout=120)
    assert job is not None and not job.running
    assert dash.error.value == ""
    assert dash.mode == "full" and dash.results.replications == 3
    assert dash.progress.value == dash.progress.max == 6  # baseline and policy
    assert not dash.controls[LEVER].slider.disabled and dash.cancel_button.disabled
    assert "Full run" in dash.status.value
    # the baseline's full results are reused by the next full run
    dash.set_value(LEVER, 1.0)
    assert dash.mode == "preview"
    job = dash.run_full(block=True, timeout=120)
    assert job.total == 3 and dash.mode == "full"


def test_failed_full_run_shows_error(dash: Dashboard, monkeypatch):
    def boom(*_a, **_k):
        raise ValueError("no memory left")

    monkeypatch.setattr(jobs.runner, "run", boom)
    dash.run_full(block=True, timeout=60)
    assert "no memory left" in dash.error.value
    assert dash.mode == "preview" and not dash.run_button.disabled


def test_cancel_full_run(dash: Dashboard, monkeypatch):
    started = threading.Event()

    def slow_run(scenario, replications, seed, progress, on_replication):
        for r in range(replications):
            started.set()
            time.sleep(0.05)
            on_replication(r)
        raise AssertionError("should have been cancelled")

    monkeypatch.setattr(jobs.runner, "run", slow_run)
    dash.full_replications = 200
    dash.run_full()
    assert dash.controls[LEVER].slider.disabled and not dash.cancel_button.disabled
    assert started.wait(10)
    dash.cancel()
    assert dash.wait(10)
    assert "cancelled" in dash.notice.value
    assert dash.error.value == "" and dash.mode == "preview"
    assert not dash.controls[LEVER].slider.disabled and dash.cancel_button.disabled
    assert dash.progress.value < 200


def test_export_chart(dash: Dashboard, tmp_path: Path):
    png = dash.export("fan", "png")
    assert png is not None and png.suffix == ".png"
    width, _ = _png_size(png.read_bytes())
    assert width == pytest.approx(17 / 2.54 * 300, abs=2)  # A4 text width at 300 dpi
    svg = dash.export("members", "svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    pdf = dash.export("funnel", "pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert {p.parent for p in (png, svg, pdf)} == {tmp_path / "exports"}
    assert "Exported" in dash.export_label.value


def test_slider_preview_is_judged_over_parameter_sets():
    """With ``preview_sets`` the slider preview's verdicts integrate over parameter sets by
    flow-model ratios: each probability carries its interval over the sets, the note names
    the route and the targets left to chance, and a value the planner moved is pinned."""
    d = Dashboard(TINY, lang="en", preview_sets=4)
    assert d.wait(30) and d.error.value == ""
    u = d.results.uncertainty
    assert u is not None and u["sets"] == 4 and "flow-model ratios" in u["method"]
    assert {"prob_lo", "prob_hi", "probability_fixed"} <= set(d.results.verdicts.columns)
    assert "flow model" in d.verdict.value and "slider value" not in d.verdict.value
    spread = d.results.verdicts["prob_hi"] - d.results.verdicts["prob_lo"]
    assert (spread > 0).any()  # the sets move the probabilities: not chance alone
    d.set_value("pipeline.identification_rate", d.controls["pipeline.identification_rate"].slider.max)
    assert d.error.value == "" and "pipeline.identification_rate" in d.results.uncertainty["pinned"]
    assert "pipeline.identification_rate" not in d.results.uncertainty["varied"]
