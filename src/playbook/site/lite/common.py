"""What the notebook site's steps share: the tool versions they are written against, the error
they raise (:data:`LiteError`), a progress line, and how to read an installed distribution's
version."""
from __future__ import annotations

import importlib.metadata

from playbook.site.vendor import BROWSER_PYTHON, VendorError

#: Versions the notebook site is written against (the kernel's settings and worker code differ
#: between releases; 0.8.7 of the kernel conflicts with core 0.8.6).
JUPYTERLITE_CORE_VERSION = "0.8.6"
PYODIDE_KERNEL_VERSION = "0.8.6"
#: The Pyodide core the kernel's packages (:mod:`.pyodide_packages`) are pinned for (npm
#: ``pyodide``; Python 3.14).
PYODIDE_VERSION = "314.0.7"
PYODIDE_PYTHON = BROWSER_PYTHON

#: The notebook site or its Pyodide packages could not be prepared (Chinese message): the
#: same failure as any other browser asset's.
LiteError = VendorError


def say(message: str) -> None:
    """A progress line of the build (``[playbook] …``)."""
    print(f"[playbook] {message}", flush=True)


def installed_version(dist: str) -> str | None:
    """The installed version of distribution ``dist``, or None when it is not installed."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None
