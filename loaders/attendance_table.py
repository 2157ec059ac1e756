"""Minutes with a tab-separated attendance table (organisation, name, initials, attended mark).

The family of Alrek's steering-group minutes, but written for any body that lists its members
in such a table: columns are found by their header words (in any order, some may be missing),
section rows ('Observatører:', 'Sekretariat:') change the capacity of the rows below them, and a
row may hold several people ('A og B' with codes 'AA BB' and marks 'x x').
"""
from __future__ import annotations


from samkart.graph.model import Document
from samkart.loaders.base import Loader
from samkart.loaders.cases import match_case_heading
from samkart.loaders.dates import first_date
from samkart.loaders.header import header_fields, read_header
from samkart.loaders.extraction import Extraction, ParticipantMention
from samkart.loaders.freetext import NameBinder
from samkart.loaders.minutes import cut_by_case_id, read_case_blocks
from samkart.loaders.names import looks_like_person, read_affiliation, split_names
from samkart.loaders.reading import SourceText
from samkart.loaders.text import clean, clean_cells, provenance
from samkart.ontology import fold, vocabularies

COLUMN_WORDS = {
    "name": {"navn", "namn", "name", "deltaker", "deltager"},
    "organisation": {"organisasjon", "organisation", "virksomhet", "institusjon", "representerer", "partner", "eining", "enhet"},
    "code": {"kode", "initialer", "forkortelse", "code"},
    "mark": {"mott", "motte", "tilstede", "til stede", "deltok", "deltog", "present", "fremmode", "oppmott"},
    "role": {"rolle", "funksjon", "role", "verv"},
}
PRESENT_MARKS = {"x", "✓", "✔", "ja", "yes", "j", "1", "+"}


def _column_of(cell: str) -> str | None:
    key = fold(cell).rstrip(":")
    for column, words in COLUMN_WORDS.items():
        if key in words:
            return column
    return None


def find_table_header(lines: list[str]) -> tuple[int, dict[str, int]] | None:
    """(line index, column → cell position) of the first tab-separated row naming a name column
    and another; asked by three detectors and two loaders of the same lines, so the last answer is kept."""
    if _LAST_HEADER and _LAST_HEADER[0] is lines:  # the very list object, kept alive here: not a reused id
        return _LAST_HEADER[1]
    found = _table_header(lines)
    _LAST_HEADER[:] = [lines, found]
    return found


_LAST_HEADER: list = []


def _table_header(lines: list[str]) -> tuple[int, dict[str, int]] | None:
    for index, line in enumerate(lines):
        if "\t" not in line:
            continue
        columns = {}
        for position, cell in enumerate(clean_cells(line)):
            column = _column_of(cell)
            if column and column not in columns:
                columns[column] = position
        if "name" in columns and len(columns) >= 2:
            return index, columns
    return None


class AttendanceTableMinutes(Loader):
    family = "attendance-table-minutes"
    description = "Minutes with a tab-separated attendance table (organisation, name, code, attended mark) and 'Sak NN-YY' case headings"

    def detect(self, src: SourceText) -> float:
        lines = src.lines
        header = find_table_header(lines)
        score = 0.0
        if header:
            index, columns = header
            if "mark" not in columns and not any(first_date(clean(l)) for l in lines[:index + 1]):
                return 0.15  # names without attendance marks or a meeting date: a roster, not minutes
            score += 0.45 if ("code" in columns or "mark" in columns) else 0.3
            rows = sum(1 for line in lines[index + 1: index + 60] if "\t" in line and any(looks_like_person(c) or " og " in c for c in clean_cells(line)))
            score += min(0.3, 0.05 * rows)
        if any(match_case_heading(clean(line)) for line in lines):
            score += 0.15
        if header_fields(lines, 15):
            score += 0.1
        return min(score, 1.0)

    def parse(self, src: SourceText, document: Document) -> Extraction:
        lines = src.lines
        extraction = Extraction(document=document)
        header = find_table_header(lines)
        table_start = header[0] if header else len(lines)
        read_header(src, extraction, table_start)
        binder = NameBinder()
        if header:
            self._read_table(src, document, header, extraction, binder)
        blocks = cut_by_case_id(lines, table_start, bare="never")
        read_case_blocks(blocks, src, extraction, binder)
        return extraction

    def _read_table(self, src: SourceText, document: Document, header: tuple[int, dict[str, int]], extraction: Extraction, binder: NameBinder) -> None:
        vocab = vocabularies()
        index, columns = header
        section = {"status": "present", "capacity": "member"}
        section_name = "table"
        has_mark = "mark" in columns
        blank_run = 0
        for number in range(index + 2, len(src.lines) + 1):
            raw = src.lines[number - 1]
            cells = clean_cells(raw)
            if not any(cells):
                blank_run += 1
                if blank_run >= 1 and number > index + 2:
                    break
                continue
            blank_run = 0
            if "\t" not in raw and not cells[0].endswith(":"):
                break
            non_empty = [c for c in cells if c]
            if len(non_empty) == 1 and non_empty[0].endswith(":"):
                heading = fold(non_empty[0].rstrip(":"))
                section = vocab.participant_headings.get(heading, {"status": "present", "capacity": "member", "role": non_empty[0].rstrip(":")})
                section_name = heading
                continue

            def cell(column: str) -> str:
                position = columns.get(column)
                return cells[position] if position is not None and position < len(cells) else ""

            names = [n for n in split_names(cell("name")) if n]
            if not names:
                continue
            codes = cell("code").split()
            marks = cell("mark").split() if has_mark else []
            affiliation = read_affiliation(cell("organisation")) if cell("organisation") else None
            roles_written = cell("role") or (affiliation.role if affiliation else None)
            role_parts = split_names(roles_written) if roles_written and len(names) > 1 else None
            for position, name in enumerate(names):
                if not looks_like_person(name):
                    extraction.warnings.append(f"line {number}: '{name}' does not look like a person's name; skipped")
                    continue
                mark = marks[position] if position < len(marks) else (marks[0] if len(marks) == 1 and len(names) == 1 else "")
                status = section.get("status", "present")
                if has_mark and status == "present":
                    status = "present" if fold(mark) in PRESENT_MARKS else "absent"
                role = (role_parts[position] if role_parts and len(role_parts) == len(names) else roles_written) or section.get("role")
                organisation = None
                if affiliation:
                    organisation = affiliation.organisation or affiliation.body
                code = codes[position] if position < len(codes) and len(codes) == len(names) else None
                extraction.participants.append(ParticipantMention(
                    name=name, prov=provenance(document.id, src, number), organisation=organisation, role=role,
                    status=status, capacity=section.get("capacity", "member"), remote=bool(affiliation and affiliation.remote),
                    initials=code, body=section.get("body"), listed_in=f"{section_name}",
                ))
                binder.full_names.append(name)
                if code:
                    binder.initials[code] = name
