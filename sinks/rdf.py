"""Canonical graph → RDF, one named graph per source document.

Each document's graph holds the facts it is a source of (with their evidence: line span and
quote) and the descriptions of the entities it mentions, so dropping a document's graph drops
exactly what that document said. Vocabularies (roles, body types) live in their own graph.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Iterable

import pyoxigraph as ox

from samkart.graph.model import CanonicalGraph, Provenance
from samkart.ontology import vocabularies

SK = "https://w3id.org/samkart/ontology#"
ID = "https://w3id.org/samkart/id/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
TIME = "http://www.w3.org/2006/time#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES = {"sk": SK, "id": ID, "org": ORG, "foaf": FOAF, "prov": PROV, "dcterms": DCT, "time": TIME, "skos": SKOS,
            "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL}
VOCABULARY_GRAPH = ID + "graph/vocabulary"


def iri(local: str) -> ox.NamedNode:
    return ox.NamedNode(ID + local)


def document_graph(doc_id: str) -> ox.NamedNode:
    return iri(f"document/{doc_id}")


def role_iri(role: str) -> ox.NamedNode:
    return iri(f"role/{role}")


@lru_cache(maxsize=None)  # the vocabulary's terms: a few hundred, made once (each was built and its IRI checked per triple)
def _n(ns: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(ns + local)


A = _n(RDF, "type")


def _lit(value: object) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_n(XSD, "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_n(XSD, "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=_n(XSD, "decimal"))
    return ox.Literal(str(value))


def _date(value: str) -> ox.Literal:
    if len(value) == 4:
        return ox.Literal(value, datatype=_n(XSD, "gYear"))
    return ox.Literal(value, datatype=_n(XSD, "date"))


Owned = tuple[str, tuple]  # (document id whose graph holds it, (s, p, o))


class _Writer:
    """Collects one entity's triples with the documents they come from, and files each triple in
    exactly one document graph: the first of its source documents (by id).

    Why one: Oxigraph's union default graph is a bag, not a set. A triple repeated in every
    document that mentions, say, a body would be counted once per document in every join, and
    the overlap query went from milliseconds to minutes on a few hundred documents. Facts still
    sit in a graph of a document that states them, every document keeps its own evidence (line
    spans and quotes), and a triple moves when the document holding it goes away.

    Every triple has one emitter: an entity's own triples (its IRI and the nodes under it) come
    from that entity, a document's (its node, its evidence, what it mentions) from the
    document. So an entity can be re-emitted alone and compared with what it emitted before."""

    def __init__(self) -> None:
        self.sources: dict[tuple, set[str]] = defaultdict(set)

    def add(self, docs: Iterable[str], s: ox.NamedNode, p: ox.NamedNode, o: object) -> None:
        if o is None:
            return
        if not isinstance(o, (ox.NamedNode, ox.Literal, ox.BlankNode)):
            o = _lit(o)
        self.sources[(s, p, o)].update(docs)

    def owned(self) -> list[Owned]:
        return [(min(docs), triple) for triple, docs in self.sources.items() if docs]

    def derived_from(self, fact: ox.NamedNode, sources: list[Provenance]) -> None:
        for owner, triple in source_links(fact, sources):
            self.sources[triple].add(owner)


DERIVED_FROM = _n(PROV, "wasDerivedFrom")


def source_links(fact: ox.NamedNode, sources: Iterable[Provenance]) -> list[Owned]:
    """A fact's links to its evidence, each in the graph of the document quoted."""
    return [(src.document, (fact, DERIVED_FROM, evidence_iri(src))) for src in sources]


def evidence_iri(src: Provenance) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}document/{src.document}#L{src.line_start}-{src.line_end}")


def document_local(doc, mentions: Iterable[str], evidence: Iterable[Provenance]) -> list[Owned]:
    """What a document's graph holds of its own: its description, the entities it mentions and
    the evidence (line span and quote) its facts cite."""
    w = _Writer()
    d = document_graph(doc.id)
    docs = (doc.id,)
    w.add(docs, d, A, _n(SK, "SourceDocument"))
    w.add(docs, d, _n(SK, "path"), doc.path)
    w.add(docs, d, _n(SK, "sha256"), doc.sha256)
    w.add(docs, d, _n(SK, "family"), doc.family)
    w.add(docs, d, _n(DCT, "language"), doc.language)
    w.add(docs, d, _n(DCT, "format"), doc.format)
    w.add(docs, d, _n(SK, "ocr"), doc.ocr)
    w.add(docs, d, _n(SK, "loaderConfidence"), float(doc.confidence))
    if doc.sensitivity:
        w.add(docs, d, _n(SK, "sensitivity"), doc.sensitivity)
    if doc.title:
        w.add(docs, d, _n(DCT, "title"), doc.title)
    for entity in mentions:
        w.add(docs, iri(entity), _n(SK, "mentionedIn"), d)
    for src in evidence:
        if src.document != doc.id:
            continue
        ev = evidence_iri(src)
        w.add(docs, ev, A, _n(SK, "Evidence"))
        w.add(docs, ev, _n(PROV, "wasQuotedFrom"), d)
        w.add(docs, ev, _n(SK, "lineStart"), src.line_start)
        w.add(docs, ev, _n(SK, "lineEnd"), src.line_end)
        w.add(docs, ev, _n(PROV, "value"), src.quote)
        if src.page is not None:
            w.add(docs, ev, _n(SK, "page"), src.page)
    return w.owned()


def _labelled(w: _Writer, entity, kind: ox.NamedNode) -> ox.NamedNode:
    s = iri(entity.id)
    w.add(entity.documents, s, A, kind)
    w.add(entity.documents, s, _n(SKOS, "prefLabel"), entity.name)
    for alias in sorted(entity.aliases - {entity.name}):
        w.add(entity.documents, s, _n(SKOS, "altLabel"), alias)
    return s


def collaboration_triples(c) -> list[Owned]:
    w = _Writer()
    _labelled(w, c, _n(ORG, "OrganizationalCollaboration"))
    return w.owned()


def body_triples(b) -> list[Owned]:
    w = _Writer()
    s = _labelled(w, b, _n(SK, "Body"))
    w.add(b.documents, s, _n(ORG, "subOrganizationOf"), iri(b.collaboration))
    if b.body_type:
        w.add(b.documents, s, _n(SK, "bodyType"), iri(f"body-type/{b.body_type}"))
    return w.owned()


def organisation_triples(o) -> list[Owned]:
    w = _Writer()
    s = _labelled(w, o, _n(ORG, "OrganizationalUnit") if o.parent else _n(ORG, "FormalOrganization"))
    if o.parent:
        w.add(o.documents, s, _n(ORG, "subOrganizationOf"), iri(o.parent))
    return w.owned()


def person_triples(p) -> list[Owned]:
    w = _Writer()
    s = iri(p.id)
    w.add(p.documents, s, A, _n(FOAF, "Person"))
    w.add(p.documents, s, _n(FOAF, "name"), p.name)
    for alias in sorted(p.aliases):
        w.add(p.documents, s, _n(SKOS, "altLabel"), alias)
    for former in sorted(p.former_ids):
        w.add(p.documents, s, _n(SK, "formerId"), former)
    return w.owned()


def _fact(fact, kind: ox.NamedNode, *also: str) -> tuple[_Writer, ox.NamedNode, set[str]]:
    """A writer for one fact, its IRI and its documents (those of its sources, and `also`),
    with its type already written."""
    w = _Writer()
    s = iri(fact.id)
    docs = {src.document for src in fact.sources} | set(also)
    w.add(docs, s, A, kind)
    return w, s, docs


def membership_triples(m) -> list[Owned]:
    w, s, docs = _fact(m, _n(ORG, "Membership"))
    w.add(docs, s, _n(ORG, "member"), iri(m.person))
    w.add(docs, s, _n(ORG, "organization"), iri(m.body))
    if m.role:
        if m.role in vocabularies().roles:
            w.add(docs, s, _n(ORG, "role"), role_iri(m.role))
        w.add(docs, s, _n(SK, "roleLabel"), m.role_label or m.role)
    if m.organisation:
        w.add(docs, s, _n(SK, "onBehalfOf"), iri(m.organisation))
    if m.start or m.end:
        interval = ox.NamedNode(f"{ID}{m.id}/period")
        w.add(docs, s, _n(ORG, "memberDuring"), interval)
        w.add(docs, interval, A, _n(TIME, "Interval"))
        for prop, value in (("hasBeginning", m.start), ("hasEnd", m.end)):
            if value:
                instant = ox.NamedNode(f"{ID}{m.id}/{prop}")
                w.add(docs, interval, _n(TIME, prop), instant)
                w.add(docs, instant, A, _n(TIME, "Instant"))
                w.add(docs, instant, _n(TIME, "inXSDDate" if len(value) > 4 else "inXSDgYear"), _date(value))
    if m.succeeds:
        w.add(docs, s, _n(SK, "succeeds"), iri(m.succeeds))
    if m.first_seen:
        w.add(docs, s, _n(SK, "firstSeen"), _date(m.first_seen))
    if m.last_seen:
        w.add(docs, s, _n(SK, "lastSeen"), _date(m.last_seen))
    w.derived_from(s, m.sources)
    return w.owned()


def meeting_triples(mt) -> list[Owned]:
    w, s, docs = _fact(mt, _n(SK, "Meeting"), mt.document)
    w.add(docs, s, _n(SK, "heldBy"), iri(mt.body))
    if mt.date:
        w.add(docs, s, _n(DCT, "date"), _date(mt.date))
    w.add(docs, s, _n(SK, "time"), mt.time)
    w.add(docs, s, _n(SK, "place"), mt.place)
    w.add(docs, s, _n(SK, "dateInferred"), mt.date_inferred)
    w.add(docs, s, _n(SK, "planned"), mt.planned)
    w.add(docs, s, _n(SK, "recordedIn"), document_graph(mt.document))
    w.derived_from(s, mt.sources)
    return w.owned()


def attendance_triples(at) -> list[Owned]:
    w, s, docs = _fact(at, _n(SK, "Attendance"))
    w.add(docs, s, _n(SK, "attendee"), iri(at.person))
    w.add(docs, s, _n(SK, "meeting"), iri(at.meeting))
    w.add(docs, s, _n(SK, "status"), at.status)
    w.add(docs, s, _n(SK, "capacity"), at.capacity)
    w.add(docs, s, _n(SK, "remote"), at.remote)
    if at.substitute_for:
        w.add(docs, s, _n(SK, "substituteFor"), iri(at.substitute_for))
    if at.organisation:
        w.add(docs, s, _n(SK, "onBehalfOf"), iri(at.organisation))
    w.add(docs, s, _n(SK, "roleLabel"), at.role)
    w.derived_from(s, at.sources)
    return w.owned()


def case_triples(c) -> list[Owned]:
    w, s, docs = _fact(c, _n(SK, "Case"))
    w.add(docs, s, _n(DCT, "identifier"), c.identifier)
    w.add(docs, s, _n(SK, "identifierAsWritten"), c.identifier_as_written)
    w.add(docs, s, _n(DCT, "title"), c.title)
    w.add(docs, s, _n(SK, "caseType"), c.case_type)
    if c.meeting:
        w.add(docs, s, _n(SK, "handledAt"), iri(c.meeting))
    if c.body:
        w.add(docs, s, _n(SK, "handledBy"), iri(c.body))
    for pid in c.presenters:
        w.add(docs, s, _n(SK, "presenter"), iri(pid))
    for i, amount in enumerate(c.amounts):
        a = ox.NamedNode(f"{ID}{c.id}/amount/{i}")
        w.add(docs, s, _n(SK, "amount"), a)
        w.add(docs, a, A, _n(SK, "MonetaryAmount"))
        w.add(docs, a, _n(SK, "value"), float(amount.value))
        w.add(docs, a, _n(SK, "currency"), amount.currency)
        w.add(docs, a, _n(PROV, "value"), amount.text)
        if amount.organisation:
            w.add(docs, a, _n(SK, "contributor"), iri(amount.organisation))
        if amount.year:
            w.add(docs, a, _n(SK, "year"), _date(amount.year))
    w.derived_from(s, c.sources)
    if c.decision:
        dn = iri(c.decision.id)
        ddocs = {src.document for src in c.decision.sources}
        w.add(ddocs, s, _n(SK, "decision"), dn)
        w.add(ddocs, dn, A, _n(SK, "Decision"))
        w.add(ddocs, dn, _n(SK, "decisionKind"), c.decision.kind)
        w.add(ddocs, dn, _n(SK, "decisionText"), c.decision.text)
        w.derived_from(dn, c.decision.sources)
    return w.owned()


def reference_triples(r) -> list[Owned]:
    w, s, docs = _fact(r, _n(SK, "CaseReference"))
    w.add(docs, s, _n(SK, "fromCase"), iri(r.from_case))
    w.add(docs, s, _n(SK, "referencedIdentifier"), r.identifier)
    if r.body:
        w.add(docs, s, _n(SK, "referencedBody"), iri(r.body))
    if r.meeting_date:
        w.add(docs, s, _n(SK, "referencedMeetingDate"), _date(r.meeting_date))
    if r.resolved:
        prop = "resolvedMeeting" if r.resolved.startswith("meeting/") else "resolvedCase"
        w.add(docs, s, _n(SK, prop), iri(r.resolved))
    w.derived_from(s, r.sources)
    return w.owned()


def fact_sources(graph: CanonicalGraph) -> dict[str, set[Provenance]]:
    """Every provenance a fact of the graph cites, by document."""
    out: dict[str, set[Provenance]] = defaultdict(set)
    facts = [*graph.memberships.values(), *graph.meetings.values(), *graph.attendance.values(),
             *graph.cases.values(), *graph.references.values(),
             *(c.decision for c in graph.cases.values() if c.decision)]
    for fact in facts:
        for src in fact.sources:
            out[src.document].add(src)
    return out


def mentioned_entities(graph: CanonicalGraph) -> dict[str, set[str]]:
    """The collaborations, bodies, organisations and people each document mentions."""
    out: dict[str, set[str]] = defaultdict(set)
    for entity in [*graph.collaborations.values(), *graph.bodies.values(), *graph.organisations.values(), *graph.people.values()]:
        for d in entity.documents:
            out[d].add(entity.id)
    return out


def entity_triples(graph: CanonicalGraph) -> Iterable[Owned]:
    """Every entity's own triples (not the documents')."""
    emitters = ((graph.collaborations, collaboration_triples), (graph.bodies, body_triples),
                (graph.organisations, organisation_triples), (graph.people, person_triples),
                (graph.memberships, membership_triples), (graph.meetings, meeting_triples),
                (graph.attendance, attendance_triples), (graph.cases, case_triples),
                (graph.references, reference_triples))
    for entities, emit in emitters:
        for entity in entities.values():
            yield from emit(entity)


def document_triples(graph: CanonicalGraph) -> dict[str, set[tuple]]:
    """Triples of every document's named graph, keyed by document id."""
    out: dict[str, set[tuple]] = defaultdict(set)
    mentions, evidence = mentioned_entities(graph), fact_sources(graph)
    for doc in graph.documents.values():
        for owner, triple in document_local(doc, mentions.get(doc.id, ()), evidence.get(doc.id, ())):
            out[owner].add(triple)
    for owner, triple in entity_triples(graph):
        out[owner].add(triple)
    return out


def vocabulary_triples() -> set[tuple]:
    """SKOS concept schemes for roles and body types, labelled in nb, nn, da and en."""
    out: set[tuple] = set()
    vocab = vocabularies()
    for scheme, items in (("role", vocab.roles), ("body-type", vocab.body_types)):
        scheme_iri = iri(f"{scheme}/scheme")
        out.add((scheme_iri, A, _n(SKOS, "ConceptScheme")))
        out.add((scheme_iri, _n(SKOS, "prefLabel"), ox.Literal(f"samkart {scheme}s", language="en")))
        for key, item in items.items():
            concept = iri(f"{scheme}/{key}")
            out.add((concept, A, _n(SKOS, "Concept")))
            out.add((concept, _n(SKOS, "inScheme"), scheme_iri))
            for lang, label in item.labels.items():
                out.add((concept, _n(SKOS, "prefLabel"), ox.Literal(label, language=lang)))
            for alias in item.aliases:
                out.add((concept, _n(SKOS, "altLabel"), ox.Literal(alias)))
    return out
