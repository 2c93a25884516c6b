"""Numbers that must be written as numbers.

Pydantic would read ``yes`` (a YAML boolean) as 1 and the text ``"1.000"`` as 1.0. A
scenario value is not what it looks like then, so fields declared :data:`Number` or
:data:`WholeNumber` refuse booleans and text with the usual "expected a number" error.
Integers are accepted as numbers, and whole floats (``3.0``) as whole numbers.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticKnownError

__all__ = ["Number", "WholeNumber"]


def _refuse_non_number(value: Any) -> Any:
    if isinstance(value, (bool, str)):
        raise PydanticKnownError("float_type")
    return value


def _refuse_non_whole_number(value: Any) -> Any:
    if isinstance(value, (bool, str)):
        raise PydanticKnownError("int_type")
    return value


Number = Annotated[float, BeforeValidator(_refuse_non_number)]
"""A number (``float``); booleans and text are refused."""

WholeNumber = Annotated[int, BeforeValidator(_refuse_non_whole_number)]
"""A whole number (``int``); booleans and text are refused."""
