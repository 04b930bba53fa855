"""The trainer's console in the book: one role-play session, run entirely in the page.

The 培训师 page (``book/trainer.md``, view :mod:`playbook.views.console`) and the CLI are two
views over the same engines: :func:`playbook.trainer.roleplay.plan_session` plans, the records
store (:func:`playbook.trainer.records.open_store`, SQLite of the standard library) keeps the
scores and the imported progress. This package adds only what the page needs on top of them,
one job per module, all re-exported here (the module to import):

- :mod:`.storage`: :class:`SavedRecords`, the records database as a file in the in-page Python,
  copied into the browser's storage (``localStorage``, base64) after every write and restored on
  the next visit, so the trainer's work survives a reload; :class:`FileShelf`, the progress files
  as handed in;
- :mod:`.plan_spec`: :class:`PlanSpec`, the session's plan inputs (session, trainees, rounds,
  seed), kept beside the database; the plan itself is recomputed from them (plans are
  deterministic);
- :mod:`.exchange`: the observer's score file (:data:`SCORES_FORMAT`); :func:`import_file`, one
  file a trainee or observer hands in (a 我的练习 progress file, a score file, or a console
  export), recognised by its format mark (importing the same file again adds nothing);
  :func:`export_text` / :func:`import_export`, one JSON file (:data:`EXPORT_FORMAT`) holding
  trainees, score sheets and self-study answers, which ``python -m playbook records import``
  loads into the team's store;
- :mod:`.overview`: :func:`session_view`, per trainee readiness (我的练习) next to the role-play
  scores, the weakest checks, and (through small interfaces) dialogue option statistics and the
  free-text answers waiting for a verdict;
- :mod:`.workbook`: :func:`xlsx_bytes`, the session as an Excel workbook, written with
  ``zipfile`` (openpyxl is not in the page's Python).

Standard library only (it runs in the reader's browser). Bad input →
:class:`~playbook.errors.PlaybookInputError` with a Chinese message.
"""
from __future__ import annotations

from playbook.trainer.console.exchange import (EXPORT_FORMAT, FILE_MAX_BYTES, FORMAT_VERSION as FORMAT_VERSION,
                                               SCORES_FORMAT, ImportResult, export_name, export_text, import_export,
                                               import_file, scores_text, sheet_from_dict, sheet_to_dict)
from playbook.trainer.console.overview import (GREEN_RATE as GREEN_RATE, READY_RULES, YELLOW_RATE as YELLOW_RATE,
                                               CheckStat, SessionView, TraineeRow, session_view)
from playbook.trainer.console.plan_spec import PlanSpec, split_names
from playbook.trainer.console.storage import DB_KEY, FILES_KEY, PLAN_KEY, FileShelf, SavedRecords
from playbook.trainer.console.workbook import xlsx_bytes

__all__ = [
    "DB_KEY", "PLAN_KEY", "FILES_KEY", "FileShelf", "SCORES_FORMAT", "EXPORT_FORMAT", "FILE_MAX_BYTES", "READY_RULES",
    "SavedRecords", "PlanSpec", "ImportResult", "TraineeRow", "CheckStat", "SessionView",
    "split_names", "sheet_to_dict", "sheet_from_dict", "scores_text", "import_file", "session_view",
    "export_text", "import_export", "xlsx_bytes", "export_name",
]
