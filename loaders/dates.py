"""Norwegian and Danish dates and times → ISO strings."""
from __future__ import annotations

import re
from datetime import date

from samkart.ontology import fold, vocabularies
from samkart.loaders.prefilter import prefiltered

_NUMERIC = prefiltered(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])")
_ISO = prefiltered(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WORD = prefiltered(r"(?<!\d)(\d{1,2})\.\s*([a-zæøå]{3,9})\.?(?:\s+(\d{4}))?", re.IGNORECASE)
_WORD_NO_DOT = re.compile(r"(?<![\d.])(\d{1,2})\s+([A-Za-zæøåäöÆØÅÄÖ]{3,9})\.?\s+(\d{4})\b")
_TIME = re.compile(r"(?:kl\.?\s*)?(\d{1,2})[.:](\d{2})\s*(?:[-–—]|til)\s*(\d{1,2})[.:](\d{2})")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def find_dates(text: str, default_year: int | None = None) -> list[tuple[int, str]]:
    """(position, ISO date) for every date in `text`, in order. Dates without a year take `default_year`."""
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for m in _ISO.finditer(text):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), iso))
            taken.append(range(m.start(), m.end()))
    for m in _NUMERIC.finditer(text):
        if any(m.start() in r for r in taken):
            continue
        iso = _iso(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso:
            found.append((m.start(), iso))
            taken.append(range(m.start(), m.end()))
    months = vocabularies().months
    for m in _WORD_NO_DOT.finditer(text):  # '13 mars 2025', '4 February 2025'
        if any(m.start() in r for r in taken):
            continue
        month = months.get(fold(m.group(2)))
        iso = _iso(int(m.group(3)), month, int(m.group(1))) if month else None
        if iso:
            found.append((m.start(), iso))
            taken.append(range(m.start(), m.end()))
    for m in _WORD.finditer(text):
        if any(m.start() in r for r in taken):
            continue
        month = months.get(fold(m.group(2)))
        if month is None:
            continue
        year = int(m.group(3)) if m.group(3) else default_year
        if year is None:
            continue
        iso = _iso(year, month, int(m.group(1)))
        if iso:
            found.append((m.start(), iso))
    return sorted(found)


def first_date(text: str, default_year: int | None = None) -> str | None:
    dates = find_dates(text, default_year)
    return dates[0][1] if dates else None


def parse_time(text: str) -> str | None:
    """'kl. 13.00 – 14.30' → '13:00-14:30'."""
    m = _TIME.search(text)
    if not m:
        return None
    return f"{int(m.group(1)):02d}:{m.group(2)}-{int(m.group(3)):02d}:{m.group(4)}"


_YEAR_PHRASE = re.compile(r"\b(?:ut|til|fra|frå|fra og med|f\.o\.m\.|t\.o\.m\.)?\s*((?:19|20)\d{2})\b")


def date_or_year(text: str) -> str | None:
    """A full date when there is one, else a bare year ('ut 2023' → '2023')."""
    iso = first_date(text)
    if iso:
        return iso
    m = _YEAR_PHRASE.search(text)
    return m.group(1) if m else None
