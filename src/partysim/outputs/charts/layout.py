"""Is every text of a chart readable? Texts that leave the figure or overlap each other.

:func:`text_problems` draws a figure and looks at every visible text it shows (titles,
subtitles, axis labels, tick labels, legend entries, values printed on bars, the footer):
each must lie inside the figure and overlap no other. The test suite runs it over every
chart of every shipped scenario in both languages; anyone adding a chart can run it too.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from partysim.outputs.style import house_style

__all__ = ["drawn_texts", "text_problems"]

_TOLERANCE_PX = 0.5


def _hidden_tick_labels(fig: Figure) -> set[int]:
    """Ids of tick labels that are not drawn: ticks outside the axis' view, and spare ticks."""
    hidden: set[int] = set()
    for ax in fig.findobj(lambda a: isinstance(a, Axes)):
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            span = max(hi - lo, 1e-12)
            for ticks, locs in (
                (axis.get_major_ticks(), axis.get_majorticklocs()),
                (axis.get_minor_ticks(), axis.get_minorticklocs()),
            ):
                for i, tick in enumerate(ticks):
                    inside = i < len(locs) and lo - 1e-9 * span <= locs[i] <= hi + 1e-9 * span
                    if not inside:
                        hidden |= {id(tick.label1), id(tick.label2)}
    return hidden


def _shown(t: Text) -> bool:
    if not t.get_visible() or not t.get_text().strip():
        return False
    parent = t
    while parent is not None:  # a text inside a hidden legend or axes is not shown
        if not parent.get_visible():
            return False
        parent = getattr(parent, "axes", None) if parent is t else None
    return True


def drawn_texts(fig: Figure) -> list[tuple[Text, Bbox]]:
    """Every text the figure shows, with its box in display pixels (the figure is drawn first)."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    with house_style():
        canvas.draw()
    renderer = canvas.get_renderer()
    hidden = _hidden_tick_labels(fig)
    out = []
    for t in fig.findobj(lambda a: isinstance(a, Text)):
        if id(t) in hidden or not _shown(t):
            continue
        out.append((t, t.get_window_extent(renderer)))
    return out


def _overlap(a: Bbox, b: Bbox) -> bool:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w > _TOLERANCE_PX and h > _TOLERANCE_PX


def text_problems(fig: Figure) -> list[str]:
    """Texts that leave the figure or overlap another text; empty when the chart is clean.

    Returns:
        One line per problem, quoting the texts (e.g. ``"overlap: '10.000' and '12.000'"``).
    """
    frame = fig.bbox
    texts = drawn_texts(fig)
    problems = []
    for t, box in texts:
        if (
            box.x0 < frame.x0 - _TOLERANCE_PX
            or box.x1 > frame.x1 + _TOLERANCE_PX
            or box.y0 < frame.y0 - _TOLERANCE_PX
            or box.y1 > frame.y1 + _TOLERANCE_PX
        ):
            problems.append(f"outside the figure: {t.get_text()!r}")
    for i, (t, box) in enumerate(texts):
        for u, other in texts[i + 1 :]:
            if _overlap(box, other):
                problems.append(f"overlap: {t.get_text()!r} and {u.get_text()!r}")
    return problems
