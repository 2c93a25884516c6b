"""``partysim allocate``: the table adds up, headers follow --lang, bad input exits 2 with one
line and writes nothing; ``partysim validate`` warns when unit quotas do not add up."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest


def cli(*args):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764000000")
    return subprocess.run(
        [sys.executable, "-m", "partysim.cli", *map(str, args)], capture_output=True, text=True, env=env
    )


@pytest.fixture(scope="module")
def written(tiny_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("alloc") / "out"
    r = cli("allocate", tiny_path, "--total", 23, "--year", 2023, "-n", 4, "--check", 2, "--lang", "en", "--out", out)
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_table_adds_up_and_files_are_written(written):
    out, stdout = written
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["allocation.xlsx", "allocation.csv", "allocation.png", "allocation.svg"]
    )
    df = pd.read_csv(out / "allocation.csv", encoding="utf-8-sig")
    assert int(df["Total quota"].sum()) == 23
    quarters = df[[f"Quarter {i}" for i in range(1, 5)]].sum(axis=1)
    assert (quarters == df["Quota per organisation"]).all()
    assert "Quotas add up to 23 (total asked: 23)" in stdout
    # -n 4: four parameter sets from tiny.yaml's priors, one per replication (issue 10)
    assert "chance and the uncertainty of the estimates (4 parameter sets drawn from their ranges)" in stdout
    assert "shared out among the replications" in stdout
    assert stdout.count("on 2 independent runs:") == 3  # one per unit type of tiny.yaml


def test_xlsx_has_the_quota_sheet_with_numbers(written):
    from openpyxl import load_workbook

    wb = load_workbook(written[0] / "allocation.xlsx")
    assert wb.sheetnames == ["Quotas", "By unit", "About this run"]
    rows = list(wb["Quotas"].iter_rows(values_only=True))
    col = rows[0].index("Total quota")
    assert sum(r[col] for r in rows[1:]) == 23
    header = next(wb["By unit"].iter_rows(values_only=True))
    assert "Same, on independent runs" in header


def test_vietnamese_headers_and_source_rule(tiny_path, tmp_path):
    r = cli("allocate", tiny_path, "--total", 9, "--rule", "source", "-n", 2, "-k", 0, "--out", tmp_path / "vi")
    assert r.returncode == 0, r.stderr
    assert "chỉ dao động ngẫu nhiên giữa các lần mô phỏng" in r.stdout  # --sets 0: the estimates fixed
    df = pd.read_csv(tmp_path / "vi" / "allocation.csv", encoding="utf-8-sig")
    assert "Chỉ tiêu mỗi tổ chức cơ sở" in df.columns and int(df["Tổng chỉ tiêu"].sum()) == 9
    assert "theo tỷ lệ quần chúng trong diện tạo nguồn" in r.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--total", "0"), "--total"),
        (("--total", "-3"), "--total"),
        (("--total", "many"), "--total"),
        (("--total", "12", "--year", "2030"), "--year 2030"),
        (("--total", "12", "--sets", "5"), "--sets: 5 parameter sets for 1 replications"),
    ],
)
def test_bad_input_exits_2_with_one_line(tiny_path, tmp_path, args, words):
    out = tmp_path / "none"
    r = cli("allocate", tiny_path, *args, "-n", 1, "--lang", "en", "--out", out)
    err = r.stderr.strip()
    assert r.returncode == 2 and len(err.splitlines()) == 1, err
    assert err.startswith("error: ") and words in err and "Traceback" not in err
    assert not out.exists()


def test_validate_warns_when_unit_quotas_do_not_add_up(tiny_path, tmp_path):
    r = cli("validate", "--lang", "en", tiny_path)
    # tiny.yaml: 2 village communes x 4 + 1 mountain commune x 2 + round(6 x 0.5) factories x 1 = 13
    assert r.returncode == 0 and "add up to 13 a year" in r.stderr and "quota of the whole territory, 10" in r.stderr
    child = tmp_path / "adds_up.yaml"
    child.write_text(f"extends: {tiny_path}\ntargets:\n  - {{name: q, kind: admissions, threshold: 13}}\n")
    r = cli("validate", "--lang", "en", child)
    assert r.returncode == 0 and r.stderr == "", r.stderr
