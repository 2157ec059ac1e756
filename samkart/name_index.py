"""The name index: every person, collaboration and body by folded name, alias, id, former id and
spelling key, in SQLite beside the RDF store (`.samkart/names.sqlite`), so that a name on the
command line resolves in milliseconds instead of by listing everyone through SPARQL.

Built from the canonical graph at the end of every rebuild (under the write lock, inside the
commit readers wait for) and written beside its target then renamed over it: a reader sees the
old file or the new one, never half of one. A store without the file (made before the index
existed, or with a damaged one) is answered from the SPARQL store through an in-memory index
built the same way, so the matching rules live in one place (`samkart/answers.py` applies them).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any, Iterable

from samkart.ontology import fold

INDEX_FILE = "names.sqlite"
SCHEMA = """
CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT NOT NULL, documents TEXT NOT NULL, folded TEXT NOT NULL);
CREATE TABLE person_keys (key TEXT NOT NULL, person TEXT NOT NULL);      -- whole folded names, aliases, ids
CREATE TABLE person_tokens (token TEXT NOT NULL, person TEXT NOT NULL);  -- words of the name and aliases
CREATE TABLE former_ids (former TEXT NOT NULL, person TEXT NOT NULL);
CREATE TABLE collaborations (id TEXT NOT NULL, name TEXT NOT NULL, alias TEXT);
CREATE TABLE bodies (id TEXT NOT NULL, name TEXT NOT NULL, alias TEXT, collaboration TEXT NOT NULL, collaboration_name TEXT NOT NULL, body_type TEXT);
CREATE TABLE organisations (id TEXT PRIMARY KEY, name TEXT NOT NULL);
-- person × body they hold a membership in, with those memberships (JSON: emission.seat_memberships)
CREATE TABLE seats (person TEXT NOT NULL, collaboration TEXT NOT NULL, body TEXT NOT NULL, memberships TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX person_keys_key ON person_keys (key);
CREATE INDEX person_tokens_token ON person_tokens (token);
CREATE INDEX former_ids_former ON former_ids (former);
CREATE INDEX people_order ON people (name, id);
CREATE UNIQUE INDEX seats_by_collaboration ON seats (collaboration, person, body);
CREATE INDEX seats_by_body ON seats (body, person);
CREATE INDEX seats_person ON seats (person);
"""
# what an in-place update deletes by (IF NOT EXISTS: indexes written before these existed get them)
PERSON_INDEXES = """
CREATE INDEX IF NOT EXISTS person_keys_person ON person_keys (person);
CREATE INDEX IF NOT EXISTS person_tokens_person ON person_tokens (person);
CREATE INDEX IF NOT EXISTS former_ids_person ON former_ids (person);
CREATE INDEX IF NOT EXISTS collaborations_id ON collaborations (id);
CREATE INDEX IF NOT EXISTS bodies_id ON bodies (id);
"""
FUZZY_CANDIDATES = 5000  # people compared by the fuzzy scorer when nothing matches (shared 3-letter word starts)


def name_key(text: str) -> str:
    """Names compare case-, accent-, space- and hyphen-insensitively: 'Randi Luise Mogster' is
    'Randi-Luise Møgster'."""
    return re.sub(r"[\s\-‐‑]+", " ", fold(text)).strip()


def person_keys(entry: dict[str, Any]) -> set[str]:
    return {name_key(entry["name"]), name_key(entry["id"]), name_key(entry["id"].split("/", 1)[-1]), *map(name_key, entry["aliases"])}


def person_tokens(entry: dict[str, Any]) -> set[str]:
    return set(name_key(" ".join([entry["name"], *entry["aliases"]])).split())


# ------------------------------------------------------------------------------------ writing
def people_from_graph(graph) -> list[dict[str, Any]]:
    """The rows `samkart list people` shows, from the canonical graph (as the RDF says them:
    a person is listed when a stored document mentions them)."""
    out = []
    for p in graph.people.values():
        documents = sorted({graph.documents[d].path for d in p.documents if d in graph.documents})
        if documents:
            out.append({"id": p.id, "name": p.name, "aliases": sorted(set(p.aliases)), "documents": documents,
                        "former_ids": sorted(p.former_ids)})
    return out


def groups_from_graph(graph) -> tuple[list[tuple], list[tuple]]:
    """(collaboration rows, body rows) as the list-collaborations and list-bodies queries give them."""
    collabs = [(c.id, c.name, alias) for c in graph.collaborations.values()
               for alias in sorted(c.aliases - {c.name}) or [None]]
    bodies = []
    for b in graph.bodies.values():
        collab = graph.collaborations.get(b.collaboration)
        if collab is None:
            continue
        body_type = f"body-type/{b.body_type}" if b.body_type else None
        bodies += [(b.id, b.name, alias, collab.id, collab.name, body_type) for alias in sorted(b.aliases - {b.name}) or [None]]
    return collabs, bodies


def seats_from_graph(graph, people: Iterable[str] | None = None) -> list[tuple[str, str, str, str]]:
    """(person, collaboration, body, memberships) rows: one per person and body they hold a
    membership in, as the RDF says it (a membership read from a stored document, in a body of a
    collaboration, of a person `list people` shows). A pure function of the graph's
    memberships, bodies and collaborations; `people` limits it to those person ids (an
    incremental update of the index deletes their rows and inserts these)."""
    from samkart.emission import seat_memberships

    wanted = None if people is None else set(people)
    held: dict[tuple[str, str, str], list] = {}
    for m in graph.memberships.values():
        if wanted is not None and m.person not in wanted:
            continue
        if not any(src.document in graph.documents for src in m.sources):
            continue
        person, body = graph.people.get(m.person), graph.bodies.get(m.body)
        collab = graph.collaborations.get(body.collaboration) if body is not None else None
        if person is None or collab is None or not _mentioned(graph, person) or not _mentioned(graph, body) or not _mentioned(graph, collab):
            continue
        held.setdefault((person.id, collab.id, body.id), []).append(m)
    return [(*seat, seat_memberships(memberships)) for seat, memberships in sorted(held.items())]


def organisations_from_graph(graph) -> list[tuple[str, str]]:
    """(id, name) of every organisation a document names (the RDF gives each a label)."""
    return sorted((o.id, o.name) for o in graph.organisations.values() if o.documents)


def _mentioned(graph, entity) -> bool:
    return any(d in graph.documents for d in entity.documents)


def fill(db: sqlite3.Connection, people: Iterable[dict[str, Any]], collabs: list[tuple], bodies: list[tuple],
         seats: Iterable[tuple[str, str, str, str]] = (), organisations: Iterable[tuple[str, str]] = ()) -> None:
    db.executescript(SCHEMA)
    _insert(db, people, collabs, bodies, seats, organisations)
    db.executescript(INDEXES)
    db.executescript(PERSON_INDEXES)


def _insert(db: sqlite3.Connection, people: Iterable[dict[str, Any]], collabs: list[tuple], bodies: list[tuple],
            seats: Iterable[tuple[str, str, str, str]] = (), organisations: Iterable[tuple[str, str]] = ()) -> None:
    for entry in people:
        db.execute("INSERT OR IGNORE INTO people VALUES (?, ?, ?, ?, ?)",
                   (entry["id"], entry["name"], json.dumps(entry["aliases"], ensure_ascii=False),
                    json.dumps(entry["documents"], ensure_ascii=False), fold(entry["name"])))
        db.executemany("INSERT INTO person_keys VALUES (?, ?)", [(k, entry["id"]) for k in person_keys(entry)])
        db.executemany("INSERT INTO person_tokens VALUES (?, ?)", [(t, entry["id"]) for t in person_tokens(entry)])
        db.executemany("INSERT INTO former_ids VALUES (?, ?)", [(f, entry["id"]) for f in entry.get("former_ids", ())])
    db.executemany("INSERT INTO collaborations VALUES (?, ?, ?)", collabs)
    db.executemany("INSERT INTO bodies VALUES (?, ?, ?, ?, ?, ?)", bodies)
    db.executemany("INSERT OR REPLACE INTO organisations VALUES (?, ?)", organisations)
    db.executemany("INSERT OR IGNORE INTO seats VALUES (?, ?, ?, ?)", seats)


def write(root: Path, graph, seats: Iterable[tuple[str, str, str, str]] | None = None) -> None:
    """Build the index of `graph` beside its place in the store folder and rename it over the
    old one (called by the writer, under the write lock). `seats`: the seat rows when the caller
    has them without the graph's memberships."""
    collabs, bodies = groups_from_graph(graph)
    rows = seats_from_graph(graph) if seats is None else seats
    _replace(root, None, lambda db: fill(db, people_from_graph(graph), collabs, bodies, rows, organisations_from_graph(graph)))


def update(root: Path, graph, gone: dict[str, set[str]], seats: dict[str, list[tuple[str, str, str, str]]]) -> bool:
    """Bring the index up to date: `graph` holds the people, collaborations, bodies and
    organisations whose rows change (with the documents those people are mentioned in), `gone`
    the ids by kind ('people', 'collaborations', 'bodies', 'organisations') whose rows go,
    `seats` every seat row of the people whose seats may have changed. The change is made on a
    copy renamed over the index, as a whole write is (readers open the file as immutable).
    False when there is no index to update, or one from before seats kept their memberships
    (the caller writes it whole)."""
    path = Path(root) / INDEX_FILE
    if not path.exists() or not _has_seat_memberships(path):
        return False

    def change(db: sqlite3.Connection) -> None:
        db.executescript(PERSON_INDEXES)
        for pid in gone.get("people", set()) | set(graph.people):
            for table, column in (("people", "id"), ("person_keys", "person"), ("person_tokens", "person"), ("former_ids", "person")):
                db.execute(f"DELETE FROM {table} WHERE {column}=?", (pid,))
        for pid in gone.get("people", set()) | set(seats):
            db.execute("DELETE FROM seats WHERE person=?", (pid,))
        for cid in gone.get("collaborations", set()) | set(graph.collaborations):
            db.execute("DELETE FROM collaborations WHERE id=?", (cid,))
        for bid in gone.get("bodies", set()) | set(graph.bodies):
            db.execute("DELETE FROM bodies WHERE id=?", (bid,))
        for oid in gone.get("organisations", set()) | set(graph.organisations):
            db.execute("DELETE FROM organisations WHERE id=?", (oid,))
        collabs, bodies = groups_from_graph(graph)
        _insert(db, people_from_graph(graph), collabs, bodies, [row for rows in seats.values() for row in rows],
                organisations_from_graph(graph))

    _replace(root, path, change)
    return True


def _has_seat_memberships(path: Path) -> bool:
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return _seat_tables(db) == (True, True)
        finally:
            db.close()
    except sqlite3.Error:
        return False


def _seat_tables(db: sqlite3.Connection) -> tuple[bool, bool]:
    """(has a seats table, its seats keep their memberships): indexes written by older versions
    have neither, or seats without memberships and no organisations table."""
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    columns = {row[1] for row in db.execute("PRAGMA table_info(seats)")}
    has_seats = "seats" in tables
    return has_seats, has_seats and "memberships" in columns and "organisations" in tables


def _replace(root: Path, base: Path | None, build) -> None:
    """Write the index beside its place (from a copy of `base`, or empty) and rename it over."""
    path = Path(root) / INDEX_FILE
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{INDEX_FILE}.", suffix=".tmp")
    os.close(fd)
    try:
        if base is not None:
            shutil.copyfile(base, tmp)
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")  # the rename below is what makes it visible; fsync'd before it
            with db:
                build(db)
        finally:
            db.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove(root: Path) -> None:
    (Path(root) / INDEX_FILE).unlink(missing_ok=True)


# ------------------------------------------------------------------------------------ reading
class NameIndex:
    """Look-ups over one snapshot of the index (the file as it was when opened)."""

    def __init__(self, db: sqlite3.Connection, has_seats: bool = True, has_seat_memberships: bool = False) -> None:
        self.db = db
        self.has_seats = has_seats  # False: an index from before the seats table, or one built from SPARQL
        self.has_seat_memberships = has_seat_memberships  # False: seats without their memberships (older index)

    @classmethod
    def open(cls, store) -> "NameIndex":
        """The store's index file, else one built in memory from the SPARQL store (slow: a
        store from before the index, or one whose index is damaged; `samkart repair` writes it)."""
        root = getattr(store, "root", None)
        path = root / INDEX_FILE if isinstance(root, Path) else None  # a SPARQL server has no index file
        if path is not None and path.exists() and not getattr(store, "_commit_depth", 0):
            try:
                db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
                db.execute("SELECT 1 FROM people LIMIT 1").fetchall()
                db.execute("SELECT 1 FROM bodies LIMIT 1").fetchall()
                # an older index still resolves names; its seats (or their memberships) come from SPARQL
                return cls(db, *_seat_tables(db))
            except sqlite3.Error:
                pass
        return cls.from_sparql(store)

    @classmethod
    def from_sparql(cls, store) -> "NameIndex":
        from samkart import answers

        people = answers.people_from_sparql(store)
        former: dict[str, list[str]] = {}
        for row in answers.run_named(store, "former-ids"):
            former.setdefault(row["person"], []).append(row["id"])
        for entry in people:
            entry["former_ids"] = former.get(entry["id"], [])
        collabs = [(r["collaboration"], r["name"], r["alias"]) for r in answers.run_named(store, "list-collaborations")]
        bodies = [(r["body"], r["name"], r["alias"], r["collaboration"], r["collaborationName"], r["bodyType"])
                  for r in answers.run_named(store, "list-bodies")]
        db = sqlite3.connect(":memory:", check_same_thread=False)
        with db:
            fill(db, people, collabs, bodies)
        return cls(db, has_seats=False)  # no seats: `overlap` answers from SPARQL alone

    def close(self) -> None:
        self.db.close()

    # -- people -------------------------------------------------------------------------------
    def _people(self, where: str, args: Iterable[Any] = ()) -> list[dict[str, Any]]:
        rows = self.db.execute(f"SELECT id, name, aliases, documents FROM people {where}", tuple(args)).fetchall()
        return [{"id": i, "name": n, "aliases": json.loads(a), "documents": json.loads(d)} for i, n, a, d in rows]

    def people(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Everyone, ordered as `list people` orders them (name, then id), one page at a time."""
        return self._people("ORDER BY name, id LIMIT ? OFFSET ?", (-1 if limit is None else limit, offset))

    def people_named(self, key: str) -> list[dict[str, Any]]:
        """Exact: the folded name, an alias or the id."""
        return self._people("WHERE id IN (SELECT person FROM person_keys WHERE key = ?) ORDER BY name, id", (key,))

    def people_with_words(self, key: str) -> list[dict[str, Any]]:
        """Every word of `key` is a word of the person's name or aliases ('Møgster', 'Randi-Luise')."""
        parts = sorted(set(key.split()))
        if not parts:
            return self.people()
        marks = ", ".join("?" * len(parts))
        return self._people(f"WHERE id IN (SELECT person FROM person_tokens WHERE token IN ({marks}) GROUP BY person "
                            f"HAVING COUNT(DISTINCT token) = ?) ORDER BY name, id", (*parts, len(parts)))

    def people_formerly(self, former_id: str) -> list[dict[str, Any]]:
        return self._people("WHERE id IN (SELECT person FROM former_ids WHERE former = ?) ORDER BY name, id", (former_id,))

    def fuzzy_candidates(self, key: str) -> dict[str, tuple[str, str]]:
        """id → (folded name, name) of people sharing a word start with `key`: the small set the
        fuzzy scorer compares (everyone when none share one)."""
        starts = {part[:3] for part in key.split() if part}
        ids: set[str] = set()
        for start in starts:
            upper = start[:-1] + chr(ord(start[-1]) + 1)
            ids.update(i for (i,) in self.db.execute("SELECT DISTINCT person FROM person_tokens WHERE token >= ? AND token < ? LIMIT ?",
                                                     (start, upper, FUZZY_CANDIDATES)))
        if ids:
            marks = ", ".join("?" * len(ids))
            rows = self.db.execute(f"SELECT id, folded, name FROM people WHERE id IN ({marks})", tuple(ids)).fetchall()
        else:
            rows = self.db.execute("SELECT id, folded, name FROM people").fetchall()
        return {i: (f, n) for i, f, n in rows}

    # -- seats --------------------------------------------------------------------------------
    def people_in_both(self, a: str, b: str, limit: int | None = None, offset: int = 0) -> list[tuple[str, str]]:
        """(id, name) of the people with a seat in A and one in B (each a collaboration or a
        body id), ordered by name, then id, one page at a time."""
        # walks people in name order and asks the two seat indexes about each, stopping when the
        # page is full: the first page costs a page, not everyone in A (IN (…) costs 40 ms for
        # 17,000 people, this 0.04 ms; all of them, when few sit in both, 16 ms)
        side = "(EXISTS (SELECT 1 FROM seats WHERE collaboration = ? AND person = p.id) OR EXISTS (SELECT 1 FROM seats WHERE body = ? AND person = p.id))"
        return self.db.execute(f"SELECT id, name FROM people p WHERE {side} AND {side} ORDER BY name, id LIMIT ? OFFSET ?",
                               (a, a, b, b, -1 if limit is None else limit, offset)).fetchall()

    def seat_rows(self, people: list[str]) -> list[dict[str, Any]]:
        """Every membership of these people, one row each with the fields and in the order
        `queries/overlap-seats.rq` gives them (name, person, body name, membership), so that a
        page of `overlap` reads the index instead of the RDF store."""
        if not people:
            return []
        marks = ", ".join("?" * len(people))
        rows = self.db.execute(
            f"SELECT s.person, p.name, s.body, b.name, s.collaboration, b.collaboration_name, s.memberships "
            f"FROM seats s JOIN people p ON p.id = s.person "
            f"JOIN (SELECT DISTINCT id, name, collaboration, collaboration_name FROM bodies) b ON b.id = s.body AND b.collaboration = s.collaboration "
            f"WHERE s.person IN ({marks})", tuple(people)).fetchall()
        # on whose behalf: an organisation, or a body or collaboration (the RDF labels all three)
        wanted = json.dumps(sorted({m["organisation_id"] for *_, seats in rows for m in json.loads(seats) if m["organisation_id"]}))
        organisations = dict(self.db.execute(
            "SELECT id, name FROM organisations WHERE id IN (SELECT value FROM json_each(?1)) UNION "
            "SELECT DISTINCT id, name FROM bodies WHERE id IN (SELECT value FROM json_each(?1)) UNION "
            "SELECT DISTINCT id, name FROM collaborations WHERE id IN (SELECT value FROM json_each(?1))", (wanted,)))
        out = []
        for person, name, body, body_name, collab, collab_name, seats in rows:
            for m in json.loads(seats):
                organisation = m["organisation_id"] if m["organisation_id"] in organisations else None  # unlabelled: as the RDF's OPTIONAL
                out.append({"person": person, "name": name, "membership": m["id"], "body": body, "bodyName": body_name,
                            "collaboration": collab, "collaborationName": collab_name, "role": None, "roleLabel": m["role"],
                            "organisation": organisation, "organisationName": organisations.get(organisation),
                            "start": m["start"], "end": m["end"], "firstSeen": m["first_seen"], "lastSeen": m["last_seen"]})
        out.sort(key=lambda r: (r["name"], r["person"], r["bodyName"], r["membership"]))
        return out

    # -- collaborations and bodies ----------------------------------------------------------
    def collaboration_rows(self) -> list[dict[str, Any]]:
        return [{"collaboration": i, "name": n, "alias": a}
                for i, n, a in self.db.execute("SELECT id, name, alias FROM collaborations ORDER BY name, id")]

    def body_rows(self) -> list[dict[str, Any]]:
        return [{"body": i, "name": n, "alias": a, "collaboration": c, "collaborationName": cn, "bodyType": t}
                for i, n, a, c, cn, t in self.db.execute(
                    "SELECT id, name, alias, collaboration, collaboration_name, body_type FROM bodies ORDER BY collaboration_name, name, id")]
