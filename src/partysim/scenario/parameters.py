"""Parameter metadata: default, plausible range, unit and bilingual description.

Every tunable number of the model is declared once, with :func:`param`, as a pydantic
field. The metadata travels in the field's ``json_schema_extra`` so that validation
(range checks), sliders, sweeps and sensitivity analysis all read the same bounds.

``estimate=True`` marks numbers the sources do not give (docs/domain.md, ``[est]``): they are
candidates for calibration and their defaults are informed guesses, not facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo


def param(
    default: float, lo: float, hi: float, unit: str, en: str, vi: str, *, estimate: bool = True, group: str = ""
) -> Any:
    """Declare a model parameter as a pydantic field with a range and metadata.

    Args:
        default: Default value (in ``unit``).
        lo: Lowest plausible value (validation rejects values below it).
        hi: Highest plausible value (validation rejects values above it).
        unit: Unit in plain words, e.g. ``"per year"``, ``"months"``, ``"share 0-1"``.
        en: One-line description in English.
        vi: One-line description in Vietnamese.
        estimate: True when the sources give no number (docs/domain.md, ``[est]``).
        group: Dashboard group (sources, classes, enterprises, migration, retention).

    Returns:
        A pydantic ``Field``.
    """
    return Field(
        default,
        ge=lo,
        le=hi,
        description=en,
        json_schema_extra=param_metadata(lo, hi, unit, vi, estimate=estimate, group=group),
    )


def param_metadata(lo: float, hi: float, unit: str, vi: str, *, estimate: bool, group: str) -> dict[str, Any]:
    """The metadata a declared parameter carries in its field's ``json_schema_extra``.

    Args: see :func:`param`.
    """
    return {"lo": lo, "hi": hi, "unit": unit, "vi": vi, "estimate": estimate, "group": group}


def metadata_of(field: FieldInfo) -> dict[str, Any] | None:
    """The :func:`param_metadata` of a declared parameter's field, else ``None``."""
    extra = field.json_schema_extra
    return extra if isinstance(extra, dict) and "lo" in extra else None


@dataclass(frozen=True)
class ParamInfo:
    """Metadata of one parameter, found by walking a scenario model."""

    path: str
    value: Any
    default: Any
    lo: float
    hi: float
    unit: str
    en: str
    vi: str
    estimate: bool
    group: str


def iter_params(model: BaseModel, prefix: str = "") -> Iterator[ParamInfo]:
    """Yield every declared parameter of ``model`` (recursively) with its current value.

    Args:
        model: A validated scenario or one of its sections.
        prefix: Dotted path of ``model`` inside the scenario.

    Yields:
        One :class:`ParamInfo` per parameter, in declaration order.
    """
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}{name}"
        extra = metadata_of(field)
        if extra is not None:
            yield ParamInfo(
                path=path,
                value=value,
                default=field.default,
                lo=extra["lo"],
                hi=extra["hi"],
                unit=extra["unit"],
                en=field.description or "",
                vi=extra["vi"],
                estimate=extra["estimate"],
                group=extra["group"],
            )
        elif isinstance(value, BaseModel):
            yield from iter_params(value, prefix=f"{path}.")
