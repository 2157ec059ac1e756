"""The resolve step: all documents' extractions → one canonical graph.

Deterministic: the same extractions give the same graph in any order (everything is sorted by
document id first), so re-loading or re-ordering documents changes nothing.
"""
from __future__ import annotations

from samkart.graph.entities import is_unknown_collaboration, resolve_body, resolve_collaboration, resolve_organisation
from samkart.graph.ids import short_hash, slug
from samkart.graph.judgements import Judgement
from samkart.graph.model import (
    Amount, Attendance, CanonicalGraph, Case, CaseReference, Decision, Meeting, Membership, Person, Provenance,
)
from samkart.graph.people import PersonMention, resolve_people
from samkart.loaders.cases import case_key
from samkart.loaders.extraction import Extraction
from samkart.ontology import fold, vocabularies

LIST_WEIGHT, TEXT_WEIGHT = 2.0, 1.0


def build_graph(extractions: list[Extraction], judgements: dict[tuple[str, str], Judgement] | None = None) -> CanonicalGraph:
    graph = CanonicalGraph()
    extractions = sorted(extractions, key=lambda e: e.document.id)
    context: dict[str, dict] = {}
    for ex in extractions:
        doc = ex.document.id
        graph.documents[doc] = ex.document
        collab = resolve_collaboration(graph, ex.collaboration, doc)
        body = resolve_body(graph, ex.body, collab, doc, headline=True)
        context[doc] = {"collaboration": collab, "body": body}

    # person mentions with the context that helps tell people apart
    mentions: list[PersonMention] = []
    for ex in extractions:
        doc, ctx = ex.document.id, context[ex.document.id]
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
    resolution = resolve_people(mentions, judgements)
    for cluster in resolution.clusters:
        pid = f"person/{slug(cluster.name)}"
        person = graph.people.get(pid)
        if person is None:
            graph.people[pid] = Person(pid, cluster.name, set(cluster.aliases), set(cluster.documents),
                                       {f"person/{slug(a)}" for a in cluster.aliases} - {pid})
        else:  # two people judged different but written alike: keep both, told apart by a suffix
            pid = f"{pid}-{short_hash(*sorted(cluster.documents))[:4]}"
            graph.people[pid] = Person(pid, cluster.name, set(cluster.aliases), set(cluster.documents))
        cluster.id = pid  # type: ignore[attr-defined]
    graph.explanations = resolution.explanations
    graph.uncertain = resolution.uncertain

    def person_id(name: str) -> str:
        return resolution.cluster_for(name).id  # type: ignore[attr-defined]

    # the spelling as written stays findable ('|da Elisabeth Nordvik' finds Ida Elisabeth Nordvik)
    for ex in extractions:
        for m in [*ex.participants, *ex.memberships, *getattr(ex, "named", [])]:
            if getattr(m, "written", None):
                graph.people[person_id(m.name)].aliases.add(m.written)
    for ex in extractions:
        _facts(graph, ex, context[ex.document.id], person_id)
    _successions(graph)
    _resolve_references(graph)
    _observed_periods(graph)
    return graph


def _facts(graph: CanonicalGraph, ex: Extraction, ctx: dict, person_id) -> None:
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
            _membership(graph, pid, member_body, role_key, p.role, org, None, None, p.prov)
    for m in ex.memberships:
        pid = person_id(m.name)
        org = resolve_organisation(graph, m.organisation, collab, doc)
        member_body = resolve_body(graph, m.body, collab, doc) if m.body else body
        if member_body is None:
            # nothing found is lost: a seat whose body the document does not name is kept under its collaboration
            member_body = resolve_body(graph, "(unnamed body)", collab, doc)
        mid = _membership(graph, pid, member_body, vocab.role_key(m.role) if m.role else None, m.role, org, m.start, m.end, m.prov)
        if m.succeeds:
            graph.memberships[mid].succeeds = person_id(m.succeeds)

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
        if c.decision_text and (case.decision is None or c.decision_kind in ("vedtak", "beslutning", "referat")):
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


def _membership(graph: CanonicalGraph, pid: str, body: str, role_key: str | None, role_label: str | None, org: str | None,
                start: str | None, end: str | None, prov: Provenance) -> str:
    mid = f"membership/{short_hash(pid, body, role_key or fold(role_label or ''), org)}"
    if mid not in graph.memberships and not org:
        # a seat stated without its organisation ('X var leder av SSU') is the one already known, if there is one
        same = [k for k, v in graph.memberships.items() if v.person == pid and v.body == body and (v.role == (role_key or role_label) or not (role_key or role_label))]
        if len(same) == 1:
            mid = same[0]
    m = graph.memberships.get(mid)
    if m is None:
        m = graph.memberships[mid] = Membership(mid, pid, body, role_key or role_label, role_label, org)
    m.start = min(filter(None, (m.start, start)), default=None)
    m.end = max(filter(None, (m.end, end)), default=None)
    if prov not in m.sources:
        m.sources.append(prov)
    return mid


def _successions(graph: CanonicalGraph) -> None:
    """A seat taken over from someone: a membership with no organisation or role of its own that
    only says who came before is folded into the successor's other seat in that body; the
    predecessor's seat ends only where a text says so."""
    by_person_body: dict[tuple[str, str], list[Membership]] = {}
    for m in graph.memberships.values():
        by_person_body.setdefault((m.person, m.body), []).append(m)
    for key, seats in by_person_body.items():
        bare = [m for m in seats if m.succeeds and not m.organisation and not m.role]
        full = [m for m in seats if m not in bare]
        for m in bare:
            for other in full:
                other.succeeds = other.succeeds or m.succeeds
                other.sources.extend(s for s in m.sources if s not in other.sources)
                other.start = other.start or m.start
                other.end = other.end or m.end
            if full:
                del graph.memberships[m.id]
    # a predecessor's seat keeps the end the text gives it: a successor's start is not that date


def _resolve_references(graph: CanonicalGraph) -> None:
    by_body: dict[tuple[str | None, object], str] = {}
    for case in graph.cases.values():
        by_body[(case.body, case_key(case.identifier))] = case.id
    meetings_by_date: dict[tuple[str, str | None], str] = {(m.body, m.date): m.id for m in graph.meetings.values()}
    for ref in graph.references.values():
        if ref.identifier:
            target = by_body.get((ref.body, case_key(ref.identifier)))
            if target is None and ref.meeting_date and ref.body:
                # numbered items ('punkt 4') are scoped to their meeting
                meeting = meetings_by_date.get((ref.body, ref.meeting_date))
                target = graph.cases.get(f"case/{meeting.split('/', 1)[1]}/{slug(ref.identifier)}").id if meeting and f"case/{meeting.split('/', 1)[1]}/{slug(ref.identifier)}" in graph.cases else None
            ref.resolved = target if target != ref.from_case else None
        elif ref.meeting_date and ref.body:
            ref.resolved = meetings_by_date.get((ref.body, ref.meeting_date))


def _observed_periods(graph: CanonicalGraph) -> None:
    """first_seen/last_seen: the dates of the meetings (or documents) a membership was seen at."""
    doc_dates: dict[str, str] = {}
    for meeting in graph.meetings.values():
        if meeting.date and not meeting.planned:
            doc_dates.setdefault(meeting.document, meeting.date)
    for m in graph.memberships.values():
        dates = sorted(d for d in (doc_dates.get(s.document) for s in m.sources) if d)
        if dates:
            m.first_seen, m.last_seen = dates[0], dates[-1]
        m.sources.sort()
