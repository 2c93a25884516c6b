"""The ``outflow`` block of a scenario: its parameters, each with a default, a range, a
unit and a description (``partysim params``)."""

from __future__ import annotations

from partysim.scenario.parameters import param
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["Outflow"]


class Outflow(Section):
    """Members leaving the rolls other than by death or migration."""

    removal_rate: Number = param(
        0.002,
        0.0,
        0.05,
        "per year",
        "Removal from the rolls, members at home",
        "Tỷ lệ xóa tên hằng năm, đảng viên ở địa phương",
        group="retention",
    )
    exit_rate: Number = param(
        0.0005,
        0.0,
        0.02,
        "per year",
        "Voluntary exit, members at home",
        "Tỷ lệ xin ra khỏi Đảng hằng năm, đảng viên ở địa phương",
        group="retention",
    )
    away_factor: Number = param(
        8.0,
        1.0,
        30.0,
        "multiplier",
        "Removal and exit among members working away relative to those at home",
        "Hệ số xóa tên, xin ra Đảng với đảng viên đi làm ăn xa",
        group="retention",
    )
    expulsion_rate: Number = param(
        0.0005, 0.0, 0.01, "per year", "Expulsion", "Tỷ lệ khai trừ hằng năm", group="retention"
    )
    transfer_out_rate: Number = param(
        0.001,
        0.0,
        0.05,
        "per year",
        "Official transfers out by members at home (job, family)",
        "Tỷ lệ chuyển sinh hoạt đi hằng năm",
        group="retention",
    )
    transfer_in_rate: Number = param(
        0.008,
        0.0,
        0.3,
        "per year",
        "Official transfers in, as a share of members",
        "Tỷ lệ chuyển sinh hoạt đến hằng năm",
        group="retention",
    )
    exemption_age: Number = param(
        70,
        55,
        90,
        "years",
        "Age from which members are usually exempted from activities",
        "Tuổi thường được miễn sinh hoạt",
        group="retention",
    )
    unqualified_share: Number = param(
        0.02,
        0.0,
        0.2,
        "share 0-1",
        "Members who no longer meet the standards (screening targets)",
        "Tỷ lệ đảng viên không còn đủ tư cách",
        group="retention",
    )
