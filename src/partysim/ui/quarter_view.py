"""The dashboard's quarterly view: review the year from an actuals workbook.

A path field for the actuals (xlsx or csv, as ``partysim review --actuals`` reads them,
:func:`partysim.scenario.sheets.actuals.read_actuals`), an as-of quarter among those the
scenario's run covers, and a button that runs :func:`partysim.analysis.review.review` on
the current settings in a background thread (progress per replication, Cancel), its
replications shared out among parameter sets drawn from the priors (the sliders moved
pinned), as "Run full" judges. When
done it shows every unit's re-forecast year (quota, admitted so far, the year's mean and
80% interval, the probability of meeting the quota, at risk or not) and the review's
brief (:func:`partysim.outputs.review_text.review_blocks`: units at risk, what would
close the gap, the statistical check). A bad file shows its one-line message.

CSS classes: ``partysim-quarter-units``, ``partysim-quarter-brief``, ``partysim-quarter-error``.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from pathlib import Path

import ipywidgets as W
import pandas as pd

from partysim.analysis.honest import Weighted
from partysim.analysis.review import review
from partysim.analysis.review_results import Review
from partysim.analysis.review_runs import as_of_month
from partysim.outputs.document import to_html_fragment
from partysim.outputs.i18n import format_number, format_probability
from partysim.outputs.review_text import review_blocks
from partysim.scenario.errors import ScenarioError
from partysim.scenario.schema import Scenario
from partysim.scenario.sheets.actuals import read_actuals
from partysim.ui.background import Job, JobPanel, Tick
from partysim.ui.jobs import Cancelled, slider_uncertainty
from partysim.ui.texts import text

__all__ = ["QuarterView", "quarters", "units_html"]

_TD = "style='padding:2px 8px;border-bottom:1px solid #ddd;text-align:right'"
_TDL = "style='padding:2px 8px;border-bottom:1px solid #ddd'"


def quarters(scenario: Scenario) -> list[str]:
    """The as-of quarters a review of ``scenario`` can take (``YYYY-Qn``, Q1-Q3 of each
    year the run covers)."""
    first = scenario.start_ym[0]
    last = first + (scenario.start_ym[1] - 1 + scenario.months - 1) // 12
    out = []
    for year in range(first, last + 1):
        for q in (1, 2, 3):
            try:
                as_of_month(scenario, f"{year}-Q{q}")
            except ValueError:
                continue
            out.append(f"{year}-Q{q}")
    return out


def _n(v: float, lang: str) -> str:
    return "—" if v is None or (isinstance(v, float) and math.isnan(v)) else format_number(v, lang)


def units_html(units: pd.DataFrame, lang: str) -> str:
    """Every unit's re-forecast year (:meth:`Review.to_frame`) as an HTML table."""
    cols = ("unit", "quota", "actual", "year", "probability", "at_risk")
    head = "".join(f"<th {_TDL}>{html.escape(text(f'quarter.col_{c}', lang))}</th>" for c in cols)
    rows = []
    for _, r in units.iterrows():
        name = text("quarter.territory", lang) if r["unit"] == "*" else str(r["unit"])
        cells = [
            f"<td {_TDL}>{html.escape(name)}</td>",
            f"<td {_TD}>{_n(r['quota'], lang)}</td>",
            f"<td {_TD}>{_n(r['actual'], lang)}</td>",
            f"<td {_TD}>{_n(r['mean'], lang)} ({_n(r['p10'], lang)}–{_n(r['p90'], lang)})</td>",
            f"<td {_TD}>{format_probability(r['probability'], lang)}</td>",
            f"<td {_TDL}>{html.escape(text('yes' if r['at_risk'] else 'no', lang))}</td>",
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    title = f"<h4 style='margin:4px 0'>{html.escape(text('quarter.units', lang))}</h4>"
    return f"{title}<table style='border-collapse:collapse;font-size:0.9em'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class QuarterView(JobPanel):
    """The quarterly review panel (see the module docstring).

    Args:
        current: Returns the current settings (the dashboard's sliders).
        scenario: The scenario as loaded (its years; the sliders moved are those that differ).
        sets: Parameter sets the replications are shared out among (at most one per
            replication; 0: the estimates fixed), drawn from the priors with the sliders
            moved pinned, as "Run full" judges.
        replications: Replications of a review (each runs the year once plus once per
            candidate action).
        seed: Seed of the review.
        on_error: Shows an unexpected exception in the dashboard (key, exception).

    Attributes:
        widget: The panel's root widget.
        result: The last :class:`~partysim.analysis.review_results.Review`, or None.
        seconds: Wall time of the last review (s).
    """

    def __init__(
        self,
        current: Callable[[], Scenario],
        scenario: Scenario,
        *,
        sets: int,
        replications: int,
        seed: int,
        on_error: Callable[[str, BaseException], None],
        posterior: Weighted | None = None,
    ) -> None:
        self.posterior = posterior
        self.current, self.scenario, self.on_error = current, scenario, on_error
        self.sets, self.seed = int(sets), int(seed)
        self.lang = "vi"
        self.result: Review | None = None
        self.seconds = 0.0
        self.job: Job | None = None
        wide = {"description_width": "initial"}
        options = quarters(scenario)
        self.path = W.Text(placeholder="actuals.xlsx", layout=W.Layout(width="360px"), style=wide)
        self.as_of = W.Dropdown(options=options, value=options[0] if options else None, style=wide)
        self.replications = W.BoundedIntText(value=int(replications), min=2, max=10_000, style=wide,
                                             layout=W.Layout(width="200px"))  # fmt: skip
        self.run_button = W.Button(icon="calendar", button_style="primary", layout=W.Layout(width="auto"))
        self.cancel_button = W.Button(icon="stop", button_style="warning", disabled=True, layout=W.Layout(width="auto"))
        self.progress = W.HTML()
        self.title, self.error, self.units, self.brief = W.HTML(), W.HTML(), W.HTML(), W.HTML()
        for w, name in ((self.error, "error"), (self.units, "units"), (self.brief, "brief")):
            w.add_class(f"partysim-quarter-{name}")
        self.run_button.on_click(lambda _b: self.run())
        self.cancel_button.on_click(lambda _b: self.cancel())
        row = W.HBox([self.run_button, self.cancel_button, self.progress], layout=W.Layout(align_items="center"))
        self.widget = W.VBox([self.title, self.path, W.HBox([self.as_of, self.replications]), row, self.error,
                              self.units, self.brief])  # fmt: skip

    def relabel(self, lang: str) -> None:
        """Put every label in ``lang`` (and the tables shown)."""
        self.lang = lang
        self.title.value = f"<h4 style='margin:8px 0 4px'>{html.escape(text('quarter.title', lang))}</h4>"
        self.path.description = text("quarter.path", lang)
        self.as_of.description = text("quarter.as_of", lang)
        self.replications.description = text("quarter.replications", lang)
        self.run_button.description = text("quarter.run", lang)
        self.cancel_button.description = text("cancel_job", lang)
        if self.result is not None:
            self._show()

    def run(self, block: bool = False, timeout: float | None = None) -> Job | None:
        """Read the actuals and run the review in a background thread (None when the file
        is bad, no quarter can be reviewed, or a review is running)."""
        if self.job is not None and self.job.running:
            return None
        self.error.value = ""
        try:
            scenario = self.current()
            actuals = read_actuals(Path(self.path.value.strip()), scenario)
        except ScenarioError as err:
            self.error.value = f"<p style='color:#b00020'>{html.escape(err.render(self.lang))}</p>"
            return None
        except Exception as exc:
            self.on_error("quarter.error", exc)
            return None
        as_of, n = str(self.as_of.value), int(self.replications.value)
        over = slider_uncertainty(scenario, self.scenario, min(self.sets, n), self.posterior)

        def work(tick: Tick) -> Review:
            return review(scenario, actuals, as_of, n, self.seed, uncertainty=over,
                          on_replication=lambda done: tick(done, n))  # fmt: skip

        self._running(True, n)
        return self._launch(work, "partysim-review", block, timeout)

    def _running(self, on: bool, total: int = 0) -> None:
        self.run_button.disabled = on
        self.cancel_button.disabled = not on
        self.progress.value = ""
        if on:
            self._progress(0, total)

    def _progress(self, done: int, total: int) -> None:
        self.progress.value = html.escape(
            text("quarter.running", self.lang).format(
                done=format_number(done, self.lang), total=format_number(total, self.lang)
            )
        )

    def _done(self, result: Review, seconds: float) -> None:
        self.result, self.seconds = result, seconds
        self._running(False)
        self._show()

    def _failed(self, exc: BaseException) -> None:
        self._running(False)
        if isinstance(exc, Cancelled):
            self.error.value = f"<i>{html.escape(text('quarter.cancelled', self.lang))}</i>"
        else:
            self.on_error("quarter.error", exc)

    def _show(self) -> None:
        assert self.result is not None
        self.units.value = units_html(self.result.to_frame(), self.lang)
        self.brief.value = to_html_fragment(review_blocks(self.result, self.lang))
