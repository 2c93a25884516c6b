"""Units (communes, wards, enterprises, schools, agencies), their grassroots party
organisations and cells, and the hierarchy above them, all built from scenario data.

The hierarchy is data: ``Territory.levels`` names the levels and ``Territory.nodes`` the
upper nodes, so merging provinces or removing the district level changes a file, not code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from partysim.scenario.schema import Scenario
from partysim.scenario.territory import UnitTemplate

KINDS = ("commune", "ward", "enterprise", "school", "agency")
COMMUNE, WARD, ENTERPRISE, SCHOOL, AGENCY = range(5)
AREAS = ("rural", "urban", "mountain")
RURAL, URBAN, MOUNTAIN = range(3)


@dataclass
class Units:
    """Arrays describing every unit, grassroots organisation (GO) and cell.

    Unit arrays have one entry per unit; ``go_*`` one per grassroots organisation;
    ``cell_*`` one per cell.
    """

    template: np.ndarray  # int32: index of the UnitTemplate
    kind: np.ndarray  # int8: COMMUNE..AGENCY
    area: np.ndarray  # int8: RURAL, URBAN, MOUNTAIN
    non_state: np.ndarray  # bool: non-state enterprise
    size: np.ndarray  # int32: people (or workers) at the start
    has_party: np.ndarray  # bool: a party organisation exists in the unit
    members: np.ndarray  # int64: party members at the start (0 without a party organisation)
    hardship: np.ndarray  # bool: primary school qualifies (mountain, border, island, hardship)
    coop_draw: np.ndarray  # float: fixed draw deciding owner cooperation
    found_draw: np.ndarray  # float: fixed draw ordering new party organisations
    first_cell: np.ndarray  # int32: first cell index of the unit
    n_cells: np.ndarray  # int32: number of cells in the unit
    go_unit: np.ndarray  # int32: unit of each GO
    go_quota: np.ndarray  # float: admissions per year expected of each GO
    cell_go: np.ndarray  # int32: GO of each cell
    cell_unit: np.ndarray  # int32: unit of each cell
    cell_draw: np.ndarray  # float: fixed draw deciding whether a cell is inactive
    cell_quota: np.ndarray  # float: admissions per year expected of each cell
    node_names: list[str]  # upper hierarchy nodes followed by unit templates
    node_parent: np.ndarray  # int32: parent node index (-1 at the top)
    node_level: list[str]
    tables: dict = field(default_factory=dict, repr=False)  # per-scenario lookup tables (see population)

    @property
    def n(self) -> int:
        return len(self.kind)

    @property
    def n_go(self) -> int:
        return len(self.go_unit)

    @property
    def n_cells_total(self) -> int:
        return len(self.cell_go)

    def is_workplace(self) -> np.ndarray:
        """Units whose people are workers (enterprises, schools, agencies)."""
        return self.kind >= ENTERPRISE

    def is_residential(self) -> np.ndarray:
        """Communes and wards."""
        return self.kind <= WARD


def build_units(scenario: Scenario, rng: np.random.Generator) -> Units:
    """Expand the scenario's unit templates into unit, GO and cell arrays.

    Stocks the file states are exact: ``round(count x party_org_share)`` (or
    ``party_orgs``) units have a party organisation, chosen at random among the
    template's units; ``members_total`` (or ``members`` per unit) members are shared
    among them, the remainder one by one.

    Args:
        scenario: The validated scenario.
        rng: Generator for unit-level draws (which units have a party organisation,
            cooperation, cell activity).

    Returns:
        The :class:`Units` of the territory.
    """
    terr = scenario.territory
    node_names, node_level, parents = _upper_nodes(scenario)
    rows: dict[str, list] = {k: [] for k in UNIT_COLUMNS}
    for ti, tpl in enumerate(terr.units):
        node_names.append(tpl.name)
        node_level.append(tpl.level)
        parents.append(node_names.index(tpl.parent) if tpl.parent else -1)
        _template_rows(rows, ti, tpl, rng)
    n = len(rows["kind"])
    grassroots = np.asarray(rows["grassroots"], dtype=np.int32)
    cells_per_go = np.asarray(rows["cells"], dtype=np.int32)
    go_unit = np.repeat(np.arange(n, dtype=np.int32), grassroots)
    cell_go = np.repeat(np.arange(len(go_unit), dtype=np.int32), np.repeat(cells_per_go, grassroots))
    n_cells = grassroots * cells_per_go
    return Units(
        template=np.asarray(rows["template"], dtype=np.int32),
        kind=np.asarray(rows["kind"], dtype=np.int8),
        area=np.asarray(rows["area"], dtype=np.int8),
        non_state=np.asarray(rows["non_state"], dtype=bool),
        size=np.asarray(rows["size"], dtype=np.int32),
        has_party=np.asarray(rows["has_party"], dtype=bool),
        members=np.asarray(rows["members"], dtype=np.int64),
        hardship=np.asarray(rows["hardship"], dtype=bool),
        coop_draw=rng.random(n),
        found_draw=rng.random(n),
        first_cell=np.concatenate([[0], np.cumsum(n_cells)[:-1]]).astype(np.int32),
        n_cells=n_cells.astype(np.int32),
        go_unit=go_unit,
        go_quota=np.repeat(np.asarray(rows["quota"], dtype=np.float64), grassroots),
        cell_go=cell_go,
        cell_unit=go_unit[cell_go],
        cell_draw=rng.random(len(cell_go)),
        cell_quota=np.repeat(np.asarray(rows["cell_quota"], dtype=np.float64), n_cells),
        node_names=node_names,
        node_parent=np.asarray(parents, dtype=np.int32),
        node_level=node_level,
    )


UNIT_COLUMNS = (
    "template",
    "kind",
    "area",
    "non_state",
    "size",
    "has_party",
    "members",
    "hardship",
    "grassroots",
    "cells",
    "quota",
    "cell_quota",
)


def _upper_nodes(scenario: Scenario) -> tuple[list[str], list[str], list[int]]:
    """Names, levels and parent indices of the hierarchy nodes above the unit templates."""
    terr = scenario.territory
    names = [n.name for n in terr.nodes]
    return names, [n.level for n in terr.nodes], [names.index(n.parent) if n.parent else -1 for n in terr.nodes]


def exact_shares(total: int, k: int) -> np.ndarray:
    """``total`` split into ``k`` whole numbers that differ by at most one (larger first)."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    base, extra = divmod(int(total), k)
    out = np.full(k, base, dtype=np.int64)
    out[:extra] += 1
    return out


def _template_rows(rows: dict[str, list], ti: int, tpl: UnitTemplate, rng: np.random.Generator) -> None:
    """Append the rows of the ``count`` units of template ``tpl``."""
    n = tpl.count
    party = np.zeros(n, dtype=bool)
    party[rng.permutation(n)[: tpl.with_party]] = True
    residential = tpl.kind in ("commune", "ward")
    holders = n if residential else int(party.sum())  # units whose members are counted
    total = tpl.members_total if tpl.members_total is not None else tpl.members * holders
    members = np.zeros(n, dtype=np.int64)
    members[np.ones(n, dtype=bool) if residential else party] = exact_shares(total, holders)
    rows["template"] += [ti] * n
    rows["kind"] += [KINDS.index(tpl.kind)] * n
    rows["area"] += [AREAS.index(tpl.area)] * n
    rows["non_state"] += [tpl.ownership == "non_state"] * n
    rows["size"] += [tpl.people] * n
    rows["has_party"] += list(party)
    rows["members"] += list(members)
    rows["hardship"] += [tpl.is_hardship] * n
    rows["grassroots"] += [max(tpl.grassroots, 1)] * n
    rows["cells"] += [tpl.cells] * n
    rows["quota"] += [tpl.quota] * n
    rows["cell_quota"] += [tpl.quota / tpl.cells if tpl.cell_quota is None else tpl.cell_quota] * n


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """``total`` whole people shared in proportion to ``weights`` (largest remainder)."""
    total = int(total)
    w = np.clip(np.asarray(weights, dtype=np.float64), 0, None)
    out = np.zeros(len(w), dtype=np.int64)
    if total <= 0 or w.sum() <= 0:
        return out
    exact = total * w / w.sum()
    out[:] = np.floor(exact)
    short = total - int(out.sum())
    if short > 0:
        out[np.argsort(-(exact - out), kind="stable")[:short]] += 1
    return out
