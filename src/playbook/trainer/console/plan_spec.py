"""The session's plan inputs as the trainer typed them (session, trainees, rounds, seed), kept
beside the records database; the plan itself is recomputed from them (plans are deterministic).
Standard library only."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from playbook.errors import PlaybookInputError
from playbook.trainer.roleplay import SessionPlan, plan_session

_SPLIT = re.compile(r"[\n,,、;;]+")


def split_names(text: str) -> list[str]:
    """Trainee names typed one a line or separated by ``, , 、 ;`` (blanks dropped, order kept)."""
    if not isinstance(text, str):
        raise PlaybookInputError("trainees", code="wrong_type", label="学员名单", expected="文字,每行一个姓名", received=text)
    return [n.strip() for n in _SPLIT.split(text) if n.strip()]


@dataclass(frozen=True)
class PlanSpec:
    """What the trainer typed to plan a session; :meth:`plan` gives the (deterministic) plan."""

    session: str
    trainees: tuple[str, ...]
    rounds: int = 3
    seed: int = 1

    def plan(self) -> SessionPlan:
        return plan_session(list(self.trainees), rounds=self.rounds, seed=self.seed, session=self.session)

    def to_json(self) -> str:
        return json.dumps({"session": self.session, "trainees": list(self.trainees), "rounds": self.rounds,
                           "seed": self.seed}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: Any) -> PlanSpec | None:
        """The saved spec, or None when nothing (or nothing readable) is saved."""
        if not isinstance(text, str) or not text.strip():
            return None
        try:
            d = json.loads(text)
            return cls(str(d["session"]), tuple(str(t) for t in d["trainees"]), int(d["rounds"]), int(d["seed"]))
        except (ValueError, KeyError, TypeError):
            return None
