"""Write the judge's baseline (issue 10: a faster preview verdict, numbers unchanged).

Run once, from the repository's root, with the code whose numbers are the reference::

    PYTHONPATH=src python tests/data/judge_baseline/make_baseline.py

It writes, next to itself (CSV with full float precision, ``%.17g``):

- ``quick_tiny.csv``, ``quick_ninh_binh.csv``: the verdict table (every column) of
  :func:`~partysim.analysis.quick_uncertainty.judge_quick` over :data:`SETS` parameter
  sets from the priors (scenario's seed) on the preview of tiny and of Ninh Bình;
- ``quick_driven.csv``: the same on ``driven.yaml`` (tiny with a forecast driver) with
  12 preview replications, so that the spread's drivers part is measured;
- ``honest_tiny.csv``: the verdict table of :func:`partysim.analysis.honest.run` on tiny
  (4 replications, :data:`SETS` sets: the direct route, an ensemble of full-scale runs);
- ``per_set_tiny.csv``: :meth:`EnsembleResults.per_set` of that ensemble for every
  target and year (the columns ``target`` and ``year`` added first);
- ``decompose_tiny.csv``: :meth:`EnsembleResults.decompose` of it for every annual
  figure judged and every year;
- ``dtypes.json``: each table's column dtypes.

These run the engine (the preview, the ensemble, the flow model's build), so they depend
on its numbers too: regenerate them with the code before a change of the judge if the
engine's numbers change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import partysim
from partysim.analysis import honest
from partysim.analysis.honest import ParameterUncertainty
from partysim.analysis.preview import run_preview
from partysim.analysis.quick_uncertainty import judge_quick

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SETS = 5
SCENARIOS = {"tiny": ROOT / "tests" / "data" / "tiny.yaml", "ninh_binh": ROOT / "scenarios" / "ninh_binh_2023.yaml"}
FIGURES = ("admissions", "members_end", "admission_rate", "net_growth")


def tables() -> dict[str, pd.DataFrame]:
    """Every baseline table, by file stem (the test computes these with the code under test)."""
    out = {}
    for name, path in SCENARIOS.items():
        sc = partysim.load_scenario(path)
        out[f"quick_{name}"] = judge_quick(sc, run_preview(sc), ParameterUncertainty(sets=SETS)).verdicts
    driven = partysim.load_scenario(HERE / "driven.yaml")
    preview = run_preview(driven, replications=12)
    out["quick_driven"] = judge_quick(driven, preview, ParameterUncertainty(sets=SETS)).verdicts
    tiny = partysim.load_scenario(SCENARIOS["tiny"])
    res = honest.run(tiny, replications=4, sets=SETS, progress=False)
    out["honest_tiny"] = res.verdicts
    ens = res.ensemble
    per_set = [
        ens.per_set(str(r.name), int(r.year)).assign(target=str(r.name), year=int(r.year))
        for r in ens.verdicts.itertuples(index=False)
    ]
    out["per_set_tiny"] = pd.concat(per_set, ignore_index=True)
    years = sorted(int(y) for y in ens.annual.loc[ens.annual["months"] == 12, "year"].unique())
    out["decompose_tiny"] = pd.DataFrame([ens.decompose(f, y).as_dict() for f in FIGURES for y in years])
    return out


def main() -> None:
    dtypes = {}
    for stem, table in tables().items():
        table.to_csv(HERE / f"{stem}.csv", index=False, float_format="%.17g")
        dtypes[stem] = {c: str(t) for c, t in table.dtypes.items()}
    (HERE / "dtypes.json").write_text(json.dumps(dtypes, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
