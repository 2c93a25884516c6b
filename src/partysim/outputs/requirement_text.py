"""``partysim require`` in words, Vietnamese or English: the design, the answer (or how
far the top of the range falls short), its cost, one step below, and the interval over
the parameter sets."""

from __future__ import annotations

import math

from partysim.analysis.requirement_results import RequirementResults
from partysim.outputs.i18n.numbers import format_number, format_probability

__all__ = ["requirement_lines"]

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "design": "{k} parameter sets {source} x {n} replications{preview}; target '{target}' with probability "
        "at least {p} in each year judged ({years})",
        "preview": " (preview)",
        "priors": "drawn from the plausible ranges of the estimates",
        "posterior": "weighted, from the calibration to history",
        "given": "as given",
        "answer": "needed: {setting} (P(met) {probs})",
        "cost": "cost: {cost} {unit}",
        "below": "one step below, {lever} = {value}: P(met) {p} (lowest year)",
        "interval": "over the assumptions (each parameter set on its own replications): {lever} {lo} to {hi} "
        "(8 cases in 10); {share} of the sets reach it within the range",
        "beyond": "beyond the range",
        "not": "not reachable within the levers' ranges: at {setting}, P(met) {probs}; short by {short}",
    },
    "vi": {
        "design": "{k} bộ tham số {source} x {n} lần lặp{preview}; chỉ tiêu «{target}» với khả năng đạt ít nhất {p} "
        "ở mỗi năm được đánh giá ({years})",
        "preview": " (xem nhanh)",
        "priors": "rút từ khoảng hợp lý của các tham số ước lượng",
        "posterior": "có trọng số, từ kết quả hiệu chỉnh theo số liệu lịch sử",
        "given": "cho trước",
        "answer": "cần: {setting} (khả năng đạt {probs})",
        "cost": "chi phí: {cost} {unit}",
        "below": "thấp hơn một bậc, {lever} = {value}: khả năng đạt {p} (năm thấp nhất)",
        "interval": "tùy các giả định (từng bộ tham số, với các lần lặp của nó): {lever} từ {lo} đến {hi} "
        "(8 trên 10 trường hợp); {share} số bộ đạt được trong phạm vi",
        "beyond": "vượt quá phạm vi",
        "not": "không đạt được trong phạm vi của đòn bẩy: ở {setting}, khả năng đạt {probs}; còn thiếu {short}",
    },
}


def _value(v: float | None, lang: str) -> str:
    if v is None or math.isnan(v):
        return "-"
    if math.isinf(v):
        return _WORDS[lang]["beyond"]
    return format_number(v, lang, 0 if float(v).is_integer() else 3, trim=True)


def requirement_lines(res: RequirementResults, lang: str) -> list[str]:
    """The console lines of a requirement (``lang``: ``"vi"`` or ``"en"``)."""
    w = _WORDS[lang]
    p = lambda x: format_probability(x, lang)  # noqa: E731
    setting = ", ".join(f"{k} = {_value(v, lang)}" for k, v in res.setting.items())
    probs = ", ".join(f"{y}: {p(x)}" for y, x in res.reached.items())
    lines = [
        w["design"].format(
            k=res.sets,
            source=w[res.source],
            n=res.replications,
            preview=w["preview"] if res.preview else "",
            target=res.target_names.get(lang, res.target),
            p=p(res.probability),
            years=", ".join(map(str, res.years)),
        )
    ]
    if not res.met:
        return [*lines, w["not"].format(setting=setting, probs=probs, short=p(res.shortfall))]
    lines.append(w["answer"].format(setting=setting, probs=probs))
    if res.cost is not None:
        lines.append(w["cost"].format(cost=_value(res.cost, lang), unit=res.cost_unit).rstrip())
    lever = res.levers[-1]
    if res.below is not None:
        lines.append(w["below"].format(lever=lever, value=_value(res.below[0], lang), p=p(res.below[1])))
    lo, hi = res.interval
    share = p(res.reachable_share)
    lines.append(w["interval"].format(lever=lever, lo=_value(lo, lang), hi=_value(hi, lang), share=share))
    return lines
