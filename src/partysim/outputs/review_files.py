"""Files of a quarterly review: ``review.md`` and ``review.docx`` (the one-page brief),
``review.json`` (every figure) and ``review_units.csv``, ``review_actions.csv``; each
written atomically (:mod:`partysim.outputs.atomic`)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from partysim.analysis.review_results import Review
from partysim.outputs.atomic import write_text
from partysim.outputs.brief_files import write_docx
from partysim.outputs.document import to_markdown
from partysim.outputs.review_text import review_blocks, review_footer

__all__ = ["review_document", "write_review"]


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def review_document(review: Review) -> dict[str, Any]:
    """Everything in the review as JSON-ready data."""
    return {
        "scenario": review.scenario_name,
        "scenario_sha256": review.scenario_sha256,
        "as_of": review.as_of,
        "year": review.year,
        "seed": review.seed,
        "replications": review.replications,
        "parameter_sets": review.sets,
        "parameter_source": review.parameter_source,
        "risk_level": review.risk_level,
        "reported": list(review.reported),
        "pipeline_given": review.pipeline_given,
        "units": [{k: _plain(v) for k, v in r.items()} for r in review.units.to_dict("records")],
        "actions": [{k: _plain(v) for k, v in r.items()} for r in review.actions.to_dict("records")],
        "action_changes": review.action_changes,
    }


def write_review(review: Review, out_dir: Path, lang: str, docx: bool = True) -> list[Path]:
    """Write the review's files into ``out_dir`` (created if needed); return their paths.

    Raises:
        OSError: A file cannot be written (the files already written stay whole).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    blocks = review_blocks(review, lang)
    paths = [
        write_text(out_dir / "review.md", to_markdown(blocks)),
        write_text(out_dir / "review.json", json.dumps(review_document(review), ensure_ascii=False, indent=2) + "\n"),
        write_text(out_dir / "review_units.csv", review.units.to_csv(index=False)),
        write_text(out_dir / "review_actions.csv", review.actions.to_csv(index=False)),
    ]
    if docx:
        title = str(blocks[0].text) if hasattr(blocks[0], "text") else review.scenario_name
        footer = review_footer(review, lang)
        paths.append(write_docx(blocks[:-1], out_dir, out_dir / "review.docx", title=title, footer=footer, lang=lang))
    return paths
