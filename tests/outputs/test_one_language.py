"""One language per output: every output of every shipped scenario, rendered in Vietnamese
and in English, holds no word of the other language.

Checked: the texts of summary.json meant for people (title, description, changes, target
names), report.md, report.docx (paragraphs and table cells), tables.xlsx (every text cell),
every chart's texts, and the console lines of ``partysim run``. A small vocabulary check:
English outputs hold no Vietnamese letter except in the territory's own names (places,
units: whitelisted from the scenario); Vietnamese outputs hold none of the common English
words used in labels. Identifiers (file names, paths, the hash, stage codes in the CSV
files) are not prose and are not checked.
"""

from __future__ import annotations

import json
import re

import matplotlib

matplotlib.use("Agg")

import pytest

from partysim.outputs.console_text import verdict_line, wrote_line
from partysim.outputs.variant_text import localized_targets
from partysim.outputs.writer import chart_figures, provenance, write_outputs

from .shipped import FILES, proper_names, shipped

pytestmark = pytest.mark.slow

VIETNAMESE_LETTER = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "per",
        "year",
        "years",
        "members",
        "member",
        "admissions",
        "admission",
        "target",
        "targets",
        "probability",
        "replication",
        "replications",
        "seed",
        "scenario",
        "median",
        "mean",
        "changed",
        "file",
        "from",
        "with",
        "least",
        "rate",
        "people",
        "classes",
        "class",
        "quota",
        "recorded",
        "average",
        "simulation",
        "simulated",
        "forecast",
        "interval",
        "met",
        "lowest",
        "every",
        "page",
        "stage",
        "lost",
        "reason",
        "growth",
        "net",
        "change",
        "value",
        "calibrated",
        "baseline",
        "plan",
        "new",
        "youth",
        "religious",
        "followers",
        "commune",
        "province",
        "district",
        "bloc",
        "party",
        "organisations",
        "organisation",
        "grassroots",
        "resolution",
        "does",
        "not",
        "fall",
        "is",
        "are",
        "by",
        "for",
        "at",
        "what",
        "was",
        "were",
        "this",
        "that",
        "agencies",
        "enterprise",
        "enterprises",
        "package",
        "without",
        "outstanding",
        "candidates",
        "certificate",
        "shortfall",
        "expected",
    ]
)
WORD = re.compile(r"[^\W\d_]+")
IDENTIFIER = re.compile(r"\S*_\S*|\S+\.(?:png|svg|md|csv|xlsx|docx|pdf|yaml)\b")  # file names, snake_case names


def foreign_words(texts: list[str], lang: str, allowed: set[str]) -> set[str]:
    """Words of the other language in ``texts`` (proper names in ``allowed`` and identifiers excepted)."""
    words = {w for t in texts for w in WORD.findall(IDENTIFIER.sub(" ", t))}
    if lang == "en":
        return {w for w in words if VIETNAMESE_LETTER.search(w) and w not in allowed}
    return {w for w in words if w.lower() in ENGLISH_WORDS and w not in allowed}


def _docx_texts(path) -> list[str]:
    import docx

    doc = docx.Document(str(path))
    out = [p.text for p in doc.paragraphs]
    out += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    out += [p.text for s in doc.sections for p in s.footer.paragraphs]
    return out


def _xlsx_texts(path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    out = list(wb.sheetnames)
    for ws in wb.worksheets:
        out += [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    return out


def rendered_texts(file: str, lang: str, tmp_path) -> dict[str, list[str]]:
    """Every human-readable text of a run's outputs, by output."""
    sc, res = shipped(file)
    write_outputs(sc, res, tmp_path, lang=lang, formats=("md", "docx", "xlsx"))
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    prov = provenance(sc, res, lang, "2026-11-30")
    charts = chart_figures(sc, res, prov, lang)
    return {
        "summary.json": [
            summary["title"],
            summary["description"],
            *summary["changes"],
            *(t["name"] for t in summary["targets"]),
        ],
        "report.md": [(tmp_path / "report.md").read_text(encoding="utf-8")],
        "report.docx": _docx_texts(tmp_path / "report.docx"),
        "tables.xlsx": _xlsx_texts(tmp_path / "tables.xlsx"),
        "charts": [
            t.get_text()
            for fig in charts.values()
            for t in fig.findobj(lambda a: hasattr(a, "get_text"))
            if isinstance(t.get_text(), str)
        ],
        "console": [
            *(verdict_line(t, lang) for t in localized_targets(res.targets, lang, sc)),
            wrote_line(12, "out", lang),
        ],
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("file", FILES)
def test_every_output_is_in_one_language(file, lang, tmp_path):
    sc, _ = shipped(file)
    allowed = proper_names(sc)
    found = {name: foreign_words(texts, lang, allowed) for name, texts in rendered_texts(file, lang, tmp_path).items()}
    assert not any(found.values()), {k: sorted(v) for k, v in found.items() if v}


def test_the_check_finds_the_other_language():
    """The issue's examples are caught."""
    assert foreign_words(["Dự báo admissions"], "vi", set()) == {"admissions"}
    assert foreign_words(["Chỉ tiêu tỉnh: ≥ 3.000 đảng viên mới/năm: 3,000 per year"], "en", set()) >= {"Chỉ", "tiêu"}
    assert foreign_words(["Ninh Bình 2023-2025"], "en", {"Ninh", "Bình"}) == set()
    assert foreign_words(["Xã Hương Sơn 2018-2022 (calibrated)"], "vi", set()) == {"calibrated"}


def test_shipped_files_give_both_languages():
    """Titles, descriptions and target names of the shipped files are written in both languages
    (or are proper names alone, the same in both)."""
    for file in FILES:
        sc, _ = shipped(file)
        allowed = proper_names(sc)
        for text in (sc.title, sc.description, *(t.name for t in sc.targets)):
            if not str(text):
                continue
            assert not foreign_words([text.get("en")], "en", allowed), (file, text.get("en"))
            assert not foreign_words([text.get("vi")], "vi", allowed), (file, text.get("vi"))
