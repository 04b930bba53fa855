"""Site machinery: everything that builds, publishes and tests the book rather than teaching.

``sphinxext`` (the Sphinx extension: knowledge-base directives and build hooks), ``vendor``
(pinned npm and PyPI assets, the live bundle), ``live`` (the in-page Python bridge; it and
``web/`` run in the reader's browser), ``lite`` (the "open as notebook" JupyterLite site),
``quizgen`` (static quizzes), ``headless`` (Chromium), ``serve`` (static server),
``pytest_notebooks`` (nbval for MyST text notebooks).

May import anything in the package below it (foundation, kb, engines, trainer, views); nothing
outside ``site`` imports it, except ``cli``.
"""
