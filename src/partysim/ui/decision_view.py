"""The dashboard's decision panel: the pipeline in equilibrium and "what it takes".

- **Equilibrium** (instant, from the flow model of the current settings,
  :mod:`partysim.ui.instant`): the admissions a year that sustain the scenario's
  admission-rate target, the identifications, class seats and dossiers a year they take,
  what the pipeline sustains now, the binding stage and whether the rate is attainable.
- **What it takes** for the selected target: the flow model's instant answer (the same
  equilibrium arithmetic for that target: seats, classes a year, identifications,
  binding stage), and a button that runs :func:`partysim.analysis.requirement.require`
  (full simulation over parameter sets drawn from the priors, as "Run full" judges: the
  sliders moved are pinned; the smallest setting of the chosen lever meeting the target
  with the chosen probability in each year) in a background thread, with
  progress and Cancel, as "Run full" does; its answer in words
  (:func:`partysim.outputs.requirement_text.requirement_lines`) when done.

CSS classes: ``partysim-equilibrium``, ``partysim-takes-instant``, ``partysim-takes-result``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as W

from partysim.analysis.honest import Weighted
from partysim.analysis.requirement import require
from partysim.analysis.requirement_results import RequirementResults
from partysim.outputs.i18n import format_number, format_percent
from partysim.outputs.requirement_text import requirement_lines
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import Scenario
from partysim.scenario.targets import Target
from partysim.ui.background import Job, JobPanel, Tick
from partysim.ui.instant import FlowAnswer, takes
from partysim.ui.jobs import Cancelled, slider_uncertainty
from partysim.ui.texts import text

__all__ = ["DecisionView", "equilibrium_html", "takes_html"]

DEFAULT_LEVER = "classes_per_year"
"""Lever searched by default (awareness classes a year)."""


def _n(v: float, lang: str) -> str:
    return format_number(v, lang)


def equilibrium_html(answer: FlowAnswer | None, lang: str) -> str:
    """The equilibrium panel (HTML) for the flow model's ``answer``."""
    head = f"<h4 style='margin:4px 0'>{html.escape(text('eq.title', lang))}</h4>"
    if answer is None:
        return head
    if answer.rate is None or answer.required is None:
        return head + f"<p>{html.escape(text('eq.none', lang))}</p>"
    eq, req = answer.equilibrium, answer.required
    lines = [
        text("eq.target", lang).format(
            rate=format_percent(answer.rate, lang, 2, trim=True), members=_n(eq.members, lang),
            adm=_n(req["admissions"], lang),
        ),
        text("eq.needs", lang).format(
            idn=_n(req["identified"], lang), seats=_n(req["seats"], lang), dos=_n(req["dossiers"], lang)
        ),
        text("eq.now", lang).format(
            idn=_n(eq.identified, lang), seats=_n(eq.seats, lang), steady=_n(eq.ceilings()["admissions"], lang)
        ),
        text("eq.binding", lang).format(
            stage=text(f"stage.{eq.binding_stage()}", lang), ok=text("yes" if eq.attainable(answer.rate) else "no", lang)
        ),
    ]  # fmt: skip
    return head + "".join(f"<p style='margin:2px 0'>{html.escape(s)}</p>" for s in lines)


def takes_html(answer: FlowAnswer | None, target: Target | None, lang: str) -> str:
    """The flow model's instant answer to "what does ``target`` take" (HTML)."""
    if answer is None or target is None:
        return ""
    got = takes(answer, target)
    if got is None:
        return f"<p style='margin:2px 0;color:#555'><i>{html.escape(text('takes.not_flow', lang))}</i></p>"
    words = text("takes.instant", lang).format(
        adm=_n(float(got["wanted"]), lang), idn=_n(float(got["identified"]), lang), seats=_n(float(got["seats"]), lang),
        classes=format_number(float(got["classes"]), lang, 1, trim=True),
        now_classes=format_number(float(got["now_classes"]), lang, 1, trim=True),
        dos=_n(float(got["dossiers"]), lang), ok=text("yes" if got["attainable"] else "no", lang),
        stage=text(f"stage.{got['binding']}", lang),
    )  # fmt: skip
    return f"<p style='margin:2px 0'>{html.escape(words)}</p>"


class DecisionView(JobPanel):
    """Equilibrium panel and "what it takes" (see the module docstring).

    Args:
        scenario: The scenario as loaded (its targets and levers).
        current: Returns the current settings (the dashboard's sliders).
        sets: Parameter sets of the simulation's search.
        replications: Replications per set and setting.
        seed: Seed of the draws and runs.
        on_error: Shows an exception in the dashboard (key of the message, exception).
        posterior: The file's calibration ``(sets, weights)``, resampled to ``sets``
            instead of prior draws (None: the priors).

    Attributes:
        widget: The panel's root widget.
        flow: The flow model's answer shown, or None.
        result: The last :class:`~partysim.analysis.requirement_results.RequirementResults`.
        seconds: Wall time of the last search (s).
    """

    def __init__(
        self,
        scenario: Scenario,
        current: Callable[[], Scenario],
        *,
        sets: int,
        replications: int,
        seed: int,
        on_error: Callable[[str, BaseException], None],
        posterior: Weighted | None = None,
    ) -> None:
        self.posterior = posterior
        self.scenario, self.current = scenario, current
        self.sets, self.replications, self.seed = int(sets), int(replications), int(seed)
        self.on_error = on_error
        self.lang = "vi"
        self.flow: FlowAnswer | None = None
        self.result: RequirementResults | None = None
        self.seconds = 0.0
        self.job: Job | None = None
        self._build()

    def _build(self) -> None:
        wide = {"description_width": "initial"}
        self.equilibrium = W.HTML()
        self.equilibrium.add_class("partysim-equilibrium")
        self.title = W.HTML()
        self.target = W.Dropdown(layout=W.Layout(width="360px"), style=wide)
        levers = [p for p in iter_params(self.scenario) if p.path.startswith("levers.")]
        self._levers = {p.path.split(".", 1)[1]: p for p in levers}
        first = DEFAULT_LEVER if DEFAULT_LEVER in self._levers else next(iter(self._levers))
        self.lever = W.Dropdown(options=list(self._levers), value=first, layout=W.Layout(width="360px"), style=wide)
        self.probability = W.BoundedFloatText(value=0.8, min=0.05, max=0.99, step=0.05, style=wide,
                                              layout=W.Layout(width="200px"))  # fmt: skip
        self.instant = W.HTML()
        self.instant.add_class("partysim-takes-instant")
        self.run_button = W.Button(icon="search", button_style="primary", layout=W.Layout(width="auto"))
        self.cancel_button = W.Button(icon="stop", button_style="warning", disabled=True, layout=W.Layout(width="auto"))
        self.progress = W.HTML()
        self.answer = W.HTML()
        self.answer.add_class("partysim-takes-result")
        self.target.observe(lambda _ch: self._show_instant(), names="value")
        self.run_button.on_click(lambda _b: self.run_require())
        self.cancel_button.on_click(lambda _b: self.cancel())
        row = W.HBox([self.run_button, self.cancel_button, self.progress], layout=W.Layout(align_items="center"))
        self.widget = W.VBox([self.equilibrium, self.title, self.target, self.lever, self.probability,
                              self.instant, row, self.answer])  # fmt: skip

    def relabel(self, lang: str) -> None:
        """Put every label in ``lang`` and redraw the panels."""
        self.lang = lang
        self.title.value = f"<h4 style='margin:8px 0 4px'>{html.escape(text('takes.title', lang))}</h4>"
        current = self.target.value if self.target.options else 0
        self.target.options = [(str(t.name.get(lang)), i) for i, t in enumerate(self.scenario.targets)]
        if self.scenario.targets:
            self.target.value = current
        lever = self.lever.value
        self.lever.options = [(getattr(p, lang), name) for name, p in self._levers.items()]
        self.lever.value = lever
        self.target.description = text("takes.target", lang)
        self.lever.description = text("takes.lever", lang)
        self.probability.description = text("takes.probability", lang)
        self.run_button.description = text("takes.run", lang)
        self.cancel_button.description = text("cancel_job", lang)
        self.show_flow(self.flow)
        if self.result is not None:
            self._show_result()

    def selected_target(self) -> Target | None:
        """The target chosen in the dropdown (None when the scenario sets none)."""
        return self.scenario.targets[self.target.value] if self.scenario.targets else None

    def show_flow(self, answer: FlowAnswer | None) -> None:
        """Show the flow model's ``answer`` (equilibrium and instant "what it takes")."""
        self.flow = answer
        self.equilibrium.value = equilibrium_html(answer, self.lang)
        self._show_instant()

    def _show_instant(self) -> None:
        self.instant.value = takes_html(self.flow, self.selected_target(), self.lang)

    # ------------------------------------------------------------------ the search
    def run_require(self, block: bool = False, timeout: float | None = None) -> Job | None:
        """Run :func:`~partysim.analysis.requirement.require` for the selected target, lever
        and probability on the current settings, in a background thread (None if one runs)."""
        target = self.selected_target()
        if target is None or (self.job is not None and self.job.running):
            return None
        try:
            scenario = self.current()
        except Exception as exc:
            self.on_error("takes.error", exc)
            return None
        name, lever, p = str(target.name), str(self.lever.value), float(self.probability.value)
        over = slider_uncertainty(scenario, self.scenario, self.sets, self.posterior)

        def work(tick: Tick) -> RequirementResults:
            return require(scenario, name, p, [lever], sets=self.sets, replications=self.replications,
                           seed=self.seed, uncertainty=over, progress=lambda done: tick(done, 0))  # fmt: skip

        self._running(True)
        return self._launch(work, "partysim-require", block, timeout)

    def _running(self, on: bool) -> None:
        self.run_button.disabled = on
        self.cancel_button.disabled = not on
        self.progress.value = html.escape(text("takes.running", self.lang).format(done=0)) if on else ""

    def _progress(self, done: int, _total: int) -> None:
        self.progress.value = html.escape(text("takes.running", self.lang).format(done=format_number(done, self.lang)))

    def _done(self, result: RequirementResults, seconds: float) -> None:
        self.result, self.seconds = result, seconds
        self._running(False)
        self._show_result()

    def _failed(self, exc: BaseException) -> None:
        self._running(False)
        if isinstance(exc, Cancelled):
            self.answer.value = f"<i>{html.escape(text('takes.cancelled', self.lang))}</i>"
        else:
            self.on_error("takes.error", exc)

    def _show_result(self) -> None:
        res, lang = self.result, self.lang
        assert res is not None
        head = text("takes.design", lang).format(
            k=res.sets, n=res.replications, seed=res.seed, s=format_number(self.seconds, lang, 1, trim=True)
        )
        lines = [head, *requirement_lines(res, lang)]
        self.answer.value = "".join(f"<p style='margin:2px 0'>{html.escape(s)}</p>" for s in lines)
