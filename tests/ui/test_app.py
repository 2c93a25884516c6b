"""``partysim app``: the notebook it serves and the Voila command (no browser; see
``test_app_browser.py`` for the page itself)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from partysim.ui.app import app_command, app_notebook

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"


def test_notebook_shows_the_dashboard_and_saves_in_the_working_folder(tmp_path):
    nb = app_notebook(TINY, "vi", tmp_path)
    json.dumps(nb)  # plain JSON, as nbformat writes it
    (cell,) = nb["cells"]
    code = cell["source"]
    assert f"Dashboard({str(TINY)!r}, lang='vi'" in code
    assert repr(str(tmp_path / "exports")) in code and f"save_dir={str(tmp_path)!r}" in code


def test_command_listens_on_localhost_with_a_token(tmp_path):
    cmd = app_command(tmp_path / "nb.ipynb", "127.0.0.1", 8899, "s3cret")
    assert cmd[:3] == [sys.executable, "-m", "voila"]
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=8899" in cmd and "--token=s3cret" in cmd
    assert "--no-browser" in cmd and "--strip_sources=True" in cmd
