"""Labels in English and Vietnamese, and locale-aware number formatting.

Every number and every piece of text that reaches a chart or a report goes
through this module so that both languages stay consistent:

* English (``"en"``): ``2,360`` and ``1,234.5`` (comma thousands, dot decimal).
* Vietnamese (``"vi"``): ``2.360`` and ``1.234,5`` (dot thousands, comma
  decimal), as in Vietnamese administrative documents.

Rounding is "round half away from zero" on the shortest decimal
representation of the value (so ``1.005`` with 2 decimals is ``1.01`` and
``2.5`` with 0 decimals is ``3``), which is what readers of a planning
document expect, unlike Python's binary round-half-even.

Labels are looked up with :func:`label`. Some labels are templates with
``{placeholders}`` that callers fill in with :meth:`str.format`.
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "LANGS",
    "LABELS",
    "check_lang",
    "format_number",
    "format_percent",
    "format_probability",
    "label",
    "label_or",
]

#: Supported languages, in order of preference for this project.
LANGS: tuple[str, ...] = ("vi", "en")

#: Text shown for a missing value (NaN / None).
MISSING = "—"

_SEPARATORS: dict[str, tuple[str, str]] = {
    # lang: (thousands separator, decimal separator)
    "en": (",", "."),
    "vi": (".", ","),
}


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
    if lang not in _SEPARATORS:
        raise ValueError(
            f"unsupported language {lang!r}; use one of: "
            + ", ".join(repr(code) for code in LANGS)
        )
    return lang


def _to_decimal(x: float | int) -> Decimal | None:
    """Convert a number to :class:`~decimal.Decimal` exactly as it prints.

    Integers are converted exactly; floats through their shortest ``repr`` so
    that ``0.1`` is ``Decimal("0.1")`` and not its binary expansion.

    Returns:
        The decimal value, or ``None`` for NaN / None.

    Raises:
        TypeError: If ``x`` is not a real number.
    """
    if x is None:
        return None
    if isinstance(x, bool):
        raise TypeError("format_number expects a number, not a bool")
    if isinstance(x, numbers.Integral):
        return Decimal(int(x))
    if not isinstance(x, numbers.Real):
        raise TypeError(f"format_number expects a real number, got {type(x).__name__}")
    xf = float(x)
    if math.isnan(xf):
        return None
    if math.isinf(xf):
        return Decimal("Infinity") if xf > 0 else Decimal("-Infinity")
    return Decimal(repr(xf))


def _format_decimal(value: Decimal, lang: str, decimals: int, trim: bool) -> str:
    """Format a finite or infinite decimal with the separators of ``lang``."""
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    if value.is_infinite():
        return "∞" if value > 0 else "-∞"
    thousands, point = _SEPARATORS[lang]
    quantum = Decimal(1).scaleb(-decimals)
    q = value.quantize(quantum, rounding=ROUND_HALF_UP)
    negative = q < 0  # -0.00 compares equal to 0, so no "-0" is produced
    text = f"{abs(q):f}"
    int_part, _, frac_part = text.partition(".")
    if trim:
        frac_part = frac_part.rstrip("0")
    groups = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    out = thousands.join(groups)
    if frac_part:
        out += point + frac_part
    return ("-" if negative else "") + out


def format_number(x: float, lang: str, decimals: int = 0, *, trim: bool = False) -> str:
    """Format a number with the thousands and decimal separators of ``lang``.

    Args:
        x: The number (any unit). ``NaN``/``None`` give ``"—"``.
        lang: ``"en"`` (``1,234.5``) or ``"vi"`` (``1.234,5``).
        decimals: Digits after the decimal separator (>= 0). Rounds half away
            from zero.
        trim: If true, drop trailing zeros after the decimal separator
            (``3.50`` -> ``3.5``, ``3.00`` -> ``3``).

    Returns:
        The formatted number, e.g. ``format_number(2360, "vi") == "2.360"``.
        Negative numbers use an ASCII hyphen-minus, and values that round to
        zero never show a sign.

    Raises:
        ValueError: If ``lang`` is unsupported or ``decimals`` is negative.
    """
    check_lang(lang)
    value = _to_decimal(x)
    if value is None:
        return MISSING
    return _format_decimal(value, lang, decimals, trim)


def format_percent(fraction: float, lang: str, decimals: int = 2, *, trim: bool = False) -> str:
    """Format a fraction as a percentage.

    Args:
        fraction: The value as a fraction (``1.0475`` means 104.75%).
        lang: ``"en"`` (``104.75%``) or ``"vi"`` (``104,75%``).
        decimals: Digits after the decimal separator of the percentage.
        trim: If true, drop trailing zeros (``0.03`` -> ``3%`` instead of
            ``3.00%``).

    Returns:
        The formatted percentage with a ``%`` sign and no space, or ``"—"``
        for NaN.

    Raises:
        ValueError: If ``lang`` is unsupported or ``decimals`` is negative.
    """
    check_lang(lang)
    value = _to_decimal(fraction)
    if value is None:
        return MISSING
    if value.is_finite():
        value = value * 100
    return _format_decimal(value, lang, decimals, trim) + "%"


def format_probability(p: float, lang: str) -> str:
    """Format a probability as a whole percentage without false certainty.

    A probability that is not exactly 1 never prints as ``100%`` (it prints
    ``>99%``) and one that is not exactly 0 never prints as ``0%`` (``<1%``):
    a planner reads "100%" as "certain", which a simulation cannot show.

    Args:
        p: Probability in [0, 1].
        lang: ``"en"`` or ``"vi"``.

    Returns:
        E.g. ``"97%"``, ``">99%"``, ``"<1%"``, or ``"—"`` for NaN.
    """
    text = format_percent(p, lang, 0)
    if text == MISSING:
        return text
    if text == "100%" and p < 1:
        return ">99%"
    if text == "0%" and p > 0:
        return "<1%"
    return text


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------

_EN: dict[str, str] = {
    # generic
    "app": "partysim",
    "year": "Year",
    "members": "members",
    "people": "people",
    "admissions": "admissions",
    "target": "Target",
    # pipeline stages (in pipeline order)
    "stage.identified": "Identified outstanding candidates",
    "stage.class": "Party-awareness class",
    "stage.certified": "Class certificate obtained",
    "stage.dossier": "Background check and dossier",
    "stage.vote": "Party cell vote",
    "stage.admitted": "Admitted (probationary member)",
    "stage.recognised": "Recognised as full member",
    # reasons for leaving the pipeline
    "loss.migration": "Moved away",
    "loss.job": "Changed job",
    "loss.expired": "Time limit expired",
    "loss.refused": "Rejected or declined",
    "loss.death": "Died",
    "loss.other": "Other reasons",
    # target kinds
    "kind.admissions": "Admissions",
    "kind.admission_rate": "Admission rate",
    "kind.net_growth": "Net growth of membership",
    "kind.composition": "Composition of admissions",
    "kind.grassroots_quota_share": "Share of grassroots organisations meeting their quota",
    "kind.cell_quota_share": "Share of party cells meeting their quota",
    # threshold descriptions by target kind ({n}: number, {pct}: percentage)
    "thr.admissions": "{n} admissions a year",
    "thr.admission_rate": "{pct} of members on 1 January",
    "thr.net_growth": "net growth of {n} members",
    "thr.composition": "{pct} of admissions",
    "thr.composition_group": "{pct} of admissions are {group}",
    # composition groups
    "group.youth": "young people",
    "group.women": "women",
    "group.minority": "ethnic minority people",
    "group.religious": "religious followers",
    "group.non_state": "non-state sector workers",
    "thr.grassroots_quota_share": "{pct} of grassroots organisations meet their quota",
    "thr.cell_quota_share": "{pct} of party cells meet their quota",
    # charts: admissions fan
    "fan.title": "Party admissions per year: simulated range and targets",
    "outlook.title": "Admissions: history, statistical forecast and simulation",
    "outlook.forecast": "Statistical forecast from history alone ({pct} interval)",
    "outlook.forecast_median": "Statistical forecast, median",
    "outlook.sim": "Simulation «{name}»: median and middle 80%",
    "outlook.heading": "History, statistics and simulation",
    "outlook.agree": "In every simulated year the simulation's median lies inside the 80% interval of the statistical forecast from history alone ({model}).",
    "outlook.above": "In {year} the simulation's median ({sim}) lies above the 80% interval of the statistical forecast from history alone ({lo} to {hi}).",
    "outlook.below": "In {year} the simulation's median ({sim}) lies below the 80% interval of the statistical forecast from history alone ({lo} to {hi}).",
    "outlook.why": "The simulation departs from what history alone suggests: the scenario's policies, drivers or parameters change the pace. Check that this is intended.",
    "fan.ylabel": "Admissions per year (people)",
    "median": "Median of replications",
    "band": "Middle {pct} of replications",
    "history": "Recorded admissions",
    "target.admissions": "{name}: {n} per year",
    "target.admission_rate": "{name}: {pct} of members on 1 Jan",
    # charts: members
    "members.title": "Party membership and admission rate",
    "members.panel_members": "Members at year end",
    "members.ylabel_members": "Members on 31 Dec (people)",
    "members.panel_rate": "Admission rate",
    "members.ylabel_rate": "Admissions (% of members on 1 Jan)",
    # charts: funnel
    "funnel.title": "Admission pipeline: people entering each stage and losses",
    "funnel.panel_entered": "Entered the stage",
    "funnel.panel_lost": "Lost at the stage, by reason",
    "funnel.xlabel": "People (mean per replication, whole period)",
    # provenance footer
    "prov.scenario": "scenario",
    "prov.seed": "seed",
    "prov.replication": "replication",
    "prov.replications": "replications",
    # report
    "report.answer": "Answer",
    "report.verdicts": "Targets: probability of being met",
    "report.members": "Membership, admissions and outflow (median of replications)",
    "report.leaks": "Where candidates are lost",
    "report.charts": "Charts",
    "report.met_single": "The target “{name}” ({thr}) is met with probability {p} in {year}.",
    "report.met_multi": (
        "The target “{name}” ({thr}) is met with probability {items}; "
        "lowest in {year} at {p}."
    ),
    "report.met_item": "{p} in {year}",
    "report.thr_varies": "threshold varies by year",
    "report.mean_admissions": (
        "On average {n} people are admitted per year, an admission rate of "
        "{pct} of members on 1 January."
    ),
    "report.no_targets": "No targets were set in this scenario.",
    "report.col_target": "Target",
    "report.col_year": "Year",
    "report.col_threshold": "Threshold",
    "report.col_probability": "Probability met",
    "report.col_mean": "Mean",
    "report.col_attainment": "Mean / threshold",
    "report.col_range": "P10–P90",
    "report.col_shortfall": "Expected shortfall",
    "report.col_members_start": "Members on 1 Jan",
    "report.col_admissions": "Admissions",
    "report.col_outflow": "Outflow",
    "report.col_net_growth": "Net growth",
    "report.col_rate": "Admission rate",
    "report.outflow_note": (
        "Outflow = deaths + removals + exits + transfers out + probationary "
        "members not recognised. Net growth also includes transfers in."
    ),
    "report.leak": (
        "At stage “{stage}”, {n} candidates leave because of “{reason}” "
        "({share} of those entering the stage)."
    ),
    "report.leaks_intro": "Mean per replication over {period}:",
    "report.no_leaks": "No candidates leave the pipeline in the simulation.",
    "report.pp": "{n} pp",
    "report.fig_fan": "Admissions per year",
    "report.fig_members": "Members and admission rate",
    "report.fig_funnel": "Admission pipeline",
}

_VI: dict[str, str] = {
    # generic
    "app": "partysim",
    "year": "Năm",
    "members": "đảng viên",
    "people": "người",
    "admissions": "đảng viên kết nạp",
    "target": "Chỉ tiêu",
    # pipeline stages
    "stage.identified": "Quần chúng ưu tú trong diện tạo nguồn",
    "stage.class": "Học lớp bồi dưỡng nhận thức về Đảng",
    "stage.certified": "Được cấp giấy chứng nhận",
    "stage.dossier": "Thẩm tra lý lịch, hoàn thiện hồ sơ",
    "stage.vote": "Chi bộ xét, biểu quyết",
    "stage.admitted": "Kết nạp (đảng viên dự bị)",
    "stage.recognised": "Công nhận đảng viên chính thức",
    # reasons for leaving the pipeline
    "loss.migration": "Chuyển nơi ở, đi làm ăn xa",
    "loss.job": "Thay đổi việc làm",
    "loss.expired": "Quá thời hạn",
    "loss.refused": "Không được chấp thuận hoặc tự rút",
    "loss.death": "Từ trần",
    "loss.other": "Lý do khác",
    # target kinds
    "kind.admissions": "Kết nạp đảng viên",
    "kind.admission_rate": "Tỷ lệ kết nạp",
    "kind.net_growth": "Tăng ròng đảng viên",
    "kind.composition": "Cơ cấu đảng viên kết nạp",
    "kind.grassroots_quota_share": "Tỷ lệ tổ chức cơ sở đảng đạt chỉ tiêu",
    "kind.cell_quota_share": "Tỷ lệ chi bộ đạt chỉ tiêu",
    # threshold descriptions
    "thr.admissions": "{n} đảng viên mỗi năm",
    "thr.admission_rate": "{pct} số đảng viên đầu năm",
    "thr.net_growth": "tăng ròng {n} đảng viên",
    "thr.composition": "{pct} số đảng viên kết nạp",
    "thr.composition_group": "{pct} số đảng viên kết nạp là {group}",
    # composition groups
    "group.youth": "thanh niên",
    "group.women": "phụ nữ",
    "group.minority": "người dân tộc thiểu số",
    "group.religious": "người có đạo",
    "group.non_state": "người lao động khu vực ngoài nhà nước",
    "thr.grassroots_quota_share": "{pct} tổ chức cơ sở đảng đạt chỉ tiêu",
    "thr.cell_quota_share": "{pct} chi bộ đạt chỉ tiêu",
    # charts: admissions fan
    "fan.title": "Kết nạp đảng viên hằng năm: khoảng dự báo và chỉ tiêu",
    "outlook.title": "Kết nạp đảng viên: số liệu thực tế, dự báo thống kê và mô phỏng",
    "outlook.forecast": "Dự báo thống kê chỉ từ số liệu quá khứ (khoảng {pct})",
    "outlook.forecast_median": "Dự báo thống kê, trung vị",
    "outlook.sim": "Mô phỏng «{name}»: trung vị và khoảng giữa 80%",
    "outlook.heading": "Số liệu quá khứ, thống kê và mô phỏng",
    "outlook.agree": "Trong mọi năm mô phỏng, trung vị của mô phỏng nằm trong khoảng 80% của dự báo thống kê chỉ dựa trên số liệu quá khứ ({model}).",
    "outlook.above": "Năm {year}, trung vị của mô phỏng ({sim}) cao hơn khoảng 80% của dự báo thống kê chỉ dựa trên số liệu quá khứ (từ {lo} đến {hi}).",
    "outlook.below": "Năm {year}, trung vị của mô phỏng ({sim}) thấp hơn khoảng 80% của dự báo thống kê chỉ dựa trên số liệu quá khứ (từ {lo} đến {hi}).",
    "outlook.why": "Mô phỏng khác với xu hướng của số liệu quá khứ: các giải pháp, yếu tố tác động hoặc tham số của kịch bản làm thay đổi nhịp độ. Cần kiểm tra xem điều đó có đúng ý đồ không.",
    "fan.ylabel": "Số đảng viên kết nạp mỗi năm (người)",
    "median": "Trung vị các lần lặp",
    "band": "Khoảng giữa chứa {pct} số lần lặp",
    "history": "Số liệu thực tế",
    "target.admissions": "{name}: {n} người/năm",
    "target.admission_rate": "{name}: {pct} số đảng viên đầu năm",
    # charts: members
    "members.title": "Số lượng đảng viên và tỷ lệ kết nạp",
    "members.panel_members": "Đảng viên cuối năm",
    "members.ylabel_members": "Đảng viên ngày 31/12 (người)",
    "members.panel_rate": "Tỷ lệ kết nạp",
    "members.ylabel_rate": "Kết nạp (% số đảng viên đầu năm)",
    # charts: funnel
    "funnel.title": "Quy trình kết nạp: số người qua từng khâu và hao hụt",
    "funnel.panel_entered": "Số người vào khâu",
    "funnel.panel_lost": "Hao hụt tại khâu, theo lý do",
    "funnel.xlabel": "Số người (trung bình mỗi lần lặp, cả giai đoạn)",
    # provenance footer
    "prov.scenario": "kịch bản",
    "prov.seed": "hạt giống",
    "prov.replication": "lần lặp",
    "prov.replications": "lần lặp",
    # report
    "report.answer": "Kết luận",
    "report.verdicts": "Chỉ tiêu: xác suất đạt chỉ tiêu",
    "report.members": "Đảng viên, kết nạp và giảm (trung vị các lần lặp)",
    "report.leaks": "Nguồn kết nạp bị hao hụt ở đâu",
    "report.charts": "Biểu đồ",
    "report.met_single": "Chỉ tiêu «{name}» ({thr}) đạt với xác suất {p} năm {year}.",
    "report.met_multi": (
        "Chỉ tiêu «{name}» ({thr}) đạt với xác suất {items}; "
        "thấp nhất năm {year} với {p}."
    ),
    "report.met_item": "{p} năm {year}",
    "report.thr_varies": "mức chỉ tiêu thay đổi theo năm",
    "report.mean_admissions": (
        "Bình quân mỗi năm kết nạp {n} đảng viên, tỷ lệ kết nạp bằng {pct} "
        "số đảng viên đầu năm."
    ),
    "report.no_targets": "Kịch bản này không đặt chỉ tiêu.",
    "report.col_target": "Chỉ tiêu",
    "report.col_year": "Năm",
    "report.col_threshold": "Mức chỉ tiêu",
    "report.col_probability": "Xác suất đạt chỉ tiêu",
    "report.col_mean": "Trung bình",
    "report.col_attainment": "Trung bình / chỉ tiêu",
    "report.col_range": "P10–P90",
    "report.col_shortfall": "Mức thiếu hụt kỳ vọng",
    "report.col_members_start": "Đảng viên đầu năm",
    "report.col_admissions": "Kết nạp",
    "report.col_outflow": "Giảm",
    "report.col_net_growth": "Tăng ròng",
    "report.col_rate": "Tỷ lệ kết nạp",
    "report.outflow_note": (
        "Giảm = từ trần + khai trừ, xóa tên + ra khỏi Đảng + chuyển đi + "
        "đảng viên dự bị không được công nhận chính thức. Tăng ròng có tính "
        "cả đảng viên chuyển đến."
    ),
    "report.leak": (
        "Ở khâu «{stage}», {n} người rời khỏi quy trình do «{reason}» "
        "({share} số người vào khâu)."
    ),
    "report.leaks_intro": "Trung bình mỗi lần lặp, giai đoạn {period}:",
    "report.no_leaks": "Trong mô phỏng không có quần chúng nào rời khỏi quy trình.",
    "report.pp": "{n} điểm %",
    "report.fig_fan": "Kết nạp đảng viên hằng năm",
    "report.fig_members": "Đảng viên và tỷ lệ kết nạp",
    "report.fig_funnel": "Quy trình kết nạp",
}

#: All labels, by language then key.
LABELS: dict[str, dict[str, str]] = {"en": _EN, "vi": _VI}


def label(key: str, lang: str) -> str:
    """Return the label ``key`` in language ``lang``.

    Some labels are templates (they contain ``{name}``, ``{n}``, ``{pct}``
    ...) to be filled with :meth:`str.format`; numbers passed to them should
    already be formatted with :func:`format_number` / :func:`format_percent`.

    Args:
        key: Label key, e.g. ``"fan.ylabel"`` or ``"stage.class"``.
        lang: ``"vi"`` or ``"en"``.

    Returns:
        The label text.

    Raises:
        ValueError: If ``lang`` is unsupported (the message lists ``'vi'`` and
            ``'en'``).
        KeyError: If ``key`` is not a known label.
    """
    check_lang(lang)
    try:
        return LABELS[lang][key]
    except KeyError:
        raise KeyError(f"unknown label key {key!r}") from None


def label_or(key: str, lang: str, default: str) -> str:
    """Like :func:`label` but return ``default`` for an unknown key.

    Used for open-ended keys such as stage or loss-reason names coming from
    data, so that a new stage shows up with its raw name instead of failing.
    """
    check_lang(lang)
    return LABELS[lang].get(key, default)
