"""The flow model's own spin-up: how a parameter set changes the starting pipeline.

A scenario that fills its starting pipeline with a spin-up (``pipeline_start.method:
spinup``) runs the engine for ``spinup_years`` before the start from an empty pipeline
(:mod:`partysim.model.spinup`), under each parameter set's values: a set that halves
identification starts with about half the candidates. The flow model's build
(:mod:`partysim.analysis.flow_inputs`) counts one spin-up, the scenario's own. To follow a
set's starting pipeline without an engine spin-up per set (seconds each), the flow model
runs the spin-up itself, from the build with an empty pipeline, for the scenario as is and
for the set. A set's starting pipeline is its own flow spin-up's, stage by stage and
segment by segment (so a slower pipeline starts with cases further from completion),
calibrated to the engine's: times the build's people over the scenario's own flow spin-up
in that stage and segment (:func:`spun_inputs`).

The spin-up months take the levers and drivers of the run's first months (the engine's
take those of the months before the start; both runs of a ratio take the same).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from partysim.analysis.flow_inputs import N_SEG, QUEUE_STAGES, FlowInputs
from partysim.analysis.flow_model import FlowModel
from partysim.analysis.flow_state import FlowState
from partysim.analysis.flow_steps import COLUMNS, step_row
from partysim.scenario.schema import Scenario

__all__ = ["empty_pipeline", "spinup_months", "spinup_stocks", "spun_inputs"]


def spinup_months(scenario: Scenario) -> int:
    """Months of the scenario's spin-up (0: its starting pipeline is not spun up)."""
    start = scenario.pipeline_start
    if getattr(start, "method", None) != "spinup":
        return 0
    return int(round(float(start.spinup_years) * 12))


def empty_pipeline(inputs: FlowInputs) -> FlowInputs:
    """``inputs`` with nobody in the pipeline (the spin-up's first day)."""
    return replace(
        inputs,
        source=np.zeros_like(inputs.source),
        queues=np.zeros_like(inputs.queues),
        stale_vetting=np.zeros_like(inputs.stale_vetting),
        stuck=np.zeros_like(inputs.stuck),
        unknown=np.zeros_like(inputs.unknown),
    )


def spinup_stocks(scenario: Scenario, empty: FlowInputs, months: int) -> dict[str, np.ndarray]:
    """The pipeline after ``months`` months of the flow model of ``scenario`` from
    ``empty`` (:func:`empty_pipeline`), people: each stage of :data:`QUEUE_STAGES` by
    (segment, months until its step completes), ``vetting`` counting ``stale_vetting``
    (papers stale at the vote) and ``vote`` every vote awaited, ``source`` and ``stuck``
    (awaiting a vote their cell cannot hold) per segment."""
    m = FlowModel(scenario, empty)
    state = FlowState.start(empty, int(scenario.pipeline.class_months), m.tables)
    cycle = max(12 * (scenario.months // 12), 1) if scenario.months >= 12 else scenario.months
    members = float(empty.members_start)
    at = COLUMNS.index("members")
    for t in range(months):
        members = float(step_row(m, state, t % cycle, members)[at])
    return {
        "class": state.classes.copy(),
        "certified": state.certified.copy(),
        "vetting": state.vetting + state.vetting_stale,
        "stale_vetting": state.vetting_stale.copy(),
        "vote": state.vote + state.vote_stale,
        "approval": state.approval.copy(),
        "probation": state.probation.copy(),
        "source": state.source.copy(),
        "stuck": state.stuck.copy(),
    }


def _level(built: np.ndarray, spun: np.ndarray) -> np.ndarray:
    """Per segment, the build's people over the flow spin-up's (NaN where the spin-up has
    nobody)."""
    b = built.reshape(N_SEG, -1).sum(axis=1)
    s = spun.reshape(N_SEG, -1).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(s > 0, b / s, np.nan)


def spun_inputs(inputs: FlowInputs, base: dict[str, np.ndarray], variant: dict[str, np.ndarray]) -> FlowInputs:
    """``inputs`` with the starting pipeline of a parameter set: each stage's people by
    months until its step completes as the set's flow spin-up has them (``variant``),
    times the build's people over the scenario's own flow spin-up (``base``) in that stage
    and segment (the flow model's spin-up calibrated to the engine's); a stage and segment
    where the scenario's spin-up has nobody keeps the build's people. Candidates whose
    introducers do not know them yet scale with their stage; members at the start follow
    the probationary members. ``spun_inputs(inputs, base, base)`` is the scenario's own
    start in the same terms (compare a set with it, not with ``inputs``)."""
    queues = inputs.queues.copy()
    factors = {}
    for k, name in enumerate(QUEUE_STAGES):
        level = _level(inputs.queues[k], base[name])
        keep = np.isnan(level)
        queues[k] = np.where(keep[:, None], inputs.queues[k], variant[name] * np.nan_to_num(level)[:, None])
        factors[name] = np.where(keep, 1.0, _ratio(variant[name], base[name]))
    vetting = QUEUE_STAGES.index("vetting")
    stale = variant["stale_vetting"] * np.nan_to_num(_level(inputs.queues[vetting], base["vetting"]))[:, None]
    stale = np.where(np.isnan(_level(inputs.queues[vetting], base["vetting"]))[:, None], inputs.stale_vetting, stale)
    unknown = inputs.unknown.copy()
    for k, factor in enumerate((_ratio(variant["source"], base["source"]), factors["class"], factors["certified"])):
        unknown[k] *= factor.reshape((-1,) + (1,) * (unknown.ndim - 2))
    probation = QUEUE_STAGES.index("probation")
    added = float(queues[probation].sum() - inputs.queues[probation].sum())
    return replace(
        inputs,
        source=inputs.source * _ratio(variant["source"], base["source"]),
        queues=queues,
        stale_vetting=stale,
        stuck=inputs.stuck * _ratio(variant["stuck"], base["stuck"]),
        unknown=unknown,
        members_start=float(inputs.members_start) + added,
    )


def _ratio(variant: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Per segment, the set's people over the scenario's (1 where the scenario has nobody)."""
    v = variant.reshape(N_SEG, -1).sum(axis=1)
    b = base.reshape(N_SEG, -1).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, v / b, 1.0)
