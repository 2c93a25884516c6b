"""``partysim warm``: compile the numba kernels once, ahead of the first real run.

The engine's population passes (:mod:`partysim.model.kernels`) and the flow model's month
(:mod:`partysim.analysis.flow_month`) are numba kernels, compiled on their first call and
cached on disk next to the installed package. The first command after an install would
otherwise spend about a minute of CPU compiling (the dashboard's first slider move among
them); ``partysim warm SCENARIO`` pays it once, e.g. right after ``pip install``, by running
the scenario's preview for one replication and its flow model.

Registered on the main command group by :mod:`partysim.cli`.
"""

from __future__ import annotations

import time

import click

from partysim.cli.errors import fail

__all__ = ["warm"]


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def warm(scenario: str, lang: str) -> None:
    """Compile and cache the numba kernels by running SCENARIO's preview and flow model once."""
    from partysim.analysis.flow_inputs import flow_inputs
    from partysim.analysis.flow_model import FlowModel
    from partysim.analysis.preview import run_preview
    from partysim.scenario.errors import ScenarioError
    from partysim.scenario.schema import load_scenario

    try:
        sc = load_scenario(scenario)
    except ScenarioError as err:
        fail(err.render(lang), lang)
    t0 = time.perf_counter()
    run_preview(sc, replications=1)
    FlowModel(sc, flow_inputs(sc, sc.seed)).run()
    seconds = time.perf_counter() - t0
    words = {
        "en": f"kernels compiled and cached ({seconds:.0f} s); later runs start without compiling",
        "vi": f"đã biên dịch và lưu các hàm tính toán ({seconds:.0f} giây); các lần chạy sau không phải biên dịch lại",
    }
    click.echo(words[lang])
