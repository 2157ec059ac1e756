"""Merge one group's parts from every document (in document order) into its entities.

The rules are those of one pass over all documents sorted by id — the first document to name
an entity gives its name, later ones add aliases and sources, a decision of a decisive kind
replaces one read before, an absence wins over a presence — so merging only the groups a load
touched gives the graph a load of everything would.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Protocol

from samkart.graph.fragments import DECISIVE, Fragment, SeatCall, split_key
from samkart.graph.ids import slug
from samkart.graph.model import (
    Attendance, Body, CanonicalGraph, Case, CaseReference, Collaboration, Meeting, Membership, Organisation, Person,
)
from samkart.graph.ids import short_hash
from samkart.loaders.cases import case_key
from samkart.ontology import fold

Parts = list[tuple[str, Any]]  # (document id, part), in document order


@dataclass
class PersonInfo:
    """What the name resolver says of one person: the name shown, the other spellings, the ids
    the person had under other spellings."""

    name: str
    aliases: set[str]
    former_ids: set[str]


class Lookups(Protocol):
    """What resolving a case reference needs to know of the rest of the graph."""

    def case(self, body: str | None, key: str) -> str | None: ...
    def meeting(self, body: str, date: str) -> str | None: ...
    def has_case(self, case_id: str) -> bool: ...


def reference_key(identifier: str) -> str:
    return repr(case_key(identifier))


# ------------------------------------------------------------------------------ entity groups
def merge_collaboration(parts: Parts) -> Collaboration:
    first = parts[0][1]
    out = Collaboration(first.id, first.name, first.kind)
    for _, c in parts:
        out.aliases |= c.aliases
        out.documents |= c.documents
    return out


def merge_body(parts: Parts) -> Body:
    first = parts[0][1][0]
    out = Body(first.id, first.name, first.collaboration, first.body_type)
    for _, (b, headline) in parts:
        if headline:
            out.name = b.name
        out.aliases |= b.aliases
        out.documents |= b.documents
    return out


def merge_organisation(parts: Parts) -> Organisation:
    first = parts[0][1]
    out = Organisation(first.id, first.name, first.parent, first.kind)
    for _, o in parts:
        out.aliases |= o.aliases
        out.documents |= o.documents
    return out


def merge_person(pid: str, info: PersonInfo, parts: Parts) -> Person:
    aliases = set(info.aliases)
    for _, written in parts:
        aliases |= written
    return Person(pid, info.name, aliases, {doc for doc, _ in parts}, set(info.former_ids))


# ------------------------------------------------------------------------------ seats
def add_seat(memberships: dict[str, Membership], call: SeatCall, seen: dict[str, set[tuple]]) -> str:
    """Fold one seat call into the memberships (`seen`: each membership's sources, as tuples, so
    that a source is not compared with every other: a popular seat has hundreds)."""
    mid = f"membership/{short_hash(call.person, call.body, call.role_key or fold(call.role_label or ''), call.organisation)}"
    if mid not in memberships and not call.organisation:
        # a seat stated without its organisation ('X var leder av SSU') is the one already known, if there is one
        role = call.role_key or call.role_label
        same = [k for k, v in memberships.items() if v.person == call.person and v.body == call.body and (v.role == role or not role)]
        if len(same) == 1:
            mid = same[0]
    m = memberships.get(mid)
    if m is None:
        m = memberships[mid] = Membership(mid, call.person, call.body, call.role_key or call.role_label, call.role_label, call.organisation)
    m.start = min(filter(None, (m.start, call.start)), default=None)
    m.end = max(filter(None, (m.end, call.end)), default=None)
    p = call.prov
    marks, mark = seen.setdefault(mid, set()), tuple(vars(p).values())  # what Provenance's == compares
    if mark not in marks:
        marks.add(mark)
        m.sources.append(p)
    if call.succeeds:
        m.succeeds = call.succeeds
    return mid


def merge_seats(parts: Parts, document_date: Callable[[str], str | None]) -> list[Membership]:
    """One person's seats in one body: replayed in document order, then successions folded in
    and the period each seat was seen at."""
    memberships: dict[str, Membership] = {}
    seen: dict[str, set[tuple]] = {}
    for _, calls in parts:
        for call in calls:
            add_seat(memberships, call, seen)
    _fold_successions(memberships)
    for m in memberships.values():
        dates = sorted(d for d in (document_date(s.document) for s in m.sources) if d)
        if dates:
            m.first_seen, m.last_seen = dates[0], dates[-1]
        m.sources.sort()
    return list(memberships.values())


def _fold_successions(memberships: dict[str, Membership]) -> None:
    """A seat taken over from someone: a membership with no organisation or role of its own that
    only says who came before is folded into the successor's other seat in that body; the
    predecessor's seat ends only where a text says so."""
    seats = list(memberships.values())
    bare = [m for m in seats if m.succeeds and not m.organisation and not m.role]
    full = [m for m in seats if m not in bare]
    for m in bare:
        for other in full:
            other.succeeds = other.succeeds or m.succeeds
            other.sources.extend(s for s in m.sources if s not in other.sources)
            other.start = other.start or m.start
            other.end = other.end or m.end
        if full:
            del memberships[m.id]


# ------------------------------------------------------------------------------ meetings, cases
def merge_meeting(parts: Parts) -> tuple[Meeting, list[Attendance]]:
    out: Meeting | None = None
    attendance: dict[str, Attendance] = {}
    for doc, (meeting, present) in parts:
        if out is None:
            out = replace(meeting, sources=list(meeting.sources))
        else:
            out.sources.extend(meeting.sources)
            if out.planned and not meeting.planned:  # minutes of a meeting that a plan announced
                out.planned, out.document = False, meeting.document
        for at in present:
            existing = attendance.get(at.id)
            if existing is None:
                attendance[at.id] = replace(at, sources=list(at.sources))
            else:
                existing.sources.extend(at.sources)
                if at.status == "absent":
                    existing.status = "absent"
                existing.remote = existing.remote or at.remote
                existing.organisation = existing.organisation or at.organisation
    assert out is not None
    return out, list(attendance.values())


def merge_case(parts: Parts) -> Case:
    out: Case | None = None
    for _, case in parts:
        if out is None:
            out = replace(case, sources=list(case.sources), presenters=list(case.presenters), amounts=list(case.amounts))
            continue
        out.sources.extend(case.sources)
        out.case_type = out.case_type or case.case_type
        if len(case.title) > len(out.title):
            out.title = case.title
        if case.decision and (out.decision is None or case.decision.kind in DECISIVE):
            out.decision = case.decision
        out.presenters.extend(p for p in case.presenters if p not in out.presenters)
        out.amounts.extend(case.amounts)
    assert out is not None
    return out


def fold_reference(parts: Parts) -> CaseReference:
    """A reference's parts merged, not yet resolved."""
    out: CaseReference | None = None
    for _, ref in parts:
        if out is None:
            out = replace(ref, sources=list(ref.sources))
        else:
            out.sources.extend(ref.sources)
    assert out is not None
    return out


def merge_reference(parts: Parts, lookups: Lookups) -> CaseReference:
    out = fold_reference(parts)
    out.resolved = resolve_reference(out, lookups)
    return out


def resolve_reference(ref: CaseReference, lookups: Lookups) -> str | None:
    if ref.identifier:
        target = lookups.case(ref.body, reference_key(ref.identifier))
        if target is None and ref.meeting_date and ref.body:
            # numbered items ('punkt 4') are scoped to their meeting
            meeting = lookups.meeting(ref.body, ref.meeting_date)
            scoped = f"case/{meeting.split('/', 1)[1]}/{slug(ref.identifier)}" if meeting else None
            target = scoped if scoped and lookups.has_case(scoped) else None
        return target if target != ref.from_case else None
    if ref.meeting_date and ref.body:
        return lookups.meeting(ref.body, ref.meeting_date)
    return None


def reference_dependencies(ref: CaseReference) -> list[tuple[str, str, str]]:
    """(kind, body, key) of the look-ups a reference's resolution reads: 'case' (body, case key)
    and 'meeting' (body, date). A change to any of them re-resolves the reference."""
    deps = []
    if ref.identifier:
        deps.append(("case", ref.body or "", reference_key(ref.identifier)))
    if ref.meeting_date and ref.body:
        deps.append(("meeting", ref.body, ref.meeting_date))
    return deps


def case_lookup_keys(case: Case) -> list[tuple[str, str, str]]:
    return [("case", case.body or "", reference_key(case.identifier))]


def meeting_lookup_keys(meeting: Meeting) -> list[tuple[str, str, str]]:
    return [("meeting", meeting.body, meeting.date)] if meeting.date else []


class GraphLookups:
    """Look-ups over a whole in-memory graph (the same answers the store's tables give)."""

    def __init__(self, cases: Iterable[Case], meetings: Iterable[Meeting]) -> None:
        self.cases: dict[tuple[str, str], str] = {}
        self.case_ids: set[str] = set()
        for case in cases:
            for _, body, key in case_lookup_keys(case):
                self.cases[(body, key)] = max(self.cases.get((body, key), ""), case.id)
            self.case_ids.add(case.id)
        self.meetings: dict[tuple[str, str], str] = {}
        for meeting in meetings:
            for _, body, date in meeting_lookup_keys(meeting):
                self.meetings[(body, date)] = max(self.meetings.get((body, date), ""), meeting.id)

    def case(self, body: str | None, key: str) -> str | None:
        return self.cases.get((body or "", key))

    def meeting(self, body: str, date: str) -> str | None:
        return self.meetings.get((body, date))

    def has_case(self, case_id: str) -> bool:
        return case_id in self.case_ids


# ------------------------------------------------------------------------------ whole graph
class GroupMerger:
    """Merges groups into a graph; what lies outside the groups (person names, document dates,
    reference look-ups) comes from the caller."""

    def __init__(self, people: Callable[[str], PersonInfo], document_date: Callable[[str], str | None]) -> None:
        self.people = people
        self.document_date = document_date

    def merge(self, key: str, parts: Parts, lookups: Lookups | None = None) -> list[Any]:
        """The entities of one group (references need `lookups`)."""
        kind, ident = split_key(key)
        if kind == "collaboration":
            return [merge_collaboration(parts)]
        if kind == "body":
            return [merge_body(parts)]
        if kind == "organisation":
            return [merge_organisation(parts)]
        if kind == "person":
            return [merge_person(ident, self.people(ident), parts)]
        if kind == "seat":
            return merge_seats(parts, self.document_date)
        if kind == "meeting":
            meeting, attendance = merge_meeting(parts)
            return [meeting, *attendance]
        if kind == "case":
            return [merge_case(parts)]
        if kind == "reference":
            assert lookups is not None
            return [merge_reference(parts, lookups)]
        raise ValueError(f"unknown group kind {kind!r}")


def add_to_graph(graph: CanonicalGraph, entity: Any) -> None:
    table = {Collaboration: graph.collaborations, Body: graph.bodies, Organisation: graph.organisations,
             Person: graph.people, Membership: graph.memberships, Meeting: graph.meetings,
             Attendance: graph.attendance, Case: graph.cases, CaseReference: graph.references}[type(entity)]
    table[entity.id] = entity


def assemble(fragments: list[Fragment], merger: GroupMerger) -> CanonicalGraph:
    """The canonical graph of these fragments, all in memory."""
    graph = CanonicalGraph()
    groups: dict[str, Parts] = {}
    for frag in sorted(fragments, key=lambda f: f.document.id):
        graph.documents[frag.document.id] = frag.document
        for key, part in frag.parts.items():
            groups.setdefault(key, []).append((frag.document.id, part))
    references = []
    for key in sorted(groups):
        if split_key(key)[0] == "reference":
            references.append(key)
            continue
        for entity in merger.merge(key, groups[key]):
            add_to_graph(graph, entity)
    lookups = GraphLookups(graph.cases.values(), graph.meetings.values())
    for key in references:
        for entity in merger.merge(key, groups[key], lookups):
            add_to_graph(graph, entity)
    return graph
