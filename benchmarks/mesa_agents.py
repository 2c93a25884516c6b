"""A plain Mesa version of the monthly rules, one ``mesa.Agent`` per person (benchmark only).

This is the design the engine replaces: every person is a Python object and every rule
is a method called on every agent every month (``model.agents.do(...)``). It is a
faithful, simplified copy of the engine's monthly rules, in the engine's order:

deaths -> age limit -> leaving home -> coming back -> identification -> drop-out from
the source list -> awareness classes (seats to those waiting longest) -> certificates ->
dossier (introducers, family) and background vetting (lognormal time) -> vote (quorum
of full members at home, papers older than 12 months redone) -> approval (admission) ->
probation -> member outflow (removal, exit, expulsion, screening, transfer as competing
risks).

Left out (the engine does more work than this model, so the speed ratio is conservative):
enterprise turnover and hiring, youths coming of age, transfers in, remedial schooling,
new party organisations. Every person's risks are checked every month (the engine's
``review_months: 1``). Units (communes, enterprises, cells) stay arrays: there are only
thousands of them. The starting population is the engine's own, so both models start
from the same people.

Draws come from the model's ``random.Random`` (Mesa's ``model.random``); results agree
with the engine in distribution, not draw by draw.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from partysim.model import people as P
from partysim.model.engine import Engine, age_band_table
from partysim.model.lever_plan import LeverPlan
from partysim.model.units import MOUNTAIN
from partysim.scenario.ages import LEAVE_BANDS_YEARS, MAX_AGE_MONTHS, MORTALITY_BANDS_YEARS
from partysim.scenario.schema import Scenario

NONE, SOURCE, CLASS, CERTIFIED, VETTING, VOTE, APPROVAL, PROBATION, FULL = range(9)


def monthly(p_year: float) -> float:
    """Monthly probability from an annual probability: ``1 - (1 - p) ** (1/12)``."""
    p = min(max(float(p_year), 0.0), 1.0)
    return 1.0 - (1.0 - p) ** (1.0 / 12.0)


class Person(mesa.Agent):
    """One inhabitant or member, with the engine's per-person attributes."""

    def __init__(self, model: MesaPipeline, **attrs: float) -> None:
        super().__init__(model)
        self.__dict__.update(attrs)
        self.alive = True
        self.seat_draw = model.random.random()  # fixed draw ordering class seats (ties)

    # -- helpers -----------------------------------------------------------------
    def age(self) -> int:
        """Age in months this month."""
        return self.model.t - self.birth

    def drop(self, reason: str) -> None:
        """Leave the pipeline (candidates only)."""
        if SOURCE <= self.stage <= APPROVAL:
            self.model.losses[reason] = self.model.losses.get(reason, 0) + 1
            self.stage = NONE
            self.barred_until = max(self.barred_until, self.model.t + 1)

    def leave_model(self) -> None:
        """Death, emigration or ageing out: removed at the end of the month."""
        self.alive = False
        self.stage = NONE
        self.model.gone.append(self)

    # -- rules, in the engine's order ----------------------------------------------
    def deaths(self) -> None:
        m = self.model
        if self.alive and m.random.random() < m.death_p[min(self.age(), MAX_AGE_MONTHS)]:
            if self.stage >= PROBATION:
                m.flows["deaths"] += 1
            self.drop("death")
            self.leave_model()

    def age_limit(self) -> None:
        m = self.model
        if not self.alive:
            return
        age = self.age()
        if self.stage < PROBATION and age >= m.max_age + 12:
            self.drop("other")
            self.leave_model()
        elif SOURCE <= self.stage <= VOTE and age >= m.max_age:
            self.drop("other")

    def leave(self) -> None:
        m = self.model
        if not self.alive or self.away or not m.residential[self.unit]:
            return
        band = m.leave_band[min(self.age(), MAX_AGE_MONTHS)]
        member = self.stage >= PROBATION
        if m.random.random() >= m.leave_p[band][m.area[self.unit]][member]:
            return
        self.drop("migration")
        u = m.random.random()
        if member:
            if u < m.sc.migration.member_transfer_share:
                m.flows["transfers_out"] += 1
                self.leave_model()
            else:
                self.away = True
        elif u < m.sc.migration.permanent_share:
            self.leave_model()
        else:
            self.away = True

    def come_back(self) -> None:
        m = self.model
        if self.alive and self.away and m.random.random() < m.return_p:
            self.away = False

    def identify(self) -> None:
        m = self.model
        if not self.alive or self.stage != NONE or self.away or self.never or self.barred_until > m.t:
            return
        age = self.age()
        if not (m.min_age <= age < m.max_age):
            return
        if not (self.school >= P.LOWER_SECONDARY or (self.school >= P.PRIMARY and m.area[self.unit] == MOUNTAIN)):
            return
        if not m.party_ok[self.unit]:
            return
        p = m.ident_p[self.occ][self.youth_union][age < 31 * 12][m.cell_active[self.cell]]
        if m.random.random() < p:
            self.stage, self.since = SOURCE, m.t
            m.flows["identified"] += 1

    def source_dropout(self) -> None:
        m = self.model
        if self.alive and self.stage == SOURCE and m.random.random() < m.dropout_p:
            self.drop("other")

    def certificate(self) -> None:
        m = self.model
        if not (self.alive and self.stage == CLASS and self.due <= m.t):
            return
        if m.random.random() < m.sc.pipeline.class_pass:
            self.stage, self.cert, self.since, self.due = CERTIFIED, m.t, m.t, m.t + 1
            m.flows["certificates"] += 1
        else:
            self.drop("other")

    def _certificate_lapsed(self) -> bool:
        m = self.model
        if m.t - self.cert > m.sc.pipeline.certificate_valid_months:
            m.losses["expired"] = m.losses.get("expired", 0) + 1
            self.stage, self.since = SOURCE, m.t
            return True
        return False

    def _vetting_months(self) -> int:
        m, pl = self.model, self.model.sc.pipeline
        median = m.vetting_median
        if self.relatives_elsewhere:
            median *= pl.relatives_elsewhere_factor
        if self.family_resists:
            median *= pl.family_resists_factor
        return max(1, round(median * math.exp(pl.vetting_sigma * m.random.gauss(0.0, 1.0))))

    def dossier(self) -> None:
        m, pl = self.model, self.model.sc.pipeline
        if not (self.alive and self.stage == CERTIFIED and self.due <= m.t) or self._certificate_lapsed():
            return
        if m.random.random() >= m.dossier_p:
            return
        no_intro = m.random.random() < pl.introducer_failure
        blocked = self.family_resists and m.random.random() < pl.family_block
        if no_intro or blocked:
            self.drop("refused")
            return
        self.stage, self.since, self.papers = VETTING, m.t, m.t
        self.due = m.t + self._vetting_months()
        m.flows["dossiers"] += 1

    def vetting_done(self) -> None:
        m = self.model
        if self.alive and self.stage == VETTING and self.due <= m.t:
            self.stage, self.since, self.due = VOTE, m.t, m.t + 1

    def vote(self) -> None:
        m, pl = self.model, self.model.sc.pipeline
        if not (self.alive and self.stage == VOTE and self.due <= m.t) or self._certificate_lapsed():
            return
        if m.t - self.papers > pl.papers_valid_months:  # papers too old: redo the vetting
            self.stage, self.papers = VETTING, m.t
            self.due = m.t + self._vetting_months()
            return
        if not m.quorum.get(self.cell, False):
            self.due = m.t + 1
            return
        m.flows["votes"] += 1
        if m.random.random() < pl.vote_pass:
            self.stage, self.since = APPROVAL, m.t
            self.due = m.t + 1 + int(m.random.random() * int(pl.approval_months_max))
        else:
            self.drop("refused")

    def approval(self) -> None:
        m = self.model
        if self.alive and self.stage == APPROVAL and self.due <= m.t:
            self.stage, self.since, self.due = PROBATION, m.t, m.t + int(m.sc.pipeline.probation_months)
            m.flows["admissions"] += 1

    def probation_end(self) -> None:
        m, pl = self.model, self.model.sc.pipeline
        if not (self.alive and self.stage == PROBATION and self.due <= m.t):
            return
        if m.random.random() < pl.recognition:
            self.stage, self.since = FULL, m.t
            m.flows["recognitions"] += 1
        else:
            self.stage = NONE
            self.barred_until = m.t + int(pl.readmission_wait_months)
            m.flows["probation_removals"] += 1

    def member_outflow(self) -> None:
        m = self.model
        if not (self.alive and self.stage >= PROBATION):
            return
        cum = m.outflow_cum[self.away][self.unqualified]
        u = m.random.random()
        event = next((k for k, c in enumerate(cum) if u < c), None)
        if event is None:
            return
        if event == 4:
            m.flows["transfers_out"] += 1
            self.leave_model()
        else:
            self.stage, self.never = NONE, True
            m.flows["exits" if event == 1 else "removals"] += 1


class MesaPipeline(mesa.Model):
    """The pipeline with one Mesa agent per person; ``step()`` is one month.

    Args:
        scenario: The scenario (its rates, levers and units).
        seed: Seed of ``model.random``.
        engine: An engine at month 0 whose people and units are copied (default: built
            from ``scenario`` with its seed).
    """

    RULES_BEFORE_CLASSES = ("deaths", "age_limit", "leave", "come_back", "identify", "source_dropout")
    RULES_AFTER_CLASSES = ("certificate", "dossier", "vetting_done")
    RULES_AFTER_QUORUM = ("vote", "approval", "probation_end", "member_outflow")

    def __init__(self, scenario: Scenario, seed: int = 1, engine: Engine | None = None) -> None:
        super().__init__(rng=seed)  # Mesa >= 3.1: rng= (seed= is deprecated)
        eng = engine if engine is not None else Engine(scenario)
        self.sc = scenario
        self.t = 0
        self.levers = LeverPlan(scenario)
        u = eng.units
        self.units = u
        self.residential = u.is_residential().tolist()
        self.area = u.area.tolist()
        self.template_coop = np.array([tp.owner_cooperation for tp in scenario.territory.units])[u.template]
        dem = scenario.demography
        self.min_age, self.max_age = int(dem.eligibility_min_age * 12), int(dem.eligibility_max_age * 12)
        mort = np.asarray(dem.mortality, float)[age_band_table(MORTALITY_BANDS_YEARS)]
        self.death_p = [monthly(p) for p in mort]
        self.leave_band = age_band_table(LEAVE_BANDS_YEARS).tolist()
        self._class_acc = 0.0
        self.flows: dict[str, int] = {}
        self.losses: dict[str, int] = {}
        self.gone: list[Person] = []
        self.records: list[dict] = []
        p = eng.people
        fields = (
            "birth",
            "unit",
            "cell",
            "stage",
            "since",
            "due",
            "cert",
            "papers",
            "away",
            "occ",
            "youth_union",
            "school",
            "relatives_elsewhere",
            "family_resists",
            "unqualified",
            "never",
            "barred_until",
        )
        cols = {f: getattr(p, f)[: p.n].tolist() for f in fields}
        alive = p.alive[: p.n].tolist()
        for i in range(p.n):
            if alive[i]:
                Person(self, **{f: cols[f][i] for f in fields})

    def lever(self, name: str) -> float:
        """Value of lever ``name`` this month."""
        return self.levers.at(name, self.t)

    def _month_tables(self) -> None:
        """This month's probabilities (levers change them), once per month."""
        pl, eff, mig, out = self.sc.pipeline, self.sc.effects, self.sc.migration, self.sc.outflow
        leave = np.append(np.asarray(mig.leave_rate, float), 0.0) * (1 - eff.local_jobs * self.lever("local_jobs"))
        area = (1.0, mig.urban_factor, mig.mountain_factor)
        self.leave_p = [[[monthly(b * a * f) for f in (1.0, mig.member_leave_factor)] for a in area] for b in leave]
        self.return_p = monthly(mig.return_rate)
        self.dropout_p = monthly(pl.source_dropout)
        occ = (
            1.0,
            pl.state_sector_factor,
            pl.state_sector_factor,
            pl.non_state_factor,
            pl.student_factor * (1 + eff.student_drive * self.lever("student_drive")),
            1.0,
        )
        yu = (1.0, pl.youth_union_factor * (1 + eff.mass_org * self.lever("mass_org_engagement")))
        young = (pl.age_over_30_factor * pl.willingness_adult, pl.willingness_youth)
        cell = (pl.inactive_cell_factor, 1 + eff.quota_accountability * self.lever("quota_accountability"))
        base = pl.identification_rate * self.lever("activity")
        self.ident_p = [[[[monthly(base * o * y * g * c) for c in cell] for g in young] for y in yu] for o in occ]
        u = self.units
        share = self.template_coop + (1 - self.template_coop) * eff.owner_outreach * self.lever("owner_outreach")
        coop = ~u.non_state | (u.coop_draw < share)
        self.party_ok = (u.is_residential() | (u.has_party & coop)).tolist()
        inactive = pl.inactive_cell_share * (1 - eff.quota_revives_inactive * self.lever("quota_accountability"))
        self.cell_active = (u.cell_draw >= inactive).tolist()
        mean = pl.dossier_start_months * (1 - eff.quota_speeds_dossier * self.lever("quota_accountability"))
        self.dossier_p = 1 - math.exp(-1.0 / max(mean, 0.05))
        self.vetting_median = pl.vetting_median_months * (1 - eff.faster_vetting * self.lever("faster_vetting"))
        away_f = out.away_factor * (1 - eff.e_handbook * self.lever("e_handbook"))
        screening = eff.screening * self.lever("screening")
        self.outflow_cum = [
            [
                list(
                    np.cumsum(
                        [
                            monthly(min(f * out.removal_rate, 1)),
                            monthly(min(f * out.exit_rate, 1)),
                            monthly(out.expulsion_rate),
                            monthly(s),
                            0.0 if away else monthly(out.transfer_out_rate),
                        ]
                    )
                )
                for s in (0.0, screening)
            ]
            for away, f in ((False, 1.0), (True, away_f))
        ]

    def _classes(self) -> None:
        """Seats this month go to those waiting longest (ties by a fixed draw)."""
        self._class_acc += self.lever("classes_per_year") * self.lever("activity") / 12.0
        k = math.floor(self._class_acc + 1e-9)
        self._class_acc -= k
        if k <= 0:
            return
        seats = int(k * self.lever("seats_per_class"))
        waiting = [a for a in self.agents if a.alive and a.stage == SOURCE and not a.away]
        waiting.sort(key=lambda a: (a.since, a.seat_draw))
        for a in waiting[:seats]:
            a.stage, a.since, a.due = CLASS, self.t, self.t + int(self.sc.pipeline.class_months)
        self.flows["class_entries"] += min(seats, len(waiting))

    def _quorum(self) -> None:
        """Cells with enough full members at home, not exempt, to vote."""
        limit = self.sc.outflow.exemption_age * 12
        count: dict[int, int] = {}
        for a in self.agents:
            if a.alive and a.stage == FULL and not a.away and self.t - a.birth < limit:
                count[a.cell] = count.get(a.cell, 0) + 1
        need = self.sc.pipeline.min_full_members_vote
        self.quorum = {c: n >= need for c, n in count.items()}

    def step(self) -> None:
        """One month: every rule on every agent, in the engine's order."""
        self.flows = dict.fromkeys(
            (
                "deaths",
                "transfers_out",
                "identified",
                "class_entries",
                "certificates",
                "dossiers",
                "votes",
                "admissions",
                "recognitions",
                "probation_removals",
                "removals",
                "exits",
            ),
            0,
        )
        self._month_tables()
        for rule in self.RULES_BEFORE_CLASSES:
            self.agents.do(rule)
        self._classes()
        for rule in self.RULES_AFTER_CLASSES:
            self.agents.do(rule)
        self._quorum()
        for rule in self.RULES_AFTER_QUORUM:
            self.agents.do(rule)
        for a in self.gone:
            a.remove()
        self.gone = []
        members = sum(1 for a in self.agents if a.stage >= PROBATION)
        self.records.append({"month": self.t, "population": len(self.agents), "members": members, **self.flows})
        self.t += 1


__all__ = ["MesaPipeline", "Person", "monthly"]
