"""The command line. The only place where errors become messages for people."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from samkart import __version__
from samkart.cli_sharing import Remote, push, remote_options, serve, sparql_json
from samkart.errors import LookupFailed, SamkartError
from samkart.output import dump_json, emit, output_options, table
from samkart.store import StoreFolder, store_path
from samkart.limits import apply_limits, limit_options
from samkart.terminal import echo_err, safe
from samkart.timeline import DATE

LIST_KINDS = ("people", "organisations", "bodies", "collaborations", "meetings", "cases")
OVERLAP_PAGE = 25  # people in one `overlap` table when --limit is not given (a screenful; --json and --csv: the whole answer)


class SamkartGroup(click.Group):
    """Turns samkart's own errors into short messages with a hint, and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LookupFailed as exc:
            echo_err(f"Error: {exc}")
            if exc.candidates:
                echo_err("Closest matches:\n" + "\n".join(f"  - {c}" for c in exc.candidates))
            if exc.hint:
                echo_err(f"Hint: {exc.hint}")
            ctx.exit(2)
        except SamkartError as exc:
            echo_err(f"Error: {exc}")
            if exc.hint:
                echo_err(f"Hint: {exc.hint}")
            ctx.exit(1)
        except OSError as exc:  # disk full, permission, read-only file system: one line, no traceback
            from samkart.terminal import os_error_line

            echo_err(f"Error: {os_error_line(exc)}")
            echo_err("Hint: free space or fix the permissions, then run the command again (`samkart check` tells whether the store is sound)")
            ctx.exit(1)


def store_option(func):
    return click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
                        help="Store folder (default: $SAMKART_STORE, else ./.samkart).")(func)


def open_store(ctx: click.Context, store_dir: str | None, must_exist: bool = True, write: bool = False) -> StoreFolder:
    """Readers open the store read-only (no lock, never blocking each other or a writer); only
    commands that change it (`load`, `judge`, `repair`) open it for writing."""
    from samkart.sinks.falkor_server import reap_orphans

    root = store_path(store_dir or (ctx.obj or {}).get("store"))
    reap_orphans(root / "falkordb")  # an embedded server left by a samkart killed with SIGKILL
    notify = lambda message: echo_err(message)  # noqa: E731
    store = StoreFolder(root, notify=notify) if write else StoreFolder.open_read_only(root, notify=notify)
    if must_exist:
        store.require()
    ctx.call_on_close(store.close)
    return store


def page_options(default_help: str = ""):
    """--limit N / --offset M: one page of an answer."""

    def decorate(func):
        func = click.option("--offset", type=click.IntRange(0), default=0, help="Skip the first N entries.")(func)
        return click.option("--limit", type=click.IntRange(0), default=None,
                            help="At most N entries (a page; with --offset, the next ones)." + default_help)(func)

    return decorate


def wait_option(func):
    return click.option("--wait", "wait", type=click.FloatRange(0), default=None, metavar="SECONDS",
                        help="If another samkart is writing the store, wait this long for it (default 60; 0: fail at once).")(func)


@click.group(cls=SamkartGroup)
@click.version_option(__version__, prog_name="samkart")
@click.option("--store", type=click.Path(file_okay=False), default=None, help="Store folder (default: $SAMKART_STORE, else ./.samkart).")
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """samkart: who sits where in Nordic health-collaboration bodies, from their minutes."""
    ctx.obj = {"store": store}


# ----------------------------------------------------------------------------------- load
@cli.command()
@click.argument("paths", nargs=-1, required=False, type=click.Path(path_type=Path))
@click.option("--family", default=None, help="Skip detection and read every file as this family (see `samkart families`).")
@store_option
@wait_option
@limit_options
@click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--jobs", "-j", type=click.IntRange(1), default=None, help="Parse in N worker processes (default: every core).")
@click.pass_context
def load(ctx: click.Context, paths: tuple[Path, ...], family: str | None, store_dir: str | None, wait: float | None,
         as_json: bool, quiet: bool, jobs: int | None, **limits: Any) -> None:
    """Load documents (files or folders, recursively) into the store. With no PATHS, finishes an
    interrupted load and brings the store up to date."""
    from samkart.load_progress import PhaseReporter
    from samkart.pipeline import expand_paths, load as run_load

    apply_limits(limits)
    store = open_store(ctx, store_dir, must_exist=not paths, write=True)
    files = expand_paths(paths)
    if paths and not files:
        raise SamkartError("no documents found in " + ", ".join(map(str, paths)), hint="give files or folders holding .txt, .md, .html, .docx or .pdf")
    with PhaseReporter(enabled=not quiet and not as_json and len(files) > 1) as reporter:
        report = run_load(files, store, family, phase=reporter, wait=wait, jobs=jobs)
    if as_json:
        click.echo(dump_json({"loaded": [{"path": p, "document": d, "family": f} for p, d, f in report.loaded],
                              "failed": [{"path": p, "reason": r, "hint": h} for p, r, h in report.failed],
                              "warnings": report.warnings, "counts": report.counts,
                              "graphs_written": report.graphs_written, "graphs_unchanged": report.graphs_unchanged}))
    elif quiet:
        for path, reason, hint in report.failed:
            click.echo(f"error   {path}: {reason}" + (f" — {hint}" if hint else ""), err=True)
    else:
        for path, doc, fam in report.loaded:
            click.echo(safe(f"loaded  {path}  ({fam})"))
        for path, reason, hint in report.failed:
            echo_err(f"error   {path}: {reason}" + (f" — {hint}" if hint else ""))
        for warning in report.warnings:
            echo_err(f"warning {warning}")
        counts = dict(report.counts)
        counts["warnings"] = len(report.warnings)
        counts["failed"] = len(report.failed)
        click.echo("\n" + table([{"what": k, "count": v} for k, v in counts.items()]))
    if paths and not report.loaded:
        ctx.exit(1)


@cli.command()
def families() -> None:
    """List the document families samkart can read."""
    from samkart.loaders import LOADERS

    click.echo(table([{"family": l.family, "description": l.description} for l in LOADERS], max_width=120))


# ----------------------------------------------------------------------------------- look-ups
@cli.command("list")
@click.argument("kind", type=click.Choice(LIST_KINDS))
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="People, bodies, collaborations, organisations with a seat held on DATE; meetings and cases up to DATE.")
@page_options()
@store_option
@output_options
@click.pass_context
def list_(ctx: click.Context, kind: str, as_of: str | None, limit: int | None, offset: int, store_dir: str | None, fmt: str) -> None:
    """List people, organisations, bodies, collaborations, meetings or cases."""
    from samkart import answers

    store = open_store(ctx, store_dir)
    if kind == "people" and not as_of:
        data = answers.people(store, limit, offset)  # paged in the name index: never everyone in memory
    else:
        data = getattr(answers, kind)(store)
        if as_of:
            data = answers.as_of_filter(store, kind, data, as_of)
        data = data[offset:None if limit is None else offset + limit]
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
@click.option("--as-of", "as_of", type=DATE, default=None, help="Only seats held on DATE, and attendance up to it (YYYY-MM-DD or YYYY).")
@store_option
@output_options
@click.pass_context
def person(ctx: click.Context, name: str, explain: bool, as_of: str | None, store_dir: str | None, fmt: str) -> None:
    """A person's roles (memberships) and attendance. NAME matches case- and accent-insensitively and by alias."""
    from samkart import answers

    store = open_store(ctx, store_dir)
    data = answers.person(store, name, as_of=as_of)
    if explain:
        from samkart.explain import explanations_for

        data["explanations"] = explanations_for(store, data)
    if fmt != "table":
        emit(data, fmt)
        return
    click.echo(f"{data['name']}  ({data['id']})")
    if data["aliases"]:
        click.echo("also written: " + ", ".join(data["aliases"]))
    click.echo("\nMemberships" + (f" held on {as_of}" if as_of else ""))
    click.echo(table(data["memberships"], ["collaboration", "body", "role", "organisation", "start", "end", "ended", "first_seen", "last_seen"]))
    click.echo("\nAttendance")
    click.echo(table(data["attendance"], ["date", "body", "status", "capacity", "remote"]))
    if explain:
        click.echo("\nWhy these names are one person")
        click.echo(table(data["explanations"], ["a", "b", "rule", "score", "documents"]) if data["explanations"] else "(one spelling only: nothing was merged)")


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--as-of", "as_of", type=DATE, default=None, help="Only seats held on DATE (YYYY-MM-DD or YYYY).")
@click.option("--at-same-time", is_flag=True, help="Only people who held a seat in A and one in B on the same day.")
@page_options(f" Default: {OVERLAP_PAGE} in a table, everyone with --json or --csv.")
@store_option
@output_options
@click.pass_context
def overlap(ctx: click.Context, a: str, b: str, as_of: str | None, at_same_time: bool, limit: int | None, offset: int,
            store_dir: str | None, fmt: str) -> None:
    """People who sit in both A and B (collaborations or bodies, by name or alias), by name.
    A table shows the first 25 (--limit, --offset for others); --json and --csv the whole answer."""
    from samkart import answers
    from samkart.timeline import describe

    store = open_store(ctx, store_dir)
    page = limit if limit is not None else OVERLAP_PAGE if fmt == "table" else None
    # one more than the page: whether there is a next page, without counting everyone
    data = answers.overlap(store, a, b, as_of=as_of, at_same_time=at_same_time, limit=None if page is None else page + 1, offset=offset)
    more = page is not None and len(data) > page
    data = data[:page] if page is not None else data

    def seats(ms: list[dict]) -> str:
        return "; ".join(f"{m['body']}" + (f" ({m['role']})" if m["role"] else "") + (f" for {m['organisation']}" if m["organisation"] else "")
                         + (f" [{period}]" if (period := describe(m["start"], m["end"], m["first_seen"], as_of)) else "") for m in ms)

    rows = [{"name": p["name"], a: seats(p["a"]), b: seats(p["b"]), "id": p["id"]} for p in data]
    emit(data, fmt, rows)
    if more:
        echo_err(f"people {offset + 1}–{offset + len(data)} shown, more follow: --offset {offset + len(data)} for the next page, "
                 f"--limit N for longer pages (--json: everyone)")


@cli.command()
@click.argument("body")
@click.option("--as-of", "as_of", type=DATE, default=None, help="Only holders of a seat on DATE (YYYY-MM-DD or YYYY).")
@store_option
@output_options
@click.pass_context
def succession(ctx: click.Context, body: str, as_of: str | None, store_dir: str | None, fmt: str) -> None:
    """Who held which seat of BODY (or of each body of a collaboration) after whom."""
    from samkart.succession import succession as seats_of
    from samkart.timeline import describe

    store = open_store(ctx, store_dir)
    data = seats_of(store, body, as_of=as_of)
    rows = [{"body": s["body"], "seat": s["seat"], "person": h["person"], "period": describe(h["start"], h["end"], h["first_seen"], as_of),
             "after": h["after"]} for s in data for h in s["holders"]]
    emit(data, fmt, rows)


# ----------------------------------------------------------------------------------- queries
def given_params(params: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in params:
        if "=" not in item:
            raise SamkartError(f"--param '{item}' is not name=value", hint="e.g. --param a=Alrek")
        key, value = item.split("=", 1)
        out[key] = value
    return out


@cli.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, help="Bind a parameter: NAME=VALUE (repeatable). Names are looked up for IRI parameters.")
@remote_options(required=False, endpoint_help="Query this SPARQL 1.1 endpoint instead of the store (a server the team shares).")
@click.option("--format", "result_format", type=click.Choice(["table", "json", "csv", "sparql-json"]), default=None,
              help="Output format; sparql-json is the W3C SPARQL 1.1 JSON results format (--json stays the rows).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE clauses (federated queries make this machine send HTTP requests to other servers).")
@store_option
@output_options
@click.pass_context
def sparql(ctx: click.Context, query: str, params: tuple[str, ...], remote: Remote | None, result_format: str | None,
           allow_service: bool, store_dir: str | None, fmt: str) -> None:
    """Run a SPARQL query: a named query (see `samkart queries`), a .rq file, or inline text."""
    from samkart import answers
    from samkart.queries import resolve_query
    from samkart.sparql_guard import refuse_service

    store = remote.store() if remote else open_store(ctx, store_dir)
    q = resolve_query(query, "sparql")
    if not allow_service and not remote:
        refuse_service(q.text)
    from samkart.params import sparql_terms, substitute

    # parameters are substituted into the text, so any variable of any query form is bound, here or on a server
    text, terms = substitute(q.text, sparql_terms(store, q, given_params(params))), {}
    if result_format == "sparql-json":
        click.echo(sparql_json(store.rdf().query(text, terms)))
        return
    columns, rows = answers.rows_sparql(store, text, terms)
    emit(rows, result_format or fmt, rows, columns)


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
    from samkart.params import cypher_values

    values = cypher_values(store, q, given_params(params))
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
    scheme = settings["uri"].split("://", 1)[0].lower() if "://" in settings["uri"] else ""
    if scheme not in ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
        raise SamkartError(f"'{settings['uri']}' is not a Neo4j address",
                           hint="use bolt://HOST:7687 or neo4j://HOST:7687 (+s / +ssc for TLS)")
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


def _network(store: StoreFolder, collaborations: tuple[str, ...], bodies: tuple[str, ...], since: str | None, as_of: str | None,
             exclude_sensitive: bool):
    from samkart.api import network_view

    return network_view(store, collaborations, bodies, since, as_of, exclude_sensitive)


def network_options(func):
    for option in reversed([
        click.option("--collaboration", "collaborations", multiple=True, help="Only this collaboration (name or alias; repeatable)."),
        click.option("--body", "bodies", multiple=True, help="Only this body (repeatable)."),
        click.option("--since", type=DATE, default=None, help="Only memberships seen on or after DATE (YYYY or YYYY-MM-DD)."),
        click.option("--as-of", "as_of", type=DATE, default=None, help="Only memberships held on DATE (YYYY or YYYY-MM-DD)."),
        click.option("--exclude-sensitive", is_flag=True, help="Leave out documents labelled internal or confidential."),
    ]):
        func = option(func)
    return func


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("samkart.html"), show_default=True)
@network_options
@click.option("--person", default=None, help="An ego network of this person.")
@click.option("--depth", type=click.IntRange(1, 6), default=2, show_default=True, help="Steps from the person.")
@click.option("--overlap", nargs=2, default=None, metavar="A B", help="Two collaborations side by side, people in both highlighted.")
@click.option("--size", "size_by", type=click.Choice(["degree", "collaborations", "betweenness"]), default="degree", show_default=True)
@store_option
@click.pass_context
def viz(ctx: click.Context, output: Path, collaborations: tuple[str, ...], bodies: tuple[str, ...], since: str | None, as_of: str | None,
        exclude_sensitive: bool, person: str | None, depth: int, overlap: tuple[str, str] | None, size_by: str, store_dir: str | None) -> None:
    """Write an interactive HTML network (works offline): the whole network, filtered, one
    person's ego network, or two collaborations side by side."""
    import networkx as nx

    from samkart import answers
    from samkart.sinks import pyvis_page
    from samkart.sinks.networkx_graph import person_body_graph

    store = open_store(ctx, store_dir)
    graph, network, notices = _network(store, collaborations, bodies, since, as_of, exclude_sensitive)
    title, highlight, pinned = "samkart network", set(), {}
    if collaborations and not overlap:
        title += " — " + ", ".join(collaborations)
    if person:
        who = answers.find_person(store, person)
        if who["id"] not in network:
            raise SamkartError(f"{who['name']} is not in the network with these filters", hint="drop a filter")
        network = nx.ego_graph(network, who["id"], radius=depth)
        title, highlight = f"{who['name']} — ego network, depth {depth}", {who["id"]}
    if overlap:
        from samkart.sinks.networkx_graph import overlap_subgraph

        a, b = (answers.find_group(store, name) for name in overlap)
        network, highlight = overlap_subgraph(network, a["id"], b["id"])
        pinned = {a["id"]: (-600.0, 0.0), b["id"]: (600.0, 0.0)}
        title = f"{a['name']} and {b['name']}: {len(highlight)} {'person' if len(highlight) == 1 else 'people'} in both"
    filters = [f"as of {as_of}" if as_of else "", f"since {since}" if since else "",
               "sensitive documents left out" if exclude_sensitive else ""]
    if any(filters):
        title += " (" + ", ".join(f for f in filters if f) + ")"
    measures = nx.betweenness_centrality(person_body_graph(network)) if size_by == "betweenness" else None
    pyvis_page.write(network, output, title, notices=notices, size_by=size_by, highlight=highlight, pinned=pinned, measures=measures)
    click.echo(f"wrote {output} ({network.number_of_nodes()} nodes, {network.number_of_edges()} edges)")
    for notice in notices:
        click.echo(f"note: {notice}", err=True)


@cli.command()
@network_options
@click.option("--between", nargs=2, default=None, metavar="A B", help="Also the shortest person paths between two collaborations.")
@store_option
@output_options
@click.pass_context
def analyze(ctx: click.Context, collaborations: tuple[str, ...], bodies: tuple[str, ...], since: str | None, as_of: str | None,
            exclude_sensitive: bool, between: tuple[str, str] | None, store_dir: str | None, fmt: str) -> None:
    """Network measures: brokers, central people, organisations in most bodies, components, paths."""
    from samkart import answers
    from samkart.analysis import analyse

    store = open_store(ctx, store_dir)
    graph, network, notices = _network(store, collaborations, bodies, since, as_of, exclude_sensitive)
    pair = tuple(answers.find_group(store, name)["id"] for name in between) if between else None
    report = analyse(graph, network, pair)  # type: ignore[arg-type]
    report["notices"] = notices
    rows = [{"section": section, "rank": i + 1, **row}
            for section, items in report.items() if section != "notices" for i, row in enumerate(items)]
    if fmt == "json":
        click.echo(dump_json(report))
    elif fmt == "csv":
        columns = list(dict.fromkeys(k for row in rows for k in row))
        emit(rows, "csv", rows, columns)
    else:
        for section, items in report.items():
            if section == "notices" or not items:
                continue
            click.echo(f"\n{section.replace('_', ' ').capitalize()}")
            click.echo(table([{k: v for k, v in item.items() if k not in ("id", "ids")} for item in items]))


@cli.command()
@output_options
def queries(fmt: str) -> None:
    """List the named queries with their description and parameters."""
    from samkart.queries import catalog

    rows = [{"name": q.name, "language": q.language, "parameters": ", ".join(f"{k} ({v})" for k, v in q.params.items()),
             "description": q.description} for q in catalog()]
    emit(rows, fmt, rows)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "jsonld", "nquads", "neo4j-csv", "graphml"]), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to FILE (a folder for neo4j-csv) instead of standard output.")
@store_option
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, store_dir: str | None) -> None:
    """Export the graph: trig/nquads keep one named graph per document; turtle/jsonld merge them;
    graphml is the person–body network for Gephi and other tools; neo4j-csv writes the node and relationship files `neo4j-admin database import` takes."""
    store = open_store(ctx, store_dir)
    if fmt == "graphml":
        import networkx as nx

        from samkart.pipeline import current_graph
        from samkart.sinks.networkx_graph import build_network, graphml_ready

        from samkart.export_files import atomic_output

        if output is None:
            raise SamkartError("graphml needs a file", hint="pass -o FILE.graphml")
        network, _ = build_network(current_graph(store))
        with atomic_output(output) as tmp:
            nx.write_graphml(graphml_ready(network), tmp)
        click.echo(f"wrote {output} ({network.number_of_nodes()} nodes, {network.number_of_edges()} edges)", err=True)
        return
    if fmt == "neo4j-csv":
        from samkart.pipeline import current_graph
        from samkart.sinks.neo4j_csv import write_neo4j_csv
        from samkart.sinks.property_graph import build_property_graph

        from samkart.export_files import prepare_folder

        if output is None:
            raise SamkartError("neo4j-csv needs a folder", hint="pass -o DIR")
        prepare_folder(output)
        files = write_neo4j_csv(build_property_graph(current_graph(store)), output)
        click.echo(f"wrote {len(files)} files to {output}; import with:\n  neo4j-admin database import full " +
                   " ".join(f"--nodes={f.name}" if f.name.startswith("nodes") else f"--relationships={f.name}" for f in files), err=True)
        return
    data = store.rdf().serialize(fmt)
    if output:
        from samkart.export_files import write_bytes

        write_bytes(output, data)
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
@click.option("--force", is_flag=True, help="Record it even if a name matches nobody loaded yet.")
@store_option
@wait_option
@click.pass_context
def judge(ctx: click.Context, a: str, b: str, verdict: str, note: str, force: bool, store_dir: str | None, wait: float | None) -> None:
    """Record that names A and B are the same person, different people, or unsure; the store is rebuilt at once."""
    from samkart.answers import find_person, names_someone
    from samkart.pipeline import rebuild

    store = open_store(ctx, store_dir, write=True)
    with store.write_lock(wait=wait, command="samkart judge"):
        for name in (a, b):
            if not force and not names_someone(store, name):
                try:
                    find_person(store, name)  # an id from before a merge still names someone
                except LookupFailed as exc:
                    raise LookupFailed(str(exc), exc.candidates,
                                       hint="check the spelling, or pass --force to record a judgement about a name not loaded yet") from exc
        with store.commit():
            judgement = store.judgements.append(a, b, verdict, note=note)
            rebuild(store)
    click.echo(f"recorded: {judgement.a} / {judgement.b} → {judgement.verdict} (in {store.judgements.path})")


# ----------------------------------------------------------------------------------- store health
@cli.command()
@click.option("--repair", "do_repair", is_flag=True, help="Fix what is found (same as `samkart repair`).")
@store_option
@wait_option
@click.option("--json", "as_json", is_flag=True, help="Print the faults as JSON.")
@click.pass_context
def check(ctx: click.Context, do_repair: bool, store_dir: str | None, wait: float | None, as_json: bool) -> None:
    """Verify the store (manifest, extractions, named graphs, digests, judgement log, RDF
    database): each fault with the command that fixes it. Exit status 1 if any."""
    from samkart.check import check as run_check

    if do_repair:
        ctx.invoke(repair, store_dir=store_dir, wait=wait)
    root = store_path(store_dir or (ctx.obj or {}).get("store"))
    faults = run_check(root)
    if as_json:
        click.echo(dump_json([f.as_dict() for f in faults]))
    elif faults:
        for fault in faults:
            click.echo(safe(f"fault  {fault.what}\n  fix  {fault.fix}"))
    else:
        click.echo(safe(f"{root}: the store is sound"))
    if faults:
        ctx.exit(1)


@cli.command()
@store_option
@wait_option
@click.pass_context
def repair(ctx: click.Context, store_dir: str | None, wait: float | None) -> None:
    """Repair the store: finish an interrupted load, rebuild damaged state files and the RDF
    database from the extractions, set damaged extractions aside. Says what it did."""
    from samkart.check import repair as run_repair

    root = store_path(store_dir or (ctx.obj or {}).get("store"))
    done = run_repair(root, wait=wait, notify=echo_err)
    for line in done or ["nothing was damaged; the RDF store is up to date"]:
        click.echo(safe(f"repair  {line}"))


cli.add_command(serve)
cli.add_command(push)


def main() -> None:
    cli(prog_name="samkart")


if __name__ == "__main__":
    main()
