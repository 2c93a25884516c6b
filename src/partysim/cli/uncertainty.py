"""``partysim verdict``: verdicts over parameter uncertainty.

Draws K parameter sets from the priors of the scenario's estimates
(:mod:`partysim.analysis.priors`), runs each for R replications with common random
numbers (:func:`partysim.analysis.ensemble.run_ensemble`) and prints, per target and year,
P(met) with its 80% interval over the assumptions, how much of the uncertainty comes from
the assumptions rather than chance, and what weighs most. Writes ``ensemble.csv`` (one
row per set, replication and year: the parameters, then the annual figures) and
``verdict.json``, each atomically.

Registered on the main command group by :mod:`partysim.cli`. Bad input exits with code 2
and one ``error:`` line; nothing is written then.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import click

from partysim.analysis.honest import DEFAULT_SETS
from partysim.cli.errors import fail

__all__ = ["verdict"]

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "line": "{name}, {year}: P(met) {p} (80% over the assumptions: {lo}-{hi}); "
        "uncertainty: {share} from the assumptions, {noise} from chance",
        "design": "{k} parameter sets x {n} replications{preview}, varying {m} estimates",
        "preview": " (preview)",
        "wrote": "wrote {files} to {folder}",
        "posterior": "parameter sets and weights from the calibration {path} (posterior), not the priors",
        "reused": "judged on the calibration's own runs of these sets: no new simulation",
        "not_reused": "the calibration's runs ({n} replications{preview}, seed {seed}) are not the runs asked "
        "for: simulating again",
    },
    "vi": {
        "line": "{name}, năm {year}: khả năng đạt {p} (tùy các giả định, 8 trên 10 trường hợp trong khoảng {lo}-{hi}); "
        "độ bất định: {share} do giả định, {noise} do ngẫu nhiên",
        "design": "{k} bộ tham số x {n} lần lặp{preview}, thay đổi {m} tham số ước lượng",
        "preview": " (xem nhanh)",
        "wrote": "đã ghi {files} vào {folder}",
        "posterior": "bộ tham số và trọng số lấy từ kết quả hiệu chỉnh {path} (hậu nghiệm), không phải phân phối tiên nghiệm",
        "reused": "đánh giá trên chính các lần chạy của bước hiệu chỉnh với các bộ tham số này: không mô phỏng lại",
        "not_reused": "các lần chạy của bước hiệu chỉnh ({n} lần lặp{preview}, hạt giống {seed}) không phải các lần "
        "chạy được yêu cầu: mô phỏng lại",
    },
}
"""Console wording of ``partysim verdict`` (the rule sentences live in
:mod:`partysim.analysis.what_matters`)."""


def _plain(value: Any) -> Any:
    """JSON-friendly: numpy scalars to Python, NaN to None, texts to plain strings."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _prepare(
    scenario: str,
    overrides: tuple[str, ...],
    params: tuple[str, ...],
    sets: int,
    replications: int,
    seed: int | None,
    lang: str,
    posterior: str | None = None,
):
    """The scenario, its priors, the parameter sets (drawn, or read from ``posterior``) and
    their weights (``None``: equal), or exit 2 with one line."""
    from partysim.analysis.priors import PriorError, draw, priors
    from partysim.scenario.loader import ScenarioError
    from partysim.scenario.schema import load_scenario

    if sets < 2:
        fail(f"-k: expected at least 2 parameter sets, got {sets}")
    if replications < 1:
        fail(f"-n: expected at least 1 replication, got {replications}")
    try:
        sc = load_scenario(scenario, overrides)
    except ScenarioError as err:
        fail(err.render(lang))
    seed = sc.seed if seed is None else seed
    if posterior is not None:
        from partysim.cli.posterior import posterior_design

        if params:
            fail("--param: the parameters come from the --posterior file")
        prior_list, posterior_sets, weights = posterior_design(posterior, sc)
        return sc, prior_list, posterior_sets, seed, weights
    try:
        prior_list = priors(sc, list(params) if params else None)
    except PriorError as err:
        fail(f"--param {err}")
    return sc, prior_list, draw(prior_list, sets, seed), seed, None


def _verdict_rows(ens, lang: str) -> list[dict[str, Any]]:
    """Per target and year: the verdict, its variance split and what weighs most."""
    rows = []
    for row in ens.verdicts.to_dict("records"):
        target = ens.target(str(row["name"]))
        split = ens.decompose(str(target.name), row["year"]) if ens.replications >= 2 else None
        wm = ens.what_matters(str(target.name), row["year"])
        rows.append(
            {
                **row,
                "name": target.name.get(lang) if hasattr(target.name, "get") else str(target.name),
                "variance": None if split is None else split.as_dict(),
                "what_matters": wm.as_dict(lang),
            }
        )
    return rows


def _echo_rows(rows: list[dict[str, Any]], lang: str) -> None:
    from partysim.outputs.i18n.numbers import format_probability

    w = _WORDS[lang]
    for r in rows:
        var = r["variance"] or {}
        share = var.get("parameter_share", float("nan"))
        noise = var.get("noise_share", float("nan"))
        click.echo(
            w["line"].format(
                name=r["name"],
                year=r["year"],
                p=format_probability(r["probability"], lang),
                lo=format_probability(r["prob_lo"], lang),
                hi=format_probability(r["prob_hi"], lang),
                share=format_probability(share, lang),
                noise=format_probability(noise, lang),
            )
        )
        click.echo(f"  {r['what_matters']['weighs_most']}")
        click.echo(f"  {r['what_matters']['sentence']}")


def _document(sc, ens, prior_list, rows: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    return _plain(
        {
            "scenario": sc.name,
            "scenario_sha256": ens.scenario_sha256,
            "seed": ens.seed,
            "parameter_sets": ens.sets,
            "replications": ens.replications,
            "preview": ens.preview,
            "design": "scrambled Sobol sequence, seeded with the run's seed",
            "lang": lang,
            "priors": [
                {
                    "path": p.path,
                    "distribution": "triangular",
                    "lo": p.lo,
                    "mode": p.mode,
                    "hi": p.hi,
                    "unit": p.unit,
                    "whole": p.whole,
                }
                for p in prior_list
            ],
            "verdicts": rows,
        }
    )


def _write(out_dir: Path, ens, document: dict[str, Any]) -> list[Path]:
    from partysim.outputs.atomic import write_text

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        csv = write_text(out_dir / "ensemble.csv", ens.table().to_csv(index=False))
        js = write_text(out_dir / "verdict.json", json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    except OSError as err:
        fail(f"{out_dir}: cannot write ({err.strerror or err})")
    return [csv, js]


def _stored_ensemble(sc, posterior: str, sets, weights, seed: int, replications: int, preview: bool, lang: str):
    """The verdicts of the calibration's own runs when they are the runs asked for, else None."""
    from partysim.analysis.ensemble import ensemble_of_runs
    from partysim.cli.posterior import stored_runs

    annual, cal = stored_runs(posterior, sc, sets, seed, replications, preview)
    w = _WORDS[lang]
    if annual is None:
        if cal:
            shown = w["preview"] if cal.get("preview") else ""
            click.echo(w["not_reused"].format(n=cal.get("replications"), preview=shown, seed=cal.get("seed")))
        return None
    click.echo(w["reused"])
    return ensemble_of_runs(sc, sets, annual, replications, seed, preview, weights)


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--sets",
    "-k",
    "sets",
    type=int,
    default=DEFAULT_SETS,
    show_default=True,
    help="Parameter sets drawn from the priors.",
)
@click.option("--replications", "-n", type=int, default=4, show_default=True, help="Replications per parameter set.")
@click.option(
    "--seed",
    type=click.IntRange(0, 2**31 - 1),
    default=None,
    help="Seed of the draws and runs (default: the scenario's).",
)
@click.option("--preview", is_flag=True, help="Run on a weighted sample of the territory (fast).")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="PATH",
    help="An estimate to vary (repeat; default: calibration parameters, effect sizes and the most influential estimates).",
)
@click.option(
    "--posterior",
    type=click.Path(),
    default=None,
    metavar="DIR_OR_CSV",
    help="Judge over the weighted sets of `partysim calibrate --ensemble` (its folder or posterior_sets.csv) instead of prior draws.",
)
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value first.")
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of the console and verdict.json.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    default=None,
    help="Output folder (default: out/<scenario name>-verdict).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def verdict(
    scenario: str,
    sets: int,
    replications: int,
    seed: int | None,
    preview: bool,
    params: tuple[str, ...],
    posterior: str | None,
    overrides: tuple[str, ...],
    lang: str,
    out: str | None,
    quiet: bool,
) -> None:
    """Judge SCENARIO's targets over the uncertainty of its estimated parameters."""
    from tqdm.auto import tqdm

    from partysim.analysis.ensemble import run_ensemble

    sc, prior_list, parameter_sets, seed, weights = _prepare(
        scenario, overrides, params, sets, replications, seed, lang, posterior
    )
    sets = len(parameter_sets)
    out_dir = Path(out) if out else Path("out") / f"{sc.name}-verdict"
    w = _WORDS[lang]
    click.echo(w["design"].format(k=sets, n=replications, preview=w["preview"] if preview else "", m=len(prior_list)))
    ens = None
    if posterior is not None:
        click.echo(w["posterior"].format(path=posterior))
        ens = _stored_ensemble(sc, posterior, parameter_sets, weights, seed, replications, preview, lang)
    reused = ens is not None
    if ens is None:
        with tqdm(total=sets, desc=sc.name, unit="set", delay=2.0, disable=quiet, leave=False, file=sys.stderr) as bar:
            try:
                ens = run_ensemble(
                    sc,
                    parameter_sets,
                    replications,
                    seed,
                    preview=preview,
                    weights=weights,
                    progress=lambda done, total: bar.update(1),
                )
            except KeyboardInterrupt:
                click.echo("interrupted: nothing written", err=True)
                sys.exit(130)
    rows = _verdict_rows(ens, lang)
    _echo_rows(rows, lang)
    document = _document(sc, ens, prior_list, rows, lang)
    if posterior is not None:
        document["design"] = f"weighted parameter sets of a calibration with uncertainty ({posterior})"
        document["runs"] = "the calibration's own runs" if reused else "simulated for this verdict"
    files = _write(out_dir, ens, document)
    click.echo(w["wrote"].format(files=", ".join(f.name for f in files), folder=out_dir))
