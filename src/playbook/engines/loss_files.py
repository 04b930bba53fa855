"""Reading an uploaded delivery table (CSV or .xlsx) for :func:`playbook.engines.loss_audit.audit`."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from playbook.engines.loss_audit import _header_key
from playbook.errors import PlaybookInputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def read_deliveries(data: bytes, filename: str) -> pd.DataFrame:
    """Read an uploaded delivery table (CSV in UTF-8 or GBK/GB18030, or Excel .xlsx) into a DataFrame.

    Column names as in :data:`AUDIT_COLUMNS` (English or the Chinese headers; see :func:`audit`
    for how headers are matched). The old binary Excel format ``.xls`` is not read (its only
    reader, xlrd, is a separate dependency kept for legacy files): save it as .xlsx or CSV. An
    unreadable file or a header that appears twice raises :class:`PlaybookInputError` (field ``"file"``).
    """
    import io

    import pandas as pd

    name = str(filename).lower()
    shown_name = str(filename)[:60]
    if not isinstance(data, (bytes, bytearray, memoryview)) or len(data) == 0:
        raise PlaybookInputError("file", "上传的文件是空的")
    raw = bytes(data)
    if name.endswith(".xls"):
        raise PlaybookInputError("file", f"{shown_name} 是旧版 Excel(.xls)文件,无法读取:"
                                         "请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再上传")
    try:
        if name.endswith((".xlsx", ".xlsm")):
            table = pd.read_excel(io.BytesIO(raw), dtype=object)
        elif name.endswith((".csv", ".txt")):
            table = None
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    table = pd.read_csv(io.BytesIO(raw), encoding=encoding, dtype=object)
                    break
                except UnicodeDecodeError:
                    continue
            if table is None:
                raise PlaybookInputError("file", f"无法识别 {shown_name} 的文字编码(请存为 UTF-8 或 GBK 的 CSV)")
        else:
            raise PlaybookInputError("file", f"只支持 CSV(.csv)或 Excel(.xlsx)文件,收到 {shown_name}")
    except PlaybookInputError:
        raise
    except Exception as err:  # noqa: BLE001 - any parser failure becomes the domain error
        raise PlaybookInputError("file", f"无法读取文件 {shown_name}:{type(err).__name__}") from None
    # pandas renames a repeated header "driver" to "driver.1": that is a duplicate column.
    keys = {_header_key(c): str(c) for c in table.columns if not re.search(r"\.\d+$", str(c))}
    for column in table.columns:
        match = re.fullmatch(r"(.*)\.\d+", str(column))
        if match and _header_key(match.group(1)) in keys:
            raise PlaybookInputError("file", f"{shown_name} 的表头“{match.group(1)[:30]}”出现了两次:请删去一列")
    return table
