"""The languages partysim writes: Vietnamese (the default) and English."""

from __future__ import annotations

__all__ = ["LANGS", "check_lang"]

#: Supported languages, in order of preference for this project.
LANGS: tuple[str, ...] = ("vi", "en")


def check_lang(lang: str) -> str:
    """Validate a language code.

    Args:
        lang: Language code, ``"vi"`` or ``"en"``.

    Returns:
        The same code, for chaining.

    Raises:
        ValueError: If ``lang`` is not supported. The message lists the
            supported codes.
    """
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of: " + ", ".join(repr(code) for code in LANGS))
    return lang
