"""Plans: points of files and sweeps, common random numbers, stable run keys."""

from __future__ import annotations

from pathlib import Path

import partysim
from partysim.batch.plan import plan_batch, run_key

from .conftest import TINY, write_scenario


def test_points_share_seed_and_replications(scenario_dir: Path):
    plan = plan_batch([TINY, scenario_dir / "grid.yaml", scenario_dir / "lhs.yaml"], replications=3, seed=9)
    labels = [p.label for p in plan.points]
    assert labels == ["tiny", "grid", "grid@1", "grid@2", "grid@3", "lhs", "lhs@1", "lhs@2", "lhs@3", "lhs@4", "lhs@5"]
    assert {s.seed for s in plan.specs} == {9}
    for p in plan.points:  # every point gets replications 0, 1, 2: differences are paired
        assert sorted(s.replication for s in plan.specs if s.label == p.label) == [0, 1, 2]
    grid = [p for p in plan.points if p.sweep == "grid"]
    assert [dict(p.settings) for p in grid] == [{"levers.classes_per_year": v} for v in (1.0, 4.0, 12.0)]
    assert grid[0].overrides == ("levers.classes_per_year=1",)
    assert all(p.method == "grid" for p in grid)


def test_defaults_come_from_the_first_scenario(scenario_dir: Path):
    tiny = partysim.load_scenario(TINY)
    plan = plan_batch([TINY, scenario_dir / "more_classes.yaml"])
    assert plan.seed == tiny.seed and plan.replications == tiny.replications


def test_run_keys_are_stable_and_depend_on_content_seed_replication(scenario_dir: Path):
    a = plan_batch([TINY, scenario_dir / "grid.yaml"], replications=2, seed=1)
    b = plan_batch([TINY, scenario_dir / "grid.yaml"], replications=2, seed=1)
    assert [s.key for s in a.specs] == [s.key for s in b.specs]
    c = plan_batch([TINY], replications=2, seed=2)
    assert not {s.key for s in a.specs} & {s.key for s in c.specs}
    keys = [s.key for s in a.specs if s.label == "tiny"]
    assert len(set(keys)) == 2
    spec = a.specs[0]
    assert spec.key == run_key(spec.sha256, spec.seed, spec.replication, spec.version)


def test_same_content_same_runs(tmp_path: Path, scenario_dir: Path):
    # the sweep block does not change a run: tiny with a sweep shares tiny's runs
    tiny = TINY.read_text(encoding="utf-8")
    (tmp_path / "tiny_with_sweep.yaml").write_text(
        tiny + "sweep:\n  parameters:\n    levers.classes_per_year: [4, 6]\n", encoding="utf-8"
    )
    plan = plan_batch([TINY, tmp_path / "tiny_with_sweep.yaml"], replications=2, seed=1)
    by_label = {p.label: p for p in plan.points}
    assert by_label["tiny"].sha256 == by_label["tiny (tiny_with_sweep)"].sha256
    assert by_label["tiny (tiny_with_sweep)@1"].sha256 == by_label["tiny"].sha256  # classes 4 is tiny's own value
    assert len(plan.unique_specs()) == 2 * 2  # tiny (= sweep point 1) and sweep point 2


def test_bad_files_are_reported_and_the_rest_planned(tmp_path: Path, scenario_dir: Path):
    bad_sweep = write_scenario(
        tmp_path / "bad_sweep.yaml", "bad_sweep", "sweep:\n  parameters:\n    levers.no_such_lever: [1, 2]\n"
    )
    plan = plan_batch([scenario_dir / "broken.yaml", TINY, tmp_path / "missing.yaml", bad_sweep], replications=1)
    assert [p.label for p in plan.points] == ["tiny"]
    assert [e.file for e in plan.errors] == [
        str(scenario_dir / "broken.yaml"),
        str(tmp_path / "missing.yaml"),
        str(bad_sweep),
    ]
    for e in plan.errors:
        assert "\n" not in e.message and e.file in e.message
    assert "no_such_lever" in plan.errors[2].message
