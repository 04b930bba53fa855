"""Issue 14: property-based contract of every engine, store and export (hypothesis).

For any input: a correct result, or :class:`PlaybookInputError` whose ``field`` names one of the
engine's inputs and whose message is Chinese and at most 300 characters, without hanging. For
exports: no cell a spreadsheet would treat as a formula.

Time: the one-second target per input is measured by ``benchmarks/bench_hostile.py`` (timed unit
tests are flaky on a loaded machine); here hypothesis' ``deadline`` is a generous 5 s guard that
still catches the pathological cases (a 1 GB error message, catastrophic regex backtracking).
The heavy imports are done at module load so they do not count.

Inputs generated per engine (``max_examples``, see :data:`EXAMPLES`) are chosen so the whole
file runs in well under a minute on a loaded two-core machine.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import string
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import openpyxl  # noqa: F401 - imported here so the first example does not pay for it
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from playbook import normalize
from playbook.engines import drills, loss as L, petroleum as pm
from playbook.engines.quote import Quote, parse_number, parse_time, quote
from playbook.errors import MESSAGE_MAX, PlaybookInputError
from playbook.trainer import dashboard, records, roleplay
from playbook.trainer.roleplay import CheckMark, ScoreSheet
from playbook.views import quote_export

CJK = re.compile(r"[\u4e00-\u9fff]")
#: Inputs generated per engine (hypothesis max_examples).
EXAMPLES = {
    "numbers": 300, "quote": 250, "quote_export": 60, "petroleum": 300, "delivery_loss": 250,
    "audit": 60, "read_deliveries": 60, "progress": 80, "roleplay": 80, "records": 80,
    "dashboard_export": 30,
}
DEADLINE_MS = 5000


def _warm_up() -> None:
    """First calls pay for lazy imports and caches (pandas groupby, openpyxl, the knowledge
    base): make them here, so the one-second deadline measures the engines."""
    df = pd.DataFrame([{"driver": "a", "carrier": "b", "route_km": 50, "shipped_mass_kg": 16000.0,
                        "received_gross_kg": 31000.0, "received_tare_kg": 15000.0}] * 5)
    L.audit(df)
    L.read_deliveries(df.to_csv(index=False).encode(), "d.csv")
    q = quote(grade="0#", tier="大客户", quantity=30, at=datetime(2017, 2, 1, 9, 0))
    openpyxl.load_workbook(io.BytesIO(quote_export.xlsx_bytes(q)))
    roleplay.plan_session(["张三", "李四", "王五"])


_warm_up()


def contract(fields: set[str] | None = None, *, examples: int, deadline: int | None = DEADLINE_MS):
    return settings(max_examples=examples, deadline=deadline, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


def domain(err: PlaybookInputError, fields: set[str] | None = None, prefixes: tuple[str, ...] = ()) -> None:
    """The contract of a refusal: the one error type, a field, a short Chinese message."""
    assert type(err) is PlaybookInputError
    event("refused")
    assert isinstance(err.field, str) and err.field
    if fields is not None:
        assert err.field in fields or err.field.startswith(prefixes), err.field
    assert CJK.search(err.message), err.message
    assert len(err.message) <= MESSAGE_MAX


# --------------------------------------------------------------------------- strategies
SPECIAL = [
    None, True, False, 0, -0.0, 1, 10 ** 5000, -(10 ** 400), 1e27, 1e308, 5e-324, -1e-300,
    math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"),
    Decimal("1e999999"), Decimal("-0.00"), Decimal("1e-999999"), Decimal("123.456789012345678901"),
    "nan", "inf", "-inf", "1e999999999", "1e-999999999", "6,5", "1,0,0,0,0", "10,000", "１２,３４５",
    "-0", "", " ", "=1+1", "\ud800", "\x00", "1_000", "0x10", "1e", ".", "-", "+.5e-3", "٣",
    np.float64("nan"), np.int64(7), np.float32(1.5), np.bool_(True), np.float64(-0.0),
    np.int8(-5), np.uint64(2 ** 64 - 1), Fraction(1, 3), Fraction(10 ** 400, 3),
    [1], {}, (), b"12", bytearray(b"1"), object(), datetime(2017, 2, 1), complex(1, 2),
]
number_text = st.from_regex(r"[ +\-−]?[0-9０-９,，]{0,8}(\.[0-9]{0,4})?([eE][+-]?[0-9]{1,12})?", fullmatch=True)
anything = st.one_of(
    st.sampled_from(SPECIAL), st.integers(), st.floats(), st.decimals(), st.text(max_size=12),
    number_text, st.fractions(), st.builds(np.float64, st.floats()),
    st.builds(np.int64, st.integers(-2 ** 63, 2 ** 63 - 1)),
)


def plausible(lo: float, hi: float) -> st.SearchStrategy:
    """Values near the allowed range (some outside), as float, int, Decimal, text and numpy."""
    span = hi - lo
    inner = st.floats(lo - 0.1 * span, hi + 0.1 * span, allow_nan=False)
    return st.one_of(inner, inner.map(lambda x: Decimal(repr(round(x, 3)))), inner.map(lambda x: f"{x:,.2f}"),
                     inner.map(np.float64), inner.map(lambda x: int(x)))


def valid(lo: float, hi: float) -> st.SearchStrategy:
    """Values inside [lo, hi] as float, Decimal, text (with thousands separators), numpy, int."""
    inner = st.floats(lo, hi, allow_nan=False)
    return st.one_of(inner, inner.map(lambda x: Decimal(repr(x))), inner.map(lambda x: f"{x:,.6f}"),
                     inner.map(np.float64), st.integers(math.ceil(lo), math.floor(hi)) if math.ceil(lo) <= hi
                     else inner)


def corrupt(data: st.DataObject, base: dict, hostile: st.SearchStrategy = anything) -> dict:
    """``base`` (valid inputs) with none, one or a few of its fields replaced by hostile values."""
    keys = sorted(base)
    n = data.draw(st.sampled_from([0, 0, 1, 1, 2, 3]), label="corrupted")
    for key in data.draw(st.lists(st.sampled_from(keys), min_size=n, max_size=n, unique=True), label="fields"):
        base[key] = data.draw(hostile, label=key)
    return base


def maybe(lo: float, hi: float) -> st.SearchStrategy:
    return st.one_of(plausible(lo, hi), plausible(lo, hi), st.none(), anything)


zones = st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-(24 * 60 - 1), 24 * 60 - 1))
times = st.one_of(st.datetimes(min_value=datetime(2016, 1, 1), max_value=datetime(2030, 1, 1)),
                  st.datetimes(timezones=zones), st.datetimes(), st.none(),
                  st.sampled_from([datetime.max.replace(tzinfo=timezone(timedelta(hours=-23))),
                                   datetime.min.replace(tzinfo=timezone(timedelta(hours=23))), "2017-02-01"]))
hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1",
                     "$x^$", "$\\frac{", "张三\u200b", "\ud800", "\x00\x1b", " 张三 ", "Ａ", "名" * 45,
                     "-5.00", "\n=1"]),
)


def _no_formula_csv(text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not normalize.is_formula_like(cell), cell


def _no_formula_xlsx(data: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert not normalize.is_formula_like(cell.value), cell.value


# --------------------------------------------------------------------------- the normaliser
@contract(examples=EXAMPLES["numbers"])
@given(value=anything)
def test_number_normaliser(value):
    try:
        d = normalize.to_decimal(value, "x", "数值")
    except PlaybookInputError as err:
        domain(err, {"x"})
        return
    assert d.is_finite() and abs(d) < normalize.MAX_ABS and not (d == 0 and d.is_signed())
    assert len(format(d, "f")) < 40
    f = normalize.to_float(value, "x", "数值")
    assert math.isfinite(f) and f == pytest.approx(float(d), rel=1e-12, abs=1e-12)


@contract(examples=EXAMPLES["numbers"])
@given(value=st.text(max_size=20))
def test_names_and_cells(value):
    name = normalize.normalize_name(value)
    assert name == normalize.normalize_name(name) and name == name.strip()
    assert not any(ch in name for ch in "\u200b\ufeff\x00\n")
    cell = normalize.cell_text(value)
    assert not normalize.is_formula_like(cell)
    cell.encode("utf-8")  # no lone surrogates: every writer can take it


# --------------------------------------------------------------------------- quote
QUOTE_FIELDS = {"grade", "tier", "quantity", "unit", "density20_kg_m3", "litres_per_tonne", "delivery",
                "freight_per_tonne", "freight_per_tonne_km", "distance_km", "unit_price_per_tonne",
                "retail_price_per_litre", "at"}


def _check_quote(q: Quote) -> None:
    assert q.total_gross == q.goods_amount + q.freight_amount
    assert q.total_net + q.total_vat == q.total_gross
    assert q.tonnes > 0 and q.litres > 0
    for line in quote_export.lines(q):
        text = quote_export.fmt(line)
        assert not text.startswith("-0") or text.strip("-0.,") != "", text
        assert len(text) < 400


@contract(examples=EXAMPLES["quote"])
@given(data=st.data(), diesel=st.booleans(), unit=st.sampled_from(["t", "L", "吨", "升"]),
       delivery=st.sampled_from(["pickup", "per_tonne", "per_tonne_km", "自提"]), convert=st.sampled_from(["default", "density", "coefficient"]))
def test_quote_contract(data, diesel, unit, delivery, convert):
    kw = {"grade": data.draw(st.sampled_from(["0#", "0#(Ⅴ)", "grade-0", "０#"] if diesel else ["92#", "95#(Ⅴ)", "grade-98"])),
          "tier": data.draw(st.sampled_from(["大客户", "tier-key", "普通客户", "特殊客户\u200b"])),
          "quantity": data.draw(valid(0.001, 1000) if unit in ("t", "吨") else valid(1, 1_000_000)),
          "unit": unit, "delivery": delivery,
          "unit_price_per_tonne": data.draw(st.one_of(st.none(), valid(0.01, 20000))),
          "retail_price_per_litre": data.draw(st.one_of(st.none(), valid(0.01, 20))),
          "at": data.draw(st.one_of(st.none(), st.datetimes(datetime(2017, 1, 2), datetime(2030, 1, 1)),
                                    st.datetimes(datetime(2017, 1, 2), datetime(2030, 1, 1), timezones=zones)))}
    if convert == "density":
        kw["density20_kg_m3"] = data.draw(valid(810, 850) if diesel else valid(720, 775))
    elif convert == "coefficient":
        kw["litres_per_tonne"] = data.draw(valid(1180, 1200) if diesel else valid(1300, 1380))
    if delivery == "per_tonne":
        kw["freight_per_tonne"] = data.draw(valid(0, 2000))
    elif delivery == "per_tonne_km":
        kw.update(freight_per_tonne_km=data.draw(valid(0, 10)), distance_km=data.draw(valid(0.5, 5000)))
    kw = corrupt(data, kw, st.one_of(anything, times))
    try:
        q = quote(**kw)
    except PlaybookInputError as err:
        domain(err, QUOTE_FIELDS)
    else:
        event("result")
        _check_quote(q)


@contract(examples=EXAMPLES["quote"])
@given(text=st.one_of(number_text, st.text(max_size=15), st.sampled_from(SPECIAL)))
def test_quote_text_parsers(text):
    for fn in (lambda: parse_number(text, "unit_price_per_tonne", "成交单价"), lambda: parse_time(text)):
        try:
            fn()
        except PlaybookInputError as err:
            domain(err, {"unit_price_per_tonne", "at"})


@contract(examples=EXAMPLES["quote_export"])
@given(customer=hostile_text, note=hostile_text, price=st.one_of(st.none(), st.floats(5000, 8000)),
       retail=st.one_of(st.none(), st.floats(0.01, 20)), freight=st.floats(-0.0, 5.0))
def test_quote_export_contract(customer, note, price, retail, freight):
    q = quote(grade="0#", tier="大客户", quantity=30, at=datetime(2017, 2, 1, 9, 0), delivery="per_tonne",
              freight_per_tonne=freight, unit_price_per_tonne=price, retail_price_per_litre=retail)
    text = quote_export.to_csv(q, customer=customer)
    _no_formula_csv(text)
    assert "-0.00" not in text
    quote_export.csv_bytes(q, customer=customer)
    _no_formula_xlsx(quote_export.xlsx_bytes(q, customer=customer))
    quote_export.to_html(q, customer=customer, note=note).encode("utf-8")


# --------------------------------------------------------------------------- petroleum
PETRO_CALLS = [
    (pm.vcf20, 2), (pm.vcf15, 2), (pm.density20, 2), (pm.density15, 2), (pm.ctl_60f, 2),
    (pm.hydrometer_reading20, 2), (pm.volume20_l, 3), (pm.mass_in_air_kg, 2),
    (pm.density20_from_density15, 1), (pm.density15_from_density20, 1), (pm.alpha15, 1),
    (pm.temperature_limits_c, 1), (pm.density60_from_api, 1), (pm.api_from_density60, 1),
    (pm.product_group15, 1), (pm.product_group60, 1), (pm.round_density, 1), (pm.round_vcf, 1),
    (pm.round_ctl, 1),
]
PETRO_FIELDS = {"density15", "density20", "density60", "temperature_c", "temperature_f", "observed_density",
                "observed_volume_l", "volume20_l", "api_gravity", "value"}


@contract(examples=EXAMPLES["petroleum"])
@given(which=st.integers(0, len(PETRO_CALLS) - 1),
       args=st.lists(st.one_of(plausible(600, 1100), plausible(-20, 150), anything), min_size=3, max_size=3))
def test_petroleum_contract(which, args):
    fn, n = PETRO_CALLS[which]
    try:
        out = fn(*args[:n])
    except PlaybookInputError as err:
        domain(err, PETRO_FIELDS)
        return
    event("result")
    values = out if isinstance(out, tuple) and not hasattr(out, "metric_1980") else (out,)
    for v in values:
        if isinstance(v, float):
            assert math.isfinite(v) and not (v == 0 and math.copysign(1, v) < 0)


# --------------------------------------------------------------------------- delivery loss
LOSS_FIELDS = {"route_km", "tolerance_kg", "shipped_mass_kg", "received_gross_kg", "received_tare_kg",
               "received_volume_l", "shipped_volume_l"}


@contract(examples=EXAMPLES["delivery_loss"])
@given(data=st.data(), by_volume=st.booleans(), observed=st.booleans(), weigh=st.booleans(),
       own_rho=st.booleans(), tolerance=st.booleans())
def test_delivery_loss_contract(data, by_volume, observed, weigh, own_rho, tolerance):
    kw: dict = {"route_km": data.draw(valid(0, 5000))}
    if by_volume:
        kw.update(shipped_volume_l=data.draw(valid(10_000, 30_000)), shipped_temperature_c=data.draw(valid(-10, 40)))
        if observed:
            kw.update(shipped_observed_density_kg_m3=data.draw(valid(820, 850)),
                      shipped_density_temperature_c=data.draw(valid(0, 40)))
        else:
            kw["shipped_density20_kg_m3"] = data.draw(valid(720, 850))
    else:
        kw["shipped_mass_kg"] = data.draw(valid(10_000, 30_000))
    if weigh:
        tare = data.draw(st.floats(12_000, 16_000))
        kw.update(received_tare_kg=tare, received_gross_kg=tare + data.draw(st.floats(9_000, 31_000)))
    else:
        kw.update(received_volume_l=data.draw(valid(10_000, 30_000)), received_temperature_c=data.draw(valid(-10, 40)))
        if own_rho or not by_volume:
            kw["received_density20_kg_m3"] = data.draw(valid(720, 850))
    if tolerance:
        kw["tolerance_kg"] = data.draw(valid(0, 10_000))
    kw = corrupt(data, kw)
    try:
        r = L.delivery_loss(**kw)
    except PlaybookInputError as err:
        domain(err, LOSS_FIELDS, ("shipped_", "received_"))
        return
    event("result")
    assert r.verdict in L.VERDICTS
    assert math.isfinite(r.loss_kg) and r.shipped_kg > 0 and r.received_kg > 0
    assert "-0.0 " not in r.explanation and "-0.00‰" not in r.explanation


AUDIT_HEADERS = [*L.AUDIT_COLUMNS, *L.AUDIT_COLUMNS.values(), "received_density20", "备注", "Driver ",
                 "标准密度ρ20(kg/m?)", "Unnamed: 9"]


@contract(examples=EXAMPLES["audit"])
@given(data=st.data(), n=st.integers(1, 12), drivers=st.lists(hostile_text, min_size=1, max_size=4),
       extra=st.lists(st.sampled_from(AUDIT_HEADERS), max_size=2), hostile_cells=st.integers(0, 3))
def test_audit_contract(data, n, drivers, extra, hostile_cells):
    rows = []
    for i in range(n):
        tare = data.draw(st.floats(12_000, 16_000), label="tare")
        rows.append({"driver": drivers[i % len(drivers)], "carrier": "甲", "route_km": data.draw(valid(0, 300)),
                     "shipped_mass_kg": data.draw(valid(15_000, 30_000)),
                     "received_gross_kg": tare + data.draw(st.floats(14_900, 30_000)), "received_tare_kg": tare})
    df = pd.DataFrame(rows)
    for column in extra:
        if column not in df.columns:
            df[column] = data.draw(st.one_of(st.none(), plausible(0, 1000)), label=column)
    for _ in range(hostile_cells):
        row = data.draw(st.integers(0, n - 1))
        col = data.draw(st.sampled_from(list(df.columns)))
        df[col] = df[col].astype(object)
        df.at[row, col] = data.draw(anything, label="cell")
    try:
        res = L.audit(df)
    except PlaybookInputError as err:
        domain(err)
        return
    event("result")
    assert set(res.deliveries["verdict"].astype(str)) <= set(L.VERDICTS)
    z = res.by_driver["robust_z"].dropna()
    assert (z.abs() < 1e6).all()
    assert len(res.by_driver) == len({normalize.normalize_name(str(d)) for d in df["driver"]})


@contract(examples=EXAMPLES["read_deliveries"])
def _csv_table(header_style: int, rows: list[tuple[str, str]], encoding: str) -> bytes:
    cols = ["driver", "carrier", "route_km", "shipped_mass_kg", "received_gross_kg", "received_tare_kg"]
    heads = [c if header_style == 0 else L.AUDIT_COLUMNS[c] for c in cols]
    lines = [",".join(heads)] + [f"{d},甲,{km},16000,31000,15000" for d, km in rows]
    return "\r\n".join(lines).encode(encoding, errors="replace")


valid_csv = st.builds(_csv_table, st.integers(0, 1),
                      st.lists(st.tuples(st.sampled_from(["张三", "李四 ", "=1+1", "王五\u200b"]),
                                         st.one_of(st.sampled_from(["50", "1,000", "6,5", "nan", ""]),
                                                   st.integers(0, 6000).map(str))), min_size=1, max_size=6),
                      st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))


@given(data=st.one_of(valid_csv, valid_csv, st.binary(max_size=200),
                      st.text(alphabet=string.printable + "张三ρ³,", max_size=200).map(lambda t: t.encode("utf-8")),
                      st.text(alphabet=string.printable + "张三ρ,", max_size=200).map(lambda t: t.encode("gbk"))),
       name=st.sampled_from(["d.csv", "d.csv", "d.xlsx", "d.xls", "d.txt", "d.pdf", "D.CSV"]))
def test_read_deliveries_contract(data, name):
    try:
        table = L.read_deliveries(data, name)
    except PlaybookInputError as err:
        domain(err, {"file"})
        return
    assert isinstance(table, pd.DataFrame)
    try:
        L.audit(table)
    except PlaybookInputError as err:
        domain(err)
    else:
        event("audited")


# --------------------------------------------------------------------------- progress files
json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5)),
                           lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                  st.dictionaries(st.text(max_size=5), kids, max_size=3)),
                           max_leaves=10)


@contract(examples=EXAMPLES["progress"])
@given(content=st.one_of(
    st.binary(max_size=100),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.builds(lambda t: json.dumps({"format": drills.PROGRESS_FORMAT, "trainees": t}).encode(),
              st.dictionaries(st.sampled_from(["张三", "李四"]), json_values, max_size=2)),
    st.integers(1, 5000).map(lambda n: (b"[" * n + b"]" * n))),
    name=hostile_text)
def test_progress_loader_contract(content, name, tmp_path_factory):
    path = tmp_path_factory.mktemp("p") / "进度.json"
    path.write_bytes(content)
    try:
        p = drills.load_progress(path, name)
    except PlaybookInputError as err:
        domain(err, {"progress_file", "trainee"})
        return
    event("result")
    assert isinstance(p, drills.Progress)
    assert all(1 <= b <= drills.LEITNER_BOXES for b in p.boxes.values())


# --------------------------------------------------------------------------- role-play and records
NAMES = ["张三", "李四", "王五", "赵六", "钱七", "孙八"]


@contract(examples=EXAMPLES["roleplay"])
@given(data=st.data(), count=st.integers(2, 6), rounds=st.integers(1, 4))
def test_roleplay_contract(data, count, rounds):
    names = NAMES[:count]
    plan_kw = corrupt(data, {"trainees": names, "rounds": rounds, "session": "第一期",
                             "seed": data.draw(st.integers(0, 10 ** 6))},
                      st.one_of(hostile_text, anything, st.lists(hostile_text, max_size=7)))
    try:
        plan = roleplay.plan_session(**plan_kw)
    except PlaybookInputError as err:
        domain(err, {"trainees", "rounds", "session", "seed"})
        return
    event("planned")
    card = plan.cards[0]
    score_kw = corrupt(data, {"observer": card.observers[0], "notes": data.draw(hostile_text),
                              "rating": data.draw(st.one_of(st.none(), st.integers(1, 5))),
                              "scored_at": data.draw(st.one_of(st.none(), st.datetimes(timezones=zones)))},
                       st.one_of(hostile_text, anything, times))
    try:
        sheet = roleplay.score_round(card, [c.id for c in card.checks[:2]], **score_kw)
    except PlaybookInputError as err:
        domain(err, {"observer", "notes", "rating", "scored_at", "ticked"})
        return
    event("scored")
    records._check_sheet(sheet)  # what scoring accepts, the store accepts too (one definition)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    with records.open_store(f"sqlite://{tmp_path_factory.mktemp('rec') / 'r.sqlite3'}") as store:
        for name in ("张三", "李四"):
            store.add_trainee(name)
        yield store


@contract(examples=EXAMPLES["records"])
@given(data=st.data(), round_no=st.integers(1, 10))
def test_records_contract(shared_store, data, round_no):
    kw = corrupt(data, {"session": data.draw(hostile_text), "round_no": round_no,
                        "trainee": data.draw(st.sampled_from(["张三", "张三\u200b", " 李四", "李四"])),
                        "observer": records.TRAINER, "scenario_id": "card",
                        "marks": (CheckMark("c", "fab", data.draw(hostile_text) or "x", True),),
                        "notes": data.draw(hostile_text), "rating": None,
                        "scored_at": data.draw(st.one_of(st.none(), st.datetimes(timezones=zones)))},
                 st.one_of(hostile_text, anything, times))
    before = len(shared_store.sheets())
    try:
        shared_store.save_sheet(ScoreSheet(**kw), replace=True)
    except PlaybookInputError as err:
        domain(err, None)
        assert len(shared_store.sheets()) == before                  # nothing half-written
        return
    event("saved")
    saved = shared_store.sheets(trainee=kw["trainee"], session=kw["session"])
    assert [s.round_no for s in saved if s.round_no == kw["round_no"]] == [kw["round_no"]]
    assert all(s.trainee == normalize.normalize_name(kw["trainee"]) for s in saved)


@contract(examples=EXAMPLES["dashboard_export"], deadline=None)
@given(names=st.lists(hostile_text, min_size=1, max_size=3), notes=hostile_text, label=hostile_text,
       session=hostile_text)
def test_dashboard_export_contract(names, notes, label, session):
    sheets = [ScoreSheet(session, 1, n, "观察员", "=card", (CheckMark("=c", "fab", label, i % 2 == 0),), notes, None,
                         datetime(2026, 3, 2, 9, i, tzinfo=timezone(timedelta(hours=8))))
              for i, n in enumerate(names)]
    try:
        data = dashboard.xlsx_bytes(sheets)
    except PlaybookInputError as err:
        domain(err)
        return
    _no_formula_xlsx(data)
    for rows in (dashboard._record_rows(dashboard._check_sheets(sheets)),
                 dashboard._weakest_rows(dashboard._check_sheets(sheets))):
        text = dashboard._csv_bytes(["h"] * 13, rows).decode("utf-8-sig")
        _no_formula_csv(text)


# --------------------------------------------------------------------------- issue 26: every reader and engine
# Each: a result or the domain error (a coded PlaybookInputError naming a field), for any input,
# dates at the calendar's ends included, and the planner's text boxes.
from playbook import spreadsheet  # noqa: E402
from playbook.engines import cadence, forecast, grading, practice, value_added  # noqa: E402
from playbook.errors import UnknownItemError  # noqa: E402

EXAMPLES.update({"read_rows": 80, "grading": 60, "forecast": 50, "cadence": 60, "practice": 80,
                 "commission": 150})
CALENDAR_ENDS = st.sampled_from([
    datetime.min.replace(tzinfo=timezone(timedelta(hours=14))), datetime.min.replace(tzinfo=timezone.utc),
    datetime.max.replace(tzinfo=timezone(timedelta(hours=-14))), datetime.max.replace(tzinfo=timezone.utc),
    datetime(9999, 12, 28, tzinfo=timezone.utc), datetime(1999, 12, 31, 23, 59, tzinfo=timezone.utc),
    datetime(2027, 2, 28, 23, 0, tzinfo=timezone.utc), datetime(2028, 2, 29, 12, 0, tzinfo=timezone.utc),
    datetime(2028, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=8)))])
moments = st.one_of(CALENDAR_ENDS, st.datetimes(timezones=zones), st.datetimes(), anything)


def coded(err: PlaybookInputError, fields: set[str] | None = None, prefixes: tuple[str, ...] = ()) -> None:
    """:func:`domain` for the coded errors: a code, a field, a short Chinese message."""
    assert isinstance(err, PlaybookInputError) and isinstance(err.code, str) and err.code
    event(f"refused:{err.code}")
    assert isinstance(err.field, str) and err.field
    if fields is not None:
        assert err.field in fields or err.field.startswith(prefixes), err.field
    assert CJK.search(err.message), err.message
    assert len(err.message) <= MESSAGE_MAX


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        spreadsheet.write_rows(sheet, [row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


cell_values = st.one_of(st.none(), st.integers(-10 ** 6, 10 ** 6), st.floats(allow_nan=False, allow_infinity=False),
                        hostile_text, st.sampled_from(["", "是", "否", "TRUE", "1,5", "６"]))
tables = st.lists(st.lists(cell_values, min_size=0, max_size=7), min_size=0, max_size=6)


@contract(examples=EXAMPLES["read_rows"])
@given(rows=tables, header=st.sampled_from([list(grading.REQUIRED_COLUMNS), ["月份", "区域", "品项", "销量", "缺货"],
                                            ["司机", "承运商", "运距"], []]),
       kind=st.sampled_from(["csv", "xlsx", "bytes"]), raw=st.binary(max_size=300))
def test_every_upload_reader_contract(rows, header, kind, raw):
    """grading, forecast and loss readers, through playbook.spreadsheet: rows of any cells, as CSV,
    xlsx or random bytes."""
    table = [header, *rows] if header else rows
    if kind == "csv":
        data, name = spreadsheet.csv_bytes(None, table), "t.csv"
    elif kind == "xlsx":
        data, name = _xlsx(table), "t.xlsx"
    else:
        data, name = raw, "t.xlsx" if raw[:1] == b"P" else "t.csv"
    for read in (lambda: grading.read_table(data, name), lambda: forecast.read_history((data, name)),
                 lambda: L.read_deliveries(data, name), lambda: spreadsheet.read_rows(data, name)):
        try:
            out = read()
        except PlaybookInputError as err:
            coded(err)
            continue
        event("read")
        assert out is not None


@contract(examples=EXAMPLES["grading"])
@given(data=st.data(), n=st.integers(0, 4))
def test_grading_contract(data, n):
    rows = [dict(zip(grading.REQUIRED_COLUMNS,
                     [data.draw(hostile_text), *(data.draw(st.one_of(st.integers(1, 5), anything)) for _ in range(5))]))
            for _ in range(n)]
    try:
        result = grading.grade(grading.customers_from_rows(rows))
    except PlaybookInputError as err:
        coded(err)
        return
    _no_formula_csv(grading.to_csv(result).decode("utf-8-sig"))
    for c in result.ranked():
        assert 0 <= c.score <= 100 and c.grade in ("A", "B", "C")


@contract(examples=EXAMPLES["forecast"])
@given(data=st.data(), regions=st.lists(st.one_of(hostile_text, st.integers(0, 3)), min_size=0, max_size=4),
       growth=st.one_of(st.floats(-1, 2), anything), adjust=st.one_of(st.floats(-1, 11), anything))
def test_forecast_split_contract(data, regions, growth, adjust):
    last = {r: data.draw(st.one_of(st.floats(0, 1e7), anything)) for r in regions}
    adjusted = {regions[0]: adjust} if regions and data.draw(st.booleans()) else None
    try:
        table = forecast.split_target(last, growth, adjusted)
    except PlaybookInputError as err:
        coded(err)
        return
    assert (table["今年目标"] >= 0).all() and not table["今年目标"].isna().any()


@contract(examples=EXAMPLES["forecast"])
@given(rows=st.lists(st.fixed_dictionaries({
    "月份": st.one_of(st.sampled_from(["2026-01", "2026-02", "2026-03", "2027-12", "2028-02", "2026", "", "9999-99"]),
                    hostile_text),
    "区域": st.one_of(st.sampled_from(["甲区", "乙区", "", None]), hostile_text),
    "品项": st.one_of(st.sampled_from(["A", "B", None]), hostile_text),
    "销量": st.one_of(st.floats(0, 1e6), st.sampled_from(["1,000", "6,5", "-1", "", None]), anything)}),
    min_size=0, max_size=6))
def test_forecast_history_contract(rows):
    try:
        h = forecast.read_history(rows)
    except PlaybookInputError as err:
        coded(err)
        return
    assert (h["销量"] >= 0).all() and (h["区域"] != "").all() and (h["品项"] != "").all()


planner_lines = st.lists(st.one_of(
    st.builds(lambda n, g, b: f"{n},{g},{b}", hostile_text, st.sampled_from(["A", "B", "C", "a", "D", "A类"]),
              st.sampled_from(["9-3", "2-29", "2-30", "13-1", "99999999999999999999-1", "", "12月31日", "0-0"])),
    hostile_text), max_size=6).map("\n".join)
event_lines = st.lists(st.builds(lambda d, n, k: f"{d},{n},{k}",
                                 st.sampled_from(["9-12", "2-29", "1-1", "12-31", "99999999999999999999-1", "x"]),
                                 st.sampled_from(["甲", "乙", "不在名单"]), st.sampled_from(["纪念日", "慰问", "其他", "?"])),
                       max_size=3).map("\n".join)


@contract(examples=EXAMPLES["cadence"])
@given(customers=st.one_of(planner_lines, st.just("甲,A,9-3\n乙,B")), events=event_lines,
       year=st.one_of(st.sampled_from([2026, 2027, 2028, 2020, 2040, 2019, 2041]), anything),
       month=st.one_of(st.integers(1, 12), anything), cap=st.one_of(st.integers(1, 30), anything))
def test_planner_text_boxes_contract(customers, events, year, month, cap):
    """The planner's boxes as typed (customers, events), years at the ends of its tables."""
    try:
        people = cadence.parse_customers(customers)
        p = cadence.plan(people, year, month, events=cadence.parse_events(events, year), max_on_site_per_day=cap)
    except PlaybookInputError as err:
        coded(err)
        return
    lo, hi = cadence.PLAN_YEARS
    assert all(lo <= v.day.year <= hi and (v.day.year, v.day.month) == (year, month) for v in p.visits)
    _no_formula_csv(cadence.to_csv(p).decode("utf-8-sig"))


@contract(examples=EXAMPLES["practice"])
@given(at=moments, rating=st.one_of(st.integers(1, 4), anything), seconds=st.one_of(st.none(), anything),
       now=st.one_of(CALENDAR_ENDS, st.datetimes(timezones=zones)))
def test_practice_dates_at_the_calendar_ends(at, rating, seconds, now):
    """An answer is recorded or refused; what is recorded survives every consumer at any ``now``."""
    try:
        progress = practice.review(practice.Progress(), "fab-001", rating, at=at, seconds=seconds)
    except PlaybookInputError as err:
        coded(err, {"at", "rating", "seconds"})
        return
    text = practice.to_json(progress)
    again, _ = practice.from_json(text)
    assert again.reviews == progress.reviews
    practice.card_states(progress)
    try:
        practice.due_items(progress, now=now)
        practice.readiness(progress, practice.item_totals(), now=now)
    except PlaybookInputError as err:
        coded(err, {"now"})


@contract(examples=EXAMPLES["practice"])
@given(content=st.one_of(json_values.map(json.dumps), st.text(max_size=60),
                         st.builds(lambda rs: json.dumps({"format": practice.FORMAT, "version": 2, "reviews": rs}),
                                   st.lists(st.dictionaries(st.sampled_from(["id", "item", "at", "rating", "seconds",
                                                                             "correct", "family", "migrated"]),
                                                            json_values, max_size=8), max_size=3))))
def test_progress_file_contract(content):
    """A progress file is a valid Progress or the progress_file error, nothing else (N24)."""
    try:
        progress, name = practice.from_json(content)
    except PlaybookInputError as err:
        coded(err, {"progress_file", "trainee"})
        return
    assert isinstance(progress, practice.Progress) and isinstance(name, str)


@contract(examples=EXAMPLES["commission"])
@given(sales=st.one_of(number_text, anything, st.builds(lambda x: f"{x}万", st.floats(0, 1e5))),
       scheme=st.one_of(st.sampled_from(["first", "second"]), anything), station=st.one_of(st.booleans(), anything))
def test_commission_contract(sales, scheme, station):
    try:
        r = value_added.commission(sales, scheme, service_station=station)
    except PlaybookInputError as err:
        coded(err)
        return
    assert 0 <= r.total <= r.group_cap and r.remainder >= 0


@contract(examples=EXAMPLES["numbers"])
@given(item=st.one_of(st.text(max_size=20), anything))
def test_knowledge_base_lookup_contract(item):
    from playbook import kb
    try:
        kb.load().get(item)
    except UnknownItemError as err:
        assert err.code == "unknown_item" and isinstance(err, KeyError)
