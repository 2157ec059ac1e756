"""The answers behind the CLI's public JSON contract, all read from the SPARQL store through the
named queries in `queries/` (one source of truth for the CLI and for analysts' own SPARQL)."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict, defaultdict
from typing import Any

from rapidfuzz import process, fuzz
from rdflib import Literal, URIRef

from samkart.errors import LookupFailed
from samkart.name_index import NameIndex, name_key
from samkart.ontology import fold, vocabularies
from samkart.queries import named
from samkart.sinks.rdf import ID
from samkart.store import StoreFolder
from samkart.timeline import last_day, overlap_sides, period_of


def py(value: Any) -> Any:
    """rdflib term → JSON value: our IRIs become ids ('person/marit-bakke'), dates ISO strings."""
    if value is None:
        return None
    if isinstance(value, URIRef):
        text = str(value)
        return text[len(ID):] if text.startswith(ID) else text
    if isinstance(value, Literal):
        v = value.toPython()
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, Literal):
            return str(v)
        if hasattr(v, "isoformat"):
            return v.isoformat()
        return v if isinstance(v, (bool, int, float, str)) else str(v)
    return str(value)


def run_named(store: StoreFolder, name: str, **params: str) -> list[dict[str, Any]]:
    from samkart.params import substitute

    query = named(name, "sparql")
    bindings = {k: URIRef(ID + v) if not v.startswith("http") else URIRef(v) for k, v in params.items()}
    # the IRIs written into the query (as `samkart sparql` does): Oxigraph then plans from them;
    # bound as parameters they are applied after planning (person-roles: 4×, attendance: 10× slower)
    return _select(store, substitute(query.text, bindings))


def _select(store: StoreFolder, text: str) -> list[dict[str, Any]]:
    rdf = store.rdf()
    if hasattr(rdf, "ox"):  # the local store: rows straight from Oxigraph
        from samkart import ox_rows

        return ox_rows.select(rdf.ox, text, ID)
    result = rdf.query(text)
    return [{str(var): py(row[var]) if row[var] is not None else None for var in result.vars} for row in result]


def rows_sparql(store: StoreFolder, text: str, params: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    result = store.rdf().query(text, params)
    if result.type == "ASK":
        return ["ask"], [{"ask": bool(result.askAnswer)}]
    if result.type == "CONSTRUCT":
        return ["subject", "predicate", "object"], [{"subject": py(s), "predicate": py(p), "object": py(o)} for s, p, o in result.graph]
    columns = [str(v) for v in result.vars]
    return columns, [{c: py(row[c]) for c in columns} for row in result]


# --------------------------------------------------------------------------------- people
def people_from_sparql(store: StoreFolder) -> list[dict[str, Any]]:
    grouped: "OrderedDict[str, dict]" = OrderedDict()
    for row in run_named(store, "list-people"):
        entry = grouped.setdefault(row["person"], {"id": row["person"], "name": row["name"], "aliases": [], "documents": []})
        if row["alias"] and row["alias"] not in entry["aliases"]:
            entry["aliases"].append(row["alias"])
        if row["path"] not in entry["documents"]:
            entry["documents"].append(row["path"])
    for entry in grouped.values():
        entry["aliases"].sort()
        entry["documents"].sort()
    return list(grouped.values())


def people(store: StoreFolder, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Everyone (a page of them with `limit`/`offset`), from the name index."""
    return NameIndex.open(store).people(limit, offset)


def find_person(store: StoreFolder, name: str) -> dict[str, Any]:
    index = NameIndex.open(store)
    key = name_key(name)
    hits = index.people_named(key)
    if not hits:
        # a unique partial match ('Møgster', 'Randi-Luise') is fine; several are ambiguous
        hits = index.people_with_words(key)
    if not hits and name.startswith("person/"):
        # an id from before a merge still finds the person it became part of
        hits = index.people_formerly(name)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise LookupFailed(f"'{name}' matches {len(hits)} people", [p["name"] for p in hits], hint="give the full name")
    candidates = index.fuzzy_candidates(key)
    close = process.extract(key, {pid: folded for pid, (folded, _) in candidates.items()}, scorer=fuzz.WRatio, limit=5)
    suggestions = [candidates[pid][1] for _, score, pid in close if score > 50]
    raise LookupFailed(f"no person called '{name}'", suggestions, hint="run `samkart list people` to see everyone")


def names_someone(store: StoreFolder, name: str) -> bool:
    """True when `name` matches at least one person (one, or several: ambiguous is still someone)."""
    index = NameIndex.open(store)
    key = name_key(name)
    return bool(index.people_named(key) or index.people_with_words(key))


def person(store: StoreFolder, name: str, as_of: str | None = None) -> dict[str, Any]:
    """A person's memberships and attendance; with `as_of` only seats held on that date and
    attendance up to it."""
    who = find_person(store, name)
    memberships: "OrderedDict[str, dict]" = OrderedDict()
    for row in run_named(store, "person-roles", person=who["id"]):
        m = memberships.setdefault(row["membership"], {
            "id": row["membership"], "body": row["bodyName"], "body_id": row["body"],
            "collaboration": row["collaborationName"], "collaboration_id": row["collaboration"],
            "organisation": row["organisationName"], "organisation_id": row["organisation"],
            "role": row["roleLabel"] or (row["role"].rsplit("/", 1)[-1] if row["role"] else None),
            "role_id": row["role"], "start": row["start"], "end": row["end"],
            "first_seen": row["firstSeen"], "last_seen": row["lastSeen"],
            "succeeds": {"id": row["predecessor"], "name": row["predecessorName"]} if row.get("predecessor") else None,
            "sources": []})
        source = {"document": row["path"], "line": row["line"]}
        if source not in m["sources"]:
            m["sources"].append(source)
    attendance = [{"meeting": r["meeting"], "date": r["date"], "body": r["bodyName"], "status": r["status"],
                   "capacity": r["capacity"], "remote": r["remote"]} for r in run_named(store, "attendance", person=who["id"])]
    seats = [{**m, "ended": period_of(m).ended(as_of)} for m in memberships.values() if not as_of or period_of(m).active_on(as_of)]
    if as_of:
        attendance = [a for a in attendance if a["date"] is None or a["date"] <= last_day(as_of)]
    return {"id": who["id"], "name": who["name"], "aliases": who["aliases"], "documents": who["documents"],
            "memberships": seats, "attendance": attendance}


# --------------------------------------------------------------------------------- bodies
def find_group(store: StoreFolder, name: str) -> dict[str, str]:
    """A collaboration or body by name, alias or id ('Alrek', 'SSU', 'Helsefellesskapet'). A name
    that fits several is answered with the candidates (LookupFailed), never picked silently."""
    key = name_key(name)
    index = NameIndex.open(store)
    candidates: list[dict[str, str]] = []
    for row in index.collaboration_rows():
        for label in filter(None, (row["name"], row["alias"], row["collaboration"])):
            candidates.append({"id": row["collaboration"], "name": row["name"], "kind": "collaboration", "label": label})
    # a curated alias ('Alrek') names a stored collaboration even if no document wrote it so
    vocab = vocabularies()
    collab_key = vocab.collaboration_key(name)
    stored = {c["id"] for c in candidates}
    if collab_key and f"collaboration/{collab_key}" in stored:
        candidates.append({"id": f"collaboration/{collab_key}", "name": vocab.collaborations[collab_key].name, "kind": "collaboration", "label": name})
    for row in index.body_rows():
        for label in filter(None, (row["name"], row["alias"], f"{row['name']} ({row['collaborationName']})", row["body"])):
            candidates.append({"id": row["body"], "name": f"{row['name']} ({row['collaborationName']})", "kind": "body", "label": label,
                               "collaboration_id": row["collaboration"], "type": row["bodyType"]})
    exact = {c["id"]: c for c in candidates if name_key(c["label"]) == key}
    # a body type's own word ('Styringsgruppe') names every body of that type, not the one whose alias it happens to be
    body_type = vocab.body_type_key(name)
    if body_type and not collab_key:
        exact |= {c["id"]: c for c in candidates if c["kind"] == "body" and c.get("type") == f"body-type/{body_type}"}
    partial = exact or {c["id"]: c for c in candidates if key in name_key(c["label"])}
    if not partial:
        close = process.extract(key, {i: fold(c["label"]) for i, c in enumerate(candidates)}, scorer=fuzz.WRatio, limit=5)
        raise LookupFailed(f"no collaboration or body called '{name}'", sorted({candidates[i]["name"] for _, s, i in close if s > 50}),
                           hint="run `samkart list collaborations` or `samkart list bodies`")
    if len(partial) == 1:
        return _public(next(iter(partial.values())))
    if exact and len([c for c in exact.values() if c["kind"] == "collaboration"]) == 1:
        return _public(next(c for c in exact.values() if c["kind"] == "collaboration"))  # its name, also a body's alias
    # a collaboration and bodies of its own are one answer: the collaboration ('Sundhedsklynge')
    collabs = [c for c in partial.values() if c["kind"] == "collaboration"]
    if len(collabs) == 1 and all(c["kind"] == "collaboration" or c.get("collaboration_id") == collabs[0]["id"] for c in partial.values()):
        return _public(collabs[0])
    raise LookupFailed(f"'{name}' names several collaborations or bodies", sorted({c["name"] for c in partial.values()}),
                       hint="give the full name, e.g. 'Styringsgruppen (Alrek helseklynge)', or an id from `samkart list bodies`")


def _public(candidate: dict[str, str]) -> dict[str, str]:
    return {k: candidate[k] for k in ("id", "name", "kind", "label")}


OVERLAP_BATCH = 200  # at most this many people's seats in one SPARQL query while a filtered page fills


def overlap(store: StoreFolder, a: str, b: str, as_of: str | None = None, at_same_time: bool = False,
            limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """People with a seat in A and in B; `as_of` keeps seats held on that date, `at_same_time`
    people whose seats on the two sides shared a day (rules in samkart/timeline.py).

    Ordered by name, then id. `limit`/`offset` give one page of that answer: the people at those
    places of the whole answer, each with exactly the seats the whole answer gives them. A page
    is found through the name index's seats (people in both, by SQL, one page of them) and only
    their seats are read from SPARQL; with `as_of`/`at_same_time` people whose seats do not
    answer are passed over and further people read until the page is full. Without `limit`, or
    on a store whose index has no seats (made before it had them), the whole answer is read
    from SPARQL as before and the page cut from it."""
    group_a, group_b = find_group(store, a), find_group(store, b)
    if limit is not None:
        index = NameIndex.open(store)
        if index.has_seats:
            return _overlap_page(store, index, group_a["id"], group_b["id"], as_of, at_same_time, limit, offset)
    people_out: "OrderedDict[str, dict]" = OrderedDict()
    seen: set[tuple[str, str, str]] = set()
    for row in run_named(store, "overlap", a=group_a["id"], b=group_b["id"]):
        entry = people_out.setdefault(row["person"], {"id": row["person"], "name": row["name"], "a": [], "b": []})
        if (row["person"], row["side"], row["membership"]) in seen:
            continue
        seen.add((row["person"], row["side"], row["membership"]))
        entry[row["side"]].append(_seat(row, as_of))
    out = []
    for entry in people_out.values():
        side_a, side_b = overlap_sides(entry["a"], entry["b"], as_of, at_same_time)
        if side_a and side_b:
            out.append({**entry, "a": side_a, "b": side_b})
    return out[offset:None if limit is None else offset + limit]


def _seat(row: dict[str, Any], as_of: str | None) -> dict[str, Any]:
    """One membership as `overlap` shows it on either side."""
    return {
        "body": row["bodyName"], "collaboration": row["collaborationName"], "organisation": row["organisationName"],
        "role": row["roleLabel"] or (row["role"].rsplit("/", 1)[-1] if row["role"] else None),
        "start": row["start"], "end": row["end"], "first_seen": row["firstSeen"], "last_seen": row["lastSeen"],
        "ended": period_of({"start": row["start"], "end": row["end"]}).ended(as_of),
        "id": row["membership"], "body_id": row["body"], "collaboration_id": row["collaboration"],
        "organisation_id": row["organisation"]}


def _overlap_page(store: StoreFolder, index: NameIndex, a: str, b: str, as_of: str | None, at_same_time: bool,
                  limit: int, offset: int) -> list[dict[str, Any]]:
    """One page of `overlap` from the name index's seats. Unfiltered, every person in both (by
    the index) is in the answer (the index and the RDF are written from one canonical graph), so
    the page starts at `offset` in the index; filtered, people are read from the first on and
    those without seats that answer do not count towards `offset`."""
    out: list[dict[str, Any]] = []
    filtered = bool(as_of or at_same_time)
    skip, cursor = (offset, 0) if filtered else (0, offset)
    while len(out) < limit:
        # filtered: the people still to pass over and to show, and a few more for those passed over
        batch = min(skip + limit - len(out) + 3, OVERLAP_BATCH) if filtered else limit - len(out)
        people = index.people_in_both(a, b, batch, cursor)
        if not people:
            break
        cursor += len(people)
        seats = _seats_of(store, index, [pid for pid, _ in people], a, b, as_of)
        for pid, _ in people:
            entry = seats.get(pid)
            if entry is None:
                continue
            side_a, side_b = overlap_sides(entry["a"], entry["b"], as_of, at_same_time)
            if not (side_a and side_b):
                continue
            if skip:
                skip -= 1
                continue
            out.append({**entry, "a": side_a, "b": side_b})
            if len(out) == limit:
                break
        if len(people) < batch:
            break
    return out


def _seats_of(store: StoreFolder, index: NameIndex, people_ids: list[str], a: str, b: str,
              as_of: str | None) -> dict[str, dict[str, Any]]:
    """person id → {id, name, a: [seats in A], b: [seats in B]}: from the name index's seats
    when they keep their memberships (a few milliseconds), else from one SPARQL query with the
    people's IRIs written into it (`overlap-seats` with a VALUES block: 0.2 ms a seat at 100,000
    documents)."""
    if index.has_seat_memberships:
        rows = index.seat_rows(people_ids)
    else:
        from samkart.sinks.sparql_remote import where_group_start

        text = named("overlap-seats", "sparql").text
        values = "VALUES ?person { " + " ".join(URIRef(ID + pid).n3() for pid in people_ids) + " }\n"
        at = where_group_start(text)
        rows = _select(store, text[:at] + values + text[at:])
    out: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        for side, group in (("a", a), ("b", b)):
            if group not in (row["body"], row["collaboration"]):
                continue
            entry = out.setdefault(row["person"], {"id": row["person"], "name": row["name"], "a": [], "b": []})
            if (row["person"], side, row["membership"]) in seen:
                continue
            seen.add((row["person"], side, row["membership"]))
            entry[side].append(_seat(row, as_of))
    return out


# --------------------------------------------------------------------------------- lists
def _grouped(rows: list[dict], key: str, fields: dict[str, str], multi: dict[str, str]) -> list[dict]:
    out: "OrderedDict[str, dict]" = OrderedDict()
    for row in rows:
        entry = out.setdefault(row[key], {"id": row[key], **{k: row[v] for k, v in fields.items()}, **{k: [] for k in multi}})
        for k, v in multi.items():
            if row[v] is not None and row[v] not in entry[k]:
                entry[k].append(row[v])
    return list(out.values())


def organisations(store: StoreFolder) -> list[dict]:
    return _grouped(run_named(store, "list-organisations"), "organisation", {"name": "name", "parent": "parentName"}, {"aliases": "alias"})


def bodies(store: StoreFolder) -> list[dict]:
    return _grouped(run_named(store, "list-bodies"), "body", {"name": "name", "collaboration": "collaborationName", "type": "bodyType"}, {"aliases": "alias"})


def collaborations(store: StoreFolder) -> list[dict]:
    return _grouped(run_named(store, "list-collaborations"), "collaboration", {"name": "name"}, {"aliases": "alias"})


def cases(store: StoreFolder) -> list[dict]:
    refs = defaultdict(list)
    for r in run_named(store, "case-references"):
        refs[r["case"]].append({"case": r["identifier"], "body": r["referencedBodyName"], "meeting_date": r["meetingDate"], "resolved": r["resolved"]})
    out = []
    for row in run_named(store, "list-cases"):
        out.append({"id": row["case"], "identifier": row["identifier"], "title": row["title"], "body": row["bodyName"],
                    "meeting": row["meeting"], "date": row["date"], "type": row["caseType"], "decision": row["decision"],
                    "references": refs.get(row["case"], [])})
    return out


def meetings(store: StoreFolder) -> list[dict]:
    attendance = defaultdict(list)
    for r in run_named(store, "meeting-attendance"):
        attendance[r["meeting"]].append({"person": r["name"], "person_id": r["person"], "status": r["status"],
                                         "capacity": r["capacity"], "remote": r["remote"],
                                         "substitute_for": {"id": r["substituteFor"], "name": r["substituteForName"]}
                                         if r.get("substituteFor") else None})
    by_meeting = defaultdict(list)
    for c in cases(store):
        if c["meeting"]:
            by_meeting[c["meeting"]].append({"id": c["id"], "identifier": c["identifier"], "title": c["title"],
                                             "decision": c["decision"], "references": c["references"]})
    out = []
    for row in run_named(store, "list-meetings"):
        out.append({"id": row["meeting"], "body": row["bodyName"], "collaboration": row["collaborationName"], "date": row["date"],
                    "time": row["time"], "place": row["place"], "planned": row["planned"], "date_inferred": row["dateInferred"],
                    "document": row["path"], "attendance": attendance.get(row["meeting"], []), "cases": by_meeting.get(row["meeting"], [])})
    return out


def memberships(store: StoreFolder) -> list[dict]:
    """Every membership, in the shape of `person`'s memberships, with the person added."""
    return [{"id": r["membership"], "person": r["name"], "person_id": r["person"], "body": r["bodyName"], "body_id": r["body"],
             "collaboration": r["collaborationName"], "collaboration_id": r["collaboration"],
             "organisation": r["organisationName"], "organisation_id": r["organisation"],
             "role": r["roleLabel"] or (r["role"].rsplit("/", 1)[-1] if r["role"] else None), "role_id": r["role"],
             "start": r["start"], "end": r["end"], "first_seen": r["firstSeen"], "last_seen": r["lastSeen"]}
            for r in run_named(store, "memberships")]


def as_of_filter(store: StoreFolder, kind: str, data: list[dict], as_of: str) -> list[dict]:
    """`list KIND --as-of DATE`: people, bodies, collaborations and organisations with a seat
    held on DATE (organisations: seats on their behalf); meetings and cases up to DATE."""
    if kind in ("meetings", "cases"):
        return [d for d in data if d.get("date") and d["date"] <= last_day(as_of)]
    held = [m for m in memberships(store) if period_of(m).active_on(as_of)]
    key = {"people": "person_id", "bodies": "body_id", "collaborations": "collaboration_id", "organisations": "organisation_id"}[kind]
    ids = {m[key] for m in held}
    return [d for d in data if d["id"] in ids]
