"""The dashboard's widgets and their labels; no behaviour (see :mod:`.dashboard`).

Layout: title and language switch; status, error and notice lines; action buttons
(reset, full run with progress and Cancel, save as scenario file, export chart); then
the controls in one accordion pane per planner's group (levers first, then uncertain
parameters) on the left, and the verdict table and charts on the right (policy and
baseline fan charts side by side, the paired difference table, members and funnel), and
under them the decision panels in tabs (equilibrium and what it takes; quarterly review).

CSS classes for tests and browsers: ``partysim-dashboard``, ``partysim-status``,
``partysim-error``, ``partysim-notice``, ``partysim-verdict``, ``partysim-chart-<name>``
on each chart image, ``partysim-<path>`` on each slider (see :mod:`.controls`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

import ipywidgets as W

from partysim.outputs.i18n import format_number
from partysim.ui.controls import ParamControl
from partysim.ui.render import CHARTS
from partysim.ui.specs import GROUPS
from partysim.ui.texts import text

__all__ = ["DashboardView"]


class DashboardView:
    """All widgets of the dashboard, built once and relabelled on a language switch.

    Args:
        controls: Slider rows by parameter path.
        save_path: Default file of "Save as scenario file" (None: named after the changes).
        export_dir: Default folder of "Export chart".

    Attributes:
        widget: The root widget.
    """

    def __init__(
        self,
        controls: Mapping[str, ParamControl],
        save_path: Path | None,
        export_dir: Path,
        panels: Sequence[W.Widget] = (),
    ) -> None:
        self._build_header()
        self._build_actions(save_path, export_dir)
        self._build_controls(controls)
        self._build_results()
        self.panels = W.Tab(children=list(panels))
        wrap = W.Layout(flex_flow="row wrap", align_items="center")
        actions = W.VBox(
            [
                W.HBox(
                    [self.reset_button, self.run_button, self.cancel_button, self.progress, self.progress_label],
                    layout=wrap,
                ),
                W.HBox(
                    [
                        self.save_path,
                        self.save_button,
                        self.chart_choice,
                        *self.export_buttons.values(),
                        self.export_dir,
                    ],
                    layout=wrap,
                ),
                self.export_label,
            ]
        )
        body = W.HBox(
            [
                W.VBox([self.accordion], layout=W.Layout(width="38%")),
                W.VBox([self.verdict, self.charts, self.panels], layout=W.Layout(width="62%", padding="0 0 0 12px")),
            ]
        )
        self.widget = W.VBox(
            [
                W.HBox([self.title, self.lang_toggle], layout=W.Layout(justify_content="space-between")),
                self.status,
                self.error,
                self.notice,
                actions,
                body,
            ]
        )
        self.widget.add_class("partysim-dashboard")

    def _repr_mimebundle_(self, **kwargs):  # notebook display
        return self.widget._repr_mimebundle_(**kwargs)

    # ------------------------------------------------------------------ parts
    def _build_header(self) -> None:
        self.title = W.HTML()
        self.lang_toggle = W.ToggleButtons(options=[("Tiếng Việt", "vi"), ("English", "en")], value="vi")
        self.lang_toggle.style.button_width = "90px"
        self.status, self.error, self.notice = W.HTML(), W.HTML(), W.HTML()
        for w, name in ((self.status, "status"), (self.error, "error"), (self.notice, "notice")):
            w.add_class(f"partysim-{name}")

    def _build_actions(self, save_path: Path | None, export_dir: Path) -> None:
        auto = W.Layout(width="auto")
        self.reset_button = W.Button(icon="undo", layout=auto)
        self.run_button = W.Button(icon="play", button_style="primary", layout=W.Layout(width="auto"))
        self.cancel_button = W.Button(icon="stop", button_style="warning", disabled=True, layout=W.Layout(width="auto"))
        self.progress = W.IntProgress(value=0, min=0, max=1, layout=W.Layout(width="200px", visibility="hidden"))
        self.progress_label = W.HTML()
        wide = {"description_width": "initial"}
        self.save_path = W.Text(
            value=str(save_path) if save_path else "",
            placeholder="<name>__<changes>.yaml",
            layout=W.Layout(width="300px"),
            style=wide,
        )
        self.save_button = W.Button(icon="save", layout=W.Layout(width="auto"))
        self.export_dir = W.Text(value=str(export_dir), layout=W.Layout(width="200px"), style=wide)
        self.chart_choice = W.Dropdown(options=list(CHARTS), value="fan", layout=W.Layout(width="300px"), style=wide)
        self.export_buttons = {
            fmt: W.Button(description=fmt.upper(), icon="download", layout=W.Layout(width="80px"))
            for fmt in ("png", "svg", "pdf")
        }
        self.export_label = W.HTML()

    def _build_controls(self, controls: Mapping[str, ParamControl]) -> None:
        self.section_labels: list[tuple[W.HTML, str]] = []
        boxes = []
        for g in GROUPS:
            rows: list[W.Widget] = []
            for lever, key in ((True, "section.levers"), (False, "section.estimates")):
                group = [c for c in controls.values() if c.spec.group == g and c.spec.lever == lever]
                if group:
                    head = W.HTML()
                    self.section_labels.append((head, key))
                    rows += [head, *[c.widget for c in group]]
            boxes.append(W.VBox(rows))
        self.accordion = W.Accordion(children=boxes, selected_index=0)
        self._controls = controls

    def _build_results(self) -> None:
        self.verdict = W.HTML()
        self.verdict.add_class("partysim-verdict")
        self.difference = W.HTML()
        self.composition = W.HTML()
        self.images = {c: W.Image(format="png", layout=W.Layout(width="100%")) for c in CHARTS}
        for name, img in self.images.items():
            img.add_class(f"partysim-chart-{name.replace('_', '-')}")
        self.caption_policy, self.caption_baseline = W.HTML(), W.HTML()
        half = W.Layout(width="50%")
        self.charts = W.VBox(
            [
                W.HBox(
                    [
                        W.VBox([self.caption_policy, self.images["fan"]], layout=half),
                        W.VBox([self.caption_baseline, self.images["baseline_fan"]], layout=W.Layout(width="50%")),
                    ]
                ),
                self.difference,
                self.composition,
                W.HBox(
                    [
                        W.VBox([self.images["members"]], layout=W.Layout(width="50%")),
                        W.VBox([self.images["funnel"]], layout=W.Layout(width="50%")),
                    ]
                ),
            ]
        )

    # ------------------------------------------------------------------ labels
    def relabel(self, lang: str, title: str, full_replications: int) -> None:
        """Put every widget label in ``lang``.

        Args:
            lang: ``"vi"`` or ``"en"``.
            title: Scenario title shown after the dashboard's name.
            full_replications: Replications of a full run (shown on its button).
        """
        self.title.value = f"<h3 style='margin:4px 0'>{html.escape(text('title', lang))} · {html.escape(title)}</h3>"
        for i, g in enumerate(GROUPS):
            self.accordion.set_title(i, text(f"group.{g}", lang))
        for head, key in self.section_labels:
            head.value = f"<b style='color:#7a1712'>{html.escape(text(key, lang))}</b>"
        for c in self._controls.values():
            c.set_lang(lang)
        self.reset_button.description = text("reset", lang)
        self.run_button.description = text("run_full", lang).format(n=format_number(full_replications, lang))
        self.cancel_button.description = text("cancel", lang)
        self.save_button.description = text("save", lang)
        self.save_path.description = text("save_path", lang)
        self.export_dir.description = text("export_dir", lang)
        current = self.chart_choice.value or "fan"
        self.chart_choice.options = [(text(f"chart.{c}", lang), c) for c in CHARTS]
        self.chart_choice.value = current
        self.chart_choice.description = text("export", lang)
        self.caption_policy.value = f"<b>{html.escape(text('caption.policy', lang))}</b>"
        self.caption_baseline.value = f"<b>{html.escape(text('caption.baseline', lang))}</b>"
        for i, key in enumerate(("tab.decisions", "tab.quarter")[: len(self.panels.children)]):
            self.panels.set_title(i, text(key, lang))
