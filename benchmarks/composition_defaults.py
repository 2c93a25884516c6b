"""Composition of new members in a province built from unit counts alone, every default.

Prints, per group, the predicted share of admissions in the years after the first (when
the starting pipeline has been worked through; pooled over replications, with the p10-p90
band of the yearly shares), the group's share among people eligible for the source
list and among members, next to the published figures the defaults were set against
(docs/domain.md, "Composition of new members"). Run::

    python benchmarks/composition_defaults.py [-n 4] [--neutral]

``--neutral`` sets every composition factor to 1 and no family resisting (composition
switched off): admissions then mirror the eligible people.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import partysim
from partysim.model.columns import GROUP_COLUMN
from partysim.scenario.groups import GROUPS
from partysim.scenario.rates.composition import NEUTRAL

SCENARIO = Path(__file__).resolve().parents[1] / "docs" / "examples" / "default_province.yaml"

PUBLISHED: dict[str, str] = {
    "youth": "64% aged 18-30 (nation 2006; Quảng Trị Q1 2024)",
    "women": "40.5% (nation H1 2011); 37-60% in provinces 2019-2024",
    "minority": "12.4% (nation H1 2011; 14.7% of people)",
    "religious": "1.1% (nation 2000); 0.8% Quảng Bình 2019; >11% Đồng Nai 2016",
    "student": "1.9% (nation 2000); 9.6% Lâm Đồng agencies H1 2021",
    "non_state": "about 5% (Đồng Nai 2016, private and foreign firms)",
    "college": "college or more: 34.6% (nation 2006), 57.3% (Đồng Nai 2016)",
    "upper_secondary": "upper secondary or more: 80.1% (nation 2000), >96% (Đồng Nai 2016)",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=4, help="replications")
    ap.add_argument("--neutral", action="store_true", help="every composition factor at 1, no resisting families")
    args = ap.parse_args()
    sc = partysim.load_scenario(SCENARIO)
    if args.neutral:
        sc = sc.with_values({**NEUTRAL, "population.family_resists_share": 0.0})
    t0 = time.perf_counter()
    res = partysim.run(sc, replications=args.n, progress=False, sets=0)
    a = res.annual[(res.annual["months"] == 12) & (res.annual["year"] > sc.start_ym[0])]  # after the first year
    adm = a["admissions"].sum()
    print(
        f"{sc.name}{' (neutral)' if args.neutral else ''}: {args.n} replications, {adm / args.n:.0f} admissions "
        f"per replication over {a['year'].nunique()} years, {time.perf_counter() - t0:.1f} s"
    )
    print(f"{'group':16} {'admitted':>9} {'p10-p90 (yearly)':>17} {'eligible':>9} {'members':>8}  published")
    shares = {g: a[GROUP_COLUMN[g]] / a["admissions"] for g in GROUPS}
    for g in GROUPS:
        yearly = shares[g].to_numpy()
        lo, hi = np.percentile(yearly, [10, 90])
        elig = a[f"eligible_{g}"].sum() / max(a["eligible"].sum(), 1)
        mem = a[f"members_{g}"].sum() / a["members_end"].sum()
        print(
            f"{g:16} {a[GROUP_COLUMN[g]].sum() / adm:9.1%} {lo:8.1%}-{hi:<8.1%} {elig:9.1%} {mem:8.1%}  {PUBLISHED.get(g, '')}"
        )
    beyond = ["college", "university", "postgraduate"]
    print(f"{'college or more':16} {sum(a[GROUP_COLUMN[g]].sum() for g in beyond) / adm:9.1%}")
    print(f"{'upper sec. or more':16} {sum(a[GROUP_COLUMN[g]].sum() for g in ['upper_secondary', *beyond]) / adm:9.1%}")


if __name__ == "__main__":
    main()
