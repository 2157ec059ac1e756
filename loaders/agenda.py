"""Agendas and case papers (saksliste, sakspapir) that name no attendance:

    Saksnr. Namn Sakstype
    01/21 Godkjenning av møteinnkalling og saksliste V
    03/21 Løypemelding frå prosjektgruppa            (its type on a line of its own: 'O', 'D/V')
    ...
    Sak 04/21 Koordinering og leiing ...             (the case text, with 'Framlegg til vedtak:')
    Møteplan for styringsgruppa 2021                 (future meetings)

When the document does not state its meeting date, it is inferred (and marked so): a planned
date the text ties to the body ('19.02.2021 / Styringsgruppa'), else the first planned meeting
of the cases' year.
"""
from __future__ import annotations

import re
from collections import Counter

from samkart.graph.model import Document
from samkart.loaders.base import Loader, find_body_in_lines, find_collaboration
from samkart.loaders.cases import match_bare_case, match_case_heading
from samkart.loaders.dates import find_dates, parse_time
from samkart.loaders.extraction import Extraction, MeetingMention
from samkart.loaders.freetext import NameBinder
from samkart.loaders.grouped_minutes import category_lines
from samkart.loaders.minutes import CaseBlock, read_case_blocks
from samkart.loaders.names import body_mention
from samkart.loaders.reading import SourceText
from samkart.loaders.text import clean, provenance
from samkart.ontology import vocabularies

_TYPE = re.compile(r"^[VODEI](?:\s*/\s*[VODEI])*$")
_PLAN = re.compile(r"\b(møteplan|mødeplan|møteplan for|møtedatoar|møtedatoer|mødedatoer)\b", re.IGNORECASE)
_LIST_HEADER = re.compile(r"\b(saksnr|saksliste|sakliste|sakstype|dagsorden)\b", re.IGNORECASE)


def _type_of(text: str) -> str | None:
    letters = [p.strip() for p in text.split("/")]
    names = vocabularies().case_types
    if all(l in names for l in letters):
        return "/".join(names[l] for l in letters)
    return None


class CaseAgenda(Loader):
    family = "case-agenda"
    description = "Agendas and case papers: a case list 'NN/YY Title TYPE' (V/O/D), case texts, 'Framlegg til vedtak', a meeting plan; no attendance"

    def detect(self, src: SourceText) -> float:
        lines = [clean(l) for l in src.lines]
        listed = [l for l in lines if (m := match_bare_case(l)) and m[1]]
        if len(listed) < 2:
            return 0.0
        score = min(0.6, 0.1 * len(listed))
        if any(_LIST_HEADER.search(l) for l in lines[:20]):
            score += 0.15
        if any(_TYPE.match(l) for l in lines) or any(_TYPE.match(l.split()[-1]) for l in listed if l.split()):
            score += 0.1
        if category_lines(src.lines):
            score -= 0.4  # participants listed: minutes, not an agenda
        return max(0.0, min(score, 0.9))

    def parse(self, src: SourceText, document: Document) -> Extraction:
        lines = src.lines
        cleaned = [clean(l) for l in lines]
        extraction = Extraction(document=document)
        extraction.collaboration = find_collaboration(src.text)
        extraction.body = self._body(cleaned)
        blocks = self._blocks(lines)
        years = Counter(b.case_id.year for b in blocks if b.case_id)
        year = 2000 + int(years.most_common(1)[0][0]) if years else None
        extraction.planned_meetings = self._plan(src, document, year)
        date, inferred_from = self._meeting_date(cleaned, extraction, year)
        extraction.meeting = MeetingMention(date=date, prov=provenance(document.id, src, inferred_from or 1),
                                            date_inferred=True)
        if date is None:
            extraction.warnings.append("no meeting date stated or inferable")
        # a meeting the plan announced is this one: not also a future meeting
        extraction.planned_meetings = [m for m in extraction.planned_meetings if m.date != date]
        read_case_blocks(blocks, src, extraction, NameBinder())
        return extraction

    def _body(self, cleaned: list[str]) -> str | None:
        for line in cleaned:
            if _PLAN.search(line):
                found = find_body_in_lines([line[_PLAN.search(line).end():].strip()])
                if found:
                    return found
        # the body that decides: the one most lines start with ('Styringsgruppa sluttar seg til …')
        starts: Counter[str] = Counter()
        written: dict[str, str] = {}
        for line in cleaned:
            text = re.sub(r"^[\d.\-•·o➢\s]+", "", line)
            key = body_mention(text)
            if key:
                starts[key] += 1
                written.setdefault(key, text.split()[0])
        if starts:
            return written[starts.most_common(1)[0][0]]
        return find_body_in_lines(cleaned)

    def _blocks(self, lines: list[str]) -> list[CaseBlock]:
        listed: dict[str, CaseBlock] = {}
        order: list[str] = []
        current: CaseBlock | None = None
        in_sections = False
        for number, raw in enumerate(lines, start=1):
            text = clean(raw)
            heading = match_case_heading(text)
            if heading:
                in_sections = True
                cid, title = heading
                current = listed.get(cid.normalised)
                if current is None:
                    current = listed[cid.normalised] = CaseBlock(cid.normalised, cid.written, title, number, case_id=cid)
                    order.append(cid.normalised)
                current.lines.append((number, raw))
                continue
            bare = None if in_sections else match_bare_case(text)
            if bare and bare[1]:
                cid, title = bare
                words = title.split()
                case_type = _type_of(words[-1]) if len(words) > 1 and _TYPE.match(words[-1]) else None
                if case_type:
                    title = " ".join(words[:-1])
                current = listed.setdefault(cid.normalised, CaseBlock(cid.normalised, cid.written, title, number, case_id=cid, case_type=case_type))
                if cid.normalised not in order:
                    order.append(cid.normalised)
                continue
            if current is None:
                continue
            if not in_sections and _TYPE.match(text) and current.case_type is None:
                current.case_type = _type_of(text)
                continue
            if _PLAN.search(text):
                current = None  # the meeting plan belongs to no case
                continue
            current.lines.append((number, raw))
        return [listed[k] for k in order]

    def _plan(self, src: SourceText, document: Document, year: int | None) -> list[MeetingMention]:
        out: list[MeetingMention] = []
        in_plan = False
        plan_year = year
        for number, raw in enumerate(src.lines, start=1):
            text = clean(raw)
            if _PLAN.search(text):
                in_plan = True
                y = re.search(r"\b(20\d{2})\b", text)
                plan_year = int(y.group(1)) if y else year
                continue
            if in_plan:
                if not text:
                    continue
                dates = find_dates(re.sub(r"\b(?:Møte|Møde)\s+\d+\s*-\s*\d{4}", "", text), plan_year)
                if not dates:
                    if match_case_heading(text) or len(text) > 120:
                        in_plan = False
                    continue
                out.append(MeetingMention(date=dates[0][1], time=parse_time(text), planned=True, prov=provenance(document.id, src, number)))
        return out

    def _meeting_date(self, cleaned: list[str], extraction: Extraction, year: int | None) -> tuple[str | None, int | None]:
        planned = {m.date: m.prov.line_start for m in extraction.planned_meetings}
        body_key = body_mention(extraction.body) if extraction.body else None
        for number, line in enumerate(cleaned, start=1):
            for _pos, iso in find_dates(line, year):
                if iso in planned and body_key and any(body_mention(w) == body_key for w in re.split(r"[/,]\s*", line)):
                    return iso, number
        in_year = sorted(d for d in planned if year and d.startswith(str(year)))
        if in_year:
            return in_year[0], planned[in_year[0]]
        return None, None
