"""Test-wise guessers: how far form alone (length, position, tone) gets a learner who never read the book.

Standard library only — this module also runs in the reader's browser (Pyodide).

A multiple-choice bank measures skill only if nobody wins it by the options' form. Each guesser
in :data:`PICKERS` looks at the option texts (or their positions) and never at the question:

``longest`` / ``shortest``   most / fewest characters (whitespace ignored)
``position0`` … ``last``      always the first, second, third or last option shown
``politest``                  most polite wording (:func:`politeness`)
``most_sentences``            most sentences (:func:`sentence_count`)

Every picker has the signature ``picker(options, rng) -> index`` and breaks ties with ``rng``.
:func:`measure` gives each guesser's *exact* expected accuracy on a bank (ties count as a fair
draw, shuffled banks give a position guesser exactly 1/n) next to chance (mean of 1/n), and
:func:`problems` names every bank and guesser that beats chance by more than :data:`LIMIT`,
either by picking what it picks or (``not-<guesser>``) by striking that option out and choosing
among the rest — the way a cue that marks *wrong* options is used. The knowledge-base build
(:mod:`playbook.kb.build`, through :func:`playbook.kb.banks.check`) and the tests run it on every
question bank.

Usage:

>>> from playbook.kb import guessers
>>> items = [guessers.BankItem(("甲方案", "乙方案更长一些", "丙"), key=1)]
>>> report = guessers.measure(items, bank="demo")
>>> report.accuracy["longest"], round(report.chance, 3)
(1.0, 0.333)
>>> guessers.problems([report])[0]
'demo: longest 100% vs chance 33% (+67 points, limit +10) over 1 items'
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "LIMIT", "PICKERS", "SCORERS", "CONTENT_GUESSERS", "POSITION_GUESSERS",
    "BankItem", "BankReport",
    "politeness", "sentence_count", "length", "pick", "measure", "problems", "table",
]

#: How far (share, 0–1) a guesser may be from chance before a bank counts as leaking its key.
LIMIT = 0.10

#: Words that make an option sound polite (each occurrence counts once).
_POLITE = ("您", "请", "谢谢", "感谢", "麻烦", "辛苦", "抱歉", "不好意思", "打扰", "理解",
           "明白", "欢迎", "荣幸", "劳驾", "方便的话", "请问", "放心", "尊重", "体谅", "见谅")
#: Words that make it sound curt or rude (each occurrence subtracts one).
_RUDE = ("你们怎么", "随便", "爱买不买", "少废话", "管不着", "不关我", "没空", "凭什么", "别管",
         "算了吧", "懒得", "无所谓", "烦", "!!", "!!")
_SENTENCE_END = re.compile(r"[。!?!?;;…]+")
_SPACE = re.compile(r"\s+")


def length(text: str) -> int:
    """Characters of ``text``, whitespace not counted."""
    return len(_SPACE.sub("", text))


def politeness(text: str) -> float:
    """How polite ``text`` sounds to a guesser: polite words (您、请、谢谢、理解 …) counted,
    curt ones (随便、凭什么、少废话 …) subtracted. Not a judgement of the content."""
    polite = sum(text.count(w) for w in _POLITE)
    rude = sum(text.count(w) for w in _RUDE)
    return float(polite - rude)


def sentence_count(text: str) -> int:
    """Sentences of ``text``: runs of 。!?;… end one; a trailing clause counts as one more."""
    stripped = text.strip()
    if not stripped:
        return 0
    parts = [p for p in _SENTENCE_END.split(stripped) if p.strip(" ,,、\"“”'‘’()()")]  # noqa: B005 - a set of punctuation marks, as meant
    return max(1, len(parts))


def _position(k: int) -> Callable[[Sequence[str]], list[float]]:
    def scores(options: Sequence[str]) -> list[float]:
        return [1.0 if i == (k if k >= 0 else len(options) + k) else 0.0 for i in range(len(options))]
    return scores


#: Each guesser's score per option (the picker takes the highest, ties broken at random).
SCORERS: dict[str, Callable[[Sequence[str]], list[float]]] = {
    "longest": lambda options: [float(length(o)) for o in options],
    "shortest": lambda options: [-float(length(o)) for o in options],
    "position0": _position(0),
    "position1": _position(1),
    "position2": _position(2),
    "last": _position(-1),
    "politest": lambda options: [politeness(o) for o in options],
    "most_sentences": lambda options: [float(sentence_count(o)) for o in options],
}
#: The guessers that look only at where an option is shown.
POSITION_GUESSERS: tuple[str, ...] = ("position0", "position1", "position2", "last")
#: The guessers that look at the option texts.
CONTENT_GUESSERS: tuple[str, ...] = tuple(n for n in SCORERS if n not in POSITION_GUESSERS)


def _best(scores: Sequence[float]) -> list[int]:
    top = max(scores)
    return [i for i, s in enumerate(scores) if s == top]


def pick(name: str, options: Sequence[str], rng: random.Random) -> int:
    """The index guesser ``name`` picks among ``options`` (ties broken by ``rng``)."""
    if not options:
        raise ValueError("no options to pick from")
    best = _best(SCORERS[name](options))
    return best[0] if len(best) == 1 else rng.choice(best)


def _picker(name: str) -> Callable[[Sequence[str], random.Random], int]:
    def picker(options: Sequence[str], rng: random.Random) -> int:
        return pick(name, options, rng)
    picker.__name__ = f"pick_{name}"
    picker.__doc__ = f"The option guesser ``{name}`` picks (ties broken by ``rng``)."
    return picker


#: name → ``picker(options, rng) -> index``.
PICKERS: dict[str, Callable[[Sequence[str], random.Random], int]] = {n: _picker(n) for n in SCORERS}


@dataclass(frozen=True)
class BankItem:
    """One multiple-choice item as a learner sees it.

    ``options`` in the order shown (when ``shuffled`` is false) and ``key`` the index of the
    right one; ``shuffled``: the options are shown in a fresh uniformly random order every
    time, so a position guesser is right exactly 1/n of the time."""

    options: tuple[str, ...]
    key: int
    shuffled: bool = False
    id: str = ""

    def __post_init__(self) -> None:
        if len(self.options) < 2 or not 0 <= self.key < len(self.options):
            raise ValueError(f"bank item {self.id or self.options!r}: needs ≥ 2 options and a key among them")


@dataclass(frozen=True)
class BankReport:
    """Each guesser's expected accuracy on one bank, and chance (both shares 0–1)."""

    bank: str
    items: int
    chance: float
    accuracy: Mapping[str, float] = field(default_factory=dict)
    #: Accuracy of striking out the guesser's pick and choosing at random among the rest: how
    #: far a cue that marks a *wrong* option (a guesser well below chance) gets a learner.
    strike: Mapping[str, float] = field(default_factory=dict)

    def margin(self, guesser: str) -> float:
        """Accuracy minus chance (share; positive = the guesser beats chance)."""
        return self.accuracy[guesser] - self.chance

    def leaks(self, limit: float = LIMIT, *, strike: bool = True) -> list[str]:
        """Guessers that beat chance by more than ``limit``: by picking what they pick, or
        (``strike``) by striking it out and choosing among the rest."""
        out = []
        for name in self.accuracy:
            if self.margin(name) > limit + 1e-9:
                out.append(name)
            elif strike and name in self.strike and self.strike[name] - self.chance > limit + 1e-9:
                out.append(f"not-{name}")
        return out


def _item_strike(name: str, item: BankItem) -> float:
    """Expected accuracy of striking out the guesser's pick, then choosing at random."""
    return (1.0 - _item_accuracy(name, item)) / (len(item.options) - 1)


def _item_accuracy(name: str, item: BankItem) -> float:
    n = len(item.options)
    if item.shuffled and name in POSITION_GUESSERS:
        return 1.0 / n
    best = _best(SCORERS[name](item.options))
    return 1.0 / len(best) if item.key in best else 0.0


def measure(items: Iterable[BankItem], *, bank: str = "", guessers: Iterable[str] | None = None) -> BankReport:
    """Every guesser's exact expected accuracy on ``items`` (ties count as a fair draw)."""
    items = list(items)
    names = tuple(guessers) if guessers is not None else tuple(SCORERS)
    if not items:
        return BankReport(bank, 0, 0.0, {n: 0.0 for n in names}, {n: 0.0 for n in names})
    chance = sum(1.0 / len(i.options) for i in items) / len(items)
    accuracy = {n: sum(_item_accuracy(n, i) for i in items) / len(items) for n in names}
    strike = {n: sum(_item_strike(n, i) for i in items) / len(items) for n in names}
    return BankReport(bank, len(items), chance, accuracy, strike)


def problems(reports: Iterable[BankReport], limit: float = LIMIT, *, strike: bool = True) -> list[str]:
    """One line per bank and guesser that beats chance by more than ``limit``, e.g.
    ``etiquette: longest 73% vs chance 25% (+48 points, limit +10) over 616 items``
    (``not-shortest``: striking out the shortest option and choosing among the rest)."""
    out = []
    for r in reports:
        for name in r.leaks(limit, strike=strike):
            acc = r.strike[name[4:]] if name.startswith("not-") else r.accuracy[name]
            out.append(f"{r.bank}: {name} {acc:.0%} vs chance {r.chance:.0%} "
                       f"({100 * (acc - r.chance):+.0f} points, limit +{100 * limit:.0f}) over {r.items} items")
    return out


def table(reports: Iterable[BankReport]) -> str:
    """A Markdown table: one row per bank, accuracy (%) of each guesser and chance."""
    reports = list(reports)
    names = list(reports[0].accuracy) if reports else list(SCORERS)
    head = "| bank | items | chance | " + " | ".join(names) + " |"
    rule = "|---|---:|---:|" + "---:|" * len(names)
    rows = [f"| {r.bank} | {r.items} | {100 * r.chance:.0f} | "
            + " | ".join(f"{100 * r.accuracy[n]:.0f}" for n in names) + " |" for r in reports]
    return "\n".join([head, rule, *rows])
