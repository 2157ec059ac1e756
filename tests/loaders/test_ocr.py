"""Telling an OCR'd text by its damage: the whole-text scans against a word-by-word reading."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from samkart.loaders.ocr import _damaged_words, ocr_signals
from samkart.ontology import fold


def _signals_word_by_word(text: str) -> float:
    """The rule as stated, one regex per kind of damage and no shortcuts."""
    words = re.findall(r"\S+", text)
    if not words:
        return 0.0
    damaged = len(re.findall(r"(?<!\S)\|[a-zæøå]", text)) + len(re.findall(r"\w@\w", text))
    lines = text.splitlines()
    for line, nxt in zip(lines, lines[1:] + [""]):
        for m in re.finditer(r"(?<![\w(])\((?=[A-Za-zæøåÆØÅ])", line):
            rest = line[m.end():] + " " + nxt
            if rest.find(")") == -1 or -1 < rest.find("(") < rest.find(")"):
                damaged += 1
    bullets = len(re.findall(r"(?m)^\s*[eo]\s{1,3}[A-ZÆØÅ(|]", text))
    known_bad = sum(n for w, n in Counter(words).items() if fold(w.strip(".,:;")) in _damaged_words())
    signals = damaged + bullets + known_bad
    return signals / len(words) if signals >= 2 else 0.0


@pytest.mark.parametrize("text", [
    "",
    "Referat fra møte i styringsgruppen\nTil stede: Kari Hansen, Ola Nordmann",
    "Referat fra mgte\n(rjan Mggster, |da Berg\ne Kari Hansen\nM@gster (leder)",
    "Deltakere (fra\nkommunene): Ola (Vik) og (Kari\u00a0Berg",
    "o Ola\u2003Nordmann\n|da |ngrid ((rjan) (Ase",
])
def test_ocr_signals_agree_with_the_word_by_word_rule(text):
    ocr_signals.cache_clear()
    assert ocr_signals(text) == _signals_word_by_word(text)


def test_damaged_text_is_told_from_clean_text():
    assert ocr_signals("Referat fra mgte\n(rjan Mggster, |da Berg\ne Kari Hansen\nM@gster (leder)") > 0.01
    assert ocr_signals("Referat fra møte i styringsgruppen\nTil stede: Kari Hansen, Ola Nordmann") == 0.0
