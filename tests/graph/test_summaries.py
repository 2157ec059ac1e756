"""A large case, meeting or reference group merged through its chunks gives what merging every
part gives: the same facts and the same triples, whichever way its documents fall into chunks."""
from __future__ import annotations

import sys
from dataclasses import fields

import pytest

from samkart.emission import entity_quads, summarised_group
from samkart.graph import summaries
from samkart.graph.fragments import split_key
from samkart.pipeline import load
from samkart.resolution import Resolution
from samkart.store import StoreFolder
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    root = tmp_path_factory.mktemp("summaries")
    store = StoreFolder(root / "store")
    load(write_corpus(root / "corpus", 60), store, jobs=1)
    store.close()
    out = Resolution(root / "store", readonly=True)
    yield out
    out.close()


def without_sources(entity):
    return {f.name: getattr(entity, f.name) for f in fields(entity) if f.name != "sources"}


@pytest.mark.parametrize("prefix", [1, 2, 16])
def test_chunks_merge_to_what_every_part_merges_to(state, monkeypatch, prefix):
    monkeypatch.setattr(summaries, "prefix_for", lambda parts: prefix)
    merger = state.merger()
    sizes = {k: n for k, n in state.db.execute("SELECT gkey, count(*) FROM parts GROUP BY gkey HAVING count(*) > 1")
             if split_key(k)[0] in summaries.FOLDED}
    assert {split_key(k)[0] for k, n in sizes.items() if n > 3} == {"case", "meeting"}  # groups that fall into several chunks
    keys = sorted(sizes)
    for key in keys:
        parts = state.group_parts(key)
        whole = merger.merge(key, parts, state.lookups)
        entities, quads, rows = summarised_group(key, parts, merger, state.lookups)
        assert quads == entity_quads(whole), key
        assert [without_sources(e) for e in entities] == [without_sources(e) for e in whole], key
        assert len(rows) == len({summaries.chunk_of(doc, prefix) for doc, _ in parts})
