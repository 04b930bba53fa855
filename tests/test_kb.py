"""Knowledge base: content present, validation names file/item/field, snapshot fresh, stdlib-only runtime."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from playbook import kb

from playbook.kb import build as kbbuild
from tests.errcheck import raises_code

BASE = kb.load()


# ------------------------------------------------------------------ the shipped content
def test_public_collections_have_id_name_source():
    for name in ("customer_types", "communication_styles", "objection_types", "objection_methods"):
        items = getattr(BASE, name)
        assert items, name
        for item in items:
            assert item.id and item.name and item.source, (name, item)
            assert all(kb.SOURCE_PATTERN.match(s) for s in item.source), item.source


def test_required_content_is_complete():
    assert [t.name for t in BASE.customer_types] == [
        "客观理智型", "个性冲动型", "思想顽固型", "争强好斗型", "优柔寡断型",
        "孤芳自赏型", "盛气凌人型", "生性多疑型", "沉默寡言型", "斤斤计较型"]
    assert {s.name for s in BASE.communication_styles} == {"控制型", "分析型", "倡导型", "平易型"}
    assert len(BASE.communication_stages) == 3
    by_axis = {axis: [t for t in BASE.objection_types if t.axis == axis] for axis in ("nature", "content")}
    assert len(by_axis["nature"]) == 3 and len(by_axis["content"]) == 7
    assert len(BASE.objection_views) == 5          # 001's five types, mapped onto 002's axes
    assert len(BASE.objection_methods) == 6
    assert len(BASE.objection_timings) == 4
    names = "".join(m.name for m in BASE.objection_methods)
    for method in ("忽视法", "补偿法", "太极法", "询问法", "是的", "直接反驳法"):
        assert method in names


def test_both_objection_views_are_connected():
    """Every 001 type maps onto the 002 taxonomy, and every 002 type is reached by a 001 type or stands alone."""
    type_ids = {t.id for t in BASE.objection_types}
    for view in BASE.objection_views:
        assert view.maps_to and set(view.maps_to) <= type_ids, view.id


def test_snapshot_is_fresh():
    assert not kbbuild.is_stale(), "知识库快照过期:运行 python -m playbook kb"


def test_lookup_and_search():
    first = BASE.customer_types[0]
    assert BASE.get(first.id) is first
    with pytest.raises(KeyError):   # UnknownItemError: the domain error, still a KeyError
        BASE.get("no-such-item")
    with raises_code("unknown_item", item_id="no-such-item"):
        BASE.get("no-such-item")
    assert first in BASE.search(first.traits[:6])


# ------------------------------------------------------------------ validation errors
GOOD = """
objection_types:
  - id: objection-price
    name: 价格异议
    axis: content
    description: 讨价还价
    source: "002 §4.3.2"
objection_views:
  - id: view-price
    name: 价格异议
    manifestations: [对价格提出异议]
    maps_to: [objection-price]
    source: ["001 提高篇(五)2"]
"""


def write(tmp_path: Path, text: str, name: str = "objections.yaml") -> Path:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def error_for(tmp_path: Path, text: str) -> kb.KnowledgeError:
    with pytest.raises(kb.KnowledgeError) as info:
        kbbuild.validate(kbbuild.read_yaml(write(tmp_path, text)))
    return info.value


def test_good_data_validates(tmp_path):
    base = kbbuild.validate(kbbuild.read_yaml(write(tmp_path, GOOD)))
    assert base.objection_views[0].maps_to == ("objection-price",)


def test_duplicate_id_names_file_item_field(tmp_path):
    err = error_for(tmp_path, GOOD.replace("id: view-price", "id: objection-price"))
    assert (err.file, err.item, err.field) == ("objections.yaml", "objection-price", "id")
    assert "重复" in str(err) and "objections.yaml" in str(err)


def test_duplicate_id_across_files(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, """
    customer_tiers:
      - id: objection-price
        name: 普通客户
        order: 1
        source: "000 §9.5"
    """, name="pricing.yaml")
    with pytest.raises(kb.KnowledgeError) as info:
        kbbuild.validate(kbbuild.read_yaml(tmp_path))
    assert info.value.field == "id" and "已在" in info.value.problem


def test_dangling_reference(tmp_path):
    err = error_for(tmp_path, GOOD.replace("maps_to: [objection-price]", "maps_to: [objection-nope]"))
    assert (err.item, err.field) == ("view-price", "maps_to[0]")
    assert "objection-nope" in str(err)


def test_reference_to_wrong_collection(tmp_path):
    text = GOOD.replace("maps_to: [objection-price]", "maps_to: [view-price]")
    err = error_for(tmp_path, text)
    assert err.field == "maps_to[0]" and "objection_types" in err.problem


def test_missing_source(tmp_path):
    err = error_for(tmp_path, GOOD.replace('    source: "002 §4.3.2"\n', ""))
    assert (err.item, err.field) == ("objection-price", "source")
    assert "缺少" in err.problem


def test_badly_formed_source(tmp_path):
    err = error_for(tmp_path, GOOD.replace('"002 §4.3.2"', '"第四章"'))
    assert (err.item, err.field) == ("objection-price", "source[0]")


def test_unknown_field_and_bad_literal(tmp_path):
    err = error_for(tmp_path, GOOD.replace("axis: content", "axis: content\n    colour: red"))
    assert err.field == "colour"
    err = error_for(tmp_path, GOOD.replace("axis: content", "axis: feelings"))
    assert err.field == "axis" and "允许值" in err.problem


def test_empty_text_is_rejected(tmp_path):
    err = error_for(tmp_path, GOOD.replace("description: 讨价还价", 'description: "  "'))
    assert (err.item, err.field) == ("objection-price", "description")


def test_stale_snapshot_is_detected(tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(kbbuild.KNOWLEDGE_DIR, knowledge)
    snapshot = tmp_path / "kb.json"
    kbbuild.build(knowledge, snapshot)
    assert not kbbuild.is_stale(knowledge, snapshot)
    target = next(knowledge.glob("*.yaml"))
    target.write_text(target.read_text(encoding="utf-8").replace("name:", "name: 改", 1), encoding="utf-8")
    assert kbbuild.is_stale(knowledge, snapshot)


def test_cli_check_reports_stale(tmp_path, monkeypatch):
    from playbook import cli

    monkeypatch.setattr(kbbuild, "is_stale", lambda *a, **k: True)
    assert cli.main(["kb", "--check"]) == 1


# ------------------------------------------------------------------ the browser constraint
BROWSER_MODULES = ["playbook", "playbook.errors", "playbook.normalize", "playbook.fileio", "playbook.kb", "playbook.engines.quote", "playbook.engines.petroleum",
                   "playbook.engines.loss", "playbook.engines.drills", "playbook.site.quizgen",
                   "playbook.exercises.quote", "playbook.exercises.loss"]


@pytest.mark.parametrize("module", BROWSER_MODULES)
def test_browser_modules_import_with_stdlib_only(module, run_stdlib_only):
    """Import in a fresh interpreter where the heavy/compiled packages cannot be imported."""
    run_stdlib_only(f"import {module}\nimport playbook.kb\nassert playbook.kb.load().customer_types\n")


def _snapshot_data() -> dict:
    """The shipped snapshot's plain data, freshly parsed (a test may change it)."""
    import json

    return json.loads((Path(kb.__file__).parent / kb.SNAPSHOT).read_text(encoding="utf-8"))


def test_the_compiled_converter_builds_what_the_checking_walk_builds(monkeypatch):
    """kb.load() converts through converters compiled once per type (fast in the browser); they
    must give exactly the items the field-by-field checking walk gives, for the whole snapshot."""
    from playbook.kb import convert, snapshot

    data = _snapshot_data()
    fast = snapshot.from_snapshot(data)

    def refuse(hint):
        def always(value):
            raise convert._Invalid
        return always

    monkeypatch.setattr(convert, "_compiled", refuse)     # every item through the checking walk
    slow = snapshot.from_snapshot(data)
    assert fast == slow and len(fast.by_id) > 500


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d["nodes"][0]["replies"][0].update(trust="x"), "nodes[0].replies[0].trust"),
    (lambda d: d["nodes"][0]["replies"][0].update(nope=1), "nodes[0].replies[0].nope"),
    (lambda d: d["nodes"][0]["replies"][0].update(kind="great"), "nodes[0].replies[0].kind"),
    (lambda d: d.update(name="  "), "name"),
    (lambda d: d.update(source="000 §8.4"), None),   # one text where a list is wanted: accepted
])
def test_a_fault_deep_in_an_item_is_still_named_by_its_path(change, field):
    """A value the compiled converter refuses goes through the checking walk, which names it."""
    from playbook.kb import snapshot

    broken = _snapshot_data()
    item = broken["collections"]["dialogues"][0]
    change(item)
    if field is None:
        assert snapshot.from_snapshot(broken).get(item["id"]).source == ("000 §8.4",)
        return
    with pytest.raises(kb.KnowledgeError) as info:
        snapshot.from_snapshot(broken)
    assert (info.value.item, info.value.field) == (item["id"], field)
