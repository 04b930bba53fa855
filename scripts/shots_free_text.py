"""Screenshots of the free-text panel (views.drills.FreeTextDrill) for a pass, a fail and an unsure answer:
as static pages (the widget's own HTML values, buttons drawn as HTML) at 1280 and 390 px.

    .venv/bin/python scripts/shots_free_text.py OUT_DIR $'TASK_ID\tANSWER\tNAME' …
"""
import html, sys, pathlib, http.server, threading, functools, time
from playbook.engines import drills, judge
from playbook.views.drills import FreeTextDrill

out = pathlib.Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
cases = [(tid, text, name) for tid, text, name in (l.split("\t") for l in sys.argv[2:])]
tasks = {t.id: t for t in drills.free_text_tasks()}
import shutil
shutil.copy(pathlib.Path("src/playbook/fonts/NotoSansSC-GB2312.ttf"), out / "font.ttf")
CSS = """@font-face{font-family:PB;src:url(font.ttf)} body{font-family:PB,sans-serif;max-width:760px;margin:16px auto;padding:0 12px;font-size:15px}
.box{border:1px solid #ddd;padding:8px} textarea{width:100%;height:6em;box-sizing:border-box;font:inherit}
button{font:inherit;padding:4px 14px;margin:4px 6px 4px 0;border:1px solid #bbb;background:#eee;border-radius:2px}
button.primary{background:#2196f3;color:#fff;border-color:#2196f3} button[disabled]{opacity:.5}
.row{display:flex;flex-wrap:wrap;align-items:center}"""
pages = []
for tid, text, name in cases:
    d = FreeTextDrill(tasks[tid])
    d.check(text)
    if d.result.verdict == "unsure":
        d.rate("还行")
    kids = d.children
    parts = [kids[0].value, kids[1].value, kids[2].value,
             f"<textarea>{html.escape(text)}</textarea>",
             "<div class='row'><button class='primary'>评判</button><button>参考答案</button></div>",
             d.feedback.value]
    if d.rating_box.layout.display != "none":
        parts.append("<div class='row'><b>自评:</b>" + "".join(
            f"<button{' disabled' if b.disabled else ''}>{b.description}</button>" for b in d.rate_buttons) + "</div>")
    parts.append(d.note.value)
    page = f"<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><style>{CSS}</style><div class=box>{''.join(parts)}</div>"
    (out / f"{name}.html").write_text(page, encoding="utf-8")
    pages.append(name)
    print(name, d.result.verdict, d.result.reasons)
port = 8600 + int(time.time()) % 300
srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out)))
threading.Thread(target=srv.serve_forever, daemon=True).start()
from playbook.site.headless import Browser
b = Browser(out)
try:
    for width in (1280, 390):
        b.driver.set_window_size(width, 1400)
        for name in pages:
            b.open(f"http://127.0.0.1:{port}/{name}.html"); time.sleep(0.8)
            h = b.driver.execute_script("return document.body.scrollHeight")
            b.driver.set_window_size(width, min(h + 140, 2400)); time.sleep(0.3)
            b.driver.save_screenshot(str(out / f"{name}-{width}.png"))
finally:
    b.driver.quit(); srv.shutdown()
