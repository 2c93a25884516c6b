"""The unit table: rows to unit templates, the territory's tree, past admissions summed."""

from __future__ import annotations

import pytest

from partysim.scenario.sheets.errors import TableError
from partysim.scenario.sheets.history import next_month, sheet_history
from partysim.scenario.sheets.periods import TablePeriod
from partysim.scenario.sheets.unit_sheet import read_unit_sheet
from partysim.scenario.sheets.unit_tree import build_territory
from partysim.scenario.territory import Territory

from .sheet_files import UNIT_HEADER_VI, UNIT_ROWS_VI, write_csv, write_xlsx


@pytest.fixture()
def units_xlsx(tmp_path):
    return write_xlsx(tmp_path / "units.xlsx", {"Đơn vị": [["Đảng bộ xã Minh Hòa"], UNIT_HEADER_VI, *UNIT_ROWS_VI]})


def test_rows_become_unit_fields(units_xlsx):
    sheet = read_unit_sheet(units_xlsx)
    assert sheet.table.title == "Đảng bộ xã Minh Hòa"
    commune, workshop = sheet.rows
    assert commune.fields == {
        "name": "Xã Minh Hòa",
        "kind": "commune",
        "area": "rural",
        "count": 1,
        "people": 4000,
        "members": 252,
        "cells": 10,
        "quota": 8,
        "pipeline": {"source": 15, "certified": 6, "vetting": 3, "vote": 1, "probation": 12},
    }  # a blank stage cell (in class) is not given: it is estimated
    assert commune.parents == ("Đảng bộ xã Minh Hòa",)
    assert workshop.fields["ownership"] == "non_state" and workshop.count == 2
    assert workshop.fields["pipeline"] == {
        "source": 2,
        "class": 0,
        "certified": 1,
        "vetting": 0,
        "vote": 0,
        "probation": 0,
    }
    assert commune.admissions == {TablePeriod(2023): 6, TablePeriod(2024): 7}


def test_history_sums_rows_times_count(units_xlsx):
    history = sheet_history(read_unit_sheet(units_xlsx))
    assert history.years == {2023: 6 + 2 * 1, 2024: 7 + 2 * 0}
    assert history.last == TablePeriod(2024) and next_month(history.last) == "2025-01"


def test_territory_tree(units_xlsx):
    data = build_territory(read_unit_sheet(units_xlsx), "Minh Hòa", "Minh Hòa")
    assert data["levels"] == ["commune", "grassroots", "cell"]
    assert data["nodes"] == [{"name": "Đảng bộ xã Minh Hòa", "level": "commune"}]
    assert [u["level"] for u in data["units"]] == ["commune", "grassroots"]
    Territory.model_validate(data)


def test_parent_chains_levels_and_a_top_node(tmp_path):
    rows = [
        ["Tên", "Trực thuộc", "Cấp của đơn vị cấp trên", "Loại hình", "Số người", "Tổng số đảng viên"],
        ["Xã A", "Tỉnh X > Huyện Y", None, "xã", 3000, 200],
        ["Xã B", "Huyện Y", None, "xã", 3000, 200],
        ["Cơ quan C", "Khối cơ quan", None, "cơ quan", 50, 30],
        ["Trường D", "Vùng Z", "khối", "trường học", 40, 20],
    ]
    sheet = read_unit_sheet(write_xlsx(tmp_path / "u.xlsx", {"S": rows}))
    data = build_territory(sheet, "T", "Toàn tỉnh")
    nodes = {n["name"]: n for n in data["nodes"]}
    assert nodes["Huyện Y"] == {"name": "Huyện Y", "level": "district", "parent": "Tỉnh X"}
    assert nodes["Toàn tỉnh"]["level"] == "top"  # joins three tops, one of them a province
    assert nodes["Khối cơ quan"]["level"] == "bloc" and nodes["Vùng Z"]["level"] == "bloc"
    assert data["levels"][:3] == ["top", "province", "bloc"] and data["levels"][-1] == "cell"
    Territory.model_validate(data)


def test_a_parent_that_is_a_unit_is_refused(tmp_path):
    f = write_csv(
        tmp_path / "u.csv",
        "Tên;Trực thuộc;Loại hình;Sở hữu;Số người;Đảng viên chính thức\n"
        "Xã A;;xã;;3000;200\nCông ty B;Xã A;doanh nghiệp;nhà nước;80;5\n",
    )
    with pytest.raises(TableError, match=r"row 3, column B 'Trực thuộc': field 'parent': expected an upper node"):
        build_territory(read_unit_sheet(f), "T", "T")


@pytest.mark.parametrize(
    ("cells", "match"),
    [
        ("Công ty B;doanh nghiệp;;80;5", r"row 2, column C 'Sở hữu': field 'ownership': an enterprise needs ownership"),
        ("Công ty B;hợp tác xã;;80;5", r"column B 'Loại hình': field 'kind': expected xã, phường"),
        ("Xã A;xã;;;200", r"column D 'Số người': field 'people': expected the number of people"),
        ("Xã A;xã;;3.000,5;200", r"column D 'Số người': field 'people': expected a whole number"),
        ("Xã A;xã;;20000000;200", r"column D 'Số người': field 'people': expected a number of at most 10000000"),
        (
            "Xã A;xã;;3000;",
            r"column E 'Đảng viên chính thức': field 'full_members': expected the number of party members",
        ),
        ("Tổng cộng;;;3000;200", r"column A 'Tên': field 'name': a total row"),
    ],
)
def test_bad_rows_are_located(tmp_path, cells, match):
    f = write_csv(tmp_path / "u.csv", "Tên;Loại hình;Sở hữu;Số người;Đảng viên chính thức\n" + cells + "\n")
    with pytest.raises(TableError, match=match):
        read_unit_sheet(f)


@pytest.mark.parametrize(
    ("people", "en", "vi"),
    [
        (
            "2,5",
            "expected a whole number such as 2360 or 2.360, got '2,5'",
            "cần một số nguyên, ví dụ 2360 hoặc 2.360, nhưng có '2,5'",
        ),
        (
            "5,200",
            "in Vietnamese writing 5,200 means 5.2, not a whole number; expected a whole number: write 5.200 or "
            "5200 if you mean 5200, got '5,200'",
            "theo cách viết Việt Nam, 5,200 là 5,2, không phải số nguyên; cần một số nguyên: ghi 5.200 hoặc 5200 nếu là "
            "5200, nhưng có '5,200'",
        ),
        (
            "nhiều",
            "expected a whole number such as 2360 or 2.360, got 'nhiều'",
            "cần một số nguyên, ví dụ 2360 hoặc 2.360, nhưng có 'nhiều'",
        ),
    ],
)
def test_a_number_error_names_the_kind_of_number_in_both_languages(tmp_path, people, en, vi):
    f = write_csv(tmp_path / "u.csv", f"Tên;Số người;Đảng viên chính thức\nXã A;{people};200\n")
    with pytest.raises(TableError) as err:
        read_unit_sheet(f)
    assert str(err.value) == f"{f}, row 2, column B 'Số người': field 'people': {en}"
    assert err.value.render("vi") == f"{f}, dòng 2, cột B 'Số người': trường 'people': {vi}"


def test_a_decimal_column_shows_a_decimal_example(tmp_path):
    f = write_csv(tmp_path / "u.csv", "Tên;Số người;Đảng viên chính thức;Chỉ tiêu kết nạp\nXã A;3000;200;tám\n")
    with pytest.raises(TableError) as err:
        read_unit_sheet(f)
    assert str(err.value).endswith("field 'quota': expected a number such as 2.360 or 12,5, got 'tám'")
    assert err.value.render("vi").endswith("trường 'quota': cần một số, ví dụ 2.360 hoặc 12,5, nhưng có 'tám'")


def test_unknown_and_duplicate_headers_are_refused(tmp_path):
    f = write_csv(tmp_path / "u.csv", "Tên;Số ngườii;Đảng viên chính thức\nXã A;3000;200\n")
    with pytest.raises(TableError, match=r"row 1, column B 'Số ngườii': unknown column.*did you mean 'Số người'"):
        read_unit_sheet(f)
    g = write_csv(tmp_path / "g.csv", "Tên;Số người;Dân số;Đảng viên chính thức\nXã A;3000;3000;200\n")
    with pytest.raises(TableError, match=r"column C 'Dân số': same column as 'Số người'"):
        read_unit_sheet(g)
    ok = write_csv(tmp_path / "ok.csv", "STT;Tên;Số người;Đảng viên chính thức;Ghi chú\n1;Xã A;3000;200;x\n")
    assert read_unit_sheet(ok).rows[0].fields["people"] == 3000


def test_english_headers_without_vietnamese_words(tmp_path):
    f = write_csv(
        tmp_path / "u.csv",
        "name,kind,area,ownership,count,people,full members,probationary members,cells,"
        'quota,Admissions 2024\nWard 1,ward,urban,,3,"2,500",180,8,6,5,4\n'
        "Firm,enterprise,,state,1,300,40,2,3,2,1\n",
    )
    with pytest.raises(TableError, match=r"row 2, column F 'people'.*'2,500' reads as 2.5 .* and as 2500"):
        read_unit_sheet(f)  # English headers do not decide: the planner may use Vietnamese Excel
    rows = read_unit_sheet(f, decimal=".").rows
    assert rows[0].fields["people"] == 2500 and rows[0].fields["kind"] == "ward" and rows[0].count == 3
    assert sheet_history(read_unit_sheet(f, decimal=".")).years == {2024: 13}


def test_quarters_are_summed_into_whole_years_only(tmp_path):
    head = "Tên;Số người;Đảng viên chính thức;Số đơn vị;" + ";".join(
        f"Kết nạp Quý {q}/2024" for q in ["I", "II", "III", "IV"]
    )
    f = write_csv(tmp_path / "q.csv", head + ";Kết nạp Q1/2025;Kết nạp 2024\nXã A;3000;200;2;1;2;0;3;1;6\n")
    history = sheet_history(read_unit_sheet(f))
    assert history.years == {2024: 12}
    assert history.quarters[TablePeriod(2024, quarter=4)] == 6 and history.partial == (2025,)
    assert next_month(history.last) == "2025-04"
    bad = write_csv(tmp_path / "b.csv", head + ";Kết nạp 2024\nXã A;3000;200;2;1;2;0;3;7\n")
    with pytest.raises(TableError, match=r"column I 'Kết nạp 2024'.*sum of its parts"):
        sheet_history(read_unit_sheet(bad))


def test_a_partly_blank_admissions_column_is_refused_an_empty_one_ignored(tmp_path):
    f = write_csv(
        tmp_path / "a.csv",
        "Tên;Số người;Đảng viên chính thức;Kết nạp 2023;Kết nạp 2024\nXã A;3000;200;;4\nXã B;3000;200;;\n",
    )
    with pytest.raises(TableError, match=r"row 3, column E 'Kết nạp 2024'.*write 0 if none"):
        read_unit_sheet(f)
    g = write_csv(tmp_path / "g.csv", "Tên;Số người;Đảng viên chính thức;Kết nạp 2023\nXã A;3000;200;\n")
    assert read_unit_sheet(g).rows[0].admissions == {}
