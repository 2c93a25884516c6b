"""``partysim forecast SERIES.csv``: forecast a series from a file.

Registered on the main command group by ``main.add_command(forecast)`` in
:mod:`partysim.cli`. Writes into ``--out``:

* ``forecast.csv``: ``period, mean, median, lo80, hi80, lo95, hi95`` (units
  of the series; ``mean`` is the point forecast);
* ``forecast.png`` and ``forecast.svg``: the chart;
* ``summary.json``: input file and hash, the model(s) chosen with their
  weights and backtest figures, every candidate's backtest figures, the
  interval calibration, seed and paths.

A series that cannot be forecast (fewer than 4 points, gaps, unreadable)
exits with code 2 and one line on stderr; nothing is written. Files are
written to a temporary name and renamed, so no half-written file is left.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import click

from partysim.cli.errors import fail

__all__ = ["forecast"]


def _clean(value):
    """JSON-safe value: NaN and infinities become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def summary_dict(result, source: Path, sha256: str, column: str | None, seed: int, date: str) -> dict:
    """The ``summary.json`` content for a forecast of a file."""
    from partysim.version import __version__

    scores = result.scores.reset_index()
    candidates = [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in scores.to_dict(orient="records")
    ]
    chosen = [c for c in candidates if c["weight"] > 0]
    return _clean(
        {
            "input": source.name,
            "input_sha256": sha256,
            "column": column or result.name,
            "frequency": "annual" if result.info.freq == "Y" else "quarterly",
            "count_series": result.info.count,
            "history": {
                "first": str(result.history.index[0]),
                "last": str(result.history.index[-1]),
                "points": len(result.history),
            },
            "horizon": result.horizon,
            "method": result.method,
            "models_chosen": chosen,
            "candidates": candidates,
            "failed_models": result.failed,
            "backtest_note": "rolling-origin backtest on the last origins of this series, 1-3 periods ahead; "
            "MASE unit-free, sMAPE in percent, coverage as fractions of calibrated intervals",
            "calibration": result.calibration,
            "forecast": result.to_frame().to_dict(orient="records"),
            "seed": seed,
            "paths": result.n_paths,
            "version": __version__,
            "date": date,
        }
    )


@click.command()
@click.argument("series", type=click.Path(dir_okay=False))
@click.option("--column", default=None, help="Value column (default: the only numeric column besides year/period).")
@click.option("--sheet", default=None, help="Excel sheet: its name, or its number (1 = the first). Default: the first.")
@click.option(
    "--decimal",
    type=click.Choice([",", "."]),
    default=None,
    help="Decimal separator of the file's numbers when they are ambiguous (',' Vietnamese, '.' English).",
)
@click.option("--horizon", "-H", type=click.IntRange(1, 40), required=True, help="Periods to forecast.")
@click.option("--out", "out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option(
    "--method",
    type=click.Choice(["combine", "select"]),
    default="combine",
    show_default=True,
    help="Combine candidate models by backtest accuracy, or select the best one.",
)
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True, help="Random seed.")
@click.option(
    "--paths",
    "n_paths",
    type=click.IntRange(100, 200_000),
    default=2000,
    show_default=True,
    help="Simulated sample paths.",
)
@click.option("--name", default=None, help="Name of the quantity in the chart (default: the column name).")
@click.option("--unit", default=None, help="Unit for the chart's y axis (default: people, for counts).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Chart language.")
def forecast(
    series: str,
    column: str | None,
    sheet: str | None,
    decimal: str | None,
    horizon: int,
    out: str,
    method: str,
    seed: int,
    n_paths: int,
    name: str | None,
    unit: str | None,
    lang: str,
) -> None:
    """Forecast SERIES (CSV or Excel with a year or period column) HORIZON periods ahead.

    Numbers may be written in Vietnamese (2.360; 12,5) or English (2,360; 12.5) style;
    an ambiguous one (2.360 with nothing in the file to say which) is refused.

    Writes forecast.csv, forecast.png, forecast.svg and summary.json to OUT.
    """
    from partysim.forecast import ForecastError, forecast_chart, read_series
    from partysim.forecast import forecast as run_forecast
    from partysim.outputs.atomic import write_text
    from partysim.outputs.charts import save_figure
    from partysim.outputs.i18n import label
    from partysim.outputs.provenance import Provenance
    from partysim.outputs.writer import run_date
    from partysim.version import __version__

    source = Path(series)
    try:
        y = read_series(source, column, sheet=sheet, decimal=decimal)
        result = run_forecast(y, horizon, method=method, n_paths=n_paths, seed=seed)
        sha = hashlib.sha256(source.read_bytes()).hexdigest()
    except ForecastError as err:
        fail(err.render(lang) if hasattr(err, "render") else str(err), lang)
    except OSError as err:
        fail(f"{source}: {err.strerror or err}", lang)
    date = run_date()
    prov = Provenance(
        scenario=source.name, sha256=sha, version=__version__, seed=seed, replications=n_paths, date=date, runs="paths"
    )
    fig = forecast_chart(result, prov, lang, name=name, unit=unit)
    summary = summary_dict(result, source, sha, column, seed, date)
    out_dir = Path(out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_text(out_dir / "forecast.csv", result.to_frame().to_csv(index=False))
        save_figure(fig, out_dir / "forecast", formats=("png", "svg"))
        write_text(out_dir / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    except OSError as err:
        fail(label("cli.cannot_write", lang).format(dir=out_dir, why=err.strerror or err), lang)
    chosen = ", ".join(f"{m} {w:.2f}" for m, w in result.weights.items())
    click.echo(label("cli.forecast_done", lang).format(name=result.name, method=method, models=chosen, dir=out_dir))


if __name__ == "__main__":  # pragma: no cover
    forecast()
