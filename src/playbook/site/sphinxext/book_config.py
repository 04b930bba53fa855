"""The book's configuration at ``config-inited``: offline browser assets, the live apps' runtime
bundle, the notebook site, Chinese search, the theme's templates, the bundled font, the running
case's substitutions, and the quick build's settings."""
from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from playbook import fonts
from playbook.site.sphinxext.build_env import QUICK_NOTICE, quick_build, repo_cache
from playbook.site.sphinxext.live_apps import set_live_bundle

#: The site machinery's folder (``playbook/site``): the web assets, search dictionary and templates.
SITE_DIR = Path(__file__).parents[1]


def configure(app: Sphinx, config: Config) -> None:
    """Offline assets and Chinese search, whatever directory the build runs from."""
    from playbook.site import vendor

    if quick_build():
        config.nb_execution_mode = "off"
        config.html_theme_options = {**(config.html_theme_options or {}), "announcement": QUICK_NOTICE}
    cache = repo_cache(app) / "vendor"
    store = vendor.shared_store()
    if store is not None:
        vendor.share(store, cache)   # what another checkout on this machine already fetched or made
    static = vendor.ensure(cache)
    live_static, version = vendor.live_bundle(cache)
    set_live_bundle(vendor.LIVE_BUNDLE, version)
    config.html_static_path = [*config.html_static_path, str(static), str(live_static),
                               str(SITE_DIR / "web")]
    # The notebook site ("open as notebook", lite/) is left to the full build: the quick one
    # has no links to it (mark_live_apps).
    lite_site = None if quick_build() else _lite_site(app, static / "pyodide", cache)
    if lite_site is not None:
        config.html_extra_path = [*config.html_extra_path, str(lite_site)]
    config.nb_ipywidgets_js = vendor.IPYWIDGETS_JS
    # Sphinx resolves the jieba user dictionary relative to the *current* directory;
    # give it an absolute path into the package instead.
    options = dict(config.html_search_options or {})
    options["dict"] = str(SITE_DIR / "search_dict.txt")
    config.html_search_options = options
    _drop_thebe(app)
    # sphinx-book-theme's sidebar buttons with Chinese tooltips (templates/)
    config.templates_path = [str(SITE_DIR / "templates"), *config.templates_path]
    # Chinese text must render even on a reader's machine without CJK fonts: publish the
    # bundled Noto Sans SC subset and its licence (not the charts' supplement, not the package's
    # Python files); playbook.css uses it only after the local CJK fonts.
    fonts_dir = Path(fonts.__file__).parent
    config.html_static_path = [*config.html_static_path, str(fonts_dir / fonts.FONT_FILE), str(fonts_dir / "OFL.txt")]
    # the running case's dates and numbers ({{ sd_... }}), one data file, losses computed by the engine
    from playbook.site import running_case

    config.myst_substitutions = {**(config.myst_substitutions or {}),
                                 **running_case.book_substitutions(Path(app.srcdir))}
    woff2 = _woff2_font(cache)
    if woff2 is not None:  # playbook.css names it first: 1.14 MB instead of 1.49 MB (brotli TTF)
        config.html_static_path = [*config.html_static_path, str(woff2.parent)]
    if store is not None:
        vendor.share(cache, store)


def _woff2_font(cache: Path) -> Path | None:
    """The bundled font as WOFF2 (made once per font by fontTools, kept in ``cache``); None
    without the ``brotli`` module (the pages then use the TTF, the next source in playbook.css)."""
    import hashlib

    try:
        import brotli  # noqa: F401  (fontTools' WOFF2 writer needs it)
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    source = Path(fonts.__file__).parent / fonts.FONT_FILE
    key = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    out = cache / "woff2" / key / Path(fonts.FONT_FILE).with_suffix(".woff2").name
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(source)
        font.flavor = "woff2"
        tmp = out.with_suffix(".tmp")
        font.save(tmp)
        tmp.replace(out)
    return out


def _lite_site(app: Sphinx, pyodide_dir: Path, cache: Path) -> Path | None:
    """The "open as notebook" JupyterLite site for ``<book>/apps/*.ipynb``, published at
    ``lite/``; its kernel shares the live apps' Pyodide core (see :mod:`playbook.site.lite`).
    None when the book has no app notebooks."""
    from playbook.site import lite

    notebooks = sorted((Path(app.srcdir) / "apps").glob("*.ipynb"))
    if not notebooks:
        return None
    project = Path(__file__).resolve().parents[4]   # src layout: <project>/src/playbook/site/sphinxext
    lite_cache = cache / "lite"
    # pinned wheels live in one place (cache/wheels), shared with the live apps' bundle
    lite.prepare_pyodide_packages(pyodide_dir, cache)
    wheels = [*lite.widget_wheels(cache), lite.build_project_wheel(project, lite_cache)]
    site = cache / "lite-site"
    notebooks += lite.exercise_notebooks(sorted((project / "exercises").glob("*.ipynb")), lite_cache / "exercises")
    lite.build_lite(site / "lite", notebooks=notebooks, wheels=wheels,
                    pyodide_url="../_static/pyodide/pyodide.mjs", cache=lite_cache,
                    font_url="../_static/NotoSansSC-GB2312.ttf")
    return site


def _drop_thebe(app: Sphinx) -> None:
    """Disconnect sphinx-thebe, which Jupyter Book 1 always loads.

    The book never uses Thebe (it needs a live Jupyter server). Left connected, it adds a
    script naming a CDN URL to every page, once per read pass, so a rebuild declares
    ``THEBE_JS_URL`` twice and the page logs a SyntaxError.
    """
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files
                              if not name.startswith("sphinx-thebe")]
