"""Bounded work per file: how much one document may cost before samkart refuses it.

Minutes and rosters are kilobytes; these limits are far above any real one and far below what a
hostile file (a zip bomb, a 1,000-page PDF of noise) would cost. Each refusal is a one-line,
per-file error naming the limit and the `load` option that raises it.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Callable

import click

MIB = 1024 * 1024


@dataclass
class Limits:
    max_unpacked_mb: int = 200  # total unpacked size of a .docx (any zip-based format)
    max_pdf_pages: int = 2000  # pages of one PDF
    max_text_mb: int = 20  # text of one document, after decoding or extraction

    def text_chars(self) -> int:
        return self.max_text_mb * MIB


LIMITS = Limits()

_HELP = {
    "max_unpacked_mb": "Refuse a .docx that unpacks to more than this many MiB (default 200).",
    "max_pdf_pages": "Refuse a PDF with more pages than this (default 2000).",
    "max_text_mb": "Refuse a document with more than this many MiB of text (default 20).",
}


def option_name(field: str) -> str:
    return "--" + field.replace("_", "-")


def limit_options(func: Callable) -> Callable:
    for f in reversed(fields(Limits)):
        func = click.option(option_name(f.name), f.name, type=click.IntRange(1), default=None, metavar="N", help=_HELP[f.name])(func)
    return func


def apply_limits(values: dict[str, Any]) -> None:
    """The `load` options given on the command line (None: keep the default)."""
    for f in fields(Limits):
        if values.get(f.name) is not None:
            setattr(LIMITS, f.name, values[f.name])


def over(what: str, field: str, actual: str) -> tuple[str, str]:
    """(reason, hint) of a per-file refusal."""
    limit = getattr(LIMITS, field)
    unit = "" if field == "max_pdf_pages" else " MiB"
    return (f"{what} {actual}, over the limit of {limit}{unit} ({option_name(field)})",
            f"if the document is genuine, raise it: samkart load {option_name(field)} N …")
