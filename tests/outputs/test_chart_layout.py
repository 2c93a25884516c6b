"""No text of any chart overlaps another or leaves the figure: every chart of every shipped
scenario, in both languages (tick labels, titles, legends, values on bars, the footer).

Also the recorded figures: yearly figures as points, averages as averages (never repeated
as yearly figures), recorded members on the members chart, part years drawn apart.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from partysim.analysis.outlook import statistical_outlook
from partysim.outputs.charts import outlook_chart
from partysim.outputs.charts.layout import text_problems
from partysim.outputs.style import house_style, new_figure
from partysim.outputs.writer import chart_figures, history_frame, provenance

from .shipped import FILES, shipped


def _charts(file: str, lang: str) -> dict[str, Figure]:
    sc, res = shipped(file)
    prov = provenance(sc, res, lang, "2026-11-30")
    charts = chart_figures(sc, res, prov, lang)
    bands = statistical_outlook(sc)
    history = history_frame(sc)
    if bands is not None and len(bands) and history is not None:
        charts["admissions_outlook"] = outlook_chart(
            history, bands, {prov.scenario: res.annual}, res.targets, prov, lang
        )
    return charts


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("file", FILES)
def test_every_chart_of_every_shipped_scenario_is_clean(file, lang):
    problems = {name: text_problems(fig) for name, fig in _charts(file, lang).items()}
    assert not any(problems.values()), {k: v for k, v in problems.items() if v}


def test_the_check_sees_overlaps_and_texts_outside():
    """The check itself: overlapping tick labels, a text past the edge, a clean figure."""
    with house_style():
        fig, sub = new_figure(8, "footer")
        ax = sub.add_subplot()
        ax.plot([0, 1], [0, 1])
        assert text_problems(fig) == []
        ax.set_xticks([0, 0.01], ["10.000", "12.000"])  # the Ninh Bình funnel's "10.00012.000"
        assert any(p.startswith("overlap: '10.000' and '12.000'") for p in text_problems(fig))
        ax.set_xticks([0, 1], ["0", "1"])
        fig.text(0.95, 0.5, "30/11/2026 runs off the edge")  # Long Biên's cut footer
        assert any(p.startswith("outside the figure") for p in text_problems(fig))


def test_recorded_average_is_drawn_once_as_an_average():
    sc, res = shipped("thanh_hoa_2021_2025.yaml")
    fig = chart_figures(sc, res, provenance(sc, res, "en", "2026-11-30"), "en")["admissions_fan"]
    assert not fig.findobj(lambda a: a.get_gid() == "history")  # no yearly "recorded admissions"
    avg = [a for a in fig.findobj(lambda a: a.get_gid() == "history_average")]
    assert avg, "the 2016-2020 average is drawn"
    labels = [t.get_text() for t in fig.legends[0].get_texts()] if fig.legends else []
    labels += [t.get_text() for sub in fig.subfigs for leg in sub.legends for t in leg.get_texts()]
    assert any("Recorded average per year, 2016–2020" in t for t in labels), labels
    assert statistical_outlook(sc) is None  # an average is not a series to forecast from


def test_recorded_figures_are_points():
    sc, res = shipped("ninh_binh_2023.yaml")
    charts = chart_figures(sc, res, provenance(sc, res, "vi", "2026-11-30"), "vi")
    (h,) = charts["admissions_fan"].findobj(lambda a: a.get_gid() == "history")
    assert list(h.get_xdata()) == [2023] and list(h.get_ydata()) == [2360]
    (m,) = charts["members"].findobj(lambda a: a.get_gid() == "history_members")
    assert list(m.get_xdata()) == [2023] and list(m.get_ydata()) == [75180]


def test_long_bien_members_at_the_months_recorded_and_part_years_apart():
    sc, res = shipped("long_bien_enterprises_2018_2021.yaml")
    charts = chart_figures(sc, res, provenance(sc, res, "en", "2026-11-30"), "en")
    (m,) = charts["members"].findobj(lambda a: a.get_gid() == "history_members")
    np.testing.assert_allclose(m.get_xdata(), [2016 + 11 / 12, 2020 + 5 / 12])  # end of 11/2017, end of 5/2021
    assert list(m.get_ydata()) == [413, 701]
    (median,) = charts["members"].findobj(lambda a: a.get_gid() == "median")
    assert median.get_xdata()[-1] == pytest.approx(2020 + 5 / 12)  # the run ends in May 2021: drawn there
    texts = [t.get_text() for t in charts["members"].findobj(lambda a: hasattr(a, "get_text"))]
    assert "end 5/2021" in texts
    part = charts["admissions_fan"].findobj(lambda a: a.get_gid() == "part_year")
    assert part, "Nov-Dec 2017 and Jan-May 2021 are drawn apart"
    (fan_median,) = charts["admissions_fan"].findobj(lambda a: a.get_gid() == "median")
    assert list(fan_median.get_xdata()) == [2018, 2019, 2020]


def test_old_yearly_history_still_draws_points():
    annual = pd.DataFrame(
        {
            "replication": [0, 0],
            "year": [2021, 2022],
            "months": 12,
            "admissions": [10, 12],
            "members_start": [300, 305],
            "members_end": [305, 310],
            "admission_rate": [0.03, 0.04],
        }
    )
    sc, res = shipped("huong_son_2018_2022.yaml")
    from partysim.outputs.charts import admissions_fan

    prov = provenance(sc, res, "en", "2026-11-30")
    fig = admissions_fan(annual, [], prov, "en", history=pd.DataFrame({"year": [2019, 2020], "admissions": [9, 11]}))
    (h,) = fig.findobj(lambda a: a.get_gid() == "history")
    assert list(h.get_xdata()) == [2019, 2020]
