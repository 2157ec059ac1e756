"""The layout-agnostic reader: every document goes through the same passes.

items (loaders/layout.py) → header (opening.py) → sections and tables (participant_pass.py) →
running text (prose_pass.py) → cases (cases.py, minutes.py). The passes read labels, table headers,
the shape of names and the words beside them, never a layout's line positions.
"""
from __future__ import annotations

import re

from samkart.graph.model import Document
from samkart.loaders.base import Loader
from samkart.loaders.cases import CaseId, cued_references, match_case_heading, match_case_line
from samkart.loaders.extraction import Extraction, MeetingMention, MembershipMention, NamedMention, ParticipantMention
from samkart.loaders.freetext import NameBinder
from samkart.loaders.layout import Item, read_items
from samkart.loaders.minutes import CaseBlock, read_case_blocks
from samkart.loaders.opening import read_opening
from samkart.loaders.participant_pass import Listed, participants
from samkart.loaders.prose_pass import Fact, prose_facts
from samkart.loaders.reading import SourceText
from samkart.loaders.text import provenance
from samkart.ontology import fold, vocabularies


class LayoutAgnostic(Loader):
    family = "layout-agnostic"
    description = "any layout: labels, tables, lists and running text read by shared passes (minutes, notices, rosters, reports)"

    def detect(self, src: SourceText) -> float:
        return 0.5  # reads anything; a family that recognises its own layout with more certainty may be preferred

    def parse(self, src: SourceText, document: Document) -> Extraction:
        from samkart.loaders.ocr import ocr_signals

        document.ocr = ocr_signals(src.text) > 0.01  # OCR'd names are matched against clean ones by the resolver
        items = read_items(src)
        opening = read_opening(items)
        ex = Extraction(document=document, collaboration=opening.collaboration, body=opening.body, kind=opening.kind)
        if opening.from_title:
            ex.warnings.append(f"no collaboration named; the title line '{opening.collaboration}' is used instead "
                               "(add the collaboration to ontology/collaborations.toml to name it)")
        doc_id = document.id
        if opening.kind in ("minutes", "notice"):
            ex.meeting = MeetingMention(date=opening.date, prov=provenance(doc_id, src, 1, max(1, opening.last_line)),
                                        time=opening.time, place=opening.place, planned=opening.kind == "notice")
            if opening.date is None:
                ex.warnings.append("no meeting date found in the header")
        listed = participants(items, opening.kind, opening.body)
        initials = {l.initials: l.entry.name for l in listed if l.initials}
        for l in listed:
            _mention(ex, l, opening.kind, src, initials)
        skip = {line for l in listed for line in range(l.line, l.end + 1)}
        for fact in prose_facts(items, opening.kind, skip):
            _fact(ex, fact, opening.kind, src)
        _stood_in_for_were_absent(ex)
        binder = NameBinder(full_names=sorted({p.name for p in ex.participants} | {m.name for m in ex.memberships}), initials=initials)
        _cases(items, src, ex, binder)
        if not (ex.participants or ex.memberships or ex.cases or ex.named):
            ex.warnings.append("nothing found: no names under a label, in a table or in running text, and no cases")
        return ex


def _written(name: str, raw: str) -> str | None:
    """The name as the source spells it, where OCR repair changed letters ('|da Elisabeth' for 'Ida Elisabeth').
    Repairs keep lengths, so the written form is the same-length chunk that differs only in OCR marks."""
    damaged = set("|(@g0aeo")
    for line in raw.split("\n"):
        for start in range(0, max(0, len(line) - len(name)) + 1):
            chunk = line[start: start + len(name)]
            diffs = [(a, b) for a, b in zip(chunk, name) if a != b]
            if diffs and len(diffs) <= 3 and all(a in damaged for a, _ in diffs) and chunk.lower() != name.lower() \
                    and (start == 0 or not line[start - 1].isalnum()):
                return chunk
    return None


def _mention(ex: Extraction, l: Listed, kind: str, src: SourceText, initials: dict[str, str]) -> None:
    b, s = l.entry.beside, l.section
    prov = provenance(ex.document.id, src, l.line, l.end)
    org = b.on_behalf_of or s.organisation
    if s.organisation and b.organisation and fold(s.organisation) not in fold(b.organisation) and not _institution(b.organisation):
        org = f"{s.organisation}, {b.on_behalf_of}"  # a group heading's organisation, and its unit beside the name
    role = b.role or s.role
    substitute_for = initials.get(b.substitute_for or "", b.substitute_for) or l.stood_in_row
    written = _written(l.entry.name, l.raw) if ex.document.ocr else None
    capacity = b.capacity or s.capacity
    if capacity in ("guest", "member") and (re.search(r"sekret|referent|protokollf", fold(b.title or b.role or "")) and
                                            vocabularies().role_key(b.role or b.title or "") == "sekretariat"):
        capacity, role = "secretariat", role or b.title
    if kind == "minutes" and not s.copy:
        status = b.status or s.status
        if status in ("present", "absent"):
            if substitute_for and status == "present":
                capacity = "substitute"
            ex.participants.append(ParticipantMention(
                name=l.entry.name, prov=prov, organisation=org, role=role, status=status, capacity=capacity, remote=b.remote,
                substitute_for=substitute_for if status == "present" else None, initials=l.initials,
                listed_in=fold(s.label), written=written))
            if b.stood_in_by:
                ex.participants.append(ParticipantMention(name=b.stood_in_by, prov=prov, organisation=org, role="vara", status="present",
                                                          capacity="substitute", substitute_for=l.entry.name, listed_in=fold(s.label)))
            return
    if s.copy and not role:
        ex.named.append(NamedMention(l.entry.name, prov, org, b.title, written))
        return
    if capacity == "guest":
        ex.named.append(NamedMention(l.entry.name, prov, org, role or b.title, written))
        return
    ex.memberships.append(MembershipMention(name=l.entry.name, prov=prov, body=s.body or ex.body, organisation=org, role=role,
                                            start=b.start, end=b.end, listed_in=fold(s.label), succeeds=b.succeeds, written=written))
    if b.stood_in_by:  # 'Medlem: X – Vara: Y': Y holds the deputy seat for X's organisation
        ex.memberships.append(MembershipMention(name=b.stood_in_by, prov=prov, body=s.body or ex.body, organisation=org,
                                                role="vara", listed_in=fold(s.label)))


def _stood_in_for_were_absent(ex: Extraction) -> None:
    """'X møtte for Y': Y was not there, even where the minutes list Y nowhere else."""
    listed = {fold(p.name) for p in ex.participants}
    for p in list(ex.participants):
        if p.substitute_for and p.status == "present" and fold(p.substitute_for) not in listed and " " in p.substitute_for:
            ex.participants.append(ParticipantMention(name=p.substitute_for, prov=p.prov, status="absent", capacity="member",
                                                      listed_in="substituted"))
            listed.add(fold(p.substitute_for))


def _institution(text: str) -> bool:
    from samkart.loaders.beside import _INSTITUTION

    return bool(_INSTITUTION.search(fold(text)))


def _fact(ex: Extraction, f: Fact, kind: str, src: SourceText) -> None:
    b = f.beside
    prov = provenance(ex.document.id, src, f.line, f.end)
    if kind == "minutes" and f.attendance:
        capacity = b.capacity or ("substitute" if b.substitute_for and f.attendance == "present" else "member")
        ex.participants.append(ParticipantMention(name=f.name, prov=prov, organisation=b.on_behalf_of, role=b.role, status=f.attendance,
                                                  capacity=capacity, remote=b.remote, substitute_for=b.substitute_for,
                                                  listed_in=None))
        return
    body = f.body
    if body and ex.body and fold(ex.body).endswith(fold(body).rstrip("s")):
        body = ex.body  # 'styregruppen' in a text about the Klyngestyregruppen is that body
    if f.membership:
        ex.memberships.append(MembershipMention(name=f.name, prov=prov, body=body, organisation=b.on_behalf_of, role=b.role,
                                                start=b.start, end=b.end, succeeds=b.succeeds))
        return
    ex.named.append(NamedMention(f.name, prov, b.on_behalf_of, b.role or b.title))


def _section_heading(text: str) -> bool:
    """A short line that ends in no punctuation and labels nothing: a heading of its own."""
    from samkart.loaders.cases import decision_label

    return len(text.split()) <= 6 and not text.endswith((".", ":", ",", ")")) and text[:1].isupper() and decision_label(text) is None \
        and not re.match(r"^\d", text)


def _cases(items: list[Item], src: SourceText, ex: Extraction, binder: NameBinder) -> None:
    blocks: list[CaseBlock] = []
    by_id: dict[str, CaseBlock] = {}
    decision_column: int | None = None
    current: CaseBlock | None = None
    decisions = vocabularies().decisions
    gap = False
    for item in items:
        if item.kind == "row" and not match_case_line(item.cells[0]):
            cols = [fold(c).strip(" :") for c in item.cells]
            if any(c in decisions for c in cols) and current is None:
                decision_column = next(i for i, c in enumerate(cols) if c in decisions)
                continue
        head = match_case_line(item.cells[0] if item.kind == "row" else item.text)
        if head:
            ident, written, title = head
            if item.kind == "row" and not title and len(item.cells) > 1:
                title = item.cells[1]
            hit = match_case_heading(written)
            cid: CaseId | None = hit[0] if hit else None
            if ident in by_id:
                current = by_id[ident]
                if title and len(title) > len(current.title):
                    current.lines.append((item.line, title))
            else:
                current = CaseBlock(ident, written, title, item.line, case_id=cid, heading=title)
                blocks.append(current)
                by_id[ident] = current
            if item.kind == "row" and decision_column is not None and decision_column < len(item.cells) and decision_column > 1:
                label = next(k for k, v in decisions.items() if v in ("beslutning", "vedtak"))
                current.lines.append((item.line, f"{label}: {item.cells[decision_column]}"))
            continue
        if item.kind == "blank":
            gap = True
            continue
        ended = current is not None and current.lines and current.lines[-1][1].endswith(".")
        if current is not None and (gap or ended) and (item.kind == "heading" or _section_heading(item.text)):
            current = None  # 'Møteplan for 2025' after a blank line: the case has ended
        gap = False
        if current is not None:
            current.lines.append((item.line, item.text))
    if not blocks:
        return
    before = len(ex.cases)
    read_case_blocks(blocks, src, ex, binder)
    for block, case in zip(blocks, ex.cases[before:]):
        own = block.identifier
        known = {r.identifier for r in case.references}
        for number, text in [(block.start, block.heading or block.title)] + block.lines:
            for ref in cued_references(text, provenance(ex.document.id, src, number), own):
                if ref.identifier not in known:
                    case.references.append(ref)
                    known.add(ref.identifier)
