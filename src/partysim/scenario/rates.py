"""Rates of every mechanism: the parameter blocks of a scenario.

Each block gathers the numbers of one mechanism of the model (population, deaths,
migration, employment, the admission pipeline, members leaving the rolls), declared
with :func:`~partysim.scenario.parameters.param`: default, plausible range, unit and a
description in English and Vietnamese. Units: rates are *per year* unless the name says
otherwise; durations are in *months*; ages in *years*; shares are fractions 0-1.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from partysim.scenario.ages import ADULT_AGE_YEARS, UPPER_AGE_YEARS
from partysim.scenario.parameters import param
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["Demography", "Employment", "Migration", "Outflow", "Pipeline", "Population"]


class Population(Section):
    """Composition of the starting population and of the youth who come of age."""

    age_band_weights: list[Number] = Field(
        default_factory=lambda: [0.06, 0.20, 0.26, 0.24, 0.24],
        min_length=5, max_length=5,
        description="Relative sizes of ages 16-17, 18-24, 25-34, 35-44, 45-60 among inhabitants.",
    )
    member_age_weights: list[Number] = Field(
        default_factory=lambda: [0.12, 0.20, 0.18, 0.18, 0.17, 0.15],
        min_length=6, max_length=6,
        description="Relative sizes of member ages 18-29, 30-39, 40-49, 50-59, 60-69, 70-89.",
    )
    share_female: Number = param(0.5, 0.3, 0.7, "share 0-1", "Women among inhabitants", "Tỷ lệ nữ trong dân cư", estimate=False)
    share_female_members: Number = param(0.33, 0.1, 0.6, "share 0-1", "Women among members", "Tỷ lệ nữ trong đảng viên")
    share_minority: Number = param(0.1, 0.0, 1.0, "share 0-1", "Ethnic minority share of inhabitants", "Tỷ lệ người dân tộc thiểu số")
    share_religious: Number = param(0.1, 0.0, 1.0, "share 0-1", "Religious believers among inhabitants", "Tỷ lệ người theo tôn giáo")
    lower_secondary_share: Number = param(0.85, 0.3, 1.0, "share 0-1", "Adults with a lower-secondary (THCS) diploma", "Tỷ lệ người lớn có bằng THCS")
    primary_share: Number = param(0.97, 0.5, 1.0, "share 0-1", "Adults who completed primary school", "Tỷ lệ người lớn học hết tiểu học")
    youth_union_share: Number = param(0.45, 0.05, 0.95, "share 0-1", "Youth Union members among ages 16-30", "Tỷ lệ đoàn viên trong độ tuổi 16-30")
    student_share: Number = param(0.35, 0.0, 0.9, "share 0-1", "Students among ages 16-22", "Tỷ lệ học sinh, sinh viên ở tuổi 16-22")
    occupation_weights: list[Number] = Field(
        default_factory=lambda: [0.55, 0.08, 0.04, 0.18, 0.15], min_length=5, max_length=5,
        description="Commune adults (not students): farm or informal, state agency, state enterprise, non-state enterprise, other.",
    )
    away_share: Number = param(0.12, 0.0, 0.6, "share 0-1", "Inhabitants aged 18-40 working away at the start", "Tỷ lệ thanh niên 18-40 đang đi làm ăn xa lúc đầu kỳ")
    member_away_share: Number = param(0.05, 0.0, 0.4, "share 0-1", "Members working away from home at the start", "Tỷ lệ đảng viên đi làm ăn xa lúc đầu kỳ")
    cohort_rate: Number = param(0.03, 0.0, 0.08, "per year", "Youths turning 16 each year, as a share of inhabitants 16-60", "Số thanh niên tròn 16 tuổi mỗi năm so với dân số 16-60")
    owner_share: Number = param(0.01, 0.0, 0.1, "share 0-1", "Business owners among non-state enterprise staff", "Tỷ lệ chủ doanh nghiệp trong lao động doanh nghiệp ngoài nhà nước")
    relatives_elsewhere_share: Number = param(0.25, 0.0, 0.8, "share 0-1", "People with close relatives living in other provinces", "Tỷ lệ người có thân nhân ở tỉnh khác")
    family_resists_share: Number = param(0.3, 0.0, 1.0, "share 0-1", "Religious people whose family resists vetting", "Tỷ lệ người theo đạo có gia đình cản trở thẩm tra")

    @field_validator("age_band_weights", "member_age_weights", "occupation_weights")
    @classmethod
    def _weights(cls, v: list[Number]) -> list[Number]:
        if any(w < 0 for w in v) or sum(v) <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        return v


class Demography(Section):
    """Deaths by age and the 60-year cut-off."""

    mortality: list[Number] = Field(
        default_factory=lambda: [0.001, 0.002, 0.005, 0.012, 0.03, 0.09], min_length=6, max_length=6,
        description="Annual death probability for ages <30, 30-44, 45-59, 60-69, 70-79, 80+ (per year).",
    )
    eligibility_min_age: Number = param(ADULT_AGE_YEARS, ADULT_AGE_YEARS, ADULT_AGE_YEARS, "years", "Youngest age for admission", "Tuổi tối thiểu được kết nạp", estimate=False)
    eligibility_max_age: Number = param(UPPER_AGE_YEARS, UPPER_AGE_YEARS, UPPER_AGE_YEARS, "years", "Oldest age for admission (no exceptions modelled)", "Tuổi tối đa được kết nạp", estimate=False)

    @field_validator("mortality")
    @classmethod
    def _rates(cls, v: list[Number]) -> list[Number]:
        if any(not 0 <= r <= 0.5 for r in v):
            raise ValueError("annual death probabilities must lie between 0 and 0.5")
        return v


class Migration(Section):
    """Youth leaving for cities and industrial parks, and coming back."""

    leave_rate: list[Number] = Field(
        default_factory=lambda: [0.03, 0.10, 0.06, 0.02, 0.01], min_length=5, max_length=5,
        description="Annual probability of leaving to work away, ages 16-17, 18-24, 25-34, 35-44, 45-60 (per year).",
    )
    urban_factor: Number = param(0.5, 0.1, 2.0, "multiplier", "Leaving rate in urban wards relative to rural communes", "Hệ số đi làm xa ở phường so với xã nông thôn")
    mountain_factor: Number = param(1.2, 0.3, 3.0, "multiplier", "Leaving rate in mountain/ethnic-minority areas relative to rural communes", "Hệ số đi làm xa ở miền núi so với xã nông thôn")
    return_rate: Number = param(0.15, 0.0, 1.0, "per year", "Annual probability that someone working away comes home", "Xác suất người đi làm xa trở về mỗi năm")
    permanent_share: Number = param(0.3, 0.0, 1.0, "share 0-1", "Leavers who settle elsewhere for good (leave the model)", "Tỷ lệ người đi làm xa định cư hẳn nơi khác")
    member_transfer_share: Number = param(0.4, 0.0, 1.0, "share 0-1", "Members leaving home who transfer officially (others stay on the rolls, working away)", "Tỷ lệ đảng viên đi xa chuyển sinh hoạt chính thức")
    member_leave_factor: Number = param(0.5, 0.0, 2.0, "multiplier", "Members' leaving rate relative to non-members of the same age", "Hệ số đi làm xa của đảng viên so với quần chúng")


class Employment(Section):
    """Hiring, turnover and party organisations in enterprises."""

    turnover_state: Number = param(0.08, 0.0, 0.6, "per year", "Annual job-leaving rate in state enterprises and agencies", "Tỷ lệ nghỉ việc hằng năm ở khu vực nhà nước")
    turnover_non_state: Number = param(0.30, 0.0, 0.9, "per year", "Annual job-leaving rate in non-state enterprises", "Tỷ lệ nghỉ việc hằng năm ở doanh nghiệp ngoài nhà nước")
    rehire_share: Number = param(0.4, 0.0, 1.0, "share 0-1", "Job leavers who take another job in the territory", "Tỷ lệ người nghỉ việc tìm được việc khác trong địa bàn")
    leave_territory_share: Number = param(0.3, 0.0, 1.0, "share 0-1", "Job leavers (not rehired) who leave the territory", "Tỷ lệ người nghỉ việc rời khỏi địa bàn")
    local_hire_share: Number = param(0.5, 0.0, 1.0, "share 0-1", "Vacancies filled by local residents (others by newcomers)", "Tỷ lệ chỗ trống tuyển người địa phương")
    member_turnover_factor: Number = param(0.5, 0.0, 1.5, "multiplier", "Job-leaving rate of party members relative to other workers", "Hệ số nghỉ việc của đảng viên so với người lao động khác")
    new_party_org_members: Number = param(3, 0, 30, "members", "Members working in an enterprise who transfer in when its party organisation is founded", "Số đảng viên chuyển sinh hoạt về khi thành lập tổ chức đảng trong doanh nghiệp")
    new_party_org_size_min: Number = param(30, 3, 500, "workers", "Smallest non-state enterprise that can found a party organisation", "Quy mô tối thiểu để thành lập tổ chức đảng trong doanh nghiệp")


class Pipeline(Section):
    """Source, class, dossier and vetting, vote, approval, probation."""

    identification_rate: Number = param(0.004, 0.0, 0.2, "per year", "Annual chance an eligible person is put on the source list (active cell, no levers)", "Xác suất hằng năm một người đủ điều kiện được đưa vào danh sách quần chúng ưu tú", group="sources")
    youth_union_factor: Number = param(3.0, 1.0, 10.0, "multiplier", "Identification of Youth Union members relative to others", "Hệ số tạo nguồn với đoàn viên", group="sources")
    student_factor: Number = param(1.0, 0.0, 10.0, "multiplier", "Identification of students relative to others", "Hệ số tạo nguồn với học sinh, sinh viên", group="sources")
    state_sector_factor: Number = param(3.0, 1.0, 15.0, "multiplier", "Identification of state agency and enterprise staff", "Hệ số tạo nguồn ở khu vực nhà nước", group="sources")
    non_state_factor: Number = param(0.8, 0.0, 5.0, "multiplier", "Identification of non-state enterprise staff (party organisation present)", "Hệ số tạo nguồn ở doanh nghiệp ngoài nhà nước có tổ chức đảng", group="enterprises")
    age_over_30_factor: Number = param(0.5, 0.0, 2.0, "multiplier", "Identification of people over 30 relative to 18-30", "Hệ số tạo nguồn với người trên 30 tuổi", group="sources")
    inactive_cell_share: Number = param(0.2, 0.0, 0.9, "share 0-1", "Cells that rarely identify anyone (no accountability)", "Tỷ lệ chi bộ hầu như không tạo nguồn", group="sources")
    inactive_cell_factor: Number = param(0.1, 0.0, 1.0, "multiplier", "Identification in inactive cells relative to active ones", "Hệ số tạo nguồn ở chi bộ yếu", group="sources")
    willingness_youth: Number = param(0.6, 0.05, 1.0, "share 0-1", "Identified people aged 18-30 who agree to apply (youth apathy)", "Tỷ lệ thanh niên được giới thiệu đồng ý phấn đấu", group="sources")
    willingness_adult: Number = param(0.7, 0.05, 1.0, "share 0-1", "Identified people over 30 who agree to apply", "Tỷ lệ người trên 30 tuổi đồng ý phấn đấu", group="sources")
    source_dropout: Number = param(0.15, 0.0, 1.0, "per year", "Annual drop-out from the source list while waiting for a class", "Tỷ lệ rời danh sách nguồn hằng năm khi chờ lớp", group="sources")
    class_months: Number = param(1, 1, 3, "months", "Duration of an awareness class", "Thời gian một lớp bồi dưỡng", estimate=False, group="classes")
    class_pass: Number = param(0.95, 0.5, 1.0, "share 0-1", "Class attendees who receive the certificate", "Tỷ lệ học viên được cấp giấy chứng nhận", group="classes")
    certificate_valid_months: Number = param(60, 60, 60, "months", "Validity of the class certificate", "Thời hạn giấy chứng nhận bồi dưỡng", estimate=False, group="classes")
    dossier_start_months: Number = param(3, 0.5, 120, "months", "Mean wait from certificate to starting the dossier", "Thời gian trung bình từ khi có giấy chứng nhận đến khi làm hồ sơ", group="classes")
    introducer_failure: Number = param(0.03, 0.0, 0.5, "share 0-1", "Dossiers that find no two introducers", "Tỷ lệ hồ sơ không đủ người giới thiệu", group="classes")
    vetting_median_months: Number = param(3, 0.5, 12, "months", "Median background-vetting time", "Thời gian thẩm tra lý lịch (trung vị)", group="classes")
    vetting_sigma: Number = param(0.5, 0.1, 1.5, "log-scale", "Spread of vetting times (lognormal sigma)", "Độ phân tán thời gian thẩm tra (sigma lognormal)", group="classes")
    relatives_elsewhere_factor: Number = param(1.8, 1.0, 5.0, "multiplier", "Vetting time when relatives live in other provinces", "Hệ số thời gian thẩm tra khi thân nhân ở tỉnh khác", group="classes")
    family_resists_factor: Number = param(2.0, 1.0, 5.0, "multiplier", "Vetting time when a religious family resists", "Hệ số thời gian thẩm tra khi gia đình cản trở", group="classes")
    family_block: Number = param(0.3, 0.0, 1.0, "share 0-1", "Resisting families who stop the dossier altogether", "Tỷ lệ gia đình cản trở làm dừng hồ sơ", group="classes")
    papers_valid_months: Number = param(12, 12, 12, "months", "Papers older than this are redone if no vote yet", "Hồ sơ quá hạn phải làm lại nếu chưa biểu quyết", estimate=False, group="classes")
    vote_pass: Number = param(0.95, 0.5, 1.0, "share 0-1", "Cell votes reaching two thirds of full members", "Tỷ lệ biểu quyết đạt hai phần ba", group="classes")
    min_full_members_vote: Number = param(3, 1, 10, "members", "Fewest full members present for a cell to vote", "Số đảng viên chính thức tối thiểu để chi bộ biểu quyết", group="classes")
    approval_months_max: Number = param(3, 1, 6, "months", "Longest wait for the higher committee's approval (60 working days)", "Thời gian chuẩn y tối đa (60 ngày làm việc)", estimate=False, group="classes")
    probation_months: Number = param(12, 12, 12, "months", "Probation before recognition", "Thời gian dự bị", estimate=False, group="retention")
    recognition: Number = param(0.97, 0.5, 1.0, "share 0-1", "Probationary members recognised as full members", "Tỷ lệ đảng viên dự bị được công nhận chính thức", group="retention")
    readmission_wait_months: Number = param(36, 36, 36, "months", "Wait before a removed probationary member may be re-admitted", "Thời gian chờ kết nạp lại", estimate=False, group="retention")
    remedial_pass: Number = param(0.9, 0.3, 1.0, "share 0-1", "Adults passing remedial lower-secondary classes", "Tỷ lệ học viên bổ túc THCS đạt", group="sources")


class Outflow(Section):
    """Members leaving the rolls other than by death or migration."""

    removal_rate: Number = param(0.002, 0.0, 0.05, "per year", "Removal from the rolls, members at home", "Tỷ lệ xóa tên hằng năm, đảng viên ở địa phương", group="retention")
    exit_rate: Number = param(0.0005, 0.0, 0.02, "per year", "Voluntary exit, members at home", "Tỷ lệ xin ra khỏi Đảng hằng năm, đảng viên ở địa phương", group="retention")
    away_factor: Number = param(8.0, 1.0, 30.0, "multiplier", "Removal and exit among members working away relative to those at home", "Hệ số xóa tên, xin ra Đảng với đảng viên đi làm ăn xa", group="retention")
    expulsion_rate: Number = param(0.0005, 0.0, 0.01, "per year", "Expulsion", "Tỷ lệ khai trừ hằng năm", group="retention")
    transfer_out_rate: Number = param(0.005, 0.0, 0.05, "per year", "Official transfers out by members at home (job, family)", "Tỷ lệ chuyển sinh hoạt đi hằng năm", group="retention")
    transfer_in_rate: Number = param(0.008, 0.0, 0.3, "per year", "Official transfers in, as a share of members", "Tỷ lệ chuyển sinh hoạt đến hằng năm", group="retention")
    exemption_age: Number = param(70, 55, 90, "years", "Age from which members are usually exempted from activities", "Tuổi thường được miễn sinh hoạt", group="retention")
    unqualified_share: Number = param(0.02, 0.0, 0.2, "share 0-1", "Members who no longer meet the standards (screening targets)", "Tỷ lệ đảng viên không còn đủ tư cách", group="retention")
