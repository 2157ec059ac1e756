"""The examples in layouts no family was written for (a Swedish protokoll, a Danish member page), through the CLI."""
from __future__ import annotations

import json

from samkart.cli import cli


def answer(runner, store, *args):
    result = runner.invoke(cli, ["--store", str(store), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_swedish_protokoll_substitute_and_secretariat(runner, examples_store):
    meeting = next(m for m in answer(runner, examples_store, "list", "meetings") if m["date"] == "2024-10-03")
    assert meeting["collaboration"] == "Mellersta sjukvårdsregionen" and meeting["body"] == "Samverkansnämnden"
    marks = {a["person"]: a for a in meeting["attendance"]}
    assert marks["Göran Wester"]["capacity"] == "substitute" and marks["Göran Wester"]["substitute_for"]["name"] == "Mona Lindahl"
    assert marks["Mona Lindahl"]["status"] == "absent" and marks["Lisa Ekholm"]["capacity"] == "secretariat"
    refs = {c["identifier"]: [r["case"] for r in c["references"]] for c in meeting["cases"]}
    assert refs == {"21": [], "22": ["9"]}


def test_danish_member_page_is_a_roster_with_a_succession(runner, examples_store):
    lone = answer(runner, examples_store, "person", "Lone Risager")
    (seat,) = lone["memberships"]
    assert seat["body"] == "Klyngestyregruppen" and seat["collaboration"] == "Sundhedsklynge Fjordby"
    assert seat["start"] == "2024-03-01" and seat["succeeds"]["name"] == "Niels Damgaard"
    assert lone["attendance"] == []  # a member page is no meeting
    niels = answer(runner, examples_store, "person", "Niels Damgaard")
    assert [m["end"] for m in niels["memberships"]] == ["2024-02-29"]
