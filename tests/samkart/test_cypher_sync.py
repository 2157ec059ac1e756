"""The embedded Cypher engine is brought up to date only when the store changed since its data
was pushed and saved: a second query on an unchanged store neither re-resolves nor pushes, and a
load in between is seen."""
import shutil

from samkart import cypher_session
from samkart.pipeline import load
from samkart.store import StoreFolder
from tests.conftest import copy_store

NAMES = "MATCH (p:Person) RETURN p.name ORDER BY p.name"


def names(store_dir):
    with cypher_session.cypher_target(StoreFolder.open_read_only(store_dir)) as target:
        return [row[0] for row in target.run(NAMES, {})[1]]


def test_push_only_when_the_store_changed(examples_store, tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    store_dir = tmp_path / "store"
    copy_store(examples_store, store_dir)
    shutil.rmtree(store_dir / "falkordb", ignore_errors=True)
    pushes = []
    real_push = cypher_session.push
    monkeypatch.setattr(cypher_session, "push", lambda *a, **k: pushes.append(1) or real_push(*a, **k))
    first = names(store_dir)
    assert pushes == [1] and (store_dir / "falkordb" / cypher_session.SYNC_STAMP).exists()
    assert names(store_dir) == first and pushes == [1]  # unchanged store: the saved data answers
    doc = tmp_path / "new.txt"
    doc.write_text("Referat\nMøte i Styringsgruppen, Alrek helseklynge, 3. mars 2025\n\nTil stede:\n- Solveig Tverrbakk, Helse Bergen\n",
                   encoding="utf-8")
    writer = StoreFolder(store_dir)
    load([doc], writer)
    writer.close()
    after = names(store_dir)
    assert pushes == [1, 1] and "Solveig Tverrbakk" in after and set(first) <= set(after)
