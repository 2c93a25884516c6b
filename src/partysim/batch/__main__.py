"""``python -m partysim.batch batch|report ...`` (same as ``partysim batch|report``)."""

from .cli import cli

if __name__ == "__main__":  # pragma: no cover
    cli(prog_name="partysim")
