"""Run the book's ipywidgets apps in the reader's browser (Pyodide), without a Jupyter kernel.

The published book is static HTML. On a page with a live app, ``_static/playbook-live.js``
loads Pyodide from the book itself, unpacks the runtime bundle (this package, ipywidgets,
traitlets, comm) and calls :func:`install` with a JavaScript function that receives every
message Python's widgets publish. Widgets talk to the page's ``@jupyter-widgets/html-manager``
through these comm messages, exactly as they would through a kernel:

Python → page   ``{"type": "comm_open" | "comm_msg" | "comm_close", "comm_id", "data", …}``
page → Python   :func:`deliver` (a comm message from a view: a changed value, a click)

Echo updates (ipywidgets' multi-frontend protocol) are switched off: there is exactly one
frontend. IPython is not installed in the browser; ipywidgets imports only a few names from
it, which :func:`install` provides as a minimal stand-in when IPython is missing.

Start-up: before the bridge is installed, the page calls :func:`preload` with its apps' code, and
then takes a memory snapshot of Python (kept in the browser's Cache Storage). The next live page
restores it instead of starting Python and importing again, and calls :func:`after_restore`.

This module also runs in CPython (its tests drive the bridge with a Python ``send``).
"""
from __future__ import annotations

import ast
import base64
import functools
import importlib
import json
import os
import random
import sys
import traceback
import types
from collections.abc import Callable
from typing import Any

from playbook.typography import widget_state_typography

__all__ = ["install", "preload", "after_restore", "deliver", "run_app", "PROTOCOL_VERSION"]

#: ipywidgets' comm protocol version sent with ``comm_open`` (checked by the html-manager).
PROTOCOL_VERSION = "2.1.0"

_send: Callable[..., Any] | None = None
#: Messages published before the page's bridge was installed (sent to it by :func:`install`).
_pending: list[str] = []
#: comm id → the widget's model name (an update names only the fields it changes)
_MODEL_NAMES: dict[str, str] = {}


def _ipython_stand_in() -> None:
    """Register the few IPython names ipywidgets imports (there is no IPython shell here)."""

    def display(*objs: Any, **kwargs: Any) -> None:
        for obj in objs:  # nothing to display into without a notebook: say so on the console
            print(f"[playbook] display() 在网页运行环境中不可用:{type(obj).__name__}", file=sys.stderr)

    class InteractiveShell:
        @classmethod
        def initialized(cls) -> bool:
            return False

    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: None  # type: ignore[attr-defined]  # a stand-in module
    display_mod = types.ModuleType("IPython.display")
    display_mod.display = display  # type: ignore[attr-defined]  # a stand-in module
    display_mod.clear_output = lambda wait=False: None  # type: ignore[attr-defined]  # a stand-in module
    core = types.ModuleType("IPython.core")
    shell_mod = types.ModuleType("IPython.core.interactiveshell")
    shell_mod.InteractiveShell = InteractiveShell  # type: ignore[attr-defined]  # a stand-in module
    ipython.display = display_mod  # type: ignore[attr-defined]  # a stand-in module
    ipython.core = core  # type: ignore[attr-defined]  # a stand-in module
    core.interactiveshell = shell_mod  # type: ignore[attr-defined]  # a stand-in module
    sys.modules.update({"IPython": ipython, "IPython.display": display_mod,
                        "IPython.core": core, "IPython.core.interactiveshell": shell_mod})


def install(send: Callable[..., Any]) -> None:
    """Route every widget comm to ``send(json_text)`` (a JavaScript function in the browser).

    Call before importing ipywidgets (or after :func:`preload`). Messages published before
    (widgets made by :func:`preload`'s imports) are sent first.
    """
    global _send
    _route_comms()
    _send = send
    while _pending:
        send(_pending.pop(0))


def _route_comms() -> None:
    """ipywidgets' comms go through :class:`BrowserComm`; IPython's few names are stood in."""
    os.environ["JUPYTER_WIDGETS_ECHO"] = "0"
    try:
        import IPython  # noqa: F401  (real IPython, e.g. in tests)
    except ImportError:
        _ipython_stand_in()
    import comm

    comm.create_comm = _create_comm


@functools.cache
def _browser_comm() -> type:
    """The comm class (defined once, on first use: ``comm`` is imported after :func:`install`)."""
    from comm.base_comm import BaseComm

    class BrowserComm(BaseComm):
        """A comm whose other end is the page's widget manager."""

        def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None,
                        buffers: Any = None, **keys: Any) -> None:
            if buffers:
                raise ValueError("网页运行环境不支持二进制数据的部件")
            data = dict(data or {})
            if isinstance(data.get("state"), dict):  # what the reader sees, in Chinese typography
                if msg_type == "comm_open":
                    _MODEL_NAMES[self.comm_id] = data["state"].get("_model_name", "")
                data["state"] = widget_state_typography(_MODEL_NAMES.get(self.comm_id, ""), data["state"])
            message = {"type": msg_type, "comm_id": self.comm_id, "data": data,
                       "metadata": metadata or {}}
            if msg_type == "comm_open":
                message["target_name"] = keys.get("target_name", "")
                message["metadata"] = {"version": PROTOCOL_VERSION, **message["metadata"]}
            if _send is None:
                raise RuntimeError("live.install() has not been called")
            _send(json.dumps(message, ensure_ascii=False))

    return BrowserComm


def imported_modules(code: str) -> list[str]:
    """The modules an app's code imports at its top level (``import a.b``, ``from a.b import c``)."""
    names = []
    for node in ast.parse(code).body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def preload(codes: list[str]) -> bool:
    """Import ipywidgets and the modules these apps' code imports, before the page's bridge is
    installed (an app's own errors are left for :func:`run_app` to report).

    Returns True when the imports made no widget, so Python's memory may be snapshotted (a
    widget's comm would be open in the snapshot but unknown to the next page). A widget made
    here anyway is not lost: its messages wait for :func:`install`.
    """
    global _send
    _route_comms()
    _send = _pending.append
    import ipywidgets  # noqa: F401  (the apps' widgets, in the snapshot)

    for code in codes:
        try:
            modules = imported_modules(code)
        except SyntaxError:
            continue
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - run_app reports it where the reader sees it
                pass
    _send = None
    return not _pending


def after_restore() -> None:
    """Python was restored from a snapshot: what the snapshot froze that must differ per page."""
    random.seed()  # the global generator's state was copied with the memory


def _create_comm(**kwargs: Any) -> Any:
    return _browser_comm()(**kwargs)


def deliver(comm_id: str, text: str, buffers: str = "[]") -> bool:
    """Hand a message from the page (JSON ``data`` of a comm message) to the widget it is for;
    ``buffers`` is a JSON list of base64 strings (the binary parts, e.g. an uploaded file).

    ``buffers``: the message's binary parts as a JSON list of base64 texts (e.g. the content
    of files picked in a ``FileUpload``). Returns False when no such comm is open. Exceptions
    in a widget's handler are printed to stderr (the browser console) and not raised into the page.
    """
    import comm

    target = comm.get_comm_manager().get_comm(comm_id)
    if target is None:
        return False
    try:
        parts = [memoryview(base64.b64decode(b)) for b in json.loads(buffers or "[]")]
        target.handle_msg({"content": {"comm_id": comm_id, "data": json.loads(text)},
                           "buffers": parts})
    except Exception:  # noqa: BLE001 - a bug in a handler must not break the page's event loop
        traceback.print_exc()
    return True


def run_app(code: str) -> str:
    """Run an app's code (the book cell's source) and return the model id of its widget.

    The cell's last statement must be an expression giving the widget, as in the notebook.
    """
    import ipywidgets

    tree = ast.parse(code, mode="exec")
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        raise ValueError("应用代码的最后一行须是给出部件的表达式")
    final = tree.body.pop()
    assert isinstance(final, ast.Expr)
    last = ast.Expression(final.value)
    namespace: dict[str, Any] = {"__name__": "__playbook_app__"}
    exec(compile(tree, "<app>", "exec"), namespace)
    widget = eval(compile(last, "<app>", "eval"), namespace)
    if not isinstance(widget, ipywidgets.Widget):
        raise TypeError(f"应用代码须给出一个部件,得到的是 {type(widget).__name__}")
    return widget.model_id
