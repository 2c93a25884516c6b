"""Write the behaviour baseline: exact tables of every shipped scenario at a fixed seed.

Run ``python tests/baseline/make_baseline.py`` only when a change is *meant* to move the
numbers, and say why in the commit message (the CHANGELOG marks such entries). The test
``tests/test_baseline.py`` recomputes the same tables and compares them with what this
script stored; a refactoring that claims "behaviour unchanged" must leave them equal.

What is stored:

* ``tiny_annual.csv``: the full annual table of ``tests/data/tiny.yaml`` (2 replications),
  readable, so a reviewer sees which numbers moved.
* ``digests.json``: for every shipped scenario (and its calibrated copy), a SHA-256 of each
  table (monthly, annual, funnel, by_node) of replications 0 and 1, in a canonical form
  (columns sorted by name, values printed with full precision), plus a few headline numbers.
  Thanh Hóa is run at one tenth of its size (every unit ``count`` and the classes / 10).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCENARIOS = ROOT / "scenarios"
REPLICATIONS = (0, 1)
SCALED = {"thanh_hoa_2021_2025.yaml": 10, "calibrated/thanh_hoa_2021_2025_calibrated.yaml": 10}


def scenario_files() -> list[str]:
    """Every shipped scenario file, relative to ``scenarios/``."""
    files = sorted(p.relative_to(SCENARIOS).as_posix() for p in SCENARIOS.rglob("*.yaml"))
    return files


def canonical(df: pd.DataFrame) -> str:
    """A text form of a table that depends on its numbers only (not on column order)."""
    df = df[sorted(df.columns)].reset_index(drop=True)
    return df.to_csv(index=False, float_format="%.17g", lineterminator="\n")


def digest(df: pd.DataFrame) -> str:
    """SHA-256 of :func:`canonical`."""
    return hashlib.sha256(canonical(df).encode()).hexdigest()


def load(file: str):
    """The scenario, scaled down where it is large."""
    import partysim

    sc = partysim.load_scenario(SCENARIOS / file)
    factor = SCALED.get(file)
    if factor is None:
        return sc
    overrides = [
        f"territory.units[{i}].count={max(1, round(u.count / factor))}" for i, u in enumerate(sc.territory.units)
    ]
    overrides.append(f"levers.classes_per_year={sc.levers.classes_per_year / factor:g}")
    return partysim.load_scenario(SCENARIOS / file, overrides)


def tables(scenario) -> dict[str, pd.DataFrame]:
    """Monthly, annual, funnel and by-node tables of the baseline replications."""
    from partysim.analysis.runner import run_replication

    parts = [run_replication(scenario, r) for r in REPLICATIONS]
    out = {}
    for name in ("monthly", "annual", "funnel", "by_node"):
        out[name] = pd.concat([getattr(p, name) for p in parts], ignore_index=True)
    return out


def record(file: str) -> dict:
    """Digests and headline numbers of one scenario file."""
    t = tables(load(file))
    annual = t["annual"]
    return {
        "digests": {name: digest(df) for name, df in t.items()},
        "admissions": [int(v) for v in annual["admissions"]],
        "members_end": [int(v) for v in annual["members_end"]],
    }


def tiny_annual() -> pd.DataFrame:
    """Annual table of the small test scenario."""
    import partysim

    return tables(partysim.load_scenario(ROOT / "tests" / "data" / "tiny.yaml"))["annual"]


def main() -> int:
    canonical_tiny = canonical(tiny_annual())
    (HERE / "tiny_annual.csv").write_text(canonical_tiny)
    out = {file: record(file) for file in scenario_files()}
    (HERE / "digests.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {HERE / 'tiny_annual.csv'} and {HERE / 'digests.json'} ({len(out)} scenarios)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
