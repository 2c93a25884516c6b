"""partysim: will the admission quota be met?

An agent-based model (Mesa) of people moving through the party admission pipeline
(source list, awareness class, dossier and vetting, vote, approval, probation) with youth
migration, enterprise turnover and attrition, under policy levers; and verdicts on the
planner's targets.

Public API:

- :func:`load_scenario` (:class:`Scenario`, :class:`ScenarioError`): read and validate a
  scenario YAML file (``extends:``, ``--set`` overrides).
- :class:`PipelineModel`: the model as a ``mesa.Model``; ``step()`` is one month.
- :func:`run`: run replications and judge the targets over chance, the driver forecasts
  and what is unknown of the parameters (``sets=20`` draws from the priors of the
  estimates, ``posterior=`` a calibration's weighted sets, ``sets=0`` none); returns
  :class:`Results` (monthly, annual and funnel tables, and ``targets``: the verdict per
  target and year, see :mod:`partysim.analysis.honest`).
- :func:`write_outputs`: summary.json, annual.csv, monthly.parquet, charts and report.md.
- :func:`iter_params`: every parameter with its range, unit and bilingual description.

Modules for the other ways of working: :mod:`partysim.forecast` (statistical forecasts with
honest intervals), :mod:`partysim.nowcast` (the year's total from part of it),
:mod:`partysim.analysis.calibration` (fit estimates to history), :mod:`partysim.ui` (the notebook
dashboard), :mod:`partysim.batch` (many scenarios and sweeps, on a pool or Dask).

Example::

    import partysim
    sc = partysim.load_scenario("scenarios/thanh_hoa_2021_2025.yaml")
    res = partysim.run(sc, replications=20)
    res.targets[0]["probability"]
"""

from __future__ import annotations

from partysim.analysis.honest import run
from partysim.analysis.results import Results
from partysim.scenario import Scenario, ScenarioError, load_scenario
from partysim.scenario.parameters import iter_params
from partysim.version import __version__


def __getattr__(name: str):
    """Import Mesa (slow to import) only when ``PipelineModel`` is asked for."""
    if name == "PipelineModel":
        from partysim.model.pipeline_model import PipelineModel

        return PipelineModel
    raise AttributeError(f"module 'partysim' has no attribute {name!r}")


def write_outputs(*args, **kwargs):
    from partysim.outputs.writer import write_outputs as _write

    return _write(*args, **kwargs)


write_outputs.__doc__ = "Write summary, tables, charts and report; see :func:`partysim.outputs.writer.write_outputs`."

__all__ = [
    "PipelineModel",
    "Results",
    "Scenario",
    "ScenarioError",
    "__version__",
    "iter_params",
    "load_scenario",
    "run",
    "write_outputs",
]
