"""Tests for the Markdown brief."""

from __future__ import annotations

import os
import re

import numpy as np
import pandas as pd
import pytest

from partysim.outputs import report
from partysim.outputs.i18n import format_number, format_percent, label
from partysim.outputs.provenance import Provenance
from partysim.outputs.report import OUTFLOW_COLUMNS, render_report, write_report

YEARS = [2021, 2022, 2023]
TITLE = "Thanh Hóa: kết nạp đảng viên 2021–2025"


@pytest.fixture(scope="module")
def prov() -> Provenance:
    return Provenance("Thanh Hóa 2021-2025", "cd" * 32, "0.1.0", 11, 40, "2026-11-22")


@pytest.fixture(scope="module")
def annual() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = []
    for rep in range(40):
        members = 2360 + int(rng.integers(-50, 50))
        for y in YEARS:
            adm = int(rng.integers(60, 90))
            flows = {c: int(rng.integers(0, 10)) for c in OUTFLOW_COLUMNS}
            t_in = int(rng.integers(0, 5))
            end = members + adm + t_in - sum(flows.values())
            rows.append(
                dict(
                    replication=rep,
                    year=y,
                    members_start=members,
                    admissions=adm,
                    recognitions=adm - 2,
                    transfers_in=t_in,
                    members_end=end,
                    admission_rate=adm / members,
                    net_growth=end - members,
                    go_quota_met_share=0.8,
                    **flows,
                )
            )
            members = end
    return pd.DataFrame(rows)


def _target(name, kind, year, threshold, probability, mean):
    return dict(
        name=name,
        kind=kind,
        year=year,
        threshold=threshold,
        probability=probability,
        mean=mean,
        p10=mean * 0.9,
        p50=mean,
        p90=mean * 1.1,
        expected_shortfall=threshold * 0.01,
    )


@pytest.fixture(scope="module")
def summary() -> dict:
    targets = [
        _target("Chỉ tiêu kết nạp", "admissions", y, 2360, p, 2360 * 1.0475) for y, p in zip(YEARS, [0.97, 0.91, 0.82])
    ]
    targets += [
        _target("Tỷ lệ kết nạp 3%", "admission_rate", y, 0.03, p, 0.031) for y, p in zip(YEARS, [0.6, 0.5, 0.4])
    ]
    targets.append(_target("Tổ chức cơ sở đạt chỉ tiêu", "grassroots_quota_share", 2023, 0.8, 0.7, 0.82))
    targets.append(_target("Tăng ròng", "net_growth", 2023, 100, 0.3, 90))
    targets.append(_target("Đoàn viên thanh niên", "composition", 2023, 0.5, 0.55, 0.52))
    annual_summary = [
        dict(year=y, variable=v, mean=m, p10=m * 0.9, p50=m, p90=m * 1.1)
        for y in YEARS
        for v, m in [
            ("admissions", 75.0),
            ("members_start", 2360.0),
            ("members_end", 2400.0),
            ("admission_rate", 0.0318),
            ("net_growth", 40.0),
        ]
    ]
    return dict(
        scenario="Thanh Hóa 2021-2025",
        scenario_sha256="cd" * 32,
        version="0.1.0",
        seed=11,
        replications=40,
        targets=targets,
        annual=annual_summary,
    )


@pytest.fixture(scope="module")
def funnel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stage": ["identified", "class", "certified", "dossier", "vote", "admitted", "recognised"],
            "entered": [500.0, 400, 350, 320, 300, 290, 270],
            "lost_migration": [10.0, 5, 2, 1, 0, 1, 0],
            "lost_job": [8.0, 4, 2, 1, 0, 0, 0],
            "lost_expired": [0.0, 0, 45, 3, 0, 0, 0],  # biggest leak
            "lost_refused": [70.0, 1, 0, 9, 2, 4, 0],  # second biggest leak
            "lost_death": [0.5, 0, 0, 0, 0, 0.2, 0],
            "lost_other": [11.0, 0, 1, 0, 0, 0, 0],
        }
    )


def render(summary, annual, funnel, prov, lang, **kw):
    return render_report(summary, annual, funnel, prov, lang, TITLE, **kw)


# --- number formats ------------------------------------------------------------


def test_vietnamese_number_formats(summary, annual, funnel, prov):
    text = render(summary, annual, funnel, prov, "vi")
    assert "2.360" in text  # the admissions threshold 2360
    assert "104,75%" in text  # mean / threshold = 1.0475
    assert "2,360" not in text and "104.75%" not in text


def test_english_number_formats(summary, annual, funnel, prov):
    text = render(summary, annual, funnel, prov, "en")
    assert "2,360" in text
    assert "104.75%" in text
    assert "2.360" not in text and "104,75%" not in text


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_raw_python_floats(summary, annual, funnel, prov, lang):
    text = render(summary, annual, funnel, prov, lang)
    # nothing like 0.0318 or 2472.1000000000004 leaks through unformatted
    assert not re.search(r"\d\.\d{4,}", text)
    assert "nan" not in text.lower().split()


# --- content -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_mentions_every_target_in_answer_and_table(summary, annual, funnel, prov, lang):
    text = render(summary, annual, funnel, prov, lang)
    answer = text.split(f"## {label('report.verdicts', lang)}")[0]
    table_rows = [line for line in text.splitlines() if line.startswith("| ")]
    for t in summary["targets"]:
        assert t["name"] in answer
        assert any(row.startswith(f"| {t['name']} | {t['year']} |") for row in table_rows), t
    # one verdict row per (target, year)
    n_target_rows = sum(any(row.startswith(f"| {t['name']} |") for t in summary["targets"]) for row in table_rows)
    assert n_target_rows == len(summary["targets"])


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_structure_answer_first(summary, annual, funnel, prov, lang):
    text = render(summary, annual, funnel, prov, lang, description="Kịch bản cơ sở.")
    assert text.startswith(f"# {TITLE}\n")
    assert "Kịch bản cơ sở." in text
    order = [
        label("report.answer", lang),
        label("report.verdicts", lang),
        label("report.members", lang),
        label("report.leaks", lang),
        label("report.charts", lang),
    ]
    positions = [text.index(f"## {h}") for h in order]
    assert positions == sorted(positions)
    for name in ["admissions_fan.png", "members.png", "funnel.png"]:
        assert re.search(rf"!\[[^\]]+\]\({re.escape(name)}\)", text)
    assert text.rstrip().endswith(prov.footer(lang))
    header = label("report.col_probability", lang)
    assert header in text


def test_answer_names_lowest_year(summary, annual, funnel, prov):
    en = render(summary, annual, funnel, prov, "en")
    answer = en.split("## ")[1]
    assert "97% in 2021" in answer
    assert "lowest in 2023 at 82%" in answer
    vi = render(summary, annual, funnel, prov, "vi").split("## ")[1]
    assert "thấp nhất năm 2023 với 82%" in vi
    # mean admissions per year and mean admission rate from the annual table
    assert format_number(annual["admissions"].mean(), "vi") in vi
    assert format_percent(annual["admission_rate"].mean(), "vi") in vi


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_members_table_medians(summary, annual, funnel, prov, lang):
    text = render(summary, annual, funnel, prov, lang)
    rows = {line.split(" | ")[0][2:]: line for line in text.splitlines() if re.match(r"\| 20\d\d \| \d", line)}
    assert sorted(rows) == [str(y) for y in YEARS]
    for y in YEARS:
        sub = annual[annual["year"] == y]
        outflow = sub[["deaths", "removals", "exits", "transfers_out", "probation_removals"]].sum(axis=1)
        cells = [c.strip() for c in rows[str(y)].strip("| ").split(" | ")]
        assert cells == [
            str(y),
            format_number(sub["members_start"].median(), lang),
            format_number(sub["admissions"].median(), lang),
            format_number(outflow.median(), lang),
            format_number(sub["net_growth"].median(), lang),
            format_percent(sub["admission_rate"].median(), lang),
        ]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_top_two_leaks(summary, annual, funnel, prov, lang):
    text = render(summary, annual, funnel, prov, lang)
    section = text.split(f"## {label('report.leaks', lang)}")[1].split("## ")[0]
    items = [line for line in section.splitlines() if re.match(r"\d+\. ", line)]
    assert len(items) == 2
    assert label("stage.identified", lang) in items[0] and label("loss.refused", lang) in items[0]
    assert label("stage.certified", lang) in items[1] and label("loss.expired", lang) in items[1]
    assert format_percent(70 / 500, lang, 1) in items[0]


def test_fraction_targets_are_percentages(summary, annual, funnel, prov):
    text = render(summary, annual, funnel, prov, "vi")
    row = next(line for line in text.splitlines() if line.startswith("| Tỷ lệ kết nạp 3% | 2021 |"))
    assert "| 3% |" in row and "3,10%" in row
    row = next(line for line in text.splitlines() if line.startswith("| Đoàn viên thanh niên |"))
    assert "| 50% |" in row


def test_falls_back_to_summary_when_annual_empty(summary, funnel, prov):
    text = render(summary, pd.DataFrame(), funnel, prov, "vi")
    assert "| 2021 | 2.360 | 75 |" in text
    assert "3,18%" in text


def test_no_targets(annual, funnel, prov, summary):
    text = render({**summary, "targets": []}, annual, funnel, prov, "en")
    assert label("report.no_targets", "en") in text


def test_unknown_language(summary, annual, funnel, prov):
    with pytest.raises(ValueError, match="'vi'"):
        render(summary, annual, funnel, prov, "fr")


def test_markdown_table_cells_are_escaped(summary, annual, funnel, prov):
    s = {**summary, "targets": [_target("A | B", "admissions", 2021, 10, 0.5, 10)]}
    text = render(s, annual, funnel, prov, "en")
    assert "| A \\| B | 2021 |" in text


# --- write_report ---------------------------------------------------------------


def test_write_report_writes_rendered_text(summary, annual, funnel, prov, tmp_path):
    path = tmp_path / "report.vi.md"
    out = write_report(path, summary, annual, funnel, prov, "vi", TITLE, "desc")
    assert out == path
    assert path.read_text(encoding="utf-8") == render(summary, annual, funnel, prov, "vi", description="desc")
    assert [p.name for p in tmp_path.iterdir()] == ["report.vi.md"]
    assert path.stat().st_mode & 0o044  # readable by others, not a 0600 temp file


def test_write_report_leaves_no_file_when_rendering_fails(summary, annual, funnel, prov, tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr(report, "render_report", boom)
    path = tmp_path / "report.md"
    with pytest.raises(RuntimeError):
        write_report(path, summary, annual, funnel, prov, "en", TITLE)
    assert list(tmp_path.iterdir()) == []


def test_write_report_keeps_old_file_when_write_fails(summary, annual, funnel, prov, tmp_path, monkeypatch):
    path = tmp_path / "report.md"
    path.write_text("previous report", encoding="utf-8")

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(report.os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_report(path, summary, annual, funnel, prov, "en", TITLE)
    assert path.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # temp file cleaned up


def test_write_report_replaces_existing(summary, annual, funnel, prov, tmp_path):
    path = tmp_path / "report.md"
    path.write_text("old", encoding="utf-8")
    write_report(path, summary, annual, funnel, prov, "en", TITLE)
    assert path.read_text(encoding="utf-8").startswith(f"# {TITLE}")
    assert os.listdir(tmp_path) == ["report.md"]


def test_composition_group_named_in_answer(summary, annual, funnel, prov):
    s = {**summary, "targets": [{**_target("Thanh niên", "composition", 2023, 0.5, 0.55, 0.52), "group": "youth"}]}
    vi = render(s, annual, funnel, prov, "vi")
    assert "50% số đảng viên kết nạp là thanh niên" in vi
    en = render(s, annual, funnel, prov, "en")
    assert "50% of admissions are young people" in en


def test_part_years_left_out(summary, annual, funnel, prov):
    partial = annual[annual["year"] == 2021].assign(year=2024, admissions=1, months=6)
    with_months = pd.concat([annual.assign(months=12), partial], ignore_index=True)
    text = render(summary, with_months, funnel, prov, "en")
    assert not re.search(r"^\| 2024 \|", text, flags=re.M)
    assert format_number(annual["admissions"].mean(), "en") in text


def test_same_probability_every_year_is_said_once(annual, funnel, prov, summary):
    """Not "lowest in 2021 at 100%" when every year is 100%."""
    targets = [_target("Quota", "admissions", y, 10, 1.0, 20) for y in (2021, 2022, 2023)]
    en = render({**summary, "targets": targets}, annual, funnel, prov, "en")
    assert "is met with probability 100% in every year, 2021–2023." in en and "lowest" not in en
    vi = render({**summary, "targets": targets}, annual, funnel, prov, "vi")
    assert "đạt với xác suất 100% ở mọi năm, giai đoạn 2021–2023." in vi and "thấp nhất" not in vi


def test_net_growth_of_zero_is_said_as_no_fall(annual, funnel, prov, summary):
    targets = [_target("Growth", "net_growth", 2021, 0, 0.9, 40)]
    en = render({**summary, "targets": targets}, annual, funnel, prov, "en")
    assert "(membership does not fall (net growth of at least 0))" in en and "net growth of 0 members" not in en


def test_changes_get_their_own_section(annual, funnel, prov, summary):
    text = render(summary, annual, funnel, prov, "en", changes=["seats in each awareness class = 25 (in the file: 30)"])
    assert "## What was changed\n\nThis run is a variant" in text
    assert "1. seats in each awareness class = 25 (in the file: 30)" in text
    assert text.index("## What was changed") < text.index("## Answer")
