"""The header vocabulary of planners' tables: one table, Vietnamese and English.

Every column partysim reads from a planner's table is one :class:`Header`: its key (the
name used in code and in scenario files), the header written in Vietnamese and in
English templates, and other spellings planners use. Headers are compared after
:func:`~partysim.scenario.sheets.text.fold`: case, diacritics, punctuation and text in
brackets do not matter, so ``Năm``, ``NAM`` and ``Nam (dương lịch)`` all match ``year``,
and a template header may carry a hint in brackets.

Columns of past admissions per period are not listed one by one: their header is a
period, optionally after an admissions word (``2021``, ``Kết nạp 2021``, ``Q1/2022``,
``Admissions Q1/2022``); see :func:`period_header`.
"""

from __future__ import annotations

from dataclasses import dataclass

from partysim.scenario.sheets.periods import TablePeriod, parse_period_text
from partysim.scenario.sheets.text import fold, fold_keep, has_diacritics

__all__ = ["HEADERS", "Header", "header_by_key", "match_header", "period_header"]


@dataclass(frozen=True)
class Header:
    """One column a planner's table may have.

    Attributes:
        key: Name in code and scenario files (``people``, ``full_members`` ...).
        vi: Header of Vietnamese templates (a hint in brackets is allowed).
        en: Header of English templates.
        vi_also: Other Vietnamese spellings.
        en_also: Other English spellings.
    """

    key: str
    vi: str
    en: str
    vi_also: tuple[str, ...] = ()
    en_also: tuple[str, ...] = ()

    def spellings(self) -> dict[str, str]:
        """Folded spelling -> language (``"vi"`` or ``"en"``) of every accepted header."""
        out = {fold(s): "en" for s in (self.key, self.en, *self.en_also)}
        out.update({fold(s): "vi" for s in (self.vi, *self.vi_also)})
        return out


H = Header
HEADERS: tuple[Header, ...] = (
    # -- the unit table --------------------------------------------------------------
    H(
        "name",
        "Tên đơn vị",
        "Name",
        ("tên", "đơn vị", "tên tổ chức cơ sở đảng", "tên tổ chức đảng", "tên chi bộ", "tên cơ sở"),
        ("unit", "unit name", "organisation", "organization"),
    ),
    H(
        "parent",
        "Trực thuộc",
        "Parent",
        ("đơn vị cấp trên", "cấp trên", "cấp trên trực tiếp", "thuộc", "trực thuộc đảng bộ"),
        ("parent node", "upper node", "under"),
    ),
    H("parent_level", "Cấp của đơn vị cấp trên", "Parent level", ("cấp trên là", "cấp đơn vị cấp trên")),
    H("level", "Cấp", "Level", ("cấp tổ chức", "cấp đơn vị")),
    H("kind", "Loại hình", "Kind", ("loại", "loại đơn vị", "loại hình đơn vị"), ("type", "unit type")),
    H("area", "Địa bàn", "Area", ("vùng", "khu vực", "loại địa bàn")),
    H(
        "hardship_area",
        "Vùng khó khăn",
        "Hardship area",
        ("vùng đặc biệt khó khăn", "vùng dân tộc thiểu số", "vùng sâu vùng xa", "biên giới hải đảo"),
        ("hardship",),
    ),
    H("ownership", "Sở hữu", "Ownership", ("loại hình sở hữu", "hình thức sở hữu", "thành phần kinh tế")),
    H("count", "Số đơn vị", "Count", ("số lượng", "số đơn vị như nhau"), ("number of units", "units")),
    H(
        "people",
        "Số người",
        "People",
        ("số dân", "dân số", "số lao động", "lao động", "nhân khẩu", "số người ngoài đảng", "quần chúng"),
        ("inhabitants", "staff", "workers", "population"),
    ),
    H("full_members", "Đảng viên chính thức", "Full members", ("số đảng viên chính thức", "đv chính thức")),
    H("probationary", "Đảng viên dự bị", "Probationary members", ("số đảng viên dự bị", "đv dự bị"), ("probationary",)),
    H(
        "members",
        "Tổng số đảng viên",
        "Members",
        ("số đảng viên", "đảng viên", "tổng đảng viên"),
        ("party members", "total members"),
    ),
    H(
        "members_total",
        "Tổng số đảng viên của các đơn vị",
        "Members of all the units",
        ("tổng đảng viên của các đơn vị",),
        ("members total", "total members of all units"),
    ),
    H(
        "party_orgs",
        "Số đơn vị có tổ chức đảng",
        "Units with a party organisation",
        (),
        ("party orgs", "units with a party organization"),
    ),
    H(
        "grassroots",
        "Số tổ chức cơ sở đảng",
        "Grassroots organisations",
        ("số tcsđ", "số tổ chức đảng"),
        ("grassroots organizations",),
    ),
    H("cells", "Số chi bộ", "Cells", ("chi bộ", "số chi bộ trực thuộc"), ("party cells",)),
    H(
        "quota",
        "Chỉ tiêu kết nạp",
        "Quota",
        ("chỉ tiêu", "chỉ tiêu năm", "chỉ tiêu kết nạp năm", "chỉ tiêu kết nạp mỗi năm", "chỉ tiêu kết nạp đảng viên"),
        ("annual quota", "quota per year"),
    ),
    H("cell_quota", "Chỉ tiêu mỗi chi bộ", "Cell quota", ("chỉ tiêu chi bộ",)),
    H("party_org_share", "Tỷ lệ có tổ chức đảng", "Party organisation share", ("tỉ lệ có tổ chức đảng",)),
    H("owner_cooperation", "Tỷ lệ chủ doanh nghiệp ủng hộ", "Owner cooperation", ("tỉ lệ chủ doanh nghiệp ủng hộ",)),
    H("share_minority", "Tỷ lệ dân tộc thiểu số", "Ethnic minority share", ("tỉ lệ dân tộc thiểu số",)),
    H("share_religious", "Tỷ lệ theo tôn giáo", "Religious share", ("tỉ lệ theo tôn giáo",)),
    H("lower_secondary_share", "Tỷ lệ tốt nghiệp THCS", "Lower secondary share", ("tỉ lệ tốt nghiệp thcs",)),
    H("student_share", "Tỷ lệ học sinh sinh viên", "Student share", ("tỉ lệ học sinh sinh viên",)),
    # -- the pipeline today, per unit ------------------------------------------------
    H(
        "source",
        "Quần chúng ưu tú trong nguồn",
        "Source",
        ("nguồn", "trong nguồn", "quần chúng ưu tú", "số quần chúng ưu tú", "tạo nguồn"),
        ("source list",),
    ),
    H(
        "class",
        "Đang học lớp bồi dưỡng",
        "In class",
        ("đang học lớp", "đang học lớp nhận thức về đảng", "đang học lớp bồi dưỡng nhận thức về đảng"),
        ("class",),
    ),
    H(
        "certified",
        "Đã có giấy chứng nhận",
        "Certified",
        ("có giấy chứng nhận", "đã học lớp", "đã có giấy chứng nhận học lớp bồi dưỡng"),
        ("certificate holders",),
    ),
    H(
        "vetting",
        "Đang thẩm tra lý lịch",
        "Vetting",
        ("thẩm tra lý lịch", "đang làm hồ sơ", "làm hồ sơ", "đang làm hồ sơ và thẩm tra lý lịch"),
        ("dossier", "dossier and vetting"),
    ),
    H(
        "vote",
        "Chờ xét kết nạp",
        "Awaiting vote",
        ("chờ biểu quyết", "chờ chuẩn y", "chờ quyết định", "chờ kết nạp", "chờ biểu quyết hoặc chuẩn y"),
        ("vote", "awaiting approval"),
    ),
    # -- series tables (one row per period) -----------------------------------------
    H("year", "Năm", "Year", ("năm dương lịch",)),
    H("period", "Kỳ", "Period", ("thời gian", "quý", "tháng", "kỳ báo cáo", "thời kỳ"), ("quarter", "month")),
    H(
        "admissions",
        "Kết nạp",
        "Admissions",
        (
            "số đảng viên kết nạp",
            "kết nạp đảng viên",
            "số kết nạp",
            "đảng viên mới",
            "số đảng viên mới",
            "số đảng viên được kết nạp",
            "số người được kết nạp",
        ),
        ("admitted", "new members"),
    ),
    H("outflow", "Ra khỏi danh sách", "Outflow", ("số đảng viên ra khỏi danh sách", "giảm đảng viên")),
    H(
        "certificates",
        "Giấy chứng nhận",
        "Certificates",
        ("số giấy chứng nhận", "cấp giấy chứng nhận", "số người được cấp giấy chứng nhận"),
    ),
)
del H

_BY_SPELLING: dict[str, tuple[str, str]] = {
    spelling: (h.key, language) for h in HEADERS for spelling, language in h.spellings().items()
}
_BY_KEY = {h.key: h for h in HEADERS}
_ADMISSION_WORDS = sorted((s for s, (k, _) in _BY_SPELLING.items() if k == "admissions"), key=len, reverse=True)


def header_by_key(key: str) -> Header:
    """The :class:`Header` of a key (``KeyError`` if unknown)."""
    return _BY_KEY[key]


def match_header(text: object) -> tuple[str, str | None] | None:
    """The key and language of a header cell, or None if it is not a known header.

    The language is ``"vi"`` when the text has Vietnamese diacritics or is a Vietnamese
    spelling, ``"en"`` for an English spelling (including the key itself).
    """
    found = _BY_SPELLING.get(fold(text))
    if found is None:
        return None
    key, language = found
    return key, "vi" if has_diacritics(text) else language


def period_header(text: object) -> tuple[TablePeriod, str | None] | None:
    """The period of an admissions column header, and its language, or None.

    ``"2021"``, ``"Kết nạp 2021"``, ``"Số đảng viên kết nạp Q1/2022"``, ``"Admissions 2021"``.
    The language is None for a bare period.
    """
    kept = fold_keep(text)
    language: str | None = None
    for word in _ADMISSION_WORDS:
        if kept.startswith(word + " "):
            kept = kept[len(word) + 1 :]
            language = _BY_SPELLING[word][1]
            break
    try:
        period = parse_period_text(kept)
    except ValueError:
        return None
    if has_diacritics(text):
        language = "vi"
    return period, language
