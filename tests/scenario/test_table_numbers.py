"""Numbers and periods as planners write them: every accepted form, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from partysim.scenario.sheets.errors import said_in
from partysim.scenario.sheets.numbers import ambiguous, evidence, example_number, misread_whole, pick, readings
from partysim.scenario.sheets.periods import TablePeriod, parse_period_cell, parse_period_text


@pytest.mark.parametrize(
    ("text", "style", "value"),
    [
        ("2.360", "vi", 2360),
        ("1.234,5", "vi", 1234.5),
        ("104,75%", "vi", 1.0475),
        ("12,5", "vi", 12.5),
        ("1.234.567", "vi", 1234567),
        ("-12,5", "vi", -12.5),
        ("0,5", "vi", 0.5),
        ("2,360", "en", 2360),
        ("1,234.5", "en", 1234.5),
        ("12.5%", "en", 0.125),
        ("1,234,567.89", "en", 1234567.89),
        ("2 360", "vi", 2360),
        ("2 360", "en", 2360),
        ("2360", "vi", 2360),
        ("2360", "en", 2360),
    ],
)
def test_each_format_reads_under_its_convention(text, style, value):
    assert pick(readings(text), style) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "proves"),
    [
        ("1.234,5", "vi"),
        ("12,5", "vi"),
        ("104,75%", "vi"),
        ("1.234.567", "vi"),
        ("1,234.5", "en"),
        ("2.36", "en"),
        ("0.360", "en"),
        ("1,234,567", "en"),
        ("2.360", None),
        ("2,360", None),
        ("2360", None),
    ],
)
def test_which_texts_prove_a_convention(text, proves):
    assert evidence(readings(text)) == proves


def test_ambiguous_texts_are_refused_without_a_convention():
    for text in ("2.360", "2,360", "1.500"):
        found = readings(text)
        assert ambiguous(found)
        with pytest.raises(ValueError, match="ambiguous"):
            pick(found, None)
    assert pick(readings("2360"), None) == 2360
    assert pick(readings("12,5"), None) == 12.5


@pytest.mark.parametrize("text", ["abc", "", "1.23.4", "2 36", "12,5,3.1", "--3", "1e5"])
def test_non_numbers_are_refused(text):
    with pytest.raises(ValueError):
        readings(text)


def test_a_text_invalid_in_the_stated_convention_is_refused():
    with pytest.raises(ValueError, match="Vietnamese convention"):
        pick(readings("2.36"), "vi")
    with pytest.raises(ValueError, match="English convention"):
        pick(readings("12,5"), "en")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2022", TablePeriod(2022)),
        ("Năm 2022", TablePeriod(2022)),
        ("Q1/2022", TablePeriod(2022, quarter=1)),
        ("2022Q1", TablePeriod(2022, quarter=1)),
        ("2022-Q1", TablePeriod(2022, quarter=1)),
        ("Q1-2022", TablePeriod(2022, quarter=1)),
        ("Q1 2022", TablePeriod(2022, quarter=1)),
        ("Quý I/2022", TablePeriod(2022, quarter=1)),
        ("Quý 1/2022", TablePeriod(2022, quarter=1)),
        ("quy iv nam 2022", TablePeriod(2022, quarter=4)),
        ("Quý III/2022", TablePeriod(2022, quarter=3)),
        ("QUÝ II/2022", TablePeriod(2022, quarter=2)),
        ("01/2022", TablePeriod(2022, month=1)),
        ("1/2022", TablePeriod(2022, month=1)),
        ("Tháng 1/2022", TablePeriod(2022, month=1)),
        ("tháng 12 năm 2022", TablePeriod(2022, month=12)),
        ("T3/2022", TablePeriod(2022, month=3)),
        ("2022-07", TablePeriod(2022, month=7)),
    ],
)
def test_each_period_spelling(text, period):
    assert parse_period_text(text) == period


@pytest.mark.parametrize("text", ["Q5/2022", "13/2022", "2021-2022", "Quý V/2022", "abc", "22"])
def test_bad_periods_are_refused(text):
    with pytest.raises(ValueError):
        parse_period_text(text)


def test_period_cells_from_excel():
    assert parse_period_cell(2022) == TablePeriod(2022)
    assert parse_period_cell(2022.0) == TablePeriod(2022)
    assert parse_period_cell(dt.datetime(2022, 3, 1)) == TablePeriod(2022, month=3)
    with pytest.raises(ValueError, match="not a month"):
        parse_period_cell(dt.datetime(2022, 3, 15))
    with pytest.raises(ValueError):
        parse_period_cell(2022.5)
    assert str(TablePeriod(2022, quarter=1)) == "2022Q1" and TablePeriod(2022, quarter=1).label() == "Q1/2022"


def test_the_header_vocabulary_is_one_table_without_clashes():
    from collections import defaultdict

    from partysim.scenario.sheets.vocabulary import HEADERS, match_header, period_header

    keys = defaultdict(set)
    for h in HEADERS:
        for spelling in h.spellings():
            keys[spelling].add(h.key)
    assert not {s: k for s, k in keys.items() if len(k) > 1}
    assert match_header("Năm") == ("year", "vi") and match_header("NAM") == ("year", "vi")
    assert match_header("Year") == ("year", "en") and match_header("Số người (16-60 tuổi)") == ("people", "vi")
    assert match_header("Ket nap") == ("admissions", "vi") and match_header("Admissions") == ("admissions", "en")
    assert match_header("so dang vien ket nap") == ("admissions", "vi") and match_header("xyz") is None
    assert period_header("Kết nạp Q1/2022") == (TablePeriod(2022, quarter=1), "vi")
    assert period_header("Admissions 2021") == (TablePeriod(2021), "en")
    assert period_header("2021") == (TablePeriod(2021), None)


@pytest.mark.parametrize(
    ("style", "whole", "en", "vi"),
    [
        ("vi", True, "a whole number such as 2360 or 2.360", "một số nguyên, ví dụ 2360 hoặc 2.360"),
        ("en", True, "a whole number such as 2360 or 2,360", "một số nguyên, ví dụ 2360 hoặc 2,360"),
        (None, True, "a whole number such as 2360", "một số nguyên, ví dụ 2360"),
        ("vi", False, "a number such as 2.360 or 12,5", "một số, ví dụ 2.360 hoặc 12,5"),
        ("en", False, "a number such as 2,360 or 12.5", "một số, ví dụ 2,360 hoặc 12.5"),
    ],
)
def test_examples_fit_the_column(style, whole, en, vi):
    example = example_number(style, whole)
    assert (str(example), said_in(example, "vi"), said_in(example, "en")) == (en, vi, en)
    if whole:  # a column of counts is never shown a fraction as an example
        assert "12" not in example and "12" not in said_in(example, "vi")


def test_a_whole_number_misread_under_the_other_convention():
    assert misread_whole(readings("5,200"), "vi") == 5200  # 5.2 in Vietnamese writing
    assert misread_whole(readings("5.200"), "en") == 5200  # 5.2 in English writing
    assert misread_whole(readings("2,5"), "vi") is None  # a fraction in both
    assert misread_whole(readings("5.200"), "vi") is None  # already 5200
