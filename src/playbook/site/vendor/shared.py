"""The machine's shared cache of browser assets: downloads and made files that one checkout
fetched or made are copied to another instead of being fetched or made again."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

#: What :func:`share` copies between a checkout's cache and the machine's shared cache: downloads
#: (checked against their pinned hashes wherever they are used) and files named by the hash of
#: everything they are made from (bytecode, the WOFF2 font, the project's wheel), so a file
#: found under its name is the file this checkout would make.
SHARED = ("npm/*.tgz", "wheels/*.whl", "pyc/*.bundle.zip", "pyc/*.stdlib.zip", "woff2/*/*.woff2",
          "lite/project/*/*.whl")
#: Made files (one per version of the sources) kept in the shared cache: the newest few.
SHARED_KEEP = {"pyc/*.bundle.zip": 6, "pyc/*.stdlib.zip": 6, "lite/project/*/*.whl": 6}
SHARED_ENV = "PLAYBOOK_SHARED_CACHE"


def shared_store() -> Path | None:
    """The machine's shared cache for browser assets, like pip's: ``$PLAYBOOK_SHARED_CACHE``,
    else ``$XDG_CACHE_HOME/playbook``, else ``~/.cache/playbook``; None when
    ``PLAYBOOK_SHARED_CACHE=0`` (every checkout then fetches and makes everything itself)."""
    chosen = os.environ.get(SHARED_ENV)
    if chosen == "0":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "playbook"


def share(source: Path, dest: Path) -> int:
    """Copy the :data:`SHARED` files ``dest`` lacks from ``source`` (a hard link where the file
    system allows, else a copy; each lands under its name in one rename, so a concurrent build
    never sees half a file). Files are never changed in place, only replaced. Returns how many
    were copied; a cache that cannot be written is skipped (the build then just fetches)."""
    copied = 0
    for pattern in SHARED:
        for path in source.glob(pattern):
            target = dest / path.relative_to(source)
            if target.exists():
                continue
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, tmp)
                except OSError:
                    shutil.copyfile(path, tmp)
                os.replace(tmp, target)
                copied += 1
            except OSError as err:
                try:
                    tmp.unlink(missing_ok=True)
                except OSError:
                    pass
                print(f"[playbook] 共享缓存不可用({err}),跳过。", flush=True)
                return copied
    _prune(dest)
    return copied


def _prune(cache: Path, *, min_age_s: float = 3600) -> None:
    """Keep the newest :data:`SHARED_KEEP` made files of each kind (older than an hour only:
    a build running now may be about to use the others)."""
    import time

    for pattern, keep in SHARED_KEEP.items():
        files = sorted(cache.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            if time.time() - old.stat().st_mtime > min_age_s:
                old.unlink(missing_ok=True)
