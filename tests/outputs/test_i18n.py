"""Tests for number formatting, labels and the provenance footer."""

from __future__ import annotations

import string
import unicodedata

import numpy as np
import pytest

from partysim.outputs.i18n import LABELS, LANGS, format_number, format_percent, format_probability, label, label_or
from partysim.outputs.provenance import Provenance

# --- format_number ---------------------------------------------------------


@pytest.mark.parametrize(
    "x, decimals, en, vi",
    [
        (2360, 0, "2,360", "2.360"),
        (1234.5, 1, "1,234.5", "1.234,5"),
        (-1234.5, 1, "-1,234.5", "-1.234,5"),
        (-2360, 0, "-2,360", "-2.360"),
        (1234567, 0, "1,234,567", "1.234.567"),
        (999, 0, "999", "999"),
        (0, 0, "0", "0"),
        (0.5, 2, "0.50", "0,50"),
        (-0.25, 2, "-0.25", "-0,25"),
    ],
)
def test_format_number_separators(x, decimals, en, vi):
    assert format_number(x, "en", decimals) == en
    assert format_number(x, "vi", decimals) == vi


@pytest.mark.parametrize(
    "x, decimals, expected_en",
    [
        (2.5, 0, "3"),  # half away from zero, not banker's rounding
        (3.5, 0, "4"),
        (-2.5, 0, "-3"),
        (1.005, 2, "1.01"),  # decimal value as written, not its binary expansion
        (0.125, 2, "0.13"),
        (999.5, 0, "1,000"),  # carry creates a new thousands group
        (999999.96, 1, "1,000,000.0"),
        (2.4999, 0, "2"),
    ],
)
def test_format_number_rounding(x, decimals, expected_en):
    assert format_number(x, "en", decimals) == expected_en
    # Vietnamese output is the same digits with swapped separators.
    swapped = expected_en.replace(",", "_").replace(".", ",").replace("_", ".")
    assert format_number(x, "vi", decimals) == swapped


@pytest.mark.parametrize("x", [-0.004, -0.0, -1e-9])
def test_format_number_no_negative_zero(x):
    assert format_number(x, "en", 2) == "0.00"
    assert format_number(x, "vi", 0) == "0"


def test_format_number_accepts_numpy_scalars():
    assert format_number(np.int64(2360), "vi") == "2.360"
    assert format_number(np.float64(1234.5), "en", 1) == "1,234.5"
    assert format_number(np.float32(0.5), "en", 1) == "0.5"


def test_format_number_large_int_is_exact():
    big = 12345678901234567
    assert format_number(big, "en") == "12,345,678,901,234,567"


def test_format_number_missing_and_infinite():
    assert format_number(float("nan"), "en") == format_number(None, "vi")
    assert format_number(float("nan"), "en") not in ("nan", "")
    assert format_number(float("inf"), "en") == "∞"
    assert format_number(float("-inf"), "vi") == "-∞"


def test_format_number_trim():
    assert format_number(2.50, "en", 2, trim=True) == "2.5"
    assert format_number(3.0, "vi", 2, trim=True) == "3"
    assert format_number(2360, "vi", 2, trim=True) == "2.360"


def test_format_number_rejects_bad_input():
    with pytest.raises(ValueError):
        format_number(1.0, "en", -1)
    with pytest.raises(TypeError):
        format_number("12", "en")
    with pytest.raises(TypeError):
        format_number(True, "en")


# --- format_percent / format_probability -------------------------------------


def test_format_percent_examples_from_spec():
    assert format_percent(1.0475, "en") == "104.75%"
    assert format_percent(1.0475, "vi") == "104,75%"


@pytest.mark.parametrize(
    "fraction, decimals, en, vi",
    [
        (0.03, 2, "3.00%", "3,00%"),
        (-0.015, 2, "-1.50%", "-1,50%"),
        (0.12345, 1, "12.3%", "12,3%"),
        (0.00125, 2, "0.13%", "0,13%"),  # rounding half up at the percent scale
        (12.5, 0, "1,250%", "1.250%"),  # thousands separators in percentages
    ],
)
def test_format_percent(fraction, decimals, en, vi):
    assert format_percent(fraction, "en", decimals) == en
    assert format_percent(fraction, "vi", decimals) == vi


def test_format_percent_trim_and_missing():
    assert format_percent(0.03, "vi", 2, trim=True) == "3%"
    assert format_percent(0.025, "vi", 2, trim=True) == "2,5%"
    assert not format_percent(float("nan"), "en").endswith("%")


def test_format_probability_never_claims_certainty():
    assert format_probability(1.0, "en") == "100%"
    assert format_probability(0.0, "en") == "0%"
    assert format_probability(0.996, "en") != "100%"
    assert "99" in format_probability(0.996, "vi")
    assert format_probability(0.003, "en") != "0%"
    assert format_probability(0.97, "vi") == "97%"


# --- labels -----------------------------------------------------------------


@pytest.mark.parametrize(
    "func",
    [lambda lang: label("year", lang), lambda lang: format_number(1, lang), lambda lang: format_percent(0.1, lang)],
)
def test_unknown_language_lists_supported(func):
    with pytest.raises(ValueError) as err:
        func("fr")
    assert "'vi'" in str(err.value) and "'en'" in str(err.value)


def test_unknown_key():
    with pytest.raises(KeyError):
        label("no.such.key", "en")
    assert label_or("stage.unknown", "vi", "unknown") == "unknown"


def test_languages_have_same_keys_and_placeholders():
    assert set(LANGS) == set(LABELS) == {"vi", "en"}
    assert LABELS["en"].keys() == LABELS["vi"].keys()
    fmt = string.Formatter()
    for key in LABELS["en"]:
        fields = {lang: {f for _, f, _, _ in fmt.parse(LABELS[lang][key]) if f} for lang in LANGS}
        assert fields["en"] == fields["vi"], key


def test_vietnamese_labels_are_proper_vietnamese():
    text = " ".join(LABELS["vi"].values())
    assert unicodedata.is_normalized("NFC", text)
    for term in [
        "Kết nạp đảng viên",
        "Đảng viên",
        "Năm",
        "Xác suất đạt chỉ tiêu",
        "quần chúng ưu tú",
        "lớp bồi dưỡng nhận thức về Đảng",
        "thẩm tra lý lịch",
        "dự bị",
        "chính thức",
    ]:
        assert term.lower() in text.lower(), term
    assert label("year", "vi") == "Năm"
    assert "số đảng viên kết nạp mỗi năm" in label("fan.ylabel", "vi").lower()
    assert "admissions per year" in label("fan.ylabel", "en").lower()


def test_every_stage_reason_and_kind_has_a_label():
    stages = ["identified", "class", "certified", "dossier", "vote", "admitted", "recognised"]
    reasons = ["migration", "job", "expired", "refused", "death", "other"]
    kinds = ["admissions", "admission_rate", "net_growth", "composition", "grassroots_quota_share"]
    for lang in LANGS:
        keys = [f"stage.{s}" for s in stages] + [f"loss.{r}" for r in reasons] + [f"kind.{k}" for k in kinds]
        values = [label(k, lang) for k in keys]
        assert all(values)
        assert len(set(values[: len(stages)])) == len(stages)  # stages distinguishable


# --- provenance footer -------------------------------------------------------

SHA = "1a2b3c4d5e6f" + "7" * 52


def _prov(**kw) -> Provenance:
    args = dict(
        scenario="Thanh Hóa 2021-2025", sha256=SHA, version="0.1.0", seed=1, replications=200, date="2026-11-22"
    )
    args.update(kw)
    return Provenance(**args)


def test_footer_english_matches_spec():
    assert _prov().footer("en") == (
        "partysim 0.1.0 · scenario Thanh Hóa 2021-2025 (sha256 1a2b3c4d5e6f) · seed 1 · 200 replications · 2026-11-22"
    )


def test_footer_vietnamese_matches_spec():
    assert _prov().footer("vi") == (
        "partysim 0.1.0 · kịch bản Thanh Hóa 2021-2025 (sha256 1a2b3c4d5e6f) · giá trị khởi tạo ngẫu nhiên 1 · 200 lần mô phỏng · 22/11/2026"
    )


def test_footer_details():
    p = _prov(replications=10000, seed=20251122)
    assert p.short_sha == SHA[:12]
    assert "10.000 lần mô phỏng" in p.footer("vi")
    assert "10,000 replications" in p.footer("en")
    assert "20251122" in p.footer("vi")  # a seed is an identifier, not a quantity
    assert "1 replication ·" in _prov(replications=1).footer("en")
    with pytest.raises(ValueError):
        p.footer("de")


def test_provenance_is_frozen_and_from_summary():
    p = Provenance.from_summary(
        {"scenario": "X", "scenario_sha256": SHA, "version": "0.1.0", "seed": 3, "replications": 50}, date="2026-01-02"
    )
    assert p == _prov(scenario="X", seed=3, replications=50, date="2026-01-02")
    with pytest.raises(AttributeError):
        p.seed = 4  # type: ignore[misc]
