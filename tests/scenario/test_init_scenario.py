"""``partysim init`` as a library: a scenario from a unit table, the template, and the
round trip scenario -> table -> scenario."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import yaml

from partysim.scenario import load_scenario
from partysim.scenario.sheets.errors import TableError
from partysim.scenario.sheets.init_scenario import InitRequest, init_scenario_data
from partysim.scenario.sheets.init_text import init_notes, init_text
from partysim.scenario.sheets.template import history_periods, scenario_sheet_bytes, shipped_template, template_bytes
from partysim.scenario.sheets.unit_sheet import read_unit_sheet

from .sheet_files import UNIT_HEADER_VI, UNIT_ROWS_VI, write_csv, write_xlsx

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
ROUND_TRIP = [
    "huong_son_2018_2022",
    "long_bien_enterprises_2018_2021",
    "ninh_binh_2023",
    "thanh_hoa_2021_2025",
    "lam_dong_agencies_2020_2021",
]


def build(tmp_path, table, **kwargs):
    out = tmp_path / kwargs.pop("out", "new.yaml")
    request = InitRequest(table=Path(table), out=out, this_year=2026, **kwargs)
    result = init_scenario_data(request)
    out.write_text(init_text(request, result, "2026-01-15"), encoding="utf-8")
    return out, result


@pytest.fixture()
def units_xlsx(tmp_path):
    return write_xlsx(tmp_path / "units.xlsx", {"Đơn vị": [UNIT_HEADER_VI, *UNIT_ROWS_VI], "Khác": [["x"]]})


def test_new_scenario_validates_with_defaults_and_history(tmp_path, units_xlsx):
    out, _ = build(tmp_path, units_xlsx, name="minh_hoa", today=dt.date(2026, 3, 14))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Built by `partysim init` from units.xlsx, sheet 'Đơn vị' on 2026-01-15")
    assert "documented default" in text and "partysim params new.yaml" in text
    sc = load_scenario(out)
    assert sc.name == "minh_hoa" and (sc.start, sc.end) == ("2026-03", "2029-02")  # pipeline counts: this month
    assert sc.history.admissions == {2023: 8, 2024: 7}
    assert sc.targets[0].threshold == 8 * 1 + 1 * 2
    units = {u.name: u for u in sc.territory.units}
    assert units["Xã Minh Hòa"].members == 252 and units["Xã Minh Hòa"].pipeline["probation"] == 12
    assert "class" not in units["Xã Minh Hòa"].pipeline and units["Công ty may"].count == 2
    data = yaml.safe_load(text)
    for block in ("pipeline", "migration", "levers", "effects", "population", "pipeline_start"):
        assert block not in data  # every estimate at its default


def test_start_and_years_and_no_history(tmp_path):
    f = write_csv(tmp_path / "u.csv", "Tên;Số người;Đảng viên chính thức\nXã A;3000;200\n")
    out, _ = build(tmp_path, f, start="2027-07", years=2)
    sc = load_scenario(out)
    assert (sc.start, sc.end) == ("2027-07", "2029-06") and not sc.history.admissions and not sc.targets
    out2, _ = build(tmp_path, f, out="b.yaml")
    assert load_scenario(out2).start == "2026-01"  # without history: January of this year


def test_the_start_is_this_month_when_the_table_gives_pipeline_counts(tmp_path, units_xlsx):
    today = dt.date(2026, 5, 20)
    _, result = build(tmp_path, units_xlsx, today=today)
    assert (result.start, result.start_reason) == ("2026-05", "counts")
    notes = init_notes(result)
    assert notes[0] == (
        "the run starts in 2026-05, this month, because the table gives pipeline counts (people at "
        "each step today); the pipeline counts are taken as of the start: use --start YYYY-MM for the "
        "month your register counts are from"
    )
    assert init_notes(result, "vi")[0].startswith("mô phỏng bắt đầu từ 2026-05, tháng này, vì bảng có số người ở")
    _, given = build(tmp_path, units_xlsx, out="g.yaml", today=today, start="2025-10")
    assert (given.start, given.start_reason) == ("2025-10", "given")
    assert init_notes(given)[0] == "the run starts in 2025-10 (--start); the pipeline counts are taken as of that month"


def test_without_pipeline_counts_the_start_follows_the_history(tmp_path):
    f = write_csv(
        tmp_path / "u.csv",
        "Tên;Số người;Đảng viên chính thức;Quần chúng ưu tú trong nguồn;Kết nạp 2023;"
        "Kết nạp 2024\nXã A;3000;200;;5;6\n",
    )
    out, result = build(tmp_path, f, today=dt.date(2026, 5, 20))
    assert load_scenario(out).start == "2025-01" and result.start_reason == "history"
    notes = init_notes(result)
    assert notes[0] == (
        "the run starts in 2025-01, the month after the table's last admissions figure (2024); "
        "use --start YYYY-MM to start in another month"
    )
    assert any(
        n.startswith("blank pipeline cells are filled by a spin-up") and "rows without any count: 1 of 1" in n
        for n in notes
    )
    assert any("title is 'new' (no title above the header)" in n for n in notes)  # the file's name


def test_quarterly_admissions_are_kept_as_comments(tmp_path):
    head = "Tên;Số người;Đảng viên chính thức;" + ";".join(f"Q{q}/2024" for q in range(1, 5)) + ";Q1/2025"
    f = write_csv(tmp_path / "q.csv", head + "\nXã A;3000;200;1;2;0;3;2\n")
    out, _ = build(tmp_path, f)
    text = out.read_text(encoding="utf-8")
    assert "# admissions per quarter in the table (the file has no field for them): Q1/2024: 1," in text
    assert "Note: years with only some quarters or months are not in history.admissions: 2025." in text
    sc = load_scenario(out)
    assert sc.history.admissions == {2024: 6} and sc.start == "2025-04"


def test_with_a_base_only_territory_and_history_are_written(tmp_path, units_xlsx):
    out, _ = build(tmp_path, units_xlsx, base=SCENARIOS / "huong_son_2018_2022.yaml")
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert set(data) == {"extends", "territory", "history"}
    base = load_scenario(SCENARIOS / "huong_son_2018_2022.yaml")
    sc = load_scenario(out)
    assert sc.levers == base.levers and sc.pipeline == base.pipeline and sc.targets == base.targets
    assert sc.territory.name == base.territory.name and len(sc.territory.units) == 2
    assert sc.history.admissions == {**base.history.admissions, 2023: 8, 2024: 7}  # mappings merge


@pytest.mark.parametrize("name", ROUND_TRIP)
@pytest.mark.parametrize(("lang", "fmt"), [("vi", "xlsx"), ("en", "csv"), ("vi", "csv")])
def test_round_trip_scenario_sheet_scenario(tmp_path, name, lang, fmt):
    original = load_scenario(SCENARIOS / f"{name}.yaml")
    table = tmp_path / f"{name}.{fmt}"
    table.write_bytes(scenario_sheet_bytes(original, lang, fmt))
    out, _ = build(tmp_path, table, base=SCENARIOS / f"{name}.yaml")
    rebuilt = load_scenario(out)
    a, b = original.territory.model_dump(), rebuilt.territory.model_dump()
    assert a["units"] == b["units"] and a["levels"] == b["levels"]
    assert sorted(a["nodes"], key=str) == sorted(b["nodes"], key=str)
    if a["nodes"] == b["nodes"]:  # then the whole scenario is the same, so the verdicts are the same
        assert rebuilt.sha256() == original.sha256()


def test_template_reads_back_and_explains_every_column(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(template_bytes("vi", "xlsx", "2021..2025"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Đơn vị", "Hướng dẫn"]
    assert "Mọi con số trên một dòng là của MỘT đơn vị" in wb["Hướng dẫn"]["A2"].value
    wb["Đơn vị"].append(
        ["Xã A", "Huyện B", "xã", "miền núi", "có", None, 2, 3000, 190, 10, 8, 7, 5, None, 4, 2, 1, 3, 4, 5, 6, 7]
    )
    wb.save(path)
    row = read_unit_sheet(path).rows[0]
    assert row.fields["hardship_area"] is True and row.fields["area"] == "mountain" and row.count == 2
    assert len(row.admissions) == 5
    csv = tmp_path / "t.csv"
    csv.write_bytes(template_bytes("en", "csv", "Q1/2024..Q4/2024"))
    assert csv.read_text(encoding="utf-8-sig").splitlines()[0].endswith("Admissions Q3/2024,Admissions Q4/2024")
    with pytest.raises(TableError, match="no rows"):
        read_unit_sheet(csv)


def test_shipped_templates_are_current(tmp_path):
    for lang in ("vi", "en"):
        assert shipped_template(lang, "csv").read_bytes() == template_bytes(lang, "csv")
        shipped = openpyxl.load_workbook(shipped_template(lang, "xlsx"))
        fresh_path = tmp_path / f"{lang}.xlsx"
        fresh_path.write_bytes(template_bytes(lang, "xlsx"))
        fresh = openpyxl.load_workbook(fresh_path)
        assert shipped.sheetnames == fresh.sheetnames
        for name in fresh.sheetnames:
            assert [[c.value for c in r] for r in shipped[name].iter_rows()] == [
                [c.value for c in r] for r in fresh[name].iter_rows()
            ]


def test_history_periods():
    assert [p.label() for p in history_periods("2021..2023")] == ["2021", "2022", "2023"]
    assert [p.label() for p in history_periods("Q3/2024..Q2/2025")] == ["Q3/2024", "Q4/2024", "Q1/2025", "Q2/2025"]
    assert len(history_periods("01/2025..12/2025")) == 12
    for bad in ("2021", "2025..2021", "2021..Q1/2022", "1900..2199"):
        with pytest.raises(ValueError):
            history_periods(bad)
