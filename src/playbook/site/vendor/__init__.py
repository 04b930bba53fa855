"""Vendored browser assets, fetched from the npm registry at build time and cached.

The book must work offline, so nothing is loaded from a CDN at read time. Each package is
pinned by version *and* by the registry's hash (npm: sha512 integrity; PyPI: sha256); a file
that does not match is refused. Files land in ``<cache>/static/…``, which the Sphinx extension
adds to ``html_static_path`` (published as ``_static/vendor/…`` and ``_static/pyodide/…``). A
second build finds them in the cache and downloads nothing.

The browser runtime (:mod:`playbook.site.live`) needs, besides Pyodide's core from npm, pure wheels
from PyPI (ipywidgets, traitlets, comm; fsrs and typing_extensions for spaced practice). :func:`live_bundle` packs them with this
package's runtime files into one zip the page unpacks into Pyodide's ``site-packages``.

The parts, one job each, all re-exported here (the module to import):

- :mod:`.verify`: checking a file against its pin, and :class:`VendorError`;
- :mod:`.npm`: the pinned npm assets (:func:`ensure`) and what myst-nb loads (:data:`IPYWIDGETS_JS`);
- :mod:`.wheels`: the pinned pure wheels (:func:`fetch_wheels`);
- :mod:`.shared`: the machine's shared cache between checkouts (:func:`share`);
- :mod:`.bytecode`: bytecode compiled by Pyodide under Node.js (:func:`verify_compiled_stdlib`);
- :mod:`.bundle`: the live apps' runtime bundle (:func:`live_bundle`).
"""
from __future__ import annotations

from playbook.site.vendor.bundle import (LIVE_BUNDLE, LIVE_EXCLUDE_DIRS, LIVE_EXCLUDE_FILES, LIVE_EXCLUDE_SUFFIXES,
                                         live_bundle)
from playbook.site.vendor.bytecode import MIN_STDLIB_PYC, PYC_COMPILE_JS, STDLIB, verify_compiled_stdlib
from playbook.site.vendor.npm import (AMD_FONT_DIRS, ASSETS, FONT_SUFFIXES, IPYWIDGETS_JS, REQUIRE_CONFIG_JS, NpmAsset,
                                      ensure)
from playbook.site.vendor.shared import SHARED, SHARED_ENV, SHARED_KEEP, share, shared_store
from playbook.site.vendor.verify import VendorError, check_sha256, integrity_of, sha256_of
from playbook.site.vendor.wheels import (BROWSER_PYTHON, ON_DEMAND_DIR, ON_DEMAND_WHEELS, WHEELS, Downloader, Wheel,
                                         fetch_wheels, pip_download)

__all__ = [
    "NpmAsset", "ASSETS", "AMD_FONT_DIRS", "FONT_SUFFIXES", "REQUIRE_CONFIG_JS", "IPYWIDGETS_JS", "ensure",
    "BROWSER_PYTHON", "Wheel", "WHEELS", "ON_DEMAND_WHEELS", "ON_DEMAND_DIR", "Downloader", "pip_download",
    "fetch_wheels",
    "VendorError", "integrity_of", "sha256_of", "check_sha256",
    "SHARED", "SHARED_KEEP", "SHARED_ENV", "shared_store", "share",
    "PYC_COMPILE_JS", "STDLIB", "MIN_STDLIB_PYC", "verify_compiled_stdlib",
    "LIVE_EXCLUDE_DIRS", "LIVE_EXCLUDE_SUFFIXES", "LIVE_EXCLUDE_FILES", "LIVE_BUNDLE", "live_bundle",
]
