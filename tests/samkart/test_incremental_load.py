"""Adding one document and changing another gives the store a fresh load of the same files gives:
the same quads, the same digests, the same name index."""
import random
import sys
from pathlib import Path

import pytest

from samkart.name_index import NameIndex
from samkart.pipeline import load, rebuild
from samkart.store import StoreFolder

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import FAMILIES, write_corpus  # noqa: E402


def content(root: Path) -> tuple:
    store = StoreFolder.open_read_only(root)
    quads = sorted(str(q) for q in store.rdf().quads())
    people = NameIndex.open(store).people()
    return quads, (root / "graph-digests.json").read_text(), people


def test_add_and_change_equal_a_fresh_load(tmp_path):
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, 12)
    grown = StoreFolder(tmp_path / "grown")
    load(paths, grown, jobs=1)
    rng = random.Random(5)
    added = corpus / "doc000012.txt"
    added.write_text(FAMILIES[2](rng, 12, 60), encoding="utf-8")
    paths[3].write_text(FAMILIES[3](rng, 3, 60).replace("Sak om tema", "Sak om nytt tema"), encoding="utf-8")
    report = load([added, paths[3]], grown, jobs=1)
    assert len(report.loaded) == 2 and report.graphs_unchanged > 0
    grown.close()
    fresh = StoreFolder(tmp_path / "fresh")
    load([*paths, added], fresh, jobs=1)
    fresh.close()
    assert content(tmp_path / "grown") == content(tmp_path / "fresh")


@pytest.mark.parametrize("large", [4096, 5])  # 5: the larger groups are cut by two characters of their ids
def test_groups_kept_in_chunks_change_as_a_fresh_load_gives(tmp_path, monkeypatch, large):
    """Case and meeting groups of many documents are merged again from their chunks, with only
    the changed documents' links to sources read: still what a fresh load gives."""
    from samkart.graph import summaries
    from samkart.resolution import Resolution

    monkeypatch.setattr(summaries, "SUMMARY_MIN", 3)
    monkeypatch.setattr(summaries, "LARGE", large)
    # a group's 16 chunks (its documents' ids' first characters) hold several documents each
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, 40)
    grown = StoreFolder(tmp_path / "grown")
    load(paths[:-2], grown, jobs=1)
    state = Resolution(tmp_path / "grown", readonly=True)
    kept = {k for (k,) in state.db.execute("SELECT DISTINCT gkey FROM summaries")}
    state.close()
    assert any(k[1:].startswith("case") for k in kept) and any(k[1:].startswith("meeting") for k in kept)
    rng = random.Random(7)
    paths[5].write_text(FAMILIES[0](rng, 5, 60), encoding="utf-8")  # a meeting's minutes change
    paths[8].write_text(FAMILIES[3](rng, 8, 60).replace("Sak om tema 2", "Sak om et lengre tema 2"), encoding="utf-8")
    load([paths[5], paths[8]], grown, jobs=1)
    load(paths[-2:], grown, jobs=1)  # groups grow, one into chunks
    grown.remove_document(grown.manifest()[str(paths[13].resolve())])
    rebuild(grown)
    grown.close()
    fresh = StoreFolder(tmp_path / "fresh")
    load([p for i, p in enumerate(paths) if i != 13], fresh, jobs=1)
    fresh.close()
    assert content(tmp_path / "grown") == content(tmp_path / "fresh")


def test_attendance_of_a_meeting_kept_in_chunks_changes_as_a_fresh_load_gives(tmp_path, monkeypatch):
    """Five copies of one meeting's minutes: one copy changes who attended, another goes."""
    from samkart.graph import summaries

    monkeypatch.setattr(summaries, "SUMMARY_MIN", 3)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = FAMILIES[0](random.Random(1), 0, 60)
    paths = [corpus / f"copy{i}.txt" for i in range(5)]
    for i, path in enumerate(paths):
        path.write_text(text + "\n" * i, encoding="utf-8")  # not byte for byte the same: documents of their own
    grown = StoreFolder(tmp_path / "grown")
    load(paths, grown, jobs=1)
    lines = [line for line in text.splitlines() if "Tone Johansen" not in line]
    lines = [line + "x" if "Anne Hansen" in line else line for line in lines]
    at = next(i for i, line in enumerate(lines) if "Anne Hansen" in line)
    lines.insert(at, "Alver kommune\tRandi Nilsen\tRN\tx")
    paths[2].write_text("\n".join(lines) + "\n", encoding="utf-8")
    load([paths[2]], grown, jobs=1)
    grown.remove_document(grown.manifest()[str(paths[4].resolve())])
    rebuild(grown)
    grown.close()
    fresh = StoreFolder(tmp_path / "fresh")
    load(paths[:4], fresh, jobs=1)
    fresh.close()
    assert content(tmp_path / "grown") == content(tmp_path / "fresh")
