"""One document's share of the canonical graph.

The resolve step works in two halves so that a store can be brought up to date by what changed:

* per document (here): its person mentions (for the name resolver), and, once every name has a
  person id, its *fragment* — the parts it contributes to each group of the graph: a
  collaboration, a body, an organisation, a person, the seats of one person in one body, a
  meeting with its attendance, a case, a case reference;
* per group (`samkart.graph.merge`): a group's parts from every document, merged in document
  order by the same rules a single pass over all documents would apply.

A group's key says which entity it is, so a document that changes touches only the groups its
old and new fragments name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from samkart.graph.entities import is_unknown_collaboration, resolve_body, resolve_collaboration, resolve_organisation
from samkart.graph.ids import short_hash, slug
from samkart.graph.model import (
    Amount, Attendance, CanonicalGraph, Case, CaseReference, Decision, Document, Meeting, Provenance,
)
from samkart.graph.people import PersonMention
from samkart.loaders.extraction import Extraction
from samkart.ontology import vocabularies

LIST_WEIGHT, TEXT_WEIGHT = 2.0, 1.0

# group kinds in the order they are merged (references last: they look cases and meetings up)
KINDS = ("collaboration", "body", "organisation", "person", "seat", "meeting", "case", "reference")
_RANK = {kind: str(i) for i, kind in enumerate(KINDS)}

DECISIVE = ("vedtak", "beslutning", "referat")  # a decision of these kinds replaces one read before

PersonIds = Callable[[str], str]  # a name as written → its person id


def group_key(kind: str, ident: str) -> str:
    """'3person\tperson/kari-hansen': sorts by kind first, in merge order."""
    return f"{_RANK[kind]}{kind}\t{ident}"


def split_key(key: str) -> tuple[str, str]:
    kind, _, ident = key[1:].partition("\t")
    return kind, ident


def seat_group(person: str, body: str) -> str:
    return group_key("seat", f"{person}|{body}")


@dataclass(frozen=True)
class SeatCall:
    """A seat a document states; the merge replays these in document order, so that a seat
    stated without its organisation joins the one already known (see merge.add_seat)."""

    person: str
    body: str
    role_key: str | None
    role_label: str | None
    organisation: str | None
    start: str | None
    end: str | None
    prov: Provenance
    succeeds: str | None = None


@dataclass
class Fragment:
    document: Document
    date: str | None  # the date of the meeting it records (None for rosters, plans, reports)
    parts: dict[str, Any] = field(default_factory=dict)  # group key → this document's part
    mentions: set[str] = field(default_factory=set)  # collaborations, bodies, organisations, people
    evidence: set[Provenance] = field(default_factory=set)  # every line span its facts cite


ENTITY_KINDS = ("collaboration", "body", "organisation", "person")


def entity_rows(key: str, part: Any) -> tuple[list[str], str | None]:
    """What the store keeps beside an entity group's part, so that merging a group of many
    documents (a collaboration every document names) reads a few rows, not every part: its
    aliases (a person's: the spellings as written) and, for a body named by a headline, that name."""
    kind = split_key(key)[0]
    if kind == "person":
        return sorted(part), None
    if kind == "body":
        body, headline = part
        return sorted(body.aliases), body.name if headline else None
    if kind in ("collaboration", "organisation"):
        return sorted(part.aliases), None
    return [], None


def entity_tables(doc: str, parts: dict[str, Any]) -> tuple[list[tuple], list[tuple]]:
    """(part_aliases rows, headlines rows) of one document's parts."""
    aliases, headlines = [], []
    for key, part in parts.items():
        names, headline = entity_rows(key, part)
        aliases.extend((key, doc, a) for a in names)
        if headline:
            headlines.append((key, doc, headline))
    return aliases, headlines


def document_context(graph: CanonicalGraph, ex: Extraction) -> dict[str, Any]:
    doc = ex.document.id
    collab = resolve_collaboration(graph, ex.collaboration, doc)
    body = resolve_body(graph, ex.body, collab, doc, headline=True)
    return {"collaboration": collab, "body": body}


def person_mentions(ex: Extraction, graph: CanonicalGraph | None = None, ctx: dict | None = None) -> list[PersonMention]:
    """The document's person mentions, with the context that helps tell people apart."""
    if graph is None:
        graph = CanonicalGraph()
    if ctx is None:
        ctx = document_context(graph, ex)
    doc = ex.document.id
    mentions: list[PersonMention] = []
    # an unknown collaboration is no evidence that two names are one person
    known = set() if is_unknown_collaboration(ctx["collaboration"]) else {ctx["collaboration"]}
    base = known | ({ctx["body"]} if ctx["body"] and not is_unknown_collaboration(ctx["collaboration"]) else set())
    ocr = ex.document.ocr
    for p in ex.participants:
        org = resolve_organisation(graph, p.organisation, ctx["collaboration"], doc)
        mentions.append(PersonMention(p.name, doc, LIST_WEIGHT, ocr, frozenset(base | ({org} if org else set())),
                                      f"{doc}:{p.listed_in}" if p.listed_in else None))
        if p.substitute_for:
            mentions.append(PersonMention(p.substitute_for, doc, TEXT_WEIGHT, ocr, frozenset(base)))
    for m in ex.memberships:
        org = resolve_organisation(graph, m.organisation, ctx["collaboration"], doc)
        mentions.append(PersonMention(m.name, doc, LIST_WEIGHT if m.listed_in else TEXT_WEIGHT, ocr,
                                      frozenset(base | ({org} if org else set())), f"{doc}:{m.listed_in}" if m.listed_in else None))
    for m in ex.memberships:
        if m.succeeds:
            mentions.append(PersonMention(m.succeeds, doc, TEXT_WEIGHT, ocr, frozenset(base)))
    for n in getattr(ex, "named", []):
        org = resolve_organisation(graph, n.organisation, ctx["collaboration"], doc)
        mentions.append(PersonMention(n.name, doc, TEXT_WEIGHT, ocr, frozenset(base | ({org} if org else set()))))
    for c in ex.cases:
        for name in c.presenters:
            mentions.append(PersonMention(name, doc, TEXT_WEIGHT, ocr, frozenset(base)))
    return mentions


def fragment(ex: Extraction, person_id: PersonIds) -> Fragment:
    """The document's parts of every group it touches (person ids from the resolver)."""
    graph = CanonicalGraph()
    ctx = document_context(graph, ex)
    out = Fragment(ex.document, ex.meeting.date if ex.meeting and not ex.meeting.planned and ctx["body"] else None)
    seats: list[SeatCall] = []
    people: dict[str, set[str]] = {}
    for mention in person_mentions(ex, graph, ctx):
        people.setdefault(person_id(mention.name), set())
    # the spelling as written stays findable ('|da Elisabeth Nordvik' finds Ida Elisabeth Nordvik)
    for m in [*ex.participants, *ex.memberships, *getattr(ex, "named", [])]:
        if getattr(m, "written", None):
            people[person_id(m.name)].add(m.written)
    _facts(graph, ex, ctx, person_id, seats)

    parts = out.parts
    for c in graph.collaborations.values():
        parts[group_key("collaboration", c.id)] = c
    for b in graph.bodies.values():
        parts[group_key("body", b.id)] = (b, b.id in graph.headline_named)
    for o in graph.organisations.values():
        parts[group_key("organisation", o.id)] = o
    for pid, written in people.items():
        parts[group_key("person", pid)] = written
    for call in seats:
        parts.setdefault(seat_group(call.person, call.body), []).append(call)
    attendance: dict[str, list[Attendance]] = {}
    for at in graph.attendance.values():
        attendance.setdefault(at.meeting, []).append(at)
    for meeting in graph.meetings.values():
        parts[group_key("meeting", meeting.id)] = (meeting, attendance.get(meeting.id, []))
    for case in graph.cases.values():
        parts[group_key("case", case.id)] = case
    for ref in graph.references.values():
        parts[group_key("reference", ref.id)] = ref

    out.mentions = {*graph.collaborations, *graph.bodies, *graph.organisations, *people}
    facts = [*graph.meetings.values(), *graph.attendance.values(), *graph.cases.values(), *graph.references.values(),
             *(c.decision for c in graph.cases.values() if c.decision)]
    out.evidence = {src for fact in facts for src in fact.sources} | {call.prov for call in seats}
    return out


def _facts(graph: CanonicalGraph, ex: Extraction, ctx: dict, person_id: PersonIds, seats: list[SeatCall]) -> None:
    doc, collab, body = ex.document.id, ctx["collaboration"], ctx["body"]
    vocab = vocabularies()
    meeting_id = None
    if ex.meeting and body:
        meeting_id = f"meeting/{body.split('/', 1)[1]}/{ex.meeting.date or doc}"
        meeting = graph.meetings.get(meeting_id)
        if meeting is None:
            meeting = graph.meetings[meeting_id] = Meeting(meeting_id, body, ex.meeting.date, doc, ex.meeting.time,
                                                           ex.meeting.place, ex.meeting.date_inferred, ex.meeting.planned)
        meeting.sources.append(ex.meeting.prov)
        if meeting.planned and not ex.meeting.planned:  # minutes of a meeting that a plan announced
            meeting.planned, meeting.document = False, doc
    for planned in ex.planned_meetings:
        if body and planned.date:
            mid = f"meeting/{body.split('/', 1)[1]}/{planned.date}"
            m = graph.meetings.setdefault(mid, Meeting(mid, body, planned.date, doc, planned.time, planned.place, False, True))
            m.sources.append(planned.prov)

    # attendance; an absence wins over a presence listed elsewhere in the same minutes
    for p in ex.participants:
        pid = person_id(p.name)
        org = resolve_organisation(graph, p.organisation, collab, doc)
        member_body = resolve_body(graph, p.body, collab, doc) if p.body else body
        role_key = vocab.role_key(p.role) if p.role else None
        if meeting_id:
            aid = f"attendance/{short_hash(meeting_id, pid)}"
            existing = graph.attendance.get(aid)
            substitute_for = person_id(p.substitute_for) if p.substitute_for else None
            if existing is None:
                graph.attendance[aid] = Attendance(aid, pid, meeting_id, p.status, p.capacity, p.remote, substitute_for, org,
                                                   role_key or p.role, [p.prov])
            else:
                existing.sources.append(p.prov)
                if p.status == "absent":
                    existing.status = "absent"
                existing.remote = existing.remote or p.remote
                existing.organisation = existing.organisation or org
        if p.capacity in ("member", "observer", "secretariat", "substitute") and member_body:
            seats.append(SeatCall(pid, member_body, role_key, p.role, org, None, None, p.prov))
    for m in ex.memberships:
        pid = person_id(m.name)
        org = resolve_organisation(graph, m.organisation, collab, doc)
        member_body = resolve_body(graph, m.body, collab, doc) if m.body else body
        if member_body is None:
            # nothing found is lost: a seat whose body the document does not name is kept under its collaboration
            member_body = resolve_body(graph, "(unnamed body)", collab, doc)
        seats.append(SeatCall(pid, member_body, vocab.role_key(m.role) if m.role else None, m.role, org, m.start, m.end, m.prov,
                              person_id(m.succeeds) if m.succeeds else None))

    for c in ex.cases:
        numbered = "-" not in c.identifier and "/" not in c.identifier
        scope = (meeting_id.split("/", 1)[1] if meeting_id else doc) if numbered else (body.split("/", 1)[1] if body else doc)
        cid = f"case/{scope}/{slug(c.identifier)}"
        case = graph.cases.get(cid)
        if case is None:
            case = graph.cases[cid] = Case(cid, c.identifier, c.identifier_as_written, c.title, meeting_id, body, c.case_type)
        case.sources.append(c.prov)
        case.case_type = case.case_type or c.case_type
        if len(c.title) > len(case.title):
            case.title = c.title
        if c.decision_text and (case.decision is None or c.decision_kind in DECISIVE):
            case.decision = Decision(f"{cid}/decision", cid, c.decision_kind or "vedtak", c.decision_text,
                                     [c.decision_prov] if c.decision_prov else [c.prov])
        for name in c.presenters:
            pid = person_id(name)
            if pid not in case.presenters:
                case.presenters.append(pid)
        for a in c.amounts:
            case.amounts.append(Amount(a.value, a.currency, a.text, resolve_organisation(graph, a.organisation, collab, doc), a.year))
        for r in c.references:
            ref_body = resolve_body(graph, r.body, collab, doc) if r.body else body
            rid = f"{cid}/reference/{slug(r.identifier or 'meeting')}-{r.meeting_date or ''}".rstrip("-")
            ref = graph.references.get(rid)
            if ref is None:
                ref = graph.references[rid] = CaseReference(rid, cid, r.identifier, ref_body, r.meeting_date)
            ref.sources.append(r.prov)

