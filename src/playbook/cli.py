"""Command line: ``python -m playbook kb | serve``.

- ``kb``: validate the knowledge base YAML and rewrite the JSON snapshot (``--check``: only
  report whether the snapshot is stale);
- ``serve``: serve the built book on http://127.0.0.1:8000 with the MIME types the browser
  runtime needs (``.mjs`` as JavaScript, ``.wasm`` as WebAssembly).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _kb(args: argparse.Namespace) -> int:
    from playbook import kb, kbbuild

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
    from playbook.serve import serve

    root = Path(args.directory)
    if not (root / "index.html").exists():
        print(f"找不到 {root / 'index.html'}:请先构建书(bash scripts/serve.sh 会自动构建)。",
              file=sys.stderr)
        return 1
    serve(root, host=args.host, port=args.port)
    return 0


def main(argv: list[str] | None = None) -> int:
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
    args = parser.parse_args(argv)
    return args.func(args)
