"""A fallback for minutes of unknown layout. It still finds the header (body, date, place),
participant blocks under the usual headings in bokmål, nynorsk and Danish — on the heading's own
line ('Til stede: A, B') or on the lines below it — case headings and decisions, and says that
its confidence is low."""
from __future__ import annotations

import re

from samkart.graph.model import Document
from samkart.loaders.base import Loader
from samkart.loaders.cases import match_case_heading
from samkart.loaders.extraction import Extraction
from samkart.loaders.freetext import NameBinder
from samkart.loaders.header import read_header
from samkart.loaders.minutes import cut_by_case_id, cut_numbered_items, read_case_blocks
from samkart.loaders.names import Affiliation
from samkart.loaders.participants import ListedName, heading_of, participant, read_name_list
from samkart.loaders.reading import SourceText
from samkart.loaders.text import clean, provenance

CONFIDENCE_CAP = 0.35  # always below a family's own loader


def participant_blocks(lines: list[str]) -> list[tuple[int, str, dict, list[str]]]:
    """(line, heading label, heading data, entries) for every participant block: the names on
    the heading's own line as one entry, or each following line as an entry."""
    out = []
    i = 0
    while i < len(lines):
        text = clean(lines[i])
        label, _, rest = text.partition(":") if ":" in text else (text, "", "")
        heading = heading_of(label) if len(label.split()) <= 6 else None
        if heading:
            if rest.strip():
                out.append((i + 1, label, heading, [rest.strip()]))
            else:  # names on the following lines, until a blank line or another heading
                j = i + 1
                names: list[str] = []
                while j < len(lines) and clean(lines[j]) and not heading_of(clean(lines[j]).split(":")[0]):
                    names.append(re.sub(r"^[-•·*]\s*", "", clean(lines[j])))
                    j += 1
                if names:
                    out.append((i + 1, label, heading, names))
                i = j - 1
        i += 1
    return out


def entries_of(entries: list[str]) -> list[ListedName]:
    """'Kari Fjell, Voss kommune' on a line of its own is one person and her affiliation;
    'A, B og C' is three people."""
    from samkart.loaders.roster import parse_entry

    out: list[ListedName] = []
    for entry in entries:
        single = parse_entry(entry) if len(entries) > 1 or " — " in entry else None
        if single:
            name, fields = single
            aff = Affiliation(organisation=fields["organisation"], body=fields["body"], role=fields["role"],
                              start=fields["start"], end=fields["end"])
            out.append(ListedName(name, aff, entry))
        else:
            out.extend(read_name_list(entry))
    return out


class GenericMinutes(Loader):
    family = "generic-minutes"
    description = "Fallback for minutes of unknown layout: header, participant blocks under usual headings, case headings, decisions (low confidence)"

    def detect(self, src: SourceText) -> float:
        blocks = participant_blocks(src.lines)
        people = sum(len(entries_of(names)) for *_, names in blocks)
        cases = sum(1 for l in src.lines if match_case_heading(clean(l)))
        score = 0.0
        if people >= 2:
            score += 0.3
        if cases:
            score += 0.05
        return min(score, CONFIDENCE_CAP)

    def parse(self, src: SourceText, document: Document) -> Extraction:
        lines = src.lines
        extraction = Extraction(document=document)
        blocks = participant_blocks(lines)
        first = blocks[0][0] if blocks else min(15, len(lines))
        read_header(src, extraction, first - 1 if blocks else first)
        extraction.warnings.append("read by the generic fallback loader: check the result")
        binder = NameBinder()
        for number, label, heading, names in blocks:
            for listed in entries_of(names):
                extraction.participants.append(participant(listed, heading, label, provenance(document.id, src, number)))
                binder.full_names.append(listed.name)
        after = blocks[-1][0] if blocks else 0
        case_blocks = cut_by_case_id(lines, after, bare="with-title") or cut_numbered_items(lines, after)
        read_case_blocks(case_blocks, src, extraction, binder)
        return extraction
