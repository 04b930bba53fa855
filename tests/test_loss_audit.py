"""Batch audit (playbook.engines.loss.audit): vectorised verdicts, driver flagging, synthetic data, errors."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from playbook.engines import loss as L
from playbook.engines import loss_audit
from playbook.engines import petroleum as p
from playbook.errors import PlaybookInputError


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return L.synthetic_deliveries(3000, seed=7, skimmers=3, drivers=40, carriers=5)


@pytest.fixture(scope="module")
def result(sample) -> L.AuditResult:
    return L.audit(sample)


def _single(row: pd.Series) -> L.DeliveryLoss:
    def val(name):
        x = row.get(name)
        return None if x is None or pd.isna(x) else float(x)

    return L.delivery_loss(
        route_km=val("route_km"), shipped_mass_kg=val("shipped_mass_kg"),
        shipped_volume_l=val("shipped_volume_l"), shipped_temperature_c=val("shipped_temperature_c"),
        shipped_density20_kg_m3=None if val("shipped_volume_l") is None else val("density20_kg_m3"),
        received_gross_kg=val("received_gross_kg"), received_tare_kg=val("received_tare_kg"),
        received_volume_l=val("received_volume_l"),
        received_temperature_c=val("received_temperature_c"),
        received_density20_kg_m3=None if val("received_volume_l") is None else val("density20_kg_m3"))


# ------------------------------------------------------------------ vectorised == single engine
def test_vectorised_verdicts_equal_the_single_delivery_engine(sample, result):
    rows = result.deliveries.sample(300, random_state=1)
    for idx, row in rows.iterrows():
        single = _single(sample.loc[idx])
        assert row["shipped_kg"] == pytest.approx(single.shipped_kg, rel=1e-12)
        assert row["received_kg"] == pytest.approx(single.received_kg, rel=1e-12)
        assert row["loss_kg"] == pytest.approx(single.loss_kg, abs=1e-8)
        assert row["allowed_kg"] == pytest.approx(single.allowed_loss_kg, rel=1e-12)
        assert row["tolerance_kg"] == pytest.approx(single.tolerance_kg, rel=1e-12)
        assert row["verdict"] == single.verdict


def test_every_verdict_occurs_and_matches_engine(sample, result):
    d = result.deliveries
    for verdict in L.VERDICTS:
        picked = d[d["verdict"] == verdict].head(20)
        assert len(picked), verdict
        for idx in picked.index:
            assert _single(sample.loc[idx]).verdict == verdict


def test_vectorised_vcf_equals_petroleum():
    rho = np.array([650.0, 720.0, 740.3, 770.4, 780.0, 787.6, 800.0, 835.0, 838.5, 845.0, 1000.0])
    t = np.array([-18.0, 0.0, 35.0, 10.0, 60.0, 20.0, 100.0, 25.0, 40.0, -5.0, 150.0])
    vcf, _ = loss_audit._np_vcf20(np, rho, t)
    expected = [p.vcf20(float(r), float(x)) for r, x in zip(rho, t)]
    assert vcf == pytest.approx(expected, rel=1e-13)


def test_hand_worked_row():
    """One row by hand: 20 000 L @ 25 °C, ρ20 835.0 → 16 606.9 kg; weighbridge 31 580 − 15 000."""
    df = pd.DataFrame([dict(date="2024-05-01", driver="张三", carrier="甲运输", route_km=120,
                            product="0#柴油", shipped_volume_l=20_000, shipped_temperature_c=25,
                            density20_kg_m3=835.0, received_gross_kg=31_580, received_tare_kg=15_000)])
    d = L.audit(df).deliveries.iloc[0]
    assert d["shipped_kg"] == pytest.approx(16_606.9, abs=0.05)
    assert d["loss_kg"] == pytest.approx(26.9, abs=0.05)
    assert d["allowed_permille"] == pytest.approx(0.3)
    assert d["verdict"] == "正常"


def test_mixed_modes_and_chinese_headers():
    df = pd.DataFrame({
        "日期": ["2024-01-02", "2024-01-03"], "司机": ["李四", "李四"], "承运商": ["乙", "乙"],
        "运距(km)": [30, 30], "油品": ["92#汽油", "92#汽油"],
        "发油质量(kg)": [16_000, None], "发油体积(L)": [None, 20_000],
        "发油油温(°C)": [None, 30], "标准密度ρ20(kg/m³)": [None, 740.0],
        "地磅毛重(kg)": [31_000, None], "地磅皮重(kg)": [15_000, None],
        "收油体积(L)": [None, 19_800], "收油油温(°C)": [None, 20],
        "收油标准密度ρ20(kg/m³)": [None, None],
    })
    d = L.audit(df).deliveries
    assert d["shipped_kg"].iloc[0] == 16_000 and d["received_kg"].iloc[0] == 16_000
    single = L.delivery_loss(route_km=30, shipped_volume_l=20_000, shipped_temperature_c=30,
                             shipped_density20_kg_m3=740.0, received_volume_l=19_800,
                             received_temperature_c=20)
    assert d["loss_kg"].iloc[1] == pytest.approx(single.loss_kg)
    assert d["verdict"].iloc[1] == single.verdict


def test_string_numbers_from_a_csv_are_accepted():
    df = pd.DataFrame(dict(driver=["a"], carrier=["b"], route_km=["120"], shipped_mass_kg=["16000"],
                           received_gross_kg=["31000"], received_tare_kg=["15000"]))
    assert L.audit(df).deliveries["loss_kg"].iloc[0] == 0


# ------------------------------------------------------------------ flagging
def test_audit_finds_the_planted_skimmers_and_no_honest_driver(sample, result):
    assert sorted(result.flagged.index) == sample.attrs["skimmers"]
    honest = result.by_driver.drop(index=sample.attrs["skimmers"])
    assert not honest["flagged"].any()
    for name, row in result.flagged.iterrows():
        assert row["deliveries"] >= result.min_deliveries
        assert row["robust_z"] >= result.z_threshold
        assert row["mean_excess_permille"] > 2.0  # planted: about 3 ‰ on each trip
        assert row["overloss_count"] > 0


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_flagging_over_seeds(seed):
    df = L.synthetic_deliveries(2000, seed=seed, skimmers=2, drivers=30, carriers=3)
    res = L.audit(df)
    assert sorted(res.flagged.index) == df.attrs["skimmers"]


def test_no_skimmers_no_flags():
    df = L.synthetic_deliveries(2000, seed=11, skimmers=0)
    assert df.attrs["skimmers"] == []
    assert L.audit(df).flagged.empty


def test_drivers_with_few_deliveries_are_not_judged():
    df = L.synthetic_deliveries(2000, seed=5, skimmers=2, drivers=30)
    res = L.audit(df, min_deliveries=10_000)
    assert res.flagged.empty and res.by_driver["robust_z"].isna().all()
    assert math.isnan(res.peer_median_excess_permille)


def test_summaries(sample, result):
    bd, bc = result.by_driver, result.by_carrier
    assert bd["deliveries"].sum() == len(sample) == bc["deliveries"].sum()
    assert set(bc.index) == set(sample["carrier"])
    assert bc["flagged_drivers"].sum() == len(result.flagged)
    one = bd.index[0]
    rows = result.deliveries[result.deliveries["driver"] == one]
    assert bd.loc[one, "mean_loss_permille"] == pytest.approx(rows["loss_permille"].mean())
    assert bd.loc[one, "overloss_count"] == (rows["verdict"] == "超耗").sum()


def test_chart(result):
    import matplotlib
    matplotlib.use("Agg")
    from playbook.views.charts.loss import driver_loss_chart
    ax = driver_loss_chart(result)
    labels = [t.get_text() for t in ax.get_yticklabels()]  # horizontal bars: names read level
    assert set(result.flagged.index) <= set(labels)
    assert "司机" in ax.get_title()
    with pytest.raises(PlaybookInputError):
        driver_loss_chart("not a result")  # type: ignore[arg-type]


def test_synthetic_is_deterministic():
    a = L.synthetic_deliveries(200, seed=3)
    b = L.synthetic_deliveries(200, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs == b.attrs


# ------------------------------------------------------------------ bad tables → domain error
def _base(**over):
    row = dict(date="2024-01-01", driver="a", carrier="b", route_km=50, product="0#柴油",
               shipped_mass_kg=16_000.0, received_gross_kg=31_000.0, received_tare_kg=15_000.0)
    row.update(over)
    return pd.DataFrame([row])


@pytest.mark.parametrize("table, field", [
    ("not a frame", "table"),
    (pd.DataFrame(columns=["driver", "carrier", "route_km", "shipped_mass_kg", "received_gross_kg"]),
     "table"),
    (_base().drop(columns=["driver"]), "driver"),
    (_base().drop(columns=["shipped_mass_kg"]), "shipped_mass_kg"),
    (_base().drop(columns=["received_gross_kg", "received_tare_kg"]), "received_gross_kg"),
    (_base(route_km=-5), "route_km"),
    (_base(route_km="far"), "route_km"),
    (_base(shipped_mass_kg=0), "shipped_mass_kg"),
    (_base(received_gross_kg=10_000), "received_gross_kg"),
    (_base(received_tare_kg=math.nan), "received_tare_kg"),
    (_base(driver=None), "driver"),
    (_base(shipped_mass_kg=None, shipped_volume_l=20_000, shipped_temperature_c=25), "density20_kg_m3"),
    (_base(shipped_mass_kg=None, shipped_volume_l=20_000, density20_kg_m3=835.0), "shipped_temperature_c"),
    (_base(shipped_mass_kg=None, shipped_volume_l=20_000, density20_kg_m3=835.0,
           shipped_temperature_c=200), "shipped_temperature_c"),
    (_base(received_gross_kg=None, received_tare_kg=None, received_volume_l=19_000,
           received_temperature_c=20), "received_density20_kg_m3"),
    (pd.DataFrame([[1, 2]], columns=["司机", "driver"]), "driver"),
])
def test_bad_tables_raise_domain_error(table, field):
    with pytest.raises(PlaybookInputError) as exc:
        L.audit(table)
    assert exc.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)


@pytest.mark.parametrize("kwargs, field", [
    (dict(tolerance_kg=-1), "tolerance_kg"),
    (dict(z_threshold=0), "z_threshold"),
    (dict(min_deliveries=0), "min_deliveries"),
    (dict(min_deliveries=2.5), "min_deliveries"),
])
def test_bad_audit_options(kwargs, field):
    with pytest.raises(PlaybookInputError) as exc:
        L.audit(_base(), **kwargs)
    assert exc.value.field == field


@pytest.mark.parametrize("kwargs, field", [
    (dict(n=0), "n"), (dict(n=1.5), "n"), (dict(seed=-1), "seed"), (dict(drivers=1), "drivers"),
    (dict(carriers=0), "carriers"), (dict(skimmers=30, drivers=40), "skimmers"),
    (dict(skim_permille=-1), "skim_permille"),
])
def test_bad_synthetic_options(kwargs, field):
    with pytest.raises(PlaybookInputError) as exc:
        L.synthetic_deliveries(**kwargs)
    assert exc.value.field == field


def test_fixed_tolerance_applies_to_every_row():
    res = L.audit(_base(received_gross_kg=30_990.0), tolerance_kg=5)
    d = res.deliveries.iloc[0]
    assert d["tolerance_kg"] == 5 and d["verdict"] == "超耗"  # 10 kg > 1.6 + 5


# ------------------------------------------------------------------ widgets (headless)
def test_calculator_widget_modes_and_inline_errors():
    from playbook.views.loss import loss_calculator

    calc = loss_calculator()
    assert calc.result is not None and calc.result.verdict == "正常"
    assert "判定:正常" in calc.answer.value and "GB/T 11085" in calc.details.value
    calc.recv_gross.value = 31_560.0
    assert calc.result.verdict == "超耗" and "000 §9.2" in calc.details.value
    calc.route_km.value = -3.0
    assert calc.result is None and calc.error.field == "route_km"
    assert "输入有误" in calc.answer.value and "Traceback" not in calc.answer.value
    calc.route_km.value = 120.0
    calc.tolerance.value = "abc"
    assert calc.error.field == "tolerance_kg"
    calc.tolerance.value = ""
    calc.density_mode.value = "observed"
    assert calc.ship_rho20.layout.display == "none" and calc.result is not None
    calc.recv_mode.value = "volume"
    calc.ship_mode.value = "mass"
    assert calc.recv_rho20.layout.display is None
    assert calc.result is not None and calc.result.received.method == "volume"
    calc.recv_temp.value = 500.0
    assert calc.error.field == "received_temperature_c"


def test_audit_widget_sample_file_and_errors():
    import matplotlib
    matplotlib.use("Agg")
    from playbook.views.loss import loss_audit

    tool = loss_audit(sample_rows=1500, seed=3, run_sample=True)
    assert tool.result is not None and tool.progress.value == tool.progress.max
    assert "预警司机" in tool.summary.value and "按承运商" in tool.summary.value
    csv = _base().to_csv(index=False).encode("utf-8")
    tool.run_file(csv, "deliveries.csv")
    assert tool.error is None and len(tool.result.deliveries) == 1
    gbk = _base(driver="张三").rename(columns=L.AUDIT_COLUMNS).to_csv(index=False).encode("gbk")
    tool.run_file(gbk, "交付.csv")
    assert tool.error is None and tool.result.deliveries["driver"].iloc[0] == "张三"
    tool.run_file(b"\x00\x01garbage", "x.xlsx")
    assert tool.error.field == "file" and "输入有误" in tool.status.value
    tool.run_file(b"a,b\n1,2\n", "x.csv")
    assert tool.error.field == "columns"  # unknown columns are named, not ignored
    tool.run_file(b"", "x.csv")
    assert tool.error.field == "file"
    tool.run_file(b"abc", "x.pdf")
    assert tool.error.field == "file"


def test_read_deliveries_excel(tmp_path):
    path = tmp_path / "d.xlsx"
    _base().to_excel(path, index=False)
    df = L.read_deliveries(path.read_bytes(), "d.xlsx")
    assert L.audit(df).deliveries["loss_kg"].iloc[0] == 0
