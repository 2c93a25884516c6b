"""The base of every block of a scenario file."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Section"]


class Section(BaseModel):
    """A block of a scenario file: unknown fields are refused; defaults are trusted as
    declared (not re-validated)."""

    model_config = ConfigDict(extra="forbid", validate_default=False)
