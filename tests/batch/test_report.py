"""The comparison report: every section, charts embedded, both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partysim.batch.report import ReportError, build_report


@pytest.fixture(scope="module")
def english(finished_batch: Path) -> dict[str, str]:
    written = build_report(finished_batch, lang="en")
    return {p.name: p for p in written}


def test_markdown_has_every_section(english):
    md = english["report.md"].read_text(encoding="utf-8")
    headings = re.findall(r"^#{1,3} (.+)$", md, flags=re.M)
    assert headings == [
        "Comparison of scenarios",
        "Scenarios compared",
        "Targets: probability of being met",
        "What the probabilities rest on",
        "Differences from the baseline",
        "The admission pipeline per scenario",
        "Sweep of Tiny test territory (grid)",
        "Smallest setting that meets each target with at least 80% probability",
        "Which levers matter",
    ]
    # scenarios are named by their titles (the same title here, so the scenario name is added)
    assert "Baseline: Tiny test territory (tiny)." in md
    # verdict table: one column per scenario, a probability per target and year
    assert (
        "| Target | Year | Threshold | Tiny test territory (tiny) | Tiny test territory (more\\_classes) "
        "| Tiny test territory (grid) |"
    ) in md
    assert re.search(r"^\| ≥ 10 a year \| 2022 \| 10 \| [^|]+% \|", md, flags=re.M)
    # paired differences with intervals
    assert "| Tiny test territory (more\\_classes) | 3% rule | 2023 |" in md and " … " in md
    # smallest setting of the swept lever, per target and year
    # levers named in words, not by their path
    assert re.search(r"^\| ≥ 10 a year \| 2023 \| awareness classes held per year \| ", md, flags=re.M)
    assert "levers.classes" not in md
    for fig in ("differences.png", "funnel_01.png", "sweep_01.png"):
        assert f"](report_files/{fig})" in md
        assert english[fig].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "partysim " in md.splitlines()[-1] and "seed 5" in md.splitlines()[-1]


def test_html_is_self_contained(english):
    page = english["report.html"].read_text(encoding="utf-8")
    md = english["report.md"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert page.count('src="data:image/png;base64,') == md.count("](report_files/") == 5
    assert "report_files/" not in page.split("<body>")[1].split("Tables as CSV")[0]


def test_csv_tables(english):
    import pandas as pd

    v = pd.read_csv(english["verdicts.csv"])
    assert set(v["label"]) == {"tiny", "more_classes", "grid", "grid@1", "grid@2", "grid@3"}
    assert v["probability"].between(0, 1).all()
    s = pd.read_csv(english["sweep_01_smallest.csv"])
    assert set(s["lever"]) == {"levers.classes_per_year"}


def test_vietnamese_and_another_baseline(finished_batch: Path, tmp_path: Path):
    written = build_report(finished_batch, lang="vi", baseline="more_classes")
    md = next(p for p in written if p.name == "report.md").read_text(encoding="utf-8")
    assert "## Chỉ tiêu: xác suất đạt chỉ tiêu" in md and "Kịch bản gốc: Tiny test territory (more\\_classes)." in md
    assert "| Tiny test territory (tiny) | 3% rule | 2023 |" in md  # tiny is now compared with more_classes
    assert "số lớp bồi dưỡng nhận thức về Đảng mỗi năm" in md and "levers.classes" not in md


def test_errors_are_one_line(finished_batch: Path, tmp_path: Path):
    with pytest.raises(ReportError, match="unknown baseline 'nope'; expected one of: tiny, more_classes, grid"):
        build_report(finished_batch, baseline="nope")
    with pytest.raises(ReportError, match=r"no plan\.json"):
        build_report(tmp_path)
