"""Person resolution cost against the number of mentions (blocking keeps it near-linear).

    python benchmarks/bench_resolve.py --mentions 10000 100000
"""
from __future__ import annotations

import argparse
import random
import time

from samkart.graph.people import PersonMention, resolve_people

from synthetic import FAMILY, GIVEN

MIDDLE = ["Marie", "Elisabeth", "Johan", "Kristin", "Olav", "Sofie", "Andreas", ""]


def mentions(n: int, seed: int = 1) -> list[PersonMention]:
    rng = random.Random(seed)
    people = max(100, n // 8)
    surnames = [f"{f}{suffix}" for f in FAMILY for suffix in ("", "dal", "berg", "vik", "strand", "lid", "haug", "nes")]
    out = []
    for i in range(n):
        p = rng.randrange(people)
        given, family = GIVEN[p % len(GIVEN)], surnames[(p // len(GIVEN)) % len(surnames)]
        middle = MIDDLE[p % len(MIDDLE)] if rng.random() < 0.5 else ""
        name = " ".join(x for x in (given, middle, family) if x)
        if rng.random() < 0.03:  # a typo
            j = rng.randrange(1, len(name) - 1)
            name = name[:j] + name[j + 1:]
        out.append(PersonMention(name, f"d{i // 15}", 1.0, False, frozenset({f"c{p % 5}"}), f"d{i // 15}:list"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    for n in args.mentions:
        data = mentions(n)
        start = time.perf_counter()
        result = resolve_people(data)
        seconds = time.perf_counter() - start
        print(f"{n:>8,} mentions → {len(result.clusters):,} people, {len(result.uncertain):,} uncertain pairs: "
              f"{seconds:.2f} s ({n / seconds:,.0f} mentions/s)")


if __name__ == "__main__":
    main()
