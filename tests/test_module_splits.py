"""Issue 28, one job per module: records, dashboard and loss were split into parts; every public
name is still importable from its old path, and names that moved out for good warn."""
from __future__ import annotations

import importlib
import warnings

import pytest

from playbook.engines import loss, loss_audit, loss_files, loss_synthetic
from playbook.trainer import dashboard, records
from playbook.trainer.recordstore import backends, migrations, urls, validation
from playbook.trainer.teamboard import charts, exports, pages, suggestions, tables


@pytest.mark.parametrize("module", [records, dashboard, loss])
def test_every_public_name_is_still_there(module):
    for name in module.__all__:
        with warnings.catch_warnings():
            warnings.simplefilter("error")          # a public name never warns
            assert getattr(module, name) is not None, name


def test_the_parts_are_the_same_objects():
    assert records.MIGRATIONS is migrations.MIGRATIONS
    assert records.resolve_url is urls.resolve_url
    assert records._store_error is backends._store_error
    assert records._check_sheet is validation._check_sheet
    assert dashboard.skill_table is tables.skill_table
    assert dashboard.suggest_next is suggestions.suggest_next
    assert dashboard.skill_chart is charts.skill_chart
    assert dashboard.xlsx_bytes is exports.xlsx_bytes
    assert dashboard.dashboard_html is pages.dashboard_html
    assert loss.audit is loss_audit.audit
    assert loss.read_deliveries is loss_files.read_deliveries
    assert loss.synthetic_deliveries is loss_synthetic.synthetic_deliveries


@pytest.mark.parametrize(("module", "name", "new"), [
    ("playbook.trainer.records", "sheet_html", "playbook.views.sheets"),
    ("playbook.trainer.dashboard", "FORMULA_START", "playbook.normalize"),
])
def test_a_moved_name_warns_and_still_works(module, name, new):
    with pytest.warns(DeprecationWarning, match=new):
        value = getattr(importlib.import_module(module), name)
    assert value is getattr(importlib.import_module(new), name)


def test_no_test_hook_in_the_records_store():
    source = (importlib.import_module("playbook.trainer.records").__file__ or "")
    text = open(source, encoding="utf-8").read()
    assert "TEST_PAUSE" not in text and "sleep(120)" not in text


def test_the_single_delivery_engine_does_not_load_the_batch_parts():
    import subprocess
    import sys
    code = ("import sys; import playbook.engines.loss as l; l.delivery_loss;"
            "print(any(m.startswith('playbook.engines.loss_') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
