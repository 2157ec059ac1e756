"""Patterns that check for their required words first answer exactly as the patterns do."""
from __future__ import annotations

import importlib
import pkgutil
import random
import re
from pathlib import Path

import pytest

import samkart.loaders as loaders
from samkart.loaders.prefilter import CASE_TWINS_OF_ASCII, Prefiltered, prefiltered, required_words

SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.parametrize("pattern, flags, words", [
    (r"\bny\s+(?:leder|leiar)\s+er", 0, (("ny",), ("le",))),  # the longest runs; 'leder|leiar' share 'le'
    (r"tar over\s+etter", 0, (("tar over",), ("etter",))),
    (r"(?:orienterte|informerte)\b", 0, (("orienterte", "informerte"),)),
    (r"(?:fra\s+)?kommune", 0, (("kommune",),)),  # an optional group requires nothing
    (r"(?:a|\d)+", 0, ()),  # a branch with a wordless alternative requires nothing
    (r"x*y?", 0, ()),
    (r"(?:ab){2,}", 0, (("ab",),)),
    (r"Sak\s+\d+", re.IGNORECASE, (("sak",),)),  # compared in lower case
    (r"Møte\s+i", re.IGNORECASE, (("i",),)),  # 'Møte' is not ASCII: not used ignoring case
    (r"ab(?i:CD)ef", 0, (("ab",), ("ef",))),  # words under changed flags are left out
    (r"(?<=kr)\s*\d+", 0, ()),  # look-arounds require nothing
])
def test_required_words_follow_the_parse_tree(pattern, flags, words):
    assert required_words(re.compile(pattern, flags)) == words


def test_case_twins_of_ascii_are_those_the_engine_knows():
    """Every character outside ASCII that the engine matches to an ASCII letter, ignoring case."""
    letter = re.compile(r"[a-z]", re.IGNORECASE)
    found = {chr(code) for code in range(0x80, 0x110000) if letter.fullmatch(chr(code))}
    assert found == set(CASE_TWINS_OF_ASCII)


def _wrapped_patterns() -> list[tuple[str, Prefiltered]]:
    out = []
    for info in pkgutil.iter_modules(loaders.__path__):
        module = importlib.import_module(f"samkart.loaders.{info.name}")
        for name, value in vars(module).items():
            for i, item in enumerate(value if isinstance(value, (list, tuple)) else [value]):
                if isinstance(item, Prefiltered):
                    out.append((f"{info.name}.{name}[{i}]", item))
    return out


def _lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(SHARED.rglob("*")):
        if path.suffix in (".txt", ".md", ".html"):
            lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
    rnd = random.Random(3)
    twisted = []
    for line in lines[:4000]:
        twisted.append(line.swapcase())
        twisted.append(line.upper().replace("S", "ſ", 1).replace("K", "\u212a", 1))
        twisted.append("".join(rnd.choice((c.lower(), c.upper())) for c in line))
    return lines + twisted


def test_wrapped_patterns_answer_as_the_patterns_do():
    wrapped = _wrapped_patterns()
    assert len(wrapped) >= 20  # the hot patterns of the passes and families
    lines = _lines()
    assert len(lines) > 1000
    for name, fast in wrapped:
        slow = fast.pattern
        for line in lines:
            assert [m.span() for m in fast.finditer(line)] == [m.span() for m in slow.finditer(line)], (name, line)
            assert bool(fast.match(line)) == bool(slow.match(line)), (name, line)
            assert fast.sub("", line) == slow.sub("", line), (name, line)


def test_a_text_without_the_words_is_not_searched():
    fast = prefiltered(r"\bkr\.?\s*\d+", re.IGNORECASE)
    assert not fast.could_match("Referat fra møtet")
    assert fast.could_match("Budsjett: KR 100") and fast.search("Budsjett: KR 100")
    assert fast.could_match("ſ kr")  # a case twin: the text is searched as it is
