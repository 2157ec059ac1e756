"""The section pass: who is listed as present, absent, substitute, guest, secretariat, member or
deputy — by the labels, headings, table headers and columns above or beside the names.

A label ('Til stede:', 'Fråverande', 'Afbud', 'Närvarande ledamöter', 'Kopi: vara') opens a
section; the names under it, or after its colon, get what it says. A table header of known column
names ('Navn | Organisasjon | Merknad', 'Organisation | Ledamot | Ersättare') says what each cell
of the rows below holds. In rosters, a heading that names a body opens that body's members, and a
short group heading says the organisation or role of the names under it ('Helse Stavanger HF',
'Brukerrepresentanter').
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from samkart.loaders.beside import read_beside
from samkart.loaders.cases import match_case_line
from samkart.loaders.entries import Entry, read_entries
from samkart.loaders.layout import Item, label_of
from samkart.loaders.lexicon import lexicon
from samkart.loaders.opening import names_body, split_fields
from samkart.loaders.person_names import leading_name
from samkart.ontology import fold, vocabularies


@dataclass
class Section:
    label: str
    status: str = "present"  # present | absent | none
    capacity: str = "member"
    role: str | None = None
    copy: bool = False
    organisation: str | None = None  # from a group heading
    body: str | None = None  # a body heading above (rosters, reports), or the secretariat


@dataclass
class Listed:
    """A name as the section pass found it, with everything that applies to it."""

    entry: Entry
    section: Section
    line: int
    end: int
    raw: str
    stood_in_row: str | None = None  # the member of the same table row a serving deputy stands in for
    initials: str | None = None


@dataclass
class Columns:
    fields: list[dict | None]

    def index(self, name: str) -> list[int]:
        return [i for i, f in enumerate(self.fields) if f and f["field"] == name]


def _section_from(label: str, entry: dict, body: str | None) -> Section:
    section = Section(label=label, status=entry.get("status", "present"), capacity=entry.get("capacity", "member"),
                      role=entry.get("role"), copy=bool(entry.get("copy")), body=body)
    if section.capacity == "secretariat" and vocabularies().body_type_key("sekretariat"):
        section.body = body
    return section


def _header_row(cells: list[str]) -> Columns | None:
    columns = lexicon().columns
    keys = [re.sub(r"\s*\([^)]*\)\s*$", "", fold(c)).strip(" :*.,") for c in cells]
    # a header cell is a column name, or one followed by a short qualifier ('Rolle i SSU'); never a date or a name
    fields = [columns.get(k) or (columns.get(k.split()[0]) if k.split() and len(k.split()) <= 3 and not re.search(r"\d", k) else None)
              for k in keys]
    filled = [c for c in cells if c.strip()]
    matched = sum(1 for f in fields if f)
    if matched >= 2 and matched * 2 >= len(filled) and any(f and f["field"] == "name" for f in fields) \
            and not any(leading_name(c, strict=True) for c in cells):
        return Columns(fields)
    return None


def participants(items: list[Item], kind: str, doc_body: str | None) -> list[Listed]:
    """Every listed name of the document's participant part (before its first case), or of the whole
    document for rosters and reports."""
    out: list[Listed] = []
    roster = kind in ("roster", "report", "other")  # a page of names under a body's heading is a members page
    section: Section | None = Section("roster", status="none") if roster else None
    columns: Columns | None = None
    body = None
    initials: dict[str, str] = {}
    for index, item in enumerate(items):
        if item.kind == "blank":
            continue
        if match_case_line(item.cells[0] if item.kind == "row" else item.text) or \
                (not roster and out and re.match(r"^\d{1,2}\.\s+[A-ZÆØÅ]", item.text)):
            if not roster:
                out.extend(_closing_secretariat(items[index:], body))
                break
            continue
        if item.kind == "row" and sum(1 for c in item.cells if ":" in c and label_of(c.split(":")[0])) >= 1 \
                and not _header_row(item.cells) and not columns:
            # 'Fraværende med afbud: A; B      Referent: C' — each cell a labelled line of its own
            for cell in item.cells:
                label, colon, rest = cell.partition(":")
                entry = label_of(label) if colon else None
                if entry and not entry.get("stop") and rest.strip():
                    out.extend(_listed(rest, _section_from(label, entry, body), item))
                elif section and cell:
                    out.extend(_listed(cell, section, item))
            continue
        if item.kind == "row":
            header = _header_row(item.cells)
            if header:
                columns = header
                if section is None:
                    section = Section("table", status="present" if kind == "minutes" else "none")
                continue
            first = item.cells[0]
            entry = label_of(first) if not columns or len([c for c in item.cells if c]) == 1 else None
            if entry:
                if entry.get("stop"):
                    section = None if not roster else Section("roster", status="none", body=body)
                    columns = None
                    continue
                section = _section_from(first, entry, body)
                rest = "; ".join(c for c in item.cells[1:] if c)
                if rest:
                    out.extend(_listed(rest, section, item))
                continue
            if columns and section:
                out.extend(_table_row(item, columns, section, initials))
                continue
            if section:
                out.extend(_listed(", ".join(c for c in item.cells if c), section, item))
            continue
        text = item.text
        # 'Label: names' and 'Label' alone
        label, colon, rest = text.partition(":")
        entry = label_of(label) if (colon and len(label) < 45) else label_of(text) if len(text) < 45 else None
        if entry and not (colon and not rest.strip() and leading_name(label)):
            if entry.get("stop"):
                if not roster:
                    break  # the participant part ends ('Saker', 'Underskrifter')
                section, columns = None, None  # 'Merknader', 'Ændringer …': running text, read by the prose pass
                continue
            pairs = split_fields(text) if colon else []
            if len(pairs) > 1:  # 'Møteleder: Hans Petter KolstadReferent: Jorunn Hegge'
                for lab, value in pairs:
                    sub = label_of(lab)
                    if sub and not sub.get("stop") and value:
                        section = _section_from(lab, sub, body)
                        out.extend(_listed(value, section, item))
                columns = None
                continue
            labelled = _section_from(label if colon else text, entry, body)
            columns = None
            if colon and rest.strip():
                out.extend(_listed(rest, labelled, item))
                if entry.get("field") or labelled.capacity == "secretariat":
                    continue  # 'Referent: X', 'Møteleder: Y' speak of their own line only
            section = labelled
            continue
        if colon and split_fields(text) and not section:
            continue  # a header field ('Møtedato: …')
        if roster and item.kind == "heading" or (roster and _numbered_heading(text)):
            heading = re.sub(r"^#+\s*|^\d+(?:\.\d+)*\.?\s+", "", text).strip()
            if section is not None and not names_body(heading) and read_entries(heading):
                out.extend(_listed(heading, section, item))  # a member card: the name as its heading
                continue
            if names_body(heading) and len(heading.split()) <= 8:
                body = _body_name(heading, doc_body)
                section = Section("roster", status="none", body=body)
                columns = None
            continue
        if section is None or (text.endswith(".") and len(text.split()) > 10):
            continue  # running text is the prose pass's
        listed = _listed(text, section, item)
        if listed:
            out.extend(listed)
            continue
        if out and out[-1].end == item.line - 1 and (_bare(out[-1]) or _dated_or_succession(text)) and len(text.split()) <= 12 \
                and not match_case_line(text) and not re.match(r"^\d+[.)]\s", text):
            # a card: the name on one line, its role and organisation on the next ('Leder, Vik kommune')
            read_beside(", " + text, out[-1].entry.beside)
            out[-1].end = item.end
            continue
        if _group_heading(text, items, index):
            section = _group(section, text)
    return out


def _dated_or_succession(text: str) -> bool:
    """'Indtrådt 1. februar 2024 og afløser Søren Bech': a line about the seat of the name above it."""
    from samkart.loaders.dates import find_dates

    return bool(find_dates(text)) or any(p in fold(text) for p in lexicon().phrases("succeeds"))


def _bare(listed: Listed) -> bool:
    """A name listed with nothing beside it."""
    b = listed.entry.beside
    return not (b.organisation or b.role or b.title or b.status or b.substitute_for or b.start or b.end)


def _closing_secretariat(rest: list[Item], body: str | None) -> list[Listed]:
    """'Referent: Kari Nordmann' or 'Vid anteckningarna' after the last case: the meeting's secretariat."""
    out: list[Listed] = []
    for i, item in enumerate(rest):
        label, colon, value = item.text.partition(":")
        entry = label_of(label) if len(label) < 30 else None
        if entry and entry.get("capacity") == "secretariat":
            if not value.strip() and i + 1 < len(rest):
                value, item = rest[i + 1].text, rest[i + 1]
            out.extend(_listed(value, _section_from(label, entry, body), item))
    return out


def _numbered_heading(text: str) -> bool:
    return bool(re.match(r"^\d+(?:\.\d+)+\s+\S", text)) and len(text.split()) <= 8


def _body_name(heading: str, doc_body: str | None) -> str:
    from samkart.loaders.opening import _strip_collaboration, collaboration_mentions

    heading = re.sub(r"\s*\([^)]*\)\s*$", "", heading).strip() or heading
    heading = re.sub(r"^(?:medlemmer|medlemmar|ledamöter|members|medlemsliste|sammensætning|sammensetning)\s+(?:i|av|af|of|för|for)\s+",
                     "", heading, flags=re.IGNORECASE)
    names = collaboration_mentions(heading)
    return _strip_collaboration(heading, names[0]) if names else heading


def _group_heading(text: str, items: list[Item], index: int) -> bool:
    """A short line without a name, followed by a line that starts with one."""
    if len(text.split()) > 6 or leading_name(text) or text.endswith("."):
        return False
    for nxt in items[index + 1: index + 3]:
        if nxt.kind == "blank":
            continue
        return bool(read_entries(nxt.text))
    return False


def _group(section: Section, text: str) -> Section:
    """'Helse Stavanger HF' → organisation; 'Brukerrepresentanter' → role; 'Kommunene' → neither."""
    text = text.strip(" :")
    lex = lexicon()
    entry = label_of(text)
    if entry and not entry.get("stop"):
        return replace(_section_from(text, entry, section.body), status=section.status if section.status == "none" else entry.get("status", "present"))
    role = lex.committee_role(text) or lex.committee_role(re.sub(r"(er|ar|ane|ene|erne)$", "", text))
    singular = re.sub(r"(?<=[nt])(er|ar)$", "", text)
    if role:
        return replace(section, role=singular if role not in ("medlem",) else None, organisation=None)
    if text[:1].isupper() and not vocabularies().role_key(text) and re.search(r"\b(HF|RHF|kommune|[Rr]egion|sykehus|sjukehus|universitet)\b", text):
        return replace(section, organisation=text, role=None)
    return replace(section, organisation=None, role=None)


def _listed(text: str, section: Section, item: Item) -> list[Listed]:
    found = leading_name(text)
    if found and re.match(r"^\s+[a-zæøåäö]", text[found.end:]) and text.rstrip().endswith(".") \
            and not lexicon().committee_role(text[found.end:].split()[0]) \
            and not any(p in fold(text) for p in (*lexicon().phrases("substitute"), *lexicon().phrases("succeeds"))):
        return []  # 'Karsten Møller bød velkommen.': a sentence, not a list entry
    return [Listed(e, section, item.line, item.end, item.raw) for e in read_entries(text)]


def _table_row(item: Item, columns: Columns, section: Section, initials: dict[str, str]) -> list[Listed]:
    cells = item.cells + [""] * (len(columns.fields) - len(item.cells))
    got = lambda field: next((cells[i] for i in columns.index(field) if i < len(cells) and cells[i]), None)
    org, title, role, remark, attended, code = (got("organisation"), got("title"), got("role"), got("remark"),
                                                got("attended"), got("initials"))
    out: list[Listed] = []
    members: list[Listed] = []
    stood_for = got("substitute_for")
    since = got("start")  # an 'Oppnevnt' / 'Valgt' column: the seat's start
    for n, i in enumerate(columns.index("name")):
        if i >= len(cells) or not cells[i].strip(" –-"):
            continue
        col_role = columns.fields[i].get("role")
        deputy = bool(col_role and lexicon().committee_role(col_role) == "vara")
        entries = read_entries(cells[i])
        for entry in entries:
            b = entry.beside
            if org:
                read_beside(org, b) if not b.organisation else None
                if b.organisation is None:
                    b.organisation = org
            # the row's title, role and remarks are the member's, not a deputy's in a column of its own
            if title and not deputy:
                b.title = b.title or title  # a job title column ('Stilling') is never the seat's role
            if role and not deputy:
                before_role = b.role
                read_beside(role, b)
                if b.role == before_role and not b.substitute_for:
                    b.role = b.role or role
            if remark and not deputy:
                read_beside(remark, b)
            if since and not b.start:
                from samkart.loaders.dates import date_or_year

                b.start = date_or_year(since)
            if stood_for and not deputy:
                b.substitute_for = b.substitute_for or (read_entries(stood_for)[0].name if read_entries(stood_for) else None)
            if (attended is not None or columns.index("attended")) and not deputy:
                mark = lexicon().marks.get(fold(attended or ""))
                if mark is None and attended:
                    read_beside(attended, b)  # 'Ja, for Frida Storvik'
                    mark = lexicon().marks.get(fold(attended.split(",")[0].strip()))
                b.status = b.status or (mark.get("status") if mark else ("absent" if kind_absent(attended) else None))
            if col_role and not b.role:
                b.role = col_role
            sec = section
            if deputy and b.status is None:
                sec = replace(section, status="none")
            listed = Listed(entry, sec, item.line, item.end, item.raw)
            if code:
                listed.initials = code.split()[0]
                initials[code.split()[0]] = entry.name
            if deputy:
                if b.capacity == "substitute" and members:
                    listed.stood_in_row = members[0].entry.name
            else:
                members.append(listed)
            out.append(listed)
    return out


def kind_absent(value: str | None) -> bool:
    """An attendance cell left empty when others are marked: the person did not come."""
    return value is None or not value.strip()
