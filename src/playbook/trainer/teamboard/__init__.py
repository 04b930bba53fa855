"""The trainer dashboard's parts, one job each (see :mod:`playbook.trainer.dashboard`,
which re-exports them): :mod:`.tables`, :mod:`.suggestions`, :mod:`.charts`, :mod:`.exports`,
:mod:`.pages`."""
