"""#6 atomic exports, #7 CSV formula injection, #8 SPARQL SERVICE, #9 the smaller faults."""
from __future__ import annotations

import csv
import http.server
import io
import resource
import signal
import subprocess
import sys
import threading

import pytest

from tests.reliability.helpers import ENV, minutes, one_line_error, samkart


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    store = root / "store"
    docs = minutes(root / "docs", 3)
    hostile = root / "docs" / "=HYPERLINK(1).txt"
    hostile.write_text(docs[0].read_text(encoding="utf-8").replace("1. januar", "9. mai"), encoding="utf-8")
    # relative paths, as a user types them: the document's path then begins with '='
    samkart("load", "=HYPERLINK(1).txt", docs[0].name, store=store, check=True, cwd=root / "docs")
    return store


# --------------------------------------------------------------------------------- exports
def test_export_creates_missing_folders(store, tmp_path):
    target = tmp_path / "a" / "b" / "out.trig"
    samkart("export", "--format", "trig", "-o", target, store=store, check=True)
    assert target.read_text(encoding="utf-8").strip()
    samkart("export", "--format", "graphml", "-o", tmp_path / "c" / "n.graphml", store=store, check=True)
    samkart("viz", "-o", tmp_path / "d" / "v.html", store=store, check=True)


@pytest.mark.parametrize("fmt", ["trig", "graphml"])
def test_export_onto_a_folder_or_a_full_disk_is_one_line(store, tmp_path, fmt):
    message = one_line_error(samkart("export", "--format", fmt, "-o", tmp_path, store=store))
    assert "folder" in message
    message = one_line_error(samkart("export", "--format", fmt, "-o", "/dev/full", store=store))
    assert "No space left on device" in message
    message = one_line_error(samkart("export", "--format", fmt, "-o", tmp_path / "file" / "below-a-file", store=store)
                             if (tmp_path / "file").write_text("x") else None)
    assert "below-a-file" in message or "file" in message


def _small_files() -> None:
    # a file-size limit: writes past 8 KiB fail with EFBIG, as a full disk fails with ENOSPC
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))


def test_a_failed_export_leaves_the_good_file_as_it_was(store, tmp_path):
    good = tmp_path / "samkart.nq"
    good.write_text("the earlier good export\n", encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "samkart.cli", "--store", str(store), "export", "--format", "trig", "-o", str(good)],
                            capture_output=True, text=True, env=ENV, preexec_fn=_small_files, timeout=300)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr and "File too large" in failed.stderr, failed.stderr
    assert good.read_text(encoding="utf-8") == "the earlier good export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["samkart.nq"]  # no temporary file left


def test_neo4j_csv_onto_existing_files_and_a_file(store, tmp_path):
    out = tmp_path / "import"
    samkart("export", "--format", "neo4j-csv", "-o", out, store=store, check=True)
    first = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    samkart("export", "--format", "neo4j-csv", "-o", out, store=store, check=True)
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == first
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    assert "not a folder" in one_line_error(samkart("export", "--format", "neo4j-csv", "-o", tmp_path / "plain", store=store))


# --------------------------------------------------------------------------------- CSV injection
def test_csv_output_neutralises_formulas(store):
    query = 'SELECT ?a ?b ?c ?d ?e ?n WHERE { BIND("=1+1" AS ?a) BIND("+2" AS ?b) BIND("-3" AS ?c) BIND("@SUM(A1)" AS ?d) BIND("\\tx" AS ?e) BIND(-4 AS ?n) }'
    out = samkart("sparql", query, "--csv", store=store, check=True).stdout
    row = next(csv.DictReader(io.StringIO(out)))
    assert row == {"a": "'=1+1", "b": "'+2", "c": "'-3", "d": "'@SUM(A1)", "e": "'\tx", "n": "-4"}
    meetings = samkart("list", "meetings", "--csv", store=store, check=True).stdout
    assert "'=HYPERLINK(1).txt" in meetings and "\n=HYPERLINK" not in meetings and ",=HYPERLINK" not in meetings


def test_neo4j_csv_neutralises_formulas(store, tmp_path):
    out = tmp_path / "import"
    samkart("export", "--format", "neo4j-csv", "-o", out, store=store, check=True)
    cells = [cell for path in out.iterdir() for row in csv.reader(path.open(encoding="utf-8")) for cell in row]
    assert "'=HYPERLINK(1).txt" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]


# --------------------------------------------------------------------------------- SERVICE
class _Endpoint(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def _answer(self) -> None:
        _Endpoint.hits.append(self.path)
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


def test_service_is_refused_unless_allowed(store):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        for query in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                      f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}"):
            message = one_line_error(samkart("sparql", query, store=store))
            assert "SERVICE" in message and "--allow-service" in message
        assert _Endpoint.hits == []
        # the word in a comment or a string is no SERVICE clause
        samkart("sparql", 'SELECT ?x WHERE { BIND("SERVICE" AS ?x) } # SERVICE', store=store, check=True)
        allowed = samkart("sparql", "--allow-service", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", store=store)
        assert "Traceback" not in allowed.stderr
        assert _Endpoint.hits, allowed.stderr
    finally:
        server.shutdown()


# --------------------------------------------------------------------------------- smaller faults
def test_smaller_faults_are_one_line(store, tmp_path):
    assert "Neo4j address" in one_line_error(samkart("neo4j", "push", "--uri", "ftp://x", store=store))
    (tmp_path / "q.rq").mkdir()
    assert "folder" in one_line_error(samkart("sparql", tmp_path / "q.rq", store=store))
    assert "folder" in one_line_error(samkart("sparql", tmp_path, store=store))
    (tmp_path / "latin1.rq").write_bytes('SELECT ?x WHERE { BIND("\u00e6" AS ?x) }'.encode("latin-1"))
    assert "UTF-8" in one_line_error(samkart("sparql", tmp_path / "latin1.rq", store=store))


def test_control_characters_are_escaped_on_the_terminal(tmp_path):
    folder = tmp_path / "docs"
    doc = minutes(folder, 1)[0]
    evil = folder / "evil\x1b]0;owned\x07\x1b[2J.txt"
    doc.rename(evil)
    result = samkart("load", evil, store=tmp_path / "store", check=True)
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    assert "\\x1b]0;owned\\x07" in result.stdout
    listed = samkart("list", "meetings", store=tmp_path / "store", check=True).stdout
    assert "\x1b" not in listed and "\x07" not in listed
