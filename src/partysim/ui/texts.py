"""Dashboard wording in Vietnamese and English: buttons, groups, units, messages.

Chart labels and number formats come from :mod:`partysim.outputs.i18n`; this module holds only
the words that belong to the dashboard itself.
"""

from __future__ import annotations

from partysim.outputs.i18n import check_lang
from partysim.scenario.error_text import unit_in
from partysim.ui.texts_decisions import DECISIONS_EN, DECISIONS_VI

_EN: dict[str, str] = {
    "title": "Admission targets: explore the policies",
    "lang": "Language",
    "group.sources": "Sources of candidates",
    "group.classes": "Classes and vetting",
    "group.enterprises": "Enterprises",
    "group.migration": "Migration of youth",
    "group.retention": "Retention of members",
    "section.levers": "Policy levers",
    "section.estimates": "Uncertain parameters (estimates)",
    "from_period": "from {period}",
    "reset": "Reset to scenario",
    "run_full": "Run full ({n} replications)",
    "cancel": "Cancel",
    "save": "Save as scenario file",
    "save_path": "File",
    "export": "Export chart",
    "export_dir": "Folder",
    "chart.fan": "Admissions (policy)",
    "chart.baseline_fan": "Admissions (baseline)",
    "chart.members": "Members and admission rate",
    "chart.funnel": "Pipeline funnel",
    "caption.policy": "Policy: current settings",
    "caption.baseline": "Baseline: scenario as loaded",
    "mode.preview": "Preview: {pct} sample of people (counts × {w}), {n} replications, {s} s. Press “Run full” for the answer to cite.",
    "mode.preview_exact": "Preview: whole territory, {n} replications, {s} s. Press “Run full” for the answer to cite.",
    "mode.full": "Full run: {n} replications, {s} s.",
    "prov.preview": "preview {pct} × {w}",
    "running_full": "Running {done}/{total} replications…",
    "cancelled": "Full run cancelled; showing the preview.",
    "full_disabled": "Controls are locked during a full run; press Cancel to stop it.",
    "saved": "Saved: {path}",
    "exported": "Exported: {path}",
    "error": "Error",
    "error.preview": "The preview failed; the dashboard still works. Change a setting or reset.",
    "error.full": "The full run failed; the preview is still shown.",
    "error.save": "Could not save the scenario.",
    "error.export": "Could not export the chart.",
    "details": "Details",
    "verdict.title": "Probability of meeting each target",
    "verdict.col_target": "Target",
    "verdict.col_year": "Year",
    "verdict.col_threshold": "Threshold",
    "verdict.col_baseline": "Baseline",
    "verdict.col_policy": "Policy",
    "verdict.col_change": "Change",
    "verdict.col_mean": "Mean (policy)",
    "verdict.none": "This scenario sets no targets.",
    "verdict.headline": "Lowest probability of meeting a target with these settings: {p} ({name}, {year}).",
    "verdict.preview_fixed": (
        "Preview: every estimate at its slider value, so the probabilities cover chance and the drivers only. "
        "Run full to integrate over what is not known of the parameters (the bracket after each probability)."
    ),
    "verdict.preview_quick": (
        "Preview: each set's effect estimated by the flow model (expected values) and applied to the sampled runs; "
        "the values you moved are kept. Targets the flow model does not follow keep chance only: {targets}. "
        "Run full for the simulation over every set."
    ),
    "diff.title": "Admissions per year: policy minus baseline (same random numbers)",
    "comp.title": "Who is admitted in {year} (share of admissions, mean of replications)",
    "comp.col_group": "Group",
    "comp.col_baseline": "Baseline",
    "comp.col_policy": "Policy",
    "comp.col_eligible": "Among the eligible",
    "diff.col_year": "Year",
    "diff.col_baseline": "Baseline (mean)",
    "diff.col_policy": "Policy (mean)",
    "diff.col_diff": "Difference (mean)",
    "diff.col_range": "Difference, 80% of replications",
    "diff.preview_note": "Preview: each simulated person stands for {w} people, so differences of a few times {w} can be sampling noise; check them with a full run.",
}

_VI: dict[str, str] = {
    "title": "Chỉ tiêu kết nạp đảng viên: thử các giải pháp",
    "lang": "Ngôn ngữ",
    "group.sources": "Tạo nguồn kết nạp",
    "group.classes": "Lớp bồi dưỡng và thẩm tra",
    "group.enterprises": "Doanh nghiệp",
    "group.migration": "Thanh niên đi làm ăn xa",
    "group.retention": "Giữ chân đảng viên",
    "section.levers": "Giải pháp (đòn bẩy chính sách)",
    "section.estimates": "Tham số chưa chắc chắn (ước tính)",
    "from_period": "từ {period}",
    "reset": "Về kịch bản ban đầu",
    "run_full": "Chạy đầy đủ ({n} lần mô phỏng)",
    "cancel": "Hủy",
    "save": "Lưu thành tệp kịch bản",
    "save_path": "Tệp",
    "export": "Xuất biểu đồ",
    "export_dir": "Thư mục",
    "chart.fan": "Kết nạp (giải pháp)",
    "chart.baseline_fan": "Kết nạp (kịch bản gốc)",
    "chart.members": "Đảng viên và tỷ lệ kết nạp",
    "chart.funnel": "Quy trình kết nạp",
    "caption.policy": "Giải pháp: thiết lập hiện tại",
    "caption.baseline": "Kịch bản gốc: như tệp đã nạp",
    "mode.preview": "Xem nhanh: mẫu {pct} dân số (số liệu × {w}), {n} lần mô phỏng, {s} giây. Bấm “Chạy đầy đủ” để có kết quả trích dẫn.",
    "mode.preview_exact": "Xem nhanh: toàn địa bàn, {n} lần mô phỏng, {s} giây. Bấm “Chạy đầy đủ” để có kết quả trích dẫn.",
    "mode.full": "Chạy đầy đủ: {n} lần mô phỏng, {s} giây.",
    "prov.preview": "xem nhanh {pct} × {w}",
    "running_full": "Đang chạy {done}/{total} lần mô phỏng…",
    "cancelled": "Đã hủy lần chạy đầy đủ; đang hiển thị bản xem nhanh.",
    "full_disabled": "Các thanh trượt bị khóa khi đang chạy đầy đủ; bấm Hủy để dừng.",
    "saved": "Đã lưu: {path}",
    "exported": "Đã xuất: {path}",
    "error": "Lỗi",
    "error.preview": "Bản xem nhanh bị lỗi; bảng điều khiển vẫn hoạt động. Hãy đổi thiết lập hoặc về kịch bản ban đầu.",
    "error.full": "Lần chạy đầy đủ bị lỗi; vẫn hiển thị bản xem nhanh.",
    "error.save": "Không lưu được kịch bản.",
    "error.export": "Không xuất được biểu đồ.",
    "details": "Chi tiết",
    "verdict.title": "Xác suất đạt từng chỉ tiêu",
    "verdict.col_target": "Chỉ tiêu",
    "verdict.col_year": "Năm",
    "verdict.col_threshold": "Mức chỉ tiêu",
    "verdict.col_baseline": "Kịch bản gốc",
    "verdict.col_policy": "Giải pháp",
    "verdict.col_change": "Thay đổi",
    "verdict.col_mean": "Trung bình (giải pháp)",
    "verdict.none": "Kịch bản này không đặt chỉ tiêu.",
    "verdict.headline": "Xác suất đạt chỉ tiêu thấp nhất với thiết lập này: {p} ({name}, năm {year}).",
    "verdict.preview_fixed": (
        "Xem nhanh: mọi tham số ước lượng giữ ở giá trị trên thanh trượt, nên xác suất chỉ tính đến yếu tố ngẫu "
        "nhiên và các yếu tố đầu vào. Bấm chạy đầy đủ để tính cả những điều chưa biết về tham số (khoảng trong ngoặc)."
    ),
    "verdict.preview_quick": (
        "Xem nhanh: tác động của mỗi bộ tham số được ước tính bằng mô hình dòng chảy (giá trị kỳ vọng) rồi áp vào "
        "các lần mô phỏng mẫu; các giá trị bạn đã chỉnh được giữ nguyên. Các chỉ tiêu mô hình dòng chảy không theo "
        "dõi chỉ tính yếu tố ngẫu nhiên: {targets}. Bấm chạy đầy đủ để mô phỏng trên từng bộ tham số."
    ),
    "diff.title": "Kết nạp mỗi năm: giải pháp trừ kịch bản gốc (cùng dãy số ngẫu nhiên)",
    "comp.title": "Cơ cấu đảng viên kết nạp năm {year} (tỷ lệ, trung bình các lần mô phỏng)",
    "comp.col_group": "Nhóm",
    "comp.col_baseline": "Kịch bản gốc",
    "comp.col_policy": "Giải pháp",
    "comp.col_eligible": "Trong số đủ điều kiện",
    "diff.col_year": "Năm",
    "diff.col_baseline": "Kịch bản gốc (trung bình)",
    "diff.col_policy": "Giải pháp (trung bình)",
    "diff.col_diff": "Chênh lệch (trung bình)",
    "diff.col_range": "Chênh lệch, 80% số lần mô phỏng",
    "diff.preview_note": "Xem nhanh: mỗi người mô phỏng đại diện cho {w} người, nên chênh lệch cỡ vài lần {w} có thể chỉ là sai số chọn mẫu; hãy kiểm tra bằng lần chạy đầy đủ.",
}


_TEXTS = {"en": {**_EN, **DECISIONS_EN}, "vi": {**_VI, **DECISIONS_VI}}


def text(key: str, lang: str) -> str:
    """Dashboard text ``key`` in ``lang`` (``"vi"`` or ``"en"``).

    Raises:
        ValueError: If ``lang`` is unsupported.
        KeyError: If ``key`` is unknown.
    """
    check_lang(lang)
    return _TEXTS[lang][key]


def unit_text(unit: str, lang: str) -> str:
    """A parameter's unit in ``lang`` (units are declared in English; the one table is
    :data:`partysim.scenario.error_text.UNITS_VI`)."""
    check_lang(lang)
    return unit_in(unit, lang)
