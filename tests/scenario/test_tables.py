"""The strict table reader: files, encodings, separators, title rows, headers, number
conventions, sheets, and one located message for every refusal."""

from __future__ import annotations

import pickle

import pytest

from partysim.forecast import ForecastError, read_series
from partysim.scenario import ScenarioError
from partysim.scenario.sheets.errors import TableError, column_letter
from partysim.scenario.sheets.period_series import read_period_series
from partysim.scenario.sheets.periods import TablePeriod

from .sheet_files import write_csv, write_xlsx

YEARS = [TablePeriod(y) for y in (2018, 2019, 2020, 2021)]


def values(path, **kwargs):
    return list(read_period_series(path, **kwargs).values)


# --------------------------------------------------------------------------- the history file of the issue
def test_vietnamese_history_file_reads_2260_as_two_thousand(tmp_path):
    f = write_csv(tmp_path / "h.csv", "Năm,Kết nạp\n2018,2.260\n2019,2.410\n2020,2.150\n2021,2.300\n")
    s = read_period_series(f)
    assert list(s.periods) == YEARS and list(s.values) == [2260, 2410, 2150, 2300]
    assert read_series(f).tolist() == [2260, 2410, 2150, 2300]


def test_ambiguous_value_in_an_english_file_is_refused(tmp_path):
    f = write_csv(tmp_path / "h.csv", "year,admissions\n2018,2.360\n2019,2400\n2020,2500\n2021,2600\n")
    with pytest.raises(TableError) as err:
        read_period_series(f)
    text = str(err.value)
    assert text.startswith(f"{f}, row 2, column B 'admissions': field 'admissions': ")
    assert "2360" in text and "2.36" in text and "--decimal" in text
    with pytest.raises(ForecastError, match="reads as 2360"):
        read_series(f)


def test_the_decimal_argument_decides(tmp_path):
    f = write_csv(tmp_path / "h.csv", "year,admissions\n2018,2.360\n2019,2400\n2020,2500\n2021,2600\n")
    assert values(f, decimal=",") == [2360, 2400, 2500, 2600]
    assert values(f, decimal=".") == [2.36, 2400, 2500, 2600]
    with pytest.raises(TableError, match="decimal"):
        read_period_series(f, decimal=";")


def test_unambiguous_cells_in_the_column_decide(tmp_path):
    en = write_csv(tmp_path / "en.csv", "year,rate\n2018,2.360\n2019,2.5\n2020,2.75\n2021,3.125\n")
    assert values(en) == [2.36, 2.5, 2.75, 3.125]
    vi = write_csv(tmp_path / "vi.csv", "year,admissions\n2018,2.360\n2019,1.234,5\n", encoding="utf-8")
    with pytest.raises(TableError):  # a comma-separated file with a decimal comma: quoted or refused
        read_period_series(vi)
    vi = write_csv(tmp_path / "vi2.csv", 'year,admissions\n2018,2.360\n2019,"1.234,5"\n2020,"12,5"\n2021,7\n')
    assert values(vi) == [2360, 1234.5, 12.5, 7]


def test_unambiguous_cells_elsewhere_in_the_table_decide(tmp_path):
    f = write_csv(
        tmp_path / "h.csv",
        'year,admissions,rate\n2018,2.360,"3,5"\n2019,2.400,"3,75"\n2020,2.500,"4,0"\n2021,2.600,"4,25"\n',
    )
    assert values(f, column="admissions") == [2360, 2400, 2500, 2600]


def test_a_column_mixing_conventions_is_refused(tmp_path):
    f = write_csv(tmp_path / "h.csv", 'year,admissions\n2018,"1.234,5"\n2019,"1,234.5"\n2020,3\n2021,4\n')
    with pytest.raises(TableError, match=r"row 3, column B .*mixes number conventions: row 2"):
        read_period_series(f)


# --------------------------------------------------------------------------- files and encodings
def test_semicolon_csv_means_the_vietnamese_convention(tmp_path):
    f = write_csv(tmp_path / "h.csv", "year;admissions\n2018;2.360\n2019;12,5\n2020;2.500\n2021;2.600\n")
    assert values(f) == [2360, 12.5, 2500, 2600]
    g = write_csv(tmp_path / "g.csv", "year;admissions\n2018;2.360\n2019;2.400\n2020;2.500\n2021;2.600\n")
    assert values(g) == [2360, 2400, 2500, 2600]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_encodings(tmp_path, encoding):
    f = write_csv(
        tmp_path / "h.csv",
        "Năm;Số đảng viên kết nạp\n2018;2.260\n2019;2.410\n2020;2.150\n2021;2.300\n",
        encoding=encoding,
    )
    s = read_period_series(f)
    assert s.name == "Số đảng viên kết nạp" and list(s.values) == [2260, 2410, 2150, 2300]


def test_text_in_an_unknown_encoding_is_refused(tmp_path):
    f = tmp_path / "h.csv"
    f.write_bytes("Năm;Kết nạp\n2018;5\n".encode().replace(b"\xc4\x83", b"\x81\x8d"))  # not UTF-8
    with pytest.raises(TableError, match="CSV UTF-8"):
        read_period_series(f)


def test_title_rows_above_the_header_are_skipped(tmp_path):
    f = write_csv(
        tmp_path / "h.csv",
        "ĐẢNG BỘ HUYỆN X;;\nBáo cáo kết nạp đảng viên;;\n;;\n"
        "STT;Năm;Kết nạp\n1;2018;2.260\n2;2019;2.410\n3;2020;2.150\n4;2021;2.300\n",
    )
    s = read_period_series(f)
    assert s.title == "ĐẢNG BỘ HUYỆN X" and list(s.values) == [2260, 2410, 2150, 2300]


def test_headers_without_diacritics_and_in_any_case(tmp_path):
    f = write_csv(tmp_path / "h.csv", "NAM;KET NAP\n2018;2.260\n2019;2.410\n2020;2.150\n2021;2.300\n")
    assert values(f) == [2260, 2410, 2150, 2300]
    g = write_csv(tmp_path / "g.csv", "Nam,So dang vien ket nap\n2018,2.260\n2019,2.410\n2020,2.150\n2021,2.300\n")
    assert values(g) == [2260, 2410, 2150, 2300]  # Vietnamese words without diacritics still mean Vietnamese


@pytest.mark.parametrize("spelling", ["Q{q}/{y}", "{y}Q{q}", "Quý {r}/{y}", "Quý {q}/{y}", "Q{q}-{y}"])
def test_each_quarter_spelling_in_a_file(tmp_path, spelling):
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    lines = [spelling.format(q=q, y=y, r=roman[q]) + f";{q}" for y in (2021, 2022) for q in (1, 2, 3, 4)]
    f = write_csv(tmp_path / "q.csv", "Kỳ;Kết nạp\n" + "\n".join(lines) + "\n")
    s = read_period_series(f)
    assert s.freq == "Q" and s.periods[0] == TablePeriod(2021, quarter=1) and len(s.periods) == 8
    assert read_series(f).index.freqstr.startswith("Q")


def test_months_read_but_not_forecast(tmp_path):
    f = write_csv(tmp_path / "m.csv", "Tháng;Kết nạp\n" + "".join(f"Tháng {m}/2022;{m}\n" for m in range(1, 13)))
    assert read_period_series(f).freq == "M"
    with pytest.raises(ForecastError, match="monthly"):
        read_series(f)


def test_excel_chosen_sheet_by_name_number_and_default(tmp_path):
    f = write_xlsx(
        tmp_path / "h.xlsx",
        {
            "Ghi chú": [["Bảng này ghi chú"]],
            "Số liệu": [
                ["Báo cáo"],
                [],
                ["Năm", "Kết nạp"],
                [2018, 2260],
                [2019, "2.410"],
                [2020, 2150.0],
                [2021, 2300],
            ],
        },
    )
    assert values(f, sheet="Số liệu") == [2260, 2410, 2150, 2300]
    assert values(f, sheet="so lieu") == [2260, 2410, 2150, 2300]
    assert values(f, sheet="2") == values(f, sheet=1) == [2260, 2410, 2150, 2300]
    with pytest.raises(TableError, match=r"sheet 'Ghi chú'.*no header row"):
        read_period_series(f)
    with pytest.raises(TableError, match="no sheet named 'Nope'"):
        read_period_series(f, sheet="Nope")


def test_excel_error_message_names_file_sheet_row_column_and_field(tmp_path):
    f = write_xlsx(
        tmp_path / "h.xlsx", {"Số liệu": [["Năm", "Ghi chú", "Kết nạp"], [2018, None, 5], [2019, "x", "năm"]]}
    )
    with pytest.raises(TableError) as err:
        read_period_series(f, column="Kết nạp")
    e = err.value
    assert (e.file, e.sheet, e.row, column_letter(e.column), e.header, e.field) == (
        str(f),
        "Số liệu",
        3,
        "C",
        "Kết nạp",
        "admissions",
    )
    assert str(e).startswith(f"{f}, sheet 'Số liệu', row 3, column C 'Kết nạp': field 'admissions': expected a number")
    assert isinstance(e, ScenarioError)
    again = pickle.loads(pickle.dumps(e))
    assert str(again) == str(e)


def test_uncomputed_formula_and_excel_errors_are_refused(tmp_path):
    f = write_xlsx(tmp_path / "h.xlsx", {"S": [["year", "a"], [2018, 1], [2019, "=B2*2"], [2020, 3], [2021, 4]]})
    with pytest.raises(TableError, match=r"row 3, column B 'a'.*formula"):
        read_period_series(f)
    g = write_xlsx(tmp_path / "g.xlsx", {"S": [["year", "a"], [2018, 1], [2019, "#DIV/0!"], [2020, 3], [2021, 4]]})
    with pytest.raises(TableError, match="Excel error value"):
        read_period_series(g, column="a")


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", r"\.xls"),
        ("missing.csv", None, "file not found"),
        ("amb.csv", b"a;b,c\nx;y,z\n", "separates the columns"),
        ("nohead.csv", b"when,x\n2020,1\n", "'year' or 'period'"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, name, content, match):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(TableError, match=match):
        read_period_series(path)


def test_rows_that_cannot_be_read_with_certainty(tmp_path):
    total = write_csv(tmp_path / "t.csv", "Năm;Kết nạp\n2018;5\n2019;6\nTổng cộng;11\n")
    with pytest.raises(TableError, match=r"row 4, column A 'Năm'.*a total row"):
        read_period_series(total)
    twice = write_csv(tmp_path / "d.csv", "Năm;Kết nạp\n2018;5\n2018;6\n")
    with pytest.raises(TableError, match=r"row 3.*same period as row 2"):
        read_period_series(twice)
    gap = write_csv(tmp_path / "g.csv", "Năm;Kết nạp\n2018;5\n2019;\n2020;6\n")
    with pytest.raises(TableError, match=r"row 3, column B.*a value for 2019"):
        read_period_series(gap)
    later = write_csv(tmp_path / "l.csv", "Năm;Kết nạp\n2018;5\n2019;6\n2020;\n2021;\n")
    assert values(later) == [5, 6]  # periods to come, left blank at the end


def test_value_column_is_found_or_must_be_chosen(tmp_path):
    f = write_csv(tmp_path / "h.csv", "Năm;Kết nạp;Số đảng viên\n2018;5;100\n2019;6;104\n")
    with pytest.raises(TableError, match="--column"):
        read_period_series(f)
    assert values(f, column="admissions") == [5, 6]
    assert values(f, column="ket nap") == [5, 6]
    assert values(f, column="members") == [100, 104]
    with pytest.raises(TableError, match="no column 'nope'"):
        read_period_series(f, column="nope")


def test_table_errors_render_in_vietnamese(tmp_path):
    err = TableError("u.xlsx", "a number", sheet="Đơn vị", row=4, column=7, header="Số người", field="people", got="x")
    assert str(err) == "u.xlsx, sheet 'Đơn vị', row 4, column H 'Số người': field 'people': expected a number, got 'x'"
    assert err.render("vi").startswith("u.xlsx, trang tính 'Đơn vị', dòng 4, cột H 'Số người': ")
