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
def parse_params(store: StoreFolder, params: tuple[str, ...], declared: dict[str, str]) -> dict[str, Any]:
    """--param k=v → rdflib terms. IRIs and samkart ids stay IRIs; a name given for a parameter
    declared as a person, collaboration or body is looked up; anything else is a literal."""
    from samkart import answers
    from samkart.sinks.rdf import ID

    out: dict[str, Any] = {}
    for item in params:
        if "=" not in item:
            raise SamkartError(f"--param '{item}' is not name=value", hint="e.g. --param a=Alrek")
        key, value = item.split("=", 1)
        description = declared.get(key, "").lower()
        if re.match(r"^https?://", value):
            out[key] = URIRef(value)
        elif re.match(r"^(person|collaboration|body|organisation|meeting|case|membership|document)/", value):
            out[key] = URIRef(ID + value)
        elif "person" in description and "iri" in description:
            out[key] = URIRef(ID + answers.find_person(store, value)["id"])
        elif ("collaboration" in description or "body" in description) and "iri" in description:
            out[key] = URIRef(ID + answers.find_group(store, value)["id"])
        elif re.fullmatch(r"-?\d+", value):
            out[key] = Literal(int(value))
        else:
            out[key] = Literal(value)
    missing = [p for p in declared if p not in out]
    if missing:
        raise SamkartError(f"missing parameter(s): {', '.join(missing)}", hint="pass them with --param NAME=VALUE")
    return out


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
@output_options
def queries(fmt: str) -> None:
    """List the named queries with their description and parameters."""
    from samkart.queries import catalog

    rows = [{"name": q.name, "language": q.language, "parameters": ", ".join(f"{k} ({v})" for k, v in q.params.items()),
             "description": q.description} for q in catalog()]
    emit(rows, fmt, rows)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "jsonld", "nquads"]), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to FILE instead of standard output.")
@store_option
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, store_dir: str | None) -> None:
    """Export the graph: trig/nquads keep one named graph per document; turtle/jsonld merge them."""
    store = open_store(ctx, store_dir)
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
