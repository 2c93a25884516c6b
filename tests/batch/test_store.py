"""The batch folder: atomic run files, manifest, plan merge."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from partysim.batch.plan import plan_batch
from partysim.batch.store import RunStore
from partysim.batch.worker import run_spec
from partysim.outputs.atomic import atomic_write

from .conftest import TINY


@pytest.fixture(scope="module")
def spec_and_result():
    spec = plan_batch([TINY], replications=1, seed=3, monthly=True).specs[0]
    return spec, run_spec(spec)


def test_run_round_trip_is_exact(tmp_path: Path, spec_and_result):
    spec, res = spec_and_result
    store = RunStore(tmp_path)
    store.prepare()
    path = store.write_run(spec, res.annual, res.funnel, res.monthly, res.seconds, host="h")
    assert path == tmp_path / "runs" / f"{spec.key}.parquet"
    back = store.read_run(spec.key)
    pd.testing.assert_frame_equal(back.annual, res.annual)
    pd.testing.assert_frame_equal(back.funnel, res.funnel)
    pd.testing.assert_frame_equal(store.read_monthly(spec.key), res.monthly)
    assert back.meta["key"] == spec.key and back.meta["seed"] == 3 and back.meta["sha256"] == spec.sha256
    assert store.is_finished(spec.key, monthly=True)
    assert store.finished_keys() == {spec.key}
    [line] = store.manifest()
    assert line["status"] == "ok" and line["key"] == spec.key and line["version"] == spec.version
    assert line["replication"] == 0 and line["scenario"] == "tiny" and line["host"] == "h"
    assert not list(tmp_path.rglob("*.tmp"))


def test_failure_then_success_latest_wins(tmp_path: Path, spec_and_result):
    spec, res = spec_and_result
    store = RunStore(tmp_path)
    store.prepare()
    store.write_failure(spec, "ValueError: boom", "Traceback ...", 0.5)
    assert store.latest()[spec.key]["status"] == "failed"
    assert not store.is_finished(spec.key)
    store.write_run(spec, res.annual, res.funnel, None, 1.0)
    assert store.latest()[spec.key]["status"] == "ok"
    assert [r["status"] for r in store.manifest()] == ["failed", "ok"]


def test_prepare_cleans_temporary_files_and_ends_a_torn_line(tmp_path: Path, spec_and_result):
    spec, res = spec_and_result
    store = RunStore(tmp_path)
    store.prepare()
    (store.runs / f".{spec.key}.parquet.123.tmp").write_bytes(b"half")
    store.manifest_path.write_text('{"key": "a", "status": "ok"}\n{"key": "b", "sta', encoding="utf-8")
    store.prepare()
    assert not list(store.runs.glob("*.tmp"))
    store.write_run(spec, res.annual, res.funnel, None, 1.0)
    assert [r["key"] for r in store.manifest()] == ["a", spec.key]  # torn line skipped, next line intact


def test_atomic_write_leaves_no_partial_file(tmp_path: Path):
    target = tmp_path / "x.txt"
    with pytest.raises(RuntimeError):

        def boom(p: Path) -> None:
            p.write_text("partial")
            raise RuntimeError("disk full")

        atomic_write(target, boom)
    assert not target.exists() and not list(tmp_path.iterdir())


def test_plan_merge_keeps_earlier_points_and_replaces_a_file_s_points(tmp_path: Path, scenario_dir: Path):
    store = RunStore(tmp_path)
    store.prepare()
    store.save_plan(plan_batch([TINY, scenario_dir / "grid.yaml"], replications=2))
    store.save_plan(plan_batch([scenario_dir / "more_classes.yaml", scenario_dir / "grid.yaml"], replications=3))
    doc = json.loads(store.plan_path.read_text(encoding="utf-8"))
    assert [p["label"] for p in doc["points"]] == ["tiny", "grid", "grid@1", "grid@2", "grid@3", "more_classes"]
    assert {p["label"]: p["replications"] for p in doc["points"]}["tiny"] == 2
    assert {p["label"]: p["replications"] for p in doc["points"]}["grid@1"] == 3
    for p in doc["points"]:
        assert store.load_scenario(p["sha256"]).sha256() == p["sha256"]
