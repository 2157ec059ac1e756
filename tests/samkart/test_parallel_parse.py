"""Parsing in worker processes gives the store a serial load gives, in the same order, and a bad
file among them is still one failure, not a lost batch."""
import shutil
import sys
from pathlib import Path

from samkart.parallel_parse import SERIAL_BELOW, parse_all
from samkart.pipeline import load
from samkart.store import StoreFolder

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import write_corpus  # noqa: E402


def test_parallel_load_equals_serial_load(tmp_path):
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, 2 * SERIAL_BELOW)
    (corpus / "broken.docx").write_bytes(b"not a zip at all")
    files = [*paths, corpus / "broken.docx", corpus / "missing.txt"]
    reports, stores = [], []
    for jobs in (1, 2):
        store = StoreFolder(tmp_path / f"store-{jobs}")
        reports.append(load(files, store, jobs=jobs))
        store.close()
        stores.append(tmp_path / f"store-{jobs}")
    serial, parallel = reports
    assert parallel.loaded == serial.loaded and len(parallel.loaded) == len(paths)
    assert parallel.failed == serial.failed and [f[0] for f in parallel.failed] == [str(corpus / "broken.docx"), str(corpus / "missing.txt")]
    assert parallel.counts == serial.counts
    assert sorted(p.name for p in (stores[0] / "extractions").iterdir()) == sorted(p.name for p in (stores[1] / "extractions").iterdir())
    for a in (stores[0] / "extractions").iterdir():
        assert a.read_text() == (stores[1] / "extractions" / a.name).read_text()
    assert (stores[0] / "graph-digests.json").read_text() == (stores[1] / "graph-digests.json").read_text()


def test_results_come_back_in_file_order(tmp_path):
    paths = write_corpus(tmp_path, SERIAL_BELOW + 3)
    assert [p for p, _, _ in parse_all(paths, None, jobs=2)] == paths


def test_workers_apply_the_limits_given_to_load(tmp_path):
    from samkart.limits import LIMITS

    paths = write_corpus(tmp_path / "corpus", SERIAL_BELOW)
    big = tmp_path / "corpus" / "big.txt"
    big.write_text("Referat\n" + "x" * (2 * 1024 * 1024), encoding="utf-8")
    old = LIMITS.max_text_mb
    LIMITS.max_text_mb = 1
    try:
        results = list(parse_all([*paths, big], None, jobs=2))
    finally:
        LIMITS.max_text_mb = old
    assert all(e is not None for _, e, _ in results[:-1])
    assert results[-1][1] is None and "--max-text-mb" in results[-1][2][0]


def test_a_worker_stages_the_extraction_it_read_and_sends_back_only_its_document(tmp_path):
    from samkart.parallel_parse import _work, parse_one

    path = write_corpus(tmp_path / "corpus", 1)[0]
    stage = tmp_path / "stage"
    stage.mkdir()
    result, failure = _work((path, None, str(stage)))
    assert failure is None and result.text is None and result.staged_in == str(stage)
    written = stage / f"{result.document.id}.json"
    assert written.read_text(encoding="utf-8") == parse_one(path, None)[0].to_json() == result.to_json()
    assert [p.name for p in stage.iterdir()] == [written.name]  # no temporary file left beside it
    # a folder it cannot write to: the text goes back to the writer, which stages it (or says why it cannot)
    (tmp_path / "a-file").write_text("")
    result, failure = _work((path, None, str(tmp_path / "a-file" / "stage")))
    assert failure is None and result.staged_in is None and result.text == written.read_text(encoding="utf-8")
