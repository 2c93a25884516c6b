"""Scenario error messages in Vietnamese: the words of :class:`~partysim.scenario.errors.ScenarioError`.

Messages are composed in English where they arise (the loader, the validators, the YAML
reader); this table says each of them in Vietnamese. Every entry is an English pattern
(a regular expression with named parts) and its Vietnamese template; parts that are
themselves words (units, kinds of value) are translated too. A message with no entry
stays in English: ``tests/scenario/test_error_text.py`` renders the errors of a set of
broken files in Vietnamese and checks that none does.

Units of parameters (``"per year"``, ``"months"``) are in :data:`UNITS_VI`; other layers
(``partysim params``, the dashboard) use the same table.
"""

from __future__ import annotations

import re

__all__ = ["FRAME", "UNITS_VI", "translate", "unit_in"]

UNITS_VI: dict[str, str] = {
    "added multiplier": "hệ số cộng thêm",
    "adults per year": "người mỗi năm",
    "classes per year": "lớp mỗi năm",
    "level 0-1": "mức 0-1",
    "log-scale": "thang log",
    "members": "đảng viên",
    "months": "tháng",
    "multiplier": "hệ số",
    "per year": "mỗi năm",
    "seats": "chỗ",
    "share 0-1": "tỷ lệ 0-1",
    "workers": "lao động",
    "years": "năm",
    "people": "người",
}
"""Parameter units (declared in English) in Vietnamese."""

FRAME: dict[str, dict[str, str]] = {
    "en": {
        "field": "field '{field}'",
        "expected": "expected {text}",
        "got": ", got {got}",
        "problem": "{problem}; {body}",
    },
    "vi": {
        "field": "trường '{field}'",
        "expected": "cần {text}",
        "got": ", nhưng có {got}",
        "problem": "{problem}; {body}",
    },
}
"""The frame of a message (``file:line: field 'x': expected ..., got ...``) in each language."""

_NOUN = r"(?P<noun>a whole number|a number|a value)"
_WORDS_VI: dict[str, str] = {
    "a whole number": "một số nguyên",
    "a number": "một số",
    "a value": "một giá trị",
    "true or false": "true hoặc false",
    "text": "văn bản",
    "a list": "một danh sách",
    "character": "ký tự",
    "characters": "ký tự",
    "item": "mục",
    "items": "mục",
    "inclusive": "kể cả",
    "exclusive": "không kể",
}

# (English pattern, Vietnamese template). Named parts are put back as they are, except those
# named in _TRANSLATED_PARTS, which are translated first.
_MESSAGES: list[tuple[str, str]] = [
    # validation of values
    (_NOUN + r" between (?P<lo>\S+) and (?P<hi>\S+?)(?P<desc> \(.*\))?", "{noun} trong khoảng {lo} đến {hi}{desc}"),
    (_NOUN + r" at least (?P<x>\S+?)(?P<desc> \(.*\))?", "{noun} không nhỏ hơn {x}{desc}"),
    (_NOUN + r" at most (?P<x>\S+?)(?P<desc> \(.*\))?", "{noun} không lớn hơn {x}{desc}"),
    (_NOUN + r" greater than (?P<x>\S+?)(?P<desc> \(.*\))?", "{noun} lớn hơn {x}{desc}"),
    (_NOUN + r" less than (?P<x>\S+?)(?P<desc> \(.*\))?", "{noun} nhỏ hơn {x}{desc}"),
    (r"(?P<noun>a whole number|a number|true or false|text|a list)(?P<desc> \(.*\))?", "{noun}{desc}"),
    (r"a mapping of 'key: value' entries", "một bảng các dòng 'khóa: giá trị'"),
    (r"a mapping of 'field: value' entries", "một bảng các dòng 'trường: giá trị'"),
    (r"(?P<noun>text|a list) with at least (?P<n>\d+) (?P<unit>\w+)", "{noun} có ít nhất {n} {unit}"),
    (r"(?P<noun>text|a list) with at most (?P<n>\d+) (?P<unit>\w+)", "{noun} có nhiều nhất {n} {unit}"),
    (r"one of the known fields: (?P<names>.+)", "một trong các trường: {names}"),
    (r"one of (?P<options>.+)", "một trong các giá trị {options}"),
    (r"a known field \(did you mean '(?P<name>[^']+)'\?\)", "một trường có trong mẫu (có phải '{name}'?)"),
    (r"a known field", "một trường có trong mẫu"),
    (r"unknown field", "trường không có trong mẫu"),
    (r"required field is missing", "thiếu trường bắt buộc"),
    (r"a value for it", "một giá trị cho trường này"),
    (r"a valid value \((?P<msg>.*)\)", "một giá trị hợp lệ ({msg})"),
    (r"a valid scenario", "một kịch bản hợp lệ"),
    (
        r"(?P<a>\S+) \((?P<b>inclusive|exclusive) of (?P<x>\S+), (?P<c>inclusive|exclusive) of (?P<y>\S+)\)",
        "{a} ({b} {x}, {c} {y})",
    ),
    # validators
    (r"end (?P<end>\S+) is before start (?P<start>\S+)", "tháng kết thúc {end} trước tháng bắt đầu {start}"),
    (
        r"(?P<name>\w+)(?P<where> in \S+)?: expected a value between (?P<lo>\S+) and (?P<hi>\S+) \((?P<unit>[^)]+)\), got (?P<v>\S+)",
        "{name}{where}: cần một giá trị trong khoảng {lo} đến {hi} ({unit}), nhưng có {v}",
    ),
    (r"(?P<name>\w+): a schedule needs at least one period", "{name}: lịch áp dụng cần ít nhất một kỳ"),
    (r"a composition target needs group: (?P<groups>.+)", "chỉ tiêu cơ cấu cần group: {groups}"),
    (
        r"a (?P<kind>\w+) threshold is a fraction between 0 and 1 \(3% is 0\.03\)",
        "mức chỉ tiêu {kind} là một tỷ lệ từ 0 đến 1 (3% ghi là 0.03)",
    ),
    (r"an enterprise needs ownership: state or non_state", "doanh nghiệp cần ownership: state hoặc non_state"),
    (r"node names must be unique", "tên các nút không được trùng nhau"),
    (
        r"level (?P<level>'[^']*') of (?P<name>'[^']*') is not one of levels (?P<levels>.+)",
        "cấp {level} của {name} không thuộc các cấp {levels}",
    ),
    (
        r"parent (?P<parent>'[^']*') of (?P<name>'[^']*') is not a node name (?P<names>.+)",
        "cấp trên {parent} của {name} không phải tên một nút {names}",
    ),
    (r"the hierarchy has a cycle through (?P<name>.+)", "hệ thống tổ chức có vòng lặp qua {name}"),
    (
        r"unknown stage (?P<stage>'[^']*'); expected one of (?P<stages>.+)",
        "khâu {stage} không có; cần một trong {stages}",
    ),
    (
        r"(?P<k>\w+): expected a share of members between 0 and 1, got (?P<x>\S+)",
        "{k}: cần tỷ lệ so với số đảng viên từ 0 đến 1, nhưng có {x}",
    ),
    (r"driver history values must be positive", "số liệu quá khứ của yếu tố tác động phải dương"),
    (r"(?P<path>\S+): a grid sweep needs a list of values", "{path}: quét lưới cần một danh sách giá trị"),
    (r"(?P<path>\S+): the list of values is empty", "{path}: danh sách giá trị trống"),
    (r"weights must be non-negative and not all zero", "trọng số không được âm và không được đều bằng 0"),
    (
        r"admissions_average: a span of years such as \"2016-2020\", got (?P<x>.+)",
        'admissions_average: cần một khoảng năm như "2016-2020", nhưng có {x}',
    ),
    (
        r"admissions_average: the span (?P<x>.+) ends before it starts",
        "admissions_average: khoảng {x} kết thúc trước khi bắt đầu",
    ),
    (r"members: a year or a month YYYY-MM, got (?P<x>.+)", "members: cần một năm hoặc một tháng YYYY-MM, nhưng có {x}"),
    (r"expected a period 'YYYY' or 'YYYY-MM', got (?P<x>.+)", "cần một kỳ 'YYYY' hoặc 'YYYY-MM', nhưng có {x}"),
    (
        r"text in Vietnamese and English as \{vi: \.\.\., en: \.\.\.\}; unknown language (?P<x>.+)",
        "văn bản tiếng Việt và tiếng Anh dạng {{vi: ..., en: ...}}; không có ngôn ngữ {x}",
    ),
    (
        r"text in Vietnamese and English as \{vi: \.\.\., en: \.\.\.\} with text values",
        "văn bản tiếng Việt và tiếng Anh dạng {{vi: ..., en: ...}}, mỗi giá trị là văn bản",
    ),
    (
        r"text, or text in Vietnamese and English as \{vi: \.\.\., en: \.\.\.\}",
        "văn bản, hoặc văn bản tiếng Việt và tiếng Anh dạng {{vi: ..., en: ...}}",
    ),
    # files and YAML
    (r"an existing scenario file", "một tệp kịch bản có thật"),
    (r"an existing scenario file \((?P<file>.+) not found\)", "một tệp kịch bản có thật (không thấy {file})"),
    (r"is a directory", "đây là một thư mục"),
    (r"a readable scenario file", "một tệp kịch bản đọc được"),
    (r"UTF-8 encoded text", "văn bản mã hóa UTF-8"),
    (r"not UTF-8 text", "không phải văn bản UTF-8"),
    (r"valid YAML \((?P<detail>.*)\)", "YAML hợp lệ"),  # the YAML reader's own words are English
    (r"not valid YAML", "YAML không hợp lệ"),
    (r"file is too large \((?P<size>.+)\)", "tệp quá lớn ({size})"),
    (r"a scenario file of at most (?P<n>\S+) MB", "một tệp kịch bản không quá {n} MB"),
    (r"duplicate key", "khóa bị lặp"),
    (
        r"each key only once per mapping \(already set on line (?P<line>\d+)\)",
        "mỗi khóa chỉ một lần trong một bảng (đã có ở dòng {line})",
    ),
    (
        r"the name of a base scenario file, e\.g\. 'extends: base\.yaml'",
        "tên một tệp kịch bản gốc, ví dụ 'extends: base.yaml'",
    ),
    (r"a chain of 'extends' without cycles \((?P<names>.+)\)", "một chuỗi 'extends' không vòng lặp ({names})"),
    (r"'extends' cycle", "'extends' bị vòng lặp"),
    # parts of messages
    (r" in (?P<period>\S+)", " năm {period}"),
    (r"(?P<a>\d+) to (?P<b>\d+)", "{a} đến {b}"),
    (r"none; the list is empty", "không có; danh sách trống"),
    # --set
    (r"path=value", "đường_dẫn=giá_trị"),
    (r"missing '='", "thiếu dấu '='"),
    (r"empty path", "đường dẫn trống"),
    (
        r"path=value with a dotted path such as (?P<example>.+)",
        "đường_dẫn=giá_trị với đường dẫn có dấu chấm như {example}",
    ),
    (r"a scenario field \('extends' cannot be overridden\)", "một trường của kịch bản (không thể đặt lại 'extends')"),
    (r"a YAML value after '=' \((?P<detail>.*)\)", "một giá trị YAML sau dấu '=' ({detail})"),
    (
        r"a list index that exists at '(?P<at>[^']*)' \(valid: (?P<bound>.+)\)",
        "một chỉ số có trong danh sách '{at}' (hợp lệ: {bound})",
    ),
]
_COMPILED = [(re.compile(p + r"\Z", re.S), t) for p, t in _MESSAGES]
_TRANSLATED_PARTS = {"noun", "desc", "unit", "a", "b", "c", "x", "y"}
_NESTED_PARTS = {"detail", "msg", "bound", "where"}  # message parts that are messages themselves


def unit_in(unit: str, lang: str) -> str:
    """A parameter unit in ``lang`` (units are declared in English)."""
    return UNITS_VI.get(unit, unit) if lang == "vi" else unit


def _part(name: str, value: str | None) -> str:
    if value is None:
        return ""
    if name in _NESTED_PARTS:
        return translate(value, "vi")
    if name not in _TRANSLATED_PARTS:
        return value
    if name == "desc":  # " (months)": a unit, or a short English description (left out)
        inner = value.strip()[1:-1]
        return f" ({UNITS_VI[inner]})" if inner in UNITS_VI else ""
    if name == "unit" and value in UNITS_VI:
        return UNITS_VI[value]
    return _WORDS_VI.get(value, value)


def translate(text: str, lang: str) -> str:
    """``text`` (an English message part) in ``lang``; unchanged if English or unknown.

    Examples:
        >>> translate("a number between 0 and 1 (share 0-1)", "vi")
        'một số trong khoảng 0 đến 1 (tỷ lệ 0-1)'
    """
    if lang != "vi" or not text:
        return text
    for pattern, template in _COMPILED:
        m = pattern.match(text)
        if m:
            return template.format(**{k: _part(k, v) for k, v in m.groupdict().items()})
    return text
