"""Rosters and working-group lists (status notes, web pages listing members):

    e Edith Oma — omradeutvalget for bergensregionen          (OCR'd bullets read as 'e'/'o')
    - Ørjan Raknes Forthun (ut 2023) — områdeutvalget for Nordhordland
    - Kari Nordmann, leder, Helse Bergen
    - Konserndirektør Ola Nordmann, NORCE

The body is the one named by the nearest heading or sentence above the list. OCR damage is
repaired line by line (the original stays in provenance); names are matched to known names by
the resolver, never guessed here.
"""
from __future__ import annotations

import re

from samkart.graph.model import Document
from samkart.loaders.attendance_table import find_table_header
from samkart.loaders.base import Loader, find_body_in_lines, find_collaboration
from samkart.loaders.cases import match_case_heading
from samkart.loaders.dates import date_or_year, first_date
from samkart.loaders.extraction import Extraction, MembershipMention
from samkart.loaders.names import body_mention, looks_like_person, read_affiliation
from samkart.loaders.ocr import ocr_signals, repair_line
from samkart.loaders.participants import split_top_level
from samkart.loaders.reading import SourceText
from samkart.loaders.text import clean, provenance
from samkart.ontology import fold, vocabularies

_BULLET = re.compile(r"^\s*(?:[-•·*▪◦➢o]|\d{1,2}[.)])\s+")
_DASH_ENTRY = re.compile(r"^(?P<name>[^—–()]+?)\s*(?:\((?P<period>[^)]*)\))?\s+[—–-]\s+(?P<aff>.+)$")
_PERIOD = re.compile(r"^\s*(ut|til|inn|fra|frå|fram til|t\.o\.m\.|f\.o\.m\.)\b", re.IGNORECASE)


def is_ocr(text: str) -> bool:
    return ocr_signals(text) > 0.01


def parse_entry(text: str) -> tuple[str, dict] | None:
    """One roster line → (name, {organisation, body, role, start, end}) or None."""
    text = _BULLET.sub("", text).strip()
    m = _DASH_ENTRY.match(text)
    if m:
        name = m.group("name").strip()
        aff = read_affiliation(m.group("aff"))
        start = end = None
        if m.group("period"):
            period = m.group("period")
            kind = _PERIOD.match(period)
            value = date_or_year(period)
            if kind and value:
                (end, start) = (value, None) if kind.group(1).lower() in ("ut", "til", "fram til", "t.o.m.") else (None, value)
            else:
                more = read_affiliation(period)
                aff.role = aff.role or more.role
        if not looks_like_person(name):
            return None
        return name, {"organisation": aff.organisation, "body": aff.body, "role": aff.role, "start": aff.start or start, "end": aff.end or end}
    parts = split_top_level(text, ",;")
    if len(parts) < 2:
        return None
    vocab = vocabularies()
    for i, part in enumerate(parts):
        candidate = re.sub(r"\s*\([^)]*\)", "", part).strip()
        role = None
        words = candidate.split()
        for cut in range(1, min(3, len(words) - 1)):
            if vocab.role_key(" ".join(words[:cut])) and looks_like_person(" ".join(words[cut:])):
                role, candidate = " ".join(words[:cut]), " ".join(words[cut:])
                break
        if looks_like_person(candidate):
            aff = read_affiliation(", ".join(p for j, p in enumerate(parts) if j != i))
            return candidate, {"organisation": aff.organisation, "body": aff.body, "role": role or aff.role, "start": aff.start, "end": aff.end}
    return None


class Roster(Loader):
    family = "roster"
    description = "Rosters and working-group lists: 'Name — affiliation', 'Name, role, organisation', '(ut 2023)', '(fra 1. januar 2024)'"

    def detect(self, src: SourceText) -> float:
        table = find_table_header(src.lines)
        if table:
            index, columns = table
            if "mark" in columns or any(first_date(clean(l)) for l in src.lines[:index + 1]):
                return 0.05  # attendance at a meeting
            return 0.6

        ocr = is_ocr(src.text)
        entries = 0
        for raw in src.lines:
            text = clean(repair_line(raw) if ocr else raw)
            if _BULLET.match(text) or _DASH_ENTRY.match(text):
                if parse_entry(text):
                    entries += 1
        if entries < 2:
            return 0.0
        score = min(0.85, 0.25 + 0.08 * entries)
        # absences and case headings mean minutes whose attendance happens to be a bullet list
        from samkart.loaders.layout import label_of

        if any((label_of(clean(l).split(":")[0]) or {}).get("status") == "absent" for l in src.lines if len(clean(l)) < 60):
            score -= 0.6
        if any(match_case_heading(clean(l)) for l in src.lines):
            score -= 0.3
        return max(0.0, score)

    def parse(self, src: SourceText, document: Document) -> Extraction:
        ocr = is_ocr(src.text)
        document.ocr = ocr
        lines = [clean(repair_line(raw) if ocr else raw) for raw in src.lines]
        extraction = Extraction(document=document)
        extraction.collaboration = find_collaboration("\n".join(lines))
        title = next((l for l in lines if l), "")
        topic = re.split(r"\s+(?:for|i|om)\s+", title)[0].strip() if title else ""
        body_here: str | None = None
        list_index = 0
        previous_entry = False
        for number, text in enumerate(lines, start=1):
            if not text:
                continue
            entry = parse_entry(text) if (_BULLET.match(text) or _DASH_ENTRY.match(text)) else None
            if entry is None:
                found = find_body_in_lines([text]) if not text.startswith("#") else find_body_in_lines([text.lstrip("# ")])
                if found and (text.rstrip().endswith(":") or text.startswith("#") or len(text) < 200):
                    body_here = found
                    if body_mention(found) and vocabularies().body_types[body_mention(found)].qualified and fold(found) in {fold(a) for a in vocabularies().body_types[body_mention(found)].aliases}:
                        body_here = f"{found} {topic.lower()}".strip() if topic and fold(topic) not in fold(found) else found
                if previous_entry:
                    list_index += 1
                previous_entry = False
                continue
            name, fields = entry
            previous_entry = True
            extraction.memberships.append(MembershipMention(
                name=name, prov=provenance(document.id, src, number), body=body_here, organisation=fields["organisation"] or fields["body"],
                role=fields["role"], start=fields["start"], end=fields["end"], listed_in=f"list-{list_index}"))
        if extraction.memberships and all(m.body is None for m in extraction.memberships):
            extraction.warnings.append("no heading or sentence above the list names a body; memberships are kept without one")
        table = find_table_header(src.lines)
        if table:
            self._table(src, document, table, lines, extraction, topic)
        extraction.body = next((m.body for m in extraction.memberships if m.body), None)
        return extraction

    def _table(self, src: SourceText, document: Document, table: tuple[int, dict[str, int]], lines: list[str],
               extraction: Extraction, topic: str) -> None:
        """A members table (name, role, organisation columns, in any order) under a heading naming the body."""
        from samkart.loaders.text import clean_cells

        index, columns = table
        body = next((find_body_in_lines([l.lstrip("# ")]) for l in reversed(lines[:index]) if l and find_body_in_lines([l.lstrip("# ")])), None)
        for number in range(index + 2, len(src.lines) + 1):
            cells = clean_cells(src.lines[number - 1])
            if "\t" not in src.lines[number - 1]:
                if any(cells):
                    break
                continue

            def cell(column: str) -> str | None:
                position = columns.get(column)
                return cells[position] if position is not None and position < len(cells) and cells[position] else None

            name = cell("name")
            if not name or not looks_like_person(name):
                continue
            aff = read_affiliation(cell("organisation")) if cell("organisation") else None
            extraction.memberships.append(MembershipMention(
                name=name, prov=provenance(document.id, src, number), body=body,
                organisation=(aff.organisation or aff.body) if aff else None, role=cell("role") or (aff.role if aff else None),
                listed_in="table"))
