"""Shared by the table-reader tests: write small CSV and Excel files as planners do."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """``text`` as Windows writes Vietnamese in code page 1258: letters with their
    circumflex, breve or horn, then the tone as a combining mark."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones)
    return "".join(out).encode("cp1258")


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` (lines as given) in an encoding; ``utf-8-sig`` adds a byte-order mark."""
    path.write_bytes(windows_1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """Write a workbook: sheet name -> rows (first sheet first)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


UNIT_HEADER_VI = [
    "Tên đơn vị",
    "Trực thuộc",
    "Loại hình",
    "Địa bàn",
    "Sở hữu",
    "Số đơn vị",
    "Số người",
    "Đảng viên chính thức",
    "Đảng viên dự bị",
    "Số chi bộ",
    "Chỉ tiêu kết nạp",
    "Quần chúng ưu tú trong nguồn",
    "Đang học lớp bồi dưỡng",
    "Đã có giấy chứng nhận",
    "Đang thẩm tra lý lịch",
    "Chờ xét kết nạp",
    "Kết nạp 2023",
    "Kết nạp 2024",
]
"""A Vietnamese unit table's header (with two admissions years)."""

UNIT_ROWS_VI = [
    ["Xã Minh Hòa", "Đảng bộ xã Minh Hòa", "xã", "nông thôn", None, 1, 4000, 240, 12, 10, 8, 15, None, 6, 3, 1, 6, 7],
    [
        "Công ty may",
        "Đảng bộ xã Minh Hòa",
        "doanh nghiệp",
        "nông thôn",
        "ngoài nhà nước",
        2,
        150,
        4,
        0,
        1,
        1,
        2,
        0,
        1,
        0,
        0,
        1,
        0,
    ],
]
"""Two rows for :data:`UNIT_HEADER_VI`: a commune and two identical workshops."""
