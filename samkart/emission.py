"""From merged entities to what the stores keep: triples with the document graph that holds
each, the digests of those graphs, the counts of a merged group, and the look-ups case
references are resolved with. Shared by the writer (`samkart.resolution`) and its workers
(`samkart.rebuild_workers`)."""
from __future__ import annotations

import json
import pickle
import sqlite3
import zlib
from collections import defaultdict
from typing import Any, Callable, Iterable

from samkart.graph.fragments import group_key, split_key
from samkart.graph.model import (
    Attendance, Body, Case, CaseReference, Collaboration, Meeting, Membership, Organisation, Person,
)
from samkart.graph import summaries as chunking
from samkart.sinks import rdf

Quad = tuple[str, tuple]  # (owner document id, (s, p, o))

# ------------------------------------------------------------------------------ digests
def triple_hash(triple: tuple) -> int:
    """64 bits of a triple's N-Triples form (two CRC-32s with different seeds: a digest only has to
    notice a change, and this is four times cheaper than a cryptographic hash)."""
    s, p, o = triple
    return _text_hash(f"{s} {p} {o}")


def _text_hash(text: str) -> int:
    data = text.encode("utf-8")
    return (zlib.crc32(data) << 32) | zlib.crc32(data, 0x9E3779B9)


class Digests:
    """Each named graph's digest, kept up to date triple by triple: the count of its triples and
    the sum of their hashes, so that adding and removing triples updates it without reading the
    graph (the Graph Store push compares these to send only the graphs that changed)."""

    MOD = 1 << 64

    def __init__(self, stored: dict[str, str]) -> None:
        # as saved, read only for the graphs that change (a load into a store of 100,000
        # documents changes a few dozen of them)
        self.stored = stored
        self.state: dict[str, tuple[int, int]] = {}  # the graphs that changed since

    def _current(self, graph: str) -> tuple[int, int]:
        if graph in self.state:
            return self.state[graph]
        value = self.stored.get(graph)
        if value is None:
            return (0, 0)
        try:
            count, total = value.split("-")
            return (int(count), int(total, 16))
        except ValueError:
            return (0, 0)  # an older digest: only means that graph is pushed again

    def count(self, graph: str) -> int:
        return self._current(graph)[0]

    def add(self, graph: str, triple: tuple, sign: int = 1) -> None:
        count, total = self._current(graph)
        self.state[graph] = (count + sign, (total + sign * triple_hash(triple)) % self.MOD)

    def merge(self, partial: dict[str, tuple[int, int]]) -> None:
        """Add digests computed elsewhere (a worker's share of the graphs)."""
        for graph, (count, total) in partial.items():
            mine = self._current(graph)
            self.state[graph] = (mine[0] + count, (mine[1] + total) % self.MOD)

    def as_dict(self) -> dict[str, str]:
        out = dict(self.stored)
        for name, (count, total) in self.state.items():
            if count > 0:
                out[name] = f"{count}-{total:016x}"
            else:
                out.pop(name, None)
        return out


_EMITTERS: dict[type, Callable[[Any], list[Quad]]] = {
    Collaboration: rdf.collaboration_triples, Body: rdf.body_triples, Organisation: rdf.organisation_triples,
    Person: rdf.person_triples, Membership: rdf.membership_triples, Meeting: rdf.meeting_triples,
    Attendance: rdf.attendance_triples, Case: rdf.case_triples, CaseReference: rdf.reference_triples,
}


def entity_quads(entities: Iterable[Any]) -> set[Quad]:
    out: set[Quad] = set()
    for entity in entities:
        out.update(_EMITTERS[type(entity)](entity))
    return out


# ------------------------------------------------------------------------------ groups kept in chunks
_OWN_SOURCES = (Case, Meeting, Attendance, CaseReference)  # facts whose triples link to each of their sources


def part_facts(kind: str, part: Any) -> list[Any]:
    """The facts a part of a case, meeting or reference group states (a meeting's with its attendance)."""
    return [part[0], *part[1]] if kind == "meeting" else [part]


def source_quads(facts: Iterable[Any]) -> set[Quad]:
    """The facts' links to their own sources (`rdf.source_links`), each in its document's graph."""
    out: set[Quad] = set()
    for fact in facts:
        out.update(rdf.source_links(rdf.iri(fact.id), fact.sources))
    return out


def core_quads(entities: list[Any]) -> set[Quad]:
    """The triples of entities merged from chunk summaries, less their links to their own sources
    (a summary keeps only its earliest source: the links are read from the parts instead)."""
    return entity_quads(entities) - source_quads(e for e in entities if isinstance(e, _OWN_SOURCES))


def summarised_group(key: str, parts: list[tuple[str, Any]], merger: Any, lookups: Any) -> tuple[list[Any], set[Quad], list[tuple]]:
    """A large case, meeting or reference group merged through its chunks: (its entities, with
    sources cut to each chunk's earliest; its triples, the same `entity_quads` gives of the
    group merged from every part; its summary rows (gkey, chunk, pickled summary))."""
    kind = split_key(key)[0]
    summaries = [(chunk, chunking.summarise(kind, run)) for chunk, run in chunking.chunks(parts, chunking.prefix_for(len(parts)))]
    entities = merger.merge(key, summaries, lookups)
    quads = core_quads(entities) | source_quads(f for _, part in parts for f in part_facts(kind, part))
    return entities, quads, [(key, chunk, pickle.dumps(summary)) for chunk, summary in summaries]


COUNTED = {Collaboration: "collaborations", Body: "bodies", Organisation: "organisations", Person: "people",
            Membership: "memberships", Meeting: "meetings", Attendance: "attendance", Case: "cases", CaseReference: "references"}
COUNTS = ("documents", "people", "organisations", "collaborations", "bodies", "memberships", "meetings", "attendance",
          "cases", "decisions", "references")


class DbLookups:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _one(self, kind: str, body: str, key: str) -> str | None:
        row = self.db.execute("SELECT max(target) FROM lookups WHERE kind=? AND body=? AND key=?", (kind, body, key)).fetchone()
        return row[0] if row else None

    def case(self, body: str | None, key: str) -> str | None:
        return self._one("case", body or "", key)

    def meeting(self, body: str, date: str) -> str | None:
        return self._one("meeting", body, date)

    def has_case(self, case_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM parts WHERE gkey=? LIMIT 1", (group_key("case", case_id),)).fetchone() is not None


class Output:
    """N-Quads and the digests of the graphs they go to."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.digests: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self._graphs: dict[str, tuple[str, list[int]]] = {}  # owner → (graph IRI as N-Quads, its digest)

    def add(self, quads) -> None:
        graphs = self._graphs
        append = self.lines.append
        for owner, (s, p, o) in quads:
            graph = graphs.get(owner)
            if graph is None:
                node = rdf.document_graph(owner)
                graph = graphs[owner] = (f" {node} .\n", self.digests[node.value])
            text = f"{s} {p} {o}"  # written once: the line and the triple's hash (as triple_hash gives it) share it
            append(text)
            append(graph[0])
            entry = graph[1]
            entry[0] += 1
            entry[1] = (entry[1] + _text_hash(text)) % Digests.MOD

    def result(self) -> tuple[bytes, dict[str, tuple[int, int]]]:
        return "".join(self.lines).encode("utf-8"), {g: (c, t) for g, (c, t) in self.digests.items()}


def group_rows(key: str, entities: list[Any]) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
    """What the store keeps of one merged group beside its triples: (look-up rows (gkey, kind,
    body, key, id) of cases and meetings, dependency rows (gkey, kind, body, key) of references,
    count rows (gkey, what, n), the seat row (gkey, person, collaboration, body, memberships) of
    one person's memberships in one body: what the name index answers `overlap` pages from)."""
    from samkart.graph.merge import case_lookup_keys, meeting_lookup_keys, reference_dependencies

    kind = split_key(key)[0]
    lookups: list[tuple] = []
    deps: list[tuple] = []
    tally: dict[str, int] = defaultdict(int)
    for e in entities:
        tally[COUNTED[type(e)]] += 1
        if isinstance(e, Case) and e.decision:
            tally["decisions"] += 1
        if kind == "case":
            lookups.extend((key, k, b, v, e.id) for k, b, v in case_lookup_keys(e))
        elif kind == "meeting" and isinstance(e, Meeting):
            lookups.extend((key, k, b, v, e.id) for k, b, v in meeting_lookup_keys(e))
        elif kind == "reference":
            deps.extend((key, k, b, v) for k, b, v in reference_dependencies(e))
    seat = seat_row(key, [e for e in entities if isinstance(e, Membership)]) if kind == "seat" else None
    return lookups, deps, [(key, k, n) for k, n in tally.items()], [seat] if seat else []


def seat_row(key: str, memberships: list[Membership]) -> tuple[str, str, str, str, str] | None:
    """(gkey, person, collaboration, body, memberships as JSON) of one person's seats in one body;
    None without memberships."""
    if not memberships:
        return None
    person, body = memberships[0].person, memberships[0].body
    # a body's id carries its collaboration's: body/<collaboration slug>/<body>
    return key, person, f"collaboration/{body.split('/')[1]}", body, seat_memberships(memberships)


def seat_memberships(memberships: Iterable[Membership]) -> str:
    """One person's memberships in one body as JSON, each with what the RDF says of it
    (`queries/overlap-seats.rq`): the name index answers `overlap` pages from these."""
    details = [{"id": m.id, "role": (m.role_label or m.role) if m.role else None, "organisation_id": m.organisation,
                "start": m.start, "end": m.end, "first_seen": m.first_seen, "last_seen": m.last_seen}
               for m in sorted(memberships, key=lambda m: m.id)]
    return json.dumps(details, ensure_ascii=False, separators=(",", ":"))
