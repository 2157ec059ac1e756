"""Minutes whose participants are grouped by category, one line each:

    Kommunehelsetjenesten: Johnny Breivik (OU Bergensregionen), Trond Egil Hansen (OU Bergen)
    Brukerrepresentanter: Bjørn Sivertsen, Ida Nordvik (på teams), Theresa Dang (gjest)
    Forfall: Belén Birkenes, Trude Hjortland

The category gives the capacity or role (ontology/headings.toml, else the category as written);
cases are numbered 'NN/YY' (alone on a line, or before the title) or 'Sak NN/YY Title'.
"""
from __future__ import annotations

import re

from samkart.graph.model import Document
from samkart.loaders.attendance_table import find_table_header
from samkart.loaders.header import read_header
from samkart.loaders.base import Loader
from samkart.loaders.cases import match_bare_case, match_case_heading
from samkart.loaders.extraction import Extraction
from samkart.loaders.freetext import NameBinder
from samkart.loaders.minutes import cut_by_case_id, read_case_blocks
from samkart.loaders.participants import heading_of, participant, read_name_list
from samkart.loaders.reading import SourceText
from samkart.loaders.text import clean, provenance
from samkart.ontology import fold, vocabularies

_CATEGORY_LINE = re.compile(r"^(?P<label>[^:\d][^:]{1,80}?)\s*:\s*(?P<names>.+)$")


def category_lines(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line number, category, names) for lines listing at least one person after a label."""
    out = []
    vocab = vocabularies()
    for number, raw in enumerate(lines, start=1):
        text = clean(raw)
        m = _CATEGORY_LINE.match(text)
        if not m or "\t" in raw.strip():
            continue
        label = m.group("label").strip()
        if fold(label) in vocab.decisions or len(label.split()) > 7:
            continue
        names = read_name_list(m.group("names"))
        if names and (heading_of(label) or len(names) >= 2 or vocab.role_key(label)):
            out.append((number, label, m.group("names")))
    return out


class GroupedParticipantsMinutes(Loader):
    family = "grouped-participants-minutes"
    description = "Minutes listing participants by category on one line each ('Category: Name (Org), Name'), 'Forfall:', cases 'NN/YY'"

    def detect(self, src: SourceText) -> float:
        lines = src.lines
        if find_table_header(lines):
            return 0.1
        found = category_lines(lines)
        if not found:
            return 0.0
        score = min(0.55, 0.12 * len(found))
        if any(heading_of(label) and heading_of(label).get("status") == "absent" for _, label, _ in found):
            score += 0.15
        if sum(1 for line in lines if match_bare_case(clean(line)) or match_case_heading(clean(line))) >= 2:
            score += 0.2
        return min(score, 0.95)

    def parse(self, src: SourceText, document: Document) -> Extraction:
        lines = src.lines
        extraction = Extraction(document=document)
        found = category_lines(lines)
        first_participant_line = found[0][0] if found else len(lines)
        read_header(src, extraction, first_participant_line - 1)
        binder = NameBinder()
        for number, label, names in found:
            heading = heading_of(label) or {}
            prov = provenance(document.id, src, number)
            for listed in read_name_list(names):
                # an unknown category ('Kommunehelsetjenesten') is the role it names
                extraction.participants.append(participant(listed, heading, label, prov, None if heading else label))
                binder.full_names.append(listed.name)
        read_case_blocks(cut_by_case_id(lines, found[-1][0] if found else 0), src, extraction, binder)
        return extraction
