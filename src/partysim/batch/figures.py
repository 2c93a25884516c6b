"""Charts of the batch report, in the house style of :mod:`partysim.outputs.style`.

Same page width, fonts, greys and provenance footer as the single-scenario charts; series
are told apart by markers and line styles so the charts read in greyscale. Labels are the
``batch.*`` keys of :mod:`partysim.outputs.i18n`.
"""

from __future__ import annotations

import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from partysim.outputs import i18n
from partysim.outputs.i18n import format_number, format_percent
from partysim.outputs.provenance import Provenance
from partysim.outputs.style import ACCENT, INK, TARGET_DASHES, file_metadata, house_style, legend_below, new_figure

__all__ = ["differences_chart", "png_bytes", "sweep_chart"]

_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def png_bytes(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (house style, no timestamps)."""
    buf = io.BytesIO()
    with house_style():
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white", metadata=file_metadata("png"))
    return buf.getvalue()


def differences_chart(diffs: pd.DataFrame, baseline: str, prov: Provenance, lang: str, level: float = 0.95) -> Figure:
    """Forest plot of the change in P(met) against the baseline, with paired intervals.

    Args:
        diffs: From :func:`partysim.batch.compare.paired_differences` (``label, target,
            year, dprob, dprob_lo, dprob_hi``; probabilities as fractions).
        baseline: Baseline label (title).
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.
        level: Interval coverage (0-1).

    Returns:
        The figure (17 cm wide; one row per point, target and year).
    """
    d = diffs.reset_index(drop=True)
    names = ["\n".join(textwrap.wrap(f"{r.label} · {r.target} · {r.year}", 48)) for r in d.itertuples()]
    n = len(d)
    lvl = format_percent(level, lang, 0)
    with house_style():
        fig, sub = new_figure(min(4.5 + 0.55 * n, 24), prov.footer(lang))
        ax = sub.add_subplot()
        y = np.arange(n)
        mid = 100 * d["dprob"].to_numpy(float)
        lo = 100 * d["dprob_lo"].to_numpy(float)
        hi = 100 * d["dprob_hi"].to_numpy(float)
        err = np.vstack([np.nan_to_num(mid - lo), np.nan_to_num(hi - mid)])
        ax.errorbar(
            mid,
            y,
            xerr=err,
            fmt="o",
            color=ACCENT,
            ecolor=INK,
            elinewidth=1.0,
            capsize=2.5,
            markersize=4,
            gid="differences",
        )
        ax.axvline(0, color="0.4", linewidth=0.8, gid="zero")
        reach = float(np.nanmax(np.abs(np.concatenate([mid, lo, hi])))) if n else 0.0
        reach = max(5.0, 1.1 * reach) if np.isfinite(reach) else 5.0
        ax.set_xlim(-reach, reach)
        ax.set_yticks(y, names, fontsize=6.5)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.xaxis.set_major_formatter(lambda v, _p: ("+" if v > 0 else "") + format_number(v, lang, 0))
        ax.set_xlabel(i18n.label("batch.diff_chart_xlabel", lang).format(level=lvl))
        sub.suptitle("\n".join(textwrap.wrap(i18n.label("batch.diff_chart_title", lang).format(baseline=baseline), 80)))
    return fig


def sweep_chart(
    worst: pd.DataFrame, levers: list[str], label: str, prov: Provenance, lang: str, level: float = 0.8
) -> Figure:
    """P(met) of every target (lowest year) against each swept lever.

    Args:
        worst: One row per sweep point and target: the lever columns, ``target`` and
            ``probability`` (lowest over the target's years, 0-1).
        levers: Swept levers (one panel each, at most four shown).
        label: Scenario label (title).
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.
        level: Required probability, drawn as a dashed line.

    Returns:
        The figure (17 cm wide).
    """
    shown = levers[:4]
    targets = list(dict.fromkeys(worst["target"]))
    with house_style():
        fig, sub = new_figure(9.5 + 1.0 * ((len(targets) + 1) // 2), prov.footer(lang))
        axes = np.atleast_1d(sub.subplots(1, len(shown), sharey=True))
        for ax, lever in zip(axes, shown):
            for i, t in enumerate(targets):
                g = worst[worst["target"] == t]
                if len(levers) == 1:
                    g = g.sort_values(lever)
                    ax.plot(
                        g[lever],
                        g["probability"],
                        marker=_MARKERS[i % len(_MARKERS)],
                        markersize=3.5,
                        linestyle=TARGET_DASHES[i % len(TARGET_DASHES)],
                        color=INK if i else ACCENT,
                        linewidth=1.1,
                        label=t,
                        gid=f"sweep:{t}",
                    )
                else:
                    ax.plot(
                        g[lever],
                        g["probability"],
                        marker=_MARKERS[i % len(_MARKERS)],
                        markersize=4,
                        linestyle="none",
                        color=INK if i else ACCENT,
                        markerfacecolor="none" if i else ACCENT,
                        label=t,
                        gid=f"sweep:{t}",
                    )
            ax.axhline(level, color="0.35", linewidth=0.9, linestyle=":", gid="level")
            ax.set_xlabel("\n".join(textwrap.wrap(lever[:1].upper() + lever[1:], 30)))
            ax.set_ylim(-0.03, 1.03)
            ax.yaxis.set_major_formatter(lambda v, _p: format_percent(v, lang, 0))
        axes[0].set_ylabel(i18n.label("batch.sweep_chart_ylabel", lang))
        sub.suptitle("\n".join(textwrap.wrap(i18n.label("batch.sweep_chart_title", lang).format(label=label), 80)))
        legend_below(sub, axes[0], ncol=2)
    return fig
