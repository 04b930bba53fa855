"""The trainer's toolkit: role-play session plans and round cards (``roleplay``, standard
library only, also runs in the browser), the score records store (``records``: SQLite or
PostgreSQL), printed cards (``cards``) and the team dashboard with its exports (``dashboard``).

May import: the foundation modules, :mod:`playbook.kb` and :mod:`playbook.engines`; never
``views``, ``exercises``, ``site`` or ``cli``.
"""
