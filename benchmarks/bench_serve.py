"""Benchmark: ``scripts/serve.sh`` on a fresh clone, until the first page is served (issue 27:
≤ 60 s). Run: ``.venv/bin/python benchmarks/bench_serve.py [--ref REF] [--venv DIR] [REPO]``.

The repository (default: this checkout) is cloned at ``REF`` (default HEAD) into a temporary
folder, and its ``scripts/serve.sh`` is started there on a free port; the time is until
``index.html`` and a page with a live app answer 200. The server (and the PDF printing in the
background, if any) is then stopped and the clone removed.

``--shared-cache DIR`` sets the machine's shared cache of browser assets the build uses
(``PLAYBOOK_SHARED_CACHE``; default: the user's, ``~/.cache/playbook``): an empty folder
measures a machine that never built the book, the same folder again a second clone on it.
``--shared-cache 0`` switches it off.

``--venv`` reuses an existing virtual environment whose pyproject.toml and constraints.txt match
the clone's exactly (the clone's ``scripts/bootstrap.sh`` then installs nothing). If they differ,
bootstrap reinstalls the project into it from the clone, which is deleted afterwards: run
``pip install --no-deps -e .`` in the environment's own checkout then. Without ``--venv`` the
time includes creating ``.venv`` and installing every pinned package.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("repo", nargs="?", default=str(ROOT))
    parser.add_argument("--ref", default="HEAD")
    parser.add_argument("--venv", help="an existing virtual environment to reuse")
    parser.add_argument("--shared-cache", help="PLAYBOOK_SHARED_CACHE for the build (a folder, or 0)")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="playbook-serve-bench-"))
    clone = work / "playbook"
    subprocess.run(["git", "clone", "-q", args.repo, str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", args.ref], check=True)
    port = free_port()
    env = {**os.environ, "PORT": str(port)}
    if args.venv:
        env["PLAYBOOK_VENV"] = args.venv
    if args.shared_cache:
        env["PLAYBOOK_SHARED_CACHE"] = args.shared_cache
    log = (work / "serve.log").open("w")
    started = time.perf_counter()
    proc = subprocess.Popen(["bash", "scripts/serve.sh"], cwd=clone, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    elapsed = None
    try:
        while time.perf_counter() - started < args.timeout and proc.poll() is None:
            if answers(f"{base}/index.html") and answers(f"{base}/chapters/quoting.html"):
                elapsed = time.perf_counter() - started
                break
            time.sleep(0.5)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
    if elapsed is None:
        print(f"serve.sh 没有提供首页(退出码 {proc.returncode}),日志:\n"
              + (work / "serve.log").read_text(encoding="utf-8", errors="replace")[-3000:])
        shutil.rmtree(work, ignore_errors=True)
        return 1
    print(f"新克隆({args.ref},{'沿用虚拟环境 ' + args.venv if args.venv else '新建虚拟环境'}"
          + (f",共享缓存 {args.shared_cache}" if args.shared_cache else "")
          + f"):serve.sh 到首页可访问 {elapsed:.0f} s(目标 ≤ {TARGET_S:g} s)")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if elapsed <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
