"""Issue 24: the running case 顺达加油站 is one story.

Its timeline and numbers live once in ``book/_data/shunda.yaml``; pages cite them through
``{{ sd_* }}`` substitutions (``playbook.site.running_case``).  These checks fail when a page
types a date, volume, temperature or price of the case by hand, when the story runs out of
order or out of physics, or when the printed loss is not what the loss engine computes.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook.engines import loss, petroleum
from playbook.site import running_case

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
CASE = running_case.load(BOOK / running_case.DATA)
SUBS = running_case.substitutions(CASE)

#: A paragraph belongs to the case when it names the station or one of its people.
CASE_WORDS = re.compile(r"顺达|周老板|老板娘|老陈")
#: A hand-typed quantity: a number (digits or Chinese numerals) followed by a unit of time,
#: volume, mass, temperature, money, distance or trucks.  ``第…`` (ordinals) is not a quantity.
NUMBER = r"(?<!第)(?:\d[\d ,.]*\d|\d|[一二两三四五六七八九十百千万半]+)"
UNIT = r"\s*(?:升|L\b|吨|t\b|kg|千克|°C|度|元|个月|月|周|年|天|车|km|公里)"
TYPED = re.compile(NUMBER + UNIT)
#: Physical constants and book-wide conventions, not facts of the case.
ALLOWED = re.compile(r"20 °C|20 ℃")
#: "one truck", "the day before", "each half month" are counts, not facts of the case; but
#: "一个月后" dates an event relative to another one and must come from the timeline.
COUNTS = re.compile(r"(?:一|半)\s*(?:车|天|周|个月|月)")


def pages() -> list[Path]:
    return sorted(p for p in [BOOK / "intro.md", *BOOK.glob("chapters/*.md")] if p.exists())


def case_paragraphs() -> list[tuple[str, int, str]]:
    """(page, first line, text) of every paragraph, list item or table row about the case."""
    out = []
    for path in pages():
        text = path.read_text(encoding="utf-8")
        # every line of a case box counts, whether or not it names the station
        for m in re.finditer(r"^:::\{admonition\} 贯穿案例.*?^:::$", text, re.M | re.S):
            out.append((path.name, text[:m.start()].count("\n") + 1, m.group(0)))
        lines = text.splitlines()
        block: list[str] = []
        start = 0
        for n, line in enumerate([*lines, ""], 1):
            if line.strip() and not line.lstrip().startswith((":::", "```")):
                if not block:
                    start = n
                block.append(line)
                if not line.lstrip().startswith(("|", "-", "1.", "2.", "3.", "4.", "5.", "6.")):
                    continue
            if block:
                text = "\n".join(block)
                if CASE_WORDS.search(text):
                    out.append((path.name, start, text))
                block = []
    return out


def test_the_case_is_found_on_every_stage_page():
    named = {name for name, _, _ in case_paragraphs()}
    stages = {f"{step['chapter']}.md" for step in CASE["timeline"]}
    # the stages of development the issue asks for, plus every chapter the timeline names
    for page in stages | {"communication.md", "objections.md", "value.md", "key-accounts.md",
                          "cases.md", "intro.md"}:
        assert page in named, f"{page} 没有出现贯穿案例"


def test_no_page_types_a_date_or_quantity_of_the_case():
    typed = []
    for name, line, text in case_paragraphs():
        bare = re.sub(r"\{\{[^}]*\}\}", "", text)
        bare = re.sub(r"\{doc\}`[^`]*`|`[^`]*`", "", bare)
        bare = ALLOWED.sub("", bare)
        typed += [f"{name}:{line}: {m.group(0)!r}" for m in TYPED.finditer(bare)
                  if not (COUNTS.fullmatch(m.group(0)) and not bare[m.end():].startswith(("后", "以后")))]
    assert not typed, "贯穿案例的时间和数字要引用 book/_data/shunda.yaml({{ sd_* }}),不要手写:" + "; ".join(typed)


def test_substitutions_are_not_inside_bold():
    # ``**{{ x }}**`` next to Chinese punctuation loses characters once cjk_emphasis has run
    for path in pages():
        assert "**{{" not in path.read_text(encoding="utf-8"), path.name


def test_the_timeline_events_agree_with_the_facts():
    events = {step["key"]: step["event"] for step in CASE["timeline"]}
    st, ft = CASE["station"], CASE["first_truck"]
    assert f"{st['years_with_trader_cn']}年" in events["card"]
    assert CASE["outage"]["supplier_days"] in events["outage"] and CASE["outage"]["stopped"] in events["outage"]
    assert f"贵 {ft['our_delivered_yuan_t'] - ft['trader_ex_depot_yuan_t']} 元" in events["first_truck"]
    assert f"{CASE['weighbridge']['shortfall_kg']} kg" in events["weighbridge"]
    assert CASE["invoice"]["extra"] in events["invoice"]
    rv = CASE["review"]
    assert f"从 {rv['trucks_before']} 车涨到 {rv['trucks_after']} 车" in events["review"]


def test_every_substitution_a_page_uses_is_defined():
    used = set()
    for path in pages():
        used |= set(re.findall(r"\{\{\s*(\w+)\s*\}\}", path.read_text(encoding="utf-8")))
    assert used, "页面没有引用贯穿案例的数据"
    assert used <= set(SUBS), f"未定义的替换:{sorted(used - set(SUBS))}"


def test_every_timeline_step_is_cited_on_its_page():
    for step in CASE["timeline"]:
        page = BOOK / "chapters" / f"{step['chapter']}.md"
        assert page.exists(), step
        assert f"sd_when_{step['key']}" in page.read_text(encoding="utf-8"), \
            f"{page.name} 没有引用时间线上的“{step['stage']}”({step['when']})"


def _month(when: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{1,2}) 月(上|中|下)旬", when)
    assert m, f"时间线的时间写成“N 月上/中/下旬”:{when!r}"
    return int(m.group(1)), "上中下".index(m.group(2))


def test_the_timeline_runs_forward_and_in_the_order_of_the_chain():
    times = [_month(step["when"]) for step in CASE["timeline"]]
    assert times == sorted(times), "时间线不是按时间先后排列的"
    stages = [step["stage"] for step in CASE["timeline"]]
    # ten-problems' chain: 普查 → 关注 → 兴趣 → 机会 → 成交; the first visit comes before the outage
    chain = ["普查", "关注", "兴趣", "机会"]
    assert [s for s in stages if s in chain] == chain
    keys = [step["key"] for step in CASE["timeline"]]
    assert keys.index("first_visit") < keys.index("outage") < keys.index("filing") < keys.index("first_truck")
    # the loss call is in July and the mid-autumn visit in September, as the pages say
    when = {step["key"]: _month(step["when"])[0] for step in CASE["timeline"]}
    assert when["loss_call"] == 7 and when["mid_autumn"] == 9


def test_the_july_loss_is_physically_plausible_and_recomputed_by_the_engine():
    c = CASE["loss_call"]
    drop = c["shipped_temperature_c"] - c["received_temperature_c"]
    assert 0 < drop <= 6, f"七月一夜油温只会降几度,不是 {drop} °C"
    rho = c["density20_kg_m3"]
    v20_out = petroleum.volume20_l(c["shipped_volume_l"], rho, c["shipped_temperature_c"])
    v20_in = petroleum.volume20_l(c["received_volume_l"], rho, c["received_temperature_c"])
    assert SUBS["sd_lc_out_v20"] == f"{v20_out:,.1f}".replace(",", running_case.THOUSANDS)
    assert SUBS["sd_lc_in_v20"] == f"{v20_in:,.1f}".replace(",", running_case.THOUSANDS)
    result = loss.delivery_loss(route_km=c["route_km"], shipped_volume_l=c["shipped_volume_l"],
                                shipped_temperature_c=c["shipped_temperature_c"],
                                shipped_density20_kg_m3=rho, received_volume_l=c["received_volume_l"],
                                received_temperature_c=c["received_temperature_c"])
    assert SUBS["sd_lc_loss_kg"] == f"{result.loss_kg:,.1f}".replace(",", running_case.THOUSANDS)
    assert SUBS["sd_lc_threshold_kg"] == f"{result.threshold_kg:,.1f}".replace(",", running_case.THOUSANDS)
    # the story: part of the shortfall is contraction, the rest exceeds the line and is investigated
    thermal = float(SUBS["sd_lc_thermal_l"])
    shortfall = c["shipped_volume_l"] - c["received_volume_l"]
    assert 0 < thermal < shortfall
    assert result.verdict == "超耗" == SUBS["sd_lc_verdict"]
    losses = (BOOK / "chapters" / "losses.md").read_text(encoding="utf-8")
    assert "{{ sd_lc_verdict }}" in losses and "{{ sd_lc_thermal_l }}" in losses


def test_the_first_truck_arithmetic_holds():
    ft = CASE["first_truck"]
    delivered = ft["trader_ex_depot_yuan_t"] + ft["freight_yuan_t"]
    assert delivered > ft["our_delivered_yuan_t"] > ft["trader_ex_depot_yuan_t"]
    assert SUBS["sd_ft_gap"] == str(delivered - ft["our_delivered_yuan_t"])


def test_the_volumes_fit_the_station():
    # every delivery fits the station's month; half a year later 8 trucks ≈ the whole diesel volume
    st, rv = CASE["station"], CASE["review"]
    truck_t = petroleum.mass_in_air_kg(CASE["loss_call"]["shipped_volume_l"],
                                       CASE["loss_call"]["density20_kg_m3"]) / 1000
    assert rv["trucks_before"] < rv["trucks_after"]
    assert rv["trucks_after"] * truck_t <= st["sales_t_per_month"]
    assert rv["trucks_after"] <= st["deliveries_per_week"] * 5


def test_the_timeline_table_names_every_step_once():
    table = SUBS["sd_timeline"]
    for step in CASE["timeline"]:
        assert table.count(f"| {step['when']} | {step['stage']} |") == 1


@pytest.mark.parametrize("page, phrase", [
    ("ten-problems.md", "关注"),          # the card visit is 关注, not the first visit
    ("private-stations.md", "价格合适就行"),
])
def test_the_first_meetings_are_told_one_way(page, phrase):
    text = (BOOK / "chapters" / page).read_text(encoding="utf-8")
    assert phrase in text
    # the outage happens after the first visit: no page places it before
    assert "上个月那家贸易商断供" not in text
    assert "小林第一次拜访顺达加油站时" not in text
