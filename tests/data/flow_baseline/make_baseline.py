"""Write the flow model's baseline (issue 10: the compiled month must give the same numbers).

Run once, from the repository's root, with the code whose numbers are the reference::

    PYTHONPATH=src python tests/data/flow_baseline/make_baseline.py

It writes, next to itself:

- ``<name>_inputs.pkl.gz``: the flow model's starting state (:class:`FlowInputs`) of tiny
  (its own build) and of Ninh Bình's preview sample (the quick route's build), so that the
  flow model's test does not depend on the engine's build;
- ``<name>_monthly.csv`` and ``<name>_annual.csv``: ``FlowModel(sample, inputs).run()``;
- ``ninh_binh_spinup.npz``: the flow spin-up (36 months, policy-free sample) from it;
- ``quick_<name>_verdicts.csv``: the quick verdict over 8 parameter sets (scenario's seed)
  of Ninh Bình and Thanh Hóa (these depend on the engine too: the preview's runs).
"""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import numpy as np

import partysim
from partysim.analysis.flow_inputs import flow_inputs
from partysim.analysis.flow_model import FlowModel
from partysim.analysis.flow_spinup import empty_pipeline, spinup_stocks
from partysim.analysis.honest import ParameterUncertainty
from partysim.analysis.preview import plan_sample, run_preview, sample_scenario
from partysim.analysis.quick_uncertainty import judge_quick, quick_inputs
from partysim.model.spinup import policy_free

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
QUICK = {"ninh_binh": "ninh_binh_2023", "thanh_hoa": "thanh_hoa_2021_2025"}
SETS = 8


def _flow(name: str, sample: partysim.Scenario, inputs) -> None:
    with gzip.open(HERE / f"{name}_inputs.pkl.gz", "wb") as f:
        pickle.dump(inputs, f)
    res = FlowModel(sample, inputs).run()
    res.monthly.to_csv(HERE / f"{name}_monthly.csv", index=False, float_format="%.17g")
    res.annual.to_csv(HERE / f"{name}_annual.csv", index=False, float_format="%.17g")


def main() -> None:
    tiny = partysim.load_scenario(ROOT / "tests" / "data" / "tiny.yaml")
    _flow("tiny", tiny, flow_inputs(tiny))
    nb = partysim.load_scenario(ROOT / "scenarios" / "ninh_binh_2023.yaml")
    plan = plan_sample(nb)
    sample, _ = sample_scenario(nb, plan.fraction)
    inputs = quick_inputs(nb, plan, nb.seed)
    _flow("ninh_binh", sample, inputs)
    spin = spinup_stocks(sample_scenario(policy_free(nb), plan.fraction)[0], empty_pipeline(inputs), 36)
    np.savez_compressed(HERE / "ninh_binh_spinup.npz", **spin)
    for name, file in QUICK.items():
        sc = partysim.load_scenario(ROOT / "scenarios" / f"{file}.yaml")
        res = judge_quick(sc, run_preview(sc), ParameterUncertainty(sets=SETS))
        res.verdicts.to_csv(HERE / f"quick_{name}_verdicts.csv", index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
