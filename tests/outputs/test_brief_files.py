"""The brief in the formats planners work in (DOCX, PDF, XLSX), and what a variant's outputs
say about what was changed (titles, footers, the brief, summary.json, the output folder)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import partysim
from partysim.outputs.i18n import label
from partysim.outputs.writer import write_outputs

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"


def cli(*args, cwd=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764000000")
    return subprocess.run(
        [sys.executable, "-m", "partysim.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.fixture(scope="module")
def variant_run(tmp_path_factory):
    """tiny with one lever changed, written in English and in Vietnamese."""
    sc = partysim.load_scenario(TINY, ["levers.seats_per_class=25"])
    res = partysim.run(sc, replications=2, progress=False, sets=0)
    root = tmp_path_factory.mktemp("variant")
    return sc, {lang: (root / lang, write_outputs(sc, res, root / lang, lang=lang)) for lang in ("en", "vi")}


def test_every_format_is_written_by_default(variant_run):
    _, runs = variant_run
    names = {p.name for p in runs["en"][1]}
    assert {"report.md", "report.docx", "report.pdf", "tables.xlsx", "summary.json"} <= names


def test_docx_has_title_block_tables_charts_and_provenance(variant_run):
    import docx

    folder = variant_run[1]["vi"][0]
    doc = docx.Document(str(folder / "report.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Tiny test territory (số chỗ mỗi lớp = 25)"  # the title names the change
    assert label("report.changes", "vi") in texts and "số chỗ mỗi lớp = 25 (trong tệp: 30)" in texts
    assert len(doc.tables) >= 2 and doc.tables[0].rows[0].cells[0].text == label("report.col_target", "vi")
    assert len(doc.inline_shapes) == 3  # the three charts
    footer = doc.sections[0].footer.paragraphs[0].text
    assert footer.startswith("partysim ") and "thay đổi so với tệp: số chỗ mỗi lớp = 25 (trong tệp: 30)" in footer
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_pdf_is_a4_with_embedded_fonts_and_the_charts(variant_run):
    data = (variant_run[1]["en"][0] / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data  # TrueType embedded: Vietnamese letters print anywhere
    assert len(re.findall(rb"/Type /Page\b", data)) >= 2
    assert len(re.findall(rb"/Subtype /Image", data)) >= 3
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data  # A4


def test_xlsx_has_numbers_not_text(variant_run):
    import openpyxl

    wb = openpyxl.load_workbook(variant_run[1]["vi"][0] / "tables.xlsx")
    assert wb.sheetnames[:3] == ["Chỉ tiêu", "Đảng viên", "Quy trình kết nạp"]
    ws = wb["Chỉ tiêu"]
    assert ws.cell(1, 1).value == label("report.col_target", "vi")
    assert isinstance(ws.cell(2, 4).value, (int, float)) and ws.cell(2, 4).number_format == "0.0%"
    about = {r[0].value: r[1].value for r in wb["Thông tin lần chạy"].iter_rows(min_row=2)}
    assert about["Thay đổi so với tệp"] == "số chỗ mỗi lớp = 25 (trong tệp: 30)"


def test_summary_names_the_overrides(variant_run):
    s = json.loads((variant_run[1]["en"][0] / "summary.json").read_text(encoding="utf-8"))
    assert s["overrides"] == [{"path": "levers.seats_per_class", "value": 25, "original": 30}]
    assert s["scenario"] == "tiny__seats_per_class-25" and s["scenario_name"] == "tiny"
    assert s["title"] == "Tiny test territory (seats in each awareness class = 25)"
    assert s["changes"] == ["seats in each awareness class = 25 (in the file: 30)"]


def test_report_md_and_charts_name_the_change(variant_run):
    folder = variant_run[1]["en"][0]
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Tiny test territory (seats in each awareness class = 25)\n")
    assert "1. seats in each awareness class = 25 (in the file: 30)" in md
    assert "changed from the file: seats in each awareness class = 25 (in the file: 30)" in md.splitlines()[-1]
    svg = (folder / "admissions_fan.svg").read_text(encoding="utf-8")
    assert "Tiny test territory (seats in each awareness class = 25)" in svg  # the subtitle


def test_the_file_as_written_says_nothing_changed(tmp_path):
    sc = partysim.load_scenario(TINY)
    res = partysim.run(sc, replications=2, progress=False, sets=0)
    write_outputs(sc, res, tmp_path, lang="en", formats=("md",))
    s = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert s["overrides"] == [] and s["scenario"] == "tiny" and s["title"] == "Tiny test territory"
    assert {p.name for p in tmp_path.iterdir()} & {"report.docx", "report.pdf", "tables.xlsx"} == set()


def test_cli_default_folder_carries_the_variant_and_formats_option(tmp_path):
    r = cli("run", TINY, "-n", 1, "-q", "--set", "levers.classes_per_year=8", "--formats", "md,xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out" / "tiny__classes_per_year-8"  # not the baseline's out/tiny
    assert (out / "report.md").is_file() and (out / "tables.xlsx").is_file() and not (out / "report.pdf").exists()
    assert not (tmp_path / "out" / "tiny").exists()
    lines = r.stdout.strip().splitlines()
    assert lines[-1] == f"đã ghi {len(list(out.iterdir()))} tệp vào out/tiny__classes_per_year-8"
    assert all("P(met)" not in line and "mean" not in line for line in lines)  # Vietnamese console lines
    assert any(", năm 2022: xác suất đạt " in line for line in lines), lines
    bad = cli("run", TINY, "--formats", "md,odt", cwd=tmp_path)
    assert bad.returncode == 2 and "odt" in bad.stderr and bad.stderr.startswith("lỗi: ")


def test_params_default_to_vietnamese_with_units(tmp_path):
    r = cli("params", TINY)
    assert r.returncode == 0, r.stderr
    line = next(li for li in r.stdout.splitlines() if li.startswith("levers.classes_per_year ="))
    assert "khoảng" in line and "lớp mỗi năm" in line and "Số lớp bồi dưỡng" in line and "range" not in line
    est = next(li for li in r.stdout.splitlines() if li.startswith("pipeline.identification_rate ="))
    assert "[ước tính]" in est
    en = cli("params", TINY, "--lang", "en")
    assert "range" in en.stdout and "classes per year" in en.stdout and "[estimate]" in en.stdout
