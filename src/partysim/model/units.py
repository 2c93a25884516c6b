"""Units (communes, wards, enterprises, schools, agencies), their grassroots party
organisations and cells, and the hierarchy above them, all built from scenario data.

The hierarchy is data: ``Territory.levels`` names the levels and ``Territory.nodes`` the
upper nodes, so merging provinces or removing the district level changes a file, not code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partysim.scenario.schema import Scenario

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

    Args:
        scenario: The validated scenario.
        rng: Generator for unit-level draws (party organisation present, cooperation).

    Returns:
        The :class:`Units` of the territory.
    """
    terr = scenario.territory
    node_names = [n.name for n in terr.nodes]
    node_level = [n.level for n in terr.nodes]
    parents = [node_names.index(n.parent) if n.parent else -1 for n in terr.nodes]
    rows: dict[str, list] = {k: [] for k in ("template", "kind", "area", "non_state", "size", "has_party", "grassroots", "cells", "quota", "cell_quota")}
    for ti, tpl in enumerate(terr.units):
        node_names.append(tpl.name)
        node_level.append(tpl.level)
        parents.append(node_names.index(tpl.parent) if tpl.parent else -1)
        party = rng.random(tpl.count) < tpl.party_org_share
        rows["template"] += [ti] * tpl.count
        rows["kind"] += [KINDS.index(tpl.kind)] * tpl.count
        rows["area"] += [AREAS.index(tpl.area)] * tpl.count
        rows["non_state"] += [tpl.ownership == "non_state"] * tpl.count
        rows["size"] += [tpl.people] * tpl.count
        rows["has_party"] += list(party & (tpl.grassroots > 0))
        rows["grassroots"] += [max(tpl.grassroots, 1)] * tpl.count
        rows["cells"] += [tpl.cells] * tpl.count
        rows["quota"] += [tpl.quota] * tpl.count
        rows["cell_quota"] += [tpl.quota / tpl.cells if tpl.cell_quota is None else tpl.cell_quota] * tpl.count
    n = len(rows["kind"])
    grassroots = np.asarray(rows["grassroots"], dtype=np.int32)
    cells_per_go = np.asarray(rows["cells"], dtype=np.int32)
    go_unit = np.repeat(np.arange(n, dtype=np.int32), grassroots)
    go_quota = np.repeat(np.asarray(rows["quota"], dtype=np.float64), grassroots)
    cells_of_go = np.repeat(cells_per_go, grassroots)
    cell_go = np.repeat(np.arange(len(go_unit), dtype=np.int32), cells_of_go)
    cell_unit = go_unit[cell_go]
    n_cells = grassroots * cells_per_go
    first_cell = np.concatenate([[0], np.cumsum(n_cells)[:-1]]).astype(np.int32)
    return Units(
        template=np.asarray(rows["template"], dtype=np.int32),
        kind=np.asarray(rows["kind"], dtype=np.int8),
        area=np.asarray(rows["area"], dtype=np.int8),
        non_state=np.asarray(rows["non_state"], dtype=bool),
        size=np.asarray(rows["size"], dtype=np.int32),
        has_party=np.asarray(rows["has_party"], dtype=bool),
        coop_draw=rng.random(n),
        found_draw=rng.random(n),
        first_cell=first_cell,
        n_cells=n_cells.astype(np.int32),
        go_unit=go_unit,
        go_quota=go_quota,
        cell_go=cell_go,
        cell_unit=cell_unit,
        cell_draw=rng.random(len(cell_go)),
        cell_quota=np.repeat(np.asarray(rows["cell_quota"], dtype=np.float64), n_cells),
        node_names=node_names,
        node_parent=np.asarray(parents, dtype=np.int32),
        node_level=node_level,
    )
