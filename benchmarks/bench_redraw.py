"""Slider to pixels: how long the dashboard takes from a slider change to redrawn PNGs.

Run: ``python benchmarks/bench_redraw.py [--scenarios scenarios/ninh_binh_2023.yaml ...]
[--lever levers.classes_per_year] [--repeat 7]``

For each scenario a :class:`partysim.ui.Dashboard` is opened (``open``: its first refresh
builds the flow model's month-0 state, once, and runs the baseline preview; timed once;
``build`` is such a build alone, with another seed, timed after), then the lever is moved
``--repeat`` times, one slider step each time (each a new setting), and each move is
timed in its two steps, as :meth:`Dashboard.refresh` runs them:

- **instant**: :meth:`Dashboard.instant_step`: the flow model on the changed scenario and
  its equilibrium, plus redrawing the fan and members charts as PNGs (reused figures,
  lines redrawn over a cached background; a full redraw only when an axis must change
  its range: the ``full`` column counts them);
- **refined**: :meth:`Dashboard.preview_step`: the sampled preview and the redraw of the
  verdicts and the three sampled charts (fan, members, funnel), of which ``charts`` is the
  drawing alone (timed again apart).

Medians over the moves, wall and CPU time of the process (the machine may be shared and
loaded: CPU time is the honest figure; the wall time shows what a planner waits for on it).
The goal: the instant step under 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "scenarios" / "ninh_binh_2023.yaml", ROOT / "scenarios" / "thanh_hoa_2021_2025.yaml"]


def _timed(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of ``fn()``."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def _ms(values: list[float]) -> str:
    return f"{1000 * statistics.median(values):>8.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", nargs="+", type=Path, default=DEFAULT)
    ap.add_argument("--lever", default="levers.classes_per_year")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import partysim
    from partysim.analysis.flow_inputs import flow_inputs
    from partysim.ui import Dashboard

    print(f"median of {args.repeat} slider moves of {args.lever}, one step each; milliseconds (open, build: s)")
    print(
        f"{'scenario':<24} {'open':>5} {'cpu':>5} {'build':>5} {'cpu':>5} {'flow':>8} {'flow cpu':>8} {'instant':>8} {'inst cpu':>8} {'full':>5} "
        f"{'refined':>8} {'ref cpu':>8} {'charts':>8} {'chr cpu':>8}"
    )
    for path in args.scenarios:
        sc = partysim.load_scenario(path)
        opened: list[Dashboard] = []
        opening = _timed(lambda sc=sc, opened=opened: opened.append(Dashboard(sc, lang="vi")))
        dash = opened[0]
        build = _timed(lambda sc=sc: flow_inputs(sc, seed=sc.seed + 1))  # another seed: not the cached build
        control = dash.controls[args.lever]
        step = control.slider.step or 1
        flow, flow_cpu, inst, inst_cpu, ref, ref_cpu, charts, charts_cpu = ([] for _ in range(8))
        full0 = sum(c.full_draws for c in dash.instant_charts.charts.values())
        for k in range(1, args.repeat + 1):
            control.set_value(control.spec.value + k * step, notify=False)
            wall, cpu = _timed(dash.instant_step)
            inst.append(wall)
            inst_cpu.append(cpu)
            flow.append(dash.flow.seconds)
            flow_cpu.append(dash.flow.cpu_seconds)
            wall, cpu = _timed(dash.preview_step)
            ref.append(wall)
            ref_cpu.append(cpu)
            wall, cpu = _timed(dash._draw)
            charts.append(wall)
            charts_cpu.append(cpu)
        assert dash.error.value == "", dash.error.value
        full = sum(c.full_draws for c in dash.instant_charts.charts.values()) - full0
        print(
            f"{sc.name:<24} {opening[0]:>5.1f} {opening[1]:>5.1f} {build[0]:>5.1f} {build[1]:>5.1f} {_ms(flow)} {_ms(flow_cpu)} {_ms(inst)} {_ms(inst_cpu)} {full:>5} "
            f"{_ms(ref)} {_ms(ref_cpu)} {_ms(charts)} {_ms(charts_cpu)}"
        )


if __name__ == "__main__":
    main()
