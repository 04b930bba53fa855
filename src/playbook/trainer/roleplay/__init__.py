"""Role-play sessions for trainers: seeded role rotation, cards, observer checks, round scores.

Standard library only (also runs in the reader's browser). Pure and deterministic: every
random choice takes a ``seed``. The parts, one job each, all re-exported here (the module to
import):

- :mod:`.score_sheet`: the record types (:class:`CheckMark`, :class:`ScoreSheet`), the contract
  between the observer's scoring (:mod:`.scoring` and ``views.scoring``), the store
  (:mod:`playbook.trainer.records`) and the dashboard (:mod:`playbook.trainer.dashboard`), with
  the skills, the rating scale and the text checks they share;
- :mod:`.plan`: :func:`plan_session`, the seeded rotation of roles and each group's cards;
- :mod:`.scoring`: :func:`score_round` and :func:`explain`;
- :mod:`.samples`: seeded sample sheets and sessions.
"""
from __future__ import annotations

from playbook.trainer.roleplay.plan import (ETIQUETTE_CATEGORIES as ETIQUETTE_CATEGORIES,
                                            ETIQUETTE_CHECKS as ETIQUETTE_CHECKS, MAX_ROUNDS, MAX_TRAINEES,
                                            MIN_ROUNDS as MIN_ROUNDS, MIN_TRAINEES as MIN_TRAINEES,
                                            ROLEPLAY_SOURCE as ROLEPLAY_SOURCE, ROLES, TRAINER, CustomerCard,
                                            ObjectionCue, ObserverCard, ObserverCheck, RoundCard, SalesCard,
                                            SessionPlan, group_sizes, plan_session)
from playbook.trainer.roleplay.samples import sample_history, sample_strengths, simulate_sheets
from playbook.trainer.roleplay.score_sheet import (MAX_NAME as MAX_NAME, NAME_MAX, NOTES_MAX, RATING_RANGE,
                                                   SESSION_MAX, SKILLS, CheckMark, ScoreSheet, check_name,
                                                   check_notes, check_scored_at, check_session)
from playbook.trainer.roleplay.scoring import CheckResult, Explanation, explain, score_round

__all__ = [
    "SKILLS", "RATING_RANGE", "ROLES", "TRAINER", "MAX_TRAINEES", "MAX_ROUNDS",
    "NAME_MAX", "SESSION_MAX", "NOTES_MAX", "check_name", "check_notes", "check_scored_at", "check_session",
    "CheckMark", "ScoreSheet", "ObserverCheck", "ObjectionCue", "CustomerCard", "SalesCard",
    "ObserverCard", "RoundCard", "SessionPlan", "CheckResult", "Explanation",
    "group_sizes", "plan_session", "score_round", "explain",
    "sample_strengths", "simulate_sheets", "sample_history",
]
