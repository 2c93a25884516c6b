"""Names and descriptions written in Vietnamese and English: :class:`BilingualText`.

A scenario's ``title``, ``description`` and target ``name`` may be given either as plain
text (the same words in every output) or as one text per language::

    title: {vi: "Xã Hương Sơn 2018-2022", en: "Hương Sơn commune 2018-2022"}

A :class:`BilingualText` *is* the Vietnamese text (a ``str``; Vietnamese is partysim's
first language), so code that only needs an identifier (verdict tables, run keys) keeps
working; outputs ask for the language they are written in with :meth:`BilingualText.get`
or :func:`text_in`. A text given once serves both languages and is saved back as a plain
string, so files without translations keep their content hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import core_schema

__all__ = ["TEXT_LANGS", "BilingualText", "text_in"]

TEXT_LANGS: tuple[str, ...] = ("vi", "en")
"""Languages a scenario text can be written in."""


class BilingualText(str):
    """Text in Vietnamese (the string itself) and English (:attr:`en`).

    Args:
        vi: The Vietnamese text.
        en: The English text (default: the same as ``vi``).
    """

    vi: str
    en: str

    def __new__(cls, vi: str = "", en: str | None = None) -> BilingualText:
        obj = super().__new__(cls, vi)
        obj.vi = str(vi)
        obj.en = str(vi) if en is None else str(en)
        return obj

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # pickling, copies
        return (self.vi, self.en)

    def __repr__(self) -> str:
        if self.translated:
            return f"BilingualText(vi={self.vi!r}, en={self.en!r})"
        return f"BilingualText({self.vi!r})"

    @property
    def translated(self) -> bool:
        """True when the two languages differ (the file gave both)."""
        return self.vi != self.en

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``"vi"`` or ``"en"``)."""
        if lang not in TEXT_LANGS:
            raise ValueError(f"unsupported language {lang!r}; expected 'vi' or 'en'")
        return self.en if lang == "en" else self.vi

    def map(self, vi: str, en: str) -> BilingualText:
        """A new text from per-language texts (e.g. with a suffix in each language)."""
        return BilingualText(vi, en)

    def to_data(self) -> str | dict[str, str]:
        """Plain data for a file: a string, or ``{vi, en}`` when translated."""
        return {"vi": self.vi, "en": self.en} if self.translated else self.vi

    @classmethod
    def parse(cls, value: Any) -> BilingualText:
        """A text from a plain string or a ``{vi: ..., en: ...}`` mapping (one language may be
        missing: the other serves both).

        Raises:
            ValueError: Anything else (a number, a list, an unknown language key, empty texts).
        """
        if isinstance(value, BilingualText):
            return value
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, Mapping):
            unknown = [k for k in value if k not in TEXT_LANGS]
            if unknown:
                raise ValueError(
                    f"text in Vietnamese and English as {{vi: ..., en: ...}}; unknown language {unknown[0]!r}"
                )
            texts = {k: v for k, v in value.items() if v is not None}
            if not texts or not all(isinstance(v, str) for v in texts.values()):
                raise ValueError("text in Vietnamese and English as {vi: ..., en: ...} with text values")
            vi = texts.get("vi", texts.get("en", ""))
            return cls(vi, texts.get("en", vi))
        raise ValueError("text, or text in Vietnamese and English as {vi: ..., en: ...}")

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda v: v.to_data() if isinstance(v, BilingualText) else v
            ),
            json_schema_input_schema=core_schema.union_schema(
                [
                    core_schema.str_schema(),
                    core_schema.typed_dict_schema(
                        {
                            "vi": core_schema.typed_dict_field(core_schema.str_schema(), required=False),
                            "en": core_schema.typed_dict_field(core_schema.str_schema(), required=False),
                        }
                    ),
                ]
            ),
        )


def text_in(value: Any, lang: str) -> str:
    """``value`` in ``lang``: a :class:`BilingualText`'s language, or ``str(value)``."""
    if isinstance(value, BilingualText):
        return value.get(lang)
    return "" if value is None else str(value)
