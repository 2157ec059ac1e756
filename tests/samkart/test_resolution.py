"""The persisted resolver state: whatever order documents come in, whatever is changed,
removed or judged, the store equals a fresh load of the same documents and judgements — the same
quads, digests, name index and counts — and an update touches only what it changes."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from samkart.graph.build import build_graph
from samkart.name_index import NameIndex
from samkart.pipeline import current_graph, load, rebuild
from samkart.resolution import Resolution
from samkart.sinks.rdf import document_triples
from samkart.store import StoreFolder
from tests.conftest import ROOT, SEED_ROSTER

DEV = ROOT.parent / "shared" / "dev" / "docs"


def content(root: Path) -> tuple:
    store = StoreFolder.open_read_only(root)
    quads = sorted(str(q) for q in store.rdf().quads())
    people = NameIndex.open(store).people()
    index = sqlite3.connect(root / "names.sqlite")
    tables = [t for (t,) in index.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    rows = {t: sorted(index.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    index.close()
    assert rows["seats"]
    state = Resolution(root, readonly=True)
    counts = state.counts()
    graph = state.graph()
    judged = [[(e.a, e.b, e.rule, e.score, tuple(e.documents)) for e in pairs] for pairs in (graph.explanations, graph.uncertain)]
    state.close()
    return quads, (root / "graph-digests.json").read_text(), people, rows, counts, judged


def fresh(root: Path, paths: list[Path], judge: list[tuple[str, str, str]] = ()) -> tuple:
    store = StoreFolder(root)
    for a, b, verdict in judge:
        store.judgements.append(a, b, verdict)
    load(paths, store, jobs=1)
    store.close()
    return content(root)


@pytest.fixture
def corpus(tmp_path, seeds) -> Path:
    if not DEV.exists():
        pytest.skip(f"no dev corpus at {DEV}")
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in [*sorted(seeds.iterdir()), *sorted(DEV.iterdir())]:
        if path.is_file() and path.suffix in (".txt", ".html"):  # PDFs and Word files would only slow this down
            shutil.copy(path, folder / path.name)
    for name, date, kari, case in (("x1.txt", "12.03.2024", "Kari Elise Nordmann", "Sak 12/24 Budsjett"),
                                   ("x2.txt", "14.05.2024", "Kari Nordmann", "Sak 15/24 Oppfølging av sak 12/24")):
        (folder / name).write_text(MINUTES.format(date=date, kari=kari, case=case), encoding="utf-8")
    return folder


MINUTES = """Referat fra møte i Strategisk samarbeidsutvalg (SSU), Helsefellesskapet Testby
Dato: {date}

Til stede:
{kari}, Testby kommune
Per Hansen, Helse Testby HF

{case}
Vedtak: Tatt til orientering.
"""


def test_loading_in_batches_equals_loading_at_once(tmp_path, corpus):
    files = sorted(corpus.iterdir())
    store = StoreFolder(tmp_path / "batches")
    for batch in (files[10:], files[:3], files[3:10]):
        load(batch, store, jobs=1)
    store.close()
    assert content(tmp_path / "batches") == fresh(tmp_path / "once", files)


def test_a_fuller_name_arriving_and_leaving_moves_the_person_everywhere(tmp_path, corpus):
    """'Kari Nordmann' in one document and 'Kari Elise Nordmann' in another are one person, shown
    by the fuller name; when the fuller name's document changes, every document's triples follow."""
    files = sorted(corpus.iterdir())
    store = StoreFolder(tmp_path / "grown")
    load(files, store, jobs=1)
    assert "person/kari-elise-nordmann" in current_graph(store).people
    changed = corpus / "x1.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Kari Elise Nordmann", "Kari Nordmann"), encoding="utf-8")
    report = load([changed], store, jobs=1)
    graph = current_graph(store)
    assert "person/kari-nordmann" in graph.people and "person/kari-elise-nordmann" not in graph.people
    assert graph.people["person/kari-nordmann"].documents == {report.loaded[0][1], store.manifest()[str((corpus / "x2.txt").resolve())]}
    store.close()
    assert content(tmp_path / "grown") == fresh(tmp_path / "fresh", files)


def test_a_spelling_used_more_often_changes_the_name_shown_not_the_id(tmp_path, corpus, monkeypatch):
    """Uses are counted in powers of two for the id ('Kari Elise Nordmann' twice and 'Kari E.
    Nordmann' three times weigh the same, and the longer spelling gives the id), so when 'Kari E.
    Nordmann' becomes the most used, the person is shown by it and keeps the id: no document
    naming her is derived again."""
    extra = [corpus / "x3.txt", corpus / "x4.txt", corpus / "x5.txt", corpus / "x6.txt"]
    for i, (path, kari) in enumerate(zip(extra, ("Kari Elise Nordmann", "Kari E. Nordmann", "Kari E. Nordmann", "Kari E. Nordmann"))):
        path.write_text(MINUTES.format(date=f"1{i}.09.2024", kari=kari, case=f"Sak {30 + i}/24 Orientering"), encoding="utf-8")
    files = sorted(set(corpus.iterdir()) - set(extra[2:]))
    store = StoreFolder(tmp_path / "grown")
    load(files, store, jobs=1)
    before = current_graph(store).people["person/kari-elise-nordmann"]
    assert before.name == "Kari Elise Nordmann" and "Kari E. Nordmann" in before.aliases
    reports = []
    update = Resolution.update
    monkeypatch.setattr(Resolution, "update", lambda self, *a, **k: reports.append(update(self, *a, **k)) or reports[-1])
    load(extra[2:], store, jobs=1)
    after = current_graph(store).people["person/kari-elise-nordmann"]
    assert after.name == "Kari E. Nordmann" and "Kari Elise Nordmann" in after.aliases
    assert reports and reports[-1].documents_rederived == 0
    store.close()
    assert content(tmp_path / "grown") == fresh(tmp_path / "fresh", sorted(corpus.iterdir()))


def test_removing_a_document_equals_never_loading_it(tmp_path, corpus):
    files = sorted(corpus.iterdir())
    store = StoreFolder(tmp_path / "grown")
    load(files, store, jobs=1)
    doc_id = store.manifest()[str((corpus / SEED_ROSTER).resolve())]
    assert store.remove_document(doc_id)
    rebuild(store)
    store.close()
    assert content(tmp_path / "grown") == fresh(tmp_path / "fresh", [f for f in files if f.name != SEED_ROSTER])


def test_a_judgement_re_resolves_only_its_names(tmp_path, corpus):
    files = sorted(corpus.iterdir())
    store = StoreFolder(tmp_path / "grown")
    load(files, store, jobs=1)
    with store.commit():
        store.judgements.append("Kari Nordmann", "Kari Elise Nordmann", "different")
        rebuild(store)
    graph = current_graph(store)
    assert {"person/kari-nordmann", "person/kari-elise-nordmann"} <= set(graph.people)
    store.close()
    assert content(tmp_path / "grown") == fresh(tmp_path / "fresh", files, [("Kari Nordmann", "Kari Elise Nordmann", "different")])


def test_the_stored_state_gives_the_graph_resolving_everything_gives(seed_store):
    store = StoreFolder.open_read_only(seed_store)
    merged = current_graph(store)
    resolved = build_graph(store.extractions(), store.judgements.verdicts("person"))
    assert document_triples(merged) == document_triples(resolved)
    def pairs(items):
        return sorted((e.a, e.b, e.rule, e.score) for e in items)

    assert pairs(merged.explanations) == pairs(resolved.explanations) and merged.uncertain == resolved.uncertain


def test_an_added_document_touches_only_its_groups(tmp_path, corpus):
    files = sorted(corpus.iterdir())
    store = StoreFolder(tmp_path / "grown")
    load(files[1:], store, jobs=1)
    report = load(files[:1], store, jobs=1)
    assert 0 < report.graphs_written < len(files) / 2
    store.close()


def test_a_rebuild_in_worker_processes_equals_one_in_this_process(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_corpus

    paths = write_corpus(tmp_path / "corpus", 90)  # enough documents for the workers to start
    for name, jobs in (("serial", 1), ("parallel", 2)):
        store = StoreFolder(tmp_path / name)
        load(paths, store, jobs=jobs)
        store.close()
    assert content(tmp_path / "serial") == content(tmp_path / "parallel")


def test_pairs_left_to_judge_follow_a_change_on_one_side(tmp_path):
    """'Karin Nordmann' and 'Kari Nordmann' are too alike to ignore and too different to merge:
    a pair left to judge. When only one side's documents change, the pair is re-scored as a
    fresh load would score it, though the other side is not re-resolved."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    texts = {"k1.txt": ("12.03.2024", "Karin Nordmann"), "k2.txt": ("14.05.2024", "Kari Nordmann"),
             "k3.txt": ("16.06.2024", "Kari Nordmann")}
    for name, (date, person) in texts.items():
        (folder / name).write_text(MINUTES.format(date=date, kari=person, case="Sak 1/24 Orientering"), encoding="utf-8")
    store = StoreFolder(tmp_path / "grown")
    load([folder / "k1.txt", folder / "k2.txt"], store, jobs=1)
    assert [(u.a, u.b) for u in current_graph(store).uncertain] == [("Kari Nordmann", "Karin Nordmann")]
    load([folder / "k3.txt"], store, jobs=1)
    store.close()
    assert content(tmp_path / "grown") == fresh(tmp_path / "fresh", sorted(folder.iterdir()))


def test_a_load_of_everything_takes_the_names_its_parse_workers_read(tmp_path, monkeypatch):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_corpus

    taken: list[int] = []
    parsed_names = Resolution._parsed_names

    def spy(self, path, files):
        known = parsed_names(self, path, files)
        taken.append(len(known))
        return known

    monkeypatch.setattr(Resolution, "_parsed_names", spy)
    paths = write_corpus(tmp_path / "corpus", 90)
    store = StoreFolder(tmp_path / "store")
    load(paths, store, jobs=2)
    store.close()
    assert taken == [90]  # none of them read again from its extraction
    assert not (tmp_path / "store" / ".parse-names").exists()


def test_each_rebuild_hands_its_workers_new_files(tmp_path, corpus):
    """Workers keep what they read by the file's name: a second rebuild in the same process (a
    small store is rebuilt here, not in workers) must not be answered from the first's person ids."""
    state = Resolution.fresh(tmp_path)
    first, second = state._handover_file("people"), state._handover_file("people")
    assert first != second and first.parent == second.parent == tmp_path
    first.write_bytes(b"left by a crash")
    third = state._handover_file("people")
    assert not first.exists() and third not in (first, second)
    state.close()


def test_a_full_rebuild_after_a_judgement_in_one_process_equals_a_fresh_load(tmp_path, corpus):
    """Both rebuilds run in this process (a small store): the second must read the person ids
    the judgement gave, not the first's."""
    files = sorted(corpus.iterdir())
    store = StoreFolder(tmp_path / "judged")
    load(files, store, jobs=1)
    assert "person/kari-nordmann" not in current_graph(store).people  # one person, by the fuller name
    with store.commit():
        store.judgements.append("Kari Nordmann", "Kari Elise Nordmann", "different")
        rebuild(store, full=True, jobs=1)
    assert {"person/kari-nordmann", "person/kari-elise-nordmann"} <= set(current_graph(store).people)
    store.close()
    assert content(tmp_path / "judged") == fresh(tmp_path / "fresh", files, [("Kari Nordmann", "Kari Elise Nordmann", "different")])
