"""``partysim app SCENARIO``: the dashboard as a stand-alone web page (Voila), for planners
who do not write code. Registered on the main command group in :mod:`partysim.cli`.

Listens on 127.0.0.1 with a random token by default; the address to open (token included)
is printed. Stop it with Ctrl-C.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["app"]


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="First language of the page."
)
@click.option("--port", type=click.IntRange(0, 65535), default=8866, show_default=True, help="Port (0: any free port).")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. 127.0.0.1 is this machine only; another address lets the network in.",
)
@click.option("--token", default=None, help="Token required in the address (default: a new random one).")
def app(scenario: str, lang: str, port: int, host: str, token: str | None) -> None:
    """Serve the dashboard for SCENARIO as a web page (needs partysim[notebook])."""
    from partysim.cli.errors import fail
    from partysim.outputs.i18n import label
    from partysim.scenario.errors import ScenarioError
    from partysim.scenario.schema import load_scenario
    from partysim.ui.app import serve, voila_available

    try:
        load_scenario(scenario)
    except ScenarioError as err:
        fail(err.render(lang), lang)
    if not voila_available():
        fail(label("cli.app_missing", lang), lang)
    code = serve(
        Path(scenario),
        lang=lang,
        host=host,
        port=port,
        token=token,
        on_url=lambda url: click.echo(label("cli.app_url", lang).format(url=url)),
    )
    sys.exit(0 if code in (0, -2, 130) else code)
