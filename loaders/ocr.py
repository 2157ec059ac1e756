"""Repairing Nordic letters that OCR lost: 'Mggster' → 'Møgster', '(rjan' → 'Ørjan', '|da' → 'Ida'.

Only two kinds of repair are made on the text itself: marks that can never stand where they
stand (a '|' or '(' glued to the start of a word, an '@' inside one), and word-list repairs where
a variant with æ/ø/å is a known word and the damaged form is not. Names are never guessed here:
the resolver compares OCR'd names against names the corpus already knows (`ocr_variants`).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache
from itertools import product

from samkart.ontology import _data, fold

# What OCR turned each Nordic letter into, as seen in scanned Norwegian and Danish letters.
CONFUSIONS: dict[str, tuple[str, ...]] = {
    "g": ("ø",), "@": ("ø",), "(": ("Ø", "ø"), "|": ("I", "l"), "a": ("å",), "e": ("æ", "ø"), "0": ("ø", "Ø"),
}
_MAX_VARIANTS = 256
_BAR_GLUED = re.compile(r"(?<!\S)\|[a-zæøå]")  # '|da' for 'Ida'
_AT_INSIDE = re.compile(r"\w@\w")  # 'M@gster'
_PAREN_GLUED = re.compile(r"(?<![\w(])\((?=[A-Za-zæøåÆØÅ])")  # '(rjan' for 'Ørjan'
_OCR_BULLET = re.compile(r"(?m)^\s*[eo]\s{1,3}[A-ZÆØÅ(|]")  # a bullet read as 'e' or 'o'


@lru_cache(maxsize=8)  # asked by the passes, the families and the registry for the same text
def ocr_signals(text: str) -> float:
    """Share of words bearing OCR damage typical of Nordic letters; > 0.01 means an OCR'd text."""
    words = text.split()  # what `\S+` finds (both split on str.isspace), without the regex engine
    if not words:
        return 0.0
    # whole-text scans, not one regex per word: this runs on every document
    damaged = (len(_BAR_GLUED.findall(text)) if "|" in text else 0) + (len(_AT_INSIDE.findall(text)) if "@" in text else 0)
    if "(" in text:
        lines = text.splitlines()
        # a parenthesis opened on a line and closed on the next is a line break, not damage
        for line, nxt in zip(lines, lines[1:] + [""]):
            if "(" not in line:
                continue
            for m in _PAREN_GLUED.finditer(line):
                rest = line[m.end():] + " " + nxt
                if rest.find(")") == -1 or -1 < rest.find("(") < rest.find(")"):
                    damaged += 1
    bullets = len(_OCR_BULLET.findall(text))
    bad = _damaged_words()
    known_bad = sum(n for w, n in Counter(words).items() if fold(w.strip(".,:;")) in bad)
    signals = damaged + bullets + known_bad
    return signals / len(words) if signals >= 2 else 0.0


@cache
def _wordlist() -> frozenset[str]:
    path = _data("wordlist.txt")
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))


@cache
def _damaged_words() -> frozenset[str]:
    """Folded forms of listed words as OCR damages them ('møte' → 'mgte'), for detection."""
    out = set()
    for word in _wordlist():
        if "ø" in word:
            out.add(fold(word.replace("ø", "g")))
    return frozenset(out)


def ocr_variants(word: str) -> list[str]:
    """Every way `word` may have read before OCR damaged it (the word itself first)."""
    positions = [i for i, ch in enumerate(word) if ch in CONFUSIONS]
    if not positions:
        return [word]
    options = [[word[i], *CONFUSIONS[word[i]]] for i in positions]
    variants: list[str] = []
    for combo in product(*options):
        chars = list(word)
        for i, replacement in zip(positions, combo):
            chars[i] = replacement
        variants.append("".join(chars))
        if len(variants) >= _MAX_VARIANTS:
            break
    return variants


def repair_line(line: str) -> str:
    """Repair one OCR'd line; the caller keeps the original in provenance."""
    # bullets read as 'e' or 'o' at the start of a line
    line = re.sub(r"^(\s*)[eo](\s{1,3})(?=[A-ZÆØÅ(|])", r"\1-\2", line)
    # '(' glued to the start of a word with no closing parenthesis in it: a lost 'Ø'
    line = _unbalanced_parens_to_o(line)
    # '(' inside a word written in capitals, never closed: a lost 'Ø' ('S(R-ROGALAND')
    line = re.sub(r"(?<=[A-ZÆØÅ])\((?=[A-ZÆØÅ])(?![^()]*\))", "Ø", line)
    # '|' at the start of a word: a capital I ('|da', '| arbeidsgruppens')
    line = re.sub(r"(?<!\S)\|(?=[a-zæøå])", "I", line)
    line = re.sub(r"(?<!\S)\|(?=\s)", "I", line)
    # '|' between lower-case letters: an 'l' ('ungdomsk|inikken')
    line = re.sub(r"(?<=[a-zæøå])\|(?=[a-zæøå])", "l", line)
    # '@' inside a word: 'h@sten'
    line = re.sub(r"(?<=\w)@(?=\w)", "ø", line)
    return re.sub(r"[\wæøåÆØÅ]+", _repair_word, line)


def _unbalanced_parens_to_o(line: str) -> str:
    """A '(' glued to a word and never closed on the line is a lost 'Ø' ('(rjan' → 'Ørjan')."""
    out = list(line)
    for m in re.finditer(r"(?<![\w(])\((?=[A-Za-zæøåÆØÅ])", line):
        rest = line[m.end():]
        if re.match(r"(fra|frå|från|til|till|ut|vara|møtte|jf|se|medlem|leder|nestleder|sign)\b", rest, re.IGNORECASE):
            continue  # an opening parenthesis continued on the next line ('(fra 1. januar 2025,')
        close, reopen = rest.find(")"), rest.find("(")
        if close == -1 or (reopen != -1 and reopen < close):
            out[m.start()] = "Ø"
    return "".join(out)


def _repair_word(match: re.Match[str]) -> str:
    word = match.group(0)
    lower = word.lower()
    words = _wordlist()
    if lower in words or len(word) < 3:
        return word
    for variant in ocr_variants(lower)[1:]:
        if variant in words:
            return _same_case(word, variant)
    return word


def _same_case(original: str, repaired: str) -> str:
    if original[:1].isupper():
        return repaired[:1].upper() + repaired[1:]
    return repaired
