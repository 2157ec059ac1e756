"""#5: every store fault is named with its way out, never a traceback or a silent wrong answer;
`samkart check` finds it and `samkart repair` fixes it."""
from __future__ import annotations

import os

import pytest

from tests.reliability.helpers import meetings, minutes, one_line_error, samkart


@pytest.fixture
def loaded(tmp_path):
    store = tmp_path / "store"
    samkart("load", *minutes(tmp_path / "docs", 4), store=store, check=True)
    return store, meetings(store)


def _damage_rocksdb(store):
    for sst in sorted((store / "oxigraph").glob("*.sst")):
        data = bytearray(sst.read_bytes())
        data[: len(data) // 2] = os.urandom(len(data) // 2)
        sst.write_bytes(bytes(data))


DAMAGE = {
    "manifest": lambda s: (s / "manifest.json").write_text('{"/x": "abc", ', encoding="utf-8"),
    "digests": lambda s: (s / "graph-digests.json").write_text("[[[", encoding="utf-8"),
    "pending": lambda s: (s / "pending-graphs.json").write_text("{oops", encoding="utf-8"),
    "extraction": lambda s: next((s / "extractions").glob("*.json")).write_text('{"document": ', encoding="utf-8"),
    "rocksdb": _damage_rocksdb,
    "rdf-deleted": lambda s: __import__("shutil").rmtree(s / "oxigraph"),
    "resolution": lambda s: (s / "resolution.sqlite").write_bytes(b"not a database" * 100),
}


@pytest.mark.parametrize("what", sorted(DAMAGE))
def test_each_damaged_state_file(loaded, tmp_path, what):
    store, before = loaded
    DAMAGE[what](store)
    listed = samkart("list", "meetings", "--json", store=store)
    if what in ("manifest", "digests", "extraction", "resolution"):
        # state the SPARQL readers do not need: their answers stay right
        assert listed.returncode == 0 and len(listed.stdout) > 10
        # the readers of the whole graph read the resolver's state, or the extractions when
        # that is damaged: one of the two is enough
        drawn = samkart("viz", "-o", tmp_path / "v.html", store=store)
        assert drawn.returncode == 0 and "nodes" in drawn.stdout, drawn.stderr
    else:
        message = one_line_error(listed)
        assert "samkart repair" in message, message
    checked = samkart("check", store=store)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr + checked.stdout
    assert "samkart repair" in checked.stdout, checked.stdout
    # a writer meets the fault too: it either works round it or names the same way out
    loading = samkart("load", *minutes(tmp_path / "more", 1, start=50), store=store)
    if loading.returncode != 0:
        assert "samkart repair" in one_line_error(loading)
    repaired = samkart("repair", store=store)
    assert repaired.returncode == 0, repaired.stderr
    sound = samkart("check", store=store)
    assert sound.returncode == 0, sound.stdout
    after = meetings(store)
    if what == "extraction":
        assert "load" in repaired.stdout and len(after) >= len(before) - 1  # that document is named, to load again
    else:
        assert set(before) <= set(after)


def test_judgement_log_without_final_newline(loaded):
    """#4: `judge` on a log an editor left without its final newline, then load and judge again."""
    store, _ = loaded
    log = store / "judgements.jsonl"
    samkart("judge", "--force", "Kari Fjell", "Per Dahl", "different", store=store, check=True)
    log.write_text(log.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    samkart("judge", "--force", "Nina Berg", "Ola Vik", "different", "--note", "checked", store=store, check=True)
    samkart("judge", "--force", "Siri Lund", "Jon Moe", "unsure", store=store, check=True)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(line.startswith("{") and line.endswith("}") for line in lines)
    assert log.read_text(encoding="utf-8").endswith("\n")
    assert samkart("check", store=store).returncode == 0
    # a damaged line is named with its line number, not a traceback
    with log.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    message = one_line_error(samkart("judge", "--force", "A B", "C D", "same", store=store))
    assert "judgements.jsonl:4" in message


def test_rocksdb_logs_stay_bounded(loaded):
    store, _ = loaded
    for _ in range(4):
        samkart("list", "people", store=store, check=True)
    files_after_reads = sorted(p.name for p in (store / "oxigraph").iterdir())
    for _ in range(2):
        samkart("list", "people", store=store, check=True)
    assert sorted(p.name for p in (store / "oxigraph").iterdir()) == files_after_reads  # reads write nothing
    for i in range(4):
        samkart("judge", "--force", f"A{i} B", f"C{i} D", "unsure", store=store, check=True)
    assert len(list((store / "oxigraph").glob("LOG.old.*"))) <= 2


def test_read_only_store_can_be_read(loaded):
    """Readers write nothing to the store, so a store on read-only media answers."""
    store, before = loaded
    modes = {}
    for path in [store, *store.rglob("*")]:
        modes[path] = path.stat().st_mode
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        assert meetings(store) == before
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def _small_files() -> None:
    import resource
    import signal

    # writes past 16 KiB fail with EFBIG, as on a full disk they fail with ENOSPC
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))


def test_a_full_disk_during_a_load_is_one_line_and_changes_nothing(loaded, tmp_path):
    import subprocess
    import sys

    from tests.reliability.helpers import ENV

    store, before = loaded
    big = tmp_path / "big.txt"
    lines = "".join(f"Sak {i}/24 Orientering fra Kari Fjell om arbeidet, vedtak: tatt til orientering.\n" for i in range(1, 400))
    big.write_text("Referat SSU 7. mars 2024\nKommunehelsetjenesten: Kari Fjell (OU Voss), Per Dahl (OU Bergen)\nForfall: Nina Berg\n" + lines,
                   encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "samkart.cli", "--store", str(store), "load", str(big)],
                            capture_output=True, text=True, env=ENV, preexec_fn=_small_files, timeout=300)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
    assert failed.stderr.startswith("Error: cannot write to the store") and "File too large" in failed.stderr
    assert meetings(store) == before
    assert samkart("check", store=store).returncode == 0
    samkart("load", big, store=store, check=True)
    assert samkart("check", store=store).returncode == 0
