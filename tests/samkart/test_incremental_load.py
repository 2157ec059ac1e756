"""Adding one document and changing another gives the store a fresh load of the same files gives:
the same quads, the same digests, the same name index."""
import random
import sys
from pathlib import Path

from samkart.name_index import NameIndex
from samkart.pipeline import load
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
