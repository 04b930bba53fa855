"""对练 (role-play dialogues): a customer of a hidden type talks, the trainee picks a reply, the
customer reacts the way that type reacts; at the end a debrief explains every choice with the
rule and its seed source. Pure and deterministic; standard library only (runs in the browser).

The dialogues are knowledge-base data (``knowledge/dialogues.yaml``, validated by
:func:`playbook.kb.dialogues.check` when the base is built). The customer keeps a hidden
trust and patience (see :mod:`playbook.kb.dialogues`); what he says reflects them.

Usage (a state is never changed: :func:`choose` / :func:`choose_id` return a new one; a reply
is chosen by its option id, e.g. ``need.best``, or by its place in ``s.options``):

>>> from playbook.engines import dialogue
>>> d = dialogue.get("dlg-indecisive")
>>> s = dialogue.start(d, seed=7)       # seed=None: a fresh shuffle of every turn's options
>>> len(s.options)                      # s.customer_says: what the customer says
3
>>> t = dialogue.choose_id(s, "open.best")
>>> len(s.history), len(t.history), t.expects_diagnosis   # after the first lines: 他更像哪一类?
(0, 1, True)
>>> types, cues = dialogue.diagnosis_options(t)           # the types and the cues to pick from
>>> t = dialogue.diagnose(t, "ctype-indecisive", "就是不知道换了会不会出什么问题")
>>> t.diagnosis.item_right, t.diagnosis.cue_right
(True, True)
>>> for oid in ("need.best", "offer.best", "close.best"):
...     t = dialogue.choose_id(t, oid)
>>> t.done, t.outcome, t.correct        # outcome: 'won' | 'later' | 'lost'; right ending?
(True, 'won', True)
>>> dialogue.debrief(t)[0].rule_name    # every turn: what was said, what it did, the rule, its source
'优柔寡断型'
>>> dialogue.scorecard(t).lost_at       # per skill; 0: no turn lost the deal
0

A pivot turn (``s.expects_text``) has no options: ``dialogue.say(s, text)`` judges the typed
reply (pass / fail / unsure → the best / bad / middle branch). ``dialogue.rewind(s, 2)`` plays
again from turn 2 with the same shuffle.

Options are shuffled per attempt (``start(d, seed=None)``); a turn stores the option's id
(:func:`option_id`, e.g. ``need.best``), never its position.

Each job has its own module, all re-exported here: the bank (:mod:`~playbook.engines.dialogue_bank`),
an attempt's state (:mod:`~playbook.engines.dialogue_state`), the moves
(:mod:`~playbook.engines.dialogue_play`), the diagnosis (:mod:`~playbook.engines.dialogue_diagnosis`),
the debrief (:mod:`~playbook.engines.dialogue_debrief`), the scorecard
(:mod:`~playbook.engines.dialogue_scorecard`) and the trainer's option statistics
(:mod:`~playbook.engines.dialogue_stats`).
"""
from __future__ import annotations

from playbook.engines.dialogue_bank import (
    GROUP_LABELS,
    all_dialogues,
    best_path,
    display_title,
    get,
    groups,
    paths,
    validate,
)
from playbook.engines.dialogue_debrief import KIND_LABELS, DebriefTurn, debrief
from playbook.engines.dialogue_diagnosis import DIAGNOSIS_QUESTION, diagnose, diagnosis_options, diagnosis_question
from playbook.engines.dialogue_play import VERDICTS as VERDICTS
from playbook.engines.dialogue_play import choose, choose_id, replay, rewind, say, start
from playbook.engines.dialogue_scorecard import SKILLS, Scorecard, SkillScore, scorecard
from playbook.engines.dialogue_state import HELD_BACK as HELD_BACK
from playbook.engines.dialogue_state import OUTCOME_LABELS, Diagnosis, State, Turn, node_options, option_id
# the dialogue view and the trainer's cards read a dialogue's nodes and the item to diagnose
from playbook.engines.dialogue_state import _diagnose_item as _diagnose_item
from playbook.engines.dialogue_state import _nodes as _nodes
from playbook.engines.dialogue_stats import OptionStat, choice_stats
from playbook.kb import Dialogue

__all__ = ["Dialogue", "State", "Turn", "DebriefTurn", "OUTCOME_LABELS", "KIND_LABELS",
           "all_dialogues", "get", "start", "choose", "debrief", "validate", "paths",
           "best_path", "groups", "GROUP_LABELS", "node_options", "replay", "option_id",
           "display_title", "diagnosis_options", "diagnose", "say", "Diagnosis", "SKILLS",
           "scorecard", "Scorecard", "SkillScore", "rewind", "choice_stats", "OptionStat",
           "DIAGNOSIS_QUESTION", "diagnosis_question", "choose_id"]
