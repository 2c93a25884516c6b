"""Preview speed: how long the dashboard waits for the model after a slider moves.

Run: ``python benchmarks/bench_preview.py [--scenarios scenarios/ninh_binh_2023.yaml ...]
[--people 40000] [--replications 2] [--repeat 5] [--full]``

For each scenario: the sample plan (fraction, weight, simulated people), then the wall
time of :func:`partysim.analysis.preview.run_preview` (the model only: sample, run, scale back,
judge), the median of ``--repeat`` runs after one warm-up, and the time to draw the
three policy charts of the dashboard (fan, members, funnel) as screen PNGs. ``--full`` also times one full-scale replication for
comparison. The goal: a district-sized scenario (Ninh Bình, ~760,000 people) answers in
under a second.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "scenarios" / "ninh_binh_2023.yaml", ROOT / "scenarios" / "thanh_hoa_2021_2025.yaml"]


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", nargs="+", type=Path, default=DEFAULT)
    ap.add_argument("--people", type=int, default=None, help="people budget per replication")
    ap.add_argument("--replications", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--full", action="store_true", help="also time one full-scale replication")
    args = ap.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import partysim
    from partysim.analysis import preview as sampling
    from partysim.analysis.runner import run_replication
    from partysim.ui.render import figure_png, render_all

    people = args.people or sampling.PREVIEW_PEOPLE
    reps = args.replications or sampling.PREVIEW_REPLICATIONS
    print(f"people budget {people:,} per replication, {reps} replications, median of {args.repeat} runs")
    print(
        f"{'scenario':<28} {'months':>6} {'people':>10} {'sampled':>8} {'weight':>7} {'preview s':>10} {'charts s':>9} {'full rep s':>10}"
    )
    for path in args.scenarios:
        sc = partysim.load_scenario(path)
        plan = sampling.plan_sample(sc, people)
        sampling.run_preview(sc, people, reps)  # warm-up (imports, caches)
        times = []
        res = None
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            res = sampling.run_preview(sc, people, reps)
            times.append(time.perf_counter() - t0)
        chart_s = _timed(
            lambda sc=sc, res=res: [figure_png(f) for f in render_all(sc, res, "vi", note="preview").values()]
        )
        full_s = _timed(lambda sc=sc: run_replication(sc, 0)) if args.full else float("nan")
        print(
            f"{sc.name:<28} {sc.months:>6} {plan.full_people:>10,} {plan.people:>8,} {plan.weight:>7.1f} "
            f"{statistics.median(times):>10.3f} {chart_s:>9.3f} {full_s:>10.2f}"
        )


if __name__ == "__main__":
    main()
