"""Labels of the batch comparison report, in Vietnamese and English.

Looked up with :func:`blabel`, which falls back to the package labels
(:func:`partysim.outputs.i18n.label`) so that stage, loss and target-kind names stay the same
everywhere. Numbers are formatted by :mod:`partysim.outputs.i18n`.
"""

from __future__ import annotations

from partysim.outputs.i18n import check_lang, label

__all__ = ["BATCH_LABELS", "blabel"]

_EN: dict[str, str] = {
    "title": "Comparison of scenarios",
    "intro": "{points} scenarios and sweep points, {runs} runs: the same seed ({seed}) and the same replication numbers for all, so differences are paired replication by replication.",
    "points": "Scenarios compared",
    "col_point": "Scenario / point",
    "col_file": "File",
    "col_settings": "Settings",
    "col_runs": "Replications",
    "col_sha": "Content hash",
    "as_written": "as written",
    "sweep_points": "{n} sweep points",
    "missing": "Not run yet (run the batch command again): {labels}.",
    "verdicts": "Targets: probability of being met",
    "verdicts_note": "Share of replications in which the target is met, per target and year.",
    "col_target": "Target",
    "col_year": "Year",
    "col_threshold": "Threshold",
    "differences": "Differences from the baseline",
    "differences_note": "Baseline: {baseline}. Point minus baseline in the same replication, averaged; {level} intervals over the paired differences. A difference whose interval excludes 0 is unlikely to be chance.",
    "col_mean_base": "Baseline mean",
    "col_mean": "Mean",
    "col_diff": "Difference",
    "col_interval": "{level} interval",
    "col_prob_base": "P(met), baseline",
    "col_prob": "P(met)",
    "col_dprob": "Change in P(met)",
    "no_differences": "Only one scenario has results: nothing to compare.",
    "fig_differences": "Change in the probability of meeting each target, against the baseline",
    "diff_chart_title": "Change in the probability of meeting the target vs {baseline}",
    "diff_chart_xlabel": "Change in probability (percentage points), {level} interval",
    "funnel": "The admission pipeline per scenario",
    "funnel_note": "People entering each stage (mean per replication over the whole period) and, in brackets, as a share of those identified.",
    "col_stage": "Stage",
    "fig_funnel": "Admission pipeline: {label}",
    "sweeps": "Sweep of {label}",
    "sweep_intro": "{n} points ({method}) over: {levers}.",
    "sweep_table": "Lowest probability of meeting each target over its years, per point.",
    "fig_sweep": "Probability of meeting each target across the sweep of {label}",
    "sweep_chart_title": "Sweep of {label}: probability of meeting each target (lowest year)",
    "sweep_chart_ylabel": "P(met), lowest year",
    "smallest": "Smallest setting that meets each target with at least {level} probability",
    "smallest_note": "The smallest value of the lever at which the target is met with at least {level} probability, and at every larger value tried (other swept levers as stated).",
    "col_lever": "Lever",
    "col_smallest": "Smallest setting",
    "col_at": "P(met) there",
    "col_others": "Other levers",
    "not_reached": "not reached in the sweep (best {p})",
    "levers_matter": "Which levers matter",
    "s1_note": "First-order sensitivity index (RBD-FAST, SALib): share of the variance of the target's value across runs explained by each lever alone (0-1; ± half-width of the 95% bootstrap interval). The rest comes from interactions and chance.",
    "logit_note": "Logistic regression (statsmodels) of \"target met\" (one row per run and year, a fixed effect per year) on the levers: change in the log-odds of meeting the target per standard deviation of the lever across the sweep; odds ratio; p-value.",
    "col_s1": "First-order index",
    "col_coef": "Log-odds per SD",
    "col_sd": "SD of the lever",
    "col_or": "Odds ratio",
    "col_p": "p-value",
    "no_model": "{target}: no model ({reason}).",
    "reason.always met": "always met",
    "reason.never met": "never met",
    "reason.no lever varies": "no lever varies",
    "reason.not estimable": "not estimable",
    "reason.perfect separation: the levers split met from missed exactly": "the levers split met from missed exactly",
    "method.grid": "grid",
    "method.lhs": "Latin hypercube",
    "files": "Tables as CSV: {files}.",
}

_VI: dict[str, str] = {
    "title": "So sánh các kịch bản",
    "intro": "{points} kịch bản và điểm quét, {runs} lần chạy: cùng hạt giống ({seed}) và cùng số thứ tự lần lặp cho tất cả, nên chênh lệch được so từng cặp theo lần lặp.",
    "points": "Các kịch bản được so sánh",
    "col_point": "Kịch bản / điểm",
    "col_file": "Tệp",
    "col_settings": "Thiết lập",
    "col_runs": "Số lần lặp",
    "col_sha": "Mã băm nội dung",
    "as_written": "như trong tệp",
    "sweep_points": "{n} điểm quét",
    "missing": "Chưa chạy (chạy lại lệnh batch): {labels}.",
    "verdicts": "Chỉ tiêu: xác suất đạt chỉ tiêu",
    "verdicts_note": "Tỷ lệ số lần lặp đạt chỉ tiêu, theo chỉ tiêu và năm.",
    "col_target": "Chỉ tiêu",
    "col_year": "Năm",
    "col_threshold": "Mức chỉ tiêu",
    "differences": "Chênh lệch so với kịch bản gốc",
    "differences_note": "Kịch bản gốc: {baseline}. Hiệu của điểm so với kịch bản gốc trong cùng lần lặp, lấy trung bình; khoảng tin cậy {level} tính trên các hiệu theo cặp. Chênh lệch có khoảng tin cậy không chứa 0 khó là do ngẫu nhiên.",
    "col_mean_base": "Trung bình gốc",
    "col_mean": "Trung bình",
    "col_diff": "Chênh lệch",
    "col_interval": "Khoảng tin cậy {level}",
    "col_prob_base": "Xác suất đạt, gốc",
    "col_prob": "Xác suất đạt",
    "col_dprob": "Thay đổi xác suất đạt",
    "no_differences": "Chỉ một kịch bản có kết quả: không có gì để so sánh.",
    "fig_differences": "Thay đổi xác suất đạt từng chỉ tiêu so với kịch bản gốc",
    "diff_chart_title": "Thay đổi xác suất đạt chỉ tiêu so với {baseline}",
    "diff_chart_xlabel": "Thay đổi xác suất (điểm %), khoảng tin cậy {level}",
    "funnel": "Quy trình kết nạp theo từng kịch bản",
    "funnel_note": "Số người vào từng khâu (trung bình mỗi lần lặp, cả giai đoạn) và, trong ngoặc, tỷ lệ so với số quần chúng được đưa vào diện tạo nguồn.",
    "col_stage": "Khâu",
    "fig_funnel": "Quy trình kết nạp: {label}",
    "sweeps": "Quét tham số của {label}",
    "sweep_intro": "{n} điểm ({method}) theo: {levers}.",
    "sweep_table": "Xác suất đạt thấp nhất qua các năm của từng chỉ tiêu, theo từng điểm.",
    "fig_sweep": "Xác suất đạt từng chỉ tiêu khi quét tham số của {label}",
    "sweep_chart_title": "Quét tham số của {label}: xác suất đạt chỉ tiêu (năm thấp nhất)",
    "sweep_chart_ylabel": "Xác suất đạt, năm thấp nhất",
    "smallest": "Mức thấp nhất của đòn bẩy để đạt chỉ tiêu với xác suất ít nhất {level}",
    "smallest_note": "Giá trị nhỏ nhất của đòn bẩy mà tại đó, và tại mọi giá trị lớn hơn đã thử, chỉ tiêu đạt với xác suất ít nhất {level} (các đòn bẩy quét khác như ghi bên cạnh).",
    "col_lever": "Đòn bẩy",
    "col_smallest": "Mức thấp nhất",
    "col_at": "Xác suất đạt tại đó",
    "col_others": "Các đòn bẩy khác",
    "not_reached": "không đạt trong phạm vi quét (cao nhất {p})",
    "levers_matter": "Đòn bẩy nào quan trọng",
    "s1_note": "Chỉ số độ nhạy bậc một (RBD-FAST, SALib): phần phương sai của giá trị chỉ tiêu giữa các lần chạy do riêng từng đòn bẩy giải thích (0-1; ± nửa độ rộng khoảng bootstrap 95%). Phần còn lại do tương tác và ngẫu nhiên.",
    "logit_note": "Hồi quy logistic (statsmodels) của \"đạt chỉ tiêu\" (mỗi dòng là một lần chạy và một năm, có hiệu ứng cố định theo năm) theo các đòn bẩy: thay đổi log-odds đạt chỉ tiêu khi đòn bẩy tăng một độ lệch chuẩn trong phạm vi quét; tỷ số odds; giá trị p.",
    "col_s1": "Chỉ số bậc một",
    "col_coef": "Log-odds mỗi độ lệch chuẩn",
    "col_sd": "Độ lệch chuẩn của đòn bẩy",
    "col_or": "Tỷ số odds",
    "col_p": "Giá trị p",
    "no_model": "{target}: không ước lượng được ({reason}).",
    "reason.always met": "luôn đạt",
    "reason.never met": "không bao giờ đạt",
    "reason.no lever varies": "không đòn bẩy nào thay đổi",
    "reason.not estimable": "không ước lượng được",
    "reason.perfect separation: the levers split met from missed exactly": "các đòn bẩy tách hoàn toàn trường hợp đạt và không đạt",
    "method.grid": "lưới",
    "method.lhs": "siêu khối Latin",
    "files": "Các bảng dạng CSV: {files}.",
}

#: Batch report labels, by language then key.
BATCH_LABELS: dict[str, dict[str, str]] = {"en": _EN, "vi": _VI}


def blabel(key: str, lang: str) -> str:
    """Batch report label ``key`` in ``lang``, else the package label of that key.

    Raises:
        ValueError: Unsupported language.
        KeyError: Unknown key.
    """
    check_lang(lang)
    text = BATCH_LABELS[lang].get(key)
    return text if text is not None else label(key, lang)
