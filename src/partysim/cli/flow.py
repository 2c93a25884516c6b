"""``partysim flow``: the pipeline in equilibrium, in milliseconds.

Runs the flow model (:mod:`partysim.analysis.flow_model`: expected stocks and flows, no
random draws) of a scenario and prints its path year by year (admissions, members,
identified), then the steady state at the end (:mod:`partysim.analysis.equilibrium`):
the identifications, class seats and dossiers a year that admissions of ``--rate`` times
the members need, what the source and the seats allow now, the binding stage and whether
the rate is attainable. Bad input exits with code 2 and one ``error:`` line.

Registered on the main command group by :mod:`partysim.cli`.
"""

from __future__ import annotations

import click

from partysim.cli.errors import fail

__all__ = ["flow"]

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "head": "Flow model (expected values) of {name}; the starting state is the simulation's own build",
        "year": "{year}{part}: {adm} admitted ({rate} of members), {mem} members at the end, {idn} identified",
        "part": " ({months} months)",
        "steady": "In equilibrium (rates of {month}):",
        "target": "  target {rate} of {mem} members = {adm} admissions a year",
        "needs": "  needs a year: {idn} identified, {seats} class seats, {dos} dossiers",
        "now": "  now a year: {idn} identified, {seats} class seats",
        "allows": "  steady admissions {adm} a year (the source allows {src}, the seats {seats})",
        "path": "  members growing {growth} a year at that rate: {m5} in 5 years",
        "binding": "  binding stage: {stage}; target attainable: {ok}",
        "yes": "yes",
        "no": "NO",
        "stages": {
            "source": "source (identification)",
            "seats": "class seats",
            "vetting": "vetting",
            "quorum": "cell quorum",
        },
    },
    "vi": {
        "head": "Mô hình dòng chảy (giá trị kỳ vọng) của {name}; trạng thái ban đầu lấy từ mô phỏng",
        "year": "{year}{part}: kết nạp {adm} ({rate} số đảng viên), cuối năm {mem} đảng viên, tạo nguồn {idn}",
        "part": " ({months} tháng)",
        "steady": "Ở trạng thái cân bằng (tỷ lệ của {month}):",
        "target": "  mục tiêu {rate} của {mem} đảng viên = {adm} người kết nạp mỗi năm",
        "needs": "  mỗi năm cần: tạo nguồn {idn}, {seats} chỗ học lớp bồi dưỡng, {dos} hồ sơ",
        "now": "  hiện nay mỗi năm: tạo nguồn {idn}, {seats} chỗ học",
        "allows": "  kết nạp ổn định {adm} mỗi năm (nguồn cho phép {src}, số chỗ học {seats})",
        "path": "  với tỷ lệ đó đảng viên tăng {growth} mỗi năm: {m5} sau 5 năm",
        "binding": "  khâu quyết định: {stage}; đạt được mục tiêu: {ok}",
        "yes": "có",
        "no": "KHÔNG",
        "stages": {
            "source": "tạo nguồn",
            "seats": "chỗ học lớp bồi dưỡng",
            "vetting": "thẩm tra lý lịch",
            "quorum": "đủ đảng viên chi bộ để biểu quyết",
        },
    },
}


def flow_lines(res, eq, rate: float, lang: str) -> list[str]:
    """The command's text: the path year by year, then the equilibrium."""
    from partysim.outputs.i18n import format_number

    w = _WORDS[lang]
    n = lambda x: format_number(x, lang, 0)  # noqa: E731
    pct = lambda x: format_number(100 * x, lang, 2) + "%"  # noqa: E731
    out = [w["head"].format(name=res.scenario.name)]
    for _, r in res.annual.iterrows():
        part = "" if r["months"] == 12 else w["part"].format(months=int(r["months"]))
        out.append(
            w["year"].format(
                year=int(r["year"]), part=part, adm=n(r["admissions"]), rate=pct(r["admission_rate"]),
                mem=n(r["members_end"]), idn=n(r["identified"]),
            )
        )  # fmt: skip
    req, c = eq.required(rate), eq.ceilings()
    out.append(w["steady"].format(month=res.scenario.end))
    out.append(w["target"].format(rate=pct(rate), mem=n(eq.members), adm=n(req["admissions"])))
    out.append(w["needs"].format(idn=n(req["identified"]), seats=n(req["seats"]), dos=n(req["dossiers"])))
    out.append(w["now"].format(idn=n(eq.identified), seats=n(eq.seats)))
    out.append(w["allows"].format(adm=n(c["admissions"]), src=n(c["source"]), seats=n(c["seats"])))
    path = eq.path(rate, 5)
    out.append(w["path"].format(growth=pct(req["growth"]), m5=n(path["members"].iloc[-1])))
    ok = w["yes"] if eq.attainable(rate) else w["no"]
    out.append(w["binding"].format(stage=w["stages"][eq.binding_stage()], ok=ok))
    return out


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--rate", type=click.FloatRange(0.0, 1.0, min_open=True), default=0.03, show_default=True,
    help="Admissions a year wanted, as a share of members.",
)  # fmt: skip
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE", help="Override a scenario value first.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def flow(scenario: str, rate: float, overrides: tuple[str, ...], lang: str) -> None:
    """The pipeline of SCENARIO in equilibrium: what sustains admissions of --rate."""
    from partysim.analysis.equilibrium import equilibrium
    from partysim.analysis.flow_model import run_flow
    from partysim.scenario.loader import ScenarioError
    from partysim.scenario.schema import load_scenario

    try:
        sc = load_scenario(scenario, overrides)
    except ScenarioError as err:
        fail(err.render(lang))
    res = run_flow(sc)
    for line in flow_lines(res, equilibrium(res), rate, lang):
        click.echo(line)
