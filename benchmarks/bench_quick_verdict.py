"""The preview's verdict over parameter uncertainty (flow-model ratios): time, and how far
it lands from the full honest route.

Run: ``python benchmarks/bench_quick_verdict.py [--scenarios scenarios/ninh_binh_2023.yaml ...]
[--sets 8 20] [--repeat 3] [--compare scenarios/ninh_binh_2023.yaml --compare-sets 8
--cache out/bench_quick_honest.csv [--posterior scenarios/calibrated/ninh_binh_2023_posterior]]``

Timing, per scenario and number of sets K: the preview run (:func:`run_preview`, after a
warm-up run that fills the spin-up cache), then the quick verdict on top of it
(:func:`judge_quick`: the flow model's build of the sample on the first call, K + 1 flow
runs, the combined runs and the verdict table), median of ``--repeat`` calls, wall and CPU
seconds; the first call (cold: the build of the flow model's inputs, and loading the
compiled month from numba's cache) is shown apart. ``--compile`` also times, in a fresh
process with an empty numba cache, the first flow-model run of tiny: compiling the month
(once per install; numba keeps it in its cache).

Comparison (``--compare``): :func:`partysim.analysis.honest.run` with ``--compare-sets``
sets from the priors (minutes: each set is a full-scale run) against the quick verdict over
the same sets (same seed), per target and year: P(met) and the mean. The honest verdicts
are kept in ``--cache`` (CSV) and reused when it exists.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "scenarios" / "ninh_binh_2023.yaml", ROOT / "scenarios" / "thanh_hoa_2021_2025.yaml"]


def _timing(paths: list[Path], sets: list[int], repeat: int) -> None:
    import partysim
    from partysim.analysis.honest import ParameterUncertainty
    from partysim.analysis.preview import run_preview
    from partysim.analysis.quick_uncertainty import judge_quick

    print(f"median of {repeat} calls after a warm-up; seconds (wall / CPU)")
    print(f"{'scenario':<28} {'K':>4} {'preview':>14} {'quick, cold':>14} {'quick on top':>14} {'total':>8}")
    for path in paths:
        sc = partysim.load_scenario(path)
        run_preview(sc)  # warm-up: the spin-up of the sample is cached per process
        for k in sets:
            u = ParameterUncertainty(sets=k)
            prev, quick, cold = [], [], None
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                res = run_preview(sc)
                t1, c1 = time.perf_counter(), time.process_time()
                judge_quick(sc, res, u)
                t2, c2 = time.perf_counter(), time.process_time()
                if cold is None:
                    cold = (t2 - t1, c2 - c1)
                    continue
                prev.append((t1 - t0, c1 - c0))
                quick.append((t2 - t1, c2 - c1))
            p = tuple(statistics.median(x[i] for x in prev) for i in (0, 1))
            q = tuple(statistics.median(x[i] for x in quick) for i in (0, 1))
            print(
                f"{sc.name:<28} {k:>4} {p[0]:>6.2f} / {p[1]:<5.2f} {cold[0]:>6.2f} / {cold[1]:<5.2f} "
                f"{q[0]:>6.2f} / {q[1]:<5.2f} {p[0] + q[0]:>8.2f}"
            )


_COMPILE = """
import time
import partysim
from partysim.analysis.flow_model import run_flow
sc = partysim.load_scenario({path!r})
t0, c0 = time.perf_counter(), time.process_time()
run_flow(sc)
print(f"{{time.perf_counter() - t0:.1f}} / {{time.process_time() - c0:.1f}}")
"""


def _compile_time() -> None:
    """The first flow-model run in a fresh process with an empty numba cache (compiling)."""
    tiny = ROOT / "tests" / "data" / "tiny.yaml"
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        run_flow_once = _COMPILE.format(path=str(tiny))
        out = subprocess.run([sys.executable, "-c", run_flow_once], env=env, capture_output=True, text=True, check=True)
    print(f"compiling the flow model's month (empty numba cache; once per install): {out.stdout.strip()} s wall / CPU")


def _compare(path: Path, sets: int, cache: Path, posterior: str | None) -> None:
    import pandas as pd

    import partysim
    from partysim.analysis import honest

    sc = partysim.load_scenario(path)
    weighted = None
    if posterior is not None:
        from partysim.cli.posterior import posterior_design

        _, post_sets, weights = posterior_design(posterior, sc)
        weighted = (post_sets, weights)
    cols = ["name", "year", "probability", "mean", "prob_lo", "prob_hi"]
    if cache.exists():
        full = pd.read_csv(cache)
        print(f"honest route: read {cache}")
    else:
        t0 = time.perf_counter()
        res = honest.run(sc, sets=sets, progress=False, posterior=weighted)
        print(f"honest route: {time.perf_counter() - t0:.0f} s ({res.replications} replications, {sets} sets)")
        full = res.verdicts[cols].assign(name=res.verdicts["name"].astype(str))
        cache.parent.mkdir(parents=True, exist_ok=True)
        full.to_csv(cache, index=False)
    from partysim.analysis.honest import ParameterUncertainty
    from partysim.analysis.preview import run_preview
    from partysim.analysis.quick_uncertainty import judge_quick

    t0 = time.perf_counter()
    preview = run_preview(sc)
    u = ParameterUncertainty(sets=sets, posterior=weighted)
    quick = judge_quick(sc, preview, u)
    print(f"quick route: {time.perf_counter() - t0:.2f} s (preview included, cold)")
    flat = judge_quick(sc, preview, u, spinup=False)
    keep = [*cols, "probability_fixed"]
    q = quick.verdicts[keep].assign(name=quick.verdicts["name"].astype(str))
    f = flat.verdicts[cols].assign(name=flat.verdicts["name"].astype(str))
    both = full.merge(q, on=["name", "year"], suffixes=("_full", "_quick"))
    both = both.merge(f.rename(columns={"probability": "p_flat", "mean": "mean_flat"}), on=["name", "year"])
    print("P: P(met); full: honest.run; quick: flow ratios with the flow spin-up; flat: without it;")
    print("fixed: the preview with every estimate at its value; gap: quick mean against full")
    print(
        f"{'target':<40} {'year':>5} {'P full':>7} {'P quick':>8} {'P flat':>7} {'P fixed':>8} "
        f"{'mean full':>10} {'mean quick':>11} {'mean flat':>10} {'gap':>7}"
    )
    for r in both.itertuples(index=False):
        gap = (r.mean_quick - r.mean_full) / abs(r.mean_full) if r.mean_full else float("nan")
        print(
            f"{r.name[:40]:<40} {r.year:>5} {r.probability_full:>7.2f} {r.probability_quick:>8.2f} "
            f"{r.p_flat:>7.2f} {r.probability_fixed:>8.2f} {r.mean_full:>10.4g} {r.mean_quick:>11.4g} "
            f"{r.mean_flat:>10.4g} {gap:>+7.1%}"
        )
    print("not served by the flow model (chance only):", quick.uncertainty.get("not_served"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--sets", nargs="+", type=int, default=[8, 20])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare", type=Path, default=None)
    ap.add_argument("--compare-sets", type=int, default=8)
    ap.add_argument("--cache", type=Path, default=ROOT / "out" / "bench_quick_honest.csv")
    ap.add_argument("--posterior", default=None, help="Compare over a calibration's posterior (folder or CSV).")
    ap.add_argument("--compile", action="store_true", help="Also time compiling the month (empty numba cache).")
    args = ap.parse_args()
    if args.compile:
        _compile_time()
    if args.scenarios:
        _timing(args.scenarios, args.sets, args.repeat + 1)
    if args.compare is not None:
        _compare(args.compare, args.compare_sets, args.cache, args.posterior)


if __name__ == "__main__":
    main()
