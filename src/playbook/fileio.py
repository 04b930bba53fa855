"""Writing files so that a crash never leaves a partial one (standard library only)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, a lone surrogate as ``?``) via a temp file in the same folder, fsync, ``os.replace``.

    Readers see either the old file or the new one, never a mix; the temp file is removed on
    failure. The folder is fsynced too where the platform allows, so the rename is durable.
    The file keeps the permissions of the file it replaces; a new file gets the usual ones
    (``0o666`` less the umask), not the owner-only mode of the temp file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A lone surrogate (text decoded with surrogateescape, a broken paste) cannot be UTF-8:
    # it is written as "?" instead of failing the whole file.
    payload = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    mode = target.stat().st_mode & 0o7777 if target.exists() else _new_file_mode()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        _remove_stale_temps(target, keep=tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return target
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
    return target


#: A temp file of the same target older than this (seconds) was left by a killed writer.
STALE_TEMP_S = 600


def _remove_stale_temps(target: Path, keep: str) -> None:
    """Remove ``.<name>.*.tmp`` files of ``target`` left by writers killed mid-write (SIGKILL gives
    no chance to clean up) once they are old enough that no live writer can still own them."""
    import time

    cutoff = time.time() - STALE_TEMP_S
    try:
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):
            if str(leftover) != keep and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
    except OSError:   # best effort: a leftover never makes a save fail
        pass


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_html_with_font(folder: str | os.PathLike[str], name: str, page: str) -> list[Path]:
    """Write an HTML page carrying the subset of the bundled Chinese font it uses
    (:func:`playbook.fonts.embed.embed_font`: one file shows Chinese anywhere) and, beside it,
    the whole font (:data:`playbook.fonts.FONT_FILE`, for a page edited later). Both
    atomically; returns [page, font]."""
    from importlib import resources

    from playbook.fonts import FONT_FILE
    from playbook.fonts.embed import embed_font

    out = Path(folder)
    font = resources.files("playbook").joinpath("fonts", FONT_FILE).read_bytes()
    return [atomic_write(out / name, embed_font(page)), atomic_write(out / FONT_FILE, font)]
