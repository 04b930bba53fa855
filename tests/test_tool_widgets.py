"""The issue-15 tool widgets: they compute through the engines and show Chinese errors naming the field."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

pytest.importorskip("ipywidgets")
STAMP = datetime(2026, 12, 7, tzinfo=timezone.utc)


def test_commission_calculator():
    from playbook.views.value_added import commission_calculator
    c = commission_calculator()
    assert c.result.total == Decimal("13900.00")          # 100 000 × 13.9 %
    c.scheme.value = "first"
    assert c.result.total == Decimal("16300.00")          # 100 000 × 16.3 %
    c.sales.value = "50万"
    assert c.result.remainder == Decimal("118500.00")     # 200 000 − 81 500
    c.sales.value = "很多"
    assert c.result is None and "保险销售额" in c.answer.value and "输入有误" in c.answer.value


def test_payroll_sheet():
    from playbook.views.value_added import payroll_sheet
    sheet = payroll_sheet()
    assert len(sheet.result.rows) == 5 and "text/csv" in sheet.downloads.value and "xlsx" in sheet.downloads.value
    sheet.preset.value = "seed-second"
    assert sheet.tiers.value == "0:10%" and "企管部" in sheet.sheet.value
    sheet.people.value = "王伟,10万"
    assert sheet.result.commissions == Decimal("13900.00")
    sheet.tiers.value = "0:10%, 5万:很多"
    assert sheet.result is None and "第 2 档的比例" in sheet.answer.value


def test_cadence_planner():
    from playbook.views.cadence import cadence_planner
    p = cadence_planner(2026, 9)
    assert p.plan is not None and "中秋(9-25)" in p.status.value
    assert "text/calendar" in p.downloads.value and "text/csv" in p.downloads.value
    p.customers.value = "甲加油站,E"
    assert p.plan is None and "级别" in p.status.value and "第 1 行" in p.status.value
    p.customers.value = "甲加油站,A"
    p.events.value = ""
    p.cap.value = 0
    assert "每天最多上门拜访次数" in p.status.value


def test_cadence_planner_month_change_team_paste_and_log():
    from playbook.views.cadence import cadence_planner
    p = cadence_planner(2026, 9)
    p.month.value = 12                      # the 9-12 纪念日 line is yearly: no error, plan kept
    assert p.plan is not None and p.error is None
    p.year.value, p.month.value = 2027, 1
    assert "调休" in p.status.value and "尚不知道" in p.status.value
    p.customers.value = "客户\t级别\t客户经理\n甲加油站\tA\t王伟\n乙物流\tB\t李娜\n丙矿业\tC\t王伟"
    assert p.error is None and set(p.team.plans) == {"王伟", "李娜"}
    assert "团队工作量" in p.capacity.value and p.downloads.value.count("text/calendar") == 2
    p.rep.value = "李娜"
    assert {v.customer for v in p.plan.visits} == {"乙物流"}
    p.visit_log.value = "1-5,乙物流,上门"
    assert "乙物流" in p.actual.value and "完成率" in p.actual.value
    p.visit_log.value = "1-5,乙物流,吃饭"
    assert "输入有误" in p.actual.value and "方式" in p.actual.value
    p.customers.value = "客户01加油站,A\n客户02加油站,B,王伟"    # names starting with 客户 are not a header
    assert p.error is None
    assert {v.customer for q in p.team.plans.values() for v in q.visits} == {"客户01加油站", "客户02加油站"}


def test_cadence_planner_file_upload():
    from playbook.views.cadence import cadence_planner
    p = cadence_planner(2026, 9)
    book = "客户名称,级别,客户经理\n甲加油站,A,王伟\n乙物流,B,李娜\n".encode("gb18030")
    p.upload.value = ({"name": "名册.csv", "type": "text/csv", "size": len(book), "content": memoryview(book),
                       "last_modified": STAMP},)
    assert p.error is None and set(p.team.plans) == {"王伟", "李娜"}
    p.upload.value = ({"name": "坏.csv", "type": "text/csv", "size": 9, "content": memoryview("名称,x\n甲,1".encode()),
                       "last_modified": STAMP},)
    assert "表头缺少列" in p.status.value and "级别" in p.status.value


def test_grading_tool():
    from playbook.views.grading import grading_tool
    g = grading_tool()
    assert g.result.grade_counts["A"] >= 1 and "重要客户" in g.output.value
    assert "text/calendar" in g.downloads.value and "月的拜访计划" in g.downloads.value
    g.table_text.value = "客户,稳定性,价格敏感度,需求量,忠诚度,属性\n甲,9,1,1,1,1\n"
    assert g.result is None and "稳定性" in g.summary.value and "1–5" in g.summary.value


def test_grading_row_editor_paste_and_bands():
    from datetime import date

    from playbook.views.grading import GradingTool
    g = GradingTool(plan_month=(2027, 1), today=date(2026, 12, 7))
    assert len(g.cards.children) == 8
    first = g.cards.children[0]
    first.ratings["稳定性"].value = "1"                       # edit a rating in a card
    assert g.result.customers[0].name == "华东物流公司" and g.result.customers[0].ratings["stability"] == 1.0
    first.checks["赊账欠款"].value = True
    assert "华东物流公司" in g.output.value and g.result.customers[0].risks
    g.add_button.click()
    assert len(g.result.customers) == 9 and "新客户9" in g.table_text.value
    g.cards.children[-1].children[0].children[2].click()     # 删除
    assert len(g.result.customers) == 8
    # a paste from Excel (tab-separated), with ERP columns and a 客户经理
    g.table_text.value = ("客户名称\t客户经理\t忠诚度\t属性\t年用量\t毛利\t回款天数\t最近进油\n"
                          "华东物流公司\t王伟\t4\t5\t6000\t320\t15\t2026-11-20\n"
                          "县城个体加油点\t李娜\t2\t2\t80\t40\t20\t2026-08-31\n")
    assert g.error is None and len(g.cards.children) == 2
    assert "公共客户" in g.summary.value and "年用量 × 毛利" in g.output.value
    assert g.downloads.value.count("text/calendar") == 1          # 李娜's only customer is public
    g.bands["年用量"].value = "10,20,30"
    assert g.result is None and "“年用量”的分档须为 4 个" in g.summary.value
    g.bands["年用量"].value = "100,500,2000,5000"
    g.credit_days.value = "10"
    assert all(c.risks for c in g.result.customers)               # 15 and 20 days > 10
    big = "客户,稳定性,价格敏感度,需求量,忠诚度,属性\n" + "".join(f"客户{i},3,3,3,3,3\n" for i in range(2100))
    g.table_text.value = big                                     # no owner column: one rep, too many
    assert g.error is None and "不生成拜访计划" in g.downloads.value and "text/calendar" not in g.downloads.value


def test_checklist_widget():
    from playbook.views.checklists import checklist_widget
    c = checklist_widget("unloading")
    assert "不规范的装油设备" in "".join(ch.value for ch in c.children if isinstance(getattr(ch, "value", None), str))
    first = next(iter(c.choices))
    c.choices[first].value = "fail"
    assert c.remedies[first].layout.display == "" and "还没有写整改措施" in c.status.value
    c.remedies[first].value = "更换储罐"
    assert "已完成 1 / 23 项" in c.status.value and "不合格 1 项" in c.status.value
    c.fields["客户"].value = "某加油站"
    saved = c.form()
    again = checklist_widget("unloading")
    from playbook.engines import checklists as engine
    data = engine.form_to_json(saved).encode("utf-8")
    again.load.value = ({"name": "a.json", "type": "application/json", "size": len(data),
                         "content": memoryview(data), "last_modified": STAMP},)
    assert again.fields["客户"].value == "某加油站" and again.choices[first].value == "fail"
    assert again.remedies[first].value == "更换储罐" and "application/json" in again.downloads.value


def test_forecast_tool():
    from playbook.views.forecast import forecast_tool
    f = forecast_tool()
    assert {r.month for r in f.result} == {"2026-04", "2026-05"}
    assert "改用最近不缺货的 2026-01" in f.message.value and "text/csv" in f.downloads.value
    f.targets.value = "月份,区域,目标\n2026-05,甲区,160"
    assert next(r.qty for r in f.result if (r.month, r.region, r.item) == ("2026-05", "甲区", "品项C")) == 32.0
    f.past.value = "月份,区域,品项,预估\n2026-02,甲区,品项C,10"
    assert "平均误差率 150.0%" in f.accuracy.value          # |4 − 10| / 4
    f.growth.value = "很多"
    assert f.result is None and "增长率" in f.message.value and "-90–1000 %" in f.message.value
    f.growth.value = "10"
    f.history.value = "月份,区域,品项\n2026-01,甲,A\n"
    assert f.result is None and "销量" in f.message.value
