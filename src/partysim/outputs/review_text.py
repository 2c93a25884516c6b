"""The quarterly review as a one-page brief, in Vietnamese or English: the year's
re-forecast, the units at risk of missing their quota, what would close the gap, the
statistical check and the method in two sentences. Document blocks
(:mod:`partysim.outputs.document`): Markdown here, DOCX through
:func:`partysim.outputs.brief_files.write_docx`."""

from __future__ import annotations

import math

from partysim.analysis.review_results import Review
from partysim.outputs.document import Block, Heading, Paragraph, Table
from partysim.outputs.i18n import format_number, format_probability

__all__ = ["ACTION_NAMES", "review_blocks", "review_footer"]

ACTION_NAMES: dict[str, tuple[str, str]] = {
    "one_more_class": (
        "one more awareness class before December",
        "mở thêm một lớp bồi dưỡng nhận thức trước tháng 12",
    ),
    "two_more_classes": (
        "two more awareness classes before December",
        "mở thêm hai lớp bồi dưỡng nhận thức trước tháng 12",
    ),
    "faster_vetting": ("faster vetting and digital records", "đẩy nhanh thẩm tra lý lịch, số hóa hồ sơ"),
    "quota_accountability": (
        "a quota per cell, the secretary accountable",
        "giao chỉ tiêu cho chi bộ, bí thư chịu trách nhiệm",
    ),
    "mass_org_engagement": ("mass organisations identify candidates", "đoàn thể giới thiệu quần chúng ưu tú"),
}
"""Default actions' names (English, Vietnamese); other actions are named by their text."""

_W: dict[str, dict[str, str]] = {
    "en": {
        "title": "Quarterly review: {name}, as of {as_of}",
        "year": "Year {year}: {so_far} admitted so far{partial}; re-forecast {mean} (80%: {lo}-{hi}) against a quota of "
        "{quota}: probability of meeting it {p}. Statistical nowcast from the admissions so far: {now}.",
        "now": "{mean} (80%: {lo}-{hi}), probability {p}",
        "no_now": "not made (some units have no actuals)",
        "partial": " (in the {k} of {n} unit groups that reported; the others are simulated)",
        "risk": "Units at risk (probability of meeting the quota below {level})",
        "no_risk": "No unit is at risk.",
        "risk_head": "Unit|Quota|So far|Year (80%)|Probability|Nowcast",
        "act": "What would close the gap this year (paired comparison, from next month on)",
        "act_head": "Action|Admissions gained (± s.e.)|Territory: probability|Units at risk: probability",
        "no_act": "No candidate action was tried.",
        "best": "Most effective: {action}, which brings {units} to a probability of at least {level}.",
        "none_closes": "No action tried brings the units at risk to a probability of {level} this year; the most "
        "effective ({action}) adds {gain} admissions.",
        "territory": "the territory",
        "disagree": "The simulation and the statistical nowcast disagree about {units}: check their actuals "
        "and pipeline before acting on either.",
        "method": "Method: the scenario is simulated to the end of {as_of}; each unit's year is its actual "
        "admissions so far plus the simulated admissions of the rest of the year{pipe}. {spread}",
        "spread_fixed": "Intervals hold the randomness of the rest of the year, not the uncertainty of the "
        "estimated parameters.",
        "spread_posterior": "Intervals hold the randomness of the rest of the year and what is not known of the "
        "estimated parameters: each run draws one of {k} weighted sets from the calibration to history.",
        "spread_priors": "Intervals hold the randomness of the rest of the year and what is not known of the "
        "estimated parameters: each run draws one of {k} sets from their plausible ranges.",
        "pipe": ", where the people the sheet counts at a step of the pipeline replace the simulated ones "
        "there, each admitted by December with the chance a simulated person at that step had",
        "no_pipe": " (no pipeline counts were given: a unit behind because its pipeline is thin is judged too kindly)",
        "footer": "partysim review · {name} (sha256 {sha}) · seed {seed} · {reps} replications",
    },
    "vi": {
        "title": "Rà soát quý: {name}, đến hết {as_of}",
        "year": "Năm {year}: đã kết nạp {so_far}{partial}; dự báo lại cả năm {mean} (80%: {lo}-{hi}) so với chỉ tiêu "
        "{quota}: xác suất đạt {p}. Dự báo thống kê từ số kết nạp đến nay: {now}.",
        "now": "{mean} (80%: {lo}-{hi}), xác suất đạt {p}",
        "no_now": "không tính (một số đơn vị chưa có số liệu)",
        "partial": " (ở {k}/{n} nhóm đơn vị đã báo cáo; các nhóm khác theo mô phỏng)",
        "risk": "Đơn vị có nguy cơ không đạt chỉ tiêu (xác suất đạt dưới {level})",
        "no_risk": "Không có đơn vị nào có nguy cơ.",
        "risk_head": "Đơn vị|Chỉ tiêu|Đến nay|Cả năm (80%)|Xác suất đạt|Dự báo thống kê",
        "act": "Giải pháp để đạt chỉ tiêu trong năm (so sánh từng cặp, áp dụng từ tháng sau)",
        "act_head": "Giải pháp|Kết nạp thêm (± sai số)|Toàn đảng bộ: xác suất đạt|Đơn vị có nguy cơ: xác suất đạt",
        "no_act": "Chưa thử giải pháp nào.",
        "best": "Hiệu quả nhất: {action}, đưa xác suất đạt chỉ tiêu của {units} lên ít nhất {level}.",
        "none_closes": "Không giải pháp nào đã thử đưa xác suất đạt chỉ tiêu của các đơn vị có nguy cơ lên {level} "
        "trong năm nay; giải pháp hiệu quả nhất ({action}) thêm {gain} đảng viên.",
        "territory": "toàn đảng bộ",
        "disagree": "Mô phỏng và dự báo thống kê không thống nhất về {units}: kiểm tra lại số liệu thực tế và "
        "số người trong quy trình trước khi quyết định.",
        "method": "Phương pháp: mô phỏng kịch bản đến hết {as_of}; số kết nạp cả năm của mỗi đơn vị là số đã "
        "kết nạp thực tế cộng số kết nạp mô phỏng của thời gian còn lại{pipe}. {spread}",
        "spread_fixed": "Khoảng tin cậy gồm dao động ngẫu nhiên của thời gian còn lại, chưa gồm độ bất định "
        "của các tham số ước tính.",
        "spread_posterior": "Khoảng tin cậy gồm dao động ngẫu nhiên của thời gian còn lại và những điều chưa biết "
        "về các tham số ước tính: mỗi lần mô phỏng dùng một trong {k} bộ giá trị có trọng số lấy từ kết quả "
        "hiệu chỉnh theo số liệu lịch sử.",
        "spread_priors": "Khoảng tin cậy gồm dao động ngẫu nhiên của thời gian còn lại và những điều chưa biết "
        "về các tham số ước tính: mỗi lần mô phỏng dùng một trong {k} bộ giá trị rút từ khoảng hợp lý của chúng.",
        "pipe": ", trong đó số người thực tế ở từng bước của quy trình thay cho số mô phỏng ở bước đó, mỗi "
        "người được kết nạp trước tháng 12 với xác suất như người mô phỏng ở cùng bước",
        "no_pipe": " (không có số người trong quy trình: đơn vị chậm vì nguồn mỏng sẽ bị đánh giá quá lạc quan)",
        "footer": "partysim review · {name} (sha256 {sha}) · hạt giống {seed} · {reps} lần mô phỏng",
    },
}


def _n(v: float, lang: str) -> str:
    return format_number(v, lang, 0) if not (isinstance(v, float) and math.isnan(v)) else "—"


def _action_name(key: str, lang: str) -> str:
    names = ACTION_NAMES.get(key)
    return key if names is None else names[0 if lang == "en" else 1]


def _head(review: Review, lang: str) -> list[Block]:
    w = _W[lang]
    t = review.units[review.units["unit"] == "*"].iloc[0]
    now = (
        w["now"].format(
            mean=_n(t["nowcast_mean"], lang),
            lo=_n(t["nowcast_p10"], lang),
            hi=_n(t["nowcast_p90"], lang),
            p=format_probability(t["nowcast_probability"], lang),
        )
        if not math.isnan(t["nowcast_probability"])
        else w["no_now"]
    )
    text = w["year"].format(
        year=review.year,
        so_far=_n(t["actual"], lang),
        partial=""
        if review.reported[0] == review.reported[1]
        else w["partial"].format(k=review.reported[0], n=review.reported[1]),
        mean=_n(t["mean"], lang),
        lo=_n(t["p10"], lang),
        hi=_n(t["p90"], lang),
        quota=_n(t["quota"], lang),
        p=format_probability(t["probability"], lang),
        now=now,
    )
    return [Heading(w["title"].format(name=review.title[lang], as_of=review.as_of), 1), Paragraph(text)]


def _risk(review: Review, lang: str) -> list[Block]:
    w = _W[lang]
    out: list[Block] = [Heading(w["risk"].format(level=format_probability(review.risk_level, lang)), 2)]
    risk = review.at_risk
    if risk.empty:
        return [*out, Paragraph(w["no_risk"])]
    rows = [
        [
            str(r["unit"]),
            _n(r["quota"], lang),
            _n(r["actual"], lang),
            f"{_n(r['mean'], lang)} ({_n(r['p10'], lang)}-{_n(r['p90'], lang)})",
            format_probability(r["probability"], lang),
            format_probability(r["nowcast_probability"], lang),
        ]
        for _, r in risk.iterrows()
    ]
    return [*out, Table(w["risk_head"].split("|"), rows, ["l", "r", "r", "r", "r", "r"])]


def _actions(review: Review, lang: str) -> list[Block]:
    w = _W[lang]
    out: list[Block] = [Heading(w["act"], 2)]
    if review.actions.empty:
        return [*out, Paragraph(w["no_act"])]
    rows = []
    for key, g in review.actions.groupby("action", sort=False):
        t = g[g["unit"] == "*"].iloc[0]
        units = "; ".join(
            f"{r['unit']} {format_probability(r['probability'], lang)} → {format_probability(r['probability_action'], lang)}"
            for _, r in g[g["unit"] != "*"].iterrows()
        )
        gain = f"{format_number(t['admissions_gain'], lang, 1)} (± {format_number(t['admissions_gain_se'], lang, 1)})"
        territory = (
            f"{format_probability(t['probability'], lang)} → {format_probability(t['probability_action'], lang)}"
        )
        rows.append([_action_name(str(key), lang), gain, territory, units or "—"])
    return [*out, Table(w["act_head"].split("|"), rows, ["l", "r", "r", "l"]), *_conclusion(review, lang)]


def _conclusion(review: Review, lang: str) -> list[Block]:
    """The action that lifts most units at risk (the territory included) to the risk
    level, or that none does; nothing when nothing is at risk."""
    w = _W[lang]
    acts = review.actions
    if not (acts["probability"] < review.risk_level).any():
        return []
    lifted = acts.assign(
        lifted=(acts["probability"] < review.risk_level) & (acts["probability_action"] >= review.risk_level)
    )
    score = lifted.groupby("action", sort=False).agg(lifted=("lifted", "sum"), gain=("admissions_gain", "max"))
    best = score.sort_values(["lifted", "gain"], ascending=False, kind="stable").index[0]
    name = _action_name(str(best), lang)
    if score.loc[best, "lifted"] == 0:
        gain = format_number(score.loc[best, "gain"], lang, 1)
        return [
            Paragraph(
                w["none_closes"].format(level=format_probability(review.risk_level, lang), action=name, gain=gain)
            )
        ]
    rows = lifted[(lifted["action"] == best) & lifted["lifted"]]
    units = ", ".join(w["territory"] if u == "*" else str(u) for u in rows["unit"])
    return [Paragraph(w["best"].format(action=name, units=units, level=format_probability(review.risk_level, lang)))]


def _notes(review: Review, lang: str) -> list[Block]:
    w = _W[lang]
    u = review.units[(review.units["unit"] != "*") & review.units["nowcast_at_risk"].notna()]
    differ = [str(r["unit"]) for _, r in u.iterrows() if bool(r["nowcast_at_risk"]) != bool(r["at_risk"])]
    out: list[Block] = []
    if differ:
        out.append(Paragraph(w["disagree"].format(units=", ".join(differ))))
    pipe = w["pipe"] if review.pipeline_given else w["no_pipe"]
    spread = w[f"spread_{review.parameter_source or 'fixed'}"].format(k=review.sets)
    out.append(Paragraph(w["method"].format(as_of=review.as_of, pipe=pipe, spread=spread), italic=True))
    return out


def review_footer(review: Review, lang: str) -> str:
    """The provenance line of the brief."""
    return _W[lang]["footer"].format(
        name=review.scenario_name, sha=review.scenario_sha256[:12], seed=review.seed, reps=review.replications
    )


def review_blocks(review: Review, lang: str) -> list[Block]:
    """The brief's blocks in ``lang`` (``"vi"`` or ``"en"``), footer last."""
    blocks = [*_head(review, lang), *_risk(review, lang), *_actions(review, lang), *_notes(review, lang)]
    return [*blocks, Paragraph(review_footer(review, lang), small=True)]
