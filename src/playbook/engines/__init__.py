"""Engines: pure, typed functions over plain values (quote, petroleum tables, delivery losses,
drills …). They return result objects or raise :class:`playbook.errors.PlaybookInputError`.

May import: the standard library, the foundation modules (``playbook.errors``, ``fileio``,
``typography``, ``fonts``), :mod:`playbook.kb` and each other; never ``trainer``, ``views``,
``exercises``, ``site`` or ``cli``. The modules that run in the reader's browser (all but the
batch audit's pandas functions, which import pandas inside) use the standard library only.
"""
