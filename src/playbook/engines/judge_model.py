"""The free-text judge's learned component: two small linear models, standard library only.

- **bad practice**: a logistic regression, ``p_bad`` = P(bad practice), the highest over the
  whole answer and each of its sentences; a multinomial one over the nine classes of
  :data:`playbook.kb.BAD_PRACTICE_GROUPS` names the likeliest class (``bad_group``);
- **caution**: a multinomial one over ``ok`` and the nine classes, fitted with balanced classes;
  its 1 − P(ok) must also be low for a pass;
- **acceptable**: a logistic regression, P(a trainer accepts the answer | no bad practice).

Features: the answer's character 2- and 3-grams (of the normalised text, so width, invisible
characters and traditional forms do not matter) and the rules' findings (:class:`Signals`:
hard fails, sentences, concern, target, rubric share, overlap with the model answer, length).
The weights are data, ``playbook/kb/judge_model.json``, trained only on the repo's labelled
answers by ``benchmarks/train_judge.py`` (which also picks the verdict thresholds); without
the file the judge falls back to its rules alone.

Usage — the same words, once with clean findings and once with the rules' kickback hard fail:

>>> from dataclasses import replace
>>> from playbook.engines import judge_model
>>> from playbook.engines.answer_rules import normalize
>>> clean = judge_model.Signals(
...     family="objection", hard_fails=(), sentence_problem=False, concern_known=True,
...     concern_met=True, aimed_elsewhere=False, must_share=1.0, must_not_failed=0, fab_ok=True,
...     model_overlap=0.5, soft_reasons=0)
>>> norm = normalize("签了单我私下给您一笔回扣。")
>>> "g:回扣" in judge_model.features(norm, clean)
True
>>> flagged = judge_model.estimate(norm, replace(clean, hard_fails=("kickback",)))
>>> flagged.p_bad >= judge_model.thresholds()["fail_bad"]
True
"""
from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from playbook import kb as _kb

__all__ = ["Signals", "Estimate", "features", "estimate", "thresholds", "weights", "pack", "unpack", "MODEL_FILE"]

MODEL_FILE = "judge_model.json"
#: Verdict thresholds when the weights file does not set them.
DEFAULT_THRESHOLDS = {"rule_fail_unsure": 0.0, "fail_bad": 0.9, "pass_bad": 0.05, "pass_good": 0.8, "pass_good_override": 0.95,
                      "fail_good": 0.1}
_KEEP = re.compile(r"[\u3400-\u9fff0-9a-z%]")


@dataclass(frozen=True)
class Signals:
    """What the rules found in one answer (inputs of the learned component)."""

    family: str
    hard_fails: tuple[str, ...]
    sentence_problem: bool
    concern_known: bool
    concern_met: bool
    aimed_elsewhere: bool
    #: Share of the rubric's ``must`` checks passed (0–1).
    must_share: float
    must_not_failed: int
    fab_ok: bool
    #: Share of the model answer's character pairs the answer uses (0–1).
    model_overlap: float
    #: How many things the rules could not confirm.
    soft_reasons: int
    #: Share of the customer's own words (character pairs) the answer takes up (0–1).
    said_overlap: float = 0.0
    #: Share of the customer's concerns the answer takes up (1 when he raised none).
    concern_share: float = 1.0


@dataclass(frozen=True)
class Estimate:
    #: P(bad practice), the highest over the whole answer and each sentence (a fail needs it high).
    p_bad: float
    bad_group: str
    p_good: float
    #: The more cautious P(bad practice) a pass needs low: also 1 − P(ok) of the class model.
    p_bad_pass: float = 0.0
    #: 1 − P(ok) of the class model alone (a fail on the model's word needs both models to agree).
    p_bad_class: float = 0.0


def _bucket(x: float, edges: tuple[float, ...]) -> int:
    return sum(x >= e for e in edges)


def features(norm: str, s: Signals) -> list[str]:
    """The answer's features: character 2-/3-grams of ``norm`` (the judge's matching form) and the
    rules' findings. Linear in ``len(norm)``."""
    chars = "".join(_KEEP.findall(norm))
    grams = {chars[i:i + 2] for i in range(len(chars) - 1)} | {chars[i:i + 3] for i in range(len(chars) - 2)}
    out = [f"g:{g}" for g in sorted(grams)]  # sorted: the sums, and so the verdicts, do not depend on str hashing
    n = len(chars)
    fam = s.family
    rule = [
        "bias", f"fam:{fam}", f"len:{_bucket(n, (8, 15, 25, 40, 70, 110))}",
        f"must:{_bucket(s.must_share, (0.01, 0.34, 0.5, 0.67, 0.99))}",
        f"ov:{_bucket(s.model_overlap, (0.05, 0.1, 0.2, 0.35))}",
        f"soft:{min(s.soft_reasons, 3)}", f"mustnot:{min(s.must_not_failed, 2)}",
    ]
    if s.concern_known:
        rule += [f"said:{_bucket(s.said_overlap, (0.03, 0.08, 0.15, 0.25))}",
                 f"cshare:{_bucket(s.concern_share, (0.01, 0.5, 0.99))}"]
    if s.hard_fails:
        rule.append("hf")
        rule += [f"hf:{k}" for k in s.hard_fails]
    if s.sentence_problem:
        rule.append("sentence")
    if s.concern_known:
        rule.append("concern:met" if s.concern_met else "concern:missed")
    if s.aimed_elsewhere:
        rule.append("aimed")
    if not s.fab_ok:
        rule.append("fab:bad")
    rule += [f"{fam}|{r}" for r in rule[2:] if not r.startswith("hf:")]
    return out + [f"r:{r}" for r in rule]


_SENTENCE_END = re.compile(r"[。!?;!?;\n…]+")


def sentences(norm: str) -> list[str]:
    """The sentences of ``norm`` (two or more, else none: the whole answer is scored anyway)."""
    parts = [p for p in _SENTENCE_END.split(norm) if len(_KEEP.findall(p)) >= 4]
    return parts if len(parts) >= 2 else []


def sentence_features(norm: str, whole: list[str]) -> list[list[str]]:
    """Features of each sentence: its own character n-grams with the whole answer's rule findings
    (``whole``: :func:`features` of the answer). Bad practice anywhere in an answer, even tacked
    onto the end of a good one, is scored without the rest of the answer diluting it."""
    rules = [f for f in whole if f.startswith("r:")]
    out = []
    for part in sentences(norm):
        chars = "".join(_KEEP.findall(part))
        grams = {chars[i:i + 2] for i in range(len(chars) - 1)} | {chars[i:i + 3] for i in range(len(chars) - 2)}
        out.append([f"g:{g}" for g in sorted(grams)] + rules)
    return out


def bad_estimate(w: dict[str, Any], feats: list[str], parts: list[list[str]]) -> tuple[float, str]:
    """``(p_bad, likeliest class)``: P(bad practice) is the highest over the whole answer and each
    sentence; the class is the likeliest one for that text."""
    best_p, best_f = -1.0, feats
    for f in [feats, *parts]:
        p = _sigmoid(sum(w["isbad"]["w"].get(x, 0.0) for x in f))
        if p > best_p:
            best_p, best_f = p, f
    probs = predict_bad(w, best_f)
    classes = w["bad"]["classes"]
    return best_p, classes[max(range(len(classes)), key=lambda i: probs[i])]


@functools.cache
def weights() -> dict[str, Any] | None:
    """The trained weights (``None`` when the package carries none)."""
    try:
        text = resources.files("playbook").joinpath("kb", MODEL_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    return unpack(json.loads(text))


#: Integer scale of each part's weights in the file (the training script rounds the two-class
#: weights to 3 decimals and the class tables to 2).
SCALES = {"isbad": 1000, "good": 1000, "okbad": 100, "bad": 100}


def pack(model: dict[str, Any]) -> dict[str, Any]:
    """The weights file's form of ``model``: one sorted vocabulary shared by every part, and each
    part's weights as integers in vocabulary order (0: the feature has no weight there). A third
    smaller once compressed than a feature → weight mapping per part (the page downloads it).
    :func:`unpack` gives ``model`` back exactly."""
    parts = [k for k in SCALES if k in model]
    vocab = sorted(set().union(*(model[k]["w"] for k in parts)))
    out: dict[str, Any] = {k: v for k, v in model.items() if k not in parts}
    out["vocab"] = vocab
    for k in parts:
        scale, table = SCALES[k], model[k]["w"]
        column = [0 if f not in table else
                  [round(x * scale) for x in table[f]] if isinstance(table[f], list) else round(table[f] * scale)
                  for f in vocab]
        out[k] = {**{a: b for a, b in model[k].items() if a != "w"}, "scale": scale, "w": column}
    if unpack(out) != model:
        raise ValueError("judge weights finer than the file's scale, or exactly 0: they would not read back")
    return out


def unpack(data: dict[str, Any]) -> dict[str, Any]:
    """The model of a weights file written by :func:`pack` (an older file, one mapping per part,
    is returned as it is)."""
    if "vocab" not in data:
        return data
    vocab = data["vocab"]
    out = {k: v for k, v in data.items() if k != "vocab"}
    for k, part in data.items():
        if isinstance(part, dict) and "scale" in part:
            scale = part["scale"]
            table = {f: ([x / scale for x in v] if isinstance(v, list) else v / scale)
                     for f, v in zip(vocab, part["w"], strict=True) if v}
            out[k] = {**{a: b for a, b in part.items() if a not in ("w", "scale")}, "w": table}
    return out


def thresholds(base: _kb.KnowledgeBase | None = None) -> dict[str, float]:
    """The verdict thresholds (set by the training script; defaults otherwise)."""
    w = weights()
    return {**DEFAULT_THRESHOLDS, **((w or {}).get("thresholds") or {})}


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def predict_bad(w: dict[str, Any], feats: list[str]) -> list[float]:
    """Class probabilities (order of ``w["bad"]["classes"]``)."""
    return _softmax(w["bad"], feats)


def _softmax(model: dict[str, Any], feats: list[str]) -> list[float]:
    """Class probabilities of a linear class model (``w``: feature → one weight per class)."""
    table = model["w"]
    k = len(model["classes"])
    z = [0.0] * k
    for f in feats:
        row = table.get(f)
        if row:
            for i in range(k):
                z[i] += row[i]
    top = max(z)
    ex = [math.exp(v - top) for v in z]
    total = sum(ex)
    return [v / total for v in ex]


def predict_good(w: dict[str, Any], feats: list[str]) -> float:
    table = w["good"]["w"]
    return _sigmoid(sum(table.get(f, 0.0) for f in feats))


def estimate(norm: str, s: Signals, base: _kb.KnowledgeBase | None = None) -> Estimate | None:
    """The learned estimates for one answer, ``None`` without weights."""
    w = weights()
    if w is None:
        return None
    feats = features(norm, s)
    p_bad, group = bad_estimate(w, feats, sentence_features(norm, feats))
    second = caution(w, feats)
    return Estimate(p_bad, group, predict_good(w, feats), max(p_bad, second), second)


def caution(w: dict[str, Any], feats: list[str]) -> float:
    """1 − P(ok) of the class model over ``ok`` and the nine classes (fitted with balanced
    classes, so it leans towards bad practice): the pass gate's second opinion."""
    if "okbad" not in w:
        return 0.0
    return 1.0 - _softmax(w["okbad"], feats)[0]
