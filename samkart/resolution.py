"""The resolver's state, kept in the store (`.samkart/resolution.sqlite`), so that a load
re-resolves and rewrites only what the documents it adds, changes or removes touch.

    docs         each stored document: the stamp of its extraction file, its description, the
                 date of the meeting it records, the entities it mentions, the evidence it gives
    name_parts   (folded name, document) → what that document says of the name (a NameRecord)
    names        folded name → its merged record (without its documents: name_parts has them, and
                 a load reads hundreds of records) and the cluster (person) it belongs to
    blocks       blocking key → folded name (the resolver's candidate pairs come from these)
    clusters     one per person: root name, person id, name shown, other spellings
    explanations why names were merged (or left for a person to judge), by folded name; without
                 their documents (every document either name is written in: name_parts has
                 them, and a list that grows with the corpus would be rewritten by every load)
    edges        name pairs some resolver rule links; strong ones (a score that could merge) are
                 what a change to a name can reach, weak ones only what is left to judge
    parts        (group, document) → the document's part of that group (graph.fragments)
    part_aliases, headlines
                 an entity group's aliases and headline names by document, so that a group
                 every document is part of (a collaboration) merges from a few rows
    lookups      (case | meeting, body, key) → id, from the merged case and meeting groups
    ref_deps     which look-ups each case reference's resolution read
    seats        one person's memberships in one body, from the merged seat group, as the name
                 index keeps them for `overlap` pages
    summaries    (group, chunk) → the chunk's parts merged, for case, meeting and reference groups
                 of many parts (`samkart.graph.summaries`): such a group is merged again from its
                 chunks, with the chunks of the documents that changed merged again first

An update (`Resolution.update`) works out which documents changed (by their extraction files),
which names they touch, re-resolves the closed set of names linked to those (`_closure`: names
sharing a block with a candidate verdict, judgements, and former cluster-mates), re-derives the
fragments of documents whose names now mean someone else, and re-merges only the groups whose
parts or inputs changed. Each group's triples before and after are compared, and only the
difference is written to Oxigraph. A load of everything (`Resolution.rebuild`) streams: names,
then people, then fragments, then one group at a time into Oxigraph's bulk loader, so memory is
bounded by the largest group, not the corpus.

The whole update is one SQLite transaction, committed after Oxigraph is written; a crash in
between is finished by the store's commit record (StoreFolder.finish_commit → a full rebuild).
"""
from __future__ import annotations

import functools
import itertools
import json
import operator
import os
import pickle
import re
import secrets
import sqlite3
from collections import defaultdict, deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from samkart.graph.build import assign_ids, person_info
from samkart.graph.fragments import ENTITY_KINDS, Fragment, entity_tables, fragment, group_key, person_mentions, split_key
from samkart.graph.judgements import Judgement
from samkart.graph.merge import GroupMerger, PersonInfo, add_to_graph
from samkart.graph.model import (
    Attendance, Body, CanonicalGraph, Collaboration, Document, MergeExplanation, Organisation, Person,
)
from samkart.graph import summaries as chunking
from samkart.graph.summaries import FOLDED, chunk_of, prefix_for, summarise
from samkart.graph.people import (
    ACCEPT, NameRecord, block_keys, compare, merged_blobs, name_records, record_blob, record_from_blob, resolve_records,
    uncertain_order, uncertain_pair,
)
from samkart.loaders.extraction import Extraction
from samkart.ontology import fold
from samkart.emission import COUNTS, DbLookups, Digests, Quad, core_quads, entity_quads, group_rows, part_facts, source_quads
from samkart.rebuild_workers import fragments_task, groups_task, names_task
from samkart.sinks import rdf

FILE = "resolution.sqlite"
SCHEMA_VERSION = "7"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs (doc TEXT PRIMARY KEY, stamp TEXT NOT NULL, path TEXT NOT NULL, date TEXT,
                                 document BLOB NOT NULL, mentions BLOB, evidence BLOB);
-- a load reads every stamp, and an update the dates and paths of thousands of documents: not
-- through the rows' blobs (the queries by document name this index: SQLite would take the
-- primary key's and read each row)
DROP INDEX IF EXISTS docs_stamp;
CREATE INDEX IF NOT EXISTS docs_meta ON docs (doc, stamp, date, path);
CREATE TABLE IF NOT EXISTS name_parts (key TEXT NOT NULL, doc TEXT NOT NULL, record BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS names (key TEXT PRIMARY KEY, root TEXT, record BLOB NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_root ON names (root);
CREATE TABLE IF NOT EXISTS blocks (block TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (block, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS blocks_key ON blocks (key);
CREATE TABLE IF NOT EXISTS clusters (root TEXT PRIMARY KEY, pid TEXT NOT NULL, base TEXT NOT NULL, name TEXT NOT NULL, aliases BLOB NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS clusters_pid ON clusters (pid);
CREATE INDEX IF NOT EXISTS clusters_base ON clusters (base);
CREATE TABLE IF NOT EXISTS explanations (key TEXT NOT NULL, key_b TEXT NOT NULL, uncertain INTEGER NOT NULL, item BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS explanations_key ON explanations (key);
CREATE INDEX IF NOT EXISTS explanations_key_b ON explanations (key_b);
CREATE TABLE IF NOT EXISTS parts (gkey TEXT NOT NULL, doc TEXT NOT NULL, part BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS part_aliases (gkey TEXT NOT NULL, doc TEXT NOT NULL, alias TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS headlines (gkey TEXT NOT NULL, doc TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS edges (a TEXT NOT NULL, b TEXT NOT NULL, strong INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_b ON edges (b);
CREATE TABLE IF NOT EXISTS lookups (gkey TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, key TEXT NOT NULL, target TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS lookups_gkey ON lookups (gkey);
CREATE INDEX IF NOT EXISTS lookups_key ON lookups (kind, body, key);
CREATE TABLE IF NOT EXISTS group_entities (gkey TEXT NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS group_entities_gkey ON group_entities (gkey);
CREATE TABLE IF NOT EXISTS ref_deps (gkey TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ref_deps_gkey ON ref_deps (gkey);
CREATE INDEX IF NOT EXISTS ref_deps_key ON ref_deps (kind, body, key);
CREATE TABLE IF NOT EXISTS seats (gkey TEXT PRIMARY KEY, person TEXT NOT NULL, collaboration TEXT NOT NULL, body TEXT NOT NULL,
                                  memberships TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seats_person ON seats (person);
CREATE TABLE IF NOT EXISTS summaries (gkey TEXT NOT NULL, chunk TEXT NOT NULL, part BLOB NOT NULL, PRIMARY KEY (gkey, chunk)) WITHOUT ROWID;
"""
# The indexes of the tables a rebuild fills with a row per document and name or group. The
# big ones are rowid tables (rows appended as they come, not inserted all over a B-tree keyed by
# name or group: at 100,000 documents that was 95 s of a rebuild), and a rebuild creates these
# indexes once a table is full, by sorting.
NAME_PART_INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS name_parts_key ON name_parts (key, doc);
CREATE INDEX IF NOT EXISTS name_parts_doc ON name_parts (doc);
"""
PART_INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS parts_key ON parts (gkey, doc);
CREATE INDEX IF NOT EXISTS part_aliases_gkey ON part_aliases (gkey, alias);
CREATE UNIQUE INDEX IF NOT EXISTS headlines_key ON headlines (gkey, doc);
"""
# what only a later update looks up by document: a rebuild makes these last, while Oxigraph loads
DOC_INDEXES = """
CREATE INDEX IF NOT EXISTS parts_doc ON parts (doc);
CREATE INDEX IF NOT EXISTS part_aliases_doc ON part_aliases (doc);
CREATE INDEX IF NOT EXISTS headlines_doc ON headlines (doc);
"""

class QuadSink(Protocol):
    """Where a rebuild writes its N-Quads (`samkart.sinks.rdf_store.SpooledLoad`)."""

    def write(self, data: bytes) -> None: ...

    def checkpoint(self) -> None: ...


_dump = pickle.dumps
_load = pickle.loads


def stamp_of(path: Path | str) -> str:
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}"


@dataclass
class UpdateReport:
    documents_added: int = 0
    documents_changed: int = 0
    documents_removed: int = 0
    documents_rederived: int = 0  # unchanged documents whose names now mean someone else
    names_resolved: int = 0
    groups_merged: int = 0
    triples_added: int = 0
    triples_removed: int = 0
    graphs_touched: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)  # the groups merged again
    gone: dict[str, set[str]] = field(default_factory=dict)  # ids whose groups are now empty, by kind


_INDEXED = {"person": "people", "collaboration": "collaborations", "body": "bodies", "organisation": "organisations"}


class Resolution:
    """The persisted resolver state of one store (the writer opens it under the write lock)."""

    def __init__(self, root: Path, readonly: bool = False) -> None:
        self.path = Path(root) / FILE
        self.readonly = readonly
        if readonly:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        else:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            # a rollback journal, not WAL: readers open the file read-only (even on read-only
            # media), and never read it while a writer commits (they wait for commit.json)
            self.db.execute("PRAGMA journal_mode=DELETE")
            self.db.execute("PRAGMA synchronous=NORMAL")
            if not self._has_meta() or self.usable():  # an older state is not touched: it is derived again, from scratch
                self.db.executescript(SCHEMA + NAME_PART_INDEXES + PART_INDEXES + DOC_INDEXES)
        self.db.execute("PRAGMA cache_size=-65536")
        self.lookups = DbLookups(self.db)
        has_meta_index = self.db.execute("SELECT 1 FROM sqlite_master WHERE name='docs_meta'").fetchone()
        self._docs = "docs INDEXED BY docs_meta" if has_meta_index else "docs"  # a state from before it (read-only) has not got it

    @classmethod
    def fresh(cls, root: Path) -> "Resolution":
        """An empty state for a rebuild: the old file goes (an interrupted rebuild starts over, so
        nothing in it needs to survive a crash)."""
        path = Path(root) / FILE
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        out = cls(root)
        for name in re.findall(r"INDEX IF NOT EXISTS (\w+)", NAME_PART_INDEXES + PART_INDEXES + DOC_INDEXES):
            out.db.execute(f"DROP INDEX {name}")  # created by `rebuild` once their tables are full
        out.db.execute("PRAGMA journal_mode=OFF")
        out.db.execute("PRAGMA synchronous=OFF")
        out.db.execute("PRAGMA cache_size=-131072")  # 128 MiB: rows are appended, their indexes made once at the end
        return out

    def close(self) -> None:
        self.db.close()

    # -- reading -----------------------------------------------------------------------------
    def usable(self) -> bool:
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone() if self._has_meta() else None
        return bool(row and row[0] == SCHEMA_VERSION)

    def _has_meta(self) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone() is not None

    def person_info(self, pid: str) -> PersonInfo:
        row = self.db.execute("SELECT name, aliases FROM clusters WHERE pid=?", (pid,)).fetchone()
        if row is None:
            return PersonInfo(pid.split("/", 1)[-1], set(), set())
        return person_info(row[0], _load(row[1]), pid)

    def document_date(self, doc: str) -> str | None:
        row = self.db.execute(f"SELECT date FROM {self._docs} WHERE doc=?", (doc,)).fetchone()
        return row[0] if row else None

    def merger(self, dates: dict[str, str | None] | None = None) -> GroupMerger:
        """A merger over the state as it is now (a seat reads the date of every document it is
        seen in: once each, per merger)."""
        return GroupMerger(self.person_info, dates.get if dates is not None else functools.lru_cache(maxsize=None)(self.document_date))

    def group_parts(self, key: str) -> list[tuple[str, Any]]:
        return [(doc, _load(part)) for doc, part in self.db.execute("SELECT doc, part FROM parts WHERE gkey=? ORDER BY doc", (key,))]

    def merge_group(self, key: str, merger: GroupMerger | None = None, parts: list[tuple[str, Any]] | None = None) -> list[Any]:
        """A group's entities, merged from its parts (`parts`: those, already read)."""
        if split_key(key)[0] in ENTITY_KINDS:
            return self._merge_entity(key, merger or self.merger())
        parts = self.group_parts(key) if parts is None else parts
        if not parts:
            return []
        merger = merger or self.merger()
        if split_key(key)[0] == "seat":  # a seat reads the date of every document it is seen in: in one query
            dates = dict(self._in(f"SELECT doc, date FROM {self._docs} WHERE doc IN ({{}})", {doc for doc, _ in parts}))
            fallback = merger.document_date
            merger = GroupMerger(merger.people, lambda doc: dates[doc] if doc in dates else fallback(doc))
        return merger.merge(key, parts, self.lookups)

    def _merge_entity(self, key: str, merger: GroupMerger) -> list[Any]:
        """A collaboration, body, organisation or person, as `GroupMerger.merge` gives it, from
        its first part, its documents, its aliases and its last headline (not from every part).
        A collaboration, body or organisation comes with its first document only: that is the
        graph its triples go to, and nothing an update reads of it needs the others (a group
        every document is part of has 100,000 of them; `graph()` merges every part)."""
        kind, ident = split_key(key)
        if kind == "person":
            docs = [d for (d,) in self.db.execute("SELECT doc FROM parts WHERE gkey=? ORDER BY doc", (key,))]
        else:
            docs = [d for (d,) in self.db.execute("SELECT min(doc) FROM parts WHERE gkey=?", (key,)) if d is not None]
        if not docs:
            return []
        aliases = {a for (a,) in self.db.execute("SELECT DISTINCT alias FROM part_aliases WHERE gkey=?", (key,))}
        if kind == "person":
            info = merger.people(ident)
            return [Person(ident, info.name, set(info.aliases) | aliases, set(docs), set(info.former_ids))]
        first = _load(self.db.execute("SELECT part FROM parts WHERE gkey=? AND doc=?", (key, docs[0])).fetchone()[0])
        if kind == "collaboration":
            return [Collaboration(first.id, first.name, first.kind, aliases, set(docs))]
        if kind == "organisation":
            return [Organisation(first.id, first.name, first.parent, first.kind, aliases, set(docs))]
        body = first[0]
        headline = self.db.execute("SELECT name FROM headlines WHERE gkey=? ORDER BY doc DESC LIMIT 1", (key,)).fetchone()
        return [Body(body.id, headline[0] if headline else body.name, body.collaboration, body.body_type, aliases, set(docs))]

    def documents(self) -> dict[str, Document]:
        return {doc: _load(blob) for doc, blob in self.db.execute("SELECT doc, document FROM docs ORDER BY doc")}

    def _paths(self, docs: Iterable[str]) -> dict[str, Any]:
        from types import SimpleNamespace

        return {d: SimpleNamespace(path=p) for d, p in self._in(f"SELECT doc, path FROM {self._docs} WHERE doc IN ({{}})", docs)}

    def index_changes(self, groups: Iterable[str]) -> CanonicalGraph:
        """The people, collaborations and bodies of these groups (what the name index rewrites)."""
        graph = CanonicalGraph()
        merger = self.merger()
        wanted = [k for k in sorted(groups) if split_key(k)[0] in _INDEXED]
        for key in wanted:
            for entity in self.merge_group(key, merger):
                add_to_graph(graph, entity)
        for body in list(graph.bodies.values()):  # a body's rows carry its collaboration's name
            if body.collaboration not in graph.collaborations:
                for entity in self.merge_group(group_key("collaboration", body.collaboration), merger):
                    add_to_graph(graph, entity)
        graph.documents = self._paths({d for p in graph.people.values() for d in p.documents})  # type: ignore[assignment]
        return graph

    def seat_rows(self, groups: Iterable[str]) -> dict[str, list[tuple[str, str, str, str]]]:
        """Every (person, collaboration, body, memberships) seat row of the people whose seat or
        person groups are among `groups` (the merged seat groups' rows, kept up to date by
        `_write_lookups`)."""
        people = set()
        for key in groups:
            kind, ident = split_key(key)
            if kind == "seat":
                people.add(ident.split("|", 1)[0])
            elif kind == "person":
                people.add(ident)
        return {pid: [tuple(r) for r in self.db.execute(
                    "SELECT person, collaboration, body, memberships FROM seats WHERE person=? ORDER BY gkey", (pid,))]
                for pid in people}

    def all_seat_rows(self) -> Iterator[tuple[str, str, str, str]]:
        return self.db.execute("SELECT person, collaboration, body, memberships FROM seats ORDER BY gkey")

    def index_graph(self) -> CanonicalGraph:
        """Every person, collaboration, body and organisation (what the name index holds), each
        merged as an update merges it (`_merge_entity`: from the stored aliases and documents,
        not by unpickling every part: at 100,000 documents that took half a minute)."""
        graph = CanonicalGraph()
        merger = self.merger()
        for kind in _INDEXED:
            prefix = group_key(kind, "")
            keys = [k for (k,) in self.db.execute("SELECT DISTINCT gkey FROM parts WHERE gkey >= ? AND gkey < ? ORDER BY gkey",
                                                  (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)))]
            for key in keys:
                for entity in self._merge_entity(key, merger):
                    add_to_graph(graph, entity)
        from types import SimpleNamespace

        graph.documents = {d: SimpleNamespace(path=p) for d, p in self.db.execute("SELECT doc, path FROM docs")}  # type: ignore[assignment]
        return graph

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(COUNTS, 0)
        out["documents"] = self.db.execute("SELECT count(*) FROM docs").fetchone()[0]
        out.update({k: n for k, n in self.db.execute("SELECT kind, sum(n) FROM group_entities GROUP BY kind")})
        return out

    def stamps(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT doc, stamp FROM docs"))

    def graph(self) -> CanonicalGraph:
        """The whole canonical graph, merged from the stored groups (no document is re-read)."""
        graph = CanonicalGraph()
        graph.documents = self.documents()
        dates = dict(self.db.execute("SELECT doc, date FROM docs"))
        merger = self.merger(dates)
        for key, parts in self._all_groups():
            for entity in merger.merge(key, parts, self.lookups):
                add_to_graph(graph, entity)
        for uncertain, blob in self.db.execute("SELECT uncertain, item FROM explanations"):
            (graph.uncertain if uncertain else graph.explanations).append(_load(blob))
        self._explanation_documents(graph.explanations + graph.uncertain)
        graph.uncertain.sort(key=uncertain_order)
        graph.explanations.sort(key=lambda e: (e.a, e.b, e.rule))
        return graph

    def _explanation_documents(self, explanations: list[MergeExplanation]) -> None:
        """Fill in each explanation's documents: those either of its names is written in."""
        keys = {fold(name) for e in explanations for name in (e.a, e.b)}
        docs: dict[str, set[str]] = defaultdict(set)
        for key, doc in self._in("SELECT key, doc FROM name_parts WHERE key IN ({})", keys):
            docs[key].add(doc)
        for e in explanations:
            e.documents = sorted(docs[fold(e.a)] | docs[fold(e.b)])

    def _all_groups(self) -> Iterator[tuple[str, list[tuple[str, Any]]]]:
        current: str | None = None
        parts: list[tuple[str, Any]] = []
        for key, doc, part in self.db.execute("SELECT gkey, doc, part FROM parts ORDER BY gkey, doc"):
            if key != current:
                if parts:
                    yield current, parts  # type: ignore[misc]
                current, parts = key, []
            parts.append((doc, _load(part)))
        if parts:
            yield current, parts  # type: ignore[misc]

    # -- names -------------------------------------------------------------------------------
    def _record(self, key: str) -> NameRecord | None:
        row = self.db.execute("SELECT record FROM names WHERE key=?", (key,)).fetchone()
        return record_from_blob(row[0]) if row else None

    def _records(self, keys: Iterable[str]) -> dict[str, NameRecord]:
        out = {}
        for key in keys:
            record = self._record(key)
            if record is not None:
                out[key] = record
        return out

    def _closure(self, seeds: set[str], judgements: dict[tuple[str, str], Judgement]) -> set[str]:
        """The names whose clusters can change with `seeds`: everything a strong candidate pair
        (`edges`) or a judgement links to them, transitively, with every name's cluster-mates.
        (Weak pairs cannot merge anyone: following them would reach most of a large corpus.)"""
        partners: dict[str, set[str]] = defaultdict(set)
        for a, b in judgements:
            partners[a].add(b)
            partners[b].add(a)
        seen: set[str] = set()
        queue = list(seeds)
        while queue:
            key = queue.pop()
            if key in seen:
                continue
            seen.add(key)
            root = self.db.execute("SELECT root FROM names WHERE key=?", (key,)).fetchone()
            if root and root[0]:
                queue.extend(k for (k,) in self.db.execute("SELECT key FROM names WHERE root=?", (root[0],)) if k not in seen)
            queue.extend(k for k in partners.get(key, ()) if k not in seen)
            queue.extend(k for (k,) in self.db.execute("SELECT b FROM edges WHERE a=? AND strong UNION SELECT a FROM edges WHERE b=? AND strong",
                                                        (key, key)) if k not in seen)
        return seen

    def _store_edges(self, keys: set[str]) -> None:
        """The candidate pairs of names whose records changed (the others' pairs cannot change)."""
        self._in_exec("DELETE FROM edges WHERE a IN ({})", keys)
        self._in_exec("DELETE FROM edges WHERE b IN ({})", keys)
        self.db.executemany("INSERT OR IGNORE INTO edges VALUES (?, ?, ?)", self._candidate_pairs(keys))

    def _candidate_pairs(self, keys: set[str]) -> list[tuple[str, str, bool]]:
        """(a, b, strong) of every pair of a name in `keys` and a name sharing a block with it that compare() scores."""
        records: dict[str, NameRecord | None] = {}

        def record(key: str) -> NameRecord | None:
            if key not in records:
                records[key] = self._record(key)
            return records[key]

        pairs: dict[tuple[str, str], bool] = {}
        for key in keys:
            mine = record(key)
            if mine is None:
                continue
            for block in block_keys(mine):
                for (other,) in self.db.execute("SELECT key FROM blocks WHERE block=?", (block,)):
                    pair = (key, other) if key < other else (other, key)
                    if other == key or pair in pairs:
                        continue
                    theirs = record(other)
                    verdict = compare(*sorted((mine, theirs), key=lambda r: r.key)) if theirs is not None else None
                    if verdict:
                        pairs[pair] = verdict[1] >= ACCEPT
        return [(a, b, s) for (a, b), s in sorted(pairs.items())]

    def _store_record(self, key: str) -> NameRecord | None:
        """Merge a name's per-document records again and file it under its blocks."""
        record = merged_blobs(blob for (blob,) in self.db.execute("SELECT record FROM name_parts WHERE key=? ORDER BY doc", (key,)))
        self.db.execute("DELETE FROM blocks WHERE key=?", (key,))
        if record is None:
            self.db.execute("DELETE FROM names WHERE key=?", (key,))
            return None
        self.db.execute("INSERT INTO names (key, root, record) VALUES (?, NULL, ?) "
                        "ON CONFLICT(key) DO UPDATE SET record=excluded.record", (key, _name_blob(record)))
        self.db.executemany("INSERT OR IGNORE INTO blocks VALUES (?, ?)", [(b, key) for b in block_keys(record)])
        return record

    def _put_name_parts(self, doc: str, mentions: list) -> set[str]:
        parts = name_records(mentions)
        self.db.executemany("INSERT OR REPLACE INTO name_parts VALUES (?, ?, ?)", [(k, doc, record_blob(r)) for k, r in parts.items()])
        return set(parts)

    def _drop_name_parts(self, doc: str) -> set[str]:
        keys = {k for (k,) in self.db.execute("SELECT key FROM name_parts WHERE doc=?", (doc,))}
        self.db.execute("DELETE FROM name_parts WHERE doc=?", (doc,))
        return keys

    def _pid_of_key(self, key: str) -> str | None:
        row = self.db.execute("SELECT c.pid FROM names n JOIN clusters c ON c.root = n.root WHERE n.key=?", (key,)).fetchone()
        return row[0] if row else None

    def _resolve(self, names: set[str], judgements: dict[tuple[str, str], Judgement]) -> dict[str, str]:
        """Re-resolve a closed set of names; write their clusters and explanations; return every
        name whose person id changed (name → new id), clusters outside the set included when an
        id moved between people written alike."""
        records = self._records(names)
        resolution = resolve_records(records, judgements, documents=False)
        old_roots = {r for (r,) in self._in("SELECT DISTINCT root FROM names WHERE key IN ({})", names) if r}
        old_pid = {k: p for k, p in self._in("SELECT n.key, c.pid FROM names n JOIN clusters c ON c.root=n.root WHERE n.key IN ({})", names)}
        old_bases = {b for (b,) in self._in("SELECT base FROM clusters WHERE root IN ({})", old_roots)}
        new_clusters = {min(c.keys): c for c in resolution.clusters}
        bases = old_bases | {c.base for c in new_clusters.values()}
        self._in_exec("DELETE FROM clusters WHERE root IN ({})", old_roots)
        # people written alike: the first root keeps the plain id, the others get a suffix
        outside: dict[str, str] = {}
        by_base: dict[str, list[str]] = defaultdict(list)
        for base in bases:
            for root, pid in self.db.execute("SELECT root, pid FROM clusters WHERE base=?", (base,)):
                outside[root] = pid
                by_base[base].append(root)
        for root, c in new_clusters.items():
            by_base[c.base].append(root)
        ids = assign_ids(by_base)
        changed: dict[str, str] = {}
        for root, pid in outside.items():
            if ids[root] != pid:
                self.db.execute("UPDATE clusters SET pid=? WHERE root=?", (ids[root], root))
                changed.update({k: ids[root] for (k,) in self.db.execute("SELECT key FROM names WHERE root=?", (root,))})
        for root, c in new_clusters.items():
            self.db.execute("INSERT INTO clusters VALUES (?, ?, ?, ?, ?)", (root, ids[root], c.base, c.name, _dump(c.aliases)))
            for key in c.keys:
                self.db.execute("UPDATE names SET root=? WHERE key=?", (root, key))
                if old_pid.get(key) != ids[root]:
                    changed[key] = ids[root]
        self._in_exec("DELETE FROM explanations WHERE key IN ({})", names)
        self._in_exec("DELETE FROM explanations WHERE key_b IN ({})", names)
        self._put_explanations(resolution.explanations, resolution.uncertain)
        # pairs too weak to merge between these names and others are left to judge as before,
        # with the scores these names' records give now
        crossing = []
        for a, b in self._weak_crossing(names):
            ra, rb = records.get(a) or self._record(a), records.get(b) or self._record(b)
            item = uncertain_pair(ra, rb, judgements, documents=False) if ra is not None and rb is not None else None
            if item is not None:
                crossing.append(item)
        self._put_explanations([], crossing)
        return changed

    def _weak_crossing(self, names: set[str]) -> list[tuple[str, str]]:
        out = set()
        for key in names:
            for a, b in self.db.execute("SELECT a, b FROM edges WHERE (a=? OR b=?) AND NOT strong", (key, key)):
                if (a in names) != (b in names):
                    out.add((a, b))
        return sorted(out)

    def _put_explanations(self, merged: list[MergeExplanation], uncertain: list[MergeExplanation]) -> None:
        self.db.executemany("INSERT INTO explanations VALUES (?, ?, ?, ?)", _explanation_rows(merged, uncertain))

    def _in(self, sql: str, values: Iterable[str], *before: str) -> list[tuple]:
        """Rows of `sql` with its `IN ({})` over `values`, 500 at a time (`before`: the parameters ahead of them)."""
        values = list(values)
        out: list[tuple] = []
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            out.extend(self.db.execute(sql.format(",".join("?" * len(chunk))), [*before, *chunk]))
        return out

    def _in_exec(self, sql: str, values: Iterable[str]) -> None:
        values = list(values)
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            self.db.execute(sql.format(",".join("?" * len(chunk))), chunk)

    # -- fragments ---------------------------------------------------------------------------
    def _person_id(self) -> Callable[[str], str]:
        cache: dict[str, str] = {}

        def person_id(name: str) -> str:
            key = fold(name)
            if key not in cache:
                pid = self._pid_of_key(key)
                if pid is None:
                    raise KeyError(f"no person for the name {name!r}")
                cache[key] = pid
            return cache[key]
        return person_id

    def _put_fragment(self, frag: Fragment, stamp: str) -> None:
        doc = frag.document.id
        self.db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (doc, stamp, frag.document.path, frag.date, _dump(frag.document), _dump(frag.mentions),
                         _dump(frag.evidence)))
        self.db.executemany("INSERT OR REPLACE INTO parts VALUES (?, ?, ?)", [(k, doc, _dump(p)) for k, p in frag.parts.items()])
        aliases, headlines = entity_tables(doc, frag.parts)
        self.db.executemany("INSERT INTO part_aliases VALUES (?, ?, ?)", aliases)
        self.db.executemany("INSERT OR REPLACE INTO headlines VALUES (?, ?, ?)", headlines)

    def _doc_groups(self, doc: str) -> set[str]:
        return {k for (k,) in self.db.execute("SELECT gkey FROM parts WHERE doc=?", (doc,))}

    def _doc_local(self, doc: str) -> set[Quad]:
        row = self.db.execute("SELECT document, mentions, evidence FROM docs WHERE doc=?", (doc,)).fetchone()
        if row is None or row[1] is None:
            return set()
        return set(rdf.document_local(_load(row[0]), _load(row[1]), _load(row[2])))

    def _summarised(self, key: str) -> bool:
        return self._chunk_prefix(key) > 0

    def _chunk_prefix(self, key: str) -> int:
        """The length of the chunk names of a group kept in chunks; 0 for any other group."""
        if split_key(key)[0] not in FOLDED:
            return 0
        row = self.db.execute("SELECT length(chunk) FROM summaries WHERE gkey=? LIMIT 1", (key,)).fetchone()
        return row[0] if row else 0

    def _emit(self, key: str, merger: GroupMerger, summarised: bool, docs: set[str],
              focus: set[str] | None = None, merged: list[Any] | None = None,
              parts: list[tuple[str, Any]] | None = None) -> tuple[list[Any], set[Quad]]:
        """A group's entities and triples. A group kept in chunks (`summarised`, decided once per
        update from the state before it, so both sides of the difference are read alike) is
        merged from its chunks; of its links to sources only those of the documents `docs` (the
        ones that changed) are read, and of its meeting's attendance only the attendance `focus`
        (what those documents say, before or after): the others' are the same before and after.
        `merged`: the group's entities, when they were merged already from the same state;
        `parts`: its parts, when they were read already."""
        if not summarised:
            entities = self.merge_group(key, merger, parts) if merged is None else merged
            return entities, entity_quads(entities)
        kind = split_key(key)[0]
        entities = self._merge_summaries(key, merger) if merged is None else merged
        parts = self._parts_of(key, docs)
        shown = [e for e in entities if not isinstance(e, Attendance) or focus is None or e.id in focus]
        return entities, core_quads(shown) | source_quads(f for part in parts for f in part_facts(kind, part))

    def _parts_of(self, key: str, docs: set[str]) -> list[Any]:
        """The parts of a group the documents `docs` give, as stored now."""
        return [part for _, part in self._doc_parts(key, docs)]

    def _doc_parts(self, key: str, docs: set[str]) -> list[tuple[str, Any]]:
        return [(doc, _load(blob)) for doc, blob in self._in("SELECT doc, part FROM parts WHERE gkey=? AND doc IN ({})", sorted(docs), key)]

    def _facts_of(self, key: str, docs: set[str]) -> set[str]:
        """The ids of the facts the documents `docs` state in a group, as stored."""
        kind = split_key(key)[0]
        return {f.id for part in self._parts_of(key, docs) for f in part_facts(kind, part)}

    def _merge_summaries(self, key: str, merger: GroupMerger) -> list[Any]:
        summaries = [(chunk, _load(blob)) for chunk, blob in self.db.execute(
            "SELECT chunk, part FROM summaries WHERE gkey=? ORDER BY chunk", (key,))]
        return merger.merge(key, summaries, self.lookups) if summaries else []

    def _merged(self, key: str, merger: GroupMerger) -> list[Any]:
        """A group's entities (from its chunks when it is kept in chunks: their sources cut short)."""
        return self._merge_summaries(key, merger) if self._summarised(key) else self.merge_group(key, merger)

    def _summarise_chunks(self, touched: set[tuple[str, str]]) -> None:
        """Merge the touched (group, chunk)s of summarised groups again from their parts."""
        for key, chunk in sorted(touched):
            parts = [(doc, _load(blob)) for doc, blob in self.db.execute(
                "SELECT doc, part FROM parts WHERE gkey=? AND doc >= ? AND substr(doc, 1, ?)=? ORDER BY doc",
                (key, chunk, len(chunk), chunk))]
            if parts:
                self.db.execute("INSERT OR REPLACE INTO summaries VALUES (?, ?, ?)", (key, chunk, _dump(summarise(split_key(key)[0], parts))))
            else:
                self.db.execute("DELETE FROM summaries WHERE gkey=? AND chunk=?", (key, chunk))

    def _summarise_grown(self, keys: Iterable[str]) -> None:
        """Keep in chunks the case, meeting and reference groups that have grown to SUMMARY_MIN parts."""
        for key in keys:
            if split_key(key)[0] not in FOLDED or self._summarised(key):
                continue
            count = self.db.execute("SELECT count(*) FROM parts WHERE gkey=?", (key,)).fetchone()[0]
            if chunking.kept_in_chunks(split_key(key)[0], count):
                prefix = prefix_for(count)
                self._summarise_chunks({(key, chunk_of(d, prefix)) for (d,) in self.db.execute("SELECT doc FROM parts WHERE gkey=?", (key,))})

    def _write_lookups(self, key: str, entities: list[Any]) -> None:
        """What other groups and the counts report read of a merged group."""
        for table in ("group_entities", "lookups", "ref_deps", "seats"):
            self.db.execute(f"DELETE FROM {table} WHERE gkey=?", (key,))
        self._insert_group_rows(*group_rows(key, entities))

    def _insert_group_rows(self, lookups: list[tuple], deps: list[tuple], counted: list[tuple], seats: list[tuple]) -> None:
        self.db.executemany("INSERT INTO lookups VALUES (?, ?, ?, ?, ?)", lookups)
        self.db.executemany("INSERT INTO ref_deps VALUES (?, ?, ?, ?)", deps)
        self.db.executemany("INSERT INTO group_entities VALUES (?, ?, ?)", counted)
        self.db.executemany("INSERT INTO seats VALUES (?, ?, ?, ?, ?)", seats)

    def _lookup_rows(self, key: str) -> set[tuple[str, str, str]]:
        return {tuple(r) for r in self.db.execute("SELECT kind, body, key FROM lookups WHERE gkey=?", (key,))}  # type: ignore[misc]

    # -- the update --------------------------------------------------------------------------
    def update(self, extraction_files: dict[str, Path | str], judgements: dict[tuple[str, str], Judgement],
               read: Callable[[Path | str], Extraction], apply: Callable[[set[Quad], set[Quad]], None],
               check: set[str] | None = None) -> UpdateReport:
        """Bring the state up to date with the stored extractions (doc id → file) and the
        judgements; `apply(removed, added)` writes the difference of triples to the RDF store.

        The new state is written inside one transaction, which tells which groups it touches;
        a second, read-only connection still sees the state before it (the file is in WAL mode
        for the update), so each of those groups is emitted as it was and as it is now; the
        difference is what changes in Oxigraph."""
        report = UpdateReport()
        db = self.db
        stored = self.stamps()
        # `check`: the only stored documents whose files may have changed (None: any of them)
        current = {doc: stamp_of(path) if doc not in stored or check is None or doc in check else stored[doc]
                   for doc, path in extraction_files.items()}
        added = {d for d in current if d not in stored}
        changed = {d for d in current if d in stored and stored[d] != current[d]}
        removed = {d for d in stored if d not in current}
        row = db.execute("SELECT value FROM meta WHERE key='judgements'").fetchone()
        old_judged = {(tuple(p), v) for p, v in json.loads(row[0])} if row else set()
        new_judged = {(k, v.verdict) for k, v in judgements.items()}
        judged_keys = {key for (pair, _) in old_judged ^ new_judged for key in pair}
        report.documents_added, report.documents_changed, report.documents_removed = len(added), len(changed), len(removed)
        if not (added or changed or removed or judged_keys):
            return report
        extractions: dict[str, Extraction] = {}

        def load(doc: str) -> Extraction:
            if doc not in extractions:
                extractions[doc] = read(extraction_files[doc])
            return extractions[doc]

        with self._write_ahead():
            db.execute("BEGIN")
            try:
                dirty, touched, docs = self._write_state(report, current, added, changed, removed, judged_keys, judgements, load)
                before = Resolution(self.path.parent, readonly=True)  # this transaction is not committed: the old state
                try:
                    old, new = self._difference(before, dirty, touched, docs, removed, report)
                finally:
                    before.close()
                report.groups_merged = len(report.groups)
                for key in report.groups:
                    kind, ident = split_key(key)
                    if kind in _INDEXED and not db.execute("SELECT 1 FROM parts WHERE gkey=? LIMIT 1", (key,)).fetchone():
                        report.gone.setdefault(_INDEXED[kind], set()).add(ident)
                minus, plus = old - new, new - old
                report.triples_removed, report.triples_added = len(minus), len(plus)
                report.graphs_touched = {owner for owner, _ in minus | plus}
                apply(minus, plus)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('judgements', ?)",
                           (json.dumps(sorted([list(p), v] for p, v in new_judged)),))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return report

    def _difference(self, before: "Resolution", dirty: set[str], touched: dict[str, set[str]], docs: set[str],
                    removed: set[str], report: UpdateReport) -> tuple[set[Quad], set[Quad]]:
        """The triples of the changed groups and documents as they were (read through `before`)
        and as they are now (the groups' look-ups and summaries are written on the way);
        `touched`: group → the documents whose parts of it go or come."""
        # a case or meeting whose look-up rows move changes the references that read them
        merger = self.merger()
        merged: dict[str, list[Any]] = {}
        moved_keys: set[tuple] = set()
        for key in sorted(dirty):
            if split_key(key)[0] in ("case", "meeting"):
                merged[key] = self._merged(key, merger)
                moved_keys |= before._lookup_rows(key) ^ self._lookups_of(key, merged[key])
        dirty |= {k for (k,) in self._deps_matching(moved_keys)}
        # a group kept in chunks (decided from the state before, so both sides are read alike)
        # emits the links to sources and the attendance of the documents that changed only: the
        # documents whose parts of it go or come (not every changed document: a name that moved
        # re-derives a thousand documents, and each group has a few of them)
        summarised = {key: before._summarised(key) for key in dirty}
        focus = {key: before._facts_of(key, touched.get(key, set())) | self._facts_of(key, touched.get(key, set()))
                 for key in dirty if summarised[key]}
        old: set[Quad] = set()
        new: set[Quad] = set()
        old_merger = before.merger()
        for key in sorted(dirty):  # cases and meetings before the references that look them up
            changed = touched.get(key, set())
            parts = None
            if not summarised[key] and key not in merged and split_key(key)[0] not in ENTITY_KINDS:
                parts = before.group_parts(key)
            old |= before._emit(key, old_merger, summarised[key], changed, focus.get(key), parts=parts)[1]
            if parts is not None:  # the parts now: only those of the documents in `changed` differ
                parts = sorted([(doc, part) for doc, part in parts if doc not in changed] + self._doc_parts(key, changed),
                               key=lambda doc_part: doc_part[0])
            entities, quads = self._emit(key, merger, summarised[key], changed, focus.get(key), merged.get(key), parts)
            self._write_lookups(key, entities)
            new |= quads
        for doc in docs | removed:
            old |= before._doc_local(doc)
        self._summarise_grown(dirty)
        for doc in docs:
            new |= self._doc_local(doc)
        report.groups = set(dirty)
        return old, new

    @contextmanager
    def _write_ahead(self) -> Iterator[None]:
        """The state file in WAL mode while an update writes it, so that a read-only connection
        (`update`'s `before`) reads the state as it was until the commit; back to a rollback
        journal afterwards (see `__init__`)."""
        self.db.execute("PRAGMA journal_mode=WAL")
        try:
            yield
        finally:
            try:
                self.db.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.OperationalError:
                pass  # a reader holds the file: it stays in WAL mode (as sound) until the next writer opens it

    def _lookups_of(self, key: str, entities: list[Any]) -> set[tuple]:
        return {row[1:4] for row in group_rows(key, entities)[0]}

    def _deps_matching(self, keys: set[tuple]) -> list[tuple]:
        out: list[tuple] = []
        for kind, body, key in keys:
            out.extend(self.db.execute("SELECT gkey FROM ref_deps WHERE kind=? AND body=? AND key=?", (kind, body, key)))
        return out

    def _write_state(self, report: UpdateReport, current: dict[str, str], added: set[str], changed: set[str], removed: set[str],
                     judged_keys: set[str], judgements: dict[tuple[str, str], Judgement],
                     load: Callable[[str], Extraction]) -> tuple[set[str], dict[str, set[str]], set[str]]:
        """Write names, clusters, fragments and documents of the new state; return the groups
        whose parts or people changed, for each group the documents whose parts of it go or
        come, and the documents (re-)derived."""
        touched: set[str] = set(judged_keys)
        for doc in changed | removed:
            touched |= {k for (k,) in self.db.execute("SELECT key FROM name_parts WHERE doc=?", (doc,))}
        for doc in sorted(added | changed):
            touched |= {fold(m.name) for m in person_mentions(load(doc))}
        before = self._closure(touched, judgements)
        for doc in changed | removed:
            self._drop_name_parts(doc)
        for doc in sorted(added | changed):
            self._put_name_parts(doc, person_mentions(load(doc)))
        for key in touched:
            self._store_record(key)
        self._store_edges(touched)
        names = self._closure(touched | before, judgements)
        report.names_resolved = len(names)
        old_pids = {p for (p,) in self._in("SELECT DISTINCT c.pid FROM names n JOIN clusters c ON c.root=n.root WHERE n.key IN ({})", names)}
        old_infos = {p: self.person_info(p) for p in old_pids}
        moved = self._resolve(names, judgements)
        rederive = {d for (d,) in self._in("SELECT DISTINCT doc FROM name_parts WHERE key IN ({})", moved)} - added - changed - removed
        report.documents_rederived = len(rederive)
        new_pids = {p for (p,) in self._in("SELECT DISTINCT c.pid FROM names n JOIN clusters c ON c.root=n.root WHERE n.key IN ({})", names)}

        dirty: set[str] = set()
        touched: dict[str, set[str]] = defaultdict(set)  # group → the documents whose parts of it go or come
        # a document derived again only because a name in it moved changes the groups whose part
        # of it changed (its case's part, say, names nobody): the others are not merged again
        kept: dict[str, dict[str, Any]] = {}
        for doc in changed | removed | rederive:
            if doc in rederive:
                kept[doc] = {key: _load(part) for key, part in self.db.execute("SELECT gkey, part FROM parts WHERE doc=?", (doc,))}
            else:
                groups = self._doc_groups(doc)
                dirty |= groups
                for key in groups:
                    touched[key].add(doc)
            for table in ("parts", "part_aliases", "headlines"):
                self.db.execute(f"DELETE FROM {table} WHERE doc=?", (doc,))
            if doc in removed:
                self.db.execute("DELETE FROM docs WHERE doc=?", (doc,))
        # a person whose name, spellings or id changed
        for pid in old_pids | new_pids:
            if pid not in old_infos or pid not in new_pids or old_infos[pid] != self.person_info(pid):
                dirty.add(group_key("person", pid))
        person_id = self._person_id()
        derive = sorted(added | changed | rederive)
        for doc in derive:
            frag = fragment(load(doc), person_id)
            was = kept.get(doc)
            parts_changed = frag.parts.keys() if was is None else \
                {key for key in frag.parts.keys() | was.keys() if frag.parts.get(key) != was.get(key)}
            for key in parts_changed:
                dirty.add(key)
                touched[key].add(doc)
            self._put_fragment(frag, current[doc])
        self._summarise_chunks({(key, chunk_of(doc, prefix)) for key, docs in touched.items()
                                if (prefix := self._chunk_prefix(key)) for doc in docs})
        return dirty, dict(touched), set(derive) | removed

    # -- a load of everything ----------------------------------------------------------------
    def rebuild(self, extraction_files: dict[str, Path | str], judgements: dict[tuple[str, str], Judgement],
                spool: QuadSink, digests: Digests,
                progress: Callable[[str, int, int], None] | None = None, jobs: int | None = None,
                names: Path | None = None) -> UpdateReport:
        """Resolve everything from scratch (on a fresh state): names in parallel, people at once,
        fragments in parallel (with their documents' own triples), then groups merged in parallel
        from the state file, their triples written to `spool` as N-Quads a range of groups at a
        time. Memory stays bounded by a
        range of groups, not the corpus. The state is marked usable only at the very end."""
        report = UpdateReport(documents_added=len(extraction_files))
        db = self.db
        docs = sorted(extraction_files)
        total = len(docs)
        with worker_map(jobs, total) as run:
            # 1. what every document says of every name (read when it was parsed, if it was in this load)
            db.execute("BEGIN")
            known = self._parsed_names(names, extraction_files) if names is not None else set()
            done = len(known)
            rest = [(d, str(extraction_files[d])) for d in docs if d not in known]
            for result in run(names_task, _chunks(rest, CHUNK)):
                for doc, records in result:
                    db.executemany("INSERT OR REPLACE INTO name_parts VALUES (?, ?, ?)", [(k, doc, r) for k, r in records])
                done += len(result)
                if progress:
                    progress("names", done, total)
            db.execute("COMMIT")  # name_parts' indexes are made last: resolving everyone reads it whole
            # 2. everyone resolved at once
            records = self._merged_records()
            report.names_resolved = len(records)
            resolution = resolve_records(records, judgements, documents=False)
            by_base: dict[str, list[str]] = defaultdict(list)
            for c in resolution.clusters:
                by_base[c.base].append(min(c.keys))
            ids = assign_ids(by_base)
            pid_of: dict[str, str] = {}
            db.execute("BEGIN")
            for c in resolution.clusters:
                root = min(c.keys)
                db.execute("INSERT INTO clusters VALUES (?, ?, ?, ?, ?)", (root, ids[root], c.base, c.name, _dump(c.aliases)))
                for key in c.keys:
                    pid_of[key] = ids[root]
                db.executemany("INSERT INTO names VALUES (?, ?, ?)", [(k, root, _name_blob(records[k])) for k in c.keys])
                db.executemany("INSERT OR IGNORE INTO blocks VALUES (?, ?)", [(b, k) for k in c.keys for b in block_keys(records[k])])
            self._put_explanations(resolution.explanations, resolution.uncertain)
            db.executemany("INSERT OR IGNORE INTO edges VALUES (?, ?, ?)", resolution.candidates)
            db.execute("COMMIT")
            del records, resolution
            # 3. every document's fragment
            pid_file = self._handover_file("people")
            pid_file.write_bytes(pickle.dumps(pid_of))
            del pid_of
            try:
                done = 0
                db.execute("BEGIN")
                tasks = [(str(pid_file), chunk) for chunk in _chunks([(d, str(extraction_files[d]), stamp_of(extraction_files[d])) for d in docs], CHUNK)]
                for result, data, partial, n in run(fragments_task, tasks):
                    for row, parts, aliases, headlines in result:
                        db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)", row)
                        db.executemany("INSERT OR REPLACE INTO parts VALUES (?, ?, ?)", parts)
                        db.executemany("INSERT INTO part_aliases VALUES (?, ?, ?)", aliases)
                        db.executemany("INSERT OR REPLACE INTO headlines VALUES (?, ?, ?)", headlines)
                    spool.write(data)
                    digests.merge(partial)
                    report.triples_added += n
                    done += len(result)
                    if progress:
                        progress("fragments", done, total)
                _run_script(db, PART_INDEXES)
                db.execute("COMMIT")
                spool.checkpoint()  # the documents' own triples are loaded while the groups merge
            finally:
                pid_file.unlink(missing_ok=True)
            # 4. every group (references after the cases and meetings they look up); their triples
            # are loaded while the summaries and the indexes only updates need are written. The chunk
            # summaries wait in a file beside the state until the workers are done: written now,
            # they would spill this transaction's cache to the file and lock the workers out.
            ranges = self._group_ranges()
            done = 0
            pending = self.path.with_name(f".{self.path.name}.summaries")
            dates_file = self._handover_file("dates")
            dates_file.write_bytes(pickle.dumps(dict(db.execute(f"SELECT doc, date FROM {self._docs}"))))
            try:
                with open(pending, "wb") as held:
                    for phase in ("facts", "references"):
                        db.execute("BEGIN")
                        tasks = [(str(self.path), low, high, str(dates_file)) for low, high, refs in ranges if refs == (phase == "references")]
                        for data, partial, rows, summaries, n in run(groups_task, tasks):
                            spool.write(data)
                            digests.merge(partial)
                            self._insert_group_rows(*rows)
                            if summaries:
                                pickle.dump(summaries, held)
                            report.triples_added += n
                            done += 1
                            if progress:
                                progress("groups", done, len(ranges))
                        db.execute("COMMIT")
                spool.checkpoint()
                db.execute("BEGIN")
                with open(pending, "rb") as held:
                    while True:
                        try:
                            db.executemany("INSERT INTO summaries VALUES (?, ?, ?)", pickle.load(held))
                        except EOFError:
                            break
                _run_script(db, NAME_PART_INDEXES + DOC_INDEXES)
                db.execute("COMMIT")
            finally:
                pending.unlink(missing_ok=True)
                dates_file.unlink(missing_ok=True)
            report.groups_merged = db.execute("SELECT count(DISTINCT gkey) FROM parts").fetchone()[0]
        db.execute("INSERT OR REPLACE INTO meta VALUES ('judgements', ?)",
                   (json.dumps(sorted([list(k), v.verdict] for k, v in judgements.items())),))
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        return report

    def _handover_file(self, what: str) -> Path:
        """A file of this rebuild beside the state, for its workers to read (a new name each
        time: a worker keeps what it read by the file's name). Those a crash left are removed."""
        for stale in self.path.parent.glob(f".{self.path.name}.{what}-*.pickle"):
            stale.unlink(missing_ok=True)
        return self.path.with_name(f".{self.path.name}.{what}-{secrets.token_hex(8)}.pickle")

    def _parsed_names(self, path: Path, extraction_files: dict[str, Path | str]) -> set[str]:
        """Insert the name rows the parse workers read of stored documents; return those documents.
        (A file cut short by a crash gives what it holds: the rest is read from the extractions.)"""
        known: set[str] = set()
        try:
            with open(path, "rb") as held:
                while True:
                    doc, rows = pickle.load(held)
                    if doc in extraction_files and doc not in known:
                        self.db.executemany("INSERT INTO name_parts VALUES (?, ?, ?)", [(k, doc, r) for k, r in rows])
                        known.add(doc)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
            pass
        return known

    def _merged_records(self) -> dict[str, NameRecord]:
        """Every name's record, merged from its documents' in the order of the documents (as an
        update merges one). Sorted by SQLite's sorter, not through the index: reading a million
        rows in the index's order is a random read of each."""
        records: dict[str, NameRecord] = {}
        rows = self.db.execute("SELECT key, record FROM name_parts NOT INDEXED ORDER BY key, doc")
        for key, blobs in itertools.groupby(rows, key=operator.itemgetter(0)):
            record = merged_blobs(blob for _, blob in blobs)
            if record is not None:
                records[key] = record
        return records

    def _group_ranges(self) -> list[tuple[str, str | None, bool]]:
        """(low, high, references?) ranges of group keys of about GROUP_RANGE parts each; a range
        never mixes references with other groups (those must be merged first)."""
        bounds: list[str] = []
        count = 0
        previous = None
        for (key,) in self.db.execute("SELECT gkey FROM parts ORDER BY gkey"):
            count += 1
            if key != previous and (count >= GROUP_RANGE or (previous is not None and _is_reference(key) != _is_reference(previous))):
                bounds.append(key)
                count = 0
            previous = key
        if previous is None:
            return []
        first = self.db.execute("SELECT min(gkey) FROM parts").fetchone()[0]
        edges = [first, *bounds]
        out = []
        for i, low in enumerate(edges):
            high = edges[i + 1] if i + 1 < len(edges) else None
            out.append((low, high, _is_reference(low)))
        return out


CHUNK = 64  # documents per worker task
GROUP_RANGE = 20_000  # parts per group range (one task: its N-Quads are one bulk-loader call)


def _name_blob(record: NameRecord) -> bytes:
    """A name's merged record as the names table keeps it: without its documents (the resolver
    runs with `documents=False`; they are half of a record's size at 100,000 documents)."""
    return record_blob(record, documents=False)


def _explanation_rows(merged: list[MergeExplanation], uncertain: list[MergeExplanation]) -> list[tuple]:
    """Rows of the explanations table: kept without their documents (see `graph`)."""
    return [(fold(e.a), fold(e.b), flag, _dump(replace(e, documents=[]) if e.documents else e))
            for flag, items in ((0, merged), (1, uncertain)) for e in items]


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Statements one by one, inside the open transaction (`executescript` would commit it first)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _is_reference(key: str) -> bool:
    return split_key(key)[0] == "reference"


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


@contextmanager
def worker_map(jobs: int | None, documents: int) -> Iterator[Callable]:
    """`run(function, tasks)` → results in order: in worker processes (forked from a clean fork
    server, as the parser's are) when there are enough documents, else in this process."""
    from samkart.parallel_parse import SERIAL_BELOW, default_jobs, pool_context

    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or documents < SERIAL_BELOW * CHUNK // 8:
        yield lambda function, tasks: map(function, tasks)
        return
    with pool_context().Pool(jobs) as pool:
        def run(function: Callable, tasks: Iterable) -> Iterator:
            # a bounded window of tasks in flight: when this process (feeding Oxigraph) is the
            # slower side, finished results must not pile up in memory (imap would keep them all)
            window: deque = deque()
            for task in tasks:
                window.append(pool.apply_async(function, (task,)))
                if len(window) >= 2 * jobs + 1:
                    yield window.popleft().get()
            while window:
                yield window.popleft().get()
        yield run

