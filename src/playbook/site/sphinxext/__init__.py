"""The book's Sphinx extension (``playbook.site.sphinxext`` in ``book/_config.yml``): registers
its directives and build hooks with Sphinx.

The parts, one job each:

- :mod:`.directives`: ``kb-table``, ``kb-cards``, ``kb-item``, ``kb-notes``, ``kb-seedmap``,
  ``kb-glossary`` and ``kb-quiz`` render knowledge-base items into pages at build time;
- :mod:`.book_config`: offline browser assets, the notebook site, Chinese search, templates and the
  quick build's settings (``config-inited``), with :mod:`.build_env` (quick or full build, the
  checkout's cache);
- :mod:`.typeset`: Chinese typography of each page; :mod:`.images`: alt text for charts;
- :mod:`.live_apps`: the calculators and drills a page runs in the reader's browser;
- :mod:`.download_menu`: the header's PDF and print buttons;
- :mod:`.search_boost`: how often each page uses each search term, for result ranking;
- :mod:`.output`: unused files pruned and compressed copies written after the build;
- :mod:`.font_coverage`: the build fails on a character the bundled font cannot draw.

Every public name of the parts is importable from here, as before the split.
"""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from playbook.site.sphinxext.build_env import QUICK_ENV, QUICK_NOTICE, quick_build
from playbook.site.sphinxext.book_config import configure
from playbook.site.sphinxext.directives import (FIELD_LABELS, HIDDEN_FIELDS, VALUE_LABELS, KbCards, KbGlossary,
                                                KbItem, KbNotes, KbQuiz, KbSeedMap, KbTable, cites, item_markdown,
                                                md_escape, parse_pairs, source_text, toc_documents, value_md)
from playbook.site.sphinxext.download_menu import PDF_NAME, add_download_menu
from playbook.site.sphinxext.font_coverage import (BUNDLED_RANGES, check_font_coverage, missing_glyphs,
                                                   page_characters)
from playbook.site.sphinxext.images import describe_images
from playbook.site.sphinxext.live_apps import (LIVE_NOTEBOOK, LIVE_TAG, add_live_script, live_status_html,
                                               mark_live_apps)
from playbook.site.sphinxext.output import FALLBACK_FONTS, UNUSED_OUTPUT, precompress_output, prune_output
from playbook.site.sphinxext.search_boost import (SEARCH_BOOST, _purge_term_counts, count_search_terms,
                                                  search_terms, write_search_boost)
from playbook.site.sphinxext.typeset import (fix_emphasis, join_cjk_lines, raw_html_typography,
                                             typeset_widget_state)

__all__ = [
    "FIELD_LABELS", "VALUE_LABELS", "HIDDEN_FIELDS", "md_escape", "source_text", "value_md", "parse_pairs",
    "item_markdown", "cites", "toc_documents",
    "KbTable", "KbCards", "KbItem", "KbNotes", "KbSeedMap", "KbGlossary", "KbQuiz",
    "join_cjk_lines", "raw_html_typography", "typeset_widget_state", "fix_emphasis", "describe_images",
    "LIVE_TAG", "LIVE_NOTEBOOK", "live_status_html", "mark_live_apps", "add_live_script",
    "PDF_NAME", "add_download_menu",
    "QUICK_ENV", "QUICK_NOTICE", "quick_build", "configure",
    "UNUSED_OUTPUT", "FALLBACK_FONTS", "prune_output", "precompress_output",
    "SEARCH_BOOST", "search_terms", "count_search_terms", "write_search_boost",
    "BUNDLED_RANGES", "page_characters", "missing_glyphs", "check_font_coverage",
    "setup",
]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("kb-table", KbTable)
    app.add_directive("kb-cards", KbCards)
    app.add_directive("kb-item", KbItem)
    app.add_directive("kb-notes", KbNotes)
    app.add_directive("kb-seedmap", KbSeedMap)
    app.add_directive("kb-glossary", KbGlossary)
    app.add_directive("kb-quiz", KbQuiz)
    app.connect("config-inited", configure, priority=900)
    app.connect("source-read", fix_emphasis)
    # before Sphinx's title collector (priority 500), so the navigation shows the fixed titles
    app.connect("doctree-read", join_cjk_lines, priority=400)
    # again once cross-references carry their titles (``(见 {doc}`x`)`` reads 「（见客户维护）」)
    app.connect("doctree-resolved", lambda app, doctree, docname: join_cjk_lines(app, doctree))
    app.connect("doctree-read", mark_live_apps)
    app.connect("doctree-read", describe_images)
    app.connect("doctree-read", typeset_widget_state)
    app.connect("html-page-context", add_live_script)
    app.add_js_file("playbook-site.js", loading_method="defer")
    app.connect("html-page-context", add_download_menu, priority=502)  # after the theme's buttons
    app.connect("build-finished", prune_output)
    app.connect("doctree-read", count_search_terms)
    app.connect("env-purge-doc", _purge_term_counts)
    app.connect("build-finished", write_search_boost)
    app.add_js_file("pb-search-boost.js", loading_method="defer")
    app.connect("build-finished", check_font_coverage)
    app.connect("build-finished", precompress_output, priority=900)  # after every other writer
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
