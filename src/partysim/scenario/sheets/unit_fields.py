"""The fields of one row of the unit table: choices (kind, area, ownership), numbers,
members, pipeline counts and past admissions, each checked and located on error."""

from __future__ import annotations

from typing import Any

from partysim.scenario.sheets.errors import Said, TableError, say
from partysim.scenario.sheets.header import Column, TableShape
from partysim.scenario.sheets.tables import Table
from partysim.scenario.sheets.words import AREAS, FLAGS, KINDS, OWNERSHIPS, Vocabulary, word_for
from partysim.scenario.territory import UnitTemplate

STAGE_KEYS: tuple[str, ...] = ("source", "class", "certified", "vetting", "vote")
"""Columns of people at each stage of the pipeline today (per unit)."""

SHARE_KEYS: tuple[str, ...] = (
    "party_org_share",
    "owner_cooperation",
    "share_minority",
    "share_religious",
    "lower_secondary_share",
    "student_share",
)
"""Columns that are shares (0-1; a percentage in a table)."""

UNIT_KEYS: tuple[str, ...] = (
    "name",
    "parent",
    "parent_level",
    "level",
    "kind",
    "area",
    "hardship_area",
    "ownership",
    "count",
    "people",
    "full_members",
    "probationary",
    "members",
    "members_total",
    "grassroots",
    "cells",
    "quota",
    "cell_quota",
    "party_orgs",
    *SHARE_KEYS,
    *STAGE_KEYS,
)
"""Every column of the unit table, in template order (admissions per period follow)."""

UNIT_SHAPE = TableShape(
    needs=(frozenset({"name", "people"}), frozenset({"name", "full_members"}), frozenset({"name", "members"})),
    allowed=frozenset(UNIT_KEYS),
    periods=True,
    what=say("a table of units", "bảng đơn vị"),
    describe=say(
        "'Tên đơn vị' ('Name') and 'Số người' ('People') or 'Đảng viên chính thức' ('Full members')",
        "'Tên đơn vị' ('Name') và 'Số người' ('People') hoặc 'Đảng viên chính thức' ('Full members')",
    ),
    extra_keys=frozenset(UnitTemplate.model_fields) - {"pipeline"} - set(UNIT_KEYS),
)

WHOLE_KEYS = ("people", "members_total", "grassroots", "cells", "party_orgs")
NUMBER_KEYS = ("quota", "cell_quota")
CHOICES: dict[str, tuple[Vocabulary, Said]] = {
    "kind": (
        KINDS,
        say(
            "xã, phường, doanh nghiệp, trường học or cơ quan (commune, ward, enterprise, school, agency)",
            "xã, phường, doanh nghiệp, trường học hoặc cơ quan",
        ),
    ),
    "area": (AREAS, say("nông thôn, đô thị or miền núi (rural, urban, mountain)", "nông thôn, đô thị hoặc miền núi")),
    "ownership": (
        OWNERSHIPS,
        say(
            "nhà nước or ngoài nhà nước (state, non_state), for enterprises",
            "nhà nước hoặc ngoài nhà nước, với doanh nghiệp",
        ),
    ),
    "hardship_area": (FLAGS, say("có or không (yes or no), or blank", "có hoặc không, hoặc để trống")),
}


def read_choices(table: Table, row: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, (vocabulary, expected) in CHOICES.items():
        col = table.column(key)
        text = table.text(row, col, key)
        if text is None:
            continue
        value = word_for(text, vocabulary)
        if value is None:
            raise table.error(row, col, expected, field=key, got=text)
        out[key] = value == "yes" if key == "hardship_area" else value
    return out


def read_numbers(table: Table, row: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    count = table.number(row, table.column("count"), "count", whole=True, low=1)
    if count is not None:
        out["count"] = int(count)
    people = table.column("people")
    if people is not None and table.cell(row, people) is None:
        raise table.error(
            row, people, say("the number of people (write 0 if none)", "số người (ghi 0 nếu không có)"), field="people"
        )
    for key in WHOLE_KEYS:
        value = table.number(row, table.column(key), key, whole=True, low=0)
        if value is not None:
            out[key] = int(value)
    for key in NUMBER_KEYS:
        value = table.number(row, table.column(key), key, low=0)
        if value is not None:
            out[key] = value
    for key in SHARE_KEYS:
        value = table.number(row, table.column(key), key)
        if value is not None and not 0 <= value <= 1:
            raise table.error(
                row,
                table.column(key),
                say("a share from 0 to 1 (write 0,4 or 40%)", "một tỷ lệ từ 0 đến 1 (ghi 0,4 hoặc 40%)"),
                field=key,
                got=table.cell(row, table.column(key)),
            )
        if value is not None:
            out[key] = value
    for key in sorted(UNIT_SHAPE.extra_keys - set(WHOLE_KEYS)):
        value = read_extra(table, row, key)
        if value is not None:
            out[key] = value
    return out


def read_extra(table: Table, row: int, key: str) -> Any:
    col = table.column(key)
    try:
        return table.number(row, col, key)
    except TableError:
        return table.text(row, col, key)


def read_members(table: Table, row: int) -> dict[str, Any]:
    cols = {k: table.column(k) for k in ("full_members", "probationary", "members")}
    full, probation, total = (table.number(row, c, k, whole=True, low=0) for k, c in cols.items())
    out: dict[str, Any] = {}
    if probation is not None:
        out["probation"] = int(probation)
    if full is not None:
        out["members"] = int(full + (probation or 0))
        if total is not None and total != out["members"]:
            n = out["members"]
            raise table.error(
                row,
                cols["members"],
                say(f"full plus probationary members ({n})", f"số đảng viên chính thức cộng dự bị ({n})"),
                field="members",
                got=table.cell(row, cols["members"]),
            )
    elif total is not None:
        if probation is not None and probation > total:
            n = int(total)
            raise table.error(
                row,
                cols["probationary"],
                say(f"at most the members ({n})", f"không quá tổng số đảng viên ({n})"),
                field="probationary",
                got=table.cell(row, cols["probationary"]),
            )
        out["members"] = int(total)
    elif table.number(row, table.column("members_total"), "members_total") is None:
        col = cols["full_members"] or cols["members"]
        raise table.error(
            row,
            col,
            say("the number of party members (write 0 if none)", "số đảng viên (ghi 0 nếu không có)"),
            field="full_members" if cols["full_members"] else "members",
        )
    return out


def read_pipeline(table: Table, row: int, probation: int | None) -> dict[str, int]:
    """People at each stage today, per unit; a blank cell is not given (estimated)."""
    out: dict[str, int] = {}
    for key in STAGE_KEYS:
        value = table.number(row, table.column(key), key, whole=True, low=0)
        if value is not None:
            out[key] = int(value)
    if probation is not None:
        out["probation"] = probation
    return out


def read_admission(table: Table, row: int, column: Column) -> float:
    value = table.number(row, column, "admissions", whole=True, low=0)
    if value is None:
        period = column.period.label() if column.period else column.header
        raise table.error(
            row,
            column,
            say(
                f"the admissions of {period} for every unit (write 0 if none)",
                f"số kết nạp {period} của mọi đơn vị (ghi 0 nếu không có)",
            ),
            field="admissions",
        )
    return value
