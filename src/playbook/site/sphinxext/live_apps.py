"""Live apps: the calculators and drills a page runs in the reader's browser.

A code cell tagged :data:`LIVE_TAG` gets a status line carrying its source; pages with one load
``playbook-live.js`` (and the widget renderer when the build left none), which runs the code in
Pyodide from the runtime bundle :func:`set_live_bundle` names.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from playbook.site.sphinxext.build_env import quick_build

#: Cell tag of a calculator or drill that runs in the reader's browser (``playbook-live.js``).
LIVE_TAG = "live-app"
#: Cell metadata key naming the app's notebook in the JupyterLite site (``lite/``), optional.
LIVE_NOTEBOOK = "live-notebook"
#: The runtime bundle's path under ``_static`` and its version, as :func:`set_live_bundle` was told.
_LIVE: dict[str, str] = {}


def set_live_bundle(bundle: str, version: str) -> None:
    """Name the runtime bundle (made at ``config-inited``) that ``playbook-live.js`` loads."""
    _LIVE.update(bundle=bundle, version=version)


def _notebook_cells(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        import nbformat

        return nbformat.reads(text, as_version=4).cells
    from myst_nb.core.read import read_myst_markdown_notebook

    return read_myst_markdown_notebook(text).cells


def live_status_html(code: str, notebook_href: str = "", *, example: bool = True) -> str:
    """The status line of a live app; carries the app's code for ``playbook-live.js``.
    ``example``: the page shows the app as the build ran it (not in the quick build)."""
    link = (f'<a class="pb-live-notebook" href="{html.escape(notebook_href)}" target="_blank" '
            f'rel="noopener">在笔记本中打开 ↗</a>' if notebook_href else "")
    label = "正在准备浏览器中的运行环境" + ("\uff1b下面先显示构建时生成的示例。" if example else " …")
    return (f'<div class="pb-live-status" data-state="loading" role="status" '
            f'data-code="{html.escape(code, quote=True)}">'
            f'<span class="pb-live-label">{label}</span>'
            f'<progress max="100" value="0"></progress>{link}</div>')


def mark_live_apps(app: Sphinx, doctree: nodes.document) -> None:
    """Give every code cell tagged ``live-app`` its status line and source for the browser."""
    cells = [n for n in doctree.findall(nodes.container)
             if n.get("nb_element") == "cell_code"
             and LIVE_TAG in (n.get("cell_metadata") or {}).get("tags", [])]
    if not cells:
        return
    docname = app.env.docname
    sources = _notebook_cells(Path(app.env.doc2path(docname)))
    up = "../" * docname.count("/")
    for cell in cells:
        code = sources[cell["cell_index"]].source
        notebook = cell["cell_metadata"].get(LIVE_NOTEBOOK, "")
        # (the quick build has no notebook site: it comes with the full build)
        href = f"{up}lite/notebooks/index.html?path={notebook}" if notebook and not quick_build() else ""
        cell.insert(0, nodes.raw("", live_status_html(code, href, example=not quick_build()), format="html"))


def add_live_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: nodes.document | None) -> None:
    """Load ``playbook-live.js`` (and Pyodide, on demand) only on pages with a live app."""
    if doctree is None or not any(isinstance(n, nodes.raw) and "pb-live-status" in n.astext()
                                  for n in doctree.findall(nodes.raw)):
        return
    app.add_css_file("playbook-live.css")
    # The widget renderer: myst-nb loads it only on pages whose executed cells left widget
    # state. Without it (the quick build executes nothing) the live apps load it themselves.
    from myst_nb.sphinx_ import NbMetadataCollector

    if not any(key.startswith("ipywidgets_") for key in NbMetadataCollector.get_js_files(app.env, pagename)):
        from playbook.site.vendor import IPYWIDGETS_JS

        for path, attributes in IPYWIDGETS_JS.items():
            app.add_js_file(path, **attributes)  # type: ignore[arg-type]  # dashed HTML attributes
    app.add_js_file("playbook-live.js", loading_method="async",
                    **{"data-bundle": f"{_LIVE['bundle']}?v={_LIVE['version']}"})  # type: ignore[arg-type]  # a dashed HTML attribute: only as **{...}
