"""One month of the flow model, in the engine's order (see
:data:`partysim.model.engine.STEP_PLAN`): demography and migration, jobs, identification,
source list, classes, certificates, dossiers, vetting, vote, approval, probation,
members' outflow and transfers in.

The month's arithmetic is compiled (:mod:`partysim.analysis.flow_month`); here are the
month's whole events (the engine's accumulators: classes, party organisations founded,
members transferred in) and the record it returns.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from partysim.analysis.flow_month import FLOW_ORDER, RECORD, month
from partysim.analysis.flow_state import FlowState

if TYPE_CHECKING:
    from partysim.analysis.flow_model import FlowModel


COLUMNS = ("month", "year", *FLOW_ORDER, *RECORD[len(FLOW_ORDER) - 2 :])
"""A month's record: month (from 0), calendar year, :data:`FLOW_ORDER`, the stocks of
:data:`~partysim.analysis.flow_state.STOCKS`, members and eligible (see :func:`step`)."""

_AT = {name: k for k, name in enumerate(RECORD)}
_FROM_RECORD = np.array([_AT[c] for c in COLUMNS if c in _AT])
_TO_ROW = np.array([k for k, c in enumerate(COLUMNS) if c in _AT])
_SEATS, _TRANSFERS = COLUMNS.index("seats"), COLUMNS.index("transfers_in")


def whole(state: FlowState, name: str, per_month: float) -> int:
    """Whole events due this month from a fractional rate (the engine's accumulator)."""
    acc = state.accumulators.get(name, 0.0) + per_month
    k = math.floor(acc + 1e-9)
    state.accumulators[name] = acc - k
    return k


def found_orgs(m: FlowModel, s: FlowState, t: int, k: int) -> int:
    """Found ``k`` party organisations in non-state enterprises (lowest founding draws);
    returns their members (whole, joining at the month's jobs step)."""
    u, sc = m.inp.unit_arrays, m.sc
    share = u["coop_share"] + (1 - u["coop_share"]) * sc.effects.owner_outreach * m.levers[t]["owner_outreach"]
    cand = np.flatnonzero(~s.has_party & (u["coop_draw"] < share) & (u["size"] >= sc.employment.new_party_org_size_min))
    chosen = cand[np.argsort(u["found_draw"][cand], kind="stable")[:k]]
    s.has_party[chosen] = True
    return whole(s, "new_org_members", len(chosen) * sc.employment.new_party_org_members)


def month_numbers(m: FlowModel, s: FlowState, t: int, members_before: float) -> tuple[np.ndarray, float]:
    """The month's numbers for :func:`~partysim.analysis.flow_month.month` (see
    :data:`~partysim.analysis.flow_month.MONTH`) and the class seats offered."""
    lv = m.levers[t]
    k = whole(s, "new_party_orgs", lv["new_party_orgs_per_year"] / 12.0)
    new_members = found_orgs(m, s, t, k) if k > 0 else 0
    ok, party = m.ok_party(s, t)
    keep = 1 - (m.source_dropout if m.on["source_dropout"] else 0.0)
    seats = int(whole(s, "classes", lv["classes_per_year"] * lv["activity"] / 12.0) * lv["seats_per_class"])
    transfers = whole(s, "transfers_in", m.sc.outflow.transfer_in_rate * members_before / 12.0)
    x = m.month_base(t).copy()
    x[6] = new_members
    x[7:9], x[9:11] = ok, party
    x[11], x[12], x[13] = keep, seats, transfers
    return x, float(seats)


def step_row(m: FlowModel, s: FlowState, t: int, members_before: float) -> np.ndarray:
    """Advance the state through month ``t`` (to the next month's start: queues a month on,
    everyone a month older) and return the month's record as numbers in the order of
    :data:`COLUMNS`."""
    rt = m.rates(t)
    x, seats = month_numbers(m, s, t, members_before)
    out = month(s.arrays(), rt["pack"], m.tables_pack, x, m.params)
    row = np.empty(len(COLUMNS))
    y0, m0 = m.start_ym
    row[:2] = t, y0 + (m0 - 1 + t) // 12
    row[_TO_ROW] = out[_FROM_RECORD]
    row[_SEATS], row[_TRANSFERS] = seats, x[13]
    return row


def step(m: FlowModel, s: FlowState, t: int, members_before: float) -> dict[str, float]:
    """:func:`step_row` as a dict: flows, stocks at the month's end, members and, in a
    year's first month, those who may be identified (``eligible``; else NaN)."""
    rec: dict[str, float] = dict(zip(COLUMNS, step_row(m, s, t, members_before).tolist()))
    rec["month"], rec["year"] = int(rec["month"]), int(rec["year"])
    return rec
