"""Every label partysim prints, in English and Vietnamese, looked up with :func:`label`.

One table per language, keyed by dotted names: ``stage.*`` and ``loss.*`` (the admission
pipeline), ``kind.*``, ``thr.*`` and ``group.*`` (targets), ``fan.*``, ``members.*``,
``funnel.*``, ``outlook.*`` and ``forecast.*`` (charts), ``prov.*`` (the provenance footer),
``report.*`` (the one-page brief) and ``batch.*`` (the batch comparison report). Some labels
are templates with ``{placeholders}`` that callers fill in with :meth:`str.format`; numbers
passed to them are formatted first (:mod:`partysim.outputs.i18n.numbers`).

The dashboard's own words (buttons, messages) are in :mod:`partysim.ui.texts`.
"""

from __future__ import annotations

from partysim.outputs.i18n.languages import check_lang

__all__ = ["LABELS", "label", "label_or"]

_EN: dict[str, str] = {
    # generic
    "app": "partysim",
    "year": "Year",
    "members": "members",
    "people": "people",
    "admissions": "admissions",
    "target": "Target",
    "pp": "{n} pp",  # percentage points: {n} is a formatted number
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
    # charts: statistical forecast
    "forecast.title": "Forecast of {name} from its history",
    "forecast.median": "Forecast (median)",
    "forecast.band": "{pct} forecast interval",
    "forecast.combine": "Weighted combination of {k} statistical models ({models}), weights from backtest accuracy",
    "forecast.select": "Model {model}, chosen by backtest accuracy",
    "forecast.calibrated": "intervals widened to match errors on real short series",
    "forecast.uncalibrated": "model intervals, not widened",
    "forecast.quarter": "Quarter",
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
    "report.fig_fan": "Admissions per year",
    "report.fig_members": "Members and admission rate",
    "report.fig_funnel": "Admission pipeline",
    # batch comparison report (partysim report DIR)
    "batch.title": "Comparison of scenarios",
    "batch.intro": "{points} scenarios and sweep points, {runs} runs: the same seed ({seed}) and the same replication numbers for all, so differences are paired replication by replication.",
    "batch.points": "Scenarios compared",
    "batch.col_point": "Scenario / point",
    "batch.col_file": "File",
    "batch.col_settings": "Settings",
    "batch.col_runs": "Replications",
    "batch.col_sha": "Content hash",
    "batch.as_written": "as written",
    "batch.sweep_points": "{n} sweep points",
    "batch.missing": "Not run yet (run the batch command again): {labels}.",
    "batch.verdicts_note": "Share of replications in which the target is met, per target and year.",
    "batch.differences": "Differences from the baseline",
    "batch.differences_note": "Baseline: {baseline}. Point minus baseline in the same replication, averaged; {level} intervals over the paired differences. A difference whose interval excludes 0 is unlikely to be chance.",
    "batch.col_mean_base": "Baseline mean",
    "batch.col_diff": "Difference",
    "batch.col_interval": "{level} interval",
    "batch.col_prob_base": "P(met), baseline",
    "batch.col_prob": "P(met)",
    "batch.col_dprob": "Change in P(met)",
    "batch.no_differences": "Only one scenario has results: nothing to compare.",
    "batch.fig_differences": "Change in the probability of meeting each target, against the baseline",
    "batch.diff_chart_title": "Change in the probability of meeting the target vs {baseline}",
    "batch.diff_chart_xlabel": "Change in probability (percentage points), {level} interval",
    "batch.funnel": "The admission pipeline per scenario",
    "batch.funnel_note": "People entering each stage (mean per replication over the whole period) and, in brackets, as a share of those identified.",
    "batch.col_stage": "Stage",
    "batch.fig_funnel": "Admission pipeline: {label}",
    "batch.sweeps": "Sweep of {label}",
    "batch.sweep_intro": "{n} points ({method}) over: {levers}.",
    "batch.sweep_table": "Lowest probability of meeting each target over its years, per point.",
    "batch.fig_sweep": "Probability of meeting each target across the sweep of {label}",
    "batch.sweep_chart_title": "Sweep of {label}: probability of meeting each target (lowest year)",
    "batch.sweep_chart_ylabel": "P(met), lowest year",
    "batch.smallest": "Smallest setting that meets each target with at least {level} probability",
    "batch.smallest_note": "The smallest value of the lever at which the target is met with at least {level} probability, and at every larger value tried (other swept levers as stated).",
    "batch.col_lever": "Lever",
    "batch.col_smallest": "Smallest setting",
    "batch.col_at": "P(met) there",
    "batch.col_others": "Other levers",
    "batch.not_reached": "not reached in the sweep (best {p})",
    "batch.levers_matter": "Which levers matter",
    "batch.s1_note": "First-order sensitivity index (RBD-FAST, SALib): share of the variance of the target's value across runs explained by each lever alone (0-1; ± half-width of the 95% bootstrap interval). The rest comes from interactions and chance.",
    "batch.logit_note": "Logistic regression (statsmodels) of \"target met\" (one row per run and year, a fixed effect per year) on the levers: change in the log-odds of meeting the target per standard deviation of the lever across the sweep; odds ratio; p-value.",
    "batch.col_coef": "Log-odds per SD",
    "batch.col_sd": "SD of the lever",
    "batch.col_or": "Odds ratio",
    "batch.col_p": "p-value",
    "batch.no_model": "{target}: no model ({reason}).",
    "batch.reason.always met": "always met",
    "batch.reason.never met": "never met",
    "batch.reason.no lever varies": "no lever varies",
    "batch.reason.not estimable": "not estimable",
    "batch.reason.perfect separation: the levers split met from missed exactly": "the levers split met from missed exactly",
    "batch.method.grid": "grid",
    "batch.method.lhs": "Latin hypercube",
    "batch.files": "Tables as CSV: {files}.",
}

_VI: dict[str, str] = {
    # generic
    "app": "partysim",
    "year": "Năm",
    "members": "đảng viên",
    "people": "người",
    "admissions": "đảng viên kết nạp",
    "target": "Chỉ tiêu",
    "pp": "{n} điểm %",  # percentage points: {n} is a formatted number
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
    # charts: statistical forecast
    "forecast.title": "Dự báo {name} từ số liệu các năm trước",
    "forecast.median": "Dự báo (trung vị)",
    "forecast.band": "Khoảng dự báo {pct}",
    "forecast.combine": "Kết hợp có trọng số {k} mô hình thống kê ({models}), trọng số theo độ chính xác khi kiểm định lùi",
    "forecast.select": "Mô hình {model}, chọn theo độ chính xác khi kiểm định lùi",
    "forecast.calibrated": "khoảng dự báo được nới rộng theo sai số thực tế trên các chuỗi số liệu ngắn",
    "forecast.uncalibrated": "khoảng dự báo của mô hình, chưa nới rộng",
    "forecast.quarter": "Quý",
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
    "report.fig_fan": "Kết nạp đảng viên hằng năm",
    "report.fig_members": "Đảng viên và tỷ lệ kết nạp",
    "report.fig_funnel": "Quy trình kết nạp",
    # batch comparison report (partysim report DIR)
    "batch.title": "So sánh các kịch bản",
    "batch.intro": "{points} kịch bản và điểm quét, {runs} lần chạy: cùng hạt giống ({seed}) và cùng số thứ tự lần lặp cho tất cả, nên chênh lệch được so từng cặp theo lần lặp.",
    "batch.points": "Các kịch bản được so sánh",
    "batch.col_point": "Kịch bản / điểm",
    "batch.col_file": "Tệp",
    "batch.col_settings": "Thiết lập",
    "batch.col_runs": "Số lần lặp",
    "batch.col_sha": "Mã băm nội dung",
    "batch.as_written": "như trong tệp",
    "batch.sweep_points": "{n} điểm quét",
    "batch.missing": "Chưa chạy (chạy lại lệnh batch): {labels}.",
    "batch.verdicts_note": "Tỷ lệ số lần lặp đạt chỉ tiêu, theo chỉ tiêu và năm.",
    "batch.differences": "Chênh lệch so với kịch bản gốc",
    "batch.differences_note": "Kịch bản gốc: {baseline}. Hiệu của điểm so với kịch bản gốc trong cùng lần lặp, lấy trung bình; khoảng tin cậy {level} tính trên các hiệu theo cặp. Chênh lệch có khoảng tin cậy không chứa 0 khó là do ngẫu nhiên.",
    "batch.col_mean_base": "Trung bình gốc",
    "batch.col_diff": "Chênh lệch",
    "batch.col_interval": "Khoảng tin cậy {level}",
    "batch.col_prob_base": "Xác suất đạt, gốc",
    "batch.col_prob": "Xác suất đạt",
    "batch.col_dprob": "Thay đổi xác suất đạt",
    "batch.no_differences": "Chỉ một kịch bản có kết quả: không có gì để so sánh.",
    "batch.fig_differences": "Thay đổi xác suất đạt từng chỉ tiêu so với kịch bản gốc",
    "batch.diff_chart_title": "Thay đổi xác suất đạt chỉ tiêu so với {baseline}",
    "batch.diff_chart_xlabel": "Thay đổi xác suất (điểm %), khoảng tin cậy {level}",
    "batch.funnel": "Quy trình kết nạp theo từng kịch bản",
    "batch.funnel_note": "Số người vào từng khâu (trung bình mỗi lần lặp, cả giai đoạn) và, trong ngoặc, tỷ lệ so với số quần chúng được đưa vào diện tạo nguồn.",
    "batch.col_stage": "Khâu",
    "batch.fig_funnel": "Quy trình kết nạp: {label}",
    "batch.sweeps": "Quét tham số của {label}",
    "batch.sweep_intro": "{n} điểm ({method}) theo: {levers}.",
    "batch.sweep_table": "Xác suất đạt thấp nhất qua các năm của từng chỉ tiêu, theo từng điểm.",
    "batch.fig_sweep": "Xác suất đạt từng chỉ tiêu khi quét tham số của {label}",
    "batch.sweep_chart_title": "Quét tham số của {label}: xác suất đạt chỉ tiêu (năm thấp nhất)",
    "batch.sweep_chart_ylabel": "Xác suất đạt, năm thấp nhất",
    "batch.smallest": "Mức thấp nhất của đòn bẩy để đạt chỉ tiêu với xác suất ít nhất {level}",
    "batch.smallest_note": "Giá trị nhỏ nhất của đòn bẩy mà tại đó, và tại mọi giá trị lớn hơn đã thử, chỉ tiêu đạt với xác suất ít nhất {level} (các đòn bẩy quét khác như ghi bên cạnh).",
    "batch.col_lever": "Đòn bẩy",
    "batch.col_smallest": "Mức thấp nhất",
    "batch.col_at": "Xác suất đạt tại đó",
    "batch.col_others": "Các đòn bẩy khác",
    "batch.not_reached": "không đạt trong phạm vi quét (cao nhất {p})",
    "batch.levers_matter": "Đòn bẩy nào quan trọng",
    "batch.s1_note": "Chỉ số độ nhạy bậc một (RBD-FAST, SALib): phần phương sai của giá trị chỉ tiêu giữa các lần chạy do riêng từng đòn bẩy giải thích (0-1; ± nửa độ rộng khoảng bootstrap 95%). Phần còn lại do tương tác và ngẫu nhiên.",
    "batch.logit_note": "Hồi quy logistic (statsmodels) của \"đạt chỉ tiêu\" (mỗi dòng là một lần chạy và một năm, có hiệu ứng cố định theo năm) theo các đòn bẩy: thay đổi log-odds đạt chỉ tiêu khi đòn bẩy tăng một độ lệch chuẩn trong phạm vi quét; tỷ số odds; giá trị p.",
    "batch.col_coef": "Log-odds mỗi độ lệch chuẩn",
    "batch.col_sd": "Độ lệch chuẩn của đòn bẩy",
    "batch.col_or": "Tỷ số odds",
    "batch.col_p": "Giá trị p",
    "batch.no_model": "{target}: không ước lượng được ({reason}).",
    "batch.reason.always met": "luôn đạt",
    "batch.reason.never met": "không bao giờ đạt",
    "batch.reason.no lever varies": "không đòn bẩy nào thay đổi",
    "batch.reason.not estimable": "không ước lượng được",
    "batch.reason.perfect separation: the levers split met from missed exactly": "các đòn bẩy tách hoàn toàn trường hợp đạt và không đạt",
    "batch.method.grid": "lưới",
    "batch.method.lhs": "siêu khối Latin",
    "batch.files": "Các bảng dạng CSV: {files}.",
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
