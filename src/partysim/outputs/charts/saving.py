"""Save a chart as PNG, SVG and PDF files, atomically and reproducibly."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from matplotlib.figure import Figure

from partysim.outputs.atomic import atomic_write
from partysim.outputs.style import file_metadata, house_style

__all__ = ["FORMATS", "PNG_DPI", "save_figure"]

#: Formats :func:`save_figure` writes.
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
#: Resolution of saved PNG files (dots per inch).
PNG_DPI = 200


def save_figure(fig: Figure, stem: Path, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Save a figure in several formats next to each other.

    PNG is written at :data:`PNG_DPI` dpi; SVG with text as paths (glyphs survive without
    the font installed); PDF with embedded TrueType fonts (``pdf.fonttype`` 42); no
    timestamps in any. Each file is written with
    :func:`partysim.outputs.atomic.atomic_write`, so a crash never leaves a truncated chart.

    Args:
        fig: The figure.
        stem: Output path without extension, e.g. ``out/admissions_fan``.
            Parent directories are created.
        formats: Any of ``"png"``, ``"svg"``, ``"pdf"``.

    Returns:
        The written paths, in the order of ``formats``.

    Raises:
        ValueError: If a format is not supported (nothing is written).
    """
    fmts = [f.lower().lstrip(".") for f in formats]
    bad = [f for f in fmts if f not in FORMATS]
    if bad:
        raise ValueError(f"unsupported figure format(s): {', '.join(bad)}; use png, svg or pdf")
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with house_style():
        for fmt in fmts:
            path = stem.with_name(stem.name + "." + fmt)
            atomic_write(path, partial(_savefig, fig, fmt=fmt))
            paths.append(path)
    return paths


def _savefig(fig: Figure, path: Path, *, fmt: str) -> None:
    """``fig.savefig`` in format ``fmt``: white background, no timestamps, PNG at :data:`PNG_DPI`."""
    if fmt == "png":
        fig.savefig(path, format=fmt, facecolor="white", metadata=file_metadata(fmt), dpi=PNG_DPI)
    else:
        fig.savefig(path, format=fmt, facecolor="white", metadata=file_metadata(fmt))
