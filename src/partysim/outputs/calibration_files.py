"""The files a calibration writes: the calibrated scenario (it ``extends`` the original and
sets the fitted values), the fit report in Markdown and the same in JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml

from partysim.analysis.calibration import CalibrationResult
from partysim.outputs.atomic import write_text
from partysim.scenario.bilingual import text_in
from partysim.scenario.schema import Scenario


def calibrated_document(scenario_path: Path, out_path: Path, scenario: Scenario, result: CalibrationResult) -> dict:
    """YAML content of the calibrated scenario: ``extends`` the original, fitted values set."""
    doc: dict[str, Any] = {
        "extends": os.path.relpath(Path(scenario_path).resolve(), Path(out_path).resolve().parent),
        "name": f"{scenario.name}_calibrated",
        "title": {
            "vi": f"{text_in(scenario.title or scenario.name, 'vi')} (đã hiệu chỉnh)",
            "en": f"{text_in(scenario.title or scenario.name, 'en')} (calibrated)",
        },
    }
    for path, value in result.values.items():
        node = doc
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = round(value, 6)
    return doc


def write_calibration(scenario_path: Path, scenario: Scenario, result: CalibrationResult, out: Path) -> list[Path]:
    """Write ``<name>_calibrated.yaml``, ``<name>_calibration.md`` and ``<name>_calibration.json``
    into ``out``, each atomically."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{scenario.name}_calibrated.yaml"
    doc = calibrated_document(scenario_path, target, scenario, result)
    header = (
        f"# Calibrated by `partysim calibrate` ({result.evaluations} evaluations x {result.replications} "
        f"replications, objective {result.objective:.4g}). Fitted values below; the rest is inherited.\n"
    )
    files = {
        target: header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
        out / f"{scenario.name}_calibration.md": result.summary(),
        out / f"{scenario.name}_calibration.json": json.dumps(
            {
                "scenario": result.scenario,
                "values": result.values,
                "start": result.start,
                "objective": result.objective,
                "objective_start": result.objective_start,
                "flat": result.flat,
                "sensitivity": result.sensitivity,
                "evaluations": result.evaluations,
                "replications": result.replications,
                "seconds": result.seconds,
                "fit": result.fit.to_dict(orient="records"),
            },
            ensure_ascii=False,
            indent=2,
        ),
    }
    return [write_text(path, text) for path, text in files.items()]
