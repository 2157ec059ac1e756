"""Patterns that look for the words they need before they run.

Most lines of minutes hold none of the words a pattern is built around ('orienterte', 'sak',
'kr'), yet Python's regex engine tries the whole pattern at every position of every line. A
pattern read here knows, from its own parse tree, the literal text any match must contain (for
'ny\\s+(?:leder|leiar)': 'ny' and one of 'leder', 'leiar'), and is only run on a line that has
it. The answer is always the pattern's own: the words are a necessary condition, never a rule of
their own, so nothing is declared twice and a pattern edited later stays correct.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

try:  # Python 3.11+
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    import sre_constants as _sre_constants  # type: ignore[no-redef]

_C = _sre_constants
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)}
# Characters outside ASCII that the engine, ignoring case, takes for an ASCII letter ('ſ' for
# 's', the Kelvin sign for 'k'): a text holding one is not judged by its lower-case form
# (tests/loaders/test_prefilter.py finds them again from the engine itself).
CASE_TWINS_OF_ASCII = frozenset("\u0130\u0131\u017f\u212a")  # İ ı ſ and the Kelvin sign

Needles = tuple[tuple[str, ...], ...]  # every group must have one of its words in the text


def _best(requirements: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The most selective of a sequence's requirements: its longest single word, else its
    alternation whose shortest word is longest."""
    if not requirements:
        return None
    return max(requirements, key=lambda group: (len(group) == 1, min(len(word) for word in group)))


def _requirements(items: Any) -> list[tuple[str, ...]]:
    """What a parsed sequence needs: groups of words, one of each group in any match."""
    out: list[tuple[str, ...]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            out.append(("".join(run),))
            run.clear()

    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
            continue
        close()
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                continue  # '(?i:…)' inside: its words are not required here
            out.extend(_requirements(sub))
        elif op is _C.BRANCH:
            words: list[str] = []
            for alternative in av[1]:
                best = _best(_requirements(alternative))
                if best is None:
                    words = []
                    break
                words.extend(best)
            if words:
                out.append(tuple(dict.fromkeys(words)))
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                out.extend(_requirements(sub))
        # anything else (classes, anchors, look-arounds, back-references) needs no word
    close()
    return out


def required_words(pattern: re.Pattern[str]) -> Needles:
    """The words (lower-cased if the pattern ignores case) a match of `pattern` must contain: of
    its literal runs and its alternations whose every branch has one, the two most selective."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.LOCALE:
        return ()
    tree = _sre_parse.parse(pattern.pattern, pattern.flags)
    groups = _requirements(list(tree))
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    kept: list[tuple[str, ...]] = []
    for group in groups:
        if ignore_case:
            if not all(word.isascii() for word in group):
                continue  # only ASCII words are compared in lower case (see CASE_TWINS_OF_ASCII)
            group = tuple(word.lower() for word in group)
        kept.append(group)
    # two groups are enough to rule out most lines; more only cost time on the lines that pass
    kept.sort(key=lambda group: (len(group) != 1, -min(len(word) for word in group)))
    return tuple(kept[:2])


class Prefiltered:
    """A compiled pattern with its required words: `finditer`, `search`, `match` and `sub`
    answer exactly as the pattern's own, without running it on a text that
    lacks a required word. Worth it for patterns searched through a line; a pattern only ever
    matched at a line's start already fails at its first letters."""

    __slots__ = ("pattern", "needles", "ignore_case")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.needles = required_words(pattern)
        self.ignore_case = bool(pattern.flags & re.IGNORECASE)

    def could_match(self, text: str) -> bool:
        if not self.needles:
            return True
        if self.ignore_case:
            if not text.isascii() and any(twin in text for twin in CASE_TWINS_OF_ASCII):
                return True
            text = text.lower()
        for group in self.needles:  # loops, not any(): this runs on every line
            for word in group:
                if word in text:
                    break
            else:
                return False
        return True

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, *args) if self.could_match(text) else iter(())

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return self.pattern.search(text, *args) if self.could_match(text) else None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.pattern.match(text, *args) if self.could_match(text) else None

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return self.pattern.sub(repl, text, count) if self.could_match(text) else text

    def __repr__(self) -> str:
        return f"Prefiltered({self.pattern!r}, needles={self.needles!r})"


def prefiltered(pattern: str | re.Pattern[str], flags: int = 0) -> Prefiltered:
    """`re.compile`, with its required words found once."""
    return Prefiltered(pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags))
