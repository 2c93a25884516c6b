"""``partysim holdout``: predict the published figures a scenario holds out.

Runs the scenario (with ``--sets K``, over K parameter sets drawn from the priors; with
``--posterior`` or the file's ``calibration.posterior``, over a calibration's weighted
sets; with ``--preview``, on the preview's weighted sample of people) and, for every figure
of its ``validation.holdout`` block, prints the prediction with its 80% interval and
whether the published figure lies inside. ``--out`` writes ``holdout.json``
and ``holdout.md`` atomically. Bad input exits with code 2 and one ``error:`` line.

Registered on the main command group by :mod:`partysim.cli`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click

from partysim.cli.errors import fail

__all__ = ["holdout"]

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "line": "{name}: predicted {mean} (80%: {lo}-{hi}); published {pub}: {verdict}",
        "inside": "inside",
        "outside": "OUTSIDE",
        "none": "{name} declares no held-out figure (validation.holdout).",
        "total": "{k} of {n} held-out figures inside their 80% interval ({runs} runs; "
        "the intervals hold replication noise only)",
        "total_sets": "{k} of {n} held-out figures inside their 80% interval ({runs} runs over "
        "parameter sets and replications)",
        "at_least": "at least {v}",
        "at_most": "at most {v}",
    },
    "vi": {
        "line": "{name}: dự báo {mean} (80%: {lo}-{hi}); số đã công bố {pub}: {verdict}",
        "inside": "nằm trong",
        "outside": "NẰM NGOÀI",
        "none": "{name} không khai báo số liệu kiểm tra ngoài mẫu (validation.holdout).",
        "total": "{k}/{n} số liệu kiểm tra ngoài mẫu nằm trong khoảng 80% ({runs} lần mô phỏng; "
        "khoảng chỉ gồm dao động ngẫu nhiên)",
        "total_sets": "{k}/{n} số liệu kiểm tra ngoài mẫu nằm trong khoảng 80% ({runs} lần mô phỏng "
        "trên các bộ tham số và các lần lặp)",
        "at_least": "ít nhất {v}",
        "at_most": "nhiều nhất {v}",
    },
}


def _number(v: float, lang: str) -> str:
    from partysim.outputs.i18n import format_number

    if abs(v) < 1 and v != 0:  # shares: 3 decimals, 4 below 0.01 (0.0041 is not 0.004)
        return format_number(v, lang, 3 if abs(v) >= 0.01 else 4, trim=True)
    return format_number(v, lang, 1, trim=True)


def _published(lo: float, hi: float, lang: str) -> str:
    w = _WORDS[lang]
    if lo == hi:
        return _number(lo, lang)
    if math.isinf(hi):
        return w["at_least"].format(v=_number(lo, lang))
    if math.isinf(lo):
        return w["at_most"].format(v=_number(hi, lang))
    return f"{_number(lo, lang)}-{_number(hi, lang)}"


def _lines(checks, lang: str) -> list[str]:
    w = _WORDS[lang]
    out = []
    for _, r in checks.table.iterrows():
        out.append(
            w["line"].format(
                name=r["name"],
                mean=_number(r["mean"], lang),
                lo=_number(r["p10"], lang),
                hi=_number(r["p90"], lang),
                pub=_published(r["published_low"], r["published_high"], lang),
                verdict=w["inside"] if r["inside"] else w["outside"],
            )
        )
    key = "total_sets" if checks.parameter_uncertainty else "total"
    out.append(w[key].format(k=checks.inside, n=len(checks.table), runs=checks.runs))
    return out


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _write(out_dir: Path, sc, checks, lines: list[str]) -> None:
    from partysim.outputs.atomic import write_text

    out_dir.mkdir(parents=True, exist_ok=True)
    rows = [{k: _plain(v) for k, v in r.items()} for r in checks.table.to_dict("records")]
    doc = {"scenario": sc.name, "scenario_sha256": sc.sha256(), "runs": checks.runs, "checks": rows}
    write_text(out_dir / "holdout.json", json.dumps(doc, ensure_ascii=False, indent=2))
    write_text(out_dir / "holdout.md", f"# {sc.name}\n\n" + "\n".join(f"- {line}" for line in lines) + "\n")


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--replications", "-n", type=click.IntRange(1, 10_000), default=8, show_default=True)
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Seed (default: the scenario's).")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value first.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Write holdout.json and holdout.md here.")
@click.option(
    "--sets",
    "-k",
    type=click.IntRange(0, 10_000),
    default=0,
    show_default=True,
    help="Parameter sets from the priors to predict over (each runs -n replications at full scale); "
    "0: chance only. Off by default, unlike run's verdicts: the runs grow K-fold "
    "(20 sets of the 1/100 nation take over an hour).",
)
@click.option(
    "--posterior", default=None, metavar="DIR_OR_CSV", help="Predict over a calibration's weighted sets instead."
)
@click.option(
    "--preview",
    is_flag=True,
    help="Run every set on the preview's weighted sample of people instead of at full scale (fast, rougher; "
    "the figures are scaled to the whole territory).",
)
def holdout(
    scenario: str,
    replications: int,
    seed: int | None,
    overrides: tuple[str, ...],
    lang: str,
    out: str | None,
    sets: int,
    posterior: str | None,
    preview: bool,
) -> None:
    """Predict the published figures SCENARIO holds out, and say whether each lies inside.

    With --sets or --posterior the interval spans what is unknown of the parameters too
    (values given with --set are kept)."""
    from partysim.analysis.holdout import HoldoutError, check_holdout, holdout_over_sets
    from partysim.analysis.preview import PREVIEW_PEOPLE, run_preview
    from partysim.analysis.runner import run
    from partysim.cli.judging import command_uncertainty
    from partysim.scenario.loader import ScenarioError
    from partysim.scenario.schema import load_scenario

    try:
        sc = load_scenario(scenario, overrides)
    except ScenarioError as err:
        fail(err.render(lang))
    if not sc.validation.holdout:
        click.echo(_WORDS[lang]["none"].format(name=sc.name))
        return
    u = command_uncertainty(sc, scenario, sets, posterior, overrides=overrides)
    seed = sc.seed if seed is None else seed
    try:
        if u.active:
            draws, weights, _ = u.design(sc, seed)
            people = PREVIEW_PEOPLE if preview else None
            checks = holdout_over_sets(sc, draws, replications, seed, weights, people_budget=people)
        else:
            if preview:
                res = run_preview(sc, PREVIEW_PEOPLE, replications=replications, seed=seed)
            else:
                res = run(sc, replications=replications, seed=seed, progress=False)
            checks = check_holdout(sc, res.annual, res.monthly, res.by_node)
    except HoldoutError as err:
        fail(str(err))
    lines = _lines(checks, lang)
    for line in lines:
        click.echo(line)
    if out:
        _write(Path(out), sc, checks, lines)
