"""PipelineModel as a mesa.Model: seeding, stepping, DataCollector, batch_run."""

import mesa

from partysim import PipelineModel


def test_step_is_one_month_and_collects(tiny):
    m = PipelineModel(tiny)
    for _ in range(3):
        m.step()
    assert m.month == 3
    df = m.datacollector.get_model_vars_dataframe()
    assert len(df) == 3
    assert (df["members"] > 0).all()


def test_runs_to_the_end_and_stops(tiny):
    m = PipelineModel(tiny)
    while m.running:
        m.step()
    assert m.month == tiny.months


def test_rng_seeds_the_model(tiny):
    a, b, c = PipelineModel(tiny, rng=5), PipelineModel(tiny, rng=5), PipelineModel(tiny, rng=6)
    for m in (a, b, c):
        for _ in range(6):
            m.step()
    rows = [m.datacollector.get_model_vars_dataframe() for m in (a, b, c)]
    assert rows[0].equals(rows[1])
    assert not rows[0].equals(rows[2])


def test_works_with_batch_run(tiny):
    out = mesa.batch_run(
        PipelineModel,
        parameters={"scenario": [tiny], "replication": [0, 1]},
        max_steps=4,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    assert len(out) == 2
    assert {r["replication"] for r in out} == {0, 1}
    assert all(r["members"] > 0 for r in out)


def test_batch_run_accepts_a_scenario_path(tiny_path):
    out = mesa.batch_run(
        PipelineModel,
        parameters={"scenario": str(tiny_path), "replication": [0, 1]},
        max_steps=2,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    assert len(out) == 2
    assert {r["replication"] for r in out} == {0, 1}
    assert all(r["members"] > 0 for r in out)
