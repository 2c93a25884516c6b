"""The ``employment`` block of a scenario: its parameters, each with a default, a range, a
unit and a description (``partysim params``)."""

from __future__ import annotations

from partysim.scenario.parameters import param
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["Employment"]


class Employment(Section):
    """Hiring, turnover and party organisations in enterprises."""

    turnover_state: Number = param(
        0.08,
        0.0,
        0.6,
        "per year",
        "Annual job-leaving rate in state enterprises and agencies",
        "Tỷ lệ nghỉ việc hằng năm ở khu vực nhà nước",
    )
    turnover_non_state: Number = param(
        0.30,
        0.0,
        0.9,
        "per year",
        "Annual job-leaving rate in non-state enterprises",
        "Tỷ lệ nghỉ việc hằng năm ở doanh nghiệp ngoài nhà nước",
    )
    rehire_share: Number = param(
        0.4,
        0.0,
        1.0,
        "share 0-1",
        "Job leavers who take another job in the territory",
        "Tỷ lệ người nghỉ việc tìm được việc khác trong địa bàn",
    )
    leave_territory_share: Number = param(
        0.3,
        0.0,
        1.0,
        "share 0-1",
        "Job leavers (not rehired) who leave the territory",
        "Tỷ lệ người nghỉ việc rời khỏi địa bàn",
    )
    local_hire_share: Number = param(
        0.5,
        0.0,
        1.0,
        "share 0-1",
        "Vacancies filled by local residents (others by newcomers)",
        "Tỷ lệ chỗ trống tuyển người địa phương",
    )
    member_turnover_factor: Number = param(
        0.5,
        0.0,
        1.5,
        "multiplier",
        "Job-leaving rate of party members relative to other workers",
        "Hệ số nghỉ việc của đảng viên so với người lao động khác",
    )
    new_party_org_members: Number = param(
        3,
        0,
        30,
        "members",
        "Members working in an enterprise who transfer in when its party organisation is founded",
        "Số đảng viên chuyển sinh hoạt về khi thành lập tổ chức đảng trong doanh nghiệp",
    )
    new_party_org_size_min: Number = param(
        30,
        3,
        500,
        "workers",
        "Smallest non-state enterprise that can found a party organisation",
        "Quy mô tối thiểu để thành lập tổ chức đảng trong doanh nghiệp",
    )
