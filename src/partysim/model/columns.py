"""Every column of the result tables, declared once with its kind.

The engine counts the monthly *flows* listed here; the annual table sums the flows marked
``annual``; the preview scales a column by the sample weight exactly when its kind is a
count or a stock; a composition target reads the admissions column of its group. Adding a
flow means adding one row here (and the code that counts it).

Kinds:

* ``key``: identifies a row (replication, year, month, node, stage); never scaled.
* ``count``: events in a period (people); scaled in a preview.
* ``stock``: people at a moment (members, people in a stage); scaled in a preview.
* ``rate``: a count divided by a stock (e.g. admissions / members on 1 January).
* ``share``: a fraction of units (e.g. grassroots organisations meeting their quota).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from partysim.scenario.groups import GROUPS

Kind = Literal["key", "count", "stock", "rate", "share"]
SCALED_KINDS: frozenset[str] = frozenset({"count", "stock"})


@dataclass(frozen=True)
class Column:
    """One column of the result tables.

    Attributes:
        name: Column name.
        kind: One of ``key``, ``count``, ``stock``, ``rate``, ``share``.
        flow: Counted by the engine each month (a monthly flow counter).
        annual: A flow summed into the annual table.
        group: For admissions by group: the composition group it counts.
    """

    name: str
    kind: Kind
    flow: bool = False
    annual: bool = False
    group: str | None = None


def _flow(name: str, annual: bool = True, group: str | None = None) -> Column:
    return Column(name, "count", flow=True, annual=annual, group=group)


COLUMNS: tuple[Column, ...] = (
    # keys
    Column("replication", "key"),
    Column("year", "key"),
    Column("month", "key"),
    Column("moy", "key"),
    Column("months", "key"),
    Column("stage", "key"),
    Column("node", "key"),
    Column("level", "key"),
    # monthly stocks
    Column("population", "stock"),
    Column("away", "stock"),
    Column("members", "stock"),
    Column("members_away", "stock"),
    Column("eligible", "stock"),
    Column("source", "stock"),
    Column("class", "stock"),
    Column("certified", "stock"),
    Column("vetting", "stock"),
    Column("vote", "stock"),
    Column("approval", "stock"),
    Column("probation", "stock"),
    Column("full", "stock"),
    # monthly flows, in the engine's order. Member deaths only in ``deaths``; ``removals``
    # includes expulsions and screening (``expulsions`` is the part that were expelled).
    _flow("admissions"),
    _flow("recognitions"),
    _flow("probation_removals"),
    _flow("deaths"),
    _flow("removals"),
    _flow("expulsions"),
    _flow("exits"),
    _flow("transfers_in"),
    _flow("transfers_out"),
    _flow("identified"),
    _flow("class_entries"),
    _flow("certificates"),
    _flow("dossiers"),
    _flow("votes"),
    _flow("papers_redone"),
    _flow("emigrants"),
    _flow("returns"),
    _flow("entrants"),
    _flow("aged_out", annual=False),
    _flow("hires"),
    _flow("job_leavers"),
    _flow("new_party_orgs"),
    _flow("remedial_passed"),
    *(_flow(f"adm_{g}", group=g) for g in GROUPS),
    # annual table
    Column("members_start", "stock"),
    Column("members_end", "stock"),
    *(Column(f"members_{g}", "stock") for g in GROUPS),
    *(Column(f"eligible_{g}", "stock") for g in GROUPS),
    Column("net_growth", "count"),
    Column("admission_rate", "rate"),
    Column("go_quota_met_share", "share"),
    Column("cell_quota_met_share", "share"),
    # funnel table
    Column("entered", "count"),
    *(Column(f"entered_{g}", "count") for g in GROUPS),
    Column("lost_migration", "count"),
    Column("lost_job", "count"),
    Column("lost_expired", "count"),
    Column("lost_refused", "count"),
    Column("lost_death", "count"),
    Column("lost_other", "count"),
    # by-node table
    Column("quota", "count"),
    Column("grassroots_judged", "count"),
    Column("grassroots_met", "count"),
)
"""Every column of the monthly, annual, funnel and by-node tables."""

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}

FLOWS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.flow)
"""Monthly flow counters, in the engine's order."""

ANNUAL_FLOWS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.flow and c.annual)
"""Flows summed per calendar year into the annual table."""

GROUP_COLUMN: dict[str, str] = {c.group: c.name for c in COLUMNS if c.group is not None}
"""Composition group -> the flow counting admissions of that group (``adm_<group>``)."""

COMPOSITION_GROUPS: tuple[str, ...] = tuple(GROUP_COLUMN)
"""Groups a composition target can name (:data:`partysim.scenario.groups.GROUPS`)."""


def is_scaled(name: str) -> bool:
    """Whether a preview multiplies column ``name`` by the sample weight.

    Raises:
        KeyError: ``name`` is not declared in :data:`COLUMNS`.
    """
    return BY_NAME[name].kind in SCALED_KINDS
