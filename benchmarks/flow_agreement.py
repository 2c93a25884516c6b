"""Flow model against the simulation: admissions and year-end members, year by year.

Run: ``python benchmarks/flow_agreement.py [--scenarios scenarios/huong_son_2018_2022.yaml ...]
[--replications N] [--preview]``

For each scenario and full simulated year: the simulation's mean over ``--replications``
replications with its standard error, the flow model's value, their gap in percent of the
mean, and ``ok`` when the gap is within 5% of the mean plus twice the standard error (the
check of ``tests/analysis/test_flow_model.py``). ``--preview`` (default for the national
scenario) runs the preview's sample of the territory and the flow model of the same
sample, both scaled back by the preview's weight.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPLICATIONS = {"huong_son": 600, "long_bien": 300, "lam_dong": 100, "ninh_binh": 30, "thanh_hoa": 12}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", nargs="+", type=Path, default=sorted((ROOT / "scenarios").glob("*.yaml")))
    ap.add_argument("--replications", type=int, default=None)
    ap.add_argument("--preview", action="store_true")
    args = ap.parse_args()

    import pandas as pd

    import partysim
    from partysim.analysis import runner
    from partysim.analysis.flow_inputs import flow_inputs
    from partysim.analysis.flow_model import run_flow
    from partysim.analysis.preview import PREVIEW_PEOPLE, plan_sample, sample_scenario, scale_results
    from partysim.model.engine import Engine
    from partysim.model.spinup import start_snapshot

    rows = []
    for path in args.scenarios:
        sc = partysim.load_scenario(path)
        preview = args.preview or sc.name.startswith("national")
        reps = args.replications or next((v for k, v in DEFAULT_REPLICATIONS.items() if sc.name.startswith(k)), 40)
        run_sc, weight = sample_scenario(sc, plan_sample(sc, PREVIEW_PEOPLE).fraction) if preview else (sc, 1.0)
        # the preview's own spin-up: that of the sample with its levers as sampled (run_preview)
        start = start_snapshot(run_sc, sc.seed, Engine, as_given=True) if preview else None
        res = runner.run(run_sc, replications=reps, progress=False, start=start)
        if preview:
            res = scale_results(res, weight, sc)
        a = res.annual[res.annual["months"] == 12]
        flow = run_flow(run_sc, flow_inputs(run_sc, start=start)).full_years().set_index("year")
        for col in ("admissions", "members_end"):
            g = a.groupby("year")[col]
            for year, mean in g.mean().items():
                se, f = g.sem()[year], flow.loc[year, col] * weight
                ok = abs(f - mean) <= 0.05 * mean + 2 * se
                rows.append(
                    {"scenario": sc.name, "run": "preview" if preview else "full", "reps": reps, "year": year,
                     "quantity": col, "sim_mean": mean, "sim_se": se, "flow": f, "gap_%": 100 * (f / mean - 1), "ok": ok}
                )  # fmt: skip
        print(pd.DataFrame([r for r in rows if r["scenario"] == sc.name]).round(2).to_string(index=False), flush=True)
    table = pd.DataFrame(rows)
    print(f"\n{int(table['ok'].sum())} of {len(table)} checks within 5% + 2 s.e.")


if __name__ == "__main__":
    main()
