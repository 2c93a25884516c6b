"""Instant feedback: the flow model on the current settings, and what it says a target takes.

A slider move first runs the expected-value flow model (:mod:`partysim.analysis.flow_model`,
tens of milliseconds) on the changed scenario, reusing the month-0 build of the scenario as
loaded (:func:`partysim.analysis.flow_inputs.flow_inputs`: the starting state stays the
baseline's, the rates follow the sliders), then the sampled preview refines the answer.
This module holds the numbers of that first step: the expected path, the equilibrium
(:mod:`partysim.analysis.equilibrium`) and, for a target, what the flow model says it takes.

Example::

    sc = partysim.load_scenario("scenarios/ninh_binh_2023.yaml")
    ans = flow_answer(sc.with_values({"levers.classes_per_year": 30}), flow_inputs(sc))
    ans.required  # identifications, seats, dossiers a year for the scenario's rate target
    takes(ans, sc.targets[0])
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd

from partysim.analysis.equilibrium import Equilibrium, equilibrium
from partysim.analysis.flow_inputs import FlowInputs
from partysim.analysis.flow_model import FlowModel
from partysim.analysis.flow_results import FlowResult
from partysim.scenario.schema import Scenario
from partysim.scenario.targets import Target

__all__ = ["FLOW_KINDS", "FlowAnswer", "flow_answer", "rate_target", "takes"]

FLOW_KINDS = ("admissions", "admission_rate")
"""Target kinds the flow model answers instantly (people a year, or a share of members)."""


def rate_target(scenario: Scenario) -> float | None:
    """The scenario's admission-rate target (a fraction of members a year, e.g. 0.03), the
    first of kind ``admission_rate``; None when it sets none."""
    for t in scenario.targets:
        if t.kind == "admission_rate":
            return float(t.threshold)
    return None


@dataclass(frozen=True)
class FlowAnswer:
    """The flow model's answer for one setting of the sliders.

    Attributes:
        scenario: The settings run.
        flow: The flow model's path (:class:`~partysim.analysis.flow_results.FlowResult`).
        equilibrium: Its steady state at the end of the run.
        rate: The scenario's admission-rate target (fraction a year), or None.
        seconds: Wall time of the flow model run and equilibrium (s).
        cpu_seconds: CPU time of the same (s).
    """

    scenario: Scenario
    flow: FlowResult
    equilibrium: Equilibrium
    rate: float | None
    seconds: float
    cpu_seconds: float

    @property
    def required(self) -> dict[str, float] | None:
        """:meth:`Equilibrium.required` at :attr:`rate` (people a year), None without a rate target."""
        return None if self.rate is None else self.equilibrium.required(self.rate)

    def years(self) -> pd.DataFrame:
        """The annual path: ``year, months, admissions, members_start, members_end,
        admission_rate`` (people; the rate a fraction, NaN for part years)."""
        a = self.flow.annual[["year", "months", "admissions", "members_start", "members_end", "admission_rate"]].copy()
        a.loc[a["months"] < 12, "admission_rate"] = float("nan")
        return a.reset_index(drop=True)


def flow_answer(scenario: Scenario, inputs: FlowInputs | None = None) -> FlowAnswer:
    """Run the flow model of ``scenario`` from ``inputs`` (default: its own build) and take
    its equilibrium."""
    t0, c0 = time.perf_counter(), time.process_time()
    res = FlowModel(scenario, inputs).run()
    eq = equilibrium(res)
    return FlowAnswer(scenario, res, eq, rate_target(scenario), time.perf_counter() - t0, time.process_time() - c0)


def takes(answer: FlowAnswer, target: Target) -> dict[str, float | bool | str] | None:
    """What the flow model says ``target`` takes, in equilibrium, for the settings of ``answer``.

    For an ``admissions`` target, the admissions a year wanted are its threshold; for an
    ``admission_rate`` target, the threshold times the members in equilibrium.

    Returns:
        ``wanted`` (admissions a year), ``rate`` (wanted / members), ``identified``,
        ``seats``, ``dossiers`` (a year, needed), ``classes`` (classes a year needed at the
        current seats per class and activity), ``now_identified``, ``now_seats``,
        ``now_classes`` (a year, now), ``steady`` (admissions a year the pipeline sustains
        now), ``attainable`` and ``binding`` (the stage whose relief adds most); None for
        target kinds the flow model does not answer (see :data:`FLOW_KINDS`).
    """
    if target.kind not in FLOW_KINDS:
        return None
    eq = answer.equilibrium
    wanted = float(target.threshold) if target.kind == "admissions" else float(target.threshold) * eq.members
    rate = wanted / max(eq.members, 1e-12)
    req = eq.required(rate)
    lv = answer.flow.model.levers[answer.scenario.months - 1]
    per_class = max(float(lv["seats_per_class"] * lv["activity"]), 1e-12)
    return {
        "wanted": wanted,
        "rate": rate,
        "identified": req["identified"],
        "seats": req["seats"],
        "dossiers": req["dossiers"],
        "classes": req["seats"] / per_class,
        "now_identified": eq.identified,
        "now_seats": eq.seats,
        "now_classes": float(lv["classes_per_year"]),
        "steady": eq.ceilings()["admissions"],
        "attainable": eq.attainable(rate),
        "binding": eq.binding_stage(),
    }
