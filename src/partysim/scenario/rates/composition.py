"""The ``composition`` block of a scenario: how each group fares at each stage.

A group factor multiplies the chance that a person of the group is put on the source
list (``*_identification``: cells and mass organisations find them, or not) and the
chance they then agree to strive for membership (``*_willingness``), relative to a
person outside the group with the same occupation, Youth Union membership, age and cell.
Later stages: vetting takes ``minority_vetting_factor`` times as long for ethnic-minority
applicants (relatives in remote areas); a religious family that resists slows vetting or
stops the dossier (``pipeline.family_resists_factor``, ``pipeline.family_block``, among
``population.family_resists_share`` of believers). Sector acts through the occupation
factors of ``pipeline`` (state sector, non-state, students), job turnover and owners'
cooperation.

With every factor here at 1 and no resisting families, the composition of admissions
equals that of the people eligible, group for group (a test checks this). Defaults are
set so that a typical province reproduces the national composition of new members
(docs/domain.md, "Composition", [S7]); each is an estimate with its range.
"""

from __future__ import annotations

from partysim.scenario.parameters import param
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["NEUTRAL", "Composition"]


def _factor(default: float, lo: float, hi: float, en: str, vi: str) -> Number:
    return param(default, lo, hi, "multiplier", en, vi, group="sources")


class Composition(Section):
    """Group factors at identification, willingness and vetting."""

    women_identification: Number = _factor(
        0.85, 0.3, 3.0, "Identification of women relative to men", "Hệ số tạo nguồn với nữ so với nam"
    )
    women_willingness: Number = _factor(
        0.85, 0.3, 1.5, "Willingness of identified women relative to men", "Hệ số đồng ý phấn đấu của nữ so với nam"
    )
    minority_identification: Number = _factor(
        0.8,
        0.2,
        3.0,
        "Identification of ethnic-minority people relative to the Kinh majority",
        "Hệ số tạo nguồn với người dân tộc thiểu số",
    )
    minority_willingness: Number = _factor(
        1.0,
        0.3,
        1.5,
        "Willingness of identified ethnic-minority people relative to others",
        "Hệ số đồng ý phấn đấu của người dân tộc thiểu số",
    )
    minority_vetting_factor: Number = param(
        1.0,
        1.0,
        3.0,
        "multiplier",
        "Vetting time of ethnic-minority applicants relative to others",
        "Hệ số thời gian thẩm tra với người dân tộc thiểu số",
        group="classes",
    )
    religious_identification: Number = _factor(
        0.4,
        0.05,
        1.5,
        "Identification of religious believers relative to non-believers",
        "Hệ số tạo nguồn với người theo tôn giáo",
    )
    religious_willingness: Number = _factor(
        0.35,
        0.05,
        1.2,
        "Willingness of identified religious believers relative to non-believers",
        "Hệ số đồng ý phấn đấu của người theo tôn giáo",
    )
    upper_secondary_identification: Number = _factor(
        2.5,
        0.5,
        5.0,
        "Identification (and willingness) of people with upper secondary relative to lower secondary only",
        "Hệ số tạo nguồn với người tốt nghiệp THPT so với chỉ có THCS",
    )
    college_identification: Number = _factor(
        3.0,
        0.5,
        8.0,
        "Identification (and willingness) of college or intermediate graduates relative to lower secondary only",
        "Hệ số tạo nguồn với người có trình độ trung cấp, cao đẳng",
    )
    university_identification: Number = _factor(
        4.5,
        0.5,
        10.0,
        "Identification (and willingness) of university graduates relative to lower secondary only",
        "Hệ số tạo nguồn với người có trình độ đại học",
    )
    postgraduate_identification: Number = _factor(
        4.5,
        0.5,
        10.0,
        "Identification (and willingness) of postgraduates relative to lower secondary only",
        "Hệ số tạo nguồn với người có trình độ trên đại học",
    )


NEUTRAL: dict[str, float] = {f"composition.{name}": 1.0 for name in Composition.model_fields}
"""Every group factor at 1: composition switched off (with no resisting families,
``population.family_resists_share`` 0, admissions mirror the eligible people)."""
