"""The opening's field labels: 'Dato: … Sted: …' cut into label/value pairs."""
from __future__ import annotations

import random
import re

import pytest

from samkart.loaders.opening import _field_labels, _label_starts, split_fields
from samkart.ontology import fold


@pytest.mark.parametrize("text, pairs", [
    ("Dato: 29.08.2024 kl. 12.00     Sted: Hamar", [("Dato", "29.08.2024 kl. 12.00"), ("Sted", "Hamar")]),
    ("kl. 09.00-12.00Sted: Drammen", [("Sted", "Drammen")]),
    ("Møtested: Rådhuset, Ørsta | Dato : 3. mai 2024", [("Møtested", "Rådhuset, Ørsta"), ("Dato", "3. mai 2024")]),
    ("10:00–12:00", []),
    ("Ingen kolon her", []),
])
def test_fields_are_cut_at_their_labels(text, pairs):
    assert split_fields(text) == pairs


def test_label_starts_are_where_the_label_regex_matches():
    """The colon-first search answers what the one big alternation answered, on lines built to
    catch it out: labels glued to words, digits and each other, spaces before the colon,
    labels inside longer labels, colons with no label."""
    labels = sorted(_field_labels()[0])
    # the rule as one regex, the way it was first written
    pattern = re.compile(r"(?:(?<=[\s\d.a-z])|^)(?:" + "|".join(re.escape(l) for l in sorted(labels, key=len, reverse=True)) + r")\s*:")
    pieces = labels + ["x", "12", " ", ".", ":", "  :", "ø", "tid", "a.", "(", "-", "Dato", "\u00a0"]
    rnd = random.Random(7)
    lines = [fold("Dato: 1.2.2024 Sted: Bergen"), "forfall meldt av: ola", "xdato: 1", "2dato:1", "(dato:", ":dato:", "dato  :  :"]
    for _ in range(5000):
        lines.append(rnd.choice(["", " "]).join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6))) + rnd.choice(["", ":", " :"]))
    for line in lines:
        assert _label_starts(line) == [m.start() for m in pattern.finditer(line)], line


def test_labels_hold_what_the_colon_first_search_assumes():
    labels, lengths = _field_labels()
    assert all(":" not in label and label == label.strip() and label for label in labels)
    assert list(lengths) == sorted({len(label) for label in labels}, reverse=True)
