"""What all minutes share once a family has cut them into case blocks: decisions, presenters,
cross-references, appointments and substitutes read from each block's lines."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from samkart.loaders.amounts import amount_table, amounts_in_text
from samkart.loaders.cases import CaseId, decision_label, find_references, match_bare_case, match_case_heading, match_numbered_item
from samkart.loaders.extraction import CaseMention, Extraction, ParticipantMention
from samkart.loaders.freetext import NameBinder, memberships, presenters, substitutes
from samkart.loaders.reading import SourceText
from samkart.loaders.text import clean, provenance


@dataclass
class CaseBlock:
    """A case as a family's parser found it: identifier, title and the lines of its text."""

    identifier: str
    identifier_as_written: str
    title: str
    start: int  # 1-based line of the heading
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, raw line)
    case_id: CaseId | None = None
    case_type: str | None = None
    heading: str = ""  # the heading line as written, when the title was trimmed from it


def cut_by_case_id(lines: list[str], after: int, bare: str = "any") -> list[CaseBlock]:
    """Cut minutes into cases at 'Sak 12-24 Title' headings and, unless `bare` is 'never', at lines
    opening with a bare 'NN/YY' ('with-title': only when a title follows on the same line).
    A heading without a title takes the next non-empty line as its title (tab-laid case tables)."""
    blocks: list[CaseBlock] = []
    awaiting_title = False
    for number, raw in enumerate(lines, start=1):
        if number <= after:
            continue
        text = clean(raw)
        hit = match_case_heading(text)
        if hit is None and bare != "never":
            hit = match_bare_case(text)
            if hit and bare == "with-title" and not hit[1]:
                hit = None
        # a table repeating the identifier on the next line is the same case
        if hit and (not blocks or hit[0].normalised != blocks[-1].identifier):
            cid, title = hit
            blocks.append(CaseBlock(cid.normalised, cid.written, title, number, case_id=cid))
            awaiting_title = not title
            continue
        if not blocks:
            continue
        if awaiting_title and text:
            blocks[-1].title, awaiting_title = text, False
            continue
        blocks[-1].lines.append((number, raw))
    return blocks


def cut_numbered_items(lines: list[str], after: int) -> list[CaseBlock]:
    """Cut minutes into items '1. Title', '2. Title' …; a numbered line inside an item's text
    or a list ('- 1. møde …') is not a new item, since items come in order."""
    blocks: list[CaseBlock] = []
    expected = 1
    for number, raw in enumerate(lines, start=1):
        if number <= after:
            continue
        item = None if raw.lstrip().startswith(("-", "•", "*")) else match_numbered_item(clean(raw))
        if item and int(item[0]) == expected:
            ident, title = item
            # 'Organisering … v/ Mikkel, Daniel og Henrik': the presenters are not the title
            short = re.split(r"\s+v/\s*", title)[0].strip()
            blocks.append(CaseBlock(ident, f"{ident}.", short, number, heading=title))
            expected += 1
        elif blocks:
            blocks[-1].lines.append((number, raw))
    return blocks


_BOLD_LEAD = re.compile(r"^\s*[-•·*]?\s*\*\*(.+?)\*\*")
# Which label's text is the decision when a case has several ('Indstilling' then 'Referat').
PRIORITY = {"vedtak": 3, "beslutning": 3, "referat": 3, "konklusjon": 2, "framlegg-til-vedtak": 1, "forslag-til-vedtak": 1,
            "innstilling": 1, "indstilling": 1}
_SECTION_LABEL = re.compile(r"^[A-ZÆØÅ][\wæøå\- ]{2,30}:$")
_SHORT_DECISION = re.compile(r"^(godkjent|godkjend|vedtatt|vedteke|godkendt|tatt til orientering|teke til orientering|taget til efterretning)\b.{0,80}$", re.IGNORECASE)


def read_case_blocks(blocks: list[CaseBlock], src: SourceText, extraction: Extraction, binder: NameBinder) -> None:
    doc_id = extraction.document.id
    meeting_date = extraction.meeting.date if extraction.meeting else None
    for block in blocks:
        end = block.lines[-1][0] if block.lines else block.start
        case = CaseMention(identifier=block.identifier, identifier_as_written=block.identifier_as_written,
                           title=block.title, prov=provenance(doc_id, src, block.start, end), case_type=block.case_type)
        heading = block.heading or block.title
        for name in presenters(heading, binder):
            case.presenters.append(name)
        case.references.extend(find_references(heading, provenance(doc_id, src, block.start), block.case_id))
        decision_lines: list[tuple[int, str]] = []
        in_decision = False
        first_text = True
        currency = "DKK" if extraction.document.language == "da" else "NOK"
        for number, raw in block.lines:
            text = clean(raw)
            if not text:
                continue
            label = decision_label(text)
            if label:
                kind, first = label
                # 'Vedtak: Saken sendes videre, jf. sak 15/24': a decision may cite a case too
                case.references.extend(find_references(first, provenance(doc_id, src, number), block.case_id))
                if PRIORITY.get(kind, 0) >= PRIORITY.get(case.decision_kind or "", -1):
                    case.decision_kind = kind
                    decision_lines = [(number, first)] if first else []
                    in_decision = True
                else:
                    in_decision = False
                first_text = False
                continue
            if _SECTION_LABEL.match(text):
                in_decision = False  # 'Bilag:', 'Oppfølging:' end a decision's text
                first_text = False
                continue
            if first_text and case.decision_kind is None and _SHORT_DECISION.match(text):
                case.decision_kind = "vedtak"
                decision_lines = [(number, text)]
            first_text = False
            if in_decision:
                decision_lines.append((number, text))
            prov = provenance(doc_id, src, number)
            case.references.extend(find_references(text, prov, block.case_id))
            for name in presenters(text, binder):
                if name not in case.presenters:
                    case.presenters.append(name)
            lead = _BOLD_LEAD.match(raw)
            extraction.memberships.extend(memberships(text, prov, binder, meeting_date, heading=clean(lead.group(1)) if lead else None))
            for sub, absent in substitutes(text, binder):
                extraction.participants.append(ParticipantMention(name=sub, prov=prov, status="present", capacity="substitute", substitute_for=absent))
        case.amounts.extend(amount_table(block.lines, lambda n: provenance(doc_id, src, n), currency))
        if decision_lines and not case.amounts:
            for n, t in decision_lines:
                case.amounts.extend(amounts_in_text(t, provenance(doc_id, src, n), currency))
        if decision_lines:
            case.decision_text = " ".join(t for _, t in decision_lines).strip()
            case.decision_prov = provenance(doc_id, src, decision_lines[0][0], decision_lines[-1][0])
        elif case.decision_kind:
            case.decision_kind = None  # a label with nothing after it decides nothing
        extraction.cases.append(case)
