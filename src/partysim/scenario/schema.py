"""Scenario files: the typed, validated description of one planner's question.

A scenario names the territory and its units (as a hierarchy that is data), the starting
population and members, the rates of every mechanism, the policy levers with schedules
over time, the targets and the horizon. Load one with :func:`load_scenario`.

Units: rates are *per year* unless the name says otherwise; durations are in *months*;
shares are fractions between 0 and 1.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from partysim.scenario.loader import ScenarioError, load_scenario_data, validate_data
from partysim.scenario.parameters import param

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")

AGE_BANDS_YEARS = (16, 18, 25, 35, 45, 61)
"""Edges of the age bands (years) used by population and migration parameters: 16-17,
18-24, 25-34, 35-44, 45-60."""

MEMBER_AGE_BANDS_YEARS = (18, 30, 40, 50, 60, 70, 90)
"""Edges of the member age bands (years): 18-29, 30-39, 40-49, 50-59, 60-69, 70-89."""

MORTALITY_BANDS_YEARS = (0, 30, 45, 60, 70, 80, 120)
"""Edges of the mortality age bands (years): <30, 30-44, 45-59, 60-69, 70-79, 80+."""


def parse_period(value: Any) -> tuple[int, int]:
    """Parse ``2021``, ``"2021"`` or ``"2021-07"`` into (year, month)."""
    m = _PERIOD.match(str(value).strip())
    if not m:
        raise ValueError(f"expected a period 'YYYY' or 'YYYY-MM', got {value!r}")
    year, month = int(m.group(1)), int(m.group(2) or 1)
    if not 1 <= month <= 12:
        raise ValueError(f"expected a month 1-12 in {value!r}")
    return year, month


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False)


# --------------------------------------------------------------------------- territory


class Node(_Section):
    """A node of the organisation hierarchy above the unit templates (e.g. a province,
    or a district before 2025). Purely data: add or remove levels freely."""

    name: str
    level: str
    parent: str | None = None


class UnitTemplate(_Section):
    """``count`` identical units (communes, enterprises, schools or agencies).

    Each unit has its own grassroots party organisations (``grassroots`` of them, each
    with ``cells`` cells and its own annual quota) and its own people.
    """

    name: str
    parent: str | None = None
    level: str = "commune"
    kind: Literal["commune", "ward", "enterprise", "school", "agency"] = "commune"
    area: Literal["rural", "urban", "mountain"] = "rural"
    count: int = Field(1, ge=1, le=100_000)
    people: int = Field(0, ge=0, le=10_000_000)
    members: int = Field(0, ge=0, le=1_000_000)
    grassroots: int = Field(1, ge=0, le=1000)
    cells: int = Field(1, ge=1, le=1000)
    quota: float = Field(0.0, ge=0, le=100_000, description="Admissions per grassroots organisation per year.")
    cell_quota: float | None = Field(
        None, ge=0, le=10_000,
        description="Admissions per cell per year; default: the organisation's quota shared equally among its cells.",
    )
    ownership: Literal["state", "non_state", "none"] = "none"
    party_org_share: float = Field(1.0, ge=0, le=1)
    owner_cooperation: float = Field(1.0, ge=0, le=1)
    share_minority: float | None = Field(None, ge=0, le=1)
    share_religious: float | None = Field(None, ge=0, le=1)
    lower_secondary_share: float | None = Field(None, ge=0, le=1)
    student_share: float | None = Field(None, ge=0, le=1)

    @model_validator(mode="after")
    def _kind_defaults(self) -> "UnitTemplate":
        if self.kind == "enterprise" and self.ownership == "none":
            raise ValueError("an enterprise needs ownership: state or non_state")
        return self


class Territory(_Section):
    """The territory: hierarchy levels, upper nodes and unit templates."""

    name: str
    levels: list[str] = Field(min_length=1)
    nodes: list[Node] = Field(default_factory=list)
    units: list[UnitTemplate] = Field(min_length=1)

    @model_validator(mode="after")
    def _tree(self) -> "Territory":
        names = [n.name for n in self.nodes]
        if len(set(names)) != len(names):
            raise ValueError("node names must be unique")
        for n in list(self.nodes) + list(self.units):
            if n.level not in self.levels:
                raise ValueError(f"level {n.level!r} of {n.name!r} is not one of levels {self.levels}")
            if n.parent is not None and n.parent not in names:
                raise ValueError(f"parent {n.parent!r} of {n.name!r} is not a node name {names}")
        parents = {n.name: n.parent for n in self.nodes}
        for start in names:
            seen, cur = set(), start
            while cur is not None:
                if cur in seen:
                    raise ValueError(f"the hierarchy has a cycle through {cur!r}")
                seen.add(cur)
                cur = parents.get(cur)
        return self


# --------------------------------------------------------------------------- population


class Population(_Section):
    """Composition of the starting population and of the youth who come of age."""

    age_band_weights: list[float] = Field(
        default_factory=lambda: [0.06, 0.20, 0.26, 0.24, 0.24],
        min_length=5, max_length=5,
        description="Relative sizes of ages 16-17, 18-24, 25-34, 35-44, 45-60 among inhabitants.",
    )
    member_age_weights: list[float] = Field(
        default_factory=lambda: [0.12, 0.20, 0.18, 0.18, 0.17, 0.15],
        min_length=6, max_length=6,
        description="Relative sizes of member ages 18-29, 30-39, 40-49, 50-59, 60-69, 70-89.",
    )
    share_female: float = param(0.5, 0.3, 0.7, "share 0-1", "Women among inhabitants", "Tỷ lệ nữ trong dân cư", estimate=False)
    share_female_members: float = param(0.33, 0.1, 0.6, "share 0-1", "Women among members", "Tỷ lệ nữ trong đảng viên")
    share_minority: float = param(0.1, 0.0, 1.0, "share 0-1", "Ethnic minority share of inhabitants", "Tỷ lệ người dân tộc thiểu số")
    share_religious: float = param(0.1, 0.0, 1.0, "share 0-1", "Religious believers among inhabitants", "Tỷ lệ người theo tôn giáo")
    lower_secondary_share: float = param(0.85, 0.3, 1.0, "share 0-1", "Adults with a lower-secondary (THCS) diploma", "Tỷ lệ người lớn có bằng THCS")
    primary_share: float = param(0.97, 0.5, 1.0, "share 0-1", "Adults who completed primary school", "Tỷ lệ người lớn học hết tiểu học")
    youth_union_share: float = param(0.45, 0.05, 0.95, "share 0-1", "Youth Union members among ages 16-30", "Tỷ lệ đoàn viên trong độ tuổi 16-30")
    student_share: float = param(0.35, 0.0, 0.9, "share 0-1", "Students among ages 16-22", "Tỷ lệ học sinh, sinh viên ở tuổi 16-22")
    occupation_weights: list[float] = Field(
        default_factory=lambda: [0.55, 0.08, 0.04, 0.18, 0.15], min_length=5, max_length=5,
        description="Commune adults (not students): farm or informal, state agency, state enterprise, non-state enterprise, other.",
    )
    away_share: float = param(0.12, 0.0, 0.6, "share 0-1", "Inhabitants aged 18-40 working away at the start", "Tỷ lệ thanh niên 18-40 đang đi làm ăn xa lúc đầu kỳ")
    member_away_share: float = param(0.05, 0.0, 0.4, "share 0-1", "Members working away from home at the start", "Tỷ lệ đảng viên đi làm ăn xa lúc đầu kỳ")
    cohort_rate: float = param(0.03, 0.0, 0.08, "per year", "Youths turning 16 each year, as a share of inhabitants 16-60", "Số thanh niên tròn 16 tuổi mỗi năm so với dân số 16-60")
    owner_share: float = param(0.01, 0.0, 0.1, "share 0-1", "Business owners among non-state enterprise staff", "Tỷ lệ chủ doanh nghiệp trong lao động doanh nghiệp ngoài nhà nước")
    relatives_elsewhere_share: float = param(0.25, 0.0, 0.8, "share 0-1", "People with close relatives living in other provinces", "Tỷ lệ người có thân nhân ở tỉnh khác")
    family_resists_share: float = param(0.3, 0.0, 1.0, "share 0-1", "Religious people whose family resists vetting", "Tỷ lệ người theo đạo có gia đình cản trở thẩm tra")

    @field_validator("age_band_weights", "member_age_weights", "occupation_weights")
    @classmethod
    def _weights(cls, v: list[float]) -> list[float]:
        if any(w < 0 for w in v) or sum(v) <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        return v


class Demography(_Section):
    """Deaths by age and the 60-year cut-off."""

    mortality: list[float] = Field(
        default_factory=lambda: [0.001, 0.002, 0.005, 0.012, 0.03, 0.09], min_length=6, max_length=6,
        description="Annual death probability for ages <30, 30-44, 45-59, 60-69, 70-79, 80+ (per year).",
    )
    eligibility_min_age: float = param(18, 18, 18, "years", "Youngest age for admission", "Tuổi tối thiểu được kết nạp", estimate=False)
    eligibility_max_age: float = param(60, 60, 60, "years", "Oldest age for admission (no exceptions modelled)", "Tuổi tối đa được kết nạp", estimate=False)

    @field_validator("mortality")
    @classmethod
    def _rates(cls, v: list[float]) -> list[float]:
        if any(not 0 <= r <= 0.5 for r in v):
            raise ValueError("annual death probabilities must lie between 0 and 0.5")
        return v


class Migration(_Section):
    """Youth leaving for cities and industrial parks, and coming back."""

    leave_rate: list[float] = Field(
        default_factory=lambda: [0.03, 0.10, 0.06, 0.02, 0.01], min_length=5, max_length=5,
        description="Annual probability of leaving to work away, ages 16-17, 18-24, 25-34, 35-44, 45-60 (per year).",
    )
    urban_factor: float = param(0.5, 0.1, 2.0, "multiplier", "Leaving rate in urban wards relative to rural communes", "Hệ số đi làm xa ở phường so với xã nông thôn")
    mountain_factor: float = param(1.2, 0.3, 3.0, "multiplier", "Leaving rate in mountain/ethnic-minority areas relative to rural communes", "Hệ số đi làm xa ở miền núi so với xã nông thôn")
    return_rate: float = param(0.15, 0.0, 1.0, "per year", "Annual probability that someone working away comes home", "Xác suất người đi làm xa trở về mỗi năm")
    permanent_share: float = param(0.3, 0.0, 1.0, "share 0-1", "Leavers who settle elsewhere for good (leave the model)", "Tỷ lệ người đi làm xa định cư hẳn nơi khác")
    member_transfer_share: float = param(0.4, 0.0, 1.0, "share 0-1", "Members leaving home who transfer officially (others stay on the rolls, working away)", "Tỷ lệ đảng viên đi xa chuyển sinh hoạt chính thức")
    member_leave_factor: float = param(0.5, 0.0, 2.0, "multiplier", "Members' leaving rate relative to non-members of the same age", "Hệ số đi làm xa của đảng viên so với quần chúng")


class Employment(_Section):
    """Hiring, turnover and party organisations in enterprises."""

    turnover_state: float = param(0.08, 0.0, 0.6, "per year", "Annual job-leaving rate in state enterprises and agencies", "Tỷ lệ nghỉ việc hằng năm ở khu vực nhà nước")
    turnover_non_state: float = param(0.30, 0.0, 0.9, "per year", "Annual job-leaving rate in non-state enterprises", "Tỷ lệ nghỉ việc hằng năm ở doanh nghiệp ngoài nhà nước")
    rehire_share: float = param(0.4, 0.0, 1.0, "share 0-1", "Job leavers who take another job in the territory", "Tỷ lệ người nghỉ việc tìm được việc khác trong địa bàn")
    leave_territory_share: float = param(0.3, 0.0, 1.0, "share 0-1", "Job leavers (not rehired) who leave the territory", "Tỷ lệ người nghỉ việc rời khỏi địa bàn")
    local_hire_share: float = param(0.5, 0.0, 1.0, "share 0-1", "Vacancies filled by local residents (others by newcomers)", "Tỷ lệ chỗ trống tuyển người địa phương")
    member_turnover_factor: float = param(0.5, 0.0, 1.5, "multiplier", "Job-leaving rate of party members relative to other workers", "Hệ số nghỉ việc của đảng viên so với người lao động khác")
    new_party_org_members: float = param(3, 0, 30, "members", "Members working in an enterprise who transfer in when its party organisation is founded", "Số đảng viên chuyển sinh hoạt về khi thành lập tổ chức đảng trong doanh nghiệp")
    new_party_org_size_min: float = param(30, 3, 500, "workers", "Smallest non-state enterprise that can found a party organisation", "Quy mô tối thiểu để thành lập tổ chức đảng trong doanh nghiệp")


class Pipeline(_Section):
    """Source, class, dossier and vetting, vote, approval, probation."""

    identification_rate: float = param(0.004, 0.0, 0.2, "per year", "Annual chance an eligible person is put on the source list (active cell, no levers)", "Xác suất hằng năm một người đủ điều kiện được đưa vào danh sách quần chúng ưu tú", group="sources")
    youth_union_factor: float = param(3.0, 1.0, 10.0, "multiplier", "Identification of Youth Union members relative to others", "Hệ số tạo nguồn với đoàn viên", group="sources")
    student_factor: float = param(1.0, 0.0, 10.0, "multiplier", "Identification of students relative to others", "Hệ số tạo nguồn với học sinh, sinh viên", group="sources")
    state_sector_factor: float = param(3.0, 1.0, 15.0, "multiplier", "Identification of state agency and enterprise staff", "Hệ số tạo nguồn ở khu vực nhà nước", group="sources")
    non_state_factor: float = param(0.8, 0.0, 5.0, "multiplier", "Identification of non-state enterprise staff (party organisation present)", "Hệ số tạo nguồn ở doanh nghiệp ngoài nhà nước có tổ chức đảng", group="enterprises")
    age_over_30_factor: float = param(0.5, 0.0, 2.0, "multiplier", "Identification of people over 30 relative to 18-30", "Hệ số tạo nguồn với người trên 30 tuổi", group="sources")
    inactive_cell_share: float = param(0.2, 0.0, 0.9, "share 0-1", "Cells that rarely identify anyone (no accountability)", "Tỷ lệ chi bộ hầu như không tạo nguồn", group="sources")
    inactive_cell_factor: float = param(0.1, 0.0, 1.0, "multiplier", "Identification in inactive cells relative to active ones", "Hệ số tạo nguồn ở chi bộ yếu", group="sources")
    willingness_youth: float = param(0.6, 0.05, 1.0, "share 0-1", "Identified people aged 18-30 who agree to apply (youth apathy)", "Tỷ lệ thanh niên được giới thiệu đồng ý phấn đấu", group="sources")
    willingness_adult: float = param(0.7, 0.05, 1.0, "share 0-1", "Identified people over 30 who agree to apply", "Tỷ lệ người trên 30 tuổi đồng ý phấn đấu", group="sources")
    source_dropout: float = param(0.15, 0.0, 1.0, "per year", "Annual drop-out from the source list while waiting for a class", "Tỷ lệ rời danh sách nguồn hằng năm khi chờ lớp", group="sources")
    class_months: float = param(1, 1, 3, "months", "Duration of an awareness class", "Thời gian một lớp bồi dưỡng", estimate=False, group="classes")
    class_pass: float = param(0.95, 0.5, 1.0, "share 0-1", "Class attendees who receive the certificate", "Tỷ lệ học viên được cấp giấy chứng nhận", group="classes")
    certificate_valid_months: float = param(60, 60, 60, "months", "Validity of the class certificate", "Thời hạn giấy chứng nhận bồi dưỡng", estimate=False, group="classes")
    dossier_start_months: float = param(3, 0.5, 120, "months", "Mean wait from certificate to starting the dossier", "Thời gian trung bình từ khi có giấy chứng nhận đến khi làm hồ sơ", group="classes")
    introducer_failure: float = param(0.03, 0.0, 0.5, "share 0-1", "Dossiers that find no two introducers", "Tỷ lệ hồ sơ không đủ người giới thiệu", group="classes")
    vetting_median_months: float = param(3, 0.5, 12, "months", "Median background-vetting time", "Thời gian thẩm tra lý lịch (trung vị)", group="classes")
    vetting_sigma: float = param(0.5, 0.1, 1.5, "log-scale", "Spread of vetting times (lognormal sigma)", "Độ phân tán thời gian thẩm tra (sigma lognormal)", group="classes")
    relatives_elsewhere_factor: float = param(1.8, 1.0, 5.0, "multiplier", "Vetting time when relatives live in other provinces", "Hệ số thời gian thẩm tra khi thân nhân ở tỉnh khác", group="classes")
    family_resists_factor: float = param(2.0, 1.0, 5.0, "multiplier", "Vetting time when a religious family resists", "Hệ số thời gian thẩm tra khi gia đình cản trở", group="classes")
    family_block: float = param(0.3, 0.0, 1.0, "share 0-1", "Resisting families who stop the dossier altogether", "Tỷ lệ gia đình cản trở làm dừng hồ sơ", group="classes")
    papers_valid_months: float = param(12, 12, 12, "months", "Papers older than this are redone if no vote yet", "Hồ sơ quá hạn phải làm lại nếu chưa biểu quyết", estimate=False, group="classes")
    vote_pass: float = param(0.95, 0.5, 1.0, "share 0-1", "Cell votes reaching two thirds of full members", "Tỷ lệ biểu quyết đạt hai phần ba", group="classes")
    min_full_members_vote: float = param(3, 1, 10, "members", "Fewest full members present for a cell to vote", "Số đảng viên chính thức tối thiểu để chi bộ biểu quyết", group="classes")
    approval_months_max: float = param(3, 1, 6, "months", "Longest wait for the higher committee's approval (60 working days)", "Thời gian chuẩn y tối đa (60 ngày làm việc)", estimate=False, group="classes")
    probation_months: float = param(12, 12, 12, "months", "Probation before recognition", "Thời gian dự bị", estimate=False, group="retention")
    recognition: float = param(0.97, 0.5, 1.0, "share 0-1", "Probationary members recognised as full members", "Tỷ lệ đảng viên dự bị được công nhận chính thức", group="retention")
    readmission_wait_months: float = param(36, 36, 36, "months", "Wait before a removed probationary member may be re-admitted", "Thời gian chờ kết nạp lại", estimate=False, group="retention")
    remedial_pass: float = param(0.9, 0.3, 1.0, "share 0-1", "Adults passing remedial lower-secondary classes", "Tỷ lệ học viên bổ túc THCS đạt", group="sources")


class Outflow(_Section):
    """Members leaving the rolls other than by death or migration."""

    removal_rate: float = param(0.002, 0.0, 0.05, "per year", "Removal from the rolls, members at home", "Tỷ lệ xóa tên hằng năm, đảng viên ở địa phương", group="retention")
    exit_rate: float = param(0.0005, 0.0, 0.02, "per year", "Voluntary exit, members at home", "Tỷ lệ xin ra khỏi Đảng hằng năm, đảng viên ở địa phương", group="retention")
    away_factor: float = param(8.0, 1.0, 30.0, "multiplier", "Removal and exit among members working away relative to those at home", "Hệ số xóa tên, xin ra Đảng với đảng viên đi làm ăn xa", group="retention")
    expulsion_rate: float = param(0.0005, 0.0, 0.01, "per year", "Expulsion", "Tỷ lệ khai trừ hằng năm", group="retention")
    transfer_out_rate: float = param(0.005, 0.0, 0.05, "per year", "Official transfers out by members at home (job, family)", "Tỷ lệ chuyển sinh hoạt đi hằng năm", group="retention")
    transfer_in_rate: float = param(0.008, 0.0, 0.3, "per year", "Official transfers in, as a share of members", "Tỷ lệ chuyển sinh hoạt đến hằng năm", group="retention")
    exemption_age: float = param(70, 55, 90, "years", "Age from which members are usually exempted from activities", "Tuổi thường được miễn sinh hoạt", group="retention")
    unqualified_share: float = param(0.02, 0.0, 0.2, "share 0-1", "Members who no longer meet the standards (screening targets)", "Tỷ lệ đảng viên không còn đủ tư cách", group="retention")


# --------------------------------------------------------------------------- levers

Schedule = float | dict[str, float]


def lever(default: float, lo: float, hi: float, unit: str, en: str, vi: str, group: str) -> Any:
    """A policy lever: a value or a schedule ``{"2022": v, "2023-07": w}`` (step function).

    The range is checked by :meth:`Levers._ranges` (pydantic bounds do not apply to a union
    with a schedule mapping)."""
    return Field(
        float(default),
        description=en,
        json_schema_extra={"lo": lo, "hi": hi, "unit": unit, "vi": vi, "estimate": False, "group": group},
    )


class Levers(_Section):
    """Policy levers. Each is a number or a schedule ``{period: value}`` that holds from
    that period on (before the first period the first value applies)."""

    classes_per_year: Schedule = lever(4, 0, 2000, "classes per year", "Awareness classes held per year", "Số lớp bồi dưỡng nhận thức về Đảng mỗi năm", "classes")
    seats_per_class: Schedule = lever(60, 5, 300, "seats", "Seats in each awareness class", "Số chỗ mỗi lớp", "classes")
    quota_accountability: Schedule = lever(0, 0, 1, "level 0-1", "Quota per cell with the secretary accountable", "Giao chỉ tiêu cho chi bộ, bí thư chịu trách nhiệm", "sources")
    mass_org_engagement: Schedule = lever(0, 0, 1, "level 0-1", "Mass organisations identify candidates", "Đoàn thể giới thiệu quần chúng ưu tú", "sources")
    remedial_per_year: Schedule = lever(0, 0, 10000, "adults per year", "Adults in remedial lower-secondary classes", "Số người học bổ túc THCS mỗi năm", "sources")
    new_party_orgs_per_year: Schedule = lever(0, 0, 500, "per year", "New party organisations founded in non-state enterprises", "Số tổ chức đảng mới trong doanh nghiệp ngoài nhà nước mỗi năm", "enterprises")
    owner_outreach: Schedule = lever(0, 0, 1, "level 0-1", "Outreach to enterprise owners", "Vận động chủ doanh nghiệp", "enterprises")
    student_drive: Schedule = lever(0, 0, 1, "level 0-1", "Student and young-teacher recruitment drive", "Phát triển đảng viên trong học sinh, sinh viên, giáo viên trẻ", "sources")
    faster_vetting: Schedule = lever(0, 0, 1, "level 0-1", "Faster vetting and digital records", "Đẩy nhanh thẩm tra lý lịch, số hóa hồ sơ", "classes")
    e_handbook: Schedule = lever(0, 0, 1, "share 0-1", "Members working away using the electronic handbook", "Tỷ lệ đảng viên đi làm xa dùng sổ tay điện tử", "retention")
    screening: Schedule = lever(0, 0, 1, "level 0-1", "Screening out members who no longer qualify", "Sàng lọc đảng viên không đủ tư cách", "retention")
    local_jobs: Schedule = lever(0, 0, 1, "level 0-1", "Local jobs that keep youth at home", "Tạo việc làm tại chỗ giữ chân thanh niên", "migration")
    activity: Schedule = lever(1, 0, 1, "level 0-1", "Normal class and union activity (COVID-19 lowered it)", "Mức hoạt động bình thường của lớp học, đoàn thể (COVID-19 làm giảm)", "classes")

    @model_validator(mode="after")
    def _ranges(self) -> "Levers":
        for name, field in type(self).model_fields.items():
            extra = field.json_schema_extra
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


class LeverEffects(_Section):
    """How strongly each lever acts at full strength (level 1). All are estimates."""

    quota_accountability: float = param(1.0, 0.0, 5.0, "added multiplier", "Identification gain from cell quotas at level 1 (1 = doubles)", "Mức tăng tạo nguồn khi giao chỉ tiêu cho chi bộ", group="sources")
    quota_speeds_dossier: float = param(0.5, 0.0, 0.9, "share 0-1", "Cut in the wait from certificate to dossier when cells are accountable (level 1)", "Mức rút ngắn thời gian chờ làm hồ sơ khi chi bộ chịu trách nhiệm", group="sources")
    quota_revives_inactive: float = param(0.5, 0.0, 1.0, "share 0-1", "Inactive cells revived by accountability at level 1", "Tỷ lệ chi bộ yếu được khôi phục khi giao chỉ tiêu", group="sources")
    mass_org: float = param(1.0, 0.0, 5.0, "added multiplier", "Identification gain among Youth Union and mass-organisation members at level 1", "Mức tăng tạo nguồn qua đoàn thể", group="sources")
    owner_outreach: float = param(0.5, 0.0, 1.0, "share 0-1", "Non-cooperating owners won over at level 1", "Tỷ lệ chủ doanh nghiệp được vận động", group="enterprises")
    student_drive: float = param(3.0, 0.0, 10.0, "added multiplier", "Identification gain among students at level 1", "Mức tăng tạo nguồn trong học sinh, sinh viên", group="sources")
    faster_vetting: float = param(0.5, 0.0, 0.9, "share 0-1", "Cut in vetting time at level 1", "Mức rút ngắn thời gian thẩm tra", group="classes")
    e_handbook: float = param(0.5, 0.0, 1.0, "share 0-1", "Cut in removal and exit of members working away who use the handbook", "Mức giảm bỏ sinh hoạt của đảng viên đi xa dùng sổ tay điện tử", group="retention")
    screening: float = param(0.3, 0.0, 1.0, "per year", "Annual removal rate of unqualified members at level 1", "Tỷ lệ xóa tên đảng viên không đủ tư cách khi sàng lọc", group="retention")
    local_jobs: float = param(0.4, 0.0, 1.0, "share 0-1", "Cut in youth leaving at level 1", "Mức giảm thanh niên đi làm xa", group="migration")


# --------------------------------------------------------------------------- targets


FRACTION_KINDS = frozenset({"admission_rate", "composition", "grassroots_quota_share", "cell_quota_share"})
"""Target kinds whose threshold and values are fractions (0.03 = 3%)."""


class Target(_Section):
    """A target the planner is measured against."""

    name: str
    kind: Literal["admissions", "admission_rate", "net_growth", "composition", "grassroots_quota_share", "cell_quota_share"]
    threshold: float
    years: list[int] | None = None
    group: Literal["youth", "women", "minority", "religious", "non_state"] | None = None

    @model_validator(mode="after")
    def _group(self) -> "Target":
        if self.kind == "composition" and self.group is None:
            raise ValueError("a composition target needs group: youth, women, minority, religious or non_state")
        if self.kind in FRACTION_KINDS and not 0 <= self.threshold <= 1:
            raise ValueError(f"a {self.kind} threshold is a fraction between 0 and 1 (3% is 0.03)")
        return self


class History(_Section):
    """Known history (annual figures, by calendar year). Optional.

    ``admissions`` (people per year), ``members`` (on 31 December), ``outflow`` (people
    leaving the rolls per year), ``certificates`` (awareness-class certificates per year).
    """

    admissions: dict[int, float] = Field(default_factory=dict)
    members: dict[int, float] = Field(default_factory=dict)
    outflow: dict[int, float] = Field(default_factory=dict)
    certificates: dict[int, float] = Field(default_factory=dict)


class Driver(_Section):
    """An outside driver of the simulation with a known annual history.

    ``forecast``: each replication follows one simulated path of the statistical forecast
    of ``history``; the driver's effect is the path relative to the last observed value.
    ``fixed``: the driver stays at its last observed value (no effect beyond the scenario's
    own parameters).
    """

    history: dict[int, float] = Field(min_length=1)
    mode: Literal["forecast", "fixed"] = "forecast"

    @field_validator("history")
    @classmethod
    def _positive(cls, v: dict[int, float]) -> dict[int, float]:
        if any(x <= 0 for x in v.values()):
            raise ValueError("driver history values must be positive")
        return v


class Drivers(_Section):
    """Drivers fed into the simulation (multipliers per simulated year).

    - ``youth_population``: youths coming of age (scales ``population.cohort_rate``).
    - ``out_migration``: out-migration (scales ``migration.leave_rate``).
    - ``enterprise_employment``: enterprise jobs (scales workplace sizes, hence hiring).
    """

    youth_population: Driver | None = None
    out_migration: Driver | None = None
    enterprise_employment: Driver | None = None


class Moment(_Section):
    """One observed figure the simulation is fitted to (see :mod:`partysim.analysis.calibration`).

    ``variable`` is a column of the monthly table (e.g. ``admissions``, ``members``,
    ``certificates``, ``class_entries``, ``transfers_in``). ``stat``: ``sum`` over the
    months from ``start`` to ``end`` (inclusive), ``annual_mean`` (that sum per year), or
    ``last`` (the value in month ``end``, for stocks such as ``members``).
    """

    name: str = ""
    variable: str
    start: str
    end: str
    stat: Literal["sum", "annual_mean", "last"] = "sum"
    value: float
    weight: float = Field(1.0, ge=0)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _period(cls, v: Any) -> str:
        y, m = parse_period(v)
        return f"{y:04d}-{m:02d}"


class Calibration(_Section):
    """What ``partysim calibrate`` fits, and to what."""

    parameters: list[str] = Field(min_length=1, description="Dotted paths of the estimated parameters to fit.")
    moments: list[Moment] = Field(min_length=1)
    replications: int = Field(8, ge=1, le=1000, description="Replications per evaluation (common random numbers).")
    max_evaluations: int = Field(60, ge=5, le=5000)


class SweepRange(_Section):
    """A range to sample in a Latin hypercube (defaults: the parameter's plausible range)."""

    low: float | None = None
    high: float | None = None


class Sweep(_Section):
    """Points to run besides the scenario itself: a grid or a Latin hypercube.

    ``parameters`` maps dotted paths (as for ``--set``) to a list of values (grid) or a
    range ``{low, high}`` (Latin hypercube; an empty mapping means the parameter's own
    plausible range).
    """

    method: Literal["grid", "lhs"] = "grid"
    samples: int = Field(16, ge=1, le=100_000, description="Points of a Latin hypercube.")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Seed of the Latin hypercube design.")
    parameters: dict[str, list[float] | SweepRange] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "Sweep":
        for path, spec in self.parameters.items():
            if self.method == "grid" and not isinstance(spec, list):
                raise ValueError(f"{path}: a grid sweep needs a list of values")
            if isinstance(spec, list) and not spec:
                raise ValueError(f"{path}: the list of values is empty")
        return self


# --------------------------------------------------------------------------- scenario


class Scenario(_Section):
    """One planner's question: territory, people, mechanisms, levers, targets, horizon."""

    name: str
    title: str = ""
    description: str = ""
    start: str
    end: str
    seed: int = Field(1, ge=0, le=2**31 - 1)
    replications: int = Field(50, ge=1, le=100_000)
    review_months: int = Field(
        3, ge=1, le=6,
        description="Population-wide risks (deaths, leaving, returning, job changes, identification) are "
        "reviewed for each person every this many months, staggered by person, with the matching "
        "probability. 1 is exact monthly timing; 3 is three times faster with the same yearly rates.",
    )
    territory: Territory
    population: Population = Field(default_factory=Population)
    demography: Demography = Field(default_factory=Demography)
    migration: Migration = Field(default_factory=Migration)
    employment: Employment = Field(default_factory=Employment)
    pipeline: Pipeline = Field(default_factory=Pipeline)
    outflow: Outflow = Field(default_factory=Outflow)
    levers: Levers = Field(default_factory=Levers)
    effects: LeverEffects = Field(default_factory=LeverEffects)
    targets: list[Target] = Field(default_factory=list)
    history: History = Field(default_factory=History)
    sweep: Sweep | None = None
    drivers: Drivers = Field(default_factory=Drivers)
    calibration: Calibration | None = None
    pipeline_start: dict[str, float] = Field(
        default_factory=dict,
        description="People already in the pipeline at the start, per member: source, class, certified, vetting, vote, probation.",
    )

    @field_validator("start", "end", mode="before")
    @classmethod
    def _period(cls, v: Any) -> str:
        y, m = parse_period(v)
        return f"{y:04d}-{m:02d}"

    @field_validator("end")
    @classmethod
    def _after_start(cls, v: str, info: Any) -> str:
        start = info.data.get("start")
        if start is not None and v < start:
            raise ValueError(f"end {v} is before start {start}")
        return v

    @field_validator("pipeline_start")
    @classmethod
    def _pipeline_start(cls, v: dict[str, float]) -> dict[str, float]:
        allowed = {"source", "class", "certified", "vetting", "vote", "probation"}
        for k, x in v.items():
            if k not in allowed:
                raise ValueError(f"unknown stage {k!r}; expected one of {sorted(allowed)}")
            if not 0 <= x <= 1:
                raise ValueError(f"{k}: expected a share of members between 0 and 1, got {x}")
        return v

    # -- derived ---------------------------------------------------------------
    @property
    def start_ym(self) -> tuple[int, int]:
        return parse_period(self.start)

    @property
    def months(self) -> int:
        """Number of simulated months, start and end inclusive."""
        (y0, m0), (y1, m1) = parse_period(self.start), parse_period(self.end)
        return (y1 - y0) * 12 + (m1 - m0) + 1

    def month_of(self, period: str | int) -> int:
        """Month index (0 = start) of a period ``YYYY`` or ``YYYY-MM``."""
        y, m = parse_period(period)
        y0, m0 = self.start_ym
        return (y - y0) * 12 + (m - m0)

    def sha256(self) -> str:
        """Content hash of the validated scenario (after extends and overrides)."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def load_scenario(path: str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """Read, merge (``extends:``), override (``--set``) and validate a scenario file.

    Args:
        path: The scenario YAML file.
        overrides: ``"dotted.path=value"`` strings, applied after ``extends``.

    Returns:
        The validated :class:`Scenario`.

    Raises:
        ScenarioError: One message naming the file, line, field and what was expected.
    """
    data, sources = load_scenario_data(path, overrides)
    scenario = validate_data(Scenario, data, sources)
    assert isinstance(scenario, Scenario)
    return scenario


__all__ = ["Scenario", "ScenarioError", "load_scenario", "parse_period"]
