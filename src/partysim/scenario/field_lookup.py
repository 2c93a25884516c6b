"""Find the declared field behind a data path by walking a model's type annotations.

Used by error messages: the field's bounds, unit and description say what was
expected, and its siblings' names suggest the right spelling of an unknown field.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import pydantic

from partysim.scenario.paths import DataPath

__all__ = ["allowed_names", "field_info_at"]


def _unwrap(tp: Any) -> list[Any]:
    """Strip Annotated/Optional and flatten unions into candidate types."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in typing.get_args(tp):
            if arg is not type(None):
                out.extend(_unwrap(arg))
        return out
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def _model_field(model: type[pydantic.BaseModel], name: Any) -> Any:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias, info.validation_alias):
            return info
    return None


def _step_type(tp: Any, item: Any) -> list[Any]:
    """Types reachable from ``tp`` through one loc ``item``."""
    if _is_model(tp):
        info = _model_field(tp, item)
        return _unwrap(info.annotation) if info is not None else []
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, set, frozenset) or (
        isinstance(origin, type) and issubclass(origin, Sequence) and origin is not tuple
    ):
        return _unwrap(args[0]) if args else []
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            return _unwrap(args[0])
        return _unwrap(args[item]) if isinstance(item, int) and item < len(args) else []
    if origin is dict or (isinstance(origin, type) and issubclass(origin, Mapping)):
        return _unwrap(args[1]) if len(args) == 2 else []
    return []


def _types_at(model_cls: type[pydantic.BaseModel], path: DataPath) -> list[Any]:
    candidates: list[Any] = [model_cls]
    for item in path:
        candidates = [t for c in candidates for t in _step_type(c, item)]
    return candidates


def field_info_at(model_cls: type[pydantic.BaseModel], path: DataPath) -> Any:
    """The pydantic ``FieldInfo`` of the model field at ``path``, or ``None``.

    Only a path ending at a model field has one (a list item or a mapping value does
    not).
    """
    if not path:
        return None
    for parent in _types_at(model_cls, path[:-1]):
        if _is_model(parent):
            info = _model_field(parent, path[-1])
            if info is not None:
                return info
    return None


def allowed_names(model_cls: type[pydantic.BaseModel], parent_path: DataPath) -> list[str]:
    """Field names (aliases where declared) of the model(s) found at ``parent_path``."""
    names: list[str] = []
    for tp in _types_at(model_cls, parent_path):
        if _is_model(tp):
            for name, info in tp.model_fields.items():
                shown = info.alias if isinstance(info.alias, str) else name
                if shown not in names:
                    names.append(shown)
    return names
