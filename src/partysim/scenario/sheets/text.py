"""Words in planners' tables: compared with or without Vietnamese diacritics.

A planner may write ``Năm``, ``Nam``, ``NĂM`` or ``năm (dương lịch)``: all are the
same header. :func:`fold` reduces a text to the form in which headers and words are
compared. :func:`looks_vietnamese` tells text in a Vietnamese (or plain Latin) script
from the garbage a wrong text encoding produces.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_keep", "has_diacritics", "looks_vietnamese"]

_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")

#: Combining marks of the Vietnamese alphabet: five tones, circumflex, breve, horn.
_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}

#: Non-letter characters that may appear in a planner's text.
_PUNCTUATION = set("–—‘’“”…•·°×«»€§¶\u00a0\u202f\u2009")


def _strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_keep(text: object) -> str:
    """Lower case, without diacritics and without text in brackets; punctuation kept.

    ``"Quý I/2022"`` -> ``"quy i/2022"``; ``"Số người (16-60 tuổi)"`` -> ``"so nguoi"``.
    """
    plain = _strip_marks(_PARENTHESES.sub(" ", str(text))).casefold()
    return _SPACES.sub(" ", plain).strip()


def fold(text: object) -> str:
    """:func:`fold_keep`, with every run of punctuation made one space.

    ``"Kết nạp (năm)"`` -> ``"ket nap"``; ``"Số đảng viên kết nạp:"`` ->
    ``"so dang vien ket nap"``; ``"full_members"`` -> ``"full members"``.
    """
    return " ".join(_NOT_WORD.sub(" ", fold_keep(text)).split())


def has_diacritics(text: object) -> bool:
    """Whether ``text`` has a Vietnamese letter outside plain ASCII (``ă``, ``đ``, ``ế`` ...)."""
    value = str(text)
    return any(ord(c) > 127 and (c in "đĐ" or unicodedata.decomposition(c) != "") for c in value if c.isalpha())


def looks_vietnamese(text: str) -> bool:
    """Whether every character is ASCII, Vietnamese or common punctuation.

    Text decoded with the wrong encoding (a TCVN3 or a Windows-1252 file read as
    Windows-1258, say) shows characters such as ``¨``, ``µ`` or ``ß``: then this is false.
    """
    for char in unicodedata.normalize("NFC", text):
        if ord(char) < 128 or char in _PUNCTUATION or char in "đĐ":
            continue
        parts = unicodedata.normalize("NFD", char)
        if not ("a" <= parts[0].lower() <= "z") or any(m not in _VIETNAMESE_MARKS for m in parts[1:]):
            return False
        if len(parts) == 1:
            return False
    return True
