"""What the two browser tests share: Debian's Chromium, an offline page, the dashboard's
selectors, and the wait for a slider move to change the verdict and the fan chart."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

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
FAN_DRAWN = f"() => {{ const i = document.querySelector('{FAN_IMG}'); return !!i && !!i.getAttribute('src'); }}"
"""JavaScript: true once the fan chart's image has a source."""


def require_chromium() -> None:
    """Skip without ``/usr/bin/chromium``, except in CI (``$CI`` set), where it fails."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: install it with `apt-get install -y chromium`")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def artifacts() -> Path:
    """Folder for screenshots: ``$PARTYSIM_ARTIFACTS`` or ``tests/ui/artifacts/``."""
    path = Path(os.environ.get("PARTYSIM_ARTIFACTS", Path(__file__).resolve().parent / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def offline_page(pw, timeout_ms: int) -> Iterator[tuple[object, list[str]]]:
    """A Chromium page (1600 x 1200) whose requests to any host but 127.0.0.1 are blocked;
    yields (page, the blocked URLs). The browser is closed afterwards."""
    blocked: list[str] = []

    def only_localhost(route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=60_000)
    try:
        context = browser.new_context(viewport={"width": 1600, "height": 1200})
        context.set_default_timeout(timeout_ms)
        context.route("**/*", only_localhost)
        yield context.new_page(), blocked
    finally:
        browser.close()


def move_slider_and_wait(page, verdict0: str, src0: str | None, timeout_ms: int | None = None) -> None:
    """Press the right arrow on the lever slider and wait until both the verdict text and
    the fan chart's image differ from ``verdict0`` and ``src0``."""
    page.focus(SLIDER)
    page.keyboard.press("ArrowRight")
    kwargs = {} if timeout_ms is None else {"timeout": timeout_ms}
    page.wait_for_function(
        "([sel, img, v0, s0]) => { const v = document.querySelector(sel); const i = document.querySelector(img);"
        " return !!v && !!i && v.innerText !== v0 && i.getAttribute('src') !== s0; }",
        arg=[VERDICT, FAN_IMG, verdict0, src0],
        **kwargs,
    )
