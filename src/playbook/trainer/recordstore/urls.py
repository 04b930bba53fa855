"""Where the records database is: the data folder, the database URL, and URLs made safe to show
(password hidden)."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from playbook.errors import PlaybookInputError

__all__ = ["DB_FILE", "ENV_DATA_DIR", "ENV_URL", "SCHEMES", "default_data_dir", "redact", "resolve_url"]

DB_FILE = "records.sqlite3"
ENV_URL = "PLAYBOOK_DB_URL"
ENV_DATA_DIR = "PLAYBOOK_DATA_DIR"
SCHEMES = ("sqlite", "postgresql")


def default_data_dir() -> Path:
    """``PLAYBOOK_DATA_DIR``, else ``$XDG_DATA_HOME/playbook``, else ``~/.local/share/playbook``."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        folder = Path(env).expanduser()
        if not folder.is_absolute():
            # A relative folder would name a different database in every working directory.
            raise PlaybookInputError("data_dir", code="data_dir_relative", variable=ENV_DATA_DIR, env=env[:60])
        return folder
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "playbook"
    return Path.home() / ".local" / "share" / "playbook"


def resolve_url(url: str | None = None, *, data_dir: str | os.PathLike[str] | None = None) -> str:
    """The database URL :func:`open_store` would use for these arguments (see the module doc)."""
    if url is None:
        url = os.environ.get(ENV_URL) or None
    if url is not None:
        return url
    folder = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
    return "sqlite://" + quote(str(folder.absolute() / DB_FILE))


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and ``repr``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(无法解析的地址)"
    netloc = parts.netloc
    if "@" not in netloc and "password" not in parts.query.lower():
        return url  # nothing to hide; urlunsplit would also mangle sqlite:////abs/path
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        netloc = f"{userinfo}@{hostport}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k.lower() == "password" for k, _ in pairs):
            query = urlencode([(k, "***" if k.lower() == "password" else v) for k, v in pairs])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _password(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        pw = parts.password
        for k, v in parse_qsl(parts.query):
            if k.lower() == "password":
                pw = v
        return unquote(pw) if pw else None
    except ValueError:
        return None


def _scrub(text: str, url: str) -> str:
    pw = _password(url)
    return text.replace(pw, "***") if pw else text


_SCHEME_HELP = ("只支持 sqlite:///绝对路径.sqlite3 和 postgresql://用户:密码@主机:端口/库名"
                "(也可写作 postgres://)")


def _sqlite_path(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise PlaybookInputError("url", code="sqlite_host", netloc=parts.netloc)
    path = unquote(parts.path)
    if "\x00" in path:   # 11-30 #9: sqlite3 raised "embedded null byte"
        raise PlaybookInputError("url", code="sqlite_nul")
    if path == "/:memory:":
        return ":memory:"
    if not path.startswith("/"):
        raise PlaybookInputError("url", code="sqlite_relative")
    if path.endswith("/"):
        raise PlaybookInputError("url", code="sqlite_folder", path=path)
    return path
