"""Money: 'kr. 140 350', '1.446.000 kr.', '80 mio. kr.', and tables of amounts by organisation and year."""
from __future__ import annotations

import re

from samkart.graph.model import Provenance
from samkart.loaders.extraction import AmountMention
from samkart.loaders.text import clean_cells
from samkart.loaders.prefilter import prefiltered

_NUMBER = r"\d{1,3}(?:[ .\u00a0]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_AMOUNT = prefiltered(rf"(?:\bkr\.?\s*(?P<a>{_NUMBER})(?:\s*(?P<am>mill\.?|mio\.?|millioner))?)|(?:(?P<b>{_NUMBER})\s*(?P<bm>mill\.?|mio\.?|millioner)?\s*(?:kr\b\.?|kroner|DKK|NOK))", re.IGNORECASE)
_YEAR = re.compile(r"^(?:år\s+)?((?:19|20)\d{2})\b", re.IGNORECASE)


def _value(number: str, multiplier: str | None) -> float:
    digits = number.replace(" ", "").replace("\u00a0", "").replace(".", "").replace(",", ".")
    value = float(digits)
    if multiplier:
        value *= 1_000_000
    return value


def amounts_in_text(text: str, prov: Provenance, currency: str) -> list[AmountMention]:
    out = []
    for m in _AMOUNT.finditer(text):
        number, mult = (m.group("a"), m.group("am")) if m.group("a") else (m.group("b"), m.group("bm"))
        try:
            out.append(AmountMention(value=_value(number, mult), currency=currency, text=m.group(0).strip(), prov=prov))
        except ValueError:
            continue
    return out


def amount_table(lines: list[tuple[int, str]], provenance_of, currency: str) -> list[AmountMention]:
    """A tab-separated table whose header has year columns and whose rows are organisation + amounts."""
    out: list[AmountMention] = []
    years: list[str | None] | None = None
    for number, raw in lines:
        if "\t" not in raw:
            years = None if not raw.strip() else years
            continue
        cells = clean_cells(raw)
        header_years = [(_YEAR.match(c).group(1) if _YEAR.match(c) else None) for c in cells[1:]]
        if any(header_years):
            years = [None, *header_years]
            continue
        if years is None:
            continue
        label = cells[0]
        for position, cell in enumerate(cells[1:], start=1):
            m = re.search(rf"({_NUMBER})", cell)
            if not m or position >= len(years):
                continue
            organisation = None if re.match(r"^(i alt|sum|total|samlet)", label, re.IGNORECASE) else label
            try:
                out.append(AmountMention(value=_value(m.group(1), None), currency=currency, text=f"{label}: {cell}",
                                         prov=provenance_of(number), organisation=organisation, year=years[position]))
            except ValueError:
                continue
    return out
