"""The ``migration`` block of a scenario: its parameters, each with a default, a range, a
unit and a description (``partysim params``)."""

from __future__ import annotations

from pydantic import Field

from partysim.scenario.parameters import param
from partysim.scenario.section import Section
from partysim.scenario.strict_numbers import Number

__all__ = ["Migration"]


class Migration(Section):
    """Youth leaving for cities and industrial parks, and coming back."""

    leave_rate: list[Number] = Field(
        default_factory=lambda: [0.03, 0.10, 0.06, 0.02, 0.01],
        min_length=5,
        max_length=5,
        description="Annual probability of leaving to work away, ages 16-17, 18-24, 25-34, 35-44, 45-60 (per year).",
    )
    urban_factor: Number = param(
        0.5,
        0.1,
        2.0,
        "multiplier",
        "Leaving rate in urban wards relative to rural communes",
        "Hệ số đi làm xa ở phường so với xã nông thôn",
    )
    mountain_factor: Number = param(
        1.2,
        0.3,
        3.0,
        "multiplier",
        "Leaving rate in mountain/ethnic-minority areas relative to rural communes",
        "Hệ số đi làm xa ở miền núi so với xã nông thôn",
    )
    return_rate: Number = param(
        0.15,
        0.0,
        1.0,
        "per year",
        "Annual probability that someone working away comes home",
        "Xác suất người đi làm xa trở về mỗi năm",
    )
    permanent_share: Number = param(
        0.3,
        0.0,
        1.0,
        "share 0-1",
        "Leavers who settle elsewhere for good (leave the model)",
        "Tỷ lệ người đi làm xa định cư hẳn nơi khác",
    )
    member_transfer_share: Number = param(
        0.25,
        0.0,
        1.0,
        "share 0-1",
        "Members leaving home who transfer officially (others stay on the rolls, working away)",
        "Tỷ lệ đảng viên đi xa chuyển sinh hoạt chính thức",
    )
    member_leave_factor: Number = param(
        0.3,
        0.0,
        2.0,
        "multiplier",
        "Members' leaving rate relative to non-members of the same age",
        "Hệ số đi làm xa của đảng viên so với quần chúng",
    )
