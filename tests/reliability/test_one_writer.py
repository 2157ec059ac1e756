"""#1: one writer at a time, nothing lost; many readers at once (issue #12, item 4)."""
from __future__ import annotations

import subprocess
import sys
import time

from tests.reliability.helpers import manifest, meetings, minutes, one_line_error, people, samkart, spawn

HOLD = """
import sys, time
from samkart.locking import write_lock
with write_lock(sys.argv[1], command="test holder"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold_lock(store, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_concurrent_loads_end_as_the_union_loaded_once(tmp_path):
    """Several writers started together: each waits its turn; the end state is the union."""
    batches = [minutes(tmp_path / f"batch{i}", n, start=i * 40) for i, n in enumerate((12, 3, 3, 1))]
    store = tmp_path / "store"
    procs = [spawn("load", "--wait", "300", tmp_path / f"batch{i}", store=store) for i in range(len(batches))]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    union = tmp_path / "union"
    samkart("load", *[tmp_path / f"batch{i}" for i in range(len(batches))], store=union, check=True)
    assert len(manifest(store)) == sum(map(len, batches))
    assert set(manifest(store).values()) == set(manifest(union).values())
    assert meetings(store) == meetings(union)
    assert people(store) == people(union)
    # a later edit of a file loaded by the small writer replaces it: not a duplicate document
    edited = batches[1][0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Forfall:", "Forfall: Ada Lovelace,"), encoding="utf-8")
    samkart("load", edited, store=store, check=True)
    assert len(meetings(store)) == len(meetings(union))
    assert len(list((store / "extractions").glob("*.json"))) == sum(map(len, batches))


def test_second_writer_fails_clearly_before_changing_anything(tmp_path):
    store = tmp_path / "store"
    samkart("load", *minutes(tmp_path / "a", 2), store=store, check=True)
    before = sorted(p.name for p in (store / "extractions").iterdir()), manifest(store)
    holder = _hold_lock(store, 30)
    try:
        result = samkart("load", "--wait", "0", *minutes(tmp_path / "b", 2, start=10), store=store)
        message = one_line_error(result)
        assert "another samkart is writing" in message and "--wait" in message and "test holder" in message
        judged = samkart("judge", "--wait", "0", "--force", "Kari Fjell", "Per Dahl", "different", store=store)
        assert "another samkart is writing" in one_line_error(judged)
        assert (sorted(p.name for p in (store / "extractions").iterdir()), manifest(store)) == before
        assert not (store / "judgements.jsonl").exists()
        # a writer given time waits, says so, and goes ahead once the lock is free
        waiting = spawn("load", "--wait", "60", tmp_path / "b", store=store)
        time.sleep(1.0)
        assert waiting.poll() is None
    finally:
        holder.kill()
        holder.wait()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and "waiting for another samkart" in err
    assert len(manifest(store)) == 4


OPEN_AND_WAIT = """
import sys, time
from samkart.store import StoreFolder
store = StoreFolder.open_read_only(sys.argv[1])
rdf = store.rdf()
print(len(rdf.graphs()), flush=True)
time.sleep(float(sys.argv[2]))
print(len(rdf.graphs()), flush=True)
"""


def test_many_readers_at_once_beside_a_notebook_and_a_writer(tmp_path):
    """Two `person` calls and a `sparql` call at the same time, while a Python process holds
    the store open and another holds the write lock (a load parsing its files): nobody blocks."""
    store = tmp_path / "store"
    samkart("load", *minutes(tmp_path / "docs", 4), store=store, check=True)
    notebook = subprocess.Popen([sys.executable, "-c", OPEN_AND_WAIT, str(store), "60"], stdout=subprocess.PIPE, text=True)
    graphs = notebook.stdout.readline().strip()
    holder = _hold_lock(store, 60)
    try:
        readers = [spawn("person", "Kari Fjell", "--json", store=store), spawn("person", "Per Dahl", "--json", store=store),
                   spawn("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--csv", store=store)]
        results = [r.communicate(timeout=120) + (r.returncode,) for r in readers]
        for out, err, code in results:
            assert code == 0, err
            assert "LOCK" not in err and "waiting" not in err
        assert '"name": "Kari Fjell"' in results[0][0] and '"name": "Per Dahl"' in results[1][0]
        assert int(results[2][0].splitlines()[1]) > 0
        assert notebook.poll() is None  # the notebook still has its store open
    finally:
        holder.kill()
        notebook.kill()
        holder.wait()
        notebook.wait()
    assert int(graphs) == 5


def test_readers_wait_for_a_commit_and_never_see_it_half_done(tmp_path):
    """A live writer's commit in progress (commit.json of a running process): a reader waits,
    says so, and answers from the finished store."""
    import json
    import os

    store = tmp_path / "store"
    samkart("load", *minutes(tmp_path / "docs", 2), store=store, check=True)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (store / "commit.json").write_text(json.dumps({"pid": sleeper.pid, "started": "now", "updates": {}}), encoding="utf-8")
        reader = spawn("list", "meetings", "--json", store=store)
        time.sleep(1.5)
        assert reader.poll() is None
        os.unlink(store / "commit.json")
        out, err = reader.communicate(timeout=60)
        assert reader.returncode == 0 and "waiting for a load to finish" in err, err
        assert len(json.loads(out)) == 2
    finally:
        sleeper.kill()
        sleeper.wait()


NOTEBOOK = """
import sys
import samkart
kg = samkart.open(sys.argv[1])
print(len(kg.list("meetings")), flush=True)
sys.stdin.readline()
print(len(kg.list("meetings")), flush=True)
"""


def test_a_notebook_reads_beside_a_load_and_then_sees_it(tmp_path):
    """`samkart.open` is read-only: a load runs while the notebook holds the store open, and
    the notebook's next answer reads what the load wrote."""
    store = tmp_path / "store"
    samkart("load", *minutes(tmp_path / "docs", 2), store=store, check=True)
    notebook = subprocess.Popen([sys.executable, "-c", NOTEBOOK, str(store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert notebook.stdout.readline().strip() == "2"
        samkart("load", "--wait", "0", *minutes(tmp_path / "more", 3, start=30), store=store, check=True)
        notebook.stdin.write("\n")
        notebook.stdin.flush()
        assert notebook.stdout.readline().strip() == "5"
    finally:
        notebook.kill()
        notebook.wait()
