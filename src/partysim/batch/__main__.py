"""``python -m partysim.batch batch|report ...`` (same as ``partysim batch|report``)."""

from partysim.batch.cli import cli

if __name__ == "__main__":  # pragma: no cover
    cli(prog_name="partysim")
