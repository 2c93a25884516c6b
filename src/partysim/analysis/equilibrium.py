"""The pipeline in equilibrium (manpower planning): what it takes to sustain admissions.

From the flow model's rates in force in a given month (default: the last simulated
month) and its stocks then, the steady state of the pipeline, stage by stage:

- **yields**: the share of those entering a stage who reach admission (losses to death,
  migration and job changes while they wait, drop-out, failed classes, refused dossiers,
  votes that fail or cannot be held for want of a quorum, papers gone stale);
- **required(rate)**: for admissions of ``rate`` times the members, the identifications a
  year, class seats a year and dossiers a year needed, and the membership path they imply;
- **ceilings**: the admissions a year each capacity allows: the source (identification at
  the current rates from the current pool), the class seats; and what relieving each stage
  would add (quorum and vetting as losses relieved);
- **binding_stage()**: the stage whose relief adds most; **attainable(target)**.

Example::

    res = run_flow(partysim.load_scenario("scenarios/ninh_binh_2023.yaml"))
    eq = equilibrium(res)
    eq.required(0.03)  # identifications, seats, dossiers a year
    eq.binding_stage(), eq.attainable(0.03)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from partysim.analysis.flow_results import FlowResult

STAGES = ("source", "seats", "vetting", "quorum")
"""Stages that can bind (see :meth:`Equilibrium.binding_stage`)."""


@dataclass(frozen=True)
class Equilibrium:
    """The steady state of the pipeline (see the module docstring).

    Attributes:
        members: Members (probationary and full) at the month of the rates (people).
        identified: Identifications a year at the current rates from the current pool.
        seats: Class seats a year (classes x seats per class x activity).
        source_yield: Share of those identified who reach a class seat when seats are
            plentiful (the rest drop off or leave while they wait).
        class_yield: Share of those seated who start a dossier (class passed, certified,
            introducers found, family not blocking, not lost while waiting).
        dossier_yield: Share of dossiers that end in admission (vetting survived, a vote
            held and carried, approval).
        vetting_yield: Share of dossiers that reach the vote (losses while vetted; stale
            papers redone).
        vote_yield: Share of those reaching the vote who are admitted (quorum, votes cast).
        quorum_share: Share of candidates whose cell cannot hold the vote.
        member_loss: Members leaving the rolls a year, per member (net of transfers in;
            probationary members not recognised included).
        recognition: Share of those admitted recognised as full members.
    """

    members: float
    identified: float
    seats: float
    source_yield: float
    class_yield: float
    dossier_yield: float
    vetting_yield: float
    vote_yield: float
    quorum_share: float
    member_loss: float
    recognition: float

    def ceilings(self) -> dict[str, float]:
        """Admissions a year that each capacity allows, and the steady admissions (the
        smaller of source and seats)."""
        after_class = self.class_yield * self.dossier_yield
        source = self.identified * self.source_yield * after_class
        seats = self.seats * after_class
        return {"source": source, "seats": seats, "admissions": min(source, seats)}

    def relief(self) -> pd.DataFrame:
        """Admissions a year if each stage were relieved: the source or the seats
        unlimited (the other binds), vetting without losses, every cell with a quorum."""
        c = self.ceilings()
        now = c["admissions"]
        gain = {
            "source": c["seats"],
            "seats": c["source"],
            "vetting": now / max(self.vetting_yield, 1e-12),
            "quorum": now / max(1 - self.quorum_share, 1e-12),
        }
        rows = [
            {"stage": s, "admissions_now": now, "admissions_relieved": gain[s], "gain": gain[s] - now} for s in STAGES
        ]
        return pd.DataFrame(rows)

    def binding_stage(self) -> str:
        """The stage whose relief adds most admissions (one of :data:`STAGES`)."""
        r = self.relief()
        return str(r.loc[r["gain"].idxmax(), "stage"])

    def required(self, rate: float = 0.03) -> dict[str, float]:
        """What sustains admissions of ``rate`` times the members a year.

        Returns:
            ``admissions``, ``dossiers``, ``seats`` (class entries) and ``identified``
            a year (people a year), and ``growth``: the membership's growth a year (a
            share) that such admissions imply (``rate`` less :attr:`member_loss`).
        """
        adm = rate * self.members
        dossiers = adm / max(self.dossier_yield, 1e-12)
        seats = dossiers / max(self.class_yield, 1e-12)
        identified = seats / max(self.source_yield, 1e-12)
        return {
            "admissions": adm,
            "dossiers": dossiers,
            "seats": seats,
            "identified": identified,
            "growth": rate - self.member_loss,
        }

    def attainable(self, rate: float = 0.03) -> bool:
        """Whether steady admissions reach ``rate`` times the members under these rates."""
        return self.ceilings()["admissions"] >= rate * self.members * (1 - 1e-9)

    def path(self, rate: float = 0.03, years: int = 10) -> pd.DataFrame:
        """Membership path (people) if admissions held ``rate`` times the members."""
        g = self.required(rate)["growth"]
        y = np.arange(years + 1)
        return pd.DataFrame({"year": y, "members": self.members * (1 + g) ** y})

    def to_frame(self) -> pd.DataFrame:
        """Every figure as one row per quantity."""
        rows = {k: getattr(self, k) for k in self.__dataclass_fields__}
        rows.update({f"ceiling_{k}": v for k, v in self.ceilings().items()})
        return pd.DataFrame({"value": rows})

    def summary(self, rate: float = 0.03) -> str:
        """The steady state as text (English; the CLI words it in both languages)."""
        req, c = self.required(rate), self.ceilings()
        lines = [
            f"Members: {self.members:,.0f}; target: {rate:.1%} a year = {req['admissions']:,.0f} admissions",
            f"Needed a year: {req['identified']:,.0f} identified, {req['seats']:,.0f} seats, {req['dossiers']:,.0f} dossiers",
            f"Now a year: {self.identified:,.0f} identified, {self.seats:,.0f} seats",
            f"Steady admissions: {c['admissions']:,.0f} (source allows {c['source']:,.0f}, seats {c['seats']:,.0f})",
            f"Binding stage: {self.binding_stage()}; attainable: {'yes' if self.attainable(rate) else 'no'}",
        ]
        return "\n".join(lines)


def stage_yields(res: FlowResult) -> dict[str, float]:
    """Stage yields from the flow model's rates and stocks in its last month (see
    :class:`Equilibrium`), identification-weighted over segments."""
    m, state = res.model, res.state
    t = res.scenario.months - 1
    rt, pl = m.rates(t), res.scenario.pipeline
    w = state.found_by_segment / max(state.found_by_segment.sum(), 1e-12)
    lose = rt["lose"]
    lv = m.levers[t]
    per_year = lv["classes_per_year"] * lv["activity"]
    wait = max(12.0 / max(per_year, 1e-12) / 2.0, 0.5)  # months until the next class, on average
    drop = 1 - (1 - (pl.source_dropout if m.on["source_dropout"] else 0.0)) ** (1 / 12)
    source = np.exp(-(drop + lose) * wait)
    p = rt["dossier"]
    keep = 1 - lose
    certified = p * keep / (1 - keep * (1 - p))
    cls = pl.class_pass * keep ** int(pl.class_months) * certified * (1 - rt["refused"])
    d = np.arange(len(rt["fresh"]))
    fresh = (rt["fresh"][None, :] * keep[:, None] ** (d + 1)[None, :]).sum(axis=1)
    stale = (rt["stale"][None, :] * keep[:, None] ** (d + 2)[None, :]).sum(axis=1)
    vetting = fresh / np.maximum(1 - stale, 1e-12)
    chance, blocked = m.quorum()
    wait_appr = np.arange(1, int(pl.approval_months_max) + 1)
    approval = (keep[:, None] ** wait_appr[None, :]).mean(axis=1)
    vote = (1 - blocked) * chance * approval
    avg = lambda x: float((w * x).sum())  # noqa: E731
    return {
        "source_yield": avg(source),
        "class_yield": avg(cls),
        "vetting_yield": avg(vetting),
        "vote_yield": avg(vote),
        "dossier_yield": avg(vetting * vote),
        "quorum_share": avg(blocked),
    }


def equilibrium(res: FlowResult) -> Equilibrium:
    """The steady state of the pipeline at the end of the flow model's run ``res``."""
    sc, m = res.scenario, res.model
    lv = m.levers[sc.months - 1]
    last = res.annual.iloc[-1]
    months = float(last["months"])
    net_out = last["members_start"] + last["admissions"] - last["members_end"]
    return Equilibrium(
        members=float(last["members_end"]),
        identified=float(res.state.found_by_segment.sum() * 12),
        seats=float(lv["classes_per_year"] * lv["activity"] * lv["seats_per_class"]),
        member_loss=float(net_out / max(last["members_start"], 1e-12) * 12 / months),
        recognition=float(sc.pipeline.recognition),
        **stage_yields(res),
    )
