"""The dashboard as a planner uses it: JupyterLab in Debian's Chromium, driven by Playwright.

Starts JupyterLab on 127.0.0.1 (token, free port) serving a copy of notebooks/ from a
temporary folder, opens ``01_explore_policies``, runs all cells, moves a lever slider with
the keyboard and checks that the verdict text and the fan chart image change. Every
request not to 127.0.0.1 is blocked. A screenshot is saved as a test artefact
(``tests/ui/artifacts/``, or ``$PARTYSIM_ARTIFACTS``).

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``; never ``playwright install``).
Without it the test is skipped, except in CI (``$CI`` set), where it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .browser_support import (
    FAN_DRAWN,
    FAN_IMG,
    SLIDER,
    VERDICT,
    artifacts,
    free_port,
    move_slider_and_wait,
    offline_page,
    require_chromium,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "01_explore_policies.ipynb"
SERVER_START_S = 90
RUN_ALL_S = 120
CHANGE_S = 60


def _api(port: int, token: str, path: str, method: str = "GET", timeout: float = 5) -> object:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method=method, headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(req, timeout=timeout) as r:
        body = r.read()
    return json.loads(body) if body else None


def _stop(proc: subprocess.Popen, port: int, token: str) -> None:
    """Shut kernels and server down; kill the process group if they do not stop in time."""
    if proc.poll() is None:
        try:
            for k in _api(port, token, "/api/kernels") or []:  # type: ignore[union-attr]
                _api(port, token, f"/api/kernels/{k['id']}", method="DELETE", timeout=10)
        except (OSError, urllib.error.URLError, ValueError):
            pass
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


@pytest.fixture
def jupyter(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """JupyterLab on 127.0.0.1 serving a copy of notebooks/; yields (base url, token, log file)."""
    require_chromium()
    served = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", served, ignore=shutil.ignore_patterns("*.py", ".ipynb_checkpoints"))
    port, token = free_port(), secrets.token_hex(16)
    home = tmp_path / "jupyter"
    env = dict(
        os.environ,
        PARTYSIM_SCENARIOS=str(ROOT / "scenarios"),
        MPLBACKEND="Agg",
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    log = tmp_path / "jupyter.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--allow-root",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False",
        f"--ServerApp.root_dir={served}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=served, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
            try:
                _api(port, token, "/api/status", timeout=2)
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"JupyterLab did not answer in {SERVER_START_S} s:\n{log.read_text(errors='replace')[-3000:]}"
                    )
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", token, log
    finally:
        _stop(proc, port, token)


def _wait_idle(page, timeout_s: float) -> None:
    """Wait until the kernel status in the status bar reads "| Idle"."""
    page.wait_for_function(
        "() => { const s = document.querySelector('#jp-main-statusbar');"
        " return !!s && s.innerText.includes('| Idle'); }",
        timeout=timeout_s * 1000,
    )


def test_dashboard_in_jupyterlab(jupyter):
    from playwright.sync_api import sync_playwright

    base, token, _log = jupyter
    shot = artifacts() / "dashboard_after_slider.png"
    charts = artifacts() / "dashboard_charts.png"
    with sync_playwright() as pw, offline_page(pw, 60_000) as (page, blocked):
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}", wait_until="domcontentloaded", timeout=60_000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        _wait_idle(page, 90)  # kernel started

        page.wait_for_function("() => !!window.jupyterapp", timeout=30_000)
        page.evaluate("() => window.jupyterapp.commands.execute('runmenu:run-all')")
        page.wait_for_selector(SLIDER, state="visible", timeout=RUN_ALL_S * 1000)
        page.wait_for_function(FAN_DRAWN, timeout=RUN_ALL_S * 1000)
        _wait_idle(page, RUN_ALL_S)
        verdict0 = page.inner_text(VERDICT)
        src0 = page.get_attribute(FAN_IMG, "src")
        assert "Xác suất đạt từng chỉ tiêu" in verdict0  # Vietnamese by default
        assert src0

        move_slider_and_wait(page, verdict0, src0, CHANGE_S * 1000)
        _wait_idle(page, CHANGE_S)
        verdict1 = page.inner_text(VERDICT)
        src1 = page.get_attribute(FAN_IMG, "src")
        assert verdict1 != verdict0 and src1 != src0
        assert page.inner_text(".widget-html.partysim-error").strip() == ""
        page.locator(VERDICT).scroll_into_view_if_needed()
        page.screenshot(path=str(shot))
        page.locator(FAN_IMG).first.scroll_into_view_if_needed()
        page.screenshot(path=str(charts))
        print(f"screenshots: {shot} {charts}")
    assert shot.stat().st_size > 10_000 and charts.stat().st_size > 10_000
    assert all(urlparse(u).hostname != "127.0.0.1" for u in blocked)
