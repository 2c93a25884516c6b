"""``partysim review`` from the command line, and the actuals sheet it reads: the brief and
its files, the template, and bad input (exit 2, one line naming file, sheet, row, column,
nothing written)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import openpyxl
import pytest
from click.testing import CliRunner

from partysim.cli import main
from partysim.scenario.sheets.actuals import read_actuals
from partysim.scenario.sheets.errors import TableError


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Ran(r.exit_code, r.stdout, r.stderr)


def one_error_line(r, prefix: str = "error: ") -> str:
    assert r.returncode == 2, r.stdout + r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix) and "Traceback" not in r.stderr
    return lines[0]


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


GOOD_EN = "Name,Admissions,In class,Vetting\nVillage communes,2,3,4\nMountain commune,3,,\nFactories,0,0,0\n"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, tiny_path):
    folder = tmp_path_factory.mktemp("review")
    actuals = write(folder / "actuals.csv", GOOD_EN)
    out = folder / "out"
    r = cli("review", tiny_path, "--actuals", actuals, "--as-of", "2023-Q2", "-n", 6, "--lang", "en", "--out", out)
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_the_brief_and_its_files(reviewed):
    out, stdout = reviewed
    assert stdout.startswith("# Quarterly review: Tiny test territory, as of 2023-Q2")
    assert "## Units at risk" in stdout and "## What would close the gap this year" in stdout
    assert stdout.rstrip().endswith(f"wrote 5 files to {out}")
    names = {p.name for p in out.iterdir()}
    assert names == {"review.md", "review.json", "review_units.csv", "review_actions.csv", "review.docx"}
    doc = json.loads((out / "review.json").read_text(encoding="utf-8"))
    assert doc["as_of"] == "2023-Q2" and doc["pipeline_given"] is True and doc["replications"] == 6
    # by default the replications sample the estimates' priors (tiny.yaml has no posterior)
    assert doc["parameter_source"] == "priors" and 1 <= doc["parameter_sets"] <= 6
    assert "each run draws one of" in (out / "review.md").read_text(encoding="utf-8")
    village = next(u for u in doc["units"] if u["unit"] == "Village communes")
    assert village["actual"] == 2
    assert (out / "review.md").read_text(encoding="utf-8").startswith("# Quarterly review")


def test_vietnamese_brief_with_vietnamese_numbers(tmp_path, tiny_path):
    actuals = write(tmp_path / "thuc_te.csv", "Tên đơn vị;Kết nạp;Đang thẩm tra lý lịch\nVillage communes;1.200;2\n")
    assert read_actuals(actuals, _tiny(tiny_path)).units["Village communes"].admissions == 1200
    r = cli("review", tiny_path, "--actuals", actuals, "--as-of", "2023-Q1", "-n", 3, "--action", "none")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# Rà soát quý: Tiny test territory, đến hết 2023-Q1")
    assert "1.200" in r.stdout  # the actuals so far, in Vietnamese writing


def _tiny(path):
    from partysim.scenario import load_scenario

    return load_scenario(path)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Name,Admissions\nNowhere,3\n", "row 2, column A 'Name': field 'name': expected a unit of the scenario"),
        (
            "Name,Admissions\nFactories,-1\n",
            "row 2, column B 'Admissions': field 'admissions': expected a number of at least 0",
        ),
        (
            "Name,Admissions\nFactories,2.5\n",
            "row 2, column B 'Admissions': field 'admissions': expected a whole number",
        ),
        ("Name,Admissions\nFactories,1\nFactories,2\n", "row 3, column A 'Name'"),
        ("Name,Admissions\nFactories,\n", "row 2, column B 'Admissions'"),
        ("Name,Admissions,Vetting\nFactories,1,many\n", "row 2, column C 'Vetting': field 'vetting'"),
        ("Name,Quota\nFactories,1\n", "'Kết nạp' ('Admissions')"),
        ("Name,Admissions\nTotal,3\n", "row 2, column A 'Name'"),
    ],
)
def test_bad_actuals_exit_2_with_a_located_message(tmp_path, tiny_path, text, expect):
    actuals = write(tmp_path / "bad.csv", text)
    out = tmp_path / "out"
    line = one_error_line(
        cli("review", tiny_path, "--actuals", actuals, "--as-of", "2023-Q2", "-n", 2, "--lang", "en", "--out", out)
    )
    assert str(actuals) in line and expect in line
    assert not out.exists()


def test_bad_actuals_in_an_excel_sheet_name_the_sheet(tmp_path, tiny_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Quý 2"
    ws.append(["Tên đơn vị", "Kết nạp"])
    ws.append(["Factories", "ba"])
    wb.save(tmp_path / "a.xlsx")
    line = one_error_line(cli("review", tiny_path, "--actuals", tmp_path / "a.xlsx", "--as-of", "2023-Q2"), "lỗi: ")
    assert "a.xlsx" in line and "'Quý 2'" in line and "'Kết nạp'" in line


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (("--as-of", "2023-Q4"), "--as-of: a quarter or month before the year's end"),
        (("--as-of", "2030-Q1"), "--as-of: a period in a year the scenario runs in full"),
        (("--as-of", "2023-Q2", "--action", "nope=1"), "--action: LEVER=VALUE"),
        (("--as-of", "2023-Q2", "--action", "faster_vetting=3"), "faster_vetting"),
        ((), "--actuals FILE and --as-of"),
    ],
)
def test_bad_options_exit_2(tmp_path, tiny_path, args, expect):
    actuals = write(tmp_path / "a.csv", GOOD_EN) if args else None
    extra = ("--actuals", actuals) if actuals else ()
    out = tmp_path / "out"
    line = one_error_line(cli("review", tiny_path, *extra, *args, "-n", 2, "--lang", "en", "--out", out))
    assert expect in line
    assert not out.exists()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_template_reads_back_once_filled(tmp_path, tiny_path, lang):
    path = tmp_path / f"actuals_{lang}.xlsx"
    r = cli("review", tiny_path, "--template", path, "--lang", lang)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    names = [ws.cell(row, 1).value for row in range(2, ws.max_row + 1)]
    assert names == ["Village communes", "Mountain commune", "Factories"]
    for row in range(2, ws.max_row + 1):
        ws.cell(row, 2, row)
    wb.save(path)
    actuals = read_actuals(path, _tiny(tiny_path))
    assert {u.name: u.admissions for u in actuals.units.values()} == dict(zip(names, range(2, 5), strict=True))
    assert not actuals.has_pipeline


def test_the_template_refuses_to_overwrite(tmp_path, tiny_path):
    path = write(tmp_path / "a.csv", "x")
    one_error_line(cli("review", tiny_path, "--template", path, "--lang", "en"))
    assert path.read_text() == "x"


def test_an_unfilled_template_is_refused(tmp_path, tiny_path):
    path = tmp_path / "a.csv"
    assert cli("review", tiny_path, "--template", path, "--lang", "en").returncode == 0
    with pytest.raises(TableError, match="row 2, column B 'Admissions'"):
        read_actuals(path, _tiny(tiny_path))
