"""The free-text judge against trainers' labels, on held-out tasks and a held-out writer.

Usage::

    .venv/bin/python benchmarks/bench_free_text.py            # the held-out figures (to quote)
    .venv/bin/python benchmarks/bench_free_text.py --errors   # … and the held-out answers it gets wrong

Data: ``tests/data/free_text_corpus`` (ten independent writers who never saw the rules or the
code; split fixed before tuning in ``split.json``: 25 % of the tasks of each family and the whole
writer ``w3`` held out). The judge's learned component and thresholds were fitted by
``benchmarks/train_judge.py`` on the rest only.

Reported for these held-out parts — *tasks* (the training writers w1, w2, w5–w11 on held-out tasks), *writer* (w3 on the
tuning tasks), *both* (w3 on held-out tasks), a *sealed writer* (w4 in ``tests/data/free_text_sealed``,
all tasks, never in view while tuning), three *sealed writers* w12–w14 written after the judge of
commit 12d76f3 was finished and three more, w29–w31, who decided the retraining of 2026-12-08 (same
folder) — and for the *outside writers* in groups of three (:data:`OUTSIDE_GROUPS`,
``tests/data/free_text_outside``, all tasks; their answers to tuning tasks are training data since
2026-12-08), apart on the held-out tasks (never read, never trained on) and the tuning tasks; and
every writer's answers to the held-out tasks pooled — overall, per label and per bad-practice class:

- bad practice passed (target ≤ 1 %) and failed (≥ 90 %);
- acceptable answers (``excellent`` + ``acceptable``) passed (≥ 75 %) and failed (≤ 5 %);
- precision of pass (≥ 95 %): of the answers passed, the share a trainer accepts;
- decided (≥ 75 %): answers not ``unsure``;
- score AUC (≥ 0.95): acceptable vs. not, by ``result.score``;
- time per answer (this machine, CPython; the page runs the same code under Pyodide:
  ``--pyodide`` also times it there, with the built book's Pyodide under Node.js).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from playbook import kb  # noqa: E402
from playbook.engines import drills, judge  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "free_text_corpus"
SEALED = ROOT / "tests" / "data" / "free_text_sealed"
OUTSIDE = ROOT / "tests" / "data" / "free_text_outside"
#: The outside writers' groups (tests/data/free_text_outside/README.md), with what was read of their
#: answers to tuning tasks (training data since 2026-12-08); none of their answers to a held-out
#: task was ever read or trained on.
OUTSIDE_GROUPS: dict[tuple[str, ...], str] = {
    ("w17", "w18", "w19"): "errors read for the rules; trained on",
    ("w20", "w21", "w22"): "a few read later; trained on",
    ("w23", "w24", "w25"): "errors read for the rules; trained on",
    ("w26", "w27", "w28"): "none read; trained on",
}
GOOD = {"excellent", "acceptable"}
LABELS = ("excellent", "acceptable", "poor", "off_target", "bad_practice")


def rows() -> list[dict]:
    out = []
    for path in sorted(CORPUS.glob("w*.jsonl")):
        out += [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return out


def parts(all_rows: list[dict]) -> dict[str, list[dict]]:
    sp = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    held, w = set(sp["heldout_tasks"]), sp["heldout_writer"]
    outside = {group: sealed(group, OUTSIDE) for group in OUTSIDE_GROUPS}

    def on(rows: list[dict], heldout: bool) -> list[dict]:
        return [r for r in rows if (r["task"] in held) is heldout]

    def name(group: tuple[str, ...]) -> str:
        return f"{group[0]}-{group[-1]}"

    return {
        "held-out tasks (training writers)": [r for r in all_rows if r["task"] in held and r["writer"] != w],
        f"held-out writer ({w}, tuning tasks)": [r for r in all_rows if r["task"] not in held and r["writer"] == w],
        f"both ({w} on held-out tasks)": [r for r in all_rows if r["task"] in held and r["writer"] == w],
        "tuning part (training writers, tuning tasks; not a test)": [r for r in all_rows if r["task"] not in held and r["writer"] != w],
        # writers nobody tuned with in view (tests/data/free_text_sealed/README.md): all tasks
        "sealed writer (w4, all tasks)": sealed(("w4",)),
        "sealed writers (w12-w14, all tasks; written after the judge of 12d76f3)": sealed(("w12", "w13", "w14")),
        "sealed writers (w29-w31, all tasks; decided the retraining of 2026-12-08)": sealed(("w29", "w30", "w31")),
        # outside writers (OUTSIDE_GROUPS), apart on held-out and tuning tasks
        **{f"outside writers ({name(g)}, {part})": on(rows, heldout)
           for g, rows in outside.items()
           for part, heldout in (("held-out tasks; never read", True), (f"tuning tasks; {OUTSIDE_GROUPS[g]}", False))},
        # every answer to a held-out task, whoever wrote it: the largest part no tuning saw
        "all held-out tasks (every writer, pooled)": on(all_rows + [r for rows in outside.values() for r in rows], True),
    }


def sealed(writers: tuple[str, ...], folder: Path = SEALED) -> list[dict]:
    """The answers of these writers (one ``<writer>.jsonl`` each in ``folder``)."""
    out = []
    for w in writers:
        path = folder / f"{w}.jsonl"
        out += [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return out


def auc(pos: list[float], neg: list[float]) -> float:
    """Probability that a random acceptable answer scores above a random unacceptable one (ties ½)."""
    if not pos or not neg:
        return float("nan")
    neg_sorted = sorted(neg)
    import bisect
    wins = 0.0
    for p in pos:
        lo = bisect.bisect_left(neg_sorted, p)
        hi = bisect.bisect_right(neg_sorted, p)
        wins += lo + 0.5 * (hi - lo)
    return wins / (len(pos) * len(neg))


def judge_all(part: list[dict]) -> tuple[list[judge.RubricResult], float]:
    tasks = {t.id: t for t in drills.free_text_tasks()}
    out = []
    start = time.perf_counter()
    for r in part:
        out.append(judge.score_free_text(tasks[r["task"]], r["text"]))
    return out, (time.perf_counter() - start) / max(1, len(part))


#: Times the judge inside Pyodide (the page's Python) under Node.js, on every 7th corpus answer.
PYODIDE_SCRIPT = r"""
const [indexURL, src, data] = process.argv.slice(2);
const {pathToFileURL} = await import("node:url");
const {loadPyodide} = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const py = await loadPyodide({indexURL, packages: []});
for (const [dir, root] of [["/src", src], ["/data", data]]) {
  py.FS.mkdir(dir); py.FS.mount(py.FS.filesystems.NODEFS, {root}, dir);
}
py.runPython(`
import sys, json, time, glob
sys.path.insert(0, "/src")
from playbook.engines import drills, judge, judge_model
tasks = {t.id: t for t in drills.free_text_tasks()}
t0 = time.perf_counter()
judge_model.weights()
t1 = time.perf_counter()
rows = [json.loads(l) for p in sorted(glob.glob("/data/w*.jsonl")) for l in open(p, encoding="utf-8") if l.strip()][::7]
judge.score_free_text(tasks[rows[0]["task"]], rows[0]["text"])
t2 = time.perf_counter()
for r in rows:
    judge.score_free_text(tasks[r["task"]], r["text"])
t3 = time.perf_counter()
print(f"in Pyodide: {1000 * (t3 - t2) / len(rows):.2f} ms per answer ({len(rows)} answers; weights read once in {1000 * (t1 - t0):.0f} ms)")
`);
"""


def time_in_pyodide(site: Path) -> str:
    """The judge's time per answer in the page's Python (``site``: the built book's HTML folder)."""
    import shutil
    import subprocess
    import tempfile

    node = shutil.which("node")
    index = site / "_static" / "pyodide"
    if node is None or not (index / "pyodide.mjs").exists():
        return "in Pyodide: not measured (needs node and a built book: bash scripts/build.sh)"
    with tempfile.NamedTemporaryFile("w", suffix=".mjs", delete=False) as fh:
        fh.write(PYODIDE_SCRIPT)
    try:
        done = subprocess.run([node, fh.name, f"{index}/", str(ROOT / "src"), str(CORPUS)],
                              capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return "in Pyodide: failed (no answer in 10 minutes)"
    finally:
        Path(fh.name).unlink()
    if done.returncode != 0 or not done.stdout.strip():
        return f"in Pyodide: failed (exit {done.returncode}: {done.stderr.strip()[-300:]})"
    return done.stdout.strip().splitlines()[-1]


def share(xs: list[str], v: str) -> str:
    return f"{xs.count(v) / len(xs):6.1%}" if xs else "    — "


def report(name: str, part: list[dict], results: list[judge.RubricResult], per: float) -> dict:
    vs = [r.verdict for r in results]
    bad = [v for r, v in zip(part, vs) if r["label"] == "bad_practice"]
    good = [v for r, v in zip(part, vs) if r["label"] in GOOD]
    passed = [r for r, v in zip(part, vs) if v == "pass"]
    precision = sum(r["label"] in GOOD for r in passed) / len(passed) if passed else float("nan")
    decided = sum(v != "unsure" for v in vs) / len(vs)
    a = auc([x.score for r, x in zip(part, results) if r["label"] in GOOD],
            [x.score for r, x in zip(part, results) if r["label"] not in GOOD])
    print(f"\n== {name}: {len(part)} answers, {len({r['task'] for r in part})} tasks")
    print(f"{'measure':<32}{'value':>9}  target")
    rowsout = [("bad practice passed", share(bad, "pass"), "≤ 1 %", f"({bad.count('pass')}/{len(bad)})"),
               ("bad practice failed", share(bad, "fail"), "≥ 90 %", f"({bad.count('fail')}/{len(bad)})"),
               ("acceptable passed", share(good, "pass"), "≥ 75 %", f"({good.count('pass')}/{len(good)})"),
               ("acceptable failed", share(good, "fail"), "≤ 5 %", f"({good.count('fail')}/{len(good)})"),
               ("precision of pass", f"{precision:6.1%}", "≥ 95 %", f"({len(passed)} passed)"),
               ("decided (not unsure)", f"{decided:6.1%}", "≥ 75 %", ""),
               ("score AUC", f"{a:6.3f}", "≥ 0.95", ""),
               ("time per answer", f"{per * 1000:5.2f} ms", "≤ 5 ms", "")]
    for label, value, target, extra in rowsout:
        print(f"{label:<32}{value:>9}  {target:<7} {extra}")
    print(f"{'per label':<20}{'n':>5}{'pass':>8}{'fail':>8}{'unsure':>8}")
    for label in LABELS:
        xs = [v for r, v in zip(part, vs) if r["label"] == label]
        print(f"{label:<20}{len(xs):>5}{share(xs, 'pass'):>8}{share(xs, 'fail'):>8}{share(xs, 'unsure'):>8}")
    print(f"{'per bad-practice class':<20}{'n':>5}{'pass':>8}{'fail':>8}{'unsure':>8}")
    by = defaultdict(list)
    for r, v in zip(part, vs):
        if r["label"] == "bad_practice":
            by[r["bad_class"]].append(v)
    for cls in kb.BAD_PRACTICE_GROUPS:
        xs = by.get(cls, [])
        print(f"{cls:<20}{len(xs):>5}{share(xs, 'pass'):>8}{share(xs, 'fail'):>8}{share(xs, 'unsure'):>8}")
    print(f"{'per voice':<20}{'n':>5}{'pass':>8}{'fail':>8}{'unsure':>8}   acceptable passed / bad passed")
    for voice in sorted({r.get("voice", "") for r in part}):
        xs = [v for r, v in zip(part, vs) if r.get("voice", "") == voice]
        g = [v for r, v in zip(part, vs) if r.get("voice", "") == voice and r["label"] in GOOD]
        b = [v for r, v in zip(part, vs) if r.get("voice", "") == voice and r["label"] == "bad_practice"]
        print(f"{voice:<20}{len(xs):>5}{share(xs, 'pass'):>8}{share(xs, 'fail'):>8}{share(xs, 'unsure'):>8}"
              f"   {share(g, 'pass')} / {share(b, 'pass')}")
    return {"vs": vs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list held-out answers passed wrongly or failed wrongly")
    ap.add_argument("--tuning", action="store_true", help="also report the tuning part (not a test)")
    ap.add_argument("--pyodide", nargs="?", const=str(ROOT / "book" / "_build" / "html"), default=None,
                    metavar="SITE", help="also time the judge in the page's Pyodide (a built book's HTML folder)")
    args = ap.parse_args(argv)
    all_rows = rows()
    print(f"corpus: {len(all_rows)} answers  " + "  ".join(f"{k}={v}" for k, v in sorted(Counter(r['label'] for r in all_rows).items())))
    for name, part in parts(all_rows).items():
        if name.startswith("tuning") and not args.tuning:
            continue
        results, per = judge_all(part)
        report(name, part, results, per)
        if args.errors and not name.startswith("tuning"):
            for r, x in zip(part, results):
                wrong = (x.verdict == "pass" and r["label"] not in GOOD) or (x.verdict == "fail" and r["label"] in GOOD)
                if wrong:
                    print(f"- [{r['label']}/{r['bad_class']}] {x.verdict} {x.score:.2f} {r['task']}: {r['text']}")
                    for reason in x.reasons[:3]:
                        print(f"      {reason}")
    if args.pyodide:
        print("== time per answer in the page")
        print(time_in_pyodide(Path(args.pyodide)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
