"""The name index (names.sqlite): the same answers as the SPARQL store gives, written by every
load, and a store without it still answered."""
import json

import pytest

from samkart import answers
from samkart.cli import cli
from samkart.errors import LookupFailed
from samkart.name_index import INDEX_FILE, NameIndex
from samkart.store import StoreFolder
from tests.conftest import copy_store

NAMES = ["Gunnhild Myklebust", "gunnhild-myklebust", "person/gunnhild-myklebust", "Myklebust", "Nesse", "Torleif",
         "Nobody Here At All", "Gunhild Myklebus", "Kjellaug Rørvik", "kjellaug rorvik", "Ragnvald", ""]
GROUPS = ["Alrek", "Helsefellesskapet", "Styringsgruppen", "Styringsgruppe", "SSU", "Sundhedsklynge", "nothing like it"]


def outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except LookupFailed as exc:
        return ("failed", str(exc), exc.candidates)


def test_index_answers_as_the_sparql_store(examples_store):
    store = StoreFolder.open_read_only(examples_store)
    assert (examples_store / INDEX_FILE).exists()
    on_disk, in_memory = NameIndex.open(store), NameIndex.from_sparql(store)
    assert on_disk.people() == in_memory.people() == answers.people_from_sparql(store)
    assert sorted(on_disk.collaboration_rows(), key=repr) == sorted(in_memory.collaboration_rows(), key=repr)
    assert sorted(on_disk.body_rows(), key=repr) == sorted(in_memory.body_rows(), key=repr)
    with_index = [outcome(answers.find_person, store, n) for n in NAMES] + [outcome(answers.find_group, store, g) for g in GROUPS]
    copy = examples_store.parent / "examples-without-index"
    copy_store(examples_store, copy)
    (copy / INDEX_FILE).unlink()  # a store from before the index: answered from SPARQL, the same way
    old = StoreFolder.open_read_only(copy)
    without = [outcome(answers.find_person, old, n) for n in NAMES] + [outcome(answers.find_group, old, g) for g in GROUPS]
    assert with_index == without
    assert {o[0] for o in with_index} == {"ok", "failed"}


def test_index_follows_loads_and_judgements(seed_store, tmp_path, runner):
    store_dir = tmp_path / "store"
    copy_store(seed_store, store_dir)
    store = StoreFolder.open_read_only(store_dir)
    merged = answers.find_person(store, "Linn Bergsma")
    assert merged["id"] == "person/linn-dale-bergsma" and "Linn Bergsma" in merged["aliases"]
    assert answers.find_person(store, "person/linn-bergsma")["id"] == merged["id"]  # an id from before the merge
    # split the merge by judgement: the index is rewritten with the store, and each name is its own person
    result = runner.invoke(cli, ["--store", str(store_dir), "judge", "Linn Dale Bergsma", "Linn Bergsma", "different"])
    assert result.exit_code == 0, result.output
    after = StoreFolder.open_read_only(store_dir)
    assert answers.find_person(after, "Linn Bergsma")["id"] != answers.find_person(after, "Linn Dale Bergsma")["id"]
    assert NameIndex.open(after).people() == answers.people_from_sparql(after)


def test_list_pages(runner, examples_store):
    def listed(kind, *extra):
        result = runner.invoke(cli, ["--store", str(examples_store), "list", kind, "--json", *extra])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    everyone = listed("people")
    assert listed("people", "--limit", "3") == everyone[:3]
    assert listed("people", "--limit", "3", "--offset", "2") == everyone[2:5]
    assert listed("people", "--offset", str(len(everyone))) == []
    bodies = listed("bodies")
    assert listed("bodies", "--limit", "1", "--offset", "1") == bodies[1:2]
