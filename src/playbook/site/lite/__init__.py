"""The "open as notebook" site: a JupyterLite notebook-only app published at ``lite/``.

Two halves, both offline and cached:

- :func:`prepare_pyodide_packages` adds to the *shared* Pyodide core (published once, at
  ``_static/pyodide/``) the pure wheels the JupyterLite kernel loads from the Pyodide
  lockfile (micropip, IPython and its dependencies, jedi). The npm package ``pyodide`` ships
  no wheels, and the wheels its lockfile names are Pyodide's own rebuilds, whose sha256 differ
  from PyPI's; so the same versions are taken from PyPI, pinned by sha256 here, and the
  lockfile is rewritten to them and pruned to the packages that are actually present.
- :func:`build_lite` runs ``jupyterlite_core build`` for the ``notebooks`` app only, with the
  book's notebooks as contents and the browser-side wheels (ipywidgets, comm,
  jupyterlab_widgets, the project's own wheel) served by piplite, PyPI fallback disabled, and
  the kernel pointed at the shared core (it is not copied into ``lite/``).

A reader opens ``lite/notebooks/index.html?path=quote.ipynb``; nothing is fetched from any
host but the book's own.

The parts, one job each, all re-exported here (the module to import): :mod:`.pyodide_packages`
(the kernel's lockfile packages), :mod:`.wheels` (the project's wheel and the widget wheels
piplite serves), :mod:`.exercises` (the exercise notebooks' copies), :mod:`.build` (the site),
and :mod:`.common` (tool versions, :data:`LiteError`, progress lines) that they share.
"""
from __future__ import annotations

from playbook.site.lite.build import (CJK_CSS, CJK_CSS_NAME, DISABLED_PLUGINS, KERNEL_PLUGIN, LABEXTENSIONS, RECIPE,
                                      _contents_listing as _contents_listing, build_lite, kernel_settings)
from playbook.site.lite.common import (JUPYTERLITE_CORE_VERSION, PYODIDE_KERNEL_VERSION, PYODIDE_PYTHON,
                                       PYODIDE_VERSION, LiteError)
from playbook.site.lite.exercises import BOOTSTRAP, EXERCISE_PREFIX, exercise_notebooks
from playbook.site.lite.pyodide_packages import (CORE_FILES, KERNEL_WHEELS, LOCKFILE, canonical,
                                                 prepare_pyodide_packages, rewrite_lock, verify_lock)
from playbook.site.lite.wheels import LITE_LEAVE_OUT, WIDGET_WHEELS, build_project_wheel, widget_wheels
# the wheel pins this module's callers use, from playbook.site.vendor
from playbook.site.vendor import Wheel as Wheel, fetch_wheels as fetch_wheels

__all__ = [
    "JUPYTERLITE_CORE_VERSION", "PYODIDE_KERNEL_VERSION", "PYODIDE_VERSION", "PYODIDE_PYTHON", "LiteError",
    "KERNEL_WHEELS", "LOCKFILE", "CORE_FILES", "canonical", "rewrite_lock", "verify_lock", "prepare_pyodide_packages",
    "WIDGET_WHEELS", "LITE_LEAVE_OUT", "build_project_wheel", "widget_wheels",
    "BOOTSTRAP", "EXERCISE_PREFIX", "exercise_notebooks",
    "KERNEL_PLUGIN", "RECIPE", "LABEXTENSIONS", "DISABLED_PLUGINS", "CJK_CSS", "CJK_CSS_NAME", "kernel_settings",
    "build_lite",
]
