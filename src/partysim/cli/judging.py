"""What ``partysim run`` judges over: the parameter sets behind its verdicts.

:func:`parameter_uncertainty` turns the command's ``--sets``, ``--posterior``, ``--pin``
and ``--set`` into a :class:`~partysim.analysis.honest.ParameterUncertainty`, checked
before anything runs (a bad path or nothing left to vary exits 2 with one line).
"""

from __future__ import annotations

from collections.abc import Sequence

from partysim.analysis.honest import ParameterUncertainty
from partysim.analysis.priors import PriorError, default_paths
from partysim.cli.errors import fail
from partysim.scenario.parameters import iter_params
from partysim.scenario.schema import Scenario

__all__ = ["command_uncertainty", "declared_posterior", "parameter_uncertainty"]


def declared_posterior(scenario: Scenario, path: str) -> str | None:
    """The scenario file's own ``calibration.posterior``, resolved next to the file (None
    when it declares none)."""
    from partysim.outputs.posterior_files import declared_posterior_path

    found = declared_posterior_path(scenario, path)
    return None if found is None else str(found)


def parameter_uncertainty(
    scenario: Scenario, sets: int, posterior: str | None, pinned: Sequence[str], explicit_pins: Sequence[str] = ()
) -> ParameterUncertainty:
    """The uncertainty ``partysim run`` integrates over, or exit 2 with one line.

    Args:
        scenario: The loaded scenario (after ``--set``).
        sets: ``--sets`` (0: none).
        posterior: ``--posterior`` (a calibration folder or its posterior_sets.csv).
        pinned: Every path kept at its value (``--pin`` and the ``--set`` paths).
        explicit_pins: The ``--pin`` paths alone (each must name a parameter).
    """
    known = {p.path for p in iter_params(scenario)}
    for path in explicit_pins:
        if path not in known:
            fail(f"--pin {path}: no such parameter (see `partysim params`)")
    weighted = None
    if posterior is not None:
        from partysim.cli.posterior import posterior_design

        _, post_sets, weights = posterior_design(posterior, scenario)
        weighted = (post_sets, weights)
    u = ParameterUncertainty(sets=sets, posterior=weighted, pinned=tuple(pinned))
    if u.active:
        try:
            u.design(scenario, scenario.seed)
        except PriorError as err:
            fail(f"--sets: {err}; every estimate is pinned (use --sets 0)")
    if u.posterior is None and u.active and not [p for p in default_paths(scenario) if p not in u.pinned]:
        fail("--sets: every estimate is pinned (use --sets 0)")
    return u


def command_uncertainty(
    scenario: Scenario,
    path: str,
    sets: int,
    posterior: str | None,
    pins: Sequence[str] = (),
    overrides: Sequence[str] = (),
) -> ParameterUncertainty:
    """What a command judges over, from its options (or exit 2 with one line).

    The file's own ``calibration.posterior`` when ``--posterior`` is not given and sets are
    asked for; every ``--pin`` path and every ``--set`` path kept at its value.

    Args:
        scenario: The loaded scenario (after ``--set``).
        path: The scenario file (its posterior is resolved next to it).
        sets: ``--sets`` (0: none).
        posterior: ``--posterior`` or None.
        pins: ``--pin`` paths.
        overrides: ``--set`` texts (``PATH=VALUE``).
    """
    if posterior is None and sets > 0:
        posterior = declared_posterior(scenario, path)
    kept = (*pins, *(o.split("=", 1)[0].strip() for o in overrides))
    return parameter_uncertainty(scenario, sets, posterior, kept, pins)
