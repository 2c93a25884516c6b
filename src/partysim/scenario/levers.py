"""Policy levers, their schedules over time, and how strongly each acts.

A lever is a number or a schedule ``{period: value}`` (a step function): the value of a
period holds from that period on, and before the first period the first value applies.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from partysim.scenario.parameters import metadata_of, param, param_metadata
from partysim.scenario.periods import parse_period
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["LeverEffects", "Levers", "Schedule", "lever"]

Schedule = Number | dict[str, Number]
"""A lever's value: a number, or a schedule ``{"2022": v, "2023-07": w}``."""


def lever(default: float, lo: float, hi: float, unit: str, en: str, vi: str, group: str) -> Any:
    """A policy lever: a value or a schedule ``{"2022": v, "2023-07": w}`` (step function).

    The range is checked by :meth:`Levers._ranges` (pydantic bounds do not apply to a union
    with a schedule mapping)."""
    return Field(
        float(default), description=en, json_schema_extra=param_metadata(lo, hi, unit, vi, estimate=False, group=group)
    )


class Levers(Section):
    """Policy levers. Each is a number or a schedule ``{period: value}`` that holds from
    that period on (before the first period the first value applies)."""

    classes_per_year: Schedule = lever(
        4,
        0,
        2000,
        "classes per year",
        "Awareness classes held per year",
        "Số lớp bồi dưỡng nhận thức về Đảng mỗi năm",
        "classes",
    )
    seats_per_class: Schedule = lever(60, 5, 300, "seats", "Seats in each awareness class", "Số chỗ mỗi lớp", "classes")
    quota_accountability: Schedule = lever(
        0,
        0,
        1,
        "level 0-1",
        "Quota per cell with the secretary accountable",
        "Giao chỉ tiêu cho chi bộ, bí thư chịu trách nhiệm",
        "sources",
    )
    mass_org_engagement: Schedule = lever(
        0,
        0,
        1,
        "level 0-1",
        "Mass organisations identify candidates",
        "Đoàn thể giới thiệu quần chúng ưu tú",
        "sources",
    )
    remedial_per_year: Schedule = lever(
        0,
        0,
        10000,
        "adults per year",
        "Adults in remedial lower-secondary classes",
        "Số người học bổ túc THCS mỗi năm",
        "sources",
    )
    new_party_orgs_per_year: Schedule = lever(
        0,
        0,
        500,
        "per year",
        "New party organisations founded in non-state enterprises",
        "Số tổ chức đảng mới trong doanh nghiệp ngoài nhà nước mỗi năm",
        "enterprises",
    )
    owner_outreach: Schedule = lever(
        0, 0, 1, "level 0-1", "Outreach to enterprise owners", "Vận động chủ doanh nghiệp", "enterprises"
    )
    student_drive: Schedule = lever(
        0,
        0,
        1,
        "level 0-1",
        "Student and young-teacher recruitment drive",
        "Phát triển đảng viên trong học sinh, sinh viên, giáo viên trẻ",
        "sources",
    )
    faster_vetting: Schedule = lever(
        0,
        0,
        1,
        "level 0-1",
        "Faster vetting and digital records",
        "Đẩy nhanh thẩm tra lý lịch, số hóa hồ sơ",
        "classes",
    )
    e_handbook: Schedule = lever(
        0,
        0,
        1,
        "share 0-1",
        "Members working away using the electronic handbook",
        "Tỷ lệ đảng viên đi làm xa dùng sổ tay điện tử",
        "retention",
    )
    screening: Schedule = lever(
        0,
        0,
        1,
        "level 0-1",
        "Screening out members who no longer qualify",
        "Sàng lọc đảng viên không đủ tư cách",
        "retention",
    )
    local_jobs: Schedule = lever(
        0,
        0,
        1,
        "level 0-1",
        "Local jobs that keep youth at home",
        "Tạo việc làm tại chỗ giữ chân thanh niên",
        "migration",
    )
    activity: Schedule = lever(
        1,
        0,
        1,
        "level 0-1",
        "Normal class and union activity (COVID-19 lowered it)",
        "Mức hoạt động bình thường của lớp học, đoàn thể (COVID-19 làm giảm)",
        "classes",
    )

    @model_validator(mode="after")
    def _ranges(self) -> Levers:
        for name, field in type(self).model_fields.items():
            extra = metadata_of(field)
            assert extra is not None, name
            value = getattr(self, name)
            items = value.items() if isinstance(value, dict) else [(None, value)]
            if isinstance(value, dict) and not value:
                raise ValueError(f"{name}: a schedule needs at least one period")
            for period, v in items:
                if period is not None:
                    parse_period(period)
                if not extra["lo"] <= float(v) <= extra["hi"]:
                    where = f" in {period}" if period is not None else ""
                    raise ValueError(
                        f"{name}{where}: expected a value between {extra['lo']} and {extra['hi']} ({extra['unit']}), got {v}"
                    )
        return self

    @field_validator("*", mode="before")
    @classmethod
    def _schedule_keys(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): v2 for k, v2 in v.items()}
        return v


class LeverEffects(Section):
    """How strongly each lever acts at full strength (level 1). All are estimates."""

    quota_accountability: Number = param(
        1.0,
        0.0,
        5.0,
        "added multiplier",
        "Identification gain from cell quotas at level 1 (1 = doubles)",
        "Mức tăng tạo nguồn khi giao chỉ tiêu cho chi bộ",
        group="sources",
    )
    quota_speeds_dossier: Number = param(
        0.5,
        0.0,
        0.9,
        "share 0-1",
        "Cut in the wait from certificate to dossier when cells are accountable (level 1)",
        "Mức rút ngắn thời gian chờ làm hồ sơ khi chi bộ chịu trách nhiệm",
        group="sources",
    )
    quota_revives_inactive: Number = param(
        0.5,
        0.0,
        1.0,
        "share 0-1",
        "Inactive cells revived by accountability at level 1",
        "Tỷ lệ chi bộ yếu được khôi phục khi giao chỉ tiêu",
        group="sources",
    )
    mass_org: Number = param(
        1.0,
        0.0,
        5.0,
        "added multiplier",
        "Identification gain among Youth Union and mass-organisation members at level 1",
        "Mức tăng tạo nguồn qua đoàn thể",
        group="sources",
    )
    owner_outreach: Number = param(
        0.5,
        0.0,
        1.0,
        "share 0-1",
        "Non-cooperating owners won over at level 1",
        "Tỷ lệ chủ doanh nghiệp được vận động",
        group="enterprises",
    )
    student_drive: Number = param(
        3.0,
        0.0,
        10.0,
        "added multiplier",
        "Identification gain among students at level 1",
        "Mức tăng tạo nguồn trong học sinh, sinh viên",
        group="sources",
    )
    faster_vetting: Number = param(
        0.5, 0.0, 0.9, "share 0-1", "Cut in vetting time at level 1", "Mức rút ngắn thời gian thẩm tra", group="classes"
    )
    e_handbook: Number = param(
        0.5,
        0.0,
        1.0,
        "share 0-1",
        "Cut in removal and exit of members working away who use the handbook",
        "Mức giảm bỏ sinh hoạt của đảng viên đi xa dùng sổ tay điện tử",
        group="retention",
    )
    screening: Number = param(
        0.3,
        0.0,
        1.0,
        "per year",
        "Annual removal rate of unqualified members at level 1",
        "Tỷ lệ xóa tên đảng viên không đủ tư cách khi sàng lọc",
        group="retention",
    )
    local_jobs: Number = param(
        0.4,
        0.0,
        1.0,
        "share 0-1",
        "Cut in youth leaving at level 1",
        "Mức giảm thanh niên đi làm xa",
        group="migration",
    )
