"""Documents per second for parsing, and for a full load (parse + resolve + RDF store).

    python benchmarks/bench_load.py --documents 1000
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from samkart.loaders import parse_file
from samkart.pipeline import load
from samkart.store import StoreFolder

from synthetic import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp) / "corpus", args.documents)
        start = time.perf_counter()
        for path in paths:
            parse_file(path)
        parse_s = time.perf_counter() - start
        store = StoreFolder(Path(tmp) / "store")
        start = time.perf_counter()
        report = load(paths, store)
        load_s = time.perf_counter() - start
        print(f"documents: {args.documents}; failed: {len(report.failed)}; counts: {report.counts}")
        print(f"parse only: {args.documents / parse_s:,.0f} documents/s ({parse_s:.1f} s)")
        print(f"full load (parse, resolve, write RDF): {args.documents / load_s:,.0f} documents/s ({load_s:.1f} s)")


if __name__ == "__main__":
    main()
