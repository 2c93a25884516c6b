"""Fixtures of the batch tests: small scenario files with sweeps, and one finished batch."""

from __future__ import annotations

from pathlib import Path

import pytest

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.yaml"


def write_scenario(path: Path, name: str, body: str = "") -> Path:
    """A scenario file extending tests/data/tiny.yaml."""
    path.write_text(f"extends: {TINY}\nname: {name}\n{body}", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def scenario_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("scenarios")
    write_scenario(d / "more_classes.yaml", "more_classes", "levers:\n  classes_per_year: 8\n")
    write_scenario(
        d / "grid.yaml", "grid", "sweep:\n  method: grid\n  parameters:\n    levers.classes_per_year: [1, 4, 12]\n"
    )
    write_scenario(
        d / "lhs.yaml",
        "lhs",
        "sweep:\n  method: lhs\n  samples: 5\n  seed: 11\n  parameters:\n"
        "    levers.classes_per_year: {low: 1, high: 12}\n    pipeline.identification_rate: {}\n",
    )
    (d / "broken.yaml").write_text("name: broken\nstart: 2022-01\nend: [oops\n", encoding="utf-8")
    return d


@pytest.fixture(scope="session")
def finished_batch(tmp_path_factory: pytest.TempPathFactory, scenario_dir: Path) -> Path:
    """tiny, more_classes and a grid sweep, 4 replications each, run in this process."""
    from partysim.batch import run_batch

    out = tmp_path_factory.mktemp("batch")
    files = [TINY, scenario_dir / "more_classes.yaml", scenario_dir / "grid.yaml"]
    summary = run_batch(files, out, replications=4, seed=5, workers=1, progress=False)
    assert summary.exit_code == 0 and summary.finished == summary.runs
    return out


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batch messages in English whatever the machine's locale (tests pass --lang vi to see Vietnamese)."""
    monkeypatch.setenv("PARTYSIM_LANG", "en")


@pytest.fixture
def procs():
    """Processes started by a test; each process group still there is killed by its id at the end."""
    from .procs import Procs

    started = Procs()
    try:
        yield started
    finally:
        started.stop_all()


def mount_tmpfs(folder: Path, size: str, read_only: bool = False) -> None:
    """Mount a tmpfs of ``size`` on ``folder`` (skips the test where mounting is not permitted)."""
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if read_only else "")
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(folder)], capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({res.stderr.strip() or res.returncode}): needs root")


@pytest.fixture
def tmpfs(tmp_path: Path):
    """A function mounting small tmpfs file systems under tmp_path; all unmounted at the end."""
    import subprocess

    mounted: list[Path] = []

    def mount(name: str, size: str = "256k", read_only: bool = False) -> Path:
        folder = tmp_path / name
        mount_tmpfs(folder, size, read_only)
        mounted.append(folder)
        return folder

    try:
        yield mount
    finally:
        for folder in reversed(mounted):
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
