"""The 报价单 export (playbook.views.quote_export): HTML, CSV and xlsx."""
from __future__ import annotations

import csv
import dataclasses
import io
import os
from datetime import datetime
from decimal import Decimal

import pytest

from playbook import kb

from playbook.views import quote_export
from playbook.engines.quote import quote

SEED_TIME = datetime(2017, 1, 10, 9, 0)


@pytest.fixture
def q():
    # 大客户 30 t 0#(Ⅴ), 120 km at 0.6 元/(t·km): 5600 × 30 + 0.6 × 30 × 120 = 170 160 元
    return quote(grade="grade-0", tier="tier-key", quantity=30, delivery="per_tonne_km",
                 freight_per_tonne_km=0.6, distance_km=120, retail_price_per_litre=5.8, at=SEED_TIME)


@pytest.fixture
def below(q):
    return quote(grade="grade-92", tier="tier-ordinary", quantity=20, unit_price_per_tonne=6600, at=SEED_TIME)


# ----------------------------------------------------------------------------- HTML
def test_html_shows_time_tier_convention_and_vat_split(q):
    page = quote_export.to_html(q)
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "2017年*月*日 14:00" in page and "2017-01-01 14:00" in page      # label + time used
    assert "大客户" in page
    assert "ρ20 − 1.1 kg/m³" in page and "835" in page                      # the convention
    assert "170,160.00" in page and "150,584.07" in page and "19,575.93" in page
    assert "增值税(13%)" in page and "不含税金额" in page
    assert "@page" in page and "A4" in page and "@media print" in page
    assert "Noto Sans SC" in page and "Microsoft YaHei" in page


def test_html_escapes_metacharacters(q):
    nasty = '<script>alert("x")</script> & \'co\''
    page = quote_export.to_html(q, customer=nasty, note="<b>")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;co&#x27;" in page
    # text from the knowledge base is escaped too
    base = kb.load()
    seed = base.get("sheet-2017-seed")
    evil = dataclasses.replace(seed, name='单<img src=x onerror="1">', effective_label="A&B <1>")
    custom = dataclasses.replace(base, price_sheets=(evil,))
    page = quote_export.to_html(quote(grade="92", tier="大客户", quantity=1, at=SEED_TIME, base=custom))
    assert "<img" not in page and "&lt;img src=x onerror=&quot;1&quot;&gt;" in page
    assert "A&amp;B &lt;1&gt;" in page


def test_html_flags_approval(below):
    page = quote_export.to_html(below)
    assert "须报批" in page and 'class="warn"' in page
    assert "须报批" in quote_export.spoken(below)


def test_spoken_line(q):
    line = quote_export.spoken(q)
    assert "0#(Ⅴ) 30 吨" in line and "170,160.00 元" in line and "4.73 元" in line
    assert "每升省 1.07 元" in line   # 5.80 − 4.73


# ------------------------------------------------------------------------------ CSV
def test_csv_round_trips_through_the_csv_module(q, tmp_path):
    path = quote_export.write_csv(q, tmp_path / "报价单.csv", customer='某"矿业",公司')
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                       # UTF-8 BOM for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["项目", "数值", "单位"]
    assert rows[1] == ["客户", '某"矿业",公司', ""]
    expected = [[line.label, line.value if isinstance(line.value, str) else format(line.value, "f"), line.unit]
                for line in quote_export.lines(q)]
    assert rows[2:2 + len(expected)] == expected
    table = {label: value for label, value, _ in rows}
    assert Decimal(table["含税合计"]) == q.total_gross == Decimal("170160")
    assert Decimal(table["其中:不含税金额"]) + Decimal(table["其中:增值税(13%)"]) == q.total_gross
    assert "2017年*月*日 14:00" in table["执行时间"]
    assert table["客户类别"] == "大客户"
    assert "1.1 kg/m³" in table["吨升换算口径"]


# ----------------------------------------------------------------------------- xlsx
def test_xlsx_opens_and_holds_the_same_totals(q, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = quote_export.write_xlsx(q, tmp_path / "报价单.xlsx", customer="某矿业公司")
    ws = openpyxl.load_workbook(path).active
    table = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    assert table["客户"] == "某矿业公司"
    assert Decimal(str(table["含税合计"])) == q.total_gross
    assert Decimal(str(table["其中:不含税金额"])) == q.total_net
    assert Decimal(str(table["其中:增值税(13%)"])) == q.total_vat
    assert Decimal(str(table["货款(含税)"])) + Decimal(str(table["运费(含税)"])) == q.total_gross
    assert "2017年*月*日 14:00" in table["执行时间"] and table["客户类别"] == "大客户"
    assert "ρ20" in table["吨升换算口径"]
    assert isinstance(table["含税合计"], (int, float))            # a number Excel can sum


# ---------------------------------------------------------------------- atomic write
def test_writes_are_atomic(q, tmp_path, monkeypatch):
    target = tmp_path / "报价单.html"
    quote_export.write_html(q, target)
    first = target.read_text(encoding="utf-8")
    assert "170,160.00" in first
    quote_export.write_html(q, target, customer="再次导出")    # overwrite works
    assert "再次导出" in target.read_text(encoding="utf-8")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        quote_export.write_html(q, target, customer="不应写入")
    assert "不应写入" not in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报价单.html"]   # no temp file left
