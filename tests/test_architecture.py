"""The layout keeps its shape: layers import downwards only, the model does no I/O and no
drawing, no private name crosses a module, modules and functions stay small.

The layers, top to bottom (a module may import its own layer and the layers below)::

    cli                      partysim.cli (the command line, one module per group of commands)
    batch, ui                many runs; the notebook dashboard
    outputs                  house style, charts, briefs, writers, i18n
    analysis                 runner, results, verdicts, calibration, preview
    model                    people, units, streams, engine, mechanisms, Mesa face
    forecasting              statistics of a series (forecasts, nowcasts)
    scenario                 what a planner writes, validated

Faces at the package root (``partysim/__init__.py``, ``forecast.py``, ``nowcast.py``,
``version.py``) only re-export.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "partysim"

LAYERS = (("scenario",), ("forecasting",), ("model",), ("analysis",), ("outputs",), ("batch", "ui"), ("cli",))
FACES = {"__init__", "forecast", "nowcast", "version", "__main__"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
LABEL_TABLES = {"outputs/i18n/labels.py"}
"""Modules allowed past the line limit: they are tables of labels, not logic."""


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py"))


def layer_of(module: str) -> int | None:
    """Index in :data:`LAYERS` of a ``partysim.x.y`` module, None for a face."""
    parts = module.split(".")
    if parts[0] != "partysim" or len(parts) < 2:
        return None
    top = parts[1]
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    return None


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported, line) for every partysim import in ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            out.extend((a.name, [], node.lineno) for a in node.names)
    return out


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down_the_layers(path):
    here = layer_of(module_name(path))
    if here is None:
        return
    for mod, _, line in imports(path):
        there = layer_of(mod)
        if there is not None:
            assert there <= here, f"{path.relative_to(SRC)}:{line} imports {mod} from a higher layer"


def test_no_relative_imports_and_no_version_from_the_root():
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                where = f"{path.relative_to(SRC)}:{node.lineno}"
                assert node.level == 0, f"{where}: relative import"
                if node.module == "partysim":
                    assert "__version__" not in [a.name for a in node.names], f"{where}: __version__ from the root"


@pytest.mark.parametrize("path", [p for p in modules() if "/model/" in str(p)], ids=lambda p: p.name)
def test_model_does_no_io_and_no_drawing(path):
    banned = ("matplotlib", "pyarrow", "partysim.outputs", "partysim.ui", "partysim.batch", "click", "json")
    for mod, _, line in imports(path):
        assert not mod.startswith(banned), f"{path.name}:{line} imports {mod}"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open", f"{path.name}:{node.lineno} opens a file"
        if isinstance(node, ast.Attribute):
            assert node.attr not in {"write_text", "write_bytes", "to_csv", "to_parquet", "savefig"}, (
                f"{path.name}:{node.lineno} writes a file"
            )


def test_no_private_name_crosses_a_module():
    for path in modules():
        for mod, names, line in imports(path):
            if not mod.startswith("partysim"):
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            assert not private, f"{path.relative_to(SRC)}:{line} imports private {private} from {mod}"
            assert not any(part.startswith("_") and part != "__main__" for part in mod.split(".")), (
                f"{path.relative_to(SRC)}:{line} imports private module {mod}"
            )


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_and_functions_are_small(path):
    rel = str(path.relative_to(SRC))
    text = path.read_text(encoding="utf-8")
    if rel not in LABEL_TABLES:
        assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{rel}: {len(text.splitlines())} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            n = node.end_lineno - node.lineno + 1
            assert n <= MAX_FUNCTION_LINES, f"{rel}:{node.lineno} {node.name} has {n} lines"
