"""Shared fixtures: paths to scenarios and a small fast scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

import partysim

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TINY = Path(__file__).parent / "data" / "tiny.yaml"


@pytest.fixture(scope="session")
def tiny_path() -> Path:
    return TINY


@pytest.fixture(scope="session")
def tiny() -> partysim.Scenario:
    return partysim.load_scenario(TINY)


@pytest.fixture(scope="session")
def tiny_results(tiny: partysim.Scenario) -> partysim.Results:
    return partysim.run(tiny, replications=4, progress=False, sets=0)
