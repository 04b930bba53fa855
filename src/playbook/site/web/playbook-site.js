// Small fixes every page of the book gets (loaded by playbook.site.sphinxext on every page).
//
// 1. Phone navigation: the theme renders its ☰ and table-of-contents buttons twice (a hidden
//    navbar copy first, then the visible article-header copy) but wires up only the first of
//    each; the visible copies forward their clicks to the wired ones.
// 2. Wide tables: a hint above a table box that scrolls sideways (book tables and live apps' tables).
// 4. Screen-reader labels in Chinese.
// 5. Search ranking: a page that uses a searched term more often ranks higher.
// 3. Search results: snippets come from the page text without quiz answers, answer keys and
//    hidden solutions; a glossary hit shows the term's definition.
(function () {
  "use strict";

  function forwardToggles() {
    [".primary-toggle", ".secondary-toggle"].forEach(function (selector) {
      var all = Array.prototype.slice.call(document.querySelectorAll(selector));
      var wired = all[0];
      all.slice(1).forEach(function (button) {
        if (button.dataset.pbForward) return;
        button.dataset.pbForward = "1";
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          wired.click();
        });
      });
    });
  }

  // Book tables, and the tables live apps draw (a box that scrolls sideways around a table).
  var WIDE = ".bd-content .pst-scrollable-table-container, .pb-live-app div[style*='overflow-x']";

  function markWideTables() {
    document.querySelectorAll(WIDE).forEach(function (box) {
      if (box.matches(".pb-live-app div[style*='overflow-x']") && !box.querySelector("table")) return;
      var hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("pb-scroll-hint")) {
        hint = document.createElement("div");
        hint.className = "pb-scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "⇆ 表格较宽\uff0c左右滑动查看全部列";
        box.parentNode.insertBefore(hint, box);
        box.addEventListener("scroll", function () { update(box, hint); }, {passive: true});
      }
      update(box, hint);
    });
  }

  function update(box, hint) {
    var overflows = box.scrollWidth > box.clientWidth + 2;
    box.classList.toggle("pb-overflows", overflows);
    box.classList.toggle("pb-at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 2);
    hint.classList.toggle("pb-on", overflows);
  }

  // Text a search snippet must not show: quiz feedback and answer keys, exercise solutions.
  // Nor the page's chrome inside the main block: header buttons, printed contents, prev/next.
  var NOT_IN_SNIPPETS = [".headerlink", "script", "style", ".pb-quiz-fb", ".pb-quiz-key",
                         ".solution", ".pb-print-only", ".toggle-hidden", ".bd-header-article",
                         ".onlyprint", "nav", ".prev-next-area", ".bd-footer-article", ".pb-live-status"];

  function searchText(htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    NOT_IN_SNIPPETS.forEach(function (q) {
      doc.querySelectorAll(q).forEach(function (el) { el.remove(); });
    });
    var main = doc.querySelector('[role="main"]');
    if (!main) return "";
    if (anchor) {
      var target = null;
      try { target = main.querySelector(anchor); } catch (e) { target = null; }
      if (target) {
        // a glossary term (<dt>): its definition is the <dd> that follows
        if (target.tagName === "DT") {
          var dd = target.nextElementSibling;
          while (dd && dd.tagName === "DT") dd = dd.nextElementSibling;
          return target.textContent.trim() + "\uff1a" + (dd ? dd.textContent.trim() : "");
        }
        return target.textContent;
      }
    }
    // the glossary page: the entry of the term searched for comes first, with its definition
    var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
    var words = query.split(/\s+/).filter(Boolean);
    var terms = Array.prototype.slice.call(main.querySelectorAll("dl.glossary > dt"));
    if (words.length && terms.length) {
      var hit = terms.filter(function (dt) { return words.some(function (w) { return dt.textContent.indexOf(w) >= 0; }); })
        .sort(function (a, b) { return a.textContent.trim().length - b.textContent.trim().length; })[0];
      if (hit) {
        var dd = hit.nextElementSibling;
        while (dd && dd.tagName === "DT") dd = dd.nextElementSibling;
        return hit.textContent.trim() + "\uff1a" + (dd ? dd.textContent.trim() : "");
      }
    }
    return main.textContent;
  }

  // Rank by how much a page is about the term: Sphinx's index only knows whether a page has a
  // word, so a page that mentions 价格异议 once ties with the one that explains it. Each
  // dictionary term in the query adds the page's count of it (pb-search-boost.js), capped.
  function boostedScore(result) {
    var counts = window.PB_TERM_COUNTS || {};
    var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
    var score = result[4];
    Object.keys(counts).forEach(function (term) {
      if (query.indexOf(term) < 0) return;
      var n = counts[term][result[0]] || 0;
      score += Math.min(n, 20);
    });
    return score;
  }

  function patchSearch() {
    if (typeof Search !== "undefined" && Search && typeof Search.htmlToText === "function") {
      Search.htmlToText = searchText;
    }
    if (typeof Scorer !== "undefined" && Scorer && !Scorer.score) Scorer.score = boostedScore;
  }

  patchSearch();  // before Search.init runs its query (both wait for the DOM)
  // The theme's English screen-reader labels, in Chinese.
  var LABELS = {"Color mode": "明暗模式", "Search": "搜索", "Fullscreen mode": "全屏",
                "Download this page": "下载本页", "Toggle navigation": "打开目录",
                "Back to top": "回到顶部", "Site navigation": "全书目录", "On this page": "本页目录",
                "Section Navigation": "本节目录", "Breadcrumb": "当前位置", "Previous page": "上一页",
                "Next page": "下一页", "Main": "正文", "Secondary": "侧栏", "Page": "本页",
                "Toggle hidden content": "展开或收起", "Copy": "复制", "Copy to clipboard": "复制",
                "Close": "关闭", "Search the docs ...": "搜索本书…"};

  function chineseLabels() {
    document.querySelectorAll("[aria-label], [title]").forEach(function (el) {
      ["aria-label", "title"].forEach(function (attr) {
        var v = el.getAttribute(attr);
        if (v && LABELS[v.trim()]) el.setAttribute(attr, LABELS[v.trim()]);
      });
    });
  }

  function ready() {
    patchSearch();
    forwardToggles();
    markWideTables();
    chineseLabels();
    window.addEventListener("resize", markWideTables);
    // live apps draw their tables after the page has loaded
    var pending = null;
    new MutationObserver(function () {
      if (pending) return;
      pending = setTimeout(function () { pending = null; markWideTables(); chineseLabels(); }, 200);
    }).observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
