"""The words planners write in cells: kinds of unit, areas, ownership, yes/no, levels.

Each vocabulary maps a scenario value (``commune``, ``rural``, ``non_state`` ...) to the
Vietnamese and English words that mean it. Words are compared folded
(:func:`~partysim.scenario.sheets.text.fold`): ``Xã``, ``xa`` and ``XÃ`` are the same.
"""

from __future__ import annotations

from partysim.scenario.sheets.text import fold

__all__ = ["AREAS", "FLAGS", "KINDS", "LEVELS", "OWNERSHIPS", "Vocabulary", "level_of_node_name", "word_for"]

Vocabulary = dict[str, tuple[str, ...]]
"""Scenario value -> words that mean it (the first Vietnamese word is the one written)."""

KINDS: Vocabulary = {
    "commune": ("xã", "commune"),
    "ward": ("phường", "thị trấn", "ward", "town"),
    "enterprise": ("doanh nghiệp", "công ty", "dn", "enterprise", "company", "firm"),
    "school": ("trường học", "trường", "nhà trường", "school"),
    "agency": ("cơ quan", "cơ quan nhà nước", "agency"),
}

AREAS: Vocabulary = {
    "rural": ("nông thôn", "rural"),
    "urban": ("đô thị", "thành thị", "urban"),
    "mountain": ("miền núi", "vùng cao", "mountain", "mountainous"),
}

OWNERSHIPS: Vocabulary = {
    "state": ("nhà nước", "doanh nghiệp nhà nước", "dnnn", "state", "state owned"),
    "non_state": (
        "ngoài nhà nước",
        "tư nhân",
        "ngoài quốc doanh",
        "có vốn đầu tư nước ngoài",
        "fdi",
        "non state",
        "non_state",
        "private",
    ),
    "none": ("không", "none"),
}

FLAGS: Vocabulary = {
    "yes": ("có", "x", "yes", "y", "1", "true", "đúng"),
    "no": ("không", "no", "n", "0", "false", "sai"),
}

LEVELS: Vocabulary = {
    "province": ("tỉnh", "thành phố trực thuộc trung ương", "province"),
    "district": ("huyện", "quận", "thị xã", "district"),
    "commune": ("xã", "phường", "thị trấn", "commune", "ward"),
    "bloc": ("khối", "bloc"),
    "grassroots": ("cơ sở", "tổ chức cơ sở đảng", "grassroots"),
    "cell": ("chi bộ", "cell"),
}

#: First words of a node's name that give its level (``Huyện Kim Sơn`` is a district).
_NODE_NAME_PREFIXES: Vocabulary = {
    "province": ("tỉnh", "đảng bộ tỉnh", "tỉnh ủy", "tỉnh uỷ", "province"),
    "district": (
        "huyện",
        "quận",
        "thị xã",
        "đảng bộ huyện",
        "đảng bộ quận",
        "huyện ủy",
        "huyện uỷ",
        "quận ủy",
        "quận uỷ",
        "district",
    ),
    "commune": (
        "xã",
        "phường",
        "thị trấn",
        "đảng bộ xã",
        "đảng bộ phường",
        "đảng ủy xã",
        "đảng uỷ xã",
        "đảng ủy phường",
        "đảng uỷ phường",
        "commune",
        "ward",
    ),
    "bloc": ("khối", "đảng bộ khối", "đảng ủy khối", "đảng uỷ khối", "bloc"),
}


def word_for(value: object, vocabulary: Vocabulary) -> str | None:
    """The scenario value a word means, or None if the word is not in the vocabulary."""
    folded = fold(value)
    for key, words in vocabulary.items():
        if folded == fold(key) or folded in (fold(w) for w in words):
            return key
    return None


def level_of_node_name(name: str) -> str | None:
    """The level a node's name announces (``Huyện Kim Sơn`` -> ``district``), or None."""
    folded = fold(name)
    best: tuple[int, str] | None = None
    for level, prefixes in _NODE_NAME_PREFIXES.items():
        for prefix in prefixes:
            p = fold(prefix)
            if folded.startswith(p + " ") and (best is None or len(p) > best[0]):
                best = (len(p), level)
    return best[1] if best else None
