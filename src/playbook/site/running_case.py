"""The book's running case, 顺达加油站 (fictional): one data file, numbers computed by the package.

``book/_data/shunda.yaml`` holds the case's timeline and the raw facts (volumes, temperatures,
prices).  :func:`substitutions` turns it into MyST substitutions (``{{ sd_... }}``) that the
pages use instead of typing a date or a number; the loss figures of the 少油 call are computed
here with :mod:`playbook.engines.loss` and :mod:`playbook.engines.petroleum`, so a page can
never show a loss the engine would not compute.  :func:`timeline_table` renders the timeline
once, for the cases chapter.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from playbook.engines import loss, petroleum

#: Where the case lives, relative to the book's source directory.
DATA = Path("_data") / "shunda.yaml"


def load(path: Path) -> dict[str, Any]:
    """The case data as written (``yaml.safe_load`` of ``path``)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "timeline" not in data:
        raise ValueError(f"{path}: 贯穿案例数据缺少 timeline")
    return data


#: Thousands separator: a no-break space, so 19 829.3 never breaks across lines on a phone.
THOUSANDS = "\u00a0"


def _int(x: float) -> str:
    """Whole number as the book writes it: 5650, but 20 000 (a space every three digits from
    five digits on)."""
    return f"{x:,.0f}".replace(",", THOUSANDS) if abs(x) >= 10000 else f"{x:.0f}"


def _one(x: float) -> str:
    return f"{x:,.1f}".replace(",", THOUSANDS)


def loss_call(case: dict[str, Any]) -> loss.DeliveryLoss:
    """The 七月 少油 call, recomputed by the loss engine."""
    c = case["loss_call"]
    return loss.delivery_loss(route_km=c["route_km"], shipped_volume_l=c["shipped_volume_l"],
                              shipped_temperature_c=c["shipped_temperature_c"],
                              shipped_density20_kg_m3=c["density20_kg_m3"],
                              received_volume_l=c["received_volume_l"],
                              received_temperature_c=c["received_temperature_c"])


def timeline_table(case: dict[str, Any]) -> str:
    """The timeline as one Markdown table (when, stage, what happened, chapter)."""
    rows = ["| 时间 | 阶段 | 发生了什么 | 在哪一章 |", "|---|---|---|---|"]
    for step in case["timeline"]:
        rows.append(f"| {step['when']} | {step['stage']} | {step['event']} | {{doc}}`{step['chapter']}` |")
    return "\n".join(rows)


def substitutions(case: dict[str, Any]) -> dict[str, str]:
    """``sd_*`` name → text for every date and number of the case the pages print."""
    s: dict[str, str] = {}
    st = case["station"]
    s.update(sd_owner=st["owner"], sd_sales_t=_int(st["sales_t_per_month"]),
             sd_per_week=str(st["deliveries_per_week"]), sd_years=str(st["years_with_trader"]),
             sd_tanks=st["tanks"], sd_years_cn=st["years_with_trader_cn"],
             sd_outage_days=case["outage"]["supplier_days"], sd_outage_stop=case["outage"]["stopped"])
    for step in case["timeline"]:
        s[f"sd_when_{step['key']}"] = step["when"]

    ft = case["first_truck"]
    rho = case["loss_call"]["density20_kg_m3"]
    kg_per_l = petroleum.mass_in_air_kg(1.0, rho)
    trader_delivered = ft["trader_ex_depot_yuan_t"] + ft["freight_yuan_t"]
    s.update(sd_ft_t=_int(ft["tonnes"]), sd_ft_trader=_int(ft["trader_ex_depot_yuan_t"]),
             sd_ft_ours=_int(ft["our_delivered_yuan_t"]), sd_ft_freight=_int(ft["freight_yuan_t"]),
             sd_ft_quoted_gap=_int(ft["our_delivered_yuan_t"] - ft["trader_ex_depot_yuan_t"]),
             sd_ft_trader_delivered=_int(trader_delivered),
             sd_ft_gap=_int(trader_delivered - ft["our_delivered_yuan_t"]),
             sd_ft_rho=_int(rho),
             sd_ft_ours_l=f"{ft['our_delivered_yuan_t'] * kg_per_l / 1000:.2f}",
             sd_ft_trader_l=f"{trader_delivered * kg_per_l / 1000:.2f}")

    c = case["loss_call"]
    r = loss_call(case)
    v_out, t_out, v_in, t_in = (c["shipped_volume_l"], c["shipped_temperature_c"],
                                c["received_volume_l"], c["received_temperature_c"])
    v20_out = petroleum.volume20_l(v_out, rho, t_out)
    v20_in = petroleum.volume20_l(v_in, rho, t_in)
    # what the shipped oil would read at the receiving temperature: the part of the gap that
    # is only the oil cooling down
    cooled = v20_out / petroleum.vcf20(rho, t_in)
    s.update(sd_lc_out_l=_int(v_out), sd_lc_out_t=_int(t_out), sd_lc_in_l=_int(v_in),
             sd_lc_in_t=_int(t_in), sd_lc_drop_t=_int(t_out - t_in), sd_lc_km=_int(c["route_km"]),
             sd_lc_short_l=_int(v_out - v_in), sd_lc_rho=f"{rho:.1f}",
             sd_lc_vcf_out=f"{petroleum.vcf20(rho, t_out):.5f}",
             sd_lc_vcf_in=f"{petroleum.vcf20(rho, t_in):.5f}",
             sd_lc_out_v20=_one(v20_out), sd_lc_in_v20=_one(v20_in),
             sd_lc_v20_gap=_one(v20_out - v20_in), sd_lc_thermal_l=_int(v_out - cooled),
             sd_lc_out_kg=_one(r.shipped_kg), sd_lc_in_kg=_one(r.received_kg),
             sd_lc_loss_kg=_one(r.loss_kg), sd_lc_allowed_kg=_one(r.allowed_loss_kg),
             sd_lc_tol_kg=_one(r.tolerance_kg), sd_lc_threshold_kg=_one(r.threshold_kg),
             sd_lc_excess_kg=_one(r.excess_kg), sd_lc_verdict=r.verdict,
             sd_lc_per_degree=_int((v_out - cooled) / (t_out - t_in)),
             sd_lc_finding=c["finding"])

    wb = case["weighbridge"]
    w = loss.delivery_loss(route_km=wb["route_km"], shipped_mass_kg=wb["shipped_kg"],
                           received_gross_kg=wb["shipped_kg"] - wb["shortfall_kg"] + 15000,
                           received_tare_kg=15000)
    s.update(sd_wb_kg=_int(wb["shortfall_kg"]), sd_wb_shipped=_int(wb["shipped_kg"]),
             sd_wb_km=_int(wb["route_km"]), sd_wb_threshold=_one(w.threshold_kg),
             sd_wb_allowed=_one(w.allowed_loss_kg), sd_wb_tol=_int(w.tolerance_kg),
             sd_wb_excess=_one(w.excess_kg),
             sd_wb_verdict=w.verdict)

    s["sd_inv_extra"] = case["invoice"]["extra"]
    rv = case["review"]
    s.update(sd_rv_before=_int(rv["trucks_before"]), sd_rv_after=_int(rv["trucks_after"]))
    s["sd_timeline"] = timeline_table(case)
    return s


def book_substitutions(srcdir: Path) -> dict[str, str]:
    """Substitutions for the book at ``srcdir``; empty when it has no case data."""
    path = Path(srcdir) / DATA
    return substitutions(load(path)) if path.exists() else {}
