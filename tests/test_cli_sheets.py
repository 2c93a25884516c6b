"""``partysim template``, ``init`` and ``sheet`` (and ``forecast`` on planners' files) from
the command line: files written, and bad input (exit 2, one line, nothing written)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from partysim.cli import main
from partysim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args):
    """Run ``partysim ARGS`` in this process (fast)."""
    r = CliRunner().invoke(main, [str(a) for a in args], env={"SOURCE_DATE_EPOCH": "1764000000"})
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Ran(r.exit_code, r.stdout, r.stderr)


def subprocess_cli(*args):
    """Run ``python -m partysim.cli ARGS`` as a planner does."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764000000")
    return subprocess.run(
        [sys.executable, "-m", "partysim.cli", *map(str, args)], capture_output=True, text=True, env=env
    )


def one_error_line(r, prefix: str = "error: ") -> str:
    assert r.returncode == 2, r.stdout + r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix) and "Traceback" not in r.stderr
    return lines[0]


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """The Vietnamese template, written by the command and filled as a planner would."""
    base = tmp_path_factory.mktemp("sheets")
    path = base / "don_vi.xlsx"
    r = cli("template", "--lang", "vi", "--out", path, "--history", "2023..2025")
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(path)
    ws = wb["Đơn vị"]
    ws.insert_rows(1, 2)
    ws["A1"] = "ĐẢNG BỘ XÃ MINH HÒA"
    ws.append(
        [
            "Xã Minh Hòa",
            "Đảng bộ xã Minh Hòa",
            "xã",
            "nông thôn",
            None,
            None,
            1,
            "4.000",
            240,
            12,
            10,
            8,
            15,
            None,
            6,
            3,
            1,
            5,
            4,
            6,
        ]
    )
    ws.append(
        [
            "Công ty may",
            "Đảng bộ xã Minh Hòa",
            "doanh nghiệp",
            None,
            None,
            "ngoài nhà nước",
            2,
            150,
            4,
            0,
            1,
            1,
            2,
            0,
            1,
            0,
            0,
            0,
            1,
            0,
        ]
    )
    wb.save(path)
    return path


def test_template_in_both_languages_and_formats(tmp_path):
    for lang, name in (("vi", "a.xlsx"), ("en", "b.csv")):
        r = cli("template", "--lang", lang, "--out", tmp_path / name)
        assert r.returncode == 0, r.stderr
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames == ["Đơn vị", "Hướng dẫn"]
    assert (tmp_path / "b.csv").read_text(encoding="utf-8-sig").startswith("Name,Parent (upper node),Kind,")
    assert "exists" in one_error_line(cli("template", "--lang", "en", "--out", tmp_path / "a.xlsx"))
    assert "--format" in one_error_line(
        cli("template", "--lang", "en", "--out", tmp_path / "c.csv", "--format", "xlsx")
    )
    assert "--history" in one_error_line(
        cli("template", "--lang", "en", "--out", tmp_path / "d.csv", "--history", "2025..2021")
    )
    line = one_error_line(cli("template", "--out", tmp_path / "d.csv", "--history", "2025..2021"), "lỗi: ")
    assert line.startswith("lỗi: --history: cần hai kỳ cùng loại")
    assert "tệp đã có" in one_error_line(cli("template", "--out", tmp_path / "a.xlsx"), "lỗi: ")


def test_init_validate_run(filled, tmp_path):
    out = tmp_path / "kb" / "minh_hoa.yaml"
    r = subprocess_cli("init", filled, "--out", out, "--sheet", "Đơn vị", "--years", "2", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert f"wrote {out}: 2 unit templates, 3 units" in r.stdout
    notes = [line for line in r.stdout.splitlines() if line.startswith("note: ")]
    assert notes[0] == (
        "note: the run starts in 2025-11, this month, because the table gives pipeline counts (people "
        "at each step today); the pipeline counts are taken as of the start: use --start YYYY-MM for "
        "the month your register counts are from"
    )
    assert any("filled by a spin-up" in n and "rows with some steps blank: 1)" in n for n in notes)
    assert any("title is 'ĐẢNG BỘ XÃ MINH HÒA', the first text above the header" in n for n in notes)
    assert any("reach 2025, which does not end before the start (2025-11)" in n for n in notes)
    text = out.read_text(encoding="utf-8")
    assert "from don_vi.xlsx, sheet 'Đơn vị' on 2025-11-24" in text and "documented default" in text
    assert "# Note: the run starts in 2025-11, this month" in text
    sc = load_scenario(out)
    assert sc.title == "ĐẢNG BỘ XÃ MINH HÒA" and (sc.start, sc.end) == ("2025-11", "2027-10")
    assert sc.history.admissions == {2023: 5, 2024: 6, 2025: 6}
    assert cli("validate", out).returncode == 0
    run = subprocess_cli("run", out, "-n", 2, "--out", tmp_path / "run", "-q", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "run" / "summary.json").exists()


def test_init_error_names_file_sheet_row_column_field_and_writes_nothing(filled, tmp_path):
    bad = tmp_path / "bad.xlsx"
    wb = openpyxl.load_workbook(filled)
    wb["Đơn vị"]["H4"] = "4.000,5"  # people: not a whole number
    wb.save(bad)
    out = tmp_path / "new" / "s.yaml"
    line = one_error_line(subprocess_cli("init", bad, "--out", out, "--lang", "en"))
    assert line == (
        f"error: {bad}, sheet 'Đơn vị', row 4, column H 'Số người (16-60 tuổi hoặc lao động, "
        "không kể đảng viên)': field 'people': expected a whole number such as 2360 or 2.360, got '4.000,5'"
    )
    assert not out.exists() and not out.parent.exists()


def test_init_speaks_vietnamese_by_default(filled, tmp_path):
    bad = tmp_path / "bad.xlsx"
    wb = openpyxl.load_workbook(filled)
    wb["Đơn vị"]["H4"] = "5,200"  # people: 5.2 in Vietnamese writing
    wb["Đơn vị"]["X3"] = "Số ngườii"  # and, once that is fixed, a misspelt header
    wb.save(bad)
    line = one_error_line(cli("init", bad, "--out", tmp_path / "s.yaml"), "lỗi: ")
    assert line.startswith(
        f"lỗi: {bad}, trang tính 'Đơn vị', dòng 3, cột X 'Số ngườii': cột không có trong mẫu; "
        "cần một tên cột có trong mẫu"
    )
    assert "(có phải 'Số người' / 'people'?); xem hướng dẫn trong trang 'Hướng dẫn' của mẫu" in line
    assert "docs/" not in line
    wb["Đơn vị"]["X3"] = None
    wb.save(bad)
    line = one_error_line(cli("init", bad, "--out", tmp_path / "s.yaml"), "lỗi: ")
    assert line == (
        f"lỗi: {bad}, trang tính 'Đơn vị', dòng 4, cột H 'Số người (16-60 tuổi hoặc lao động, không kể "
        "đảng viên)': trường 'people': theo cách viết Việt Nam, 5,200 là 5,2, không phải số nguyên; "
        "cần một số nguyên: ghi 5.200 hoặc 5200 nếu là 5200, nhưng có '5,200'"
    )
    en = one_error_line(cli("init", bad, "--out", tmp_path / "s.yaml", "--lang", "en"))
    assert en.endswith(
        "field 'people': in Vietnamese writing 5,200 means 5.2, not a whole number; expected a whole "
        "number: write 5.200 or 5200 if you mean 5200, got '5,200'"
    )
    r = cli("init", filled, "--out", tmp_path / "ok.yaml")
    assert r.returncode == 0, r.stderr
    assert (
        "lưu ý: mô phỏng bắt đầu từ 2025-11, tháng này, vì bảng có số người ở từng bước quy trình hiện nay" in r.stdout
    )
    assert f"đã ghi {tmp_path / 'ok.yaml'}: 2 mẫu đơn vị, 3 đơn vị." in r.stdout


def test_init_refuses_to_replace_a_file_and_a_bad_start(filled, tmp_path):
    out = tmp_path / "s.yaml"
    out.write_text("mine\n", encoding="utf-8")
    assert "exists" in one_error_line(cli("init", filled, "--out", out, "--lang", "en"))
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert "--start" in one_error_line(
        cli("init", filled, "--out", tmp_path / "t.yaml", "--start", "2026-13", "--lang", "en")
    )
    assert "no sheet named" in one_error_line(
        cli("init", filled, "--out", tmp_path / "u.yaml", "--sheet", "Nope", "--lang", "en")
    )
    assert "không có trang tính tên 'Nope'" in one_error_line(
        cli("init", filled, "--out", tmp_path / "u.yaml", "--sheet", "Nope"), "lỗi: "
    )


@pytest.mark.parametrize("name", ["huong_son_2018_2022", "long_bien_enterprises_2018_2021"])
def test_sheet_then_init_with_base_gives_the_same_scenario(tmp_path, name):
    scenario = ROOT / "scenarios" / f"{name}.yaml"
    table = tmp_path / f"{name}.xlsx"
    r = cli("sheet", scenario, "--out", table, "--lang", "vi")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "rebuilt.yaml"
    r = cli("init", table, "--out", out, "--base", scenario)
    assert r.returncode == 0, r.stderr
    original, rebuilt = load_scenario(scenario), load_scenario(out)
    assert rebuilt.territory.model_dump() == original.territory.model_dump()
    assert rebuilt.sha256() == original.sha256()  # same file content: same verdicts at any seed


def test_sheet_errors(tmp_path):
    line = one_error_line(cli("sheet", tmp_path / "missing.yaml", "--out", tmp_path / "x.csv", "--lang", "en"))
    assert "missing.yaml" in line and not (tmp_path / "x.csv").exists()
    assert ".xlsx or .csv" in one_error_line(
        cli("sheet", ROOT / "tests" / "data" / "tiny.yaml", "--out", tmp_path / "x.txt", "--lang", "en")
    )
    line = one_error_line(cli("sheet", tmp_path / "missing.yaml", "--out", tmp_path / "x.csv"), "lỗi: ")
    assert "cần một tệp kịch bản có thật" in line


def test_forecast_reads_a_vietnamese_sheet_and_refuses_an_ambiguous_number(tmp_path):
    book = tmp_path / "history.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Ghi chú"
    ws = wb.create_sheet("Số liệu")
    for row in (
        ["Báo cáo kết nạp"],
        [],
        ["Năm", "Kết nạp"],
        [2018, "2.260"],
        [2019, "2.410"],
        [2020, "2.150"],
        [2021, "2.300"],
        [2022, "2.500"],
    ):
        ws.append(row)
    wb.save(book)
    r = cli("forecast", book, "--sheet", "Số liệu", "-H", 2, "--out", tmp_path / "fc", "--lang", "en")
    assert r.returncode == 0, r.stderr
    history = (tmp_path / "fc" / "summary.json").read_text(encoding="utf-8")
    assert '"points": 5' in history
    en = tmp_path / "en.csv"
    en.write_text("year,admissions\n2018,2.360\n2019,2400\n2020,2500\n2021,2600\n", encoding="utf-8")
    line = one_error_line(subprocess_cli("forecast", en, "-H", 2, "--out", tmp_path / "fc2", "--lang", "en"))
    assert "row 2, column B 'admissions'" in line and "reads as 2360" in line and not (tmp_path / "fc2").exists()
    r = cli("forecast", en, "-H", 2, "--out", tmp_path / "fc3", "--decimal", ",")
    assert r.returncode == 0, r.stderr
