"""Batch audit of delivery losses (pandas/numpy, imported inside): the formulas of
:mod:`playbook.engines.loss` on arrays, a summary per driver and carrier, and the drivers whose
losses are consistently above their peers'.

Usage (the robust z-score finds the skimmers planted in a seeded synthetic table):

>>> from playbook.engines.loss_audit import audit
>>> from playbook.engines.loss_synthetic import synthetic_deliveries
>>> df = synthetic_deliveries(n=400, seed=1, drivers=12, skimmers=2)
>>> result = audit(df)
>>> sorted(result.flagged.index) == sorted(df.attrs["skimmers"])
True
>>> len(result.by_driver), len(result.by_carrier), result.z_threshold
(12, 5, 3.5)
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playbook.engines import petroleum
from playbook.engines.loss import (
    _MASS_MAX_KG,
    _ROUTE_MAX_KM,
    _TOLERANCE_MAX_KG,
    _VOLUME_MAX_L,
    _WEIGH_MAX_KG,
    DIP_TOLERANCE_PERMILLE,
    PEER_SCALE_FLOOR_PERMILLE,
    ROAD_BAND_KM,
    ROAD_RATE_PER_BAND,
    VERDICTS,
    WEIGHBRIDGE_TOLERANCE_KG,
)
from playbook.errors import PlaybookInputError
from playbook.normalize import normalize_name, require_int, require_number, to_float

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


# ---------------------------------------------------------------------------
# Batch audit (pandas / numpy, imported inside)
# ---------------------------------------------------------------------------

#: Columns of an audit table.  Per row the shipped side is ``shipped_mass_kg`` if present,
#: else the volume route; the received side is the weighbridge if ``received_gross_kg`` is
#: present, else the volume route (``received_density20_kg_m3`` defaults to ``density20_kg_m3``).
AUDIT_COLUMNS: dict[str, str] = {
    "date": "日期",
    "driver": "司机",
    "carrier": "承运商",
    "route_km": "运距(km)",
    "product": "油品",
    "shipped_mass_kg": "发油质量(kg)",
    "shipped_volume_l": "发油体积(L)",
    "shipped_temperature_c": "发油油温(°C)",
    "density20_kg_m3": "标准密度ρ20(kg/m³)",
    "received_gross_kg": "地磅毛重(kg)",
    "received_tare_kg": "地磅皮重(kg)",
    "received_volume_l": "收油体积(L)",
    "received_temperature_c": "收油油温(°C)",
    "received_density20_kg_m3": "收油标准密度ρ20(kg/m³)",
}
#: Chinese column headers accepted in uploaded files → the English names.
COLUMN_ALIASES: dict[str, str] = {v: k for k, v in AUDIT_COLUMNS.items()}
_REQUIRED = ("driver", "carrier", "route_km")
_NUMERIC = ("route_km", "shipped_mass_kg", "shipped_volume_l", "shipped_temperature_c",
            "density20_kg_m3", "received_gross_kg", "received_tare_kg", "received_volume_l",
            "received_temperature_c", "received_density20_kg_m3")


@dataclass(frozen=True)
class AuditResult:
    """Result of :func:`audit` (pandas DataFrames).

    ``deliveries``: the input plus shipped_kg, received_kg, loss_kg, loss_permille,
    allowed_permille, allowed_kg, tolerance_kg, excess_permille (loss ‰ − allowed ‰) and
    verdict.  ``by_driver`` / ``by_carrier``: count, mean loss ‰, mean excess ‰, number and
    share of 超耗.  ``by_driver`` also has robust_z and flagged.  ``flagged``: the flagged
    drivers with their evidence.  ``peer_median_excess_permille`` and ``peer_scale_permille``:
    the baseline of the robust z-score; ``z_threshold`` and ``min_deliveries``: the rule.
    """

    deliveries: pd.DataFrame
    by_driver: pd.DataFrame
    by_carrier: pd.DataFrame
    flagged: pd.DataFrame
    peer_median_excess_permille: float
    peer_scale_permille: float
    z_threshold: float
    min_deliveries: int


def _np_rho15_from_rho20(np: Any, rho20: Any) -> Any:
    """Vectorised :func:`petroleum.density15_from_density20` (same Newton iteration)."""
    groups = petroleum.REFINED_PRODUCT_GROUPS
    edges = np.array([g.metric_1980.rho_max for g in groups[:-1]])
    k0s = np.array([g.metric_1980.k0 for g in groups])
    k1s = np.array([g.metric_1980.k1 for g in groups])
    k2s = np.array([g.metric_1980.k2 for g in groups])
    dt = 20.0 - 15.0
    rho = rho20.copy()
    converged = np.zeros(rho.shape, dtype=bool)
    for _ in range(30):
        idx = np.searchsorted(edges, rho, side="right")
        k0, k1, k2 = k0s[idx], k1s[idx], k2s[idx]
        alpha = (k0 / rho + k1) / rho + k2
        dalpha = -2.0 * k0 / rho**3 - k1 / rho**2
        vcf = np.exp(-alpha * dt * (1.0 + 0.8 * alpha * dt))
        slope = vcf * (1.0 - rho * dt * (1.0 + 1.6 * alpha * dt) * dalpha)
        step = (rho * vcf - rho20) / slope
        step[converged] = 0.0
        rho = rho - step
        converged |= np.abs(step) <= 1e-13 * rho20
        if converged.all():
            return rho
    # Group boundary: no exact root; fall back to the scalar routine (bisection) for those.
    bad = ~converged
    rho[bad] = [petroleum.density15_from_density20(float(x)) for x in rho20[bad]]
    return rho


def _np_alpha15(np: Any, rho15: Any) -> Any:
    groups = petroleum.REFINED_PRODUCT_GROUPS
    edges = np.array([g.metric_1980.rho_max for g in groups[:-1]])
    idx = np.searchsorted(edges, rho15, side="right")
    k0 = np.array([g.metric_1980.k0 for g in groups])[idx]
    k1 = np.array([g.metric_1980.k1 for g in groups])[idx]
    k2 = np.array([g.metric_1980.k2 for g in groups])[idx]
    return (k0 / rho15 + k1) / rho15 + k2


def _np_vcf20(np: Any, rho20: Any, t: Any) -> tuple[Any, Any]:
    """(VCF20, ρ15) for arrays ρ20 (kg/m³) and t (°C): VCF15(t) / VCF15(20 °C).

    The density-only work (ρ15 by Newton, α15, VCF15 at 20 °C) is done once per distinct
    ρ20 — densities are reported to 0.1 kg/m³, so a million rows hold a few thousand.
    """
    u, inv = np.unique(rho20, return_inverse=True)
    rho15_u = _np_rho15_from_rho20(np, u)
    alpha_u = _np_alpha15(np, rho15_u)
    vcf_20_u = np.exp(-alpha_u * 5.0 * (1.0 + 0.8 * alpha_u * 5.0))
    alpha = alpha_u[inv]
    dt = t - 15.0
    return np.exp(-alpha * dt * (1.0 + 0.8 * alpha * dt)) / vcf_20_u[inv], rho15_u[inv]


def _np_check_range(np: Any, values: Any, mask: Any, column: str, lo: float, hi: float,
                    unit: str, index: Any) -> None:
    bad = mask & ~((values >= lo) & (values <= hi))
    if bad.any():
        pos = int(np.argmax(bad))
        label = AUDIT_COLUMNS.get(column, column)
        raise PlaybookInputError(column, code="audit_range", row=index[pos], label=label, low=lo, high=hi,
                                 unit_text=unit, received=float(values[pos]), count=int(bad.sum()))


def _np_refuse(np: Any, bad: Any, column: str, message: str, index: Any) -> None:
    if bad.any():
        pos = int(np.argmax(bad))
        raise PlaybookInputError(column, code="audit_rows", row=index[pos], reason=message, count=int(bad.sum()))


def _np_mass_from_volume(np: Any, volume: Any, temp: Any, rho20: Any, mask: Any, side: str,
                         index: Any) -> Any:
    """Mass in air (kg) for the rows in ``mask``; NaN elsewhere.  Checks ranges."""
    out = np.full(volume.shape, np.nan)
    if not mask.any():
        return out
    rho_col = "density20_kg_m3" if side == "shipped" else "received_density20_kg_m3"
    _np_check_range(np, volume, mask, f"{side}_volume_l", 1.0, _VOLUME_MAX_L, "L", index)
    _np_check_range(np, rho20, mask, rho_col, petroleum.DENSITY20_MIN, petroleum.DENSITY20_MAX,
                    "kg/m³", index)
    v, t, r = volume[mask], temp[mask], rho20[mask]
    vcf, rho15 = _np_vcf20(np, r, t)
    t_max = np.select([rho15 < th for th, _ in petroleum._TEMPERATURE_C_MAX_BY_DENSITY15[:-1]],
                      [tm for _, tm in petroleum._TEMPERATURE_C_MAX_BY_DENSITY15[:-1]],
                      petroleum._TEMPERATURE_C_MAX_BY_DENSITY15[-1][1])
    bad = ~((t >= petroleum.TEMPERATURE_C_MIN) & (t <= t_max))
    if bad.any():
        pos = int(np.argmax(bad))
        row = index[np.flatnonzero(mask)[pos]]
        raise PlaybookInputError(f"{side}_temperature_c", code="audit_range", row=row,
                                 label=AUDIT_COLUMNS[f'{side}_temperature_c'], low=petroleum.TEMPERATURE_C_MIN,
                                 high=t_max[pos], unit_text="°C", received=float(t[pos]), count=int(bad.sum()))
    out[mask] = v * vcf / 1000.0 * (r - petroleum.AIR_BUOYANCY_KG_M3)
    return out


def _header_key(name: object) -> str:
    """How a column header is matched: :func:`~playbook.normalize.normalize_name` (NFKC: full-width
    brackets, ``m³`` → ``m3``), case and spaces ignored, a trailing unit in brackets dropped. So
    ``标准密度ρ20(kg/m³)``, ``标准密度 ρ20（kg/m3）`` and the ``标准密度ρ20(kg/m?)`` that Excel writes
    into a GBK CSV (it cannot encode ³) all name :data:`AUDIT_COLUMNS` ``density20_kg_m3``."""
    key = normalize_name(str(name)).casefold().replace(" ", "")
    return re.sub(r"\([^()]*\)$", "", key)


_HEADERS: dict[str, str] = {}
for _eng, _zh in AUDIT_COLUMNS.items():
    _HEADERS[_header_key(_eng)] = _eng
    _HEADERS[_header_key(_zh)] = _eng
#: Columns :func:`audit` adds itself; a table that already has them (an earlier result) is accepted.
_OUTPUT_COLUMNS = ("shipped_kg", "received_kg", "loss_kg", "loss_permille", "allowed_permille",
                   "allowed_kg", "tolerance_kg", "excess_permille", "verdict")


def _row_no(position: int) -> int:
    """The spreadsheet row of the table's ``position``-th data row (the header is row 1)."""
    return int(position) + 2


def _unknown_column(name: str) -> PlaybookInputError:
    import difflib

    close = difflib.get_close_matches(_header_key(name), list(AUDIT_COLUMNS), n=1, cutoff=0.6)
    hint = f"(是否想写 {close[0]}?)" if close else ""
    return PlaybookInputError("columns", code="audit_unknown_column", name=name[:30], hint=hint,
                              allowed='、'.join(AUDIT_COLUMNS))


def _columns(table: Any) -> dict[object, str]:
    """Original header → English column name; unknown and duplicate headers refused."""
    import pandas as pd

    mapping: dict[object, str] = {}
    seen: dict[str, object] = {}
    for original in table.columns:
        text = str(original)
        if re.fullmatch(r"Unnamed: \d+", text) and table[original].isna().all():
            continue  # an empty column without a header (Excel's trailing columns)
        if text in _OUTPUT_COLUMNS:
            continue
        name = _HEADERS.get(_header_key(text))
        if name is None:
            raise _unknown_column(text)
        if name in seen:
            raise PlaybookInputError(name, code="audit_duplicate_column", name=name, label=AUDIT_COLUMNS[name],
                                     seen=str(seen[name])[:30], text=text[:30])
        seen[name] = original
        mapping[original] = name
    if isinstance(table.columns, pd.MultiIndex):  # pragma: no cover - defensive
        raise PlaybookInputError("columns", code="audit_header_rows")
    return mapping


def _prepare(table: Any) -> Any:
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise PlaybookInputError("table", code="wrong_type", label="稽核数据", expected=" pandas DataFrame",
                                 received=type(table).__name__)
    if table.columns.duplicated().any():
        dup = str(table.columns[table.columns.duplicated()][0])
        raise PlaybookInputError("columns", code="duplicate_column", name="稽核数据", column=dup[:30])
    mapping = _columns(table)
    df = table[list(mapping)].copy()
    df.columns = [mapping[c] for c in mapping]
    if len(df) == 0:
        raise PlaybookInputError("table", code="audit_empty")
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing:
        listed = "、".join(f"{c}({AUDIT_COLUMNS[c]})" for c in missing)
        raise PlaybookInputError(missing[0], code="audit_missing_columns", listed=listed)
    if "shipped_mass_kg" not in df.columns and "shipped_volume_l" not in df.columns:
        raise PlaybookInputError("shipped_mass_kg", code="audit_no_shipped")
    if "received_gross_kg" not in df.columns and "received_volume_l" not in df.columns:
        raise PlaybookInputError("received_gross_kg", code="audit_no_received")
    for col in _NUMERIC:
        if col not in df.columns:
            df[col] = math.nan
            continue
        raw = df[col]
        if pd.api.types.is_bool_dtype(raw):
            raise PlaybookInputError(col, code="audit_boolean", label=AUDIT_COLUMNS[col])
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_complex_dtype(raw):
            df[col] = raw.astype("float64")
            continue
        values = []
        for pos, cell in enumerate(raw.tolist()):
            if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell is pd.NA or cell is pd.NaT:
                values.append(math.nan)
            elif isinstance(cell, str) and not cell.strip():
                values.append(math.nan)
            else:
                try:
                    values.append(to_float(cell, col, AUDIT_COLUMNS[col]))
                except PlaybookInputError as err:
                    raise PlaybookInputError(col, code="row_prefixed", where="表格", row=_row_no(pos),
                                             reason=err.message) from None
        df[col] = pd.Series(values, index=df.index, dtype="float64")
    for col in ("driver", "carrier"):
        names = []
        for pos, cell in enumerate(df[col].tolist()):
            name = "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell is pd.NA \
                else normalize_name(str(cell))
            if not name:
                raise PlaybookInputError(col, code="row_empty", where="表格", row=_row_no(pos),
                                         column=AUDIT_COLUMNS[col])
            names.append(name)
        df[col] = pd.Series(names, index=df.index, dtype="category")
    return df


def audit(table: pd.DataFrame, *, tolerance_kg: float | None = None, z_threshold: float = 3.5,
          min_deliveries: int = 5) -> AuditResult:
    """Audit a table of deliveries (columns: :data:`AUDIT_COLUMNS`, English or Chinese names).

    Headers are matched after :func:`~playbook.normalize.normalize_name` (see :func:`_header_key`);
    an unknown or duplicated column is refused (naming it and the allowed ones), never ignored.
    Driver and carrier names are normalised too, so ``"张三"`` and ``"张三 "`` are one driver.
    A row is read as :func:`delivery_loss` reads it: mass *or* volume shipped, weighbridge (gross
    and tare) *or* dip received — a row with both is refused. Errors name the spreadsheet row
    (the header is row 1, the first delivery row 2).

    Per delivery: the same formulas as :func:`delivery_loss`, on numpy arrays (VCF computed
    vectorised from the constants of :data:`playbook.engines.petroleum.REFINED_PRODUCT_GROUPS`).

    Flagging drivers: a driver's *excess* loss per delivery is loss ‰ − allowed ‰ (so long
    routes are not held against him).  Among drivers with at least ``min_deliveries``, the
    peer baseline is the median of the drivers' mean excess ‰ and the spread is
    1.4826 × MAD (median absolute deviation) of those means — when MAD is 0, 1.2533 × the mean
    absolute deviation, and never less than :data:`PEER_SCALE_FLOOR_PERMILLE`, so identical peers
    do not turn a hair's difference into a huge z; the **robust z-score** is
    (driver's mean − median) / spread.  A driver is flagged when z ≥ ``z_threshold`` (default
    3.5, the usual cut-off for the modified z-score) and his mean excess is positive.  The
    evidence kept: count, mean loss ‰, mean excess ‰, number and share of 超耗, z.
    """
    import numpy as np
    import pandas as pd

    z_thr = require_number(z_threshold, "z_threshold", "稳健 z 阈值", 1.0, 100.0, "")
    min_deliveries = require_int(min_deliveries, "min_deliveries", "最少交付次数", 1, 10_000)
    tol_fixed = None if tolerance_kg is None else require_number(
        tolerance_kg, "tolerance_kg", "计量容差", 0.0, _TOLERANCE_MAX_KG, "kg")
    df = _prepare(table)
    index = np.arange(len(df)) + 2  # spreadsheet row numbers: the header is row 1
    col = {c: df[c].to_numpy(dtype="float64") for c in _NUMERIC}

    _np_check_range(np, col["route_km"], np.ones(len(df), bool), "route_km", 0.0, _ROUTE_MAX_KM,
                    "km", index)
    # Shipped: mass or volume, never both (as delivery_loss)
    ship_mass = ~np.isnan(col["shipped_mass_kg"])
    ship_vol = ~ship_mass
    _np_refuse(np, ship_mass & ~np.isnan(col["shipped_volume_l"]), "shipped_mass_kg",
               "发油质量与发油体积只填一个", index)
    _np_check_range(np, col["shipped_mass_kg"], ship_mass, "shipped_mass_kg", 1.0, _MASS_MAX_KG,
                    "kg", index)
    shipped = _np_mass_from_volume(np, col["shipped_volume_l"], col["shipped_temperature_c"],
                                   col["density20_kg_m3"], ship_vol, "shipped", index)
    shipped[ship_mass] = col["shipped_mass_kg"][ship_mass]
    # The shipped mass from a volume is bounded as delivery_loss bounds it (N22: 119,999 L of a
    # dense oil is 122 t, refused by delivery_loss but audited as 超耗).
    _np_check_range(np, shipped, ship_vol, "shipped_volume_l", 1.0, _MASS_MAX_KG, "kg(按体积与密度算出的发油质量)",
                    index)
    # Received: weighbridge (gross and tare) or dip volume, never both (as delivery_loss)
    weigh = ~np.isnan(col["received_gross_kg"]) | ~np.isnan(col["received_tare_kg"])
    dip = ~weigh
    _np_refuse(np, weigh & ~np.isnan(col["received_volume_l"]), "received_volume_l",
               "地磅重量与量油体积只填一种", index)
    _np_check_range(np, col["received_gross_kg"], weigh, "received_gross_kg", 1.0, _WEIGH_MAX_KG,
                    "kg", index)
    _np_check_range(np, col["received_tare_kg"], weigh, "received_tare_kg", 1.0, _WEIGH_MAX_KG,
                    "kg", index)
    net = col["received_gross_kg"] - col["received_tare_kg"]
    _np_check_range(np, net, weigh, "received_gross_kg", 1.0, _MASS_MAX_KG, "kg(毛重 − 皮重)", index)
    rho_recv = np.where(np.isnan(col["received_density20_kg_m3"]), col["density20_kg_m3"],
                        col["received_density20_kg_m3"])
    received = _np_mass_from_volume(np, col["received_volume_l"], col["received_temperature_c"],
                                    rho_recv, dip, "received", index)
    received[weigh] = net[weigh]

    km = col["route_km"]
    rate = np.maximum(1.0, np.ceil(km / ROAD_BAND_KM)) * ROAD_RATE_PER_BAND
    allowed = shipped * rate
    if tol_fixed is not None:
        tol = np.full(len(df), tol_fixed)
    else:
        tol = np.where(weigh, WEIGHBRIDGE_TOLERANCE_KG, shipped * DIP_TOLERANCE_PERMILLE / 1000.0)
    loss = shipped - received
    permille = loss / shipped * 1000.0
    codes = np.where(loss > allowed + tol, 1, np.where(-loss > tol, 2, 0)).astype(np.int8)

    out = df
    out["shipped_kg"] = shipped
    out["received_kg"] = received
    out["loss_kg"] = loss
    out["loss_permille"] = permille
    out["allowed_permille"] = rate * 1000.0
    out["allowed_kg"] = allowed
    out["tolerance_kg"] = tol
    out["excess_permille"] = permille - rate * 1000.0
    out["verdict"] = pd.Categorical.from_codes(codes, categories=list(VERDICTS))
    over = codes == 1

    def summary(key: str) -> pd.DataFrame:
        g = pd.DataFrame({key: out[key].to_numpy(), "loss_permille": permille,
                          "excess_permille": permille - rate * 1000.0, "over": over,
                          "loss_kg": loss}).groupby(key, sort=True, observed=True)
        s = g.agg(deliveries=("loss_permille", "size"),
                  mean_loss_permille=("loss_permille", "mean"),
                  median_loss_permille=("loss_permille", "median"),
                  mean_excess_permille=("excess_permille", "mean"),
                  total_loss_kg=("loss_kg", "sum"),
                  overloss_count=("over", "sum"))
        s["overloss_count"] = s["overloss_count"].astype("int64")
        s["overloss_share"] = s["overloss_count"] / s["deliveries"]
        return s

    by_driver = summary("driver")
    pairs = out.groupby(["driver", "carrier"], observed=True).size().rename("n").reset_index()
    pairs = pairs.sort_values(["n"], ascending=False, kind="stable").drop_duplicates("driver")
    carrier_of = pairs.set_index("driver")["carrier"].astype(str)
    by_driver.insert(0, "carrier", carrier_of.reindex(by_driver.index))
    eligible = by_driver["deliveries"] >= min_deliveries
    means = by_driver.loc[eligible, "mean_excess_permille"].to_numpy()
    if len(means):
        med = float(np.median(means))
        deviations = np.abs(means - med)
        mad = float(np.median(deviations))
        # MAD = 0 (half the drivers or more have the very same mean): the mean absolute deviation
        # (× 1.2533, its consistency constant for normal data) instead; never below the floor.
        spread = 1.4826 * mad if mad > 0 else 1.2533 * float(np.mean(deviations))
        scale = max(spread, PEER_SCALE_FLOOR_PERMILLE)
    else:
        med, scale = math.nan, math.nan
    by_driver["robust_z"] = np.where(eligible, (by_driver["mean_excess_permille"] - med) / scale,
                                     np.nan)
    by_driver["flagged"] = (eligible & (by_driver["robust_z"] >= z_thr)
                            & (by_driver["mean_excess_permille"] > 0)).astype(bool)
    flagged = by_driver[by_driver["flagged"]].sort_values("robust_z", ascending=False)

    by_carrier = summary("carrier")
    by_carrier["drivers"] = out.groupby("carrier", sort=True, observed=True)["driver"].nunique()
    by_carrier["flagged_drivers"] = by_driver.groupby("carrier")["flagged"].sum().reindex(
        by_carrier.index, fill_value=0).astype("int64")
    return AuditResult(deliveries=out, by_driver=by_driver, by_carrier=by_carrier,
                       flagged=flagged, peer_median_excess_permille=med,
                       peer_scale_permille=scale, z_threshold=z_thr,
                       min_deliveries=min_deliveries)
