"""The dashboard as a stand-alone web page (``partysim app SCENARIO``), served by Voila.

For planners who do not write code: no notebook, no cell to run. A one-cell notebook that
shows :class:`~partysim.ui.dashboard.Dashboard` for the scenario is written to a temporary
folder and served by Voila, which runs it in a kernel of its own and shows only the widgets
(code hidden). Voila serves its own JavaScript and styles, so the page works without the
internet. By default the server listens on 127.0.0.1 only, with a random token in the
address: nobody else on the network can reach it.

Scenario files saved and charts exported from the page go to the folder the command was
started in (``<name>__<changes>.yaml``, ``exports/``).
"""

from __future__ import annotations

import importlib.util
import json
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["DEFAULT_PORT", "app_command", "app_notebook", "free_port", "serve", "voila_available"]

DEFAULT_PORT = 8866


def voila_available() -> bool:
    """Whether Voila is installed (``pip install 'partysim[notebook]'``)."""
    return importlib.util.find_spec("voila") is not None


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def app_notebook(scenario: Path, lang: str, workdir: Path) -> dict:
    """The one-cell notebook (nbformat 4) that shows the dashboard for ``scenario``.

    Args:
        scenario: The scenario file (absolute path).
        lang: ``"vi"`` or ``"en"``: the dashboard's first language.
        workdir: Folder where saved scenarios and exported charts go.
    """
    code = "\n".join(
        [
            "import matplotlib",
            'matplotlib.use("Agg")',
            "from partysim.ui import Dashboard",
            f"Dashboard({str(scenario)!r}, lang={lang!r}, export_dir={str(workdir / 'exports')!r}, "
            f"save_dir={str(workdir)!r})",
        ]
    )
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": [
            {
                "cell_type": "code",
                "id": "partysim-app",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": code,
            }
        ],
    }


def app_command(notebook: Path, host: str, port: int, token: str) -> list[str]:
    """The Voila command line serving ``notebook`` on ``host:port`` with ``token``."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--token={token}",
        "--theme=light",
        "--strip_sources=True",
        "--show_tracebacks=False",
    ]


def serve(
    scenario: Path,
    lang: str = "vi",
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    token: str | None = None,
    on_url=print,
) -> int:
    """Serve the dashboard for ``scenario`` until Ctrl-C; returns Voila's exit code.

    Args:
        scenario: The scenario file (validated by the caller).
        lang: First language of the page.
        host: Address to listen on (127.0.0.1: this machine only).
        port: Port (0: any free port).
        token: Token required in the address (default: a new random one).
        on_url: Called with the address to open, token included.
    """
    token = token or secrets.token_urlsafe(18)
    port = port or free_port(host)
    folder = Path(tempfile.mkdtemp(prefix="partysim-app-"))
    try:
        nb = folder / "partysim.ipynb"
        nb.write_text(
            json.dumps(app_notebook(scenario.resolve(), lang, Path.cwd()), ensure_ascii=False), encoding="utf-8"
        )
        proc = subprocess.Popen(app_command(nb, host, port, token), cwd=folder)
        on_url(f"http://{host}:{port}/?token={token}")
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.send_signal(signal.SIGINT)
            try:
                return proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                return proc.wait()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
