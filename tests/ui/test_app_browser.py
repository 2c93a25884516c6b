"""``partysim app``: the dashboard as a stand-alone page (Voila) in Debian's Chromium.

Starts ``partysim app tests/data/tiny.yaml`` on 127.0.0.1 with a token and a free port,
checks that the page refuses a visitor without the token, opens it with Playwright (every
request to another host is blocked and recorded), waits for the dashboard, moves a lever
slider with the keyboard and checks that the verdict and the fan chart change. A screenshot
is saved as a test artefact (``tests/ui/artifacts/``, or ``$PARTYSIM_ARTIFACTS``).

Offline: Voila serves its own scripts, styles and fonts. Its page template still links two
Font Awesome stylesheets on a CDN, which its own bundle already contains; they are the only
requests allowed to fail, and the icons must still come from the local font.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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
TINY = ROOT / "tests" / "data" / "tiny.yaml"
ALLOWED_TO_FAIL = "cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free"


def _status(url: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, OSError):
        return 0  # not listening yet


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``partysim app`` on 127.0.0.1; yields (base url, token)."""
    require_chromium()
    pytest.importorskip("voila")
    port, token = free_port(), secrets.token_hex(16)
    home = tmp_path / "jupyter"
    env = dict(
        os.environ,
        MPLBACKEND="Agg",
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_DATA_DIR=str(home / "data"),
    )
    log = tmp_path / "app.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "partysim.cli",
                "app",
                str(TINY),
                "--port",
                str(port),
                "--token",
                token,
                "--lang",
                "vi",
            ],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while _status(f"{base}/?token={token}") != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"partysim app did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.5)
        assert f"{base}/?token={token}" in log.read_text(errors="replace")  # the address is printed
        yield base, token
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def test_app_serves_the_dashboard_offline_behind_a_token(app):
    from playwright.sync_api import sync_playwright

    base, token = app
    assert _status(f"{base}/") in (302, 401, 403)  # no token, no dashboard
    shot = artifacts() / "app_after_slider.png"
    with sync_playwright() as pw, offline_page(pw, 120_000) as (page, blocked):
        page.goto(f"{base}/?token={token}", wait_until="domcontentloaded")
        page.wait_for_selector(SLIDER, state="visible")
        page.wait_for_function(FAN_DRAWN)
        verdict0 = page.inner_text(VERDICT)
        src0 = page.get_attribute(FAN_IMG, "src")
        assert "Xác suất đạt từng chỉ tiêu" in verdict0  # Vietnamese, as asked
        move_slider_and_wait(page, verdict0, src0)
        assert page.inner_text(".widget-html.partysim-error").strip() == ""
        icons = page.evaluate(
            "async () => { await document.fonts.ready;"
            " return document.fonts.check('900 12px \"Font Awesome 5 Free\"'); }"
        )
        page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    assert all(ALLOWED_TO_FAIL in u for u in blocked), blocked  # nothing else leaves the machine
    assert icons, "the icons' font comes from Voila's own files"
