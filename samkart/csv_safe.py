"""CSV cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) get a
leading `'`, so a name in a document cannot become a formula in the analyst's spreadsheet
(CSV injection). Numbers are left alone: -3 is a number, not a formula."""
from __future__ import annotations

from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value
