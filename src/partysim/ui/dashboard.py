"""The notebook dashboard: sliders over levers and uncertain parameters, verdicts and charts.

Moving a slider first redraws the admissions and members charts from the expected-value
flow model of the changed settings (:mod:`partysim.ui.instant`: tens of milliseconds, the
status line says so), with the equilibrium and "what it takes" panel
(:mod:`partysim.ui.decision_view`); then it re-runs the model in preview mode (:mod:`partysim.analysis.preview`: the same
engine on a weighted sample of the territory) and redraws the admissions fan chart with
the targets, the probability of meeting each target, members and admission rate, and the
pipeline funnel, next to the baseline (the scenario as loaded) run with the same seed and
replications, so the difference shown is the policy's and not noise.

"Run full" runs all replications at full scale in a background thread (progress bar,
Cancel button; :mod:`partysim.ui.full_view`); so do the search for the smallest lever
setting meeting a target and the quarterly review (:mod:`partysim.ui.quarter_view`).
Errors are shown in the dashboard; they never stop it.

Example (in a notebook)::

    import matplotlib; matplotlib.use("Agg")
    from partysim.ui import Dashboard, find_scenario
    Dashboard(find_scenario("ninh_binh_2023"), lang="vi")
"""

from __future__ import annotations

import html
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from partysim.analysis.flow_inputs import FlowInputs, flow_inputs
from partysim.analysis.honest import DEFAULT_SETS, Weighted
from partysim.analysis.preview import PREVIEW_PEOPLE, PREVIEW_REPLICATIONS, SamplePlan, plan_sample
from partysim.analysis.results import Results
from partysim.outputs.i18n import check_lang, format_number, format_percent
from partysim.outputs.posterior_files import declared_posterior_path, read_posterior_sets
from partysim.outputs.variant_text import localized_targets, scenario_title
from partysim.scenario.schema import Scenario, load_scenario
from partysim.ui import render
from partysim.ui.controls import ParamControl
from partysim.ui.decision_view import DecisionView
from partysim.ui.files import DashboardFiles
from partysim.ui.full_view import DashboardFullRun
from partysim.ui.instant import FlowAnswer, flow_answer
from partysim.ui.instant_charts import InstantCharts
from partysim.ui.jobs import FullRun
from partysim.ui.layout import DashboardView
from partysim.ui.preview_runs import PREVIEW_SETS, PreviewRuns
from partysim.ui.quarter_view import QuarterView
from partysim.ui.specs import apply_values, control_specs
from partysim.ui.texts import text
from partysim.ui.verdict_view import composition_html, difference_html, uncertainty_note, verdict_html

__all__ = ["Dashboard"]


class Dashboard(DashboardFiles, DashboardFullRun, DashboardView):
    """Sliders, verdicts and charts for one scenario, in a notebook.

    Args:
        scenario: A validated :class:`~partysim.scenario.schema.Scenario` or the path of a
            scenario YAML file.
        lang: ``"vi"`` or ``"en"`` for every label, tick and number.
        people_budget: Simulated people per preview replication (see
            :func:`partysim.analysis.preview.plan_sample`).
        preview_replications: Replications of each preview run.
        full_replications: Replications of a full run (default: the scenario's).
        sets: Parameter sets a full run, "what it takes" and the quarterly review are
            judged over (:mod:`partysim.analysis.honest`; 0: the estimates fixed).
        seed: Seed of every run (default: the scenario's); the same for baseline and
            policy (common random numbers).
        save_path: Default file for "Save as scenario file" (default: empty, meaning
            ``<save_dir>/<name>__<changes>.yaml``, named after what was changed).
        export_dir: Default folder for exported charts.
        save_dir: Folder of saved scenario files when no file is given (default: the
            working folder).
        autorun: Run the first preview now (False leaves the charts empty until
            :meth:`refresh`).
        require_replications: Replications per parameter set and setting of the search
            for what a target takes (:func:`partysim.analysis.requirement.require`; its
            parameter sets: ``sets``).
        review_replications: Replications of the quarterly review.
        posterior: A calibration's ``posterior_sets.csv`` (or its folder) to resample
            the sets from instead of the priors (default: the file's own
            ``calibration.posterior`` when ``scenario`` is a path).
        preview_sets: Parameter sets the slider preview is judged over by flow-model
            ratios (:mod:`partysim.ui.preview_runs`; 0: the estimates fixed).

    Attributes:
        widget: The root widget (the dashboard displays itself in a notebook).
        controls: :class:`~partysim.ui.controls.ParamControl` by dotted parameter path.
        results: Results shown for the current settings (preview or full).
        baseline_results: Results shown for the baseline.
        mode: ``"preview"`` or ``"full"``: what the results are.
        shown: ``"flow"`` (the flow model's instant charts), ``"preview"`` or ``"full"``.
        flow: The flow model's :class:`~partysim.ui.instant.FlowAnswer` for the current
            settings (None before the first refresh or when it failed).
        decisions: The :class:`~partysim.ui.decision_view.DecisionView` (equilibrium,
            what it takes).
        quarter: The :class:`~partysim.ui.quarter_view.QuarterView`.
        verdict: HTML widget with the verdict table.
        images: ``ipywidgets.Image`` per chart (``fan``, ``baseline_fan``, ``members``,
            ``funnel``), PNG bytes.
        error: HTML widget showing the last error (empty when none).
        status: HTML widget with what is shown and how long it took.
    """

    def __init__(
        self,
        scenario: Scenario | str | Path,
        lang: str = "vi",
        *,
        people_budget: int = PREVIEW_PEOPLE,
        preview_replications: int = PREVIEW_REPLICATIONS,
        full_replications: int | None = None,
        sets: int = DEFAULT_SETS,
        seed: int | None = None,
        save_path: str | Path | None = None,
        export_dir: str | Path = "exports",
        autorun: bool = True,
        save_dir: str | Path = ".",
        require_replications: int = 5,
        review_replications: int = 40,
        posterior: str | Path | None = None,
        preview_sets: int = PREVIEW_SETS,
    ) -> None:
        if isinstance(scenario, (str, Path)):
            self.source = str(scenario)
            scenario = load_scenario(scenario)
            posterior = posterior or declared_posterior_path(scenario, self.source)
        else:
            self.source = scenario.name
        self.posterior: Weighted | None = None if posterior is None else read_posterior_sets(posterior)
        self.baseline: Scenario = scenario
        self.lang, self.people_budget = check_lang(lang), int(people_budget)
        self.preview_replications, self.sets = int(preview_replications), int(sets)
        self.full_replications = int(full_replications or scenario.replications)
        self.seed = scenario.seed if seed is None else int(seed)
        self.plan: SamplePlan = plan_sample(scenario, self.people_budget)
        self.previews = PreviewRuns(
            scenario, self.people_budget, self.preview_replications, self.seed, preview_sets, self.posterior
        )
        self.results: Results | None = None
        self.baseline_results: Results | None = None
        self.policy_scenario: Scenario = scenario
        self.mode = self.shown = "preview"
        self.seconds, self._quiet = 0.0, False
        self.flow: FlowAnswer | None = None
        self._baseline_flow: FlowAnswer | None = None
        self._flow_inputs: FlowInputs | None = None
        self.instant_charts = InstantCharts(scenario)
        self._baseline_preview: Results | None = None
        self._baseline_full: dict[tuple[int, int, int], Results] = {}
        self._job: FullRun | None = None
        self._baseline_png: tuple[tuple | None, bytes] = (None, b"")
        self._draw_lock = threading.RLock()  # the full run draws from its thread
        self._status_key: tuple[str, dict] | None = None
        specs = control_specs(scenario)
        self.specs = {s.path: s for s in specs}
        self.controls = {s.path: ParamControl(s, lang, self._on_control) for s in specs}
        self.save_dir = Path(save_dir)
        panels = self._decision_views(require_replications, review_replications)
        super().__init__(self.controls, Path(save_path) if save_path else None, Path(export_dir), panels)
        self._wire()
        self.set_lang(lang, redraw=False)
        if autorun:
            self.refresh()

    def _decision_views(self, require_replications: int, review_replications: int) -> tuple:
        """Build the decision panels (what it takes, quarterly review); their widgets."""
        current, err = self.current_scenario, self._show_error
        self.decisions = DecisionView(
            self.baseline, current, sets=self.sets, replications=require_replications, seed=self.seed, on_error=err,
            posterior=self.posterior,
        )  # fmt: skip
        self.quarter = QuarterView(
            current, self.baseline, sets=self.sets, replications=review_replications, seed=self.seed, on_error=err,
            posterior=self.posterior,
        )  # fmt: skip
        return (self.decisions.widget, self.quarter.widget)

    def _wire(self) -> None:
        """Connect buttons and the language switch to their actions."""
        self.lang_toggle.observe(lambda ch: self.set_lang(ch["new"]), names="value")
        self.reset_button.on_click(lambda _b: self.reset())
        self.run_button.on_click(lambda _b: self.run_full())
        self.cancel_button.on_click(lambda _b: self.cancel())
        self.save_button.on_click(lambda _b: self.save())
        for fmt, button in self.export_buttons.items():
            button.on_click(lambda _b, f=fmt: self.export(fmt=f))

    # ------------------------------------------------------------------ language
    def set_lang(self, lang: str, redraw: bool = True) -> None:
        """Switch every label, tick and number format to ``lang`` (``"vi"``/``"en"``).

        Args:
            lang: ``"vi"`` or ``"en"``.
            redraw: Also redraw tables and charts (no re-run).
        """
        self.lang = check_lang(lang)
        if self.lang_toggle.value != lang:
            self.lang_toggle.value = lang  # the observer calls back here; harmless
        self.relabel(lang, scenario_title(self.baseline, lang), self.full_replications)
        self.decisions.relabel(lang)
        self.quarter.relabel(lang)
        if self._status_key:
            self._set_status(*self._status_key)
        if redraw and self.results is not None:
            self._draw()

    # ------------------------------------------------------------------ settings
    def current_scenario(self) -> Scenario:
        """The scenario with the current control values (validated)."""
        values = {p: c.value for p, c in self.controls.items() if c.changed}
        return apply_values(self.baseline, values, self.specs) if values else self.baseline

    def set_value(self, path: str, value: float) -> None:
        """Set a control as if the planner moved it (re-runs the preview)."""
        self.controls[path].set_value(value, notify=True)

    def set_values(self, values: dict[str, float]) -> None:
        """Set several controls at once, then re-run the preview once."""
        with self._batch():
            for path, value in values.items():
                self.controls[path].set_value(value, notify=True)
        self.refresh()

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Change several controls with a single refresh at the end."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def reset(self) -> None:
        """Put every control back to the scenario as loaded and redraw."""
        changed = any(c.changed for c in self.controls.values())
        with self._batch():
            for c in self.controls.values():
                c.set_value(c.spec.value, notify=False)
        if changed or self.mode != "preview" or self.results is None or self.error.value:
            self.refresh()

    def _on_control(self, _path: str, _value: float) -> None:
        if not self._quiet:
            self.refresh()

    # ------------------------------------------------------------------ instant step, preview
    def refresh(self) -> None:
        """Show the flow model's answer for the current settings at once
        (:meth:`instant_step`), then re-run the sampled preview and redraw
        (:meth:`preview_step`). Errors are shown."""
        self.error.value = ""
        self.instant_step()
        self.preview_step()

    def instant_step(self) -> FlowAnswer | None:
        """Run the flow model on the current settings from the baseline's month-0 build and
        redraw the admissions and members charts and the decision panel from it."""
        t0 = time.perf_counter()
        try:
            policy = self.current_scenario()
            if self._flow_inputs is None:
                self._flow_inputs = flow_inputs(self.baseline)
            answer = flow_answer(policy, self._flow_inputs)
            if self._baseline_flow is None:
                same = policy.sha256() == self.baseline.sha256()
                self._baseline_flow = answer if same else flow_answer(self.baseline, self._flow_inputs)
            with self._draw_lock:
                for chart, png in self.instant_charts.draw(answer, self.lang).items():
                    self.images[chart].value = png
        except Exception as exc:  # shown in the dashboard; the preview still follows
            self.flow = None
            self.decisions.show_flow(None)
            self._show_error("mode.flow_failed", exc)
            return None
        self.flow, self.shown = answer, "flow"
        self.decisions.show_flow(answer)
        self._set_status("mode.flow", {"s": round(time.perf_counter() - t0, 2)})
        return answer

    def preview_step(self) -> None:
        """Re-run the preview for the current settings and redraw. Errors are shown."""
        t0 = time.perf_counter()
        try:
            policy = self.current_scenario()
            if self._baseline_preview is None:
                self._baseline_preview = self.previews(self.baseline)
            same = policy.sha256() == self.baseline.sha256()
            results = self._baseline_preview if same else self.previews(policy)
        except Exception as exc:  # shown in the dashboard
            self._show_error("error.preview", exc)
            return
        self.seconds = time.perf_counter() - t0
        self.policy_scenario, self.results, self.baseline_results = policy, results, self._baseline_preview
        self.mode = "preview"
        self._draw()
        self._set_status(*self._preview_status())  # after the charts: the status says what is shown

    def _preview_status(self) -> tuple[str, dict]:
        n, s = self.preview_replications, round(self.seconds, 2)
        if self.plan.weight == 1.0:
            return "mode.preview_exact", {"n": n, "s": s}
        return "mode.preview", {"pct": 1 / self.plan.weight, "w": self.plan.weight, "n": n, "s": s}

    def _set_status(self, key: str, args: dict) -> None:
        self._status_key = (key, args)
        lang = self.lang
        shown = {
            k: (
                format_percent(v, lang, 1, trim=True)
                if k == "pct"
                else format_number(v, lang, 1, trim=True)
                if k in ("w", "s")
                else format_number(v, lang)
            )
            for k, v in args.items()
        }
        self.status.value = f"<span style='color:#444'>{html.escape(text(key, lang).format(**shown))}</span>"

    def _note(self) -> str:
        if self.mode == "full" or self.plan.weight == 1.0:
            return ""
        return text("prov.preview", self.lang).format(
            pct=format_percent(1 / self.plan.weight, self.lang, 1, trim=True),
            w=format_number(self.plan.weight, self.lang, 1, trim=True),
        )

    # ------------------------------------------------------------------ drawing
    def _draw(self) -> None:
        """Redraw tables and charts from the current results (no re-run)."""
        with self._draw_lock:
            self._draw_unlocked()

    def _draw_unlocked(self) -> None:
        assert self.results is not None and self.baseline_results is not None
        lang, note = self.lang, self._note()
        try:
            self.verdict.value = verdict_html(
                localized_targets(self.results.targets, lang, self.baseline),
                localized_targets(self.baseline_results.targets, lang, self.baseline),
                lang,
            ) + uncertainty_note(self.results.uncertainty, self.mode == "preview", lang)
            weight = self.plan.weight if self.mode == "preview" else 1.0
            self.difference.value = difference_html(self.results.annual, self.baseline_results.annual, lang, weight)
            self.composition.value = composition_html(self.results.annual, self.baseline_results.annual, lang)
            for chart in sorted(render.CHARTS, key=lambda c: c != "baseline_fan"):  # baseline first
                if chart == "baseline_fan":
                    key = (id(self.baseline_results), lang, note)
                    if self._baseline_png[0] != key:
                        fig = self._figure(chart, self.baseline, self.baseline_results)
                        self._baseline_png = (key, render.figure_png(fig))
                    self.images[chart].value = self._baseline_png[1]
                    continue
                if chart == "fan" and self.results is self.baseline_results:
                    self.images[chart].value = self._baseline_png[1]  # same run, same chart
                    continue
                fig = self._figure(chart, self.policy_scenario, self.results)
                self.images[chart].value = render.figure_png(fig)
            self.shown = self.mode
        except Exception as exc:  # shown in the dashboard
            self._show_error("error.preview", exc)

    def figure(self, chart: str = "fan"):
        """A fresh matplotlib Figure of ``chart`` for the results shown (for export)."""
        if self.results is None or self.baseline_results is None:
            raise RuntimeError("nothing to draw yet: call refresh() first")
        sc, res = (
            (self.baseline, self.baseline_results) if chart == "baseline_fan" else (self.policy_scenario, self.results)
        )
        with self._draw_lock:
            return self._figure(chart, sc, res)

    def _figure(self, chart: str, scenario: Scenario, results: Results):
        """``chart`` of ``results``; the fan charts with the flow model's equilibrium line."""
        fig = render.render_chart(chart, scenario, results, self.lang, self._note())
        flow = self._baseline_flow if chart == "baseline_fan" else self.flow
        if chart in ("fan", "baseline_fan") and flow is not None and flow.required is not None:
            level = flow.required["admissions"]
            words = f"{text('instant.equilibrium', self.lang)}: {format_number(level, self.lang)}"
            render.add_equilibrium_line(fig, level, words)
        return fig

    # ------------------------------------------------------------------ errors
    def _show_error(self, key: str, exc: BaseException) -> None:
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.error.value = (
            "<div style='border-left:4px solid #b00020;background:#fdecea;padding:6px 10px;margin:4px 0'>"
            f"<b>{html.escape(text('error', self.lang))}:</b> {html.escape(text(key, self.lang))}<br>"
            f"<code>{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</code>"
            f"<details><summary>{html.escape(text('details', self.lang))}</summary><pre style='font-size:0.8em'>{html.escape(tb)}</pre></details>"
            "</div>"
        )
