// Live apps: run the book's calculators and drills in the reader's browser, offline.
//
// Every asset comes from the book itself: Pyodide (Python 3.14 compiled to WebAssembly) from
// _static/pyodide/, the runtime bundle (this package, ipywidgets, traitlets, comm) from
// _static/live/. Widgets are drawn by the page's @jupyter-widgets/html-manager and talk to
// Python through playbook.site.live's comm bridge. Until Python is ready, the page keeps showing
// the example rendered at build time, with a progress bar.
(function () {
  "use strict";
  var script = document.currentScript;
  var STATIC = script.src.replace(/[^/]*$/, "");
  var BUNDLE = STATIC + script.getAttribute("data-bundle");
  // The big downloads, prefetched with progress on a first visit (Pyodide then reads them from the
  // cache); on later visits they are in the browser's cache and only Pyodide reads them.
  var PREFETCH = ["pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip",
                  "pyodide/pyodide.asm.mjs", "pyodide/pyodide-lock.json"];

  // Has this browser already downloaded Python's runtime for this version of the book? Then it is in
  // the browser's cache, and reading it a second time only for the progress bar would cost the page
  // some 0.3 s of CPU on every visit (measured: 16 visits in one Chromium, 40.3 → 34.9 s). Remembered in
  // localStorage after a successful start (asking the HTTP cache itself with fetch's
  // "only-if-cached" logs a failed request on every first visit).
  var SEEN_KEY = "playbook-live-runtime";

  function seenBefore() {
    try {
      return window.localStorage.getItem(SEEN_KEY) === BUNDLE;
    } catch (err) {
      return false;
    }
  }

  function rememberSeen() {
    try {
      window.localStorage.setItem(SEEN_KEY, BUNDLE);
    } catch (err) { /* private mode: the bar shows the download again next time */ }
  }

  // Python's memory once started, with the bundle unpacked and the page's apps' modules imported,
  // kept in the browser's Cache Storage (about 31 MB): the next live page restores it instead of
  // starting Python and importing again (warm, to interactive: 1.3-1.9 s -> 1.0-1.4 s here,
  // benchmarks/bench_live.py). One snapshot per version of the runtime bundle and of Pyodide
  // (older ones are deleted when a new one is stored); one that fails to restore is dropped and
  // Python starts as usual. Without Cache Storage (a page not served from a secure origin,
  // storage blocked) Python simply starts as usual.
  var SNAPSHOT_CACHE = "playbook-live-snapshot";

  function snapshotKey(version) {
    return BUNDLE + (BUNDLE.indexOf("?") < 0 ? "?" : "&") + "pyodide=" + encodeURIComponent(version) + "&snapshot";
  }

  async function readSnapshot(key) {
    try {
      if (!window.caches) return null;
      var response = await (await caches.open(SNAPSHOT_CACHE)).match(key);
      return response ? new Uint8Array(await response.arrayBuffer()) : null;
    } catch (err) {
      return null;
    }
  }

  async function storeSnapshot(key, bytes) {
    try {
      if (!window.caches) return false;
      var cache = await caches.open(SNAPSHOT_CACHE);
      var keep = new URL(key, location.href).href;
      for (var old of await cache.keys()) if (old.url !== keep) await cache.delete(old);
      await cache.put(key, new Response(bytes));
      return true;
    } catch (err) {  // storage full or blocked: the next page starts Python as usual
      return false;
    }
  }

  // Start Python: from the stored snapshot when there is one, else afresh. Both ways Python may be
  // snapshotted again (after the page's imports, before anything in it refers to the page).
  async function startPython(module) {
    var options = {indexURL: STATIC + "pyodide/", packages: [], stdout: console.log, stderr: console.warn,
                   _makeSnapshot: true};
    var key = snapshotKey(module.version);
    var snapshot = await readSnapshot(key);
    if (snapshot) {
      try {
        return {pyodide: await module.loadPyodide(Object.assign({_loadSnapshot: snapshot}, options)),
                key: key, restored: true};
      } catch (err) {
        console.warn("playbook: 没能从快照恢复 Python,改为重新启动", err);
        if (window.caches) caches.delete(SNAPSHOT_CACHE).catch(function () {});
      }
    }
    return {pyodide: await module.loadPyodide(options), key: key, restored: false};
  }

  function cells() {
    return Array.prototype.slice.call(document.querySelectorAll(".pb-live-status"));
  }

  function report(fraction, text) {
    cells().forEach(function (status) {
      var bar = status.querySelector("progress");
      if (bar && fraction !== null) bar.value = Math.round(100 * fraction);
      if (text) status.querySelector(".pb-live-label").textContent = text;
    });
  }

  function fail(err) {
    console.error("[playbook] live app failed:", err);
    cells().forEach(function (status) {
      status.setAttribute("data-state", "failed");
      status.querySelector(".pb-live-label").textContent =
        "未能在浏览器中启动\uff08" + (err && err.message ? err.message : err) +
        "\uff09。下面是构建时生成的示例\uff1b在 Jupyter 中打开本章可以完整使用。";
    });
  }

  async function fetchAll(urls, onBytes) {
    // Progress by bytes: each response's Content-Length adds to the total as it arrives.
    var total = 0, loaded = 0;
    return Promise.all(urls.map(async function (u) {
      var response = await fetch(u);
      if (!response.ok) throw new Error("无法下载 " + u.replace(STATIC, "") + "\uff08" + response.status + "\uff09");
      total += Number(response.headers.get("Content-Length")) || 0;
      var reader = response.body.getReader();
      var chunks = [];
      for (;;) {
        var part = await reader.read();
        if (part.done) break;
        chunks.push(part.value);
        loaded += part.value.length;
        onBytes(Math.min(1, loaded / Math.max(total, 1)), total);
      }
      var out = new Uint8Array(chunks.reduce(function (n, c) { return n + c.length; }, 0));
      var at = 0;
      chunks.forEach(function (c) { out.set(c, at); at += c.length; });
      return out;
    }));
  }

  function htmlManager() {
    return new Promise(function (resolve, reject) {
      if (typeof window.require !== "function") {
        reject(new Error("页面缺少部件渲染器"));
        return;
      }
      window.require(["@jupyter-widgets/html-manager"], function (hm) {
        resolve(new hm.HTMLManager());
      }, reject);
    });
  }

  // The page's end of the comms Python opens (IClassicComm of @jupyter-widgets/base).
  function Bridge(live, manager) {
    var comms = {};
    var msgId = 0;
    function Comm(id, target) {
      this.comm_id = id;
      this.target_name = target;
      this._onMsg = null;
      this._onClose = null;
      this._queue = [];
    }
    Comm.prototype.open = function () { return ""; };
    // Binary buffers (a FileUpload's file) cross to Python as base64 strings.
    function toBase64(buffer) {
      var bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer)
        : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      var out = "";
      for (var i = 0; i < bytes.length; i += 0x8000) {
        out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      }
      return btoa(out);
    }
    Comm.prototype.send = function (data, callbacks, metadata, buffers) {
      msgId += 1;
      var encoded = (buffers || []).map(toBase64);
      live.deliver(this.comm_id, JSON.stringify(data), JSON.stringify(encoded));
      var status = callbacks && callbacks.iopub && callbacks.iopub.status;
      if (status) setTimeout(function () { status({content: {execution_state: "idle"}}); }, 0);
      return "pb-" + msgId;
    };
    Comm.prototype.close = function () { return ""; };
    Comm.prototype.on_msg = function (cb) {
      this._onMsg = cb;
      var queued = this._queue;
      this._queue = [];
      queued.forEach(cb);
    };
    Comm.prototype.on_close = function (cb) { this._onClose = cb; };
    Comm.prototype._receive = function (msg) {
      if (this._onMsg) this._onMsg(msg); else this._queue.push(msg);
    };

    this.receive = function (text) {
      var m = JSON.parse(text);
      var msg = {content: {comm_id: m.comm_id, data: m.data, target_name: m.target_name},
                 metadata: m.metadata, buffers: [], parent_header: {}};
      if (m.type === "comm_open") {
        var comm = new Comm(m.comm_id, m.target_name);
        comms[m.comm_id] = comm;
        manager.handle_comm_open(comm, msg).catch(function (e) { console.error(e); });
      } else if (m.type === "comm_msg") {
        if (comms[m.comm_id]) comms[m.comm_id]._receive(msg);
      } else if (m.type === "comm_close") {
        var closing = comms[m.comm_id];
        delete comms[m.comm_id];
        if (closing && closing._onClose) closing._onClose(msg);
      }
    };
  }

  // A download link whose page still names the book's font (报价单, filled 检查表: data_link marks
  // it): on click, Python embeds the subset of the font the page uses (fontTools and the font are
  // fetched from this site on the first click, never at start-up), the link takes the embedded
  // page and the download goes on. If that fails, the page is downloaded as it is.
  function embedFontOnClick(pyodide) {
    var common = null;
    document.addEventListener("click", async function (ev) {
      var a = ev.target.closest ? ev.target.closest("a[data-pb-embed-font]") : null;
      if (!a || a.hasAttribute("data-pb-embedded")) return;
      ev.preventDefault();
      var label = a.textContent;
      a.textContent = "正在准备文件(嵌入字体)…";
      try {
        common = common || pyodide.pyimport("playbook.views.common");
        var href = a.getAttribute("href");
        var head = href.slice(0, href.indexOf(",") + 1);
        var bytes = Uint8Array.from(atob(href.slice(head.length)), function (c) { return c.charCodeAt(0); });
        var embedded = new TextEncoder().encode(await common.embed_for_download(new TextDecoder().decode(bytes)));
        var binary = "";
        for (var i = 0; i < embedded.length; i += 0x8000) {
          binary += String.fromCharCode.apply(null, embedded.subarray(i, i + 0x8000));
        }
        a.setAttribute("href", head + btoa(binary));
      } catch (err) {
        console.warn("playbook: 没能把字体嵌入下载的文件,下载未嵌入字体的版本", err);
      }
      a.textContent = label;
      a.setAttribute("data-pb-embedded", "");
      a.click();
    });
  }

  async function boot() {
    var began = performance.now();
    var stages = {};
    function stage(name) { stages[name] = (performance.now() - began) / 1000; }
    var fromCache = seenBefore();
    report(0, fromCache ? "正在启动 Python …" : "正在下载运行环境\uff08Python\uff0c约 12 MB\uff0c只需下载一次\uff09…");
    // Everything starts at once: Pyodide fetches its files itself (the browser's cache lets
    // the prefetch below and Pyodide share one download); the prefetch only drives the bar.
    var downloads = fetchAll((fromCache ? [] : PREFETCH.map(function (p) { return STATIC + p; })).concat([BUNDLE]),
      function (fraction, total) {
        report(0.8 * fraction, fromCache ? null : "正在下载运行环境\uff08Python\uff0c约 " +
               Math.round(total / 1048576) + " MB\uff0c只需下载一次\uff09… " + Math.round(100 * fraction) + "%");
      }).then(function (files) { stage("download"); report(0.85, "正在启动 Python …"); return files; });
    var python = import(STATIC + "pyodide/pyodide.mjs").then(startPython)
      .then(function (started) { stage("python"); return started; });
    await domReady;
    var managerReady = htmlManager();
    var files = await downloads;
    var bundle = files[files.length - 1];
    var started = await python;
    var pyodide = started.pyodide;
    report(0.92, "正在载入手册的程序 …");
    var site = pyodide.runPython("import site; site.getsitepackages()[0]");
    pyodide.unpackArchive(bundle, "zip", {extractDir: site});
    var live = pyodide.pyimport("playbook.site.live");
    if (started.restored) live.after_restore();
    // The page's imports, then (when they added anything to a restored snapshot) a new snapshot.
    var countModules = "import sys; len(sys.modules)";
    var before = pyodide.runPython(countModules);
    var snapshot = null;
    if (live.preload(cells().map(function (s) { return s.getAttribute("data-code"); }))
        && (!started.restored || pyodide.runPython(countModules) > before)) {
      try {
        snapshot = pyodide.makeMemorySnapshot();
      } catch (err) {
        console.warn("playbook: 没能保存 Python 的快照(下次照常启动)", err);
      }
    }
    // In the mode that can make snapshots, Python's `js` module is a stand-in for the page's
    // globals that cannot read DOM properties (script.src, window.localStorage): from here on,
    // Python gets the page's own globals (the apps import `js` only when they run).
    pyodide.registerJsModule("js", globalThis);
    pyodide.runPython("import sys; sys.modules.pop('js', None)");
    stage("imports");
    var manager = await managerReady;
    var bridge = new Bridge(live, manager);
    live.install(bridge.receive);
    embedFontOnClick(pyodide);
    stage("bundle");
    for (var status of cells()) {
      var cell = status.closest(".cell");
      var output = cell.querySelector(".cell_output");
      var modelId = live.run_app(status.getAttribute("data-code"));
      stage("app");
      var model = await manager.get_model(modelId);
      var view = await manager.create_view(model);
      var target = document.createElement("div");
      target.className = "pb-live-app";
      if (output) output.parentNode.insertBefore(target, output); else cell.appendChild(target);
      await manager.display_view(view, target);
      if (output) output.hidden = true;
      status.setAttribute("data-state", "ready");
      status.querySelector(".pb-live-label").textContent = "✓ 已在浏览器中运行\uff1a直接操作下面的内容\uff0c结果立即更新。";
    }
    stage("view");
    // Opened from a "practise next" link (?item=…): the drill that took the item scrolls into view.
    var focus = document.querySelector(".pb-live-app .pb-focus");
    if (focus) setTimeout(function () { focus.scrollIntoView({block: "start"}); }, 50);
    window.playbookLive = {ready: true, seconds: (performance.now() - began) / 1000,
                           sincePageOpen: performance.now() / 1000, stages: stages, fromCache: fromCache,
                           snapshot: started.restored ? "restored" : "started", snapshotStored: null};
    rememberSeen();
    document.documentElement.setAttribute("data-pb-live", "ready");
    // Stored after the apps are on the page, so that it never delays them.
    if (snapshot) {
      window.playbookLive.snapshotStored = await storeSnapshot(started.key, snapshot);
    }
  }

  // The script loads async: Python starts downloading and booting at once, while the page is
  // still being parsed; the cells (and the widget renderer) are used once the DOM is ready and
  // the deferred scripts (require.js, the widget manager) have run, i.e. at DOMContentLoaded.
  // readyState "interactive" comes *before* the deferred scripts run: wait for the event then
  // too, unless the navigation timing says it has already fired (then waiting for "load" would
  // hang on any slow image or font); "load" stays as a last resort.
  var domReady = new Promise(function (resolve) {
    var nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    if (document.readyState === "complete" || (nav && nav.domContentLoadedEventEnd > 0)) { resolve(); return; }
    document.addEventListener("DOMContentLoaded", resolve);
    window.addEventListener("load", resolve);
  });
  boot().catch(function (err) {
    window.playbookLive = {ready: false, error: String(err)};
    document.documentElement.setAttribute("data-pb-live", "failed");
    domReady.then(function () { fail(err); });
  });
})();
