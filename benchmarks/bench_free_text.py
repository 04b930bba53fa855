"""Free-text verdicts against a trainer's labels: accuracy, bad practice accepted, score AUC.

Usage::

    .venv/bin/python benchmarks/bench_free_text.py            # held-out part (the figures to quote)
    .venv/bin/python benchmarks/bench_free_text.py --split dev --errors   # tuning part, with misses

The labelled set is ``tests/data/free_text_labelled.jsonl`` (task, text, label, split); labels
``excellent`` and ``acceptable`` count as acceptable, ``poor``, ``bad_practice`` and
``off_target`` as not. The held-out part was written and committed before the scorer was tuned
and is never tuned on.

Baseline in the same run: the scorer before issue 12 — plain phrase matching of the rubric
(no negation, no hard fails, no sentence, concern or target checks), with the rubric of the
knowledge-base snapshot at commit ``a1c1c9e`` (read with ``git show``; the current rubric if git
is unavailable). Its verdict is “full marks”, its score the share of checks passed.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

from playbook import kb
from playbook.engines import drills

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "free_text_labelled.jsonl"
GOOD = {"excellent", "acceptable"}
LEGACY_COMMIT = "a1c1c9e"


def load(split: str | None = None) -> list[dict]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split in (None, "all") or r["split"] == split]


def auc(pos: list[float], neg: list[float]) -> float:
    """Probability that a random acceptable answer scores above a random unacceptable one (ties ½)."""
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


# ------------------------------------------------------------------ the old scorer (baseline)
def legacy_base() -> tuple[kb.KnowledgeBase, str]:
    try:
        text = subprocess.run(["git", "-C", str(ROOT), "show", f"{LEGACY_COMMIT}:src/playbook/kb/kb.json"],
                              capture_output=True, text=True, check=True).stdout
        return kb.from_snapshot(json.loads(text)), f"rubric at {LEGACY_COMMIT}"
    except (OSError, subprocess.CalledProcessError, ValueError):
        return kb.load(), "current rubric (git history unavailable)"


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def legacy_score(task: drills.FreeTextTask, text: str, base: kb.KnowledgeBase) -> float:
    """Share of rubric checks passed with plain matching (the behaviour before issue 12)."""
    checks = [c for c in base.rubric_checks
              if c.family == task.family and (not c.applies_to or set(task.targets) & set(c.applies_to))]
    passed = 0
    for c in checks:
        if c.pattern.startswith("^"):
            hit = bool(re.search(c.pattern, unicodedata.normalize("NFKC", text).strip()))
        else:
            hit = bool(c.pattern and re.search(_norm(c.pattern), _norm(text)))
        hit = hit or any(_norm(p) in _norm(text) for p in c.phrases)
        passed += hit if c.mode == "must" else not hit
    return passed / len(checks) if checks else 0.0


# ------------------------------------------------------------------ measuring
def measure(rows: list[dict], judge) -> dict:
    """``judge(task, text) -> (acceptable, score)``; returns the figures."""
    tasks = {t.id: t for t in drills.free_text_tasks()}
    right = 0
    bad_total = bad_accepted = 0
    pos: list[float] = []
    neg: list[float] = []
    misses = []
    for r in rows:
        ok, score = judge(tasks[r["task"]], r["text"])
        truth = r["label"] in GOOD
        right += ok == truth
        if ok != truth:
            misses.append((r, ok, score))
        if r["label"] == "bad_practice":
            bad_total += 1
            bad_accepted += ok
        (pos if truth else neg).append(score)
    return {"n": len(rows), "accuracy": right / len(rows), "bad_total": bad_total,
            "bad_accepted": bad_accepted, "bad_rate": bad_accepted / bad_total if bad_total else 0.0,
            "auc": auc(pos, neg), "misses": misses}


def new_judge(task, text):
    r = drills.score_free_text(task, text)
    return r.acceptable, r.score


def figures(split: str) -> tuple[dict, dict, str]:
    rows = load(split)
    legacy, which = legacy_base()
    old = measure(rows, lambda t, x: ((s := legacy_score(t, x, legacy)) == 1.0, s))
    new = measure(rows, new_judge)
    return old, new, which


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="heldout", choices=["heldout", "dev", "all"])
    ap.add_argument("--errors", action="store_true", help="list the answers the new scorer gets wrong")
    args = ap.parse_args(argv)
    rows = load(args.split)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    old, new, which = figures(args.split)
    print(f"labelled answers ({args.split}): {len(rows)}  " + "  ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    print(f"{'scorer':<28}{'accuracy':>10}{'bad practice accepted':>26}{'score AUC':>11}")
    for name, f in ((f"old ({which})", old), ("new (score_free_text)", new)):
        print(f"{name:<28}{f['accuracy']:>10.1%}{f['bad_accepted']:>12}/{f['bad_total']:<3} = {f['bad_rate']:>6.1%}"
              f"{f['auc']:>11.3f}")
    print("targets: accuracy >= 90%, bad practice accepted <= 2%, AUC >= 0.95")
    # the probe: a salad of each task's rubric keywords, no sentence
    legacy, _ = legacy_base()
    tasks = drills.free_text_tasks()
    salads = [(t, " ".join(p for c in drills.rubric_for(t.family, t.targets) if c.mode == "must" for p in c.phrases))
              for t in tasks]
    salads = [(t, x) for t, x in salads if x]
    old_full = sum(legacy_score(t, x, legacy) == 1.0 for t, x in salads)
    new_ok = sum(drills.score_free_text(t, x).acceptable for t, x in salads)
    print(f"keyword salad (every rubric keyword, no sentence): old full marks on {old_full}/{len(salads)} tasks, "
          f"new accepts {new_ok}/{len(salads)}")
    if args.errors:
        for r, ok, score in new["misses"]:
            res = drills.score_free_text(next(t for t in drills.free_text_tasks() if t.id == r["task"]), r["text"])
            print(f"- [{r['label']}] got {'accept' if ok else 'reject'} {score:.2f} {r['task']}: {r['text']}")
            for reason in res.reasons:
                print(f"      {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
