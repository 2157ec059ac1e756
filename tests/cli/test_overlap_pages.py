"""`overlap` one page at a time (issue #11): pages found through the name index's seats are the
whole answer cut in pieces, with and without --as-of/--at-same-time, through the CLI and
in-process, and a store whose index has no seats answers the same from SPARQL alone."""
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from samkart import answers
from samkart.cli import cli
from samkart.name_index import INDEX_FILE, NameIndex, seats_from_graph
from samkart.store import StoreFolder
from tests.conftest import ROOT, copy_store, loaded_store

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_corpus  # noqa: E402

PAIR = ("Alrek", "Helsefellesskapet")
FILTERS = [{}, {"as_of": "2023"}, {"as_of": "2024-03"}, {"at_same_time": True}]


@pytest.fixture(scope="session")
def many_store(tmp_path_factory):
    """40 synthetic documents: about fifty people in both collaborations, a few of them only
    before or after 2023."""
    root = tmp_path_factory.mktemp("overlap-pages")
    write_corpus(root / "corpus", 40)
    return loaded_store(root / "store", root / "corpus")


def read_only(path):
    return StoreFolder.open_read_only(path)


def all_pages(store, size, **filters):
    out, offset = [], 0
    while True:
        page = answers.overlap(store, *PAIR, limit=size, offset=offset, **filters)
        assert len(page) <= size
        out += page
        if len(page) < size:
            return out
        offset += size


@pytest.mark.parametrize("filters", FILTERS)
def test_pages_concatenate_to_the_whole_answer(many_store, filters):
    store = read_only(many_store)
    assert NameIndex.open(store).has_seats
    whole = answers.overlap(store, *PAIR, **filters)
    assert len(whole) > 30
    assert [p["id"] for p in whole] == [p["id"] for p in sorted(whole, key=lambda p: (p["name"], p["id"]))]
    for size in (1, 7, 25):
        assert all_pages(store, size, **filters) == whole


def test_a_page_with_as_of_is_that_part_of_the_filtered_answer(many_store):
    store = read_only(many_store)
    everyone = answers.overlap(store, *PAIR)
    held = answers.overlap(store, *PAIR, as_of="2023")
    assert len(held) < len(everyone)  # some people pass over: the pages must still line up
    for offset in (0, 5, 20, len(held) - 3):
        assert answers.overlap(store, *PAIR, as_of="2023", limit=10, offset=offset) == held[offset:offset + 10]
    assert answers.overlap(store, *PAIR, as_of="2023", limit=10, offset=len(held)) == []
    assert answers.overlap(store, *PAIR, limit=0) == []


def test_pages_of_bodies(seed_store):
    store = read_only(seed_store)
    whole = answers.overlap(store, "SSU", "Arbeidsgruppe strategi")
    assert whole
    assert all_pages(store, 1) == answers.overlap(store, *PAIR)
    assert [p for o in range(len(whole)) for p in answers.overlap(store, "SSU", "Arbeidsgruppe strategi", limit=1, offset=o)] == whole


def test_an_index_without_seats_gives_the_same_answer(many_store, tmp_path):
    with_seats = read_only(many_store)
    expected = {(o, tuple(sorted(f.items()))): answers.overlap(with_seats, *PAIR, limit=9, offset=o, **f)
                for o in (0, 9) for f in FILTERS}
    old = tmp_path / "old"
    copy_store(many_store, old)
    for variant in ("seats without memberships", "no seats table", "no index file"):
        if variant == "seats without memberships":  # as written before seats kept their memberships
            db = sqlite3.connect(old / INDEX_FILE)
            db.execute("ALTER TABLE seats DROP COLUMN memberships")
            db.commit()
            db.close()
        elif variant == "no seats table":
            db = sqlite3.connect(old / INDEX_FILE)
            db.execute("DROP TABLE seats")
            db.commit()
            db.close()
        else:
            (old / INDEX_FILE).unlink()
        store = read_only(old)
        index = NameIndex.open(store)
        assert not index.has_seat_memberships and index.has_seats == (variant == "seats without memberships")
        for (offset, filters), page in expected.items():
            assert answers.overlap(store, *PAIR, limit=9, offset=offset, **dict(filters)) == page, (variant, offset, filters)


def test_the_index_keeps_each_seat_as_the_rdf_says_it(many_store):
    """The memberships a page reads from the name index are the rows `overlap-seats.rq` gives."""
    from samkart.answers import _select
    from samkart.queries import named
    from samkart.sinks.sparql_remote import where_group_start

    store = read_only(many_store)
    index = NameIndex.open(store)
    assert index.has_seat_memberships
    people = [pid for (pid,) in index.db.execute("SELECT DISTINCT person FROM seats ORDER BY person")]
    text = named("overlap-seats", "sparql").text
    at = where_group_start(text)
    values = "VALUES ?person { " + " ".join(f"<https://w3id.org/samkart/id/{p}>" for p in people) + " }\n"
    from_rdf = _select(store, text[:at] + values + text[at:])
    assert len(from_rdf) > 100 and any(r["organisation"] for r in from_rdf) and any(r["start"] for r in from_rdf)
    shown = lambda r: {**r, "roleLabel": r["roleLabel"] or (r["role"].rsplit("/", 1)[-1] if r["role"] else None), "role": None}
    assert [shown(r) for r in index.seat_rows(people)] == [shown(r) for r in from_rdf]


def test_seats_from_graph_per_person(many_store):
    from samkart.pipeline import current_graph

    graph = current_graph(StoreFolder.open_read_only(many_store))
    seats = seats_from_graph(graph)
    someone = seats[0][0]
    assert seats_from_graph(graph, [someone]) == [s for s in seats if s[0] == someone]
    index = NameIndex.open(read_only(many_store))
    assert sorted(index.db.execute("SELECT person, collaboration, body, memberships FROM seats")) == seats


def run(runner, store, *args):
    return runner.invoke(cli, ["--store", str(store), "overlap", *PAIR, *args], catch_exceptions=False)


def test_cli_limit_and_offset(runner, many_store):
    whole = json.loads(run(runner, many_store, "--json").stdout)
    assert whole == answers.overlap(read_only(many_store), *PAIR)  # --json: everyone, as the scorer reads it
    page = run(runner, many_store, "--json", "--limit", "5", "--offset", "10")
    assert page.exit_code == 0
    assert json.loads(page.stdout) == whole[10:15]
    assert "--offset 15" in page.stderr
    last = run(runner, many_store, "--json", "--limit", "5", "--offset", str(len(whole) - 5))
    assert json.loads(last.stdout) == whole[-5:] and not last.stderr  # no next page
    held = run(runner, many_store, "--json", "--as-of", "2023", "--limit", "4", "--offset", "3")
    assert json.loads(held.stdout) == answers.overlap(read_only(many_store), *PAIR, as_of="2023")[3:7]
    table = run(runner, many_store)
    rows = table.stdout.strip().splitlines()[2:]
    assert [r.split()[0] + " " + r.split()[1] for r in rows] == [" ".join(p["name"].split()[:2]) for p in whole[:25]]
    assert "more follow" in table.stderr and "--offset 25" in table.stderr
    assert len({line.split(",")[0] for line in run(runner, many_store, "--csv").stdout.splitlines()[1:]}) == len(whole)  # --csv: everyone
