"""The command line's one ``error:`` line and exit code 2, shared by every command.

Bad input ends a command with one line on standard error, ``error: <message>`` (``lỗi:
<message>`` with ``--lang vi``), and exit code 2: no traceback.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click


def fail(message: str, lang: str = "en") -> NoReturn:
    """Print one ``error:`` line on standard error and exit with code 2.

    Args:
        message: What was wrong: the file or field, and what was expected.
        lang: ``"en"`` (prefix ``error``) or ``"vi"`` (prefix ``lỗi``).
    """
    from partysim.outputs.console_text import error_line

    click.echo(error_line(message, lang), err=True)
    sys.exit(2)
