"""The territory: hierarchy levels, upper nodes and unit templates.

The hierarchy is data: a province, its districts (before 2025) and the unit templates
below them are declared in the file, so merging provinces or removing the district
level is a file change.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from partysim.scenario.section import Section
from partysim.scenario.start import check_stage_counts
from partysim.scenario.strict_numbers import Number, WholeNumber

__all__ = ["Node", "Territory", "UnitTemplate"]


class Node(Section):
    """A node of the organisation hierarchy above the unit templates (e.g. a province,
    or a district before 2025). Purely data: add or remove levels freely."""

    name: str
    level: str
    parent: str | None = None


class UnitTemplate(Section):
    """``count`` identical units (communes, enterprises, schools or agencies).

    Each unit has its own grassroots party organisations (``grassroots`` of them, each
    with ``cells`` cells and its own annual quota) and its own people.
    """

    name: str
    parent: str | None = None
    level: str = "commune"
    kind: Literal["commune", "ward", "enterprise", "school", "agency"] = "commune"
    area: Literal["rural", "urban", "mountain"] = "rural"
    count: WholeNumber = Field(1, ge=1, le=100_000)
    people: WholeNumber = Field(0, ge=0, le=10_000_000)
    members: WholeNumber = Field(0, ge=0, le=1_000_000, description="Party members per unit (full and probationary).")
    members_total: WholeNumber | None = Field(
        None,
        ge=0,
        le=10_000_000,
        description="Members of all the units together (exact), shared among the units that have a party "
        "organisation; replaces members.",
    )
    grassroots: WholeNumber = Field(1, ge=0, le=1000)
    cells: WholeNumber = Field(1, ge=1, le=1000)
    quota: Number = Field(0.0, ge=0, le=100_000, description="Admissions per grassroots organisation per year.")
    cell_quota: Number | None = Field(
        None,
        ge=0,
        le=10_000,
        description="Admissions per cell per year; default: the organisation's quota shared equally among its cells.",
    )
    ownership: Literal["state", "non_state", "none"] = "none"
    party_org_share: Number = Field(
        1.0,
        ge=0,
        le=1,
        description="Share of the units with a party organisation; the number, round(count x share), is exact.",
    )
    party_orgs: WholeNumber | None = Field(
        None, ge=0, le=100_000, description="Units with a party organisation (exact); replaces party_org_share."
    )
    hardship_area: bool | None = Field(
        None,
        description="Mountain, border, island, ethnic-minority or hardship area, where completed primary school "
        "qualifies (default: true for area mountain).",
    )
    pipeline: dict[str, Number] = Field(
        default_factory=dict,
        description="People at each stage on the first day, per unit (registers): source, class, certified, "
        "vetting, vote, probation (probation: probationary members among the members).",
    )
    owner_cooperation: Number = Field(1.0, ge=0, le=1)
    share_minority: Number | None = Field(None, ge=0, le=1)
    share_religious: Number | None = Field(None, ge=0, le=1)
    lower_secondary_share: Number | None = Field(None, ge=0, le=1)
    student_share: Number | None = Field(None, ge=0, le=1)

    @field_validator("pipeline")
    @classmethod
    def _pipeline(cls, v: dict[str, float]) -> dict[str, float]:
        return check_stage_counts(v, "a number of people")

    @model_validator(mode="after")
    def _kind_defaults(self) -> UnitTemplate:
        if self.kind == "enterprise" and self.ownership == "none":
            raise ValueError("an enterprise needs ownership: state or non_state")
        if self.party_orgs is not None and self.party_orgs > self.count:
            raise ValueError(f"party_orgs {self.party_orgs} is more than count {self.count}")
        return self

    @property
    def with_party(self) -> int:
        """How many of the ``count`` units have a party organisation (exact)."""
        if self.grassroots == 0:
            return 0
        if self.party_orgs is not None:
            return int(self.party_orgs)
        return int(round(self.count * self.party_org_share))

    @property
    def is_hardship(self) -> bool:
        """Whether the primary-school exception applies (see ``hardship_area``)."""
        return self.area == "mountain" if self.hardship_area is None else bool(self.hardship_area)


class Territory(Section):
    """The territory: hierarchy levels, upper nodes and unit templates."""

    name: str
    levels: list[str] = Field(min_length=1)
    nodes: list[Node] = Field(default_factory=list)
    units: list[UnitTemplate] = Field(min_length=1)

    @model_validator(mode="after")
    def _tree(self) -> Territory:
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
            seen: set[str] = set()
            cur: str | None = start
            while cur is not None:
                if cur in seen:
                    raise ValueError(f"the hierarchy has a cycle through {cur!r}")
                seen.add(cur)
                cur = parents.get(cur)
        return self
