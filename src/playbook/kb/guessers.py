"""Test-wise guessers: strategies a learner who never opened the book uses to pick an option
by its form alone (length, sentences, politeness, position). The knowledge-base build and the
tests play every question bank and every role-play dialogue with them; none may beat chance by
more than a few points. Standard library only (runs in the reader's browser).

Each picker takes the option texts in display order and a :class:`random.Random` (used to
break ties, so a picker never favours the first of equal options) and returns the index it
picks::

    from playbook.kb.guessers import PICKERS
    PICKERS["longest"](["好的。", "我明白您的意思,我们按合同办。"], random.Random(0))  # → 1
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

__all__ = ["PICKERS", "politeness", "sentences", "Picker"]

Picker = Callable[[Sequence[str], random.Random], int]

#: Words that make a reply sound polite or considerate (counted, not weighted).
_POLITE = ("您", "请", "谢谢", "感谢", "麻烦", "理解", "明白", "不好意思", "抱歉", "对不起",
           "辛苦", "打扰", "放心", "建议", "好的", "是的", "欢迎", "荣幸")
_SENTENCE_END = re.compile(r"[。!?!?;;…]+")


def politeness(text: str) -> float:
    """How polite a text sounds to a guesser: polite words per 10 characters, plus one per
    polite word (so longer, more courteous texts score higher, as a guesser would judge)."""
    if not text:
        return 0.0
    hits = sum(text.count(w) for w in _POLITE)
    return hits + 10.0 * hits / max(len(text), 1)


def sentences(text: str) -> int:
    """The number of sentences (pieces ended by 。!?; or the end of the text)."""
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p.strip()]
    return max(len(parts), 1 if text.strip() else 0)


def _best_by(key: Callable[[str], float], sign: int = 1) -> Picker:
    def pick(options: Sequence[str], rng: random.Random) -> int:
        if not options:
            raise ValueError("no options")
        scores = [sign * key(o) for o in options]
        top = max(scores)
        return rng.choice([i for i, s in enumerate(scores) if s == top])
    return pick


def _position(k: int) -> Picker:
    def pick(options: Sequence[str], rng: random.Random) -> int:
        if not options:
            raise ValueError("no options")
        return min(k, len(options) - 1)
    return pick


def _last(options: Sequence[str], rng: random.Random) -> int:
    if not options:
        raise ValueError("no options")
    return len(options) - 1


#: The guessers, by name.
PICKERS: dict[str, Picker] = {
    "longest": _best_by(len),
    "shortest": _best_by(len, -1),
    "position0": _position(0),
    "position1": _position(1),
    "position2": _position(2),
    "last": _last,
    "politest": _best_by(politeness),
    "most_sentences": _best_by(sentences),
}
