"""Command line: ``python -m playbook kb | serve | cards``.

- ``kb``: validate the knowledge base YAML and rewrite the JSON snapshot (``--check``: only
  report whether the snapshot is stale);
- ``serve``: serve the built book on http://127.0.0.1:8000 with the MIME types the browser
  runtime needs (``.mjs`` as JavaScript, ``.wasm`` as WebAssembly);
- ``cards``: plan a role-play session (情景模拟) and write its printable cards
  (``cards.html`` + font, ``--pdf``: also ``cards.pdf`` via headless Chromium);
  ``cards --dialogue ID`` prints one role-play dialogue (对练) as a script instead;
- ``dashboard``: the trainer's dashboard over the records store (``dashboard.html`` with the
  charts embedded, ``records.xlsx`` and the CSV files);
- ``records``: list the trainees or the sessions of the records store; ``records import
  FILE…`` loads trainees' exported practice progress files (我的练习) into it.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playbook.trainer.records import Store


def _kb(args: argparse.Namespace) -> int:
    from playbook import kb
    from playbook.kb import build as kbbuild

    try:
        if args.check:
            if kbbuild.is_stale():
                print("知识库快照已过期:请运行 python -m playbook kb 重新生成。", file=sys.stderr)
                return 1
            print("知识库快照与 YAML 一致。")
            return 0
        base = kbbuild.build()
    except kb.KnowledgeError as err:
        print(f"知识库校验失败:{err}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(getattr(base, name))}" for name in kb.collection_names()
                       if getattr(base, name))
    print(f"知识库校验通过,快照已写入 {kbbuild.SNAPSHOT_PATH}:{counts}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from playbook.site.serve import serve

    root = Path(args.directory)
    if not (root / "index.html").exists():
        print(f"找不到 {root / 'index.html'}:请先构建书(bash scripts/serve.sh 会自动构建)。",
              file=sys.stderr)
        return 1
    serve(root, host=args.host, port=args.port)
    return 0


def _whole(text: str, label: str, lo: int, hi: int) -> int:
    """``text`` as an int in [lo, hi]; else PlaybookInputError naming ``label`` and the range."""
    from playbook.errors import PlaybookInputError

    try:
        value = int(text.strip())
    except ValueError:
        raise PlaybookInputError(label, code="integer", label=label, low=lo, high=hi, received=text) from None
    if not lo <= value <= hi:
        raise PlaybookInputError(label, code="integer", label=label, low=lo, high=hi, received=value)
    return value


def _cards(args: argparse.Namespace) -> int:
    from playbook.trainer import cards
    from playbook.trainer import roleplay
    from playbook.errors import PlaybookInputError

    if args.dialogue:
        try:
            written = cards.write_dialogue_script(args.dialogue, args.out, pdf=args.pdf)
        except PlaybookInputError as err:
            print(f"无法生成对练脚本:{err.message}", file=sys.stderr)
            return 1
        except OSError as err:
            print(f"无法写入 {args.out}:{err.strerror or err}", file=sys.stderr)
            return 1
        print(f"对练脚本“{args.dialogue}”已写入:")
        for path in written:
            print(f"  {path}")
        return 0
    try:
        if (args.trainees is None) == (args.count is None):
            raise PlaybookInputError("trainees", code="cli_trainees")
        if args.trainees is not None:
            names = [n for n in re.split(r"[,\uff0c\u3001;\uff1b\s]+", args.trainees) if n]
        else:
            count = _whole(args.count, "--count", roleplay.MIN_TRAINEES, roleplay.MAX_TRAINEES)
            names = [f"学员{i}" for i in range(1, count + 1)]
        plan = roleplay.plan_session(
            names, rounds=_whole(args.rounds, "--rounds", roleplay.MIN_ROUNDS, roleplay.MAX_ROUNDS),
            seed=_whole(args.seed, "--seed", 0, 2**31 - 1), session=args.session)
        written = cards.write_cards(plan, args.out, pdf=args.pdf)
    except PlaybookInputError as err:
        print(f"无法生成卡片:{err.message}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"无法写入 {args.out}:{err.strerror or err}", file=sys.stderr)
        return 1
    print(f"情景模拟“{plan.session}”:{len(plan.trainees)} 名学员,{len(plan.rounds)} 轮,"
          f"共 {len(plan.cards) * 3} 张卡片。已写入:")
    for path in written:
        print(f"  {path}")
    for round_cards in plan.rounds:
        print(f"第 {round_cards[0].round_no} 轮")
        for c in round_cards:
            print(f"  第 {c.group_no} 组:客户经理 {c.salesperson} · 客户 {c.customer} · "
                  f"观察员 {'、'.join(c.observers)} · 情景“{c.customer_card.persona}”({c.scenario_id})")
    return 0


def _open_store(url: str | None, *, create: bool = True) -> Store:
    from playbook.trainer import records

    return records.open_store(url or None, create=create)


def _dashboard(args: argparse.Namespace) -> int:
    from playbook.errors import PlaybookInputError
    from playbook.trainer.dashboard import export_all, write_dashboard

    if not args.out:
        print("请用 --out 指定输出文件夹,如 --out 看板", file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        with _open_store(args.db, create=False) as store:
            where = store.url
            if args.session is not None:
                sessions = store.sessions()
                if args.session not in sessions:
                    known = "、".join(f"“{s}”" for s in sessions) or "(还没有任何场次)"
                    raise PlaybookInputError("session", code="cli_unknown_session", session=args.session,
                                             sessions=known)
            sheets = store.sheets(session=args.session)
            progress = store.practice_progress()
        if not sheets and not progress:
            raise PlaybookInputError("sheets", code="cli_no_sheets", where=where)
        title = f"情景模拟看板 · {args.session}" if args.session else "情景模拟看板 · 全部场次"
        from playbook.views.links import book_drill_url

        written = write_dashboard(sheets, out, title=title, source=where, progress=progress,
                                  drill_url=book_drill_url(args.book_url))
        if sheets:
            written += export_all(sheets, out)
    except PlaybookInputError as err:
        print(f"无法生成看板:{err.message}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"无法写入 {out}:{err.strerror or err}", file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001 - a database failure: a message, not a traceback
        print(f"无法生成看板:记录库出错({type(err).__name__}: {str(err)[:200]})", file=sys.stderr)
        return 1
    from playbook.trainer.dashboard import self_study_lines

    trainees = len({s.trainee for s in sheets})
    session_count = len({s.session for s in sheets})
    print(f"看板已生成:{trainees} 名学员,{session_count} 场,{len(sheets)} 轮评分;"
          f"{len(progress)} 名学员的自学进度。")
    if progress:
        print("自学掌握情况(红 / 黄 / 绿,练过/总数):")
        for line in self_study_lines(progress):
            print(f"  {line}")
    print("已写入:")
    for path in written:
        print(f"  {path}")
    print("用浏览器打开 dashboard.html 查看" + (";records.xlsx 和 CSV 可用 Excel/WPS 打开。" if sheets else "。"))
    return 0


def _console_file(text: str) -> bool:
    """Is this a file of the book's 培训师 page (records export or score file), not a progress file?"""
    head = text.lstrip("\ufeff")[:200]
    return '"playbook-records"' in head or '"playbook-scores"' in head


def _records_import(args: argparse.Namespace) -> int:
    from playbook.errors import PlaybookInputError

    if not args.files:
        print("请给出要导入的进度文件,如 python -m playbook records import 张三-练习进度.json", file=sys.stderr)
        return 1
    failed: list[str] = []
    imported: list[str] = []
    added_total = 0
    try:
        with _open_store(args.db) as store:
            print(f"记录库 {store.url}:")
            for name in args.files:
                # One file at a time: a bad file is named and skipped, the batch goes on.
                path = Path(name)
                try:
                    data = path.read_bytes()
                    text = data.decode("utf-8")
                    if _console_file(text):  # the 培训师 page's export or an observer's score file
                        from playbook.trainer import console

                        print(f"  {console.import_file(store, str(path), text).text}")
                        continue
                    trainee, added = store.import_practice(text, trainee=args.trainee, where=f" {path} ")
                except OSError as err:
                    failed.append(str(path))
                    print(f"  {path}:无法读取这个文件({err.strerror or type(err).__name__})", file=sys.stderr)
                except UnicodeDecodeError:
                    failed.append(str(path))
                    print(f"  {path}:不是 UTF-8 文本的进度文件", file=sys.stderr)
                except PlaybookInputError as err:
                    failed.append(str(path))
                    where = "记录库出错:" if err.field in ("store", "url") else ""
                    print(f"  {path}:未导入。{where}{err.message}", file=sys.stderr)
                except Exception as err:  # noqa: BLE001 - a file the parser did not foresee: named, skipped
                    failed.append(str(path))
                    print(f"  {path}:未导入,文件内容无法识别({type(err).__name__})", file=sys.stderr)
                else:
                    imported.append(str(path))
                    added_total += added
                    print(f"  {path}:学员 {trainee},新增 {added} 次作答"
                          + ("(这些记录已导入过,未重复计入)" if added == 0 else ""))
    except PlaybookInputError as err:
        print(f"无法打开记录库:{err.message}", file=sys.stderr)
        return 1
    print(f"共 {len(args.files)} 个文件:导入 {len(imported)} 个(新增 {added_total} 次作答)"
          + (f",未导入 {len(failed)} 个:{'、'.join(failed)[:400]}" if failed else ""))
    return 1 if failed else 0


def _records(args: argparse.Namespace) -> int:
    from playbook.errors import PlaybookInputError

    if args.what == "import":
        return _records_import(args)
    if args.files:
        print(f"records {args.what} 不接受文件参数", file=sys.stderr)
        return 1
    try:
        with _open_store(args.db, create=False) as store:
            if args.what == "trainees":
                rows = [f"{t.name}" + (f"({t.team})" if t.team else "") for t in store.trainees()]
                head = f"记录库 {store.url} 中的学员:{len(rows)} 名"
            else:
                rows = [f"{s}:{len(store.sheets(session=s))} 轮评分" for s in store.sessions()]
                head = f"记录库 {store.url} 中的场次:{len(rows)} 场"
    except PlaybookInputError as err:
        print(f"无法读取记录库:{err.message}", file=sys.stderr)
        return 1
    except Exception as err:  # noqa: BLE001
        print(f"无法读取记录库:{type(err).__name__}: {str(err)[:200]}", file=sys.stderr)
        return 1
    print(head)
    for row in rows:
        print(f"  {row}")
    return 0


def _undecodable(argv: list[str]) -> str | None:
    """The first argument that was not valid UTF-8 (Python keeps its bytes as lone surrogates)."""
    for arg in argv:
        if isinstance(arg, str) and any("\ud800" <= ch <= "\udfff" for ch in arg):
            return arg
    return None


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else list(argv)
    bad = _undecodable(args_in)
    if bad is not None:
        visible = bad.encode("utf-8", "surrogateescape").decode("utf-8", "replace")[:40]
        print(f"命令行参数 “{visible}” 不是 UTF-8 编码的文字(终端可能在用 GBK):"
              "请把终端的编码改为 UTF-8(如 chcp 65001 或 export LANG=zh_CN.UTF-8)后重新输入。",
              file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="python -m playbook", description="销售作战手册工具")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("kb", help="校验知识库并重新生成 JSON 快照")
    p.add_argument("--check", action="store_true", help="只检查快照是否过期,不写文件")
    p.set_defaults(func=_kb)
    p = sub.add_parser("serve", help="在本机提供已构建的书")
    p.add_argument("directory", nargs="?", default="book/_build/html")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=_serve)
    p = sub.add_parser("cards", help="安排情景模拟分组并生成可打印的角色卡片")
    p.add_argument("--trainees", help="学员名单,用逗号分隔,如 张三,李四,王五")
    p.add_argument("--count", help="学员人数(不给名单时用“学员1”“学员2”……)")
    p.add_argument("--rounds", default="3", help="轮数 1–10(默认 3)")
    p.add_argument("--seed", default="0", help="随机种子:同一种子得到同样的分组和卡片(默认 0)")
    p.add_argument("--session", default="情景模拟", help="场次名称,如 “2026-11-23 新员工第一期”")
    p.add_argument("--out", default="cards", help="输出文件夹(默认 cards)")
    p.add_argument("--pdf", action="store_true", help="同时用无界面 Chromium 打印 cards.pdf")
    p.add_argument("--dialogue", help="改为打印一段对练的角色扮演脚本:书中“对练”一章表格里的编号(如 10)或对练的 id")
    p.set_defaults(func=_cards)
    db_help = "记录库地址,如 sqlite:////绝对路径/records.sqlite3 或 postgresql://…(默认:环境变量 PLAYBOOK_DB_URL,否则数据文件夹中的 records.sqlite3)"
    p = sub.add_parser("dashboard", help="从评分记录生成看板(dashboard.html、records.xlsx、CSV)")
    p.add_argument("--session", help="只看这一场(默认:全部场次)")
    p.add_argument("--db", help=db_help)
    p.add_argument("--out", help="输出文件夹,如 看板")
    p.add_argument("--book-url", default=None,
                   help="“去练习”链接指向的书的地址(书的根目录):默认 http://127.0.0.1:8000/"
                        "(python -m playbook serve 或 bash scripts/serve.sh 打开的书);"
                        "书发布在网上时填其地址,如 https://example.com/playbook/;"
                        "填空字符串 \"\" 则为相对链接(把 dashboard.html 放在书的根目录时可用)")
    p.set_defaults(func=_dashboard)
    p = sub.add_parser("records", help="列出记录库中的学员或场次;导入学员的自学进度文件")
    p.add_argument("what", choices=["trainees", "sessions", "import"],
                   help="trainees:学员;sessions:场次;import:导入“我的练习”的进度文件、培训师工作台的培训记录或评分文件")
    p.add_argument("files", nargs="*", help="import 时:一个或多个进度文件(JSON)")
    p.add_argument("--trainee", help="import 时:学员姓名(文件里没有姓名时必填;与文件里的姓名不符的文件不导入)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_records)
    args = parser.parse_args(args_in)
    return args.func(args)
