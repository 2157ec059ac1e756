"""Scale in one run: per corpus size, load time, peak RSS, store size, look-up times, an
incremental load, and rdflib's in-memory Graph on the overlap query as the baseline.

    python benchmarks/bench_scale.py --docs 1000,10000,100000

Every measured step runs in its own process (so one step's memory never inflates the next's
peak RSS, and a step over --timeout is reported as such instead of stalling the run):

* load: `samkart load CORPUS` as a whole command; peak RSS of that process (and its workers).
* look-ups in-process: `person`, `overlap` (the whole answer, and its first page as
  `samkart overlap` shows it), `sparql overlap`, `cypher overlap` timed inside one Python process, from a read-only store opened beforehand (what a notebook sees); the cypher
  time includes the embedded engine's start and its incremental push.
* CLI: the same commands as whole `samkart` processes (`overlap --json`: everyone; `overlap`: the
  table's first page), and `samkart --help` (the start-up).
* incremental: `samkart load` of 1 new document and 1 changed document into the loaded store.
* rdflib: the overlap query on rdflib's in-memory Dataset holding the same quads (at --rdflib-at).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import FAMILIES, write_corpus  # noqa: E402

PERSON = "Kari Hansen"          # person 0 of the generator's pool: in every corpus
OVERLAP = ("Alrek", "Helsefellesskapet")
try:
    from samkart.cli import OVERLAP_PAGE  # people on the first page of `samkart overlap`'s table
except ImportError:  # a samkart from before overlap had pages
    OVERLAP_PAGE = None


def samkart_exe() -> str:
    beside = Path(sys.executable).with_name("samkart")
    return str(beside) if beside.exists() else "samkart"


def run_measured(argv: list[str], timeout: float, env: dict | None = None) -> dict:
    """Wall time and peak RSS (of the process and its children) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return {"seconds": None, "timeout": timeout}
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    # Linux: wait4's ru_maxrss is the larger of the child's own peak and its waited-for workers'
    out = {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "exit": code}
    if code not in (0, 1):
        out["stderr"] = err[-500:]
    return out


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def lookups_in_process(store_dir: str) -> dict:
    """Run inside a child process: time each look-up from an open read-only store."""
    from samkart import answers
    from samkart.params import cypher_values, sparql_terms
    from samkart.queries import named
    from samkart.store import StoreFolder

    store = StoreFolder.open_read_only(Path(store_dir))
    store.require()
    store.rdf()
    out: dict = {}

    def timed(name, fn):
        gc.collect()  # the garbage of the look-up before (a whole overlap is millions of objects) is not this one's time
        start = time.perf_counter()
        result = fn()
        out[name] = time.perf_counter() - start
        out[name + "_rows"] = len(result) if hasattr(result, "__len__") else None

    timed("person", lambda: answers.person(store, PERSON)["memberships"])
    timed("overlap", lambda: answers.overlap(store, *OVERLAP))
    if OVERLAP_PAGE:  # as the CLI asks for it: one more than the page tells whether more follow
        timed("overlap_page", lambda: answers.overlap(store, *OVERLAP, limit=OVERLAP_PAGE + 1))

    def sparql():
        q = named("overlap", "sparql")
        terms = sparql_terms(store, q, {"a": OVERLAP[0], "b": OVERLAP[1]})
        began = time.perf_counter()
        rows = answers.rows_sparql(store, q.text, terms)[1]
        out["sparql_overlap_query_only"] = time.perf_counter() - began  # the engine alone: rdflib's baseline compares with this
        return rows

    timed("sparql_overlap", sparql)

    def cypher():
        from samkart.cypher_session import cypher_target

        q = named("overlap", "cypher")
        values = cypher_values(store, q, {"a": OVERLAP[0], "b": OVERLAP[1]})
        with cypher_target(store) as target:
            sync = time.perf_counter() - start_c[0]
            began = time.perf_counter()
            rows = target.run(q.text, values)[1]
            out["cypher_overlap_query_only"] = time.perf_counter() - began
            out["cypher_overlap_sync"] = sync
        return rows

    start_c = [time.perf_counter()]
    timed("cypher_overlap", cypher)  # the first after a load: the engine is brought up to date
    first = dict(out)
    start_c = [time.perf_counter()]
    timed("cypher_overlap_again", cypher)  # nothing changed since: the saved engine data answers
    out["cypher_overlap_again_query_only"] = out["cypher_overlap_query_only"]
    out["cypher_overlap_query_only"] = first["cypher_overlap_query_only"]
    return out


def rdflib_overlap(nquads: str, store_dir: str) -> dict:
    """Run inside a child process: the overlap query on rdflib's in-memory store."""
    from rdflib import Dataset, URIRef

    from samkart import answers
    from samkart.queries import named
    from samkart.sinks.rdf import ID
    from samkart.store import StoreFolder

    store = StoreFolder.open_read_only(Path(store_dir))
    a, b = (answers.find_group(store, name)["id"] for name in OVERLAP)
    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(nquads, format="nquads")
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    rows = list(ds.query(named("overlap", "sparql").text, initBindings={"a": URIRef(ID + a), "b": URIRef(ID + b)}))
    return {"rdflib_load": load_s, "rdflib_overlap": time.perf_counter() - start, "rdflib_rows": len(rows)}


def child(mode: str, *args: str, timeout: float) -> dict:
    argv = [sys.executable, __file__, "--_child", mode, *args]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_help_has_jobs() -> bool:
    text = subprocess.run([samkart_exe(), "load", "--help"], capture_output=True, text=True).stdout
    return "--jobs" in text


def one_size(n: int, work: Path, args: argparse.Namespace) -> dict:
    import random

    folder = work / f"docs-{n}"
    corpus, store = folder / "corpus", folder / "store"
    if store.exists():
        shutil.rmtree(store)
    if not (corpus.exists() and len(list(corpus.glob("*.txt"))) == n):
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, n)
    row: dict = {"documents": n}
    exe = samkart_exe()
    extra = ["--jobs", str(args.jobs)] if args.jobs and load_help_has_jobs() else []
    print(f"[{n}] loading …", file=sys.stderr, flush=True)
    load = run_measured([exe, "load", str(corpus), "--store", str(store), "--quiet", *extra], args.timeout)
    row["load_s"] = load.get("seconds")
    row["load_rss_mb"] = load.get("rss_mb")
    if load.get("stderr"):
        row["load_error"] = load["stderr"]
    if row["load_s"] is None:
        row["load_timeout"] = True
        return row
    row["store_mb"] = folder_mb(store)
    # the load's gigabytes still being written back by the kernel would be timed as the look-ups' reads
    os.sync()
    print(f"[{n}] loaded in {row['load_s']:.1f} s; look-ups …", file=sys.stderr, flush=True)
    row |= {k: v for k, v in child("lookups", str(store), timeout=args.timeout).items()}
    env = os.environ | {"COLUMNS": "200"}
    row["cli_startup_s"] = run_measured([exe, "--help"], 60, env)["seconds"]
    row["cli_person_s"] = run_measured([exe, "person", PERSON, "--store", str(store), "--json"], args.timeout, env)["seconds"]
    row["cli_overlap_s"] = run_measured([exe, "overlap", *OVERLAP, "--store", str(store), "--json"], args.timeout, env)["seconds"]
    if OVERLAP_PAGE:
        row["cli_overlap_page_s"] = run_measured([exe, "overlap", *OVERLAP, "--store", str(store)], args.timeout, env)["seconds"]
    # incremental: one new document, one changed one
    print(f"[{n}] incremental …", file=sys.stderr, flush=True)
    rng = random.Random(n + 7)
    new = corpus.parent / "added" / f"doc{n:06d}.txt"
    new.parent.mkdir(exist_ok=True)
    new.write_text(FAMILIES[n % len(FAMILIES)](rng, n, max(60, n // 2)), encoding="utf-8")
    changed = corpus / "doc000001.txt"
    original = changed.read_text(encoding="utf-8")
    changed.write_text(FAMILIES[1](rng, 1, max(60, n // 2)), encoding="utf-8")
    try:
        add = run_measured([exe, "load", str(new), "--store", str(store), "--quiet"], args.timeout)
        change = run_measured([exe, "load", str(changed), "--store", str(store), "--quiet"], args.timeout)
    finally:
        changed.write_text(original, encoding="utf-8")
    row["add_one_s"], row["change_one_s"] = add.get("seconds"), change.get("seconds")
    if args.rdflib_at == n:
        print(f"[{n}] rdflib baseline …", file=sys.stderr, flush=True)
        nquads = folder / "store.nq"
        subprocess.run([exe, "export", "--format", "nquads", "-o", str(nquads), "--store", str(store)], check=True,
                       stdout=subprocess.DEVNULL)
        row |= child("rdflib", str(nquads), str(store), timeout=args.rdflib_timeout)
        if row.get("rdflib_overlap") and row.get("sparql_overlap_query_only"):
            row["rdflib_ratio"] = row["rdflib_overlap"] / row["sparql_overlap_query_only"]
    return row


def fmt(value, unit: str = "s") -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"
    return f"{value:,.0f} {unit}"


def table(rows: list[dict]) -> str:
    lines = ["| documents | load | peak RSS | store | person | overlap | overlap first page | sparql overlap | cypher overlap (query / with sync) "
             "| cypher overlap again | CLI person | CLI overlap | CLI overlap first page | CLI start-up | add 1 | change 1 |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        timeout = " (timeout)" if r.get("load_timeout") else ""
        lines.append(" | ".join([
            f"| {r['documents']:,}", fmt(r.get("load_s")) + timeout, fmt(r.get("load_rss_mb"), "MB"), fmt(r.get("store_mb"), "MB"),
            fmt(r.get("person")), fmt(r.get("overlap")), fmt(r.get("overlap_page")), fmt(r.get("sparql_overlap")),
            f"{fmt(r.get('cypher_overlap_query_only'))} / {fmt(r.get('cypher_overlap'))}", fmt(r.get("cypher_overlap_again")),
            fmt(r.get("cli_person_s")), fmt(r.get("cli_overlap_s")), fmt(r.get("cli_overlap_page_s")), fmt(r.get("cli_startup_s")),
            fmt(r.get("add_one_s")), fmt(r.get("change_one_s"))]) + " |")
    for r in rows:
        if "rdflib_overlap" in r or "rdflib_load" in r or r.get("timeout"):
            lines.append(f"\nrdflib in-memory Dataset at {r['documents']:,} documents: load {fmt(r.get('rdflib_load'))}, "
                         f"overlap {fmt(r.get('rdflib_overlap'))}; Oxigraph (same query, same quads) {fmt(r.get('sparql_overlap_query_only'))}"
                         + (f" — {r['rdflib_ratio']:.0f}× faster" if r.get("rdflib_ratio") else ""))
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")) / 2**20
    except (OSError, StopIteration):
        mem = 0
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", default="1000,10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--work", type=Path, default=None, help="keep corpora and stores here (default: a temporary folder)")
    parser.add_argument("--jobs", type=int, default=None, help="passed to `samkart load --jobs` when it has that option")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds any one step may take")
    parser.add_argument("--rdflib-at", type=int, default=10000, help="corpus size of the rdflib baseline (0: none)")
    parser.add_argument("--rdflib-timeout", type=float, default=1800)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON here")
    parser.add_argument("--_child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._child:
        mode, *rest = args._child
        print(json.dumps(lookups_in_process(*rest) if mode == "lookups" else rdflib_overlap(*rest)))
        return
    sizes = [int(s) for s in args.docs.split(",") if s.strip()]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        for n in sizes:
            rows.append(one_size(n, work, args))
            print(table(rows[-1:]), file=sys.stderr, flush=True)
            if args.json:
                args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1))
    print(f"machine: {machine()}\n")
    print(table(rows))


if __name__ == "__main__":
    main()
