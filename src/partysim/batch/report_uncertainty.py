"""The batch report over parameter uncertainty: each scenario's verdicts and its
difference from the baseline, integrating over what is not known of the parameters.

Every scenario as written (not sweep points: their probabilities stay over chance and
drivers, as the report says) is judged by :func:`partysim.analysis.honest.judge_with_uncertainty`
with the same parameter draws (same seed, same varied estimates), so the difference from
the baseline pairs parameter sets as well as replications
(:func:`partysim.analysis.ensemble.paired_difference`): "policy B adds 420 admissions
(80% interval 250-610)". A scenario that changes an estimate itself keeps its value
(pinned); its difference is then not paired over parameters and is left out.
"""

from __future__ import annotations

import pandas as pd

from partysim.analysis.ensemble import paired_difference
from partysim.analysis.honest import ParameterUncertainty, judge_with_uncertainty
from partysim.analysis.results import Results
from partysim.batch.compare import BatchResults, PointResults
from partysim.batch.document import Block, Heading, Paragraph, Table
from partysim.batch.report_names import Names
from partysim.outputs.i18n import format_number, format_probability, label
from partysim.outputs.uncertainty_text import explained_targets, probability_text, uncertainty_line
from partysim.scenario.parameters import iter_params

__all__ = ["honest_differences", "honest_points", "uncertainty_blocks"]


def _changed(point: PointResults, baseline: PointResults) -> tuple[str, ...]:
    before = {p.path: p.value for p in iter_params(baseline.scenario)}
    return tuple(p.path for p in iter_params(point.scenario) if p.estimate and before.get(p.path) != p.value)


def honest_points(results: BatchResults, baseline: PointResults, sets: int) -> dict[str, Results]:
    """Each scenario as written, judged over ``sets`` parameter sets (label -> Results)."""
    out: dict[str, Results] = {}
    if sets <= 0:
        return out
    for p in results.base_points():
        plain = Results.judged(p.scenario, p.seed, len(p.replications), pd.DataFrame(), p.annual, p.funnel, None)
        u = ParameterUncertainty(sets=sets, pinned=_changed(p, baseline))
        out[p.label] = judge_with_uncertainty(p.scenario, plain, u)
    return out


def honest_differences(honest: dict[str, Results], baseline: str) -> pd.DataFrame:
    """Each scenario minus the baseline, paired over parameter sets and replications.

    Returns:
        Columns ``label, target, year, diff, diff_lo, diff_hi, p_increase, runs`` (80%
        interval; the target's unit); empty when nothing is paired.
    """
    cols = ["label", "target", "year", "diff", "diff_lo", "diff_hi", "p_increase", "runs"]
    base = honest.get(baseline)
    if base is None or base.ensemble is None:
        return pd.DataFrame(columns=cols)
    rows = []
    for name, res in honest.items():
        if name == baseline or res.ensemble is None:
            continue
        for t in res.verdicts.itertuples():
            try:
                d = paired_difference(base.ensemble, res.ensemble, str(t.name), int(t.year))
            except (ValueError, KeyError):
                continue
            rows.append([name, str(t.name), int(t.year), d.mean, d.lo, d.hi, d.p_increase, d.runs])
    return pd.DataFrame(rows, columns=cols)


def uncertainty_blocks(
    honest: dict[str, Results], diffs: pd.DataFrame, baseline: str, names: Names, lang: str
) -> list[Block]:
    """The report's section: per scenario, target and year, P(met) with its 80% range over
    the parameter sets and the probability with every estimate fixed; then each scenario's
    paired difference from the baseline with its 80% interval."""
    if not honest:
        return [Heading(label("report.uncertainty", lang), 2), Paragraph(label("uncertainty.none", lang))]
    first = next(iter(honest.values()))
    intro = uncertainty_line({"uncertainty": first.uncertainty or {"source": "none"}}, lang)
    blocks: list[Block] = [Heading(label("report.uncertainty", lang), 2), Paragraph(intro)]
    header = [label(k, lang) for k in ("batch.col_point", "report.col_target", "report.col_year")]
    header += [label("report.col_probability", lang), label("uncertainty.col_fixed", lang)]
    header += [label("uncertainty.col_parameters", lang)]
    rows = []
    for lab, res in honest.items():
        for t in explained_targets(res, lang):
            rows.append(
                [
                    names.label(lab),
                    names.target(str(t["name"])),
                    str(t["year"]),
                    probability_text(t, lang),
                    format_probability(float(t.get("probability_fixed", t["probability"])), lang),
                    format_probability(float(t.get("parameter_share", float("nan"))), lang),
                ]
            )
    blocks.append(Table(header, rows, ["l", "l", "l", "r", "r", "r"]))
    if not diffs.empty:
        blocks.append(Paragraph(label("batch.honest_differences_note", lang).format(baseline=names.label(baseline))))
        head = [label(k, lang) for k in ("batch.col_point", "report.col_target", "report.col_year", "batch.col_diff")]
        head.append(label("batch.col_interval", lang).format(level=format_probability(0.8, lang)))
        body = [
            [
                names.label(r.label),
                names.target(r.target),
                str(r.year),
                format_number(r.diff, lang, 3, trim=True),
                f"{format_number(r.diff_lo, lang, 3, trim=True)} – {format_number(r.diff_hi, lang, 3, trim=True)}",
            ]
            for r in diffs.itertuples()
        ]
        blocks.append(Table(head, body, ["l", "l", "l", "r", "r"]))
    return blocks
