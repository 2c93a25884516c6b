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
    "thr.net_growth": "net growth of at least {n} members",
    "thr.net_growth_zero": "membership does not fall (net growth of at least 0)",
    "thr.composition": "{pct} of admissions",
    "thr.composition_group": "{pct} of admissions are {group}",
    # composition groups
    "group.youth": "young people",
    "group.women": "women",
    "group.minority": "ethnic minority people",
    "group.religious": "religious followers",
    "group.non_state": "non-state sector workers",
    "group.owner": "owners of non-state enterprises",
    "group.student": "students",
    "group.upper_secondary": "upper-secondary graduates",
    "group.college": "college or intermediate graduates",
    "group.university": "university graduates",
    "group.postgraduate": "postgraduates",
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
    "start.heading": "The first year against what is known",
    "start.ref.recorded": "the recorded {value} admissions",
    "start.ref.forecast": "the statistical forecast from history alone ({lo} to {hi}, 80% interval)",
    "start.ref.last_recorded": "the last recorded year ({value} admissions; {lo} to {hi} allowing for a normal year-to-year change)",
    "start.ref.average": "the recorded average of past years ({value} admissions a year; {lo} to {hi} allowing for a normal year-to-year change)",
    "start.agrees": "{year}, the first simulated year: the simulation ({sim}; {slo} to {shi} in 80% of runs) agrees with {ref}.",
    "start.above": "{year}, the first simulated year: the simulation ({sim}; {slo} to {shi} in 80% of runs) is above {ref}.",
    "start.below": "{year}, the first simulated year: the simulation ({sim}; {slo} to {shi} in 80% of runs) is below {ref}.",
    "start.cause.start": "Likely cause: the starting pipeline (the people already on the source list, in class, in vetting or awaiting the vote on the first day). Give the counts from the registers (pipeline_start: method counts, or pipeline: per unit) or check the spin-up.",
    "start.cause.rates": "Likely cause: the rates or capacity behind the history (identification, class seats, vetting time) differ from the scenario's; the following year departs the same way. Calibrate them (partysim calibrate).",
    "fan.ylabel": "Admissions per year (people)",
    "median": "Median of replications",
    "band": "Middle {pct} of replications",
    "history": "Recorded admissions",
    "target.admissions": "{name}: {n} per year",
    "target.admission_rate": "{name}: {pct} of members on 1 Jan",
    # charts: members
    "members.title": "Party membership and admission rate",
    "members.panel_members": "Members on 31 December (and at the end of the simulation)",
    "members.ylabel_members": "People",
    "members.panel_rate": "Admission rate: admissions as % of members on 1 January",
    "members.ylabel_rate": "% of members\non 1 January",
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
    "prov.path": "sample path",
    "prov.paths": "sample paths",
    "prov.changes": "changed from the file: {changes}",
    # report
    "report.answer": "Answer",
    "report.verdicts": "Targets: probability of being met",
    "report.members": "Membership, admissions and outflow (median of replications)",
    "report.leaks": "Where candidates are lost",
    "report.composition": "Who is admitted",
    "report.uncertainty": "What the probabilities rest on",
    "uncertainty.priors": (
        "The probabilities integrate over what is not known: {k} sets of values for {m} estimated "
        "parameters, drawn from their plausible ranges (every lever effect size among them), the driver "
        "forecasts and chance. The bracket after each probability is its 80% range across those sets."
    ),
    "uncertainty.posterior": (
        "The probabilities integrate over what is not known: {k} weighted sets of values for {m} estimated "
        "parameters from the calibration to history, the driver forecasts and chance. The bracket after "
        "each probability is its 80% range across those sets."
    ),
    "uncertainty.none": (
        "Every estimated parameter is fixed at its value: the probabilities cover chance and the driver "
        "forecasts only, not what is unknown about the parameters (run without --sets 0 to include it)."
    ),
    "uncertainty.col_target": "Target",
    "uncertainty.col_year": "Year",
    "uncertainty.col_fixed": "P(met), estimates fixed",
    "uncertainty.col_parameters": "Spread: parameters",
    "uncertainty.col_drivers": "drivers",
    "uncertainty.col_chance": "chance",
    "uncertainty.col_weighs_most": "What weighs most",
    "report.composition_intro": (
        "Share of each group among those admitted in {year} (mean of replications and P10–P90), among "
        "the people who may be put on the source list, and among members at the end of the year."
    ),
    "report.no_composition": "No one is admitted in the simulation.",
    "report.comp_group": "Group",
    "report.comp_admitted": "Admitted",
    "report.comp_range": "P10–P90",
    "report.comp_eligible": "Eligible",
    "report.comp_members": "Members",
    "report.charts": "Charts",
    "report.met_single": "The target “{name}” ({thr}) is met with probability {p} in {year}.",
    "report.met_multi": ("The target “{name}” ({thr}) is met with probability {items}; lowest in {year} at {p}."),
    "report.met_item": "{p} in {year}",
    "report.thr_varies": "threshold varies by year",
    "report.mean_admissions": (
        "On average {n} people are admitted per year, an admission rate of {pct} of members on 1 January."
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
        "At stage “{stage}”, {n} candidates leave because of “{reason}” ({share} of those entering the stage)."
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
    "batch.honest_differences_note": "Each scenario minus the baseline ({baseline}), paired by parameter set and replication: mean and 80% interval over both, in the target's unit (a share as a fraction).",
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
    "batch.logit_note": 'Logistic regression (statsmodels) of "target met" (one row per run and year, a fixed effect per year) on the levers: change in the log-odds of meeting the target per standard deviation of the lever across the sweep; odds ratio; p-value.',
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
    # recorded figures and part years on charts
    "history.average": "Recorded average per year, {period}",
    "history.members": "Recorded members",
    "part_year": "Part of a year ({months}), median and middle 80%",
    "months_span": "{first}–{last}/{year}",
    "members.end_of_run": "end {month}/{year}",
    # hierarchy levels
    "level.province": "province",
    "level.district": "district",
    "level.commune": "commune",
    "level.ward": "ward",
    "level.grassroots": "grassroots organisation",
    "level.cell": "party cell",
    "level.bloc": "bloc",
    # statistical models (forecasts)
    "model.naive": "random walk",
    "model.drift": "random walk with drift",
    "model.ets_trend": "exponential smoothing with a linear trend",
    "model.ets_damped": "exponential smoothing with a damped trend",
    "model.uc_level": "local level",
    "model.uc_trend": "local linear trend",
    "model.negbin_trend": "negative-binomial trend",
    "model.snaive": "seasonal random walk",
    "model.uc_seasonal": "local level with quarterly seasons",
    # forecast series
    "series.admissions": "admissions",
    "series.members": "members",
    "series.outflow": "members leaving",
    "series.certificates": "class certificates",
    # what was changed (variants)
    "variant.from": "{name} from {period}",
    "variant.original": "(in the file: {value})",
    "variant.none": "not set",
    "field.start": "start of the simulation",
    "field.end": "end of the simulation",
    "field.seed": "random seed",
    "field.replications": "replications",
    "field.review_months": "months between reviews of population-wide risks",
    "unit_field.count": "number of units “{unit}”",
    "unit_field.people": "people per unit “{unit}”",
    "unit_field.members": "members per unit “{unit}”",
    "unit_field.quota": "quota per grassroots organisation of “{unit}”",
    "unit_field.cells": "party cells per unit “{unit}”",
    "report.changes": "What was changed",
    "report.changes_intro": "This run is a variant of the scenario file: the values below were changed.",
    "report.met_all": "The target “{name}” ({thr}) is met with probability {p} in every year, {period}.",
    "report.run_line": "{reps} · {period}",
    "report.date": "Date: {date}",
    # brief files
    "brief.tables": "Tables",
    "brief.sheet_verdicts": "Targets",
    "brief.sheet_members": "Membership",
    "brief.sheet_funnel": "Pipeline",
    "brief.sheet_nodes": "By unit",
    "brief.sheet_about": "About this run",
    "brief.col_stage": "Stage",
    "brief.col_entered": "Entered the stage",
    "brief.col_node": "Unit",
    "brief.col_level": "Level",
    "brief.col_quota": "Quota",
    "brief.col_item": "Item",
    "brief.col_value": "Value",
    "brief.page": "Page {n}",
    "about.scenario": "Scenario",
    "about.file_name": "Scenario name",
    "about.sha": "Content hash (SHA-256)",
    "about.version": "partysim version",
    "about.seed": "Random seed",
    "about.replications": "Replications",
    "about.period": "Period simulated",
    "about.date": "Date",
    "about.changes": "Changed from the file",
    # console
    "cli.error": "error",
    "cli.cannot_write": "{dir}: cannot write ({why})",
    "cli.forecast_done": "{name}: {method} of {models}; wrote forecast.csv, forecast.png, forecast.svg, summary.json to {dir}",
    "cli.warning": "warning",
    "cli.interrupted": "interrupted: nothing written",
    "cli.verdict": "{name}, {year}: P(met) {p}; mean {mean}; P10–P90 {lo} – {hi}",
    "cli.wrote_one": "wrote 1 file to {dir}",
    "cli.wrote": "wrote {n} files to {dir}",
    "cli.params": "{path} = {value}  range {lo} to {hi} {unit}{est}  {text}",
    "cli.est": " [estimate]",
    "cli.ok_one": "ok: {file} ({name}, {start} to {end}, 1 target)",
    "cli.ok": "ok: {file} ({name}, {start} to {end}, {n} targets)",
    "cli.app_url": "The dashboard is at {url} (stop it with Ctrl-C).",
    "cli.app_missing": "the stand-alone dashboard needs Voila: pip install 'partysim[notebook]'",
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
    "thr.net_growth": "tăng ròng ít nhất {n} đảng viên",
    "thr.net_growth_zero": "số đảng viên không giảm (tăng ròng từ 0 trở lên)",
    "thr.composition": "{pct} số đảng viên kết nạp",
    "thr.composition_group": "{pct} số đảng viên kết nạp là {group}",
    # composition groups
    "group.youth": "thanh niên",
    "group.women": "phụ nữ",
    "group.minority": "người dân tộc thiểu số",
    "group.religious": "người có đạo",
    "group.non_state": "người lao động khu vực ngoài nhà nước",
    "group.owner": "chủ doanh nghiệp ngoài nhà nước",
    "group.student": "học sinh, sinh viên",
    "group.upper_secondary": "người tốt nghiệp THPT",
    "group.college": "người có trình độ trung cấp, cao đẳng",
    "group.university": "người có trình độ đại học",
    "group.postgraduate": "người có trình độ trên đại học",
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
    "start.heading": "Năm đầu so với số liệu đã biết",
    "start.ref.recorded": "số liệu thực tế {value} đảng viên kết nạp",
    "start.ref.forecast": "dự báo thống kê chỉ từ số liệu quá khứ ({lo} đến {hi}, khoảng tin cậy 80%)",
    "start.ref.last_recorded": "năm gần nhất có số liệu ({value} đảng viên kết nạp; {lo} đến {hi} khi tính mức dao động bình thường giữa các năm)",
    "start.ref.average": "số liệu bình quân các năm trước ({value} đảng viên kết nạp mỗi năm; {lo} đến {hi} khi tính mức dao động bình thường giữa các năm)",
    "start.agrees": "Năm {year}, năm mô phỏng đầu tiên: kết quả mô phỏng ({sim}; {slo} đến {shi} trong 80% số lần chạy) phù hợp với {ref}.",
    "start.above": "Năm {year}, năm mô phỏng đầu tiên: kết quả mô phỏng ({sim}; {slo} đến {shi} trong 80% số lần chạy) cao hơn {ref}.",
    "start.below": "Năm {year}, năm mô phỏng đầu tiên: kết quả mô phỏng ({sim}; {slo} đến {shi} trong 80% số lần chạy) thấp hơn {ref}.",
    "start.cause.start": "Nguyên nhân có thể: nguồn đang có trong quy trình ở thời điểm bắt đầu (số quần chúng trong nguồn, đang học lớp, đang thẩm tra lý lịch, chờ chi bộ xét). Hãy nhập số liệu từ sổ theo dõi (pipeline_start: method counts, hoặc pipeline: theo từng đơn vị) hoặc kiểm tra giai đoạn chạy khởi động.",
    "start.cause.rates": "Nguyên nhân có thể: các tỷ lệ hoặc năng lực (phát hiện nguồn, số chỗ học lớp, thời gian thẩm tra) khác với thực tế của những năm trước; năm sau cũng lệch theo cùng hướng. Cần hiệu chỉnh tham số (partysim calibrate).",
    "fan.ylabel": "Số đảng viên kết nạp mỗi năm (người)",
    "median": "Trung vị các lần mô phỏng",
    "band": "Khoảng giữa chứa {pct} số lần mô phỏng",
    "history": "Số liệu thực tế",
    "target.admissions": "{name}: {n} người/năm",
    "target.admission_rate": "{name}: {pct} số đảng viên đầu năm",
    # charts: members
    "members.title": "Số lượng đảng viên và tỷ lệ kết nạp",
    "members.panel_members": "Đảng viên ngày 31/12 (và cuối giai đoạn mô phỏng)",
    "members.ylabel_members": "Người",
    "members.panel_rate": "Tỷ lệ kết nạp: số kết nạp so với số đảng viên đầu năm",
    "members.ylabel_rate": "% số đảng viên\nđầu năm",
    # charts: funnel
    "funnel.title": "Quy trình kết nạp: số người qua từng khâu và hao hụt",
    "funnel.panel_entered": "Số người vào khâu",
    "funnel.panel_lost": "Hao hụt tại khâu, theo lý do",
    "funnel.xlabel": "Số người (trung bình mỗi lần mô phỏng, cả giai đoạn)",
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
    "prov.seed": "giá trị khởi tạo ngẫu nhiên",
    "prov.replication": "lần mô phỏng",
    "prov.replications": "lần mô phỏng",
    "prov.path": "đường mô phỏng",
    "prov.paths": "đường mô phỏng",
    "prov.changes": "thay đổi so với tệp: {changes}",
    # report
    "report.answer": "Kết luận",
    "report.verdicts": "Chỉ tiêu: xác suất đạt chỉ tiêu",
    "report.members": "Đảng viên, kết nạp và giảm (trung vị các lần mô phỏng)",
    "report.leaks": "Nguồn kết nạp bị hao hụt ở đâu",
    "report.composition": "Cơ cấu đảng viên mới",
    "report.uncertainty": "Các xác suất dựa trên những gì",
    "uncertainty.priors": (
        "Các xác suất đã tính đến những điều chưa biết: {k} bộ giá trị của {m} tham số ước lượng, rút từ "
        "khoảng hợp lý của chúng (gồm cả mức tác động của các giải pháp), dự báo các yếu tố đầu vào và yếu tố "
        "ngẫu nhiên. Khoảng trong ngoặc sau mỗi xác suất là khoảng 80% của nó giữa các bộ giá trị đó."
    ),
    "uncertainty.posterior": (
        "Các xác suất đã tính đến những điều chưa biết: {k} bộ giá trị có trọng số của {m} tham số ước lượng, "
        "lấy từ kết quả hiệu chỉnh theo số liệu lịch sử, dự báo các yếu tố đầu vào và yếu tố ngẫu nhiên. "
        "Khoảng trong ngoặc sau mỗi xác suất là khoảng 80% của nó giữa các bộ giá trị đó."
    ),
    "uncertainty.none": (
        "Mọi tham số ước lượng được giữ cố định: các xác suất chỉ tính đến yếu tố ngẫu nhiên và dự báo các yếu "
        "tố đầu vào, chưa tính đến những điều chưa biết về tham số (bỏ --sets 0 để tính)."
    ),
    "uncertainty.col_target": "Chỉ tiêu",
    "uncertainty.col_year": "Năm",
    "uncertainty.col_fixed": "Xác suất đạt, tham số cố định",
    "uncertainty.col_parameters": "Độ phân tán: tham số",
    "uncertainty.col_drivers": "yếu tố đầu vào",
    "uncertainty.col_chance": "ngẫu nhiên",
    "uncertainty.col_weighs_most": "Giả định ảnh hưởng nhiều nhất",
    "report.composition_intro": (
        "Tỷ lệ của từng nhóm trong số đảng viên kết nạp năm {year} (trung bình các lần mô phỏng và "
        "P10–P90), trong số người có thể đưa vào danh sách nguồn, và trong số đảng viên cuối năm."
    ),
    "report.no_composition": "Mô phỏng không kết nạp được ai.",
    "report.comp_group": "Nhóm",
    "report.comp_admitted": "Kết nạp",
    "report.comp_range": "P10–P90",
    "report.comp_eligible": "Đủ điều kiện",
    "report.comp_members": "Đảng viên",
    "report.charts": "Biểu đồ",
    "report.met_single": "Chỉ tiêu «{name}» ({thr}) đạt với xác suất {p} năm {year}.",
    "report.met_multi": ("Chỉ tiêu «{name}» ({thr}) đạt với xác suất {items}; thấp nhất năm {year} với {p}."),
    "report.met_item": "{p} năm {year}",
    "report.thr_varies": "mức chỉ tiêu thay đổi theo năm",
    "report.mean_admissions": (
        "Bình quân mỗi năm kết nạp {n} đảng viên, tỷ lệ kết nạp bằng {pct} số đảng viên đầu năm."
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
    "report.leak": ("Ở khâu «{stage}», {n} người rời khỏi quy trình do «{reason}» ({share} số người vào khâu)."),
    "report.leaks_intro": "Trung bình mỗi lần mô phỏng, giai đoạn {period}:",
    "report.no_leaks": "Trong mô phỏng không có quần chúng nào rời khỏi quy trình.",
    "report.fig_fan": "Kết nạp đảng viên hằng năm",
    "report.fig_members": "Đảng viên và tỷ lệ kết nạp",
    "report.fig_funnel": "Quy trình kết nạp",
    # batch comparison report (partysim report DIR)
    "batch.title": "So sánh các kịch bản",
    "batch.intro": "{points} kịch bản và điểm quét, {runs} lần chạy: cùng giá trị khởi tạo ngẫu nhiên ({seed}) và cùng số thứ tự lần mô phỏng cho tất cả, nên chênh lệch được so từng cặp theo lần mô phỏng.",
    "batch.points": "Các kịch bản được so sánh",
    "batch.col_point": "Kịch bản / điểm",
    "batch.col_file": "Tệp",
    "batch.col_settings": "Thiết lập",
    "batch.col_runs": "Số lần mô phỏng",
    "batch.col_sha": "Mã băm nội dung",
    "batch.as_written": "như trong tệp",
    "batch.sweep_points": "{n} điểm quét",
    "batch.missing": "Chưa chạy (chạy lại lệnh batch): {labels}.",
    "batch.verdicts_note": "Tỷ lệ số lần mô phỏng đạt chỉ tiêu, theo chỉ tiêu và năm.",
    "batch.differences": "Chênh lệch so với kịch bản gốc",
    "batch.differences_note": "Kịch bản gốc: {baseline}. Hiệu của điểm so với kịch bản gốc trong cùng lần mô phỏng, lấy trung bình; khoảng tin cậy {level} tính trên các hiệu theo cặp. Chênh lệch có khoảng tin cậy không chứa 0 khó là do ngẫu nhiên.",
    "batch.honest_differences_note": "Hiệu của từng kịch bản so với kịch bản gốc ({baseline}), ghép cặp theo bộ tham số và lần mô phỏng: trung bình và khoảng 80% trên cả hai, theo đơn vị của chỉ tiêu (tỷ lệ viết dưới dạng số thập phân).",
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
    "batch.funnel_note": "Số người vào từng khâu (trung bình mỗi lần mô phỏng, cả giai đoạn) và, trong ngoặc, tỷ lệ so với số quần chúng được đưa vào diện tạo nguồn.",
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
    "batch.logit_note": 'Hồi quy logistic (statsmodels) của "đạt chỉ tiêu" (mỗi dòng là một lần chạy và một năm, có hiệu ứng cố định theo năm) theo các đòn bẩy: thay đổi log-odds đạt chỉ tiêu khi đòn bẩy tăng một độ lệch chuẩn trong phạm vi quét; tỷ số odds; giá trị p.',
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
    # recorded figures and part years on charts
    "history.average": "Số liệu thực tế: bình quân mỗi năm {period}",
    "history.members": "Số đảng viên thực tế",
    "part_year": "Năm chưa trọn ({months}): trung vị và khoảng giữa 80%",
    "months_span": "T{first}–T{last}/{year}",
    "members.end_of_run": "cuối T{month}/{year}",
    # hierarchy levels
    "level.province": "tỉnh",
    "level.district": "huyện",
    "level.commune": "xã",
    "level.ward": "phường",
    "level.grassroots": "tổ chức cơ sở đảng",
    "level.cell": "chi bộ",
    "level.bloc": "khối",
    # statistical models (forecasts)
    "model.naive": "bước ngẫu nhiên",
    "model.drift": "bước ngẫu nhiên có xu hướng",
    "model.ets_trend": "san bằng mũ có xu hướng tuyến tính",
    "model.ets_damped": "san bằng mũ có xu hướng giảm dần",
    "model.uc_level": "mức địa phương",
    "model.uc_trend": "xu hướng tuyến tính địa phương",
    "model.negbin_trend": "xu hướng nhị thức âm",
    "model.snaive": "bước ngẫu nhiên theo mùa",
    "model.uc_seasonal": "mức địa phương có mùa vụ theo quý",
    # forecast series
    "series.admissions": "số đảng viên kết nạp",
    "series.members": "số đảng viên",
    "series.outflow": "số đảng viên ra khỏi danh sách",
    "series.certificates": "số giấy chứng nhận học lớp bồi dưỡng",
    # what was changed (variants)
    "variant.from": "{name} từ {period}",
    "variant.original": "(trong tệp: {value})",
    "variant.none": "chưa đặt",
    "field.start": "tháng bắt đầu mô phỏng",
    "field.end": "tháng kết thúc mô phỏng",
    "field.seed": "giá trị khởi tạo ngẫu nhiên",
    "field.replications": "số lần mô phỏng",
    "field.review_months": "số tháng giữa hai lần xét các rủi ro chung của dân cư",
    "unit_field.count": "số đơn vị «{unit}»",
    "unit_field.people": "số người mỗi đơn vị «{unit}»",
    "unit_field.members": "số đảng viên mỗi đơn vị «{unit}»",
    "unit_field.quota": "chỉ tiêu mỗi tổ chức cơ sở đảng của «{unit}»",
    "unit_field.cells": "số chi bộ mỗi đơn vị «{unit}»",
    "report.changes": "Những giá trị đã thay đổi",
    "report.changes_intro": "Lần chạy này là một phương án của tệp kịch bản: các giá trị dưới đây đã được thay đổi.",
    "report.met_all": "Chỉ tiêu «{name}» ({thr}) đạt với xác suất {p} ở mọi năm, giai đoạn {period}.",
    "report.run_line": "{reps} · {period}",
    "report.date": "Ngày: {date}",
    # brief files
    "brief.tables": "Các bảng",
    "brief.sheet_verdicts": "Chỉ tiêu",
    "brief.sheet_members": "Đảng viên",
    "brief.sheet_funnel": "Quy trình kết nạp",
    "brief.sheet_nodes": "Theo đơn vị",
    "brief.sheet_about": "Thông tin lần chạy",
    "brief.col_stage": "Khâu",
    "brief.col_entered": "Số người vào khâu",
    "brief.col_node": "Đơn vị",
    "brief.col_level": "Cấp",
    "brief.col_quota": "Chỉ tiêu giao",
    "brief.col_item": "Mục",
    "brief.col_value": "Giá trị",
    "brief.page": "Trang {n}",
    "about.scenario": "Kịch bản",
    "about.file_name": "Tên kịch bản",
    "about.sha": "Mã băm nội dung (SHA-256)",
    "about.version": "Phiên bản partysim",
    "about.seed": "Giá trị khởi tạo ngẫu nhiên",
    "about.replications": "Số lần mô phỏng",
    "about.period": "Giai đoạn mô phỏng",
    "about.date": "Ngày",
    "about.changes": "Thay đổi so với tệp",
    # console
    "cli.error": "lỗi",
    "cli.cannot_write": "{dir}: không ghi được ({why})",
    "cli.forecast_done": "{name}: {method} của {models}; đã ghi forecast.csv, forecast.png, forecast.svg, summary.json vào {dir}",
    "cli.warning": "cảnh báo",
    "cli.interrupted": "đã dừng: chưa ghi tệp nào",
    "cli.verdict": "{name}, năm {year}: xác suất đạt {p}; trung bình {mean}; P10–P90 {lo} – {hi}",
    "cli.wrote_one": "đã ghi 1 tệp vào {dir}",
    "cli.wrote": "đã ghi {n} tệp vào {dir}",
    "cli.params": "{path} = {value}  khoảng {lo} đến {hi} {unit}{est}  {text}",
    "cli.est": " [ước tính]",
    "cli.ok_one": "hợp lệ: {file} ({name}, {start} đến {end}, 1 chỉ tiêu)",
    "cli.ok": "hợp lệ: {file} ({name}, {start} đến {end}, {n} chỉ tiêu)",
    "cli.app_url": "Bảng điều khiển ở địa chỉ {url} (dừng bằng Ctrl-C).",
    "cli.app_missing": "bảng điều khiển độc lập cần Voila: pip install 'partysim[notebook]'",
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
