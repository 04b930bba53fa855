"""The one domain error type every engine raises for bad input."""
from __future__ import annotations


class PlaybookInputError(ValueError):
    """Bad input to an engine.

    ``field`` names the offending input (English identifier, e.g. ``"density20"``);
    ``message`` is the Chinese text shown to the reader and names the field and the
    allowed range, e.g. ``"标准密度 ρ20 须在 610.6–1163.5 kg/m³ 之间,收到 1200"``.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
