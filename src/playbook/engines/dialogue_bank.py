"""The dialogue bank: the knowledge base's role-play dialogues found by id or grouped by the
customer type, style or objection method they target, their neutral titles, and the checks of
their graph (:mod:`playbook.kb.dialogues`). Standard library only (runs in the browser).

Usage:

>>> from playbook.engines import dialogue_bank
>>> d = dialogue_bank.get("dlg-indecisive")
>>> dialogue_bank.validate(d), dialogue_bank.best_path(d).outcome     # no problems; the best replies win
([], 'won')
>>> list(dialogue_bank.groups()) == list(dialogue_bank.GROUP_LABELS)
True
"""
from __future__ import annotations

from playbook import kb
from playbook.errors import PlaybookInputError, guarded
from playbook.kb import Dialogue
from playbook.kb import dialogues as graph

__all__ = ["GROUP_LABELS", "all_dialogues", "get", "groups", "display_title", "validate", "paths", "best_path"]

#: The target collections a dialogue page groups by, in order.
GROUP_LABELS = {
    "customer_types": "按客户类型",
    "communication_styles": "按沟通风格",
    "objection_methods": "按异议处理方法",
}


def all_dialogues() -> tuple[Dialogue, ...]:
    """Every dialogue of the knowledge base, in authored order."""
    return kb.load().dialogues


@guarded("dialogue_id")
def get(dialogue_id: str) -> Dialogue:
    """The dialogue with this id; :class:`PlaybookInputError` naming the known ids if none."""
    ds = all_dialogues()
    for d in ds:
        if d.id == dialogue_id:
            return d
    text = str(dialogue_id).strip()
    if text.isdigit() and 1 <= int(text) <= len(ds):  # the number in the book's catalogue
        return ds[int(text) - 1]
    known = "、".join(d.id for d in all_dialogues())
    raise PlaybookInputError("dialogue", code="dialogue_unknown", dialogue_id=dialogue_id, known=known)


def groups() -> dict[str, list[tuple[kb.Item, tuple[Dialogue, ...]]]]:
    """Dialogues grouped by the customer type, style and objection method they target:
    collection → [(target item, its dialogues)] in the knowledge base's order."""
    base = kb.load()
    out: dict[str, list[tuple[kb.Item, tuple[Dialogue, ...]]]] = {}
    for name in GROUP_LABELS:
        rows = []
        for item in base.collection(name):
            ds = tuple(d for d in base.dialogues if item.id in d.targets)
            rows.append((item, ds))
        out[name] = rows
    return out


def display_title(d: Dialogue) -> str:
    """A neutral title naming place and person, never the customer's type: ``label``, else
    built from ``customer`` ("张工,物流公司车队采购主管" → "物流公司车队采购主管 · 张工")."""
    if d.label:
        return d.label
    who, _, what = d.customer.partition(",")
    return f"{what} · {who}" if what else who


def validate(d: Dialogue) -> list[str]:
    """Problems of a dialogue (empty: valid); see :func:`playbook.kb.dialogues.check`."""
    return graph.check(d)


def paths(d: Dialogue) -> list[graph.Path]:
    """Every way through ``d`` (authored reply indexes)."""
    return list(graph.paths(d))


def best_path(d: Dialogue) -> graph.Path:
    """The path that always takes the best reply."""
    return graph.best_path(d)
