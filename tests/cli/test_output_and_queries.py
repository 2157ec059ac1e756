"""Output that loses nothing, SPARQL parameters that bind any variable, exports, and the
README's own commands — through the CLI, on the project's examples."""
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from samkart.cli import cli
from samkart.output import flatten, table

ROOT = Path(__file__).resolve().parents[2]


def run(runner, store, *args, env=None):
    return runner.invoke(cli, ["--store", str(store), *args], env=env)


def leaves(data, prefix=""):
    """Every leaf field path of a JSON answer, as --csv should name it."""
    out = set()
    if isinstance(data, dict):
        for k, v in data.items():
            out |= leaves(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for item in data:
            out |= leaves(item, prefix) if prefix.count(".") < 1 else {prefix}
    else:
        out.add(prefix)
    return out


@pytest.mark.parametrize("args", [["person", "Gunnhild Myklebust"], ["list", "meetings"], ["overlap", "Alrek", "Helsefellesskapet"],
                                  ["succession", "Styringsgruppen"], ["list", "people"]])
def test_csv_carries_every_json_field(runner, examples_store, args):
    data = json.loads(run(runner, examples_store, *args, "--json").output)
    header = run(runner, examples_store, *args, "--csv").output.splitlines()[0].split(",")
    expected = set().union(*(leaves(d) for d in (data if isinstance(data, list) else [data])))
    assert expected <= set(header), expected - set(header)


def test_output_formats_exclude_each_other(runner, examples_store):
    result = run(runner, examples_store, "list", "people", "--json", "--csv")
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_tables_fit_the_terminal_and_never_cut_ids(runner, examples_store):
    narrow = run(runner, examples_store, "overlap", "Alrek", "Helsefellesskapet", env={"COLUMNS": "90"}).output.splitlines()
    assert max(len(line) for line in narrow) <= 90
    assert any("…" in line for line in narrow)
    assert any("person/torleif-havik-nesse" in line for line in narrow)
    wide = run(runner, examples_store, "overlap", "Alrek", "Helsefellesskapet").output  # a pipe: nothing is cut
    assert "…" not in wide and "Arbeidsgruppe strategi for Områdeutvalg Bergen" in wide
    cut = table([{"id": "person/" + "x" * 50, "note": "y" * 80}], width=70)
    assert "person/" + "x" * 50 in cut and "…" in cut


def test_flatten_nested_lists_become_rows():
    rows = flatten({"id": "p", "memberships": [{"body": "A", "sources": [{"line": 1}]}], "attendance": [{"date": "d"}]})
    assert rows == [{"id": "p", "memberships.body": "A", "memberships.sources": '[{"line": 1}]'}, {"id": "p", "attendance.date": "d"}]


def test_load_quiet_and_progress_on_stderr(runner, tmp_path):
    quiet = runner.invoke(cli, ["--store", str(tmp_path / "q"), "load", str(ROOT / "examples"), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""
    loud = runner.invoke(cli, ["--store", str(tmp_path / "l"), "load", str(ROOT / "examples")])
    documents = len([p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".html", ".docx", ".pdf", ".md") and p.name != "README.md"])
    for phase in (f"parsing documents: {documents}/{documents}", "resolving people", "writing named graphs"):
        assert phase in loud.output  # (stderr; the runner mixes it in)


def test_sparql_parameters_bind_any_variable(runner, examples_store):
    seats = json.loads(run(runner, examples_store, "sparql", str(ROOT / "examples" / "person-seats.rq"),
                           "--param", "person=Gunnhild Myklebust", "--json").output)
    assert {s["bodyName"] for s in seats} == {"Styringsgruppen", "Strategisk samarbeidsutvalg (SSU)"}
    ask = "ASK { ?person <http://xmlns.com/foaf/0.1/name> ?name }"
    assert json.loads(run(runner, examples_store, "sparql", ask, "--param", "name=Sindre Movik", "--json").output) == [{"ask": True}]
    assert json.loads(run(runner, examples_store, "sparql", ask, "--param", "name=Nobody", "--json").output) == [{"ask": False}]
    construct = "CONSTRUCT { ?person <urn:x:named> ?name } WHERE { ?person <http://xmlns.com/foaf/0.1/name> ?name }"
    triples = json.loads(run(runner, examples_store, "sparql", construct, "--param", "person=Movik", "--json").output)
    assert triples == [{"subject": "person/sindre-movik", "predicate": "urn:x:named", "object": "Sindre Movik"}]
    # a string holding '?person' is text, not a variable; a value is a term, never query text
    text = 'SELECT ?n WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n FILTER(?n != "?person") }'
    assert run(runner, examples_store, "sparql", text, "--param", "p=person/sindre-movik", "--json").exit_code == 0
    evil = run(runner, examples_store, "sparql", ask, "--param", 'name=" } ; DROP ALL ; #', "--json")
    assert json.loads(evil.output) == [{"ask": False}]


def test_unknown_parameter_names_the_query_parameters(runner, examples_store):
    result = run(runner, examples_store, "sparql", "overlap", "--param", "a=Alrek", "--param", "c=Alrek")
    assert result.exit_code != 0 and "no parameter c" in result.output and "a, b" in result.output


def test_turtle_and_jsonld_exports(runner, examples_store, tmp_path):
    from rdflib import Graph

    run(runner, examples_store, "export", "--format", "turtle", "-o", str(tmp_path / "g.ttl"))
    run(runner, examples_store, "export", "--format", "nquads", "-o", str(tmp_path / "g.nq"))
    from rdflib import Dataset

    turtle = Graph().parse(tmp_path / "g.ttl", format="turtle")
    quads = Dataset().parse(tmp_path / "g.nq", format="nquads")
    assert {(s, p, o) for s, p, o, _ in quads.quads()} == set(turtle)  # every named graph's triples, merged
    jsonld = json.loads(run(runner, examples_store, "export", "--format", "jsonld").output)
    assert jsonld["@context"]["foaf"] == "http://xmlns.com/foaf/0.1/" and "@graph" in jsonld


def test_readme_data_model_is_generated_from_the_ontology():
    from samkart.data_model import data_model_markdown

    assert data_model_markdown() in (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_commands() -> tuple[list[str], list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = re.search(r"```bash\n(python3 -m venv .venv.*?)\n```", readme).group(1)
    tour = re.search(r"## A short tour.*?```bash\n(.*?)```", readme, re.S).group(1)
    first = [part.strip().removeprefix(".venv/bin/") for part in setup.split("&&") if ".venv/bin/samkart" in part]
    lines = [shlex.split(line, comments=True) for line in tour.splitlines() if line.strip()]
    return first, [shlex.join(words) for words in lines if words]


def test_readme_commands_run_as_written_on_a_fresh_clone(runner, tmp_path, monkeypatch):
    """The set-up line and every tour line, in a copy of the clone with no ../shared beside it."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("SAMKART_STORE", raising=False)
    clone = tmp_path / "clone"
    shutil.copytree(ROOT / "examples", clone / "examples")
    monkeypatch.chdir(clone)
    first, tour = _readme_commands()
    assert first == ["samkart load examples", "samkart overlap Alrek Helsefellesskapet"]
    for command in first + tour:
        words = shlex.split(command)
        assert words[0] == "samkart", command
        result = runner.invoke(cli, words[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
    assert "Gunnhild Myklebust" in runner.invoke(cli, ["overlap", "Alrek", "Helsefellesskapet"]).output
