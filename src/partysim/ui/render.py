"""Charts for the dashboard: matplotlib figures from :mod:`partysim.outputs.charts`, their PNG
bytes for ``ipywidgets.Image``, and export to files (PNG at 300 dpi, SVG, PDF).

No ``pyplot``: figures are plain :class:`matplotlib.figure.Figure` objects, so this works
under ``matplotlib.use("Agg")``, in threads and without a display.
"""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure

from partysim.analysis.results import Results
from partysim.outputs.atomic import atomic_write
from partysim.outputs.charts import admissions_fan, funnel_chart, members_chart, save_figure
from partysim.outputs.provenance import Provenance
from partysim.outputs.variant_text import localized_targets
from partysim.outputs.writer import history_frame
from partysim.outputs.writer import provenance as run_provenance
from partysim.scenario.schema import Scenario

__all__ = [
    "CHARTS",
    "EXPORT_DPI",
    "add_equilibrium_line",
    "export_figure",
    "figure_png",
    "provenance",
    "render_all",
    "render_chart",
]

CHARTS: tuple[str, ...] = ("fan", "baseline_fan", "members", "funnel")
"""Charts the dashboard shows (``baseline_fan`` is the fan chart of the baseline run)."""

EXPORT_DPI = 300
"""Resolution of exported PNG files (dots per inch)."""

SCREEN_DPI = 80
"""Resolution of the PNG shown in the notebook (dots per inch; 17 cm is 535 px)."""


def provenance(scenario: Scenario, results: Results, note: str = "", lang: str = "vi") -> Provenance:
    """Provenance of a dashboard run: the current settings' title in ``lang`` with what was
    changed (the sliders moved), content hash, seed, replications.

    Args:
        scenario: The settings that were run (its title and changes are shown).
        results: Their results (seed, replications, content hash).
        note: Appended to the scenario name, e.g. ``"preview 5.4% × 18.3"``.
        lang: ``"vi"`` or ``"en"``.
    """
    return run_provenance(scenario, results, lang, note=note)


def render_chart(chart: str, scenario: Scenario, results: Results, lang: str, note: str = "") -> Figure:
    """One chart of ``results``.

    Args:
        chart: ``"fan"`` / ``"baseline_fan"`` (admissions fan with targets and history),
            ``"members"`` or ``"funnel"``.
        scenario: The settings that were run (targets, history, name).
        results: Their results.
        lang: ``"vi"`` or ``"en"``.
        note: Provenance note (e.g. that this is a preview).

    Returns:
        The figure (A4 width, with the provenance footer).
    """
    prov = provenance(scenario, results, note, lang)
    if chart in ("fan", "baseline_fan"):
        targets = localized_targets(results.targets, lang, scenario)
        return admissions_fan(
            results.annual,
            targets,
            prov,
            lang,
            history=history_frame(scenario),
            averages=scenario.history.average_spans(),
        )
    if chart == "members":
        return members_chart(results.annual, prov, lang, history=scenario.history.member_points())
    if chart == "funnel":
        return funnel_chart(results.funnel, prov, lang)
    raise ValueError(f"unknown chart {chart!r}; expected one of {', '.join(CHARTS)}")


def add_equilibrium_line(fig: Figure, level: float, words: str) -> None:
    """Draw the equilibrium line on an admissions fan chart: a dotted level at ``level``
    (people a year; gid ``"equilibrium"``) labelled ``words`` at its right end."""
    owner = fig.subfigs[0] if fig.subfigs else fig
    ax = owner.axes[0]
    ax.axhline(level, color="0.45", linewidth=1.6, linestyle=":", gid="equilibrium", zorder=3)
    ax.annotate(words, (1.0, level), xycoords=("axes fraction", "data"), xytext=(-2, 2),
                textcoords="offset points", ha="right", va="bottom", fontsize=6.5, color="0.3")  # fmt: skip


def render_all(scenario: Scenario, results: Results, lang: str, note: str = "") -> dict[str, Figure]:
    """The policy charts (fan, members, funnel) of ``results``."""
    return {c: render_chart(c, scenario, results, lang, note) for c in ("fan", "members", "funnel")}


def figure_png(fig: Figure, dpi: int = SCREEN_DPI) -> bytes:
    """PNG bytes of ``fig`` at ``dpi`` (white background; fast compression: the bytes go to
    the browser, not to a file)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def export_figure(fig: Figure, stem: Path, fmt: str) -> Path:
    """Write ``fig`` as ``<stem>.<fmt>``: PNG at :data:`EXPORT_DPI`, SVG or PDF with the
    house settings of :func:`partysim.outputs.charts.save_figure` (fonts embedded, text as paths).

    The file is written atomically (:mod:`partysim.outputs.atomic`).

    Args:
        fig: The figure.
        stem: Path without extension; parent folders are created.
        fmt: ``"png"``, ``"svg"`` or ``"pdf"``.

    Returns:
        The written path.
    """
    fmt = fmt.lower().lstrip(".")
    stem = Path(stem)
    if fmt in ("svg", "pdf"):
        return save_figure(fig, stem, (fmt,))[0]
    if fmt != "png":
        raise ValueError(f"unsupported format {fmt!r}; use png, svg or pdf")
    stem.parent.mkdir(parents=True, exist_ok=True)
    path = stem.with_name(stem.name + ".png")
    return atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=EXPORT_DPI, facecolor="white"))
