"""Tests for the target wording shared by charts, briefs, the batch report and the dashboard."""

from __future__ import annotations

import pytest

from partysim.outputs.markdown import cell_text, escape_inline, table
from partysim.outputs.target_text import (
    count_text,
    difference_text,
    is_fraction_kind,
    met_sentence,
    probability_change_text,
    rounded_value_text,
    shortfall_text,
    target_line_label,
    threshold_text,
    threshold_value,
    value_formatter,
)


def test_fraction_kinds():
    assert [k for k in ("admissions", "net_growth") if is_fraction_kind(k)] == []
    assert all(
        is_fraction_kind(k) for k in ("admission_rate", "composition", "grassroots_quota_share", "cell_quota_share")
    )


@pytest.mark.parametrize(
    "kind, threshold, lang, expected",
    [
        ("admissions", 3000, "en", "3,000 admissions a year"),
        ("admissions", 2.5, "vi", "2,5 đảng viên mỗi năm"),
        ("admission_rate", 0.03, "vi", "3% số đảng viên đầu năm"),
        ("net_growth", 100, "en", "net growth of at least 100 members"),
        ("net_growth", 0, "en", "membership does not fall (net growth of at least 0)"),
        ("net_growth", 0, "vi", "số đảng viên không giảm (tăng ròng từ 0 trở lên)"),
        ("cell_quota_share", 0.7, "en", "70% of party cells meet their quota"),
    ],
)
def test_threshold_text(kind, threshold, lang, expected):
    assert threshold_text(kind, threshold, lang) == expected


def test_threshold_text_composition_group():
    assert threshold_text("composition", 0.5, "en", "youth") == "50% of admissions are young people"
    assert threshold_text("composition", 0.5, "en", "sailors") == "50% of admissions are sailors"  # raw name
    assert threshold_text("composition", 0.5, "en") == "50% of admissions"


def test_values_and_thresholds():
    assert threshold_value("admission_rate", 0.035, "vi") == "3,5%"
    assert threshold_value("admissions", 2360, "vi") == "2.360"
    assert value_formatter("admission_rate", "en")(0.031) == "3.10%"
    assert value_formatter("admissions", "en")(2472.6) == "2,473"
    assert count_text(2.5, "en") == "2.5" and count_text(None, "en") == "—"
    assert rounded_value_text("admission_rate", 0.031, "en") == "3.1%"
    assert rounded_value_text("admissions", 12.6, "en") == "13"


def test_shortfall_and_differences():
    assert shortfall_text("admission_rate", 0.0012, "en") == "0.12 pp"
    assert shortfall_text("admissions", 3.25, "vi") == "3,3"
    assert shortfall_text("admissions", float("nan"), "en") == "—"
    assert difference_text("admissions", 4.04, "en") == "+4.0"
    assert difference_text("admission_rate", -0.001, "vi") == "-0,10 điểm %"
    assert difference_text("admissions", 0.0, "en") == "0.0"
    assert probability_change_text(0.05, "en") == "+5 pp"
    assert probability_change_text(float("nan"), "en") == "—"


def test_target_line_label_gives_a_range_when_thresholds_differ():
    assert target_line_label("A", "admissions", [2950, 2950], "en") == "A: 2,950 per year"
    assert target_line_label("R", "admission_rate", [0.03, 0.035], "en") == "R: 3%–3.5% of members on 1 Jan"


def test_met_sentence():
    rows = [{"threshold": 10, "probability": p, "year": y} for y, p in ((2021, 0.97), (2022, 0.5), (2023, 0.5))]
    assert met_sentence("A", "admissions", rows, "en") == (
        "The target “A” (10 admissions a year) is met with probability 97% in 2021, 50% in 2022, 50% in 2023; "
        "lowest in 2022 at 50%."
    )
    one = [{"threshold": 0.03, "probability": 1.0, "year": 2023}]
    assert (
        met_sentence("R", "admission_rate", one, "vi")
        == "Chỉ tiêu «R» (3% số đảng viên đầu năm) đạt với xác suất 100% năm 2023."
    )


def test_markdown_escaping_and_tables():
    assert escape_inline("a_b*c") == "a\\_b\\*c"
    assert cell_text("A | B\nC") == "A \\| B C"
    assert cell_text("x_y", escape_emphasis=True) == "x\\_y"
    assert table(["h", "n"], [["a_b", "1"]], ["l", "r"]) == "| h | n |\n| :-- | --: |\n| a_b | 1 |"
    assert table(["h"], [["a_b"]], ["l"], escape_emphasis=True).endswith("| a\\_b |")
