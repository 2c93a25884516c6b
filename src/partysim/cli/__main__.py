"""``python -m partysim.cli``: the command line."""

from partysim.cli import main

main()
