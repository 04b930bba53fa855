"""损耗计算器与损耗稽核: ipywidgets views over :mod:`playbook.engines.loss`.

* :func:`loss_calculator` — one delivery: shipped by depot mass or by volume (+ oil temperature
  + ρ20 or hydrometer reading), received by weighbridge or by dip; shows the verdict, the
  arithmetic and, for 超耗, the six steps of 000 §9.2.  A bad input shows the engine's Chinese
  message inline.
* :func:`loss_audit` — the batch audit of an uploaded CSV/Excel file or of the synthetic sample,
  with a progress bar, the flagged drivers, the per-carrier summary and the chart.

No business logic here: every number comes from :func:`playbook.engines.loss.delivery_loss`,
:func:`playbook.engines.loss.audit` and :func:`playbook.engines.loss.read_deliveries`.

Usage in a notebook::

    from playbook.views.loss import loss_calculator, loss_audit
    loss_calculator()
    loss_audit()
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from playbook.engines import loss as engine
from playbook.errors import PlaybookInputError
from playbook.views import show
from playbook.views.common import error_box
from playbook.views.plotting import figure_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LossAudit", "LossCalculator", "loss_audit", "loss_calculator"]

_STYLE = {"description_width": "8em"}
def _narrow_layout() -> w.Layout:
    """A fresh layout per field: fields are shown/hidden one by one via ``layout.display``."""
    return w.Layout(width="17em")

_COLOURS = {"正常": "#1d5e20", "超耗": "#a61b1b", "溢余": "#8a5a00"}


def _error_html(err: PlaybookInputError) -> str:
    return error_box(err.message, "pb-loss-error")


def _box(cls: type[w.DOMWidget], description: str, **kw: Any) -> w.DOMWidget:
    kw.setdefault("layout", _narrow_layout())
    return cls(description=description, style=_STYLE, **kw)


class LossCalculator(w.VBox):
    """Single-delivery calculator.  Input widgets are attributes (``ship_mode``, ``ship_volume``,
    ``recv_gross`` …) so a notebook or a test can set them; ``result`` holds the latest
    :class:`playbook.engines.loss.DeliveryLoss` (or ``None``) and ``error`` the latest input error."""

    def __init__(self, **kwargs: Any) -> None:
        self.result: engine.DeliveryLoss | None = None
        self.error: PlaybookInputError | None = None

        self.route_km = _box(w.FloatText, "运距 km", value=120.0)
        self.tolerance = _box(w.Text, "计量容差 kg", value="", placeholder="留空 = 默认")

        self.ship_mode = w.ToggleButtons(options=[("按体积(油温+密度)", "volume"), ("按质量", "mass")],
                                         value="volume", description="发油计量",
                                         style={"description_width": "8em", "button_width": "10em"})
        self.ship_mass = _box(w.FloatText, "发油质量 kg", value=16_600.0)
        self.ship_volume = _box(w.FloatText, "发油体积 L", value=20_000.0)
        self.ship_temp = _box(w.FloatText, "发油油温 °C", value=25.0)
        self.density_mode = w.ToggleButtons(options=[("标准密度 ρ20", "rho20"), ("视密度(密度计读数)", "observed")],
                                            value="rho20", description="密度",
                                            style={"description_width": "8em", "button_width": "10em"})
        self.ship_rho20 = _box(w.FloatText, "ρ20 kg/m³", value=835.0)
        self.ship_observed = _box(w.FloatText, "视密度 kg/m³", value=831.5)
        self.ship_density_temp = _box(w.FloatText, "试验温度 °C", value=25.0)

        self.recv_mode = w.ToggleButtons(options=[("地磅(毛重−皮重)", "weighbridge"), ("量油(体积+油温)", "volume")],
                                         value="weighbridge", description="收油计量",
                                         style={"description_width": "8em", "button_width": "10em"})
        self.recv_gross = _box(w.FloatText, "毛重 kg", value=31_580.0)
        self.recv_tare = _box(w.FloatText, "皮重 kg", value=15_000.0)
        self.recv_volume = _box(w.FloatText, "收油体积 L", value=19_900.0)
        self.recv_temp = _box(w.FloatText, "收油油温 °C", value=22.0)
        self.recv_rho20 = _box(w.FloatText, "收油 ρ20 kg/m³", value=835.0)

        self.answer = w.HTML()
        self.details = w.HTML()

        ship = w.VBox([self.ship_mode, self.ship_mass, w.HBox([self.ship_volume, self.ship_temp]),
                       self.density_mode, w.HBox([self.ship_rho20, self.ship_observed, self.ship_density_temp])])
        recv = w.VBox([self.recv_mode, w.HBox([self.recv_gross, self.recv_tare]),
                       w.HBox([self.recv_volume, self.recv_temp, self.recv_rho20])])
        super().__init__([w.HTML("<b>发油(油库)</b>"), ship, w.HTML("<b>收油(客户)</b>"), recv,
                          w.HBox([self.route_km, self.tolerance]), self.answer, self.details],
                         layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        for control in (self.route_km, self.tolerance, self.ship_mass, self.ship_volume, self.ship_temp,
                        self.ship_rho20, self.ship_observed, self.ship_density_temp, self.recv_gross,
                        self.recv_tare, self.recv_volume, self.recv_temp, self.recv_rho20):
            control.observe(self._changed, names="value")
        for toggle in (self.ship_mode, self.density_mode, self.recv_mode):
            toggle.observe(self._mode_changed, names="value")
        self._show_relevant()
        self.update()

    def _changed(self, _change: object = None) -> None:
        self.update()

    def _mode_changed(self, _change: object = None) -> None:
        self._show_relevant()
        self.update()

    def _show_relevant(self) -> None:
        by_volume = self.ship_mode.value == "volume"
        observed = self.density_mode.value == "observed"
        show(self.ship_mass, not by_volume)
        for widget in (self.ship_volume, self.ship_temp, self.density_mode):
            show(widget, by_volume)
        show(self.ship_rho20, by_volume and not observed)
        show(self.ship_observed, by_volume and observed)
        show(self.ship_density_temp, by_volume and observed)
        weigh = self.recv_mode.value == "weighbridge"
        for widget in (self.recv_gross, self.recv_tare):
            show(widget, weigh)
        for widget in (self.recv_volume, self.recv_temp):
            show(widget, not weigh)
        # With a shipped volume the same oil's ρ20 is reused; with a shipped mass ask for it.
        show(self.recv_rho20, not weigh and not by_volume)

    def inputs(self) -> dict:
        """The engine's keyword arguments from the current widget values (no validation here)."""
        args: dict = {"route_km": self.route_km.value}
        text = self.tolerance.value.strip()
        if text:
            args["tolerance_kg"] = text  # the engine reads it (playbook.normalize) or reports it
        if self.ship_mode.value == "mass":
            args["shipped_mass_kg"] = self.ship_mass.value
        else:
            args["shipped_volume_l"] = self.ship_volume.value
            args["shipped_temperature_c"] = self.ship_temp.value
            if self.density_mode.value == "rho20":
                args["shipped_density20_kg_m3"] = self.ship_rho20.value
            else:
                args["shipped_observed_density_kg_m3"] = self.ship_observed.value
                args["shipped_density_temperature_c"] = self.ship_density_temp.value
        if self.recv_mode.value == "weighbridge":
            args["received_gross_kg"] = self.recv_gross.value
            args["received_tare_kg"] = self.recv_tare.value
        else:
            args["received_volume_l"] = self.recv_volume.value
            args["received_temperature_c"] = self.recv_temp.value
            if self.ship_mode.value == "mass":
                args["received_density20_kg_m3"] = self.recv_rho20.value
        return args

    def update(self) -> None:
        """Recompute and redraw (called on every change)."""
        try:
            r = engine.delivery_loss(**self.inputs())
        except PlaybookInputError as err:
            self.result, self.error = None, err
            self.answer.value = _error_html(err)
            self.details.value = ""
            return
        self.result, self.error = r, None
        colour = _COLOURS[r.verdict]
        self.answer.value = (
            f'<div class="pb-loss-answer" style="font-size:1.1em;padding:6px 0;color:{colour}">'
            f"<b>判定:{r.verdict}</b> —— 损耗 {r.loss_kg:,.1f} kg({r.loss_permille:.2f}‰),"
            f"允许 {r.allowed_loss_kg:,.1f} kg + 容差 {r.tolerance_kg:,.1f} kg</div>")
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in r.explanation.splitlines())
        steps = "".join(f"<li>{html.escape(step)}</li>" for step in r.next_steps)
        title = "下一步(000 §9.2 异常损益处理)" if r.verdict == "超耗" else "下一步"
        self.details.value = (f'<div class="pb-loss-details"><b>计算过程</b><ul>{lines}</ul>'
                              f"<b>{title}</b><ol>{steps}</ol></div>")


def loss_calculator() -> LossCalculator:
    """The single-delivery loss calculator widget."""
    return LossCalculator()


class LossAudit(w.VBox):
    """Batch audit of an uploaded file or the synthetic sample; ``result`` holds the latest
    :class:`playbook.engines.loss.AuditResult`, ``error`` the latest input error."""

    def __init__(self, *, sample_rows: int = 2000, seed: int = 0, **kwargs: Any) -> None:
        self.result: engine.AuditResult | None = None
        self.error: PlaybookInputError | None = None
        self.upload = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="上传 CSV/Excel")
        self.sample_button = w.Button(description="用示例数据稽核", button_style="info")
        self.sample_rows = w.BoundedIntText(value=sample_rows, min=10, max=2_000_000, step=1000,
                                            description="示例条数", style=_STYLE, layout=_narrow_layout())
        self.seed = seed
        self.progress = w.IntProgress(value=0, min=0, max=4, description="进度", style=_STYLE)
        self.status = w.HTML()
        self.summary = w.HTML()
        self.chart = w.Output()
        columns = "、".join(f"{k}({v})" for k, v in engine.AUDIT_COLUMNS.items())
        help_text = w.HTML(f'<details><summary>文件需要哪些列?</summary><p style="font-size:0.9em">{html.escape(columns)}。'
                           "每行发油填“发油质量”或“发油体积 + 油温 + ρ20”;收油填“地磅毛重 + 皮重”或"
                           "“收油体积 + 油温”。中文或英文列名均可。</p></details>")
        super().__init__([w.HBox([self.upload, self.sample_button, self.sample_rows]), help_text,
                          self.progress, self.status, self.summary, self.chart],
                         layout=w.Layout(border="1px solid #ddd", padding="8px"), **kwargs)
        self.upload.observe(self._uploaded, names="value")
        self.sample_button.on_click(lambda _b: self.run_sample())

    # ------------------------------------------------------------------ steps
    def _step(self, value: int, text: str) -> None:
        self.progress.value = value
        self.status.value = f'<span class="pb-audit-status">{html.escape(text)}</span>'

    def _fail(self, err: PlaybookInputError) -> None:
        self.result, self.error = None, err
        self.progress.bar_style = "danger"
        self.status.value = _error_html(err)
        self.summary.value = ""
        self.chart.clear_output()

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        self.run_file(bytes(f["content"]), f["name"])

    def run_file(self, data: bytes, filename: str) -> None:
        """Audit an uploaded file's bytes."""
        self.progress.bar_style = ""
        self._step(1, f"正在读取 {filename} ……")
        try:
            table = engine.read_deliveries(data, filename)
        except PlaybookInputError as err:
            self._fail(err)
            return
        self.run_table(table, source=f"{filename}({len(table):,} 条)")

    def run_sample(self) -> None:
        """Audit the synthetic sample (planted skimmers)."""
        self.progress.bar_style = ""
        self._step(1, "正在生成示例数据 ……")
        try:
            table = engine.synthetic_deliveries(self.sample_rows.value, seed=self.seed)  # the engine checks it
        except PlaybookInputError as err:
            self._fail(err)
            return
        self.run_table(table, source=f"示例数据({len(table):,} 条,随机种子 {self.seed})")

    def run_table(self, table: pd.DataFrame, *, source: str = "数据") -> None:
        """Audit a DataFrame and show the result."""
        self._step(2, f"正在换算到 20 °C 并判定 {source} ……")
        try:
            result = engine.audit(table)
        except PlaybookInputError as err:
            self._fail(err)
            return
        self.result, self.error = result, None
        self._step(3, "正在汇总并作图 ……")
        self.summary.value = self._summary_html(result, source)
        self.chart.clear_output()
        with self.chart:
            import matplotlib.pyplot as plt
            from IPython.display import display

            from playbook.views.charts.loss import driver_loss_chart  # matplotlib: Jupyter only

            ax = driver_loss_chart(result)
            display(ax.figure)
            plt.close(figure_of(ax))
        self.progress.bar_style = "success"
        self._step(4, f"完成:{source}")

    @staticmethod
    def _summary_html(result: engine.AuditResult, source: str) -> str:
        counts = result.deliveries["verdict"].value_counts()
        head = (f"<p><b>{html.escape(source)}</b>:正常 {int(counts.get('正常', 0)):,} 车,"
                f"超耗 {int(counts.get('超耗', 0)):,} 车,溢余 {int(counts.get('溢余', 0)):,} 车。"
                f"同行平均超定额损耗中位数 {result.peer_median_excess_permille:.2f}‰;"
                f"稳健 z ≥ {result.z_threshold:g} 且至少 {result.min_deliveries} 车的司机列入预警。</p>")
        cols = {"carrier": "承运商", "deliveries": "车次", "mean_loss_permille": "平均损耗‰",
                "mean_excess_permille": "平均超定额‰", "overloss_count": "超耗车次", "robust_z": "稳健 z"}
        if result.flagged.empty:
            flagged = "<p>没有司机的损耗持续高于同行。</p>"
        else:
            table = result.flagged[list(cols)].rename(columns=cols).round(2)
            flagged = "<p><b>预警司机</b>(证据:车次、平均损耗、超耗次数、稳健 z)</p>" + table.to_html(
                classes="pb-audit-flagged", border=0)
        ccols = {"deliveries": "车次", "drivers": "司机数", "mean_loss_permille": "平均损耗‰",
                 "overloss_count": "超耗车次", "flagged_drivers": "预警司机"}
        carriers = "<p><b>按承运商</b></p>" + result.by_carrier[list(ccols)].rename(
            columns=ccols).round(2).to_html(classes="pb-audit-carriers", border=0)
        return head + flagged + carriers


def loss_audit(*, sample_rows: int = 2000, seed: int = 0, run_sample: bool = False) -> LossAudit:
    """The audit widget; ``run_sample=True`` audits the synthetic sample right away."""
    tool = LossAudit(sample_rows=sample_rows, seed=seed)
    if run_sample:
        tool.run_sample()
    return tool
