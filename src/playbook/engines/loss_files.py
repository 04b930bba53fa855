"""Reading an uploaded delivery table (CSV or .xlsx) for :func:`playbook.engines.loss_audit.audit`.

Usage (a CSV saved by Chinese Excel is often GBK; cells stay text until
:func:`~playbook.engines.loss_audit.audit` checks them; an old .xls is refused with a field and
a code, never a traceback):

>>> from playbook.engines.loss_files import read_deliveries
>>> from playbook.errors import PlaybookInputError
>>> table = read_deliveries("司机,承运商,运距(km)\\n张三,承运商A,50\\n".encode("gbk"), "deliveries.csv")
>>> table.shape, table.iloc[0].tolist()
((1, 3), ['张三', '承运商A', '50'])
>>> try:
...     read_deliveries(b"...", "old.xls")
... except PlaybookInputError as err:
...     print(err.field, err.code)
file file_xls
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from playbook.engines.loss_audit import _header_key
from playbook.errors import PlaybookInputError
from playbook.spreadsheet import read_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def read_deliveries(data: bytes, filename: str) -> pd.DataFrame:
    """Read an uploaded delivery table (CSV in UTF-8 or GBK/GB18030, or Excel .xlsx) into a DataFrame.

    Column names as in :data:`AUDIT_COLUMNS` (English or the Chinese headers; see :func:`audit`
    for how headers are matched). The old binary Excel format ``.xls`` is not read (its only
    reader, xlrd, is a separate dependency kept for legacy files): save it as .xlsx or CSV. An
    unreadable file or a header that appears twice raises :class:`PlaybookInputError` (field ``"file"``).
    """
    import pandas as pd

    rows = read_rows(data, filename)          # size and extent capped; every failure a PIE
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    seen: dict[str, str] = {}
    for name in header:
        key = _header_key(name)
        if name and key in seen:
            raise PlaybookInputError("file", code="duplicate_column", name=_shown_name(filename), column=name[:30])
        seen[key] = name
    body = [[None if (v is None or (isinstance(v, str) and not v.strip())) else v for v in r[:len(header)]]
            for r in rows[1:] if any(v is not None and str(v).strip() for v in r)]
    if not body:
        raise PlaybookInputError("file", code="no_rows", name=_shown_name(filename))
    return pd.DataFrame(body, columns=header, dtype=object)


def _shown_name(filename: object) -> str:
    text = str(filename)
    return text if len(text) <= 60 else text[:57] + "…"
