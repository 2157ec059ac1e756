"""The command line. The only place where errors become messages for people."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click
from rdflib import Literal, URIRef

from samkart import __version__
from samkart.errors import LookupFailed, SamkartError
from samkart.output import dump_json, emit, output_options, table
from samkart.store import StoreFolder, store_path

LIST_KINDS = ("people", "organisations", "bodies", "collaborations", "meetings", "cases")


class SamkartGroup(click.Group):
    """Turns samkart's own errors into short messages with a hint, and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LookupFailed as exc:
            click.echo(f"Error: {exc}", err=True)
            if exc.candidates:
                click.echo("Closest matches:\n" + "\n".join(f"  - {c}" for c in exc.candidates), err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            ctx.exit(2)
        except SamkartError as exc:
            click.echo(f"Error: {exc}", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            ctx.exit(1)


def store_option(func):
    return click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
                        help="Store folder (default: $SAMKART_STORE, else ./.samkart).")(func)


def open_store(ctx: click.Context, store_dir: str | None, must_exist: bool = True) -> StoreFolder:
    store = StoreFolder(store_path(store_dir or (ctx.obj or {}).get("store")))
    if must_exist:
        store.require()
    ctx.call_on_close(store.close)
    return store


@click.group(cls=SamkartGroup)
@click.version_option(__version__, prog_name="samkart")
@click.option("--store", type=click.Path(file_okay=False), default=None, help="Store folder (default: $SAMKART_STORE, else ./.samkart).")
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """samkart: who sits where in Nordic health-collaboration bodies, from their minutes."""
    ctx.obj = {"store": store}


# ----------------------------------------------------------------------------------- load
@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--family", default=None, help="Skip detection and read every file as this family (see `samkart families`).")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON.")
@click.pass_context
def load(ctx: click.Context, paths: tuple[Path, ...], family: str | None, store_dir: str | None, as_json: bool) -> None:
    """Load documents (files or folders, recursively) into the store."""
    from samkart.pipeline import expand_paths, load as run_load

    store = open_store(ctx, store_dir, must_exist=False)
    files = expand_paths(paths)
    if not files:
        raise SamkartError("no documents found in " + ", ".join(map(str, paths)), hint="give files or folders holding .txt, .md, .html, .docx or .pdf")
    if len(files) > 1 and not as_json and sys.stderr.isatty():
        with click.progressbar(length=len(files), label="Loading", file=sys.stderr) as bar:
            report = run_load(files, store, family, progress=lambda _p: bar.update(1))
    else:
        report = run_load(files, store, family)
    if as_json:
        click.echo(dump_json({"loaded": [{"path": p, "document": d, "family": f} for p, d, f in report.loaded],
                              "failed": [{"path": p, "reason": r, "hint": h} for p, r, h in report.failed],
                              "warnings": report.warnings, "counts": report.counts,
                              "graphs_written": report.graphs_written, "graphs_unchanged": report.graphs_unchanged}))
    else:
        for path, doc, fam in report.loaded:
            click.echo(f"loaded  {path}  ({fam})")
        for path, reason, hint in report.failed:
            click.echo(f"error   {path}: {reason}" + (f" — {hint}" if hint else ""), err=True)
        for warning in report.warnings:
            click.echo(f"warning {warning}", err=True)
        counts = dict(report.counts)
        counts["warnings"] = len(report.warnings)
        counts["failed"] = len(report.failed)
        click.echo("\n" + table([{"what": k, "count": v} for k, v in counts.items()]))
    if not report.loaded:
        ctx.exit(1)


@cli.command()
def families() -> None:
    """List the document families samkart can read."""
    from samkart.loaders import LOADERS

    click.echo(table([{"family": l.family, "description": l.description} for l in LOADERS], max_width=120))


# ----------------------------------------------------------------------------------- look-ups
@cli.command("list")
@click.argument("kind", type=click.Choice(LIST_KINDS))
@store_option
@output_options
@click.pass_context
def list_(ctx: click.Context, kind: str, store_dir: str | None, fmt: str) -> None:
    """List people, organisations, bodies, collaborations, meetings or cases."""
    from samkart import answers

    store = open_store(ctx, store_dir)
    data = getattr(answers, kind)(store)
    if kind == "meetings":
        rows = [{"date": m["date"], "body": m["body"], "collaboration": m["collaboration"], "present": sum(a["status"] == "present" for a in m["attendance"]),
                 "absent": sum(a["status"] == "absent" for a in m["attendance"]), "cases": len(m["cases"]), "document": m["document"]} for m in data]
        emit(data, fmt, rows)
    elif kind == "people":
        emit(data, fmt, [{"name": p["name"], "aliases": p["aliases"], "documents": len(p["documents"]), "id": p["id"]} for p in data])
    elif kind == "cases":
        emit(data, fmt, [{k: c[k] for k in ("identifier", "title", "body", "date", "decision")} for c in data])
    else:
        emit(data, fmt)


@cli.command()
@click.argument("name")
@click.option("--explain", is_flag=True, help="Show why each alias was merged into this person.")
@store_option
@output_options
@click.pass_context
def person(ctx: click.Context, name: str, explain: bool, store_dir: str | None, fmt: str) -> None:
    """A person's roles (memberships) and attendance. NAME matches case- and accent-insensitively and by alias."""
    from samkart import answers

    store = open_store(ctx, store_dir)
    data = answers.person(store, name)
    if explain:
        from samkart.explain import explanations_for

        data["explanations"] = explanations_for(store, data)
    if fmt == "json":
        click.echo(dump_json(data))
        return
    if fmt == "csv":
        emit(data, "csv", data["memberships"], ["collaboration", "body", "role", "organisation", "start", "end", "first_seen", "last_seen"])
        return
    click.echo(f"{data['name']}  ({data['id']})")
    if data["aliases"]:
        click.echo("also written: " + ", ".join(data["aliases"]))
    click.echo("\nMemberships")
    click.echo(table(data["memberships"], ["collaboration", "body", "role", "organisation", "start", "end", "first_seen", "last_seen"]))
    click.echo("\nAttendance")
    click.echo(table(data["attendance"], ["date", "body", "status", "capacity", "remote"]))
    if explain:
        click.echo("\nWhy these names are one person")
        click.echo(table(data["explanations"], ["a", "b", "rule", "score", "documents"]) if data["explanations"] else "(one spelling only: nothing was merged)")


@cli.command()
@click.argument("a")
@click.argument("b")
@store_option
@output_options
@click.pass_context
def overlap(ctx: click.Context, a: str, b: str, store_dir: str | None, fmt: str) -> None:
    """People who sit in both A and B (collaborations or bodies, by name or alias)."""
    from samkart import answers

    store = open_store(ctx, store_dir)
    data = answers.overlap(store, a, b)

    def describe(ms: list[dict]) -> str:
        return "; ".join(f"{m['body']}" + (f" ({m['role']})" if m["role"] else "") + (f" for {m['organisation']}" if m["organisation"] else "") for m in ms)

    emit(data, fmt, [{"name": p["name"], a: describe(p["a"]), b: describe(p["b"])} for p in data])


# ----------------------------------------------------------------------------------- queries
_ID = re.compile(r"^(person|collaboration|body|organisation|meeting|case|membership|document|attendance)/")


def param_values(store: StoreFolder, params: tuple[str, ...], declared: dict[str, str]) -> dict[str, tuple[str, Any]]:
    """--param k=v → (kind, value): kind 'iri', 'id' or 'literal'. A samkart id stays an id; a
    name given for a parameter declared as a person, collaboration or body is looked up."""
    from samkart import answers

    out: dict[str, tuple[str, Any]] = {}
    for item in params:
        if "=" not in item:
            raise SamkartError(f"--param '{item}' is not name=value", hint="e.g. --param a=Alrek")
        key, value = item.split("=", 1)
        description = declared.get(key, "").lower()
        names_entity = "iri" in description or "id of" in description
        if re.match(r"^https?://", value):
            out[key] = ("iri", value)
        elif _ID.match(value):
            out[key] = ("id", value)
        elif names_entity and "person" in description:
            out[key] = ("id", answers.find_person(store, value)["id"])
        elif names_entity and ("collaboration" in description or "body" in description):
            out[key] = ("id", answers.find_group(store, value)["id"])
        elif re.fullmatch(r"-?\d+", value):
            out[key] = ("literal", int(value))
        else:
            out[key] = ("literal", value)
    missing = [p for p in declared if p not in out]
    if missing:
        raise SamkartError(f"missing parameter(s): {', '.join(missing)}", hint="pass them with --param NAME=VALUE")
    return out


def parse_params(store: StoreFolder, params: tuple[str, ...], declared: dict[str, str]) -> dict[str, Any]:
    """--param k=v → rdflib terms, bound by the store (never pasted into the query text)."""
    from samkart.sinks.rdf import ID

    terms: dict[str, Any] = {}
    for key, (kind, value) in param_values(store, params, declared).items():
        terms[key] = URIRef(value) if kind == "iri" else URIRef(ID + value) if kind == "id" else Literal(value)
    return terms


@cli.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, help="Bind a parameter: NAME=VALUE (repeatable). Names are looked up for IRI parameters.")
@store_option
@output_options
@click.pass_context
def sparql(ctx: click.Context, query: str, params: tuple[str, ...], store_dir: str | None, fmt: str) -> None:
    """Run a SPARQL query: a named query (see `samkart queries`), a .rq file, or inline text."""
    from samkart import answers
    from samkart.queries import resolve_query

    store = open_store(ctx, store_dir)
    q = resolve_query(query, "sparql")
    columns, rows = answers.rows_sparql(store, q.text, parse_params(store, params, q.params))
    emit(rows, fmt, rows, columns)


@cli.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, help="Bind a parameter: NAME=VALUE (repeatable). Names are looked up for id parameters.")
@click.option("--no-sync", is_flag=True, help="Embedded engine: query what was pushed last, without bringing it up to date.")
@store_option
@output_options
@click.pass_context
def cypher(ctx: click.Context, query: str, params: tuple[str, ...], no_sync: bool, store_dir: str | None, fmt: str) -> None:
    """Run a Cypher query: a named query (see `samkart queries`), a .cypher file, or inline text.

    With NEO4J_URI set it runs on that Neo4j server (push first with `samkart neo4j push`);
    otherwise on an embedded FalkorDB engine that samkart starts, updates and stops itself."""
    from samkart.cypher_session import cypher_target
    from samkart.queries import resolve_query

    store = open_store(ctx, store_dir)
    q = resolve_query(query, "cypher")
    values = {k: v for k, (_kind, v) in param_values(store, params, q.params).items()}
    with cypher_target(store, sync=not no_sync) as target:
        columns, rows, _ = target.run(q.text, values)
    records = [dict(zip(columns, row)) for row in rows]
    emit(records, fmt, records, columns)


@cli.group()
def neo4j() -> None:
    """Neo4j: push the graph to a Neo4j 5 server over Bolt."""


@neo4j.command("push")
@click.option("--uri", default=None, help="Bolt URI (default: $NEO4J_URI).")
@click.option("--user", default=None, help="User (default: $NEO4J_USERNAME).")
@click.option("--password", default=None, help="Password (default: $NEO4J_PASSWORD).")
@click.option("--database", default=None, help="Database (default: $NEO4J_DATABASE, else the server's default).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Rows per UNWIND batch (default 2000).")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def neo4j_push(ctx: click.Context, uri: str | None, user: str | None, password: str | None, database: str | None,
               batch_size: int | None, store_dir: str | None, as_json: bool) -> None:
    """Push the graph: constraints first, then nodes per label and relationships per type in
    batched UNWIND … MERGE transactions. Idempotent and incremental."""
    from samkart.cypher_session import neo4j_settings
    from samkart.pipeline import current_graph
    from samkart.sinks.cypher import Neo4jTarget, push
    from samkart.sinks.property_graph import build_property_graph

    store = open_store(ctx, store_dir)
    settings = neo4j_settings(uri, user, password, database)
    if not settings["uri"]:
        raise SamkartError("no Neo4j server given", hint="pass --uri bolt://HOST:7687 or set NEO4J_URI")
    pg = build_property_graph(current_graph(store))
    target = Neo4jTarget(**settings, batch_size=batch_size)
    try:
        total = pg.counts()["nodes"] + pg.counts()["relationships"]
        if sys.stderr.isatty() and not as_json:
            with click.progressbar(length=total, label="Pushing", file=sys.stderr) as bar:
                summary = push(target, pg, progress=bar.update)
        else:
            summary = push(target, pg)
    finally:
        target.close()
    emit(summary.as_dict(), "json" if as_json else "table", [{"what": k, "count": v} for k, v in summary.as_dict().items()])


@cli.command()
@output_options
def queries(fmt: str) -> None:
    """List the named queries with their description and parameters."""
    from samkart.queries import catalog

    rows = [{"name": q.name, "language": q.language, "parameters": ", ".join(f"{k} ({v})" for k, v in q.params.items()),
             "description": q.description} for q in catalog()]
    emit(rows, fmt, rows)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "jsonld", "nquads", "neo4j-csv"]), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to FILE (a folder for neo4j-csv) instead of standard output.")
@store_option
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, store_dir: str | None) -> None:
    """Export the graph: trig/nquads keep one named graph per document; turtle/jsonld merge them;
    neo4j-csv writes the node and relationship files `neo4j-admin database import` takes."""
    store = open_store(ctx, store_dir)
    if fmt == "neo4j-csv":
        from samkart.pipeline import current_graph
        from samkart.sinks.neo4j_csv import write_neo4j_csv
        from samkart.sinks.property_graph import build_property_graph

        if output is None:
            raise SamkartError("neo4j-csv needs a folder", hint="pass -o DIR")
        files = write_neo4j_csv(build_property_graph(current_graph(store)), output)
        click.echo(f"wrote {len(files)} files to {output}; import with:\n  neo4j-admin database import full " +
                   " ".join(f"--nodes={f.name}" if f.name.startswith("nodes") else f"--relationships={f.name}" for f in files), err=True)
        return
    data = store.rdf().serialize(fmt)
    if output:
        output.write_bytes(data)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)
    else:
        click.echo(data.decode("utf-8"), nl=False)


# ----------------------------------------------------------------------------------- resolution
@cli.command()
@store_option
@output_options
@click.pass_context
def review(ctx: click.Context, store_dir: str | None, fmt: str) -> None:
    """Name pairs the resolver was unsure about, most uncertain first. Decide with `samkart judge`."""
    from samkart.pipeline import current_graph

    store = open_store(ctx, store_dir)
    graph = current_graph(store)
    rows = [{"a": u.a, "b": u.b, "rule": u.rule, "score": u.score, "documents": [graph.documents[d].path for d in u.documents if d in graph.documents]}
            for u in graph.uncertain]
    emit(rows, fmt, rows, ["a", "b", "rule", "score", "documents"])


@cli.command()
@click.argument("a")
@click.argument("b")
@click.argument("verdict", type=click.Choice(["same", "different", "unsure"]))
@click.option("--note", default="", help="Why (kept in the judgement log).")
@store_option
@click.pass_context
def judge(ctx: click.Context, a: str, b: str, verdict: str, note: str, store_dir: str | None) -> None:
    """Record that names A and B are the same person, different people, or unsure; the store is rebuilt at once."""
    from samkart.pipeline import rebuild

    store = open_store(ctx, store_dir)
    judgement = store.judgements.append(a, b, verdict, note=note)
    rebuild(store)
    click.echo(f"recorded: {judgement.a} / {judgement.b} → {judgement.verdict} (in {store.judgements.path})")


def main() -> None:
    cli(prog_name="samkart")


if __name__ == "__main__":
    main()
