"""The allocation chart: one bar per unit type, cell markers, the common probability, clean text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from partysim.outputs.charts.allocation import allocation_chart
from partysim.outputs.charts.layout import text_problems
from partysim.outputs.provenance import Provenance

PROV = Provenance("Thanh Hóa 2021-2025", "0" * 64, "0.1.0", 1, 8, "2026-11-30")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("common", [0.83, float("nan")])
def test_chart_bars_markers_and_clean_text(lang, common):
    by_unit = pd.DataFrame(
        {
            "unit": ["Xã đồng bằng", "Doanh nghiệp ngoài nhà nước", "Trường học"],
            "grassroots": [420, 96, 40],
            "total": [1885, 18, 63],
            "prob_go": [0.83, 0.05, 0.99],
            "prob_cell": [0.87, 0.06, 0.97],
        }
    )
    fig = allocation_chart(by_unit, common, 3000, 2021, PROV, lang)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_gid() == "go"] or [c for c in ax.containers if c.get_gid() == "go"]
    widths = [p.get_width() for p in ax.patches]
    assert np.allclose(widths, by_unit["prob_go"]), (bars, widths)
    cells = [line for line in ax.lines if line.get_gid() == "cell"]
    assert len(cells) == 1 and np.allclose(cells[0].get_xdata(), by_unit["prob_cell"])
    common_lines = [line for line in ax.lines if line.get_gid() == "common"]
    assert len(common_lines) == (0 if np.isnan(common) else 1)
    assert text_problems(fig) == []
