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
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "data" / "tiny.yaml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SLIDER = ".partysim-levers-quota-accountability .noUi-handle"
VERDICT = ".widget-html.partysim-verdict"
FAN_IMG = ".partysim-chart-fan img, img.partysim-chart-fan"
ALLOWED_TO_FAIL = "cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: install it with `apt-get install -y chromium`")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    pytest.importorskip("voila")
    port, token = _free_port(), secrets.token_hex(16)
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


def _artifacts() -> Path:
    path = Path(os.environ.get("PARTYSIM_ARTIFACTS", Path(__file__).resolve().parent / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_app_serves_the_dashboard_offline_behind_a_token(app):
    from playwright.sync_api import sync_playwright

    base, token = app
    assert _status(f"{base}/") in (302, 401, 403)  # no token, no dashboard
    blocked: list[str] = []

    def only_localhost(route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    shot = _artifacts() / "app_after_slider.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=60_000)
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 1200})
            context.set_default_timeout(120_000)
            context.route("**/*", only_localhost)
            page = context.new_page()
            page.goto(f"{base}/?token={token}", wait_until="domcontentloaded")
            page.wait_for_selector(SLIDER, state="visible")
            page.wait_for_function(
                f"() => {{ const i = document.querySelector('{FAN_IMG}'); return !!i && !!i.getAttribute('src'); }}"
            )
            verdict0 = page.inner_text(VERDICT)
            src0 = page.get_attribute(FAN_IMG, "src")
            assert "Xác suất đạt từng chỉ tiêu" in verdict0  # Vietnamese, as asked
            page.focus(SLIDER)
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "([sel, img, v0, s0]) => { const v = document.querySelector(sel); const i = document.querySelector(img);"
                " return !!v && !!i && v.innerText !== v0 && i.getAttribute('src') !== s0; }",
                arg=[VERDICT, FAN_IMG, verdict0, src0],
            )
            assert page.inner_text(".widget-html.partysim-error").strip() == ""
            icons = page.evaluate(
                "async () => { await document.fonts.ready;"
                " return document.fonts.check('900 12px \"Font Awesome 5 Free\"'); }"
            )
            page.screenshot(path=str(shot), full_page=False)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    assert all(ALLOWED_TO_FAIL in u for u in blocked), blocked  # nothing else leaves the machine
    assert icons, "the icons' font comes from Voila's own files"
