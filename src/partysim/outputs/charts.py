"""Charts for planners: admissions fan chart, membership, admission pipeline.

All functions return :class:`matplotlib.figure.Figure` objects created
directly (no ``pyplot`` global state, so they are safe in servers, tests and
threads) and sized for an A4 page (17 cm wide). Design rules:

* DejaVu Sans, which has all Vietnamese glyphs; SVG text is saved as paths
  and PDF fonts are embedded as TrueType (type 42), so diacritics survive
  on any machine.
* Readable when printed in greyscale: grey bands, one dark accent colour,
  and line styles / hatches / markers rather than colour to tell series apart.
* Every chart has a title, axis labels with units, and the provenance footer
  in small type at the bottom.

Artists that tests or downstream code may want to find carry a ``gid``:
``"median"``, ``"band50"``/``"band80"``/``"band95"``, ``"history"``,
``"target:<name>"``, ``"provenance"``, ``"entered"``, ``"lost:<reason>"``.
"""

from __future__ import annotations

import os
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import FuncFormatter

from partysim.outputs.i18n import check_lang, format_number, format_percent, label, label_or
from partysim.outputs.provenance import Provenance

__all__ = [
    "BANDS",
    "admissions_fan",
    "members_chart",
    "funnel_chart",
    "save_figure",
]

CM = 1 / 2.54  # inches per centimetre
WIDTH_IN = 17 * CM  # A4 text width

#: Central bands drawn on fan charts: coverage -> (lower, upper) quantile.
BANDS: dict[int, tuple[float, float]] = {
    95: (0.025, 0.975),
    80: (0.10, 0.90),
    50: (0.25, 0.75),
}
_BAND_GREYS = {95: "0.88", 80: "0.75", 50: "0.60"}

ACCENT = "#7a1712"  # dark red: reads as near-black in greyscale
INK = "0.10"
FOOTER_PT = 6.5

_STYLE = {
    "svg.hashsalt": "partysim",  # stable element ids: same inputs, same SVG bytes
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 7.5,
    "figure.titlesize": 10.5,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "0.3",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "0.88",
    "grid.linewidth": 0.6,
    "hatch.linewidth": 0.6,
    "legend.frameon": False,
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "axes.unicode_minus": False,
}

# Hatches and grey fills for loss reasons (distinguishable without colour).
_LOSS_STYLES: list[tuple[str, str]] = [
    ("0.25", ""),
    ("0.55", "////"),
    ("0.80", "...."),
    ("white", "xxxx"),
    ("0.65", ""),
    ("white", "\\\\\\\\"),
    ("0.40", "...."),
    ("white", "----"),
]
_TARGET_DASHES: list[tuple | str] = ["--", (0, (6, 2, 1.5, 2)), (0, (2, 1.5)), (0, (8, 3))]

_ANNUAL_FAN_COLS = ("replication", "year", "admissions", "members_start")
_ANNUAL_MEMBER_COLS = ("replication", "year", "members_end", "admission_rate")


@contextmanager
def _style() -> Iterator[None]:
    """Apply the house style for the duration of figure creation or saving."""
    with rc_context(_STYLE):
        yield


def _require(df: pd.DataFrame, cols: Iterable[str], what: str) -> None:
    """Raise ``ValueError`` if ``df`` is empty or lacks any of ``cols``."""
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{what} is missing columns: {', '.join(missing)}")
    if len(df) == 0:
        raise ValueError(f"{what} is empty")


def _new_figure(height_cm: float, footer: str) -> tuple[Figure, SubFigure]:
    """Create an A4-width figure with the provenance footer at the bottom.

    The figure is split into a content sub-figure (title, axes, legend; laid
    out by constrained layout) and a thin strip at the bottom holding the
    footer, so the footer can never collide with legends or axis labels.

    Args:
        height_cm: Figure height (cm).
        footer: Provenance footer text.

    Returns:
        ``(fig, content)``: the figure to return and save, and the sub-figure
        to draw into. The footer is in ``fig.texts`` (gid ``"provenance"``).
    """
    height_in = height_cm * CM
    lines = textwrap.wrap(footer, width=150) or [""]
    strip_in = (len(lines) * FOOTER_PT * 1.3 + 5) / 72
    fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
    fig.get_layout_engine().set(h_pad=0.05, w_pad=0.05, hspace=0.02, wspace=0.02)
    content, _strip = fig.subfigures(2, 1, height_ratios=[height_in - strip_in, strip_in])
    fig.text(
        0.01,
        (2.5 / 72) / height_in,  # 2.5 pt above the bottom edge
        "\n".join(lines),
        fontsize=FOOTER_PT,
        color="0.30",
        ha="left",
        va="bottom",
        gid="provenance",
    )
    return fig, content


def _complete_years(annual: pd.DataFrame) -> pd.DataFrame:
    """Drop part-year rows (``months`` < 12) if ``annual`` records months.

    A part-year (e.g. a run starting in July) would otherwise read as a
    collapse in admissions. If no row is a complete year, nothing is dropped.
    """
    if "months" not in annual.columns:
        return annual
    full = annual[annual["months"] >= 12]
    return full if len(full) else annual


def _year_axis(ax, years: Sequence[int]) -> None:
    """Integer year ticks printed without thousands separators."""
    years = [int(y) for y in years]
    step = max(1, int(np.ceil(len(years) / 12)))
    shown = years[::step]
    ax.set_xticks(shown, [str(y) for y in shown])
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)


def _number_formatter(lang: str, decimals: int = 0) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: format_number(v, lang, decimals))


def _percent_formatter(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: format_percent(v, lang, 2, trim=True))


def _quantiles_by_year(annual: pd.DataFrame, column: str, qs: Sequence[float]) -> pd.DataFrame:
    """Quantiles of ``column`` across replications, one row per year.

    Returns:
        DataFrame indexed by year with one column per quantile level.
    """
    q = annual.groupby("year")[column].quantile(list(qs)).unstack()
    return q.sort_index()


def _target_years(target: dict, all_years: Sequence[int]) -> list[int]:
    """Years a target applies to: ``years`` list, ``year`` scalar, or all."""
    if target.get("years") is not None:
        return sorted(int(y) for y in target["years"])
    if target.get("year") is not None:
        return [int(target["year"])]
    return [int(y) for y in all_years]


def _step_segments(points: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """x/y data for a per-year level: a flat segment across each year.

    Each year ``y`` gets a segment from ``y - 0.5`` to ``y + 0.5``; adjacent
    years join into a step line, gaps are broken with NaN.
    """
    xs: list[float] = []
    ys: list[float] = []
    prev = None
    for year in sorted(points):
        if prev is not None and year != prev + 1:
            xs.append(np.nan)
            ys.append(np.nan)
        xs += [year - 0.5, year + 0.5]
        ys += [points[year], points[year]]
        prev = year
    return np.asarray(xs, float), np.asarray(ys, float)


def _range_text(values: Sequence[float], fmt) -> str:
    """``fmt(v)`` if all values are equal, else ``"fmt(min)–fmt(max)"``."""
    lo, hi = min(values), max(values)
    return fmt(lo) if lo == hi else f"{fmt(lo)}–{fmt(hi)}"


def _legend_below(fig: Figure | SubFigure, ax, ncol: int, wrap: int = 48) -> None:
    """Figure legend under the axes (above the footer), labels wrapped."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        labels = ["\n".join(textwrap.wrap(t, wrap)) for t in labels]
        fig.legend(handles, labels, loc="outside lower center", ncol=ncol, handlelength=2.8)


def _draw_targets(ax, targets: list[dict] | None, annual: pd.DataFrame, years: Sequence[int], lang: str) -> None:
    """Draw admissions targets as step lines: counts as given, rates as the implied count
    ``threshold * median(members_start)`` of each year."""
    members_med = annual.groupby("year")["members_start"].median()
    dash_i = 0
    groups: dict[tuple[str, str], dict[int, float]] = {}
    thresholds: dict[tuple[str, str], list[float]] = {}
    for t in targets or []:
        kind = t.get("kind")
        if kind not in ("admissions", "admission_rate"):
            continue
        key = (str(t.get("name", "")), kind)
        thr = float(t["threshold"])
        for y in _target_years(t, years):
            if kind == "admissions":
                groups.setdefault(key, {})[y] = thr
            elif y in members_med.index:
                groups.setdefault(key, {})[y] = thr * float(members_med.loc[y])
            else:
                continue
            thresholds.setdefault(key, []).append(thr)
    for (name, kind), points in groups.items():
        thr_vals = thresholds[(name, kind)]
        if kind == "admissions":
            value = _range_text(thr_vals, lambda v: format_number(v, lang))
            text = label("target.admissions", lang).format(name=name, n=value)
        else:
            value = _range_text(thr_vals, lambda v: format_percent(v, lang, 2, trim=True))
            text = label("target.admission_rate", lang).format(name=name, pct=value)
        xs, ys = _step_segments(points)
        ax.plot(
            xs,
            ys,
            color=INK,
            linewidth=1.4,
            linestyle=_TARGET_DASHES[dash_i % len(_TARGET_DASHES)],
            label=text,
            gid=f"target:{name}",
            zorder=5,
        )
        dash_i += 1


def admissions_fan(
    annual: pd.DataFrame,
    targets: list[dict],
    prov: Provenance,
    lang: str,
    history: pd.DataFrame | None = None,
) -> Figure:
    """Fan chart of admissions per year across replications, with targets.

    Draws, per year, the median of ``admissions`` across replications (dark
    line) and the central 50%, 80% and 95% bands (grey, darker = narrower),
    computed with linear-interpolation quantiles.

    Targets of kind ``"admissions"`` are drawn at ``threshold`` (people per
    year) across each year they apply to. Targets of kind
    ``"admission_rate"`` (``threshold`` is a fraction, 0.03 = 3%) are drawn at
    the implied count ``threshold * median(members_start)`` of that year.
    Other target kinds have other units and are not drawn here.

    Args:
        annual: One row per (replication, year); needs columns
            ``replication, year, admissions, members_start`` (people).
        targets: Target dicts with ``name``, ``kind``, ``threshold`` and
            ``year`` (or ``years``; if neither, all years).
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.
        history: Optional recorded admissions, columns ``year, admissions``
            (people per year), drawn as black markers.

    If ``annual`` has a ``months`` column, part-years are left out.

    Returns:
        The figure (17 × 10.5 cm).

    Raises:
        ValueError: If ``lang`` is unsupported or ``annual`` is empty or lacks
            columns.
    """
    check_lang(lang)
    _require(annual, _ANNUAL_FAN_COLS, "annual")
    annual = _complete_years(annual)
    levels = sorted({0.5, *[q for pair in BANDS.values() for q in pair]})
    with _style():
        fig, sub = _new_figure(10.5, prov.footer(lang))
        ax = sub.add_subplot()
        q = _quantiles_by_year(annual, "admissions", levels)
        years = q.index.to_numpy()

        ax.plot(
            years,
            q[0.5].to_numpy(float),
            color=ACCENT,
            linewidth=2.0,
            marker="o",
            markersize=3.5,
            label=label("median", lang),
            gid="median",
            zorder=4,
        )

        for cover in sorted(BANDS, reverse=True):  # widest first, underneath
            lo, hi = BANDS[cover]
            ax.fill_between(
                years,
                q[lo].to_numpy(float),
                q[hi].to_numpy(float),
                facecolor=_BAND_GREYS[cover],
                edgecolor="none",
                linewidth=0,
                label=label("band", lang).format(pct=f"{cover}%"),
                gid=f"band{cover}",
                zorder=1,
            )
        _draw_targets(ax, targets, annual, years, lang)

        if history is not None and len(history):
            _require(history, ("year", "admissions"), "history")
            h = history.sort_values("year")
            ax.plot(
                h["year"].to_numpy(),
                h["admissions"].to_numpy(float),
                linestyle="none",
                marker="s",
                markersize=5,
                markerfacecolor="black",
                markeredgecolor="white",
                markeredgewidth=0.6,
                color="black",
                label=label("history", lang),
                gid="history",
                zorder=6,
            )
            years_all = np.union1d(years, h["year"].to_numpy())
        else:
            years_all = years

        _year_axis(ax, years_all)
        ax.yaxis.set_major_formatter(_number_formatter(lang))
        ax.set_xlabel(label("year", lang))
        ax.set_ylabel(label("fan.ylabel", lang))
        sub.suptitle(label("fan.title", lang))
        _legend_below(sub, ax, ncol=2)
    return fig


def outlook_chart(
    history: pd.DataFrame,
    forecast_bands: pd.DataFrame,
    simulated: dict[str, pd.DataFrame],
    targets: list[dict],
    prov: Provenance,
    lang: str,
) -> Figure:
    """History, the statistical forecast band and the simulated scenarios' bands on one chart.

    Args:
        history: Recorded admissions, columns ``year, admissions`` (people per year).
        forecast_bands: Statistical forecast from history alone, columns ``year, p50,
            lo80, hi80, lo95, hi95`` (people per year).
        simulated: Annual tables (one row per replication and year) by scenario label.
        targets: Target dicts as for :func:`admissions_fan`, judged on the first scenario.
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The figure (17 × 10.5 cm).
    """
    check_lang(lang)
    with _style():
        fig, sub = _new_figure(10.5, prov.footer(lang))
        ax = sub.add_subplot()
        years: set[int] = set(int(y) for y in history["year"]) | set(int(y) for y in forecast_bands["year"])
        fb = forecast_bands.sort_values("year")
        fy = fb["year"].to_numpy()
        ax.fill_between(fy, fb["lo95"], fb["hi95"], facecolor="none", edgecolor="0.35", hatch="....", linewidth=0.6,
                        label=label("outlook.forecast", lang).format(pct="95%"), gid="forecast95", zorder=1)
        ax.fill_between(fy, fb["lo80"], fb["hi80"], facecolor="0.85", edgecolor="none",
                        label=label("outlook.forecast", lang).format(pct="80%"), gid="forecast80", zorder=1)
        ax.plot(fy, fb["p50"], color="0.35", linewidth=1.3, linestyle=(0, (1, 1.5)),
                label=label("outlook.forecast_median", lang), gid="forecast_median", zorder=3)
        first = None
        for k, (name, annual) in enumerate(simulated.items()):
            annual = _complete_years(annual)
            first = annual if first is None else first
            q = _quantiles_by_year(annual, "admissions", [0.1, 0.5, 0.9])
            sy = q.index.to_numpy()
            years |= set(int(y) for y in sy)
            style = ["-", "--", "-.", ":"][k % 4]
            ax.fill_between(sy, q[0.1], q[0.9], facecolor=ACCENT if k == 0 else "0.5", alpha=0.25 if k == 0 else 0.18,
                            edgecolor="none", gid=f"sim_band:{name}", zorder=2)
            ax.plot(sy, q[0.5], color=ACCENT if k == 0 else INK, linestyle=style, linewidth=2.0, marker="o", markersize=3,
                    label=label("outlook.sim", lang).format(name=name), gid=f"sim:{name}", zorder=4)
        if first is not None:
            _draw_targets(ax, targets, first, sorted(years), lang)
        if len(history):
            h = history.sort_values("year")
            ax.plot(h["year"], h["admissions"], linestyle="none", marker="s", markersize=5, markerfacecolor="black",
                    markeredgecolor="white", color="black", label=label("history", lang), gid="history", zorder=6)
        _year_axis(ax, sorted(years))
        ax.yaxis.set_major_formatter(_number_formatter(lang))
        ax.set_ylabel(label("fan.ylabel", lang))
        ax.set_xlabel(label("year", lang))
        ax.set_ylim(bottom=0)
        sub.suptitle(label("outlook.title", lang), fontweight="bold")
        _legend_below(sub, ax, ncol=2)
    return fig


def members_chart(annual: pd.DataFrame, prov: Provenance, lang: str) -> Figure:
    """Two panels: members at year end, and the admission rate.

    Top panel: median of ``members_end`` (people on 31 December) across
    replications with the central 80% band. Bottom panel: median of
    ``admission_rate`` (admissions as % of members on 1 January) with its 80%
    band.

    Args:
        annual: One row per (replication, year); needs columns
            ``replication, year, members_end, admission_rate``.
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The figure (17 × 13 cm). Artists have gids ``"median"``/``"band80"``
        in the members panel and ``"rate_median"``/``"rate_band80"`` in the
        rate panel.

    Raises:
        ValueError: If ``lang`` is unsupported or ``annual`` is empty or lacks
            columns.
    """
    check_lang(lang)
    _require(annual, _ANNUAL_MEMBER_COLS, "annual")
    annual = _complete_years(annual)
    lo, hi = BANDS[80]
    with _style():
        fig, sub = _new_figure(13, prov.footer(lang))
        ax_m, ax_r = sub.subplots(2, 1, sharex=True)
        panels = [
            (ax_m, "members_end", "", "members.panel_members", "members.ylabel_members"),
            (ax_r, "admission_rate", "rate_", "members.panel_rate", "members.ylabel_rate"),
        ]
        for ax, col, prefix, title_key, ylabel_key in panels:
            q = _quantiles_by_year(annual, col, [lo, 0.5, hi])
            years = q.index.to_numpy()
            ax.fill_between(
                years,
                q[lo].to_numpy(float),
                q[hi].to_numpy(float),
                facecolor=_BAND_GREYS[80],
                edgecolor="none",
                label=label("band", lang).format(pct="80%"),
                gid=f"{prefix}band80",
            )
            ax.plot(
                years,
                q[0.5].to_numpy(float),
                color=ACCENT,
                linewidth=2.0,
                marker="o",
                markersize=3.5,
                label=label("median", lang),
                gid=f"{prefix}median",
            )
            ax.set_title(label(title_key, lang), loc="left")
            ax.set_ylabel(label(ylabel_key, lang))
            _year_axis(ax, years)
        ax_m.yaxis.set_major_formatter(_number_formatter(lang))
        ax_r.yaxis.set_major_formatter(_percent_formatter(lang))
        ax_r.set_xlabel(label("year", lang))
        ax_m.tick_params(labelbottom=False)
        sub.suptitle(label("members.title", lang))
        _legend_below(sub, ax_m, ncol=2)
    return fig


def funnel_chart(funnel: pd.DataFrame, prov: Provenance, lang: str) -> Figure:
    """Admission pipeline: people entering each stage and losses by reason.

    Left panel: horizontal bars of ``entered`` per stage, in pipeline order
    from top to bottom, with the value printed. Right panel: people who left
    the pipeline while at each stage, stacked by reason (grey fills with
    distinct hatches), with the total printed.

    Args:
        funnel: One row per stage in pipeline order: ``stage``, ``entered``
            and ``lost_<reason>`` columns (people, mean per replication over
            the whole run).
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The figure (17 × 11 cm).

    Raises:
        ValueError: If ``lang`` is unsupported or ``funnel`` is empty or lacks
            ``stage``/``entered``.
    """
    check_lang(lang)
    _require(funnel, ("stage", "entered"), "funnel")
    loss_cols = [c for c in funnel.columns if c.startswith("lost_")]
    stages = [str(s) for s in funnel["stage"]]
    names = ["\n".join(textwrap.wrap(label_or(f"stage.{s}", lang, s), 26)) for s in stages]
    y = np.arange(len(stages))
    entered = funnel["entered"].to_numpy(float)
    losses = funnel[loss_cols].to_numpy(float) if loss_cols else np.zeros((len(stages), 0))

    with _style():
        fig, sub = _new_figure(11, prov.footer(lang))
        ax_e, ax_l = sub.subplots(1, 2, sharey=True, width_ratios=[1.0, 1.0])
        bars = ax_e.barh(y, entered, color="0.55", edgecolor="0.2", linewidth=0.5, height=0.65, gid="entered")
        for rect, v in zip(bars, entered):
            ax_e.annotate(
                format_number(v, lang),
                (rect.get_width(), rect.get_y() + rect.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                ha="left",
                fontsize=7.5,
            )
        ax_e.set_yticks(y, names)
        ax_e.invert_yaxis()
        ax_e.set_title(label("funnel.panel_entered", lang), loc="left")
        ax_e.set_xlim(0, max(float(np.nanmax(entered)) if len(entered) else 1.0, 1.0) * 1.22)

        left = np.zeros(len(stages))
        for i, col in enumerate(loss_cols):
            reason = col[len("lost_"):]
            face, hatch = _LOSS_STYLES[i % len(_LOSS_STYLES)]
            vals = np.nan_to_num(losses[:, i])
            ax_l.barh(
                y,
                vals,
                left=left,
                color=face,
                hatch=hatch,
                edgecolor="0.15",
                linewidth=0.5,
                height=0.65,
                label=label_or(f"loss.{reason}", lang, reason),
                gid=f"lost:{reason}",
            )
            left += vals
        for yi, total in zip(y, left):
            ax_l.annotate(
                format_number(total, lang),
                (total, yi),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                ha="left",
                fontsize=7.5,
            )
        ax_l.set_xlim(0, max(float(left.max()) if len(left) else 1.0, 1.0) * 1.22)
        ax_l.set_title(label("funnel.panel_lost", lang), loc="left")
        ax_l.tick_params(labelleft=False)
        for ax in (ax_e, ax_l):
            ax.grid(axis="y", visible=False)
            ax.grid(axis="x", visible=True)
            ax.set_axisbelow(True)
            ax.xaxis.set_major_formatter(_number_formatter(lang))
            ax.set_xlabel("\n".join(textwrap.wrap(label("funnel.xlabel", lang), 34)))
        sub.suptitle(label("funnel.title", lang))
        _legend_below(sub, ax_l, ncol=3)
    return fig


def save_figure(fig: Figure, stem: Path, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Save a figure in several formats next to each other.

    PNG is written at 200 dpi; SVG with text as paths (glyphs survive without
    the font installed); PDF with embedded TrueType fonts (``pdf.fonttype``
    42). Each file is written to a temporary name and then moved into place,
    so a crash never leaves a truncated chart.

    Args:
        fig: The figure.
        stem: Output path without extension, e.g. ``out/admissions_fan``.
            Parent directories are created.
        formats: Any of ``"png"``, ``"svg"``, ``"pdf"``.

    Returns:
        The written paths, in the order of ``formats``.

    Raises:
        ValueError: If a format is not supported.
    """
    allowed = {"png", "svg", "pdf"}
    fmts = [f.lower().lstrip(".") for f in formats]
    bad = [f for f in fmts if f not in allowed]
    if bad:
        raise ValueError(f"unsupported figure format(s): {', '.join(bad)}; use png, svg or pdf")
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with _style():
        for fmt in fmts:
            path = stem.with_name(stem.name + "." + fmt)
            tmp = path.with_name(f".{path.name}.tmp")
            kwargs = {"dpi": 200} if fmt == "png" else {}
            try:
                fig.savefig(tmp, format=fmt, facecolor="white", metadata=_metadata(fmt), **kwargs)
                os.replace(tmp, path)
            finally:
                if tmp.exists():
                    tmp.unlink()
            paths.append(path)
    return paths


def _metadata(fmt: str) -> dict:
    """Deterministic file metadata (no timestamps) so outputs are reproducible."""
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None}
    return {}
