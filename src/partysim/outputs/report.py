"""One-page Markdown brief for planners, in Vietnamese or English.

The brief answers the planner's question first ("will the quota be met, and
how likely?"), then gives the verdict table per target and year, a short
membership / outflow table, the two biggest leaks of the admission pipeline,
links to the charts and the provenance footer. The sections are built in
:mod:`partysim.outputs.report_sections`.

All numbers go through :mod:`partysim.outputs.i18n` so that Vietnamese output uses
``2.360`` and ``104,75%`` and English output ``2,360`` and ``104.75%``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from partysim.outputs.atomic import atomic_write
from partysim.outputs.composition_text import composition_blocks
from partysim.outputs.document import Block, Figure, Heading, NumberedList, Paragraph, Raw, Rule, to_markdown
from partysim.outputs.i18n import check_lang, label
from partysim.outputs.provenance import Provenance
from partysim.outputs.report_sections import OUTFLOW_COLUMNS, answer, leaks, members_table, verdict_table
from partysim.outputs.tables import complete_years
from partysim.outputs.uncertainty_text import uncertainty_blocks

__all__ = ["CHART_FILES", "OUTFLOW_COLUMNS", "ExtraSection", "brief_blocks", "render_report", "write_report"]

#: Chart files linked from the report (relative to the report's directory),
#: with the label key of their alt text.
CHART_FILES: tuple[tuple[str, str], ...] = (
    ("admissions_fan.png", "report.fig_fan"),
    ("members.png", "report.fig_members"),
    ("funnel.png", "report.fig_funnel"),
)

#: Permissions of a new brief: a report is meant to be shared.
_NEW_FILE_MODE = 0o644

#: An extra section: its heading and its body, Markdown text or blocks.
ExtraSection = tuple[str, "str | Sequence[Block]"]


def _report_years(summary: Mapping[str, Any], annual: pd.DataFrame | None) -> list[int]:
    """Years covered: those of ``annual``, else those of the summary's per-year rows."""
    if annual is not None and len(annual) and "year" in annual.columns:
        return sorted(int(y) for y in annual["year"].unique())
    return sorted({int(r["year"]) for r in summary.get("annual") or []})


def _section(heading: str, *body: Block) -> list[Block]:
    return [Heading(heading, 2), *body]


def brief_blocks(
    summary: dict,
    annual: pd.DataFrame,
    funnel: pd.DataFrame,
    prov: Provenance,
    lang: str,
    title: str,
    description: str = "",
    extra_sections: Sequence[ExtraSection] | None = None,
    changes: Sequence[str] = (),
) -> list[Block]:
    """The brief as document blocks (see :func:`render_report` for the arguments); the
    Markdown, DOCX and PDF briefs are all rendered from them."""
    check_lang(lang)
    annual = complete_years(annual)
    blocks: list[Block] = [Heading(title, 1)]
    if description.strip():
        blocks.append(Paragraph(description.strip()))
    if changes:
        blocks += _section(
            label("report.changes", lang), Paragraph(label("report.changes_intro", lang)), NumberedList(list(changes))
        )
    blocks += _section(label("report.answer", lang), Paragraph(answer(summary, annual, lang)))
    verdicts = verdict_table(summary, lang) if summary.get("targets") else Paragraph(label("report.no_targets", lang))
    blocks += _section(label("report.verdicts", lang), verdicts)
    blocks += _section(label("report.uncertainty", lang), *uncertainty_blocks(summary, lang))
    blocks += _section(
        label("report.members", lang),
        members_table(summary, annual, lang),
        Paragraph(label("report.outflow_note", lang), italic=True),
    )
    blocks += _section(label("report.leaks", lang), *leaks(funnel, _report_years(summary, annual), lang))
    blocks += _section(label("report.composition", lang), *composition_blocks(annual, lang))
    for heading, body in extra_sections or []:
        blocks += _section(heading, *([Raw(body)] if isinstance(body, str) else body))
    blocks += _section(
        label("report.charts", lang), *(Figure(None, fname, label(key, lang)) for fname, key in CHART_FILES)
    )
    blocks += [Rule(), Paragraph(prov.footer(lang), small=True)]
    return blocks


def render_report(
    summary: dict,
    annual: pd.DataFrame,
    funnel: pd.DataFrame,
    prov: Provenance,
    lang: str,
    title: str,
    description: str = "",
    extra_sections: Sequence[ExtraSection] | None = None,
    changes: Sequence[str] = (),
) -> str:
    """Render the one-page Markdown brief.

    Args:
        summary: Run summary with ``targets`` (list of dicts with ``name``,
            ``kind``, ``year``, ``threshold``, ``probability``, ``mean``,
            ``p10``, ``p50``, ``p90``, ``expected_shortfall``; fractions for
            rate and share kinds; names in ``lang``) and ``annual`` (per-year
            quantiles, used only if ``annual`` is empty).
        annual: One row per (replication, year) with member counts (people)
            and ``admission_rate`` (fraction); see the package data contract.
            If it has a ``months`` column, part-years are left out.
        funnel: One row per pipeline stage with ``entered`` and
            ``lost_<reason>`` (people, mean per replication, whole run).
        prov: Provenance for the footer.
        lang: ``"vi"`` or ``"en"``.
        title: Report title (first heading), in ``lang``, naming what was changed.
        description: Optional paragraph shown under the title.
        extra_sections: Optional (heading, body) sections placed before the charts, e.g.
            the comparison with the statistical forecast; a body is Markdown text or blocks.
        changes: What was changed from the scenario file, one line each (a section of
            its own after the title).

    Returns:
        The Markdown text, ending with a newline. Charts are linked as
        ``admissions_fan.png``, ``members.png`` and ``funnel.png`` relative
        to the report.

    Raises:
        ValueError: If ``lang`` is unsupported or ``annual`` lacks outflow
            columns.
    """
    blocks = brief_blocks(summary, annual, funnel, prov, lang, title, description, extra_sections, changes)
    return to_markdown(blocks, escape_emphasis=False)


def write_report(
    path: str | os.PathLike,
    summary: dict,
    annual: pd.DataFrame,
    funnel: pd.DataFrame,
    prov: Provenance,
    lang: str,
    title: str,
    description: str = "",
    extra_sections: Sequence[ExtraSection] | None = None,
    changes: Sequence[str] = (),
) -> Path:
    """Render the brief and write it to ``path`` atomically (UTF-8).

    The text is rendered first, then written with :func:`partysim.outputs.atomic.atomic_write`:
    if anything fails, ``path`` is left untouched (absent or with its previous content) and
    no temporary file remains. A replaced brief keeps its permissions; a new one is
    readable by everyone (``0644``).

    Args:
        path: Destination ``.md`` file. The parent directory must exist.
        summary: See :func:`render_report`.
        annual: See :func:`render_report`.
        funnel: See :func:`render_report`.
        prov: See :func:`render_report`.
        lang: See :func:`render_report`.
        title: See :func:`render_report`.
        description: See :func:`render_report`.
        extra_sections: See :func:`render_report`.
        changes: See :func:`render_report`.

    Returns:
        The path written.
    """
    path = Path(path)
    text = render_report(summary, annual, funnel, prov, lang, title, description, extra_sections, changes)
    mode = path.stat().st_mode & 0o777 if path.exists() else _NEW_FILE_MODE

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.chmod(mode)

    atomic_write(path, write)
    return path
