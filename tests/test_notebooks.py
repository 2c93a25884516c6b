"""Every notebook in notebooks/ runs top to bottom on a fresh kernel, headless, with no
error, in under two minutes; and is stored as its generator writes it (no outputs)."""

from __future__ import annotations

import importlib.util
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LIMIT_S = 120


def test_there_are_notebooks():
    names = {p.stem for p in NOTEBOOKS}
    assert {"01_explore_policies", "02_forecast_and_nowcast", "03_compare_scenarios", "04_calibrate"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_clean_and_says_its_question(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "Question" in first.source
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} is stored with outputs"


def test_notebooks_match_their_generator(capsys):
    """The stored notebooks are exactly what ``notebooks/make_notebooks.py`` writes."""
    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "notebooks" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch):
    """Run a copy in a temporary folder (files it writes stay there)."""
    monkeypatch.setenv("PARTYSIM_SCENARIOS", str(ROOT / "scenarios"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    nb = nbformat.read(copy, as_version=4)
    client = NotebookClient(
        nb, timeout=LIMIT_S, kernel_name="python3", allow_errors=False, resources={"metadata": {"path": str(tmp_path)}}
    )
    t0 = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    elapsed = time.perf_counter() - t0
    assert elapsed < LIMIT_S, f"{path.name} took {elapsed:.0f} s"
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    print(f"{path.name}: {elapsed:.1f} s")
