"""Validation with one plain-words message: pydantic errors become a ScenarioError.

:func:`validate_data` validates plain scenario data with a pydantic model. When that
fails, the first (most readable) error becomes one :class:`ScenarioError` naming the
file and line where the offending value was written (from the
:class:`~partysim.scenario.source_map.SourceMap`), the field, and what was expected:
bounds and unit from the field's declaration, a suggestion for a misspelt field, or a
validator's own message.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, TypeVar

import pydantic
from pydantic_core import ErrorDetails

from partysim.scenario.errors import ScenarioError
from partysim.scenario.field_lookup import allowed_names, field_info_at
from partysim.scenario.paths import NO_KEY, DataPath, data_key, format_path, node_at
from partysim.scenario.source_map import SourceMap

__all__ = ["validate_data"]

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)
_NO_VALUE = ScenarioError.NO_VALUE

_SIMPLE_EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of 'key: value' entries",
    "model_type": "a mapping of 'field: value' entries",
    "model_attributes_type": "a mapping of 'field: value' entries",
}
_LENGTH_TYPES = {"too_short", "too_long", "string_too_short", "string_too_long"}
_BOUND_TYPES = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


# -- which error, and where ------------------------------------------------------


def _split_loc(loc: tuple[Any, ...], data: Any, error_type: str) -> tuple[DataPath, int | None]:
    """Drop pydantic's non-data loc items (union member tags, '[key]').

    Returns:
        The cleaned path and the position in ``loc`` of the first union tag
        (``None`` if there is none).
    """
    cleaned: list[Any] = []
    first_tag: int | None = None
    node = data
    for position, item in enumerate(loc):
        key = data_key(node, item)
        if key is not NO_KEY:
            cleaned.append(key)
            node = node[key]
        elif position == len(loc) - 1 and error_type == "missing":
            cleaned.append(item)
        elif item != "[key]" and first_tag is None:
            first_tag = position
    return tuple(cleaned), first_tag


def _pick_error(errors: list[ErrorDetails], data: Any) -> ErrorDetails:
    """Pick the first error, but inside a union prefer the closest-matching member."""
    first = errors[0]
    _, tag_at = _split_loc(tuple(first["loc"]), data, first["type"])
    if tag_at is None:
        return first
    prefix = tuple(first["loc"][:tag_at])
    groups: dict[Any, list[ErrorDetails]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        if loc[:tag_at] == prefix and len(loc) > tag_at:
            groups.setdefault(loc[tag_at], []).append(err)

    # Prefer members whose shape matched (errors below the member itself), then
    # the member with the fewest errors; ties go to the first member.
    def score(group: list[ErrorDetails]) -> tuple[int, int]:
        matched = any(len(err["loc"]) > tag_at + 1 for err in group)
        return (0 if matched else 1, len(group))

    return min(groups.values(), key=score)[0]


# -- what was expected, in words ---------------------------------------------------


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _bounds_text(info: Any) -> str | None:
    """``"between 0.5 and 24"`` style text from a field's ge/gt/le/lt metadata."""
    if info is None:
        return None
    lower = upper = None
    for item in info.metadata:
        for attr, side in (("ge", "lo"), ("gt", "lo>"), ("le", "hi"), ("lt", "hi<")):
            value = getattr(item, attr, None)
            if value is not None:
                if side.startswith("lo"):
                    lower = (value, side == "lo")
                else:
                    upper = (value, side == "hi")
    if lower and upper:
        text = f"between {_num(lower[0])} and {_num(upper[0])}"
        if not (lower[1] and upper[1]):
            text += f" ({'inclusive' if lower[1] else 'exclusive'} of {_num(lower[0])}, "
            text += f"{'inclusive' if upper[1] else 'exclusive'} of {_num(upper[0])})"
        return text
    return None


def _describe(info: Any) -> str:
    """`` (unit)`` from a field's ``json_schema_extra["unit"]`` or short description."""
    extra = getattr(info, "json_schema_extra", None)
    if isinstance(extra, dict) and isinstance(extra.get("unit"), str) and extra["unit"]:
        return f" ({extra['unit']})"
    description = getattr(info, "description", None)
    if isinstance(description, str) and 0 < len(description) <= 60:
        return f" ({description})"
    return ""


def _bound_expected(err: ErrorDetails, info: Any) -> str:
    between = _bounds_text(info)
    noun = "a whole number" if getattr(info, "annotation", None) is int else "a number"
    if between:
        return f"{noun} {between}{_describe(info)}"
    ctx = err.get("ctx") or {}
    words = {
        "greater_than": ("gt", "greater than"),
        "greater_than_equal": ("ge", "at least"),
        "less_than": ("lt", "less than"),
        "less_than_equal": ("le", "at most"),
    }[err["type"]]
    return f"{noun} {words[1]} {_num(ctx.get(words[0]))}{_describe(info)}"


def _length_expected(kind: str, ctx: dict[str, Any]) -> str:
    """Plain words for list/text length errors."""
    what = "text" if kind.startswith("string") else "a list"
    unit = "character" if kind.startswith("string") else "item"
    if kind.endswith("too_short"):
        n = ctx.get("min_length")
        return f"{what} with at least {n} {unit}{'' if n == 1 else 's'}"
    n = ctx.get("max_length")
    return f"{what} with at most {n} {unit}{'' if n == 1 else 's'}"


def _strip_msg(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


def _generic_expected(msg: str) -> str:
    if msg.startswith("Input should be "):
        return msg[len("Input should be ") :]
    return f"a valid value ({msg[:1].lower()}{msg[1:]})"


def _suggestion(model_cls: type[pydantic.BaseModel], path: DataPath) -> str:
    allowed = allowed_names(model_cls, path[:-1])
    name = str(path[-1]) if path else ""
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return f"a known field (did you mean '{close[0]}'?)"
    if allowed:
        return "one of the known fields: " + ", ".join(allowed)
    return "a known field"


# -- one error into one ScenarioError ------------------------------------------------


def _error_from_pydantic(
    err: ErrorDetails, model_cls: type[pydantic.BaseModel], data: Any, sources: SourceMap
) -> ScenarioError:
    """Turn one pydantic error dict into a located, plain-words ScenarioError."""
    kind = err["type"]
    path, _ = _split_loc(tuple(err["loc"]), data, kind)
    file, line = sources.locate(path)
    field = format_path(path, data) or None
    if kind == "extra_forbidden":
        return ScenarioError(file, line, field, _suggestion(model_cls, path), problem="unknown field")
    if kind == "missing":
        return ScenarioError(file, line, field, "a value for it", problem="required field is missing")
    if kind in ("value_error", "assertion_error"):
        return _validator_error(err, path, data, sources)
    got = err.get("input", _NO_VALUE)
    info = field_info_at(model_cls, path)
    if kind in _BOUND_TYPES:
        return ScenarioError(file, line, field, _bound_expected(err, info), got=got)
    if kind in _SIMPLE_EXPECTED:
        return ScenarioError(file, line, field, _SIMPLE_EXPECTED[kind] + _describe(info), got=got)
    if kind in _LENGTH_TYPES:
        return ScenarioError(file, line, field, _length_expected(kind, err.get("ctx") or {}), got=got)
    if kind in ("literal_error", "enum"):
        options = (err.get("ctx") or {}).get("expected", "")
        return ScenarioError(file, line, field, f"one of {options}", got=got)
    return ScenarioError(file, line, field, _generic_expected(_strip_msg(err["msg"])), got=got)


def _validator_error(err: ErrorDetails, path: DataPath, data: Any, sources: SourceMap) -> ScenarioError:
    """A validator's own message, printed as is.

    If the message starts with a key of the mapping being validated (e.g. a
    model validator saying ``"classes_per_year in 2022: ..."``), the error is
    located at that key rather than at the whole mapping.
    """
    message = _strip_msg(err["msg"])
    target = node_at(data, path)
    if isinstance(target, dict):
        match = re.match(r"\s*([A-Za-z_][\w-]*)\b", message)
        key = data_key(target, match.group(1)) if match else NO_KEY
        if key is not NO_KEY:
            path = (*path, key)
    file, line = sources.locate(path)
    field = format_path(path, data) or None
    got = err.get("input", _NO_VALUE)
    if isinstance(got, (dict, list)) or re.search(r"\bgot\b", message):
        got = _NO_VALUE
    return ScenarioError(file, line, field, message, got=got, verbatim=True)


def validate_data(model_cls: type[ModelT], data: dict[Any, Any], sources: SourceMap) -> ModelT:
    """Validate ``data`` with ``model_cls``, converting failures to ScenarioError.

    Args:
        model_cls: The pydantic model describing a scenario (or part of one).
        data: Plain data as returned by
            :func:`~partysim.scenario.loader.load_scenario_data`.
        sources: The matching :class:`~partysim.scenario.source_map.SourceMap`.

    Returns:
        The validated model instance.

    Raises:
        ScenarioError: Built from the first (most readable) validation error,
            located at the file and line where the offending value was written.
    """
    try:
        return model_cls.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        if not errors:
            file = sources.locate(())[0]
            raise ScenarioError(file, None, None, "a valid scenario", problem=str(exc)) from None
        chosen = _pick_error(errors, data)
        raise _error_from_pydantic(chosen, model_cls, data, sources) from None
