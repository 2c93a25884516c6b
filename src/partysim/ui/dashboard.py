"""The notebook dashboard: sliders over levers and uncertain parameters, verdicts and charts.

Moving a slider re-runs the model in preview mode (:mod:`partysim.analysis.preview`: the same
engine on a weighted sample of the territory) and redraws the admissions fan chart with
the targets, the probability of meeting each target, members and admission rate, and the
pipeline funnel, next to the baseline (the scenario as loaded) run with the same seed and
replications, so the difference shown is the policy's and not noise.

"Run full" runs all replications at full scale in a background thread (progress bar,
Cancel button). Errors are shown in the dashboard; they never stop it.

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

from partysim.analysis.honest import DEFAULT_SETS
from partysim.analysis.preview import PREVIEW_PEOPLE, PREVIEW_REPLICATIONS, SamplePlan, plan_sample, run_preview
from partysim.analysis.results import Results
from partysim.outputs.i18n import check_lang, format_number, format_percent
from partysim.outputs.variant_text import localized_targets, scenario_title
from partysim.scenario.schema import Scenario, load_scenario
from partysim.ui import render
from partysim.ui.controls import ParamControl
from partysim.ui.files import DashboardFiles
from partysim.ui.jobs import Cancelled, FullRun, FullRunOutcome
from partysim.ui.layout import DashboardView
from partysim.ui.specs import apply_values, control_specs
from partysim.ui.texts import text
from partysim.ui.verdict_view import composition_html, difference_html, uncertainty_note, verdict_html

__all__ = ["Dashboard"]


class Dashboard(DashboardFiles, DashboardView):
    """Sliders, verdicts and charts for one scenario, in a notebook.

    Args:
        scenario: A validated :class:`~partysim.scenario.schema.Scenario` or the path of a
            scenario YAML file.
        lang: ``"vi"`` or ``"en"`` for every label, tick and number.
        people_budget: Simulated people per preview replication (see
            :func:`partysim.analysis.preview.plan_sample`).
        preview_replications: Replications of each preview run.
        full_replications: Replications of a full run (default: the scenario's).
        seed: Seed of every run (default: the scenario's); the same for baseline and
            policy (common random numbers).
        save_path: Default file for "Save as scenario file" (default: empty, meaning
            ``<save_dir>/<name>__<changes>.yaml``, named after what was changed).
        export_dir: Default folder for exported charts.
        save_dir: Folder of saved scenario files when no file is given (default: the
            working folder).
        autorun: Run the first preview now (False leaves the charts empty until
            :meth:`refresh`).

    Attributes:
        widget: The root widget (the dashboard displays itself in a notebook).
        controls: :class:`~partysim.ui.controls.ParamControl` by dotted parameter path.
        results: Results shown for the current settings (preview or full).
        baseline_results: Results shown for the baseline.
        mode: ``"preview"`` or ``"full"``: what is shown.
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
    ) -> None:
        if isinstance(scenario, (str, Path)):
            self.source = str(scenario)
            scenario = load_scenario(scenario)
        else:
            self.source = scenario.name
        self.baseline: Scenario = scenario
        self.lang = check_lang(lang)
        self.people_budget = int(people_budget)
        self.preview_replications = int(preview_replications)
        self.full_replications = int(full_replications or scenario.replications)
        self.sets = int(sets)
        self.seed = scenario.seed if seed is None else int(seed)
        self.plan: SamplePlan = plan_sample(scenario, self.people_budget)
        self.results: Results | None = None
        self.baseline_results: Results | None = None
        self.policy_scenario: Scenario = scenario
        self.mode = "preview"
        self.seconds = 0.0
        self._baseline_preview: Results | None = None
        self._baseline_full: dict[tuple[int, int, int], Results] = {}
        self._job: FullRun | None = None
        self._baseline_png: tuple[tuple | None, bytes] = (None, b"")
        self._draw_lock = threading.RLock()  # the full run draws from its thread
        self._quiet = False
        self._status_key: tuple[str, dict] | None = None
        specs = control_specs(scenario)
        self.specs = {s.path: s for s in specs}
        self.controls = {s.path: ParamControl(s, lang, self._on_control) for s in specs}
        self.save_dir = Path(save_dir)
        super().__init__(self.controls, Path(save_path) if save_path else None, Path(export_dir))
        self._wire()
        self.set_lang(lang, redraw=False)
        if autorun:
            self.refresh()

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

    # ------------------------------------------------------------------ preview
    def refresh(self) -> None:
        """Re-run the preview for the current settings and redraw. Errors are shown."""
        t0 = time.perf_counter()
        try:
            policy = self.current_scenario()
            if self._baseline_preview is None:
                self._baseline_preview = self._preview(self.baseline)
            same = policy.sha256() == self.baseline.sha256()
            results = self._baseline_preview if same else self._preview(policy)
        except Exception as exc:  # shown in the dashboard
            self._show_error("error.preview", exc)
            return
        self.seconds = time.perf_counter() - t0
        self.policy_scenario, self.results, self.baseline_results = policy, results, self._baseline_preview
        self.mode = "preview"
        self.error.value = ""
        self._set_status(*self._preview_status())
        self._draw()

    def _preview(self, scenario: Scenario) -> Results:
        return run_preview(scenario, self.people_budget, self.preview_replications, seed=self.seed)

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
                        fig = render.render_chart(chart, self.baseline, self.baseline_results, lang, note)
                        self._baseline_png = (key, render.figure_png(fig))
                    self.images[chart].value = self._baseline_png[1]
                    continue
                if chart == "fan" and self.results is self.baseline_results:
                    self.images[chart].value = self._baseline_png[1]  # same run, same chart
                    continue
                fig = render.render_chart(chart, self.policy_scenario, self.results, lang, note)
                self.images[chart].value = render.figure_png(fig)
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
            return render.render_chart(chart, sc, res, self.lang, self._note())

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

    # ------------------------------------------------------------------ full run
    def run_full(self, block: bool = False, timeout: float | None = None) -> FullRun | None:
        """Run the full set of replications (baseline and policy) in a background thread.

        Controls are locked until it ends; Cancel stops it after the replication in
        progress. Returns the job (None if one is already running).

        Args:
            block: Wait for the end (tests and scripts).
            timeout: Longest wait when ``block`` (s).
        """
        if self._job is not None and self._job.running:
            return None
        try:
            policy = self.current_scenario()
        except Exception as exc:
            self._show_error("error.full", exc)
            return None
        key = (self.full_replications, self.seed, self.sets)
        self._lock(True)
        job = FullRun(
            policy,
            self.baseline,
            self.full_replications,
            self.seed,
            on_progress=self._progress,
            on_done=lambda out: self._full_done(policy, key, out),
            on_error=self._full_failed,
            baseline_results=self._baseline_full.get(key),
            sets=self.sets,
        )
        self.progress.max, self.progress.value = job.total, 0
        self._progress(0, job.total)
        self._job = job.start()
        if block:
            self.wait(timeout)
        return job

    def cancel(self) -> None:
        """Stop the full run after the replication in progress."""
        if self._job is not None:
            self._job.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a running full run; True if none is left running."""
        return True if self._job is None else self._job.join(timeout)

    def _lock(self, locked: bool) -> None:
        for c in self.controls.values():
            c.slider.disabled = locked
        self.reset_button.disabled = self.run_button.disabled = locked
        self.cancel_button.disabled = not locked
        self.progress.layout.visibility = "visible" if locked else "hidden"
        self.notice.value = f"<i>{html.escape(text('full_disabled', self.lang))}</i>" if locked else ""

    def _progress(self, done: int, total: int) -> None:
        self.progress.value = done
        self.progress_label.value = html.escape(
            text("running_full", self.lang).format(
                done=format_number(done, self.lang), total=format_number(total, self.lang)
            )
        )

    def _full_done(self, policy: Scenario, key: tuple[int, int, int], out: FullRunOutcome) -> None:
        self._baseline_full[key] = out.baseline
        self.policy_scenario, self.results, self.baseline_results = policy, out.policy, out.baseline
        self.mode, self.seconds = "full", out.seconds
        self.error.value = ""
        self._set_status("mode.full", {"n": self.full_replications, "s": round(out.seconds, 1)})
        self.progress_label.value = ""
        self._lock(False)
        self._draw()

    def _full_failed(self, exc: BaseException) -> None:
        self._lock(False)
        self.progress_label.value = ""
        if isinstance(exc, Cancelled):
            self.notice.value = f"<i>{html.escape(text('cancelled', self.lang))}</i>"
        else:
            self._show_error("error.full", exc)
