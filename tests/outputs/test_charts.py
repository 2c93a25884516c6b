"""Tests for the chart functions: plotted data, labels, footer and files."""

from __future__ import annotations

import html
import re
import struct

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from partysim.outputs.charts import admissions_fan, funnel_chart, members_chart, save_figure
from partysim.outputs.i18n import label
from partysim.outputs.provenance import Provenance

YEARS = [2021, 2022, 2023, 2024]
N_REP = 101
BASE = {2021: 3000, 2022: 2900, 2023: 2800, 2024: 2700}
MEMBERS0 = 100_000


@pytest.fixture(scope="module")
def prov() -> Provenance:
    return Provenance("Thanh Hóa 2021-2025", "ab" * 32, "0.1.0", 7, N_REP, "2026-11-22")


@pytest.fixture(scope="module")
def annual() -> pd.DataFrame:
    """Admissions in year y are BASE[y] + k for replication k = 0..100, shuffled.

    The per-year distribution is uniform on BASE[y] + {0, ..., 100}, so with
    linear interpolation the q-quantile is exactly BASE[y] + 100 q.
    """
    rng = np.random.default_rng(0)
    rows = []
    offsets = {y: rng.permutation(N_REP) for y in YEARS}
    for rep in range(N_REP):
        members = MEMBERS0 + int(rng.integers(-500, 500))
        for y in YEARS:
            adm = BASE[y] + int(offsets[y][rep])
            out = int(rng.integers(1500, 2500))
            rows.append(
                dict(
                    replication=rep,
                    year=y,
                    members_start=members,
                    admissions=adm,
                    members_end=members + adm - out,
                    admission_rate=adm / members,
                )
            )
            members = members + adm - out
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def funnel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stage": ["identified", "class", "certified", "dossier", "vote", "admitted", "recognised"],
            "entered": [5000.0, 4000, 3500, 3200, 3000, 2900, 2700],
            "lost_migration": [400.0, 200, 100, 80, 10, 50, 0],
            "lost_job": [300.0, 150, 60, 40, 5, 20, 0],
            "lost_expired": [100.0, 80, 120, 30, 0, 0, 0],
            "lost_refused": [150.0, 60, 20, 90, 80, 40, 0],
            "lost_death": [5.0, 3, 2, 1, 1, 4, 0],
            "lost_other": [45.0, 7, 18, 39, 4, 6, 0],
        }
    )


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces as single spaces (wrapped texts compare equal)."""
    return " ".join(text.split())


def by_gid(fig: Figure, gid: str):
    found = [a for a in fig.findobj(lambda a: a.get_gid() == gid)]
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {len(found)}"
    return found[0]


def band_limits(coll: PolyCollection) -> dict[float, tuple[float, float]]:
    """(lower, upper) of a fill_between polygon at each x value."""
    verts = np.vstack([p.vertices for p in coll.get_paths()])
    out: dict[float, list[float]] = {}
    for x, y in verts:
        out.setdefault(round(float(x), 6), []).append(float(y))
    return {x: (min(ys), max(ys)) for x, ys in out.items()}


def drawn(fig: Figure):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


TARGETS = [
    {"name": "Target A", "kind": "admissions", "year": 2022, "threshold": 2950},
    {"name": "Target A", "kind": "admissions", "year": 2023, "threshold": 2950},
    {"name": "Rate 3%", "kind": "admission_rate", "year": 2024, "threshold": 0.03},
    {"name": "Growth", "kind": "net_growth", "year": 2024, "threshold": 500},
]


# --- fan chart ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_fan_bands_match_known_quantiles(annual, prov, lang):
    fig = admissions_fan(annual, [], prov, lang)
    median = by_gid(fig, "median")
    assert list(median.get_xdata()) == YEARS
    # The per-year distribution is uniform on BASE + {0..100}: q-quantile = BASE + 100 q.
    np.testing.assert_allclose(median.get_ydata(), [BASE[y] + 50 for y in YEARS])
    for cover, (lo, hi) in {50: (0.25, 0.75), 80: (0.10, 0.90), 95: (0.025, 0.975)}.items():
        limits = band_limits(by_gid(fig, f"band{cover}"))
        for y in YEARS:
            np.testing.assert_allclose(limits[y], (BASE[y] + 100 * lo, BASE[y] + 100 * hi), atol=1e-9)


def test_fan_bands_match_numpy_and_nest(annual, prov):
    # a skewed, noisy distribution: compare against numpy quantiles per year
    rng = np.random.default_rng(3)
    skewed = annual.assign(admissions=rng.lognormal(7.5, 0.4, len(annual)).round().astype(int))
    fig = admissions_fan(skewed, [], prov, "en")
    med = dict(zip(by_gid(fig, "median").get_xdata(), by_gid(fig, "median").get_ydata()))
    bands = {c: band_limits(by_gid(fig, f"band{c}")) for c in (50, 80, 95)}
    for y in YEARS:
        values = skewed.loc[skewed["year"] == y, "admissions"].to_numpy()
        assert med[y] == pytest.approx(np.quantile(values, 0.5))
        assert bands[80][y] == pytest.approx(tuple(np.quantile(values, [0.1, 0.9])))
        lo95, hi95 = bands[95][y]
        lo80, hi80 = bands[80][y]
        lo50, hi50 = bands[50][y]
        assert lo95 <= lo80 <= lo50 <= med[y] <= hi50 <= hi80 <= hi95
        assert lo95 < hi95


def test_fan_target_lines(annual, prov):
    fig = admissions_fan(annual, TARGETS, prov, "en")
    line = by_gid(fig, "target:Target A")
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    finite = np.isfinite(y)
    assert np.all(y[finite] == 2950)
    assert x[finite].min() == pytest.approx(2021.5) and x[finite].max() == pytest.approx(2023.5)

    rate = by_gid(fig, "target:Rate 3%")
    implied = 0.03 * annual.loc[annual["year"] == 2024, "members_start"].median()
    ry = np.asarray(rate.get_ydata(), float)
    np.testing.assert_allclose(ry[np.isfinite(ry)], implied)
    assert rate.get_linestyle() != "-"  # dashed, not a solid line
    # a net-growth target has other units and is not drawn on this chart
    assert not fig.findobj(lambda a: a.get_gid() == "target:Growth")
    # the legend explains the implied count
    legend_texts = [t.get_text() for t in fig.findobj(Text)]
    assert any("3%" in t and "1 Jan" in t for t in legend_texts)


def test_fan_history_markers(annual, prov):
    history = pd.DataFrame({"year": [2019, 2020], "admissions": [3100, 3050]})
    fig = admissions_fan(annual, [], prov, "vi", history=history)
    h = by_gid(fig, "history")
    assert list(h.get_xdata()) == [2019, 2020]
    assert list(h.get_ydata()) == [3100, 3050]
    assert h.get_linestyle() == "None" and h.get_marker() not in (None, "", "None")
    ax = fig.axes[0]
    assert ax.get_xlim()[0] < 2019


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_fan_labels_footer_and_number_format(annual, prov, lang):
    fig = admissions_fan(annual, TARGETS, prov, lang)
    drawn(fig)
    ax = fig.axes[0]
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert flat(prov.footer(lang)) in [flat(t) for t in texts]  # wrapped to the page: compare words
    assert flat(prov.footer(lang)) in [flat(t.get_text()) for t in fig.texts]
    assert ax.get_xlabel() == label("year", lang)
    assert ax.get_ylabel() == label("fan.ylabel", lang)
    assert label("fan.title", lang) in texts
    yticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    sep = "." if lang == "vi" else ","
    assert any(re.fullmatch(rf"\d{{1,3}}(\{sep}\d{{3}})+", t) for t in yticks), yticks
    xticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert xticks == [str(y) for y in YEARS]  # years without thousands separators


@pytest.mark.parametrize("maker", ["fan", "members", "funnel"])
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_text_overlaps_footer_or_leaves_figure(annual, funnel, prov, maker, lang):
    fig = {
        "fan": lambda: admissions_fan(annual, TARGETS, prov, lang),
        "members": lambda: members_chart(annual, prov, lang),
        "funnel": lambda: funnel_chart(funnel, prov, lang),
    }[maker]()
    renderer = drawn(fig)
    fig_box = fig.bbox
    footer = by_gid(fig, "provenance").get_window_extent(renderer)
    # tick labels of ticks outside the view limits exist but are not drawn
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden.update({id(tick.label1), id(tick.label2)})
    others = [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_gid() != "provenance" and id(t) not in hidden
    ]
    for t in [*others, by_gid(fig, "provenance")]:
        box = t.get_window_extent(renderer)
        assert box.x0 >= fig_box.x0 - 1 and box.x1 <= fig_box.x1 + 1, t.get_text()
        assert box.y0 >= fig_box.y0 - 1 and box.y1 <= fig_box.y1 + 1, t.get_text()
    for t in others:
        assert not footer.overlaps(t.get_window_extent(renderer)), t.get_text()
    for ax in fig.axes:
        assert not footer.overlaps(ax.get_window_extent(renderer))
    for leg in fig.findobj(lambda a: type(a).__name__ == "Legend"):
        assert not footer.overlaps(leg.get_window_extent(renderer))
        for ax in fig.axes:
            assert not leg.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer))


def test_fan_rejects_bad_input(annual, prov):
    with pytest.raises(ValueError, match="vi"):
        admissions_fan(annual, [], prov, "fr")
    with pytest.raises(ValueError, match="admissions"):
        admissions_fan(annual.drop(columns="admissions"), [], prov, "en")
    with pytest.raises(ValueError):
        admissions_fan(annual.iloc[0:0], [], prov, "en")


# --- members chart -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_members_chart(annual, prov, lang):
    fig = members_chart(annual, prov, lang)
    for prefix, col in [("", "members_end"), ("rate_", "admission_rate")]:
        med = by_gid(fig, f"{prefix}median")
        band = band_limits(by_gid(fig, f"{prefix}band80"))
        for x, y in zip(med.get_xdata(), med.get_ydata()):
            values = annual.loc[annual["year"] == x, col].to_numpy()
            assert y == pytest.approx(np.median(values))
            assert band[x] == pytest.approx(tuple(np.quantile(values, [0.1, 0.9])))
            assert band[x][0] <= y <= band[x][1]
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert flat(prov.footer(lang)) in [flat(t) for t in texts]
    for ax in fig.axes:
        assert ax.get_ylabel()
    assert label("members.ylabel_members", lang) in [ax.get_ylabel() for ax in fig.axes]
    assert label("year", lang) in [ax.get_xlabel() for ax in fig.axes]
    drawn(fig)
    rate_ticks = [t.get_text() for t in fig.axes[1].get_yticklabels() if t.get_text()]
    assert all(t.endswith("%") for t in rate_ticks)
    if lang == "vi":
        assert not any("." in t for t in rate_ticks)


# --- funnel chart ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_funnel_chart(funnel, prov, lang):
    fig = funnel_chart(funnel, prov, lang)
    ax_entered = fig.axes[0]
    bars = [p for p in ax_entered.patches]
    assert [b.get_width() for b in bars] == pytest.approx(funnel["entered"].tolist())
    # pipeline order from top to bottom: first stage highest on the page
    ys = [b.get_y() for b in bars]
    assert ax_entered.yaxis_inverted()
    assert ys == sorted(ys)
    tick_labels = [t.get_text().replace("\n", " ") for t in ax_entered.get_yticklabels()]
    assert tick_labels == [label(f"stage.{s}", lang) for s in funnel["stage"]]

    # losses stacked by reason: each reason's segments have the reason's widths,
    # and the stack ends at the total loss of the stage
    loss_cols = [c for c in funnel.columns if c.startswith("lost_")]
    ends = np.zeros(len(funnel))
    for col in loss_cols:
        rects = [r for r in fig.axes[1].patches if r.get_gid() == f"lost:{col[5:]}"]
        assert [r.get_width() for r in rects] == pytest.approx(funnel[col].tolist())
        ends = np.maximum(ends, [r.get_x() + r.get_width() for r in rects])
        assert len({(r.get_hatch(), tuple(r.get_facecolor())) for r in rects}) == 1
    legends = fig.findobj(lambda a: type(a).__name__ == "Legend")
    legend_labels = [t.get_text().replace("\n", " ") for leg in legends for t in leg.get_texts()]
    assert legend_labels == [label(f"loss.{c[5:]}", lang) for c in loss_cols]
    np.testing.assert_allclose(ends, funnel[loss_cols].sum(axis=1))
    hatches = {r.get_hatch() for ax in fig.axes[1:2] for r in ax.patches}
    assert len(hatches) >= 3  # reasons told apart without colour
    assert flat(prov.footer(lang)) in [flat(t.get_text()) for t in fig.findobj(Text)]
    assert all(ax.get_xlabel() for ax in fig.axes)


def test_funnel_unknown_stage_and_reason_fall_back_to_raw_name(prov):
    df = pd.DataFrame({"stage": ["identified", "appeal"], "entered": [10.0, 5.0], "lost_flood": [1.0, 0.0]})
    fig = funnel_chart(df, prov, "en")
    labels = [t.get_text() for t in fig.findobj(Text)]
    assert "appeal" in labels and "flood" in labels


# --- save_figure -------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_save_figure_png_svg(annual, prov, tmp_path):
    fig = admissions_fan(annual, TARGETS, prov, "vi")
    paths = save_figure(fig, tmp_path / "sub" / "admissions_fan")
    assert [p.name for p in paths] == ["admissions_fan.png", "admissions_fan.svg"]
    png = paths[0].read_bytes()
    width, height = _png_size(png)
    w_in, h_in = fig.get_size_inches()
    assert width == pytest.approx(w_in * 200, abs=2)  # 200 dpi
    assert height == pytest.approx(h_in * 200, abs=2)
    assert 16.5 <= w_in * 2.54 <= 17.5  # A4 text width
    svg = paths[1].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    # text is stored as glyph paths (survives without fonts); the footer string
    # is kept alongside as a comment/text node
    assert "<text" not in svg and "<path" in svg
    footer_lines = by_gid(fig, "provenance").get_text().splitlines()  # the footer, wrapped to the page
    assert flat(" ".join(footer_lines)) == flat(prov.footer("vi"))
    assert all(line in html.unescape(svg) for line in footer_lines)
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["admissions_fan.png", "admissions_fan.svg"]


def test_save_figure_pdf_embeds_truetype(funnel, prov, tmp_path):
    fig = funnel_chart(funnel, prov, "vi")
    paths = save_figure(fig, tmp_path / "funnel", formats=("png", "svg", "pdf"))
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf"]
    pdf = paths[2].read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    assert b"/FontFile2" in pdf  # embedded TrueType (type 42)
    assert all(p.stat().st_size > 0 for p in paths)


def test_save_figure_rejects_unknown_format(annual, prov, tmp_path):
    fig = members_chart(annual, prov, "en")
    with pytest.raises(ValueError, match="jpg"):
        save_figure(fig, tmp_path / "m", formats=("jpg",))
    assert list(tmp_path.iterdir()) == []


def test_part_years_left_out_of_charts(annual, prov):
    partial = annual[annual["year"] == 2024].assign(year=2025, admissions=5, months=3)
    df = pd.concat([annual.assign(months=12), partial], ignore_index=True)
    assert 2025 not in list(by_gid(admissions_fan(df, [], prov, "en"), "median").get_xdata())
    assert 2025 not in list(by_gid(members_chart(df, prov, "en"), "median").get_xdata())


def test_targets_without_year_apply_to_all_years(annual, prov):
    fig = admissions_fan(annual, [{"name": "All", "kind": "admissions", "threshold": 2900, "years": None}], prov, "en")
    x = np.asarray(by_gid(fig, "target:All").get_xdata(), float)
    assert np.nanmin(x) == pytest.approx(YEARS[0] - 0.5) and np.nanmax(x) == pytest.approx(YEARS[-1] + 0.5)
