"""The text of the scenario file ``partysim init`` writes: comments, then the data.

The header says where the file came from (table, sheet, date), that every estimate is
at its documented default (and how to see them), and what the table did not fill.
Quarterly and monthly admissions, which the scenario file has no field for, are kept as
comments under ``history``. :func:`init_notes` gives the notes the command prints (in
Vietnamese or English) and the file's header repeats (in English).
"""

from __future__ import annotations

from partysim.scenario.sheets.errors import Said, said_in, say
from partysim.scenario.sheets.init_scenario import InitRequest, InitResult, has_counts
from partysim.scenario.sheets.periods import TablePeriod
from partysim.scenario.sheets.scenario_text import render_scenario
from partysim.scenario.sheets.unit_sheet import STAGE_KEYS

__all__ = ["init_notes", "init_text"]


def _source(request: InitRequest, result: InitResult) -> str:
    sheet = result.sheet.table.raw.sheet
    where = f"{request.table.name}, sheet '{sheet}'" if sheet is not None else request.table.name
    return where


def init_notes(result: InitResult, lang: str = "en") -> list[str]:
    """What the planner should know about the new file, in ``lang`` (also printed by the
    command): when the run starts and why, what a spin-up fills, where the title comes
    from, what a base scenario keeps, and what of the table's history is left out."""
    notes = [
        _start_note(result),
        *_pipeline_notes(result),
        *_title_note(result),
        *_base_note(result),
        *_history_notes(result),
    ]
    return [said_in(n, lang) for n in notes]


_USE_START = say("use --start YYYY-MM to start in another month", "dùng --start YYYY-MM để bắt đầu từ tháng khác")
_COUNTS_AT_START = say(
    "the pipeline counts are taken as of the start: use --start YYYY-MM for the month your register counts are from",
    "số người ở từng bước quy trình được tính tại tháng bắt đầu: dùng --start YYYY-MM để chọn tháng của số liệu "
    "trong sổ sách",
)


def _start_note(result: InitResult) -> Said:
    start, reason = result.start, result.start_reason
    counts = any(has_counts(r) for r in result.sheet.rows)
    tail = _COUNTS_AT_START if counts else _USE_START
    if reason == "counts":
        return say(
            f"the run starts in {start}, this month, because the table gives pipeline counts (people at each "
            f"step today); {tail}",
            f"mô phỏng bắt đầu từ {start}, tháng này, vì bảng có số người ở từng bước quy trình hiện nay; các số "
            "này được tính tại tháng bắt đầu: dùng --start YYYY-MM để chọn tháng của số liệu trong sổ sách",
        )
    if reason == "history":
        last = result.history.last.label() if result.history.last else ""
        return say(
            f"the run starts in {start}, the month after the table's last admissions figure ({last}); {tail}",
            f"mô phỏng bắt đầu từ {start}, tháng sau số kết nạp cuối cùng trong bảng ({last}); {tail.vi}",
        )
    if reason == "year":
        return say(
            f"the run starts in {start}, January of this year (the table gives no pipeline counts and no past "
            f"admissions); {tail}",
            f"mô phỏng bắt đầu từ {start}, tháng 1 năm nay (bảng không có số người ở từng bước quy trình và không "
            f"có số kết nạp các năm trước); {tail.vi}",
        )
    if reason == "base":
        return say(
            f"the run starts in {start}, when the base scenario starts; {tail}",
            f"mô phỏng bắt đầu từ {start}, như kịch bản gốc; {tail.vi}",
        )
    return say(
        f"the run starts in {start} (--start)" + ("; the pipeline counts are taken as of that month" if counts else ""),
        f"mô phỏng bắt đầu từ {start} (--start)"
        + ("; số người ở từng bước quy trình được tính tại tháng đó" if counts else ""),
    )


def _pipeline_notes(result: InitResult) -> list[Said]:
    rows = result.sheet.rows
    if result.base_start == "shares":
        if not any(has_counts(r) for r in rows):
            return []
        return [
            say(
                "the base scenario gives pipeline_start as shares of members, which ignore the units' pipeline "
                "counts; to use the counts, remove pipeline_start from the base (or give it method: spinup)",
                "kịch bản gốc ghi pipeline_start theo tỷ lệ trên số đảng viên, nên bỏ qua số người ở từng bước của "
                "các đơn vị; để dùng các số này, xóa pipeline_start trong kịch bản gốc (hoặc ghi method: spinup)",
            )
        ]
    none = sum(not has_counts(r) for r in rows)
    some = sum(has_counts(r) and not all(k in r.fields["pipeline"] for k in STAGE_KEYS) for r in rows)
    if not none and not some:
        return []
    n = len(rows)
    return [
        say(
            f"blank pipeline cells are filled by a spin-up, a short simulation of the years before the start "
            f"(rows without any count: {none} of {n}; rows with some steps blank: {some}); write 0 where you know "
            "that nobody stands at a step",
            f"các ô quy trình để trống được ước tính bằng mô phỏng khởi động, chạy thử vài năm trước tháng bắt đầu "
            f"(dòng không có số nào: {none}/{n}; dòng để trống một số bước: {some}); ghi 0 nếu biết chắc không có "
            "ai ở bước đó",
        )
    ]


def _title_note(result: InitResult) -> list[Said]:
    if "extends" in result.data:
        return []
    title = result.data.get("title")
    if result.title is not None:
        return [
            say(
                f"the scenario's title is '{title}', the first text above the header (edit title: in the file "
                "to change it)",
                f"tiêu đề kịch bản là '{title}', dòng chữ đầu tiên phía trên dòng tên cột (sửa title: trong tệp "
                "nếu muốn đổi)",
            )
        ]
    return [
        say(
            f"the scenario's title is '{title}' (no title above the header); to choose it, write a title in a "
            "row above the header",
            f"tiêu đề kịch bản là '{title}' (không có tiêu đề phía trên dòng tên cột); muốn đổi, ghi tiêu đề vào "
            "một dòng phía trên dòng tên cột",
        )
    ]


def _base_note(result: InitResult) -> list[Said]:
    base = result.data.get("extends")
    if base is None:
        return []
    return [
        say(
            f"the file extends {base}: its estimates, levers, targets and settings stay; the table replaces its "
            "territory and adds its admissions years to the base's history",
            f"tệp mới kế thừa {base} (extends): giữ các ước lượng, đòn bẩy, chỉ tiêu và thiết lập của kịch bản gốc; "
            "bảng thay phần territory và bổ sung các năm kết nạp vào history của kịch bản gốc",
        )
    ]


def _history_notes(result: InitResult) -> list[Said]:
    history = result.history
    notes: list[Said] = []
    if not history.years:
        notes.append(
            say(
                "the table has no whole year of past admissions, so no history.admissions is written",
                "bảng không có số kết nạp của năm trọn vẹn nào, nên không ghi history.admissions",
            )
        )
    for values, en, vi in ((history.quarters, "quarter", "quý"), (history.months, "month", "tháng")):
        if values:
            notes.append(
                say(
                    f"admissions per {en} are kept as comments in the file (it records whole years only)",
                    f"số kết nạp theo {vi} được giữ làm dòng chú thích trong tệp (tệp chỉ ghi theo năm)",
                )
            )
    if history.partial:
        years = ", ".join(str(y) for y in history.partial)
        notes.append(
            say(
                f"years with only some quarters or months are not in history.admissions: {years}",
                f"những năm chỉ có một số quý hoặc tháng không được ghi vào history.admissions: {years}",
            )
        )
    ends = _end_month(history.last) if history.last is not None else None
    if ends is not None and result.start is not None and ends >= result.start:
        last = history.last.label() if history.last else ""
        notes.append(
            say(
                f"the admissions columns reach {last}, which does not end before the start ({result.start}): "
                "a period still under way belongs in the run, not in the history (delete its column, or use "
                "--start)",
                f"các cột kết nạp kéo đến {last}, chưa kết thúc trước tháng bắt đầu ({result.start}): kỳ chưa "
                "kết thúc thuộc phần mô phỏng, không thuộc số liệu quá khứ (xóa cột đó, hoặc dùng --start)",
            )
        )
    return notes


def _end_month(period: TablePeriod) -> str:
    """``YYYY-MM`` of a period's last month."""
    if period.quarter is not None:
        return f"{period.year}-{3 * period.quarter:02d}"
    return f"{period.year}-{period.month or 12:02d}"


def _period_comments(result: InitResult) -> list[str]:
    lines: list[str] = []
    for label, values in (("quarter", result.history.quarters), ("month", result.history.months)):
        if values:
            shown = ", ".join(f"{p.label()}: {v:g}" for p, v in values.items())
            lines.append(f"admissions per {label} in the table (the file has no field for them): {shown}")
    return lines


def init_text(request: InitRequest, result: InitResult, date: str) -> str:
    """The scenario file's text.

    Args:
        request: What was asked.
        result: The data built from the table.
        date: The day the file is written (``YYYY-MM-DD``).
    """
    out = request.out.name
    units = sum(r.count for r in result.sheet.rows)
    header = [
        f"Built by `partysim init` from {_source(request, result)} on {date}:",
        f"{len(result.sheet.rows)} rows, {units} units.",
    ]
    if request.base is not None:
        header += [
            f"It extends {result.data['extends']} and replaces only its territory and history:",
            "every estimate (rates, effects, levers), target and setting is the base file's; see them with",
        ]
    else:
        header.append("Every estimate (rates, effects, levers) is at its documented default; see them with")
    header += [
        f"  partysim params {out}",
        "and change them below (docs/scenario-reference.md). Check the file with",
        f"  partysim validate {out}",
    ]
    header += [f"Note: {n}." for n in init_notes(result)]
    after = {"history": _period_comments(result)} if "history" in result.data else {}
    if "history" not in result.data and _period_comments(result):
        after = {"territory": _period_comments(result)}
    return render_scenario(result.data, header, after)
