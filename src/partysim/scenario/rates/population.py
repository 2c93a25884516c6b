"""The ``population`` block of a scenario: its parameters, each with a default, a range, a
unit and a description (``partysim params``)."""

from __future__ import annotations

from pydantic import Field, field_validator

from partysim.scenario.parameters import param
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["Population"]


class Population(Section):
    """Composition of the starting population and of the youth who come of age."""

    age_band_weights: list[Number] = Field(
        default_factory=lambda: [0.045, 0.16, 0.245, 0.225, 0.325],
        min_length=5,
        max_length=5,
        description="Relative sizes of ages 16-17, 18-24, 25-34, 35-44, 45-60 among inhabitants. Default: the "
        "national age structure of the 2019 Population and Housing Census (General Statistics Office), "
        "interpolated to these bands (an estimate; see docs/domain.md).",
    )
    member_age_weights: list[Number] = Field(
        default_factory=lambda: [0.12, 0.20, 0.18, 0.18, 0.17, 0.15],
        min_length=6,
        max_length=6,
        description="Relative sizes of member ages 18-29, 30-39, 40-49, 50-59, 60-69, 70-89.",
    )
    share_female: Number = param(
        0.5, 0.3, 0.7, "share 0-1", "Women among inhabitants", "Tỷ lệ nữ trong dân cư", estimate=False
    )
    share_female_members: Number = param(0.33, 0.1, 0.6, "share 0-1", "Women among members", "Tỷ lệ nữ trong đảng viên")
    share_minority: Number = param(
        0.147,
        0.0,
        1.0,
        "share 0-1",
        "Ethnic minority share of inhabitants (default: the nation, 2019 census)",
        "Tỷ lệ người dân tộc thiểu số (mặc định: cả nước, Tổng điều tra 2019)",
        estimate=False,
    )
    share_religious: Number = param(
        0.137,
        0.0,
        1.0,
        "share 0-1",
        "Religious believers among inhabitants (default: the nation, 2019 census)",
        "Tỷ lệ người theo tôn giáo (mặc định: cả nước, Tổng điều tra 2019)",
        estimate=False,
    )
    member_minority_factor: Number = param(
        0.7,
        0.1,
        1.5,
        "multiplier",
        "Ethnic-minority share among members at the start relative to their share among inhabitants",
        "Tỷ lệ đảng viên dân tộc thiểu số so với tỷ lệ trong dân cư (lúc đầu kỳ)",
    )
    member_religious_factor: Number = param(
        0.1,
        0.0,
        1.0,
        "multiplier",
        "Religious share among members at the start relative to their share among inhabitants",
        "Tỷ lệ đảng viên theo tôn giáo so với tỷ lệ trong dân cư (lúc đầu kỳ)",
    )
    lower_secondary_share: Number = param(
        0.85, 0.3, 1.0, "share 0-1", "Adults with a lower-secondary (THCS) diploma", "Tỷ lệ người lớn có bằng THCS"
    )
    primary_share: Number = param(
        0.97, 0.5, 1.0, "share 0-1", "Adults who completed primary school", "Tỷ lệ người lớn học hết tiểu học"
    )
    youth_union_share: Number = param(
        0.45, 0.05, 0.95, "share 0-1", "Youth Union members among ages 16-30", "Tỷ lệ đoàn viên trong độ tuổi 16-30"
    )
    student_share: Number = param(
        0.35, 0.0, 0.9, "share 0-1", "Students among ages 16-22", "Tỷ lệ học sinh, sinh viên ở tuổi 16-22"
    )
    occupation_weights: list[Number] = Field(
        default_factory=lambda: [0.55, 0.08, 0.04, 0.18, 0.15],
        min_length=5,
        max_length=5,
        description="Commune adults (not students): farm or informal, state agency, state enterprise, non-state enterprise, other.",
    )
    away_share: Number = param(
        0.12,
        0.0,
        0.6,
        "share 0-1",
        "Inhabitants aged 18-40 working away at the start",
        "Tỷ lệ thanh niên 18-40 đang đi làm ăn xa lúc đầu kỳ",
    )
    member_away_share: Number = param(
        0.05,
        0.0,
        0.4,
        "share 0-1",
        "Members working away from home at the start",
        "Tỷ lệ đảng viên đi làm ăn xa lúc đầu kỳ",
    )
    cohort_rate: Number = param(
        0.03,
        0.0,
        0.08,
        "per year",
        "Youths turning 16 each year, as a share of inhabitants 16-60",
        "Số thanh niên tròn 16 tuổi mỗi năm so với dân số 16-60",
    )
    owner_share: Number = param(
        0.01,
        0.0,
        0.1,
        "share 0-1",
        "Business owners among non-state enterprise staff",
        "Tỷ lệ chủ doanh nghiệp trong lao động doanh nghiệp ngoài nhà nước",
    )
    relatives_elsewhere_share: Number = param(
        0.25,
        0.0,
        0.8,
        "share 0-1",
        "People with close relatives living in other provinces",
        "Tỷ lệ người có thân nhân ở tỉnh khác",
    )
    family_resists_share: Number = param(
        0.3,
        0.0,
        1.0,
        "share 0-1",
        "Religious people whose family resists vetting",
        "Tỷ lệ người theo đạo có gia đình cản trở thẩm tra",
    )

    @field_validator("age_band_weights", "member_age_weights", "occupation_weights")
    @classmethod
    def _weights(cls, v: list[Number]) -> list[Number]:
        if any(w < 0 for w in v) or sum(v) <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        return v
