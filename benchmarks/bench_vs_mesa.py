"""The array engine against one Mesa agent per person, side by side, at 100k people.

Run: ``python benchmarks/bench_vs_mesa.py [--people 100000] [--months 12]``

Both start from the same people (the engine's population of the Thanh Hóa scenario,
scaled by unit counts to about ``--people`` people) and run the same months on one core;
every person's risks are checked every month in both (``review_months: 1``). The
engine's time is the median of ``--engine-repeats`` runs (its run is short); the ratio
with its first run (which includes one-off warm-up) is printed too. The Mesa
model (``benchmarks/mesa_agents.py``) runs a subset of the engine's rules, so the ratio
is conservative. Prints person-months per second of each, the speed ratio (floor: the
engine at least 50 times faster), and admissions and members of both as a sanity check.

Measured 2026-11-22 (``python benchmarks/bench_vs_mesa.py``; 102,776 people, 12 months;
2-vCPU Xeon VM, load average 1.3): engine 14.8 million person-months/s (0.08 s), Mesa
124,000 person-months/s (9.8 s), ratio 117-119x; admissions 253 (engine) and 256 (Mesa),
members at the end 10,699 and 10,642. On the same machine under heavier load (2-3.5) the
ratio ranged from 58x to 131x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "thanh_hoa_2021_2025.yaml"
FLOOR = 50.0

sys.path.insert(0, str(Path(__file__).resolve().parent))


def scaled_scenario(people: int, review_months: int = 1):
    """The Thanh Hóa scenario with unit counts scaled to about ``people`` people."""
    import partysim

    sc = partysim.load_scenario(SCENARIO)
    base = sum(u.count * (u.people + u.members) for u in sc.territory.units)
    for u in sc.territory.units:
        u.count = max(1, round(u.count * people / base))
    sc.review_months = review_months
    return sc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=100_000, help="people at the start (default 100000)")
    ap.add_argument("--months", type=int, default=12, help="months simulated by both (default 12)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engine-repeats", type=int, default=3, help="engine runs; the median time is used (default 3)")
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core for both
    except (AttributeError, OSError):
        pass

    from mesa_agents import MesaPipeline

    from partysim.model.engine import Engine

    sc = scaled_scenario(args.people)
    eng = Engine(sc, seed=args.seed)
    t0 = time.perf_counter()
    model = MesaPipeline(sc, seed=args.seed, engine=eng)
    mesa_build = time.perf_counter() - t0
    people0 = eng.people.n

    times = []
    for i in range(args.engine_repeats):  # the engine's run is short: take the median of a few
        e = eng if i == 0 else Engine(sc, seed=args.seed)
        t0 = time.perf_counter()
        e.run(args.months)
        times.append(time.perf_counter() - t0)
    eng_s = statistics.median(times)
    eng_pm = sum(r["population"] for r in eng.records)

    t0 = time.perf_counter()
    for _ in range(args.months):
        model.step()
    mesa_s = time.perf_counter() - t0
    mesa_pm = sum(r["population"] for r in model.records)

    e_rate, m_rate = eng_pm / eng_s, mesa_pm / mesa_s
    ratio = e_rate / m_rate
    first_ratio = (eng_pm / times[0]) / m_rate
    print(
        f"people at start: {people0:,}; months: {args.months}; one core; review every month in both; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(f"{'model':<28} {'run s':>8} {'person-months/s':>16} {'admissions':>11} {'members at end':>15}")
    print(
        f"{'engine (arrays)':<28} {eng_s:>8.2f} {e_rate:>16,.0f} {sum(r['admissions'] for r in eng.records):>11,} "
        f"{eng.records[-1]['members']:>15,}"
    )
    print(
        f"{'Mesa (one agent/person)':<28} {mesa_s:>8.2f} {m_rate:>16,.0f} {sum(r['admissions'] for r in model.records):>11,} "
        f"{model.records[-1]['members']:>15,}"
    )
    print(f"Mesa model build (agents from the engine's people): {mesa_build:.2f} s")
    print(f"engine runs (s): {', '.join(f'{t:.3f}' for t in times)} (the first includes one-off warm-up)")
    print(
        f"speed ratio engine / Mesa: {ratio:.0f}x with the median engine run, {first_ratio:.0f}x with the first "
        f"(floor {FLOOR:.0f}x: {'met' if min(ratio, first_ratio) >= FLOOR else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
