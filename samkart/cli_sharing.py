"""CLI commands that share the graph with SPARQL servers: `samkart serve` (a read-only endpoint
over the store) and `samkart push sparql` (the named graphs to any SPARQL 1.1 Graph Store), plus
the options `samkart sparql --endpoint` uses to query a server instead of the store."""
from __future__ import annotations

import functools
import ipaddress
import json
import sys
from dataclasses import dataclass
from typing import Any, Callable

import click

from samkart.errors import QueryError, SamkartError
from samkart.output import emit

ENV_ENDPOINT = "SAMKART_SPARQL_ENDPOINT"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class Remote:
    endpoint: str
    user: str | None
    password: str | None
    token: str | None
    retries: int

    def credentials(self):
        from samkart.sinks.sparql_http import Credentials

        return Credentials.resolve(self.user, self.password, self.token)

    def store(self):
        from samkart.sinks.sparql_remote import RemoteStore

        return RemoteStore(self.endpoint, self.credentials(), self.retries)


def remote_options(required: bool, endpoint_help: str) -> Callable:
    """--endpoint (or $SAMKART_SPARQL_ENDPOINT), --user, --password, --token, --retries → `remote`
    (a Remote, or None when no endpoint is given and none is required)."""

    def decorate(func: Callable) -> Callable:
        @click.option("--endpoint", default=None, envvar=ENV_ENDPOINT, show_envvar=True, help=endpoint_help)
        @click.option("--user", default=None, help="Basic auth user (default: $SAMKART_SPARQL_USER).")
        @click.option("--password", default=None, help="Basic auth password (default: $SAMKART_SPARQL_PASSWORD).")
        @click.option("--token", default=None, help="Bearer token (default: $SAMKART_SPARQL_TOKEN); wins over --user.")
        @click.option("--retries", type=click.IntRange(0, 20), default=4, show_default=True,
                      help="Retries, with doubling waits, on connection errors and 5xx answers.")
        @functools.wraps(func)
        def wrapper(*args: Any, endpoint: str | None, user: str | None, password: str | None, token: str | None,
                    retries: int, **kwargs: Any) -> Any:
            if required and not endpoint:
                raise SamkartError("no SPARQL server given", hint=f"pass --endpoint URL or set {ENV_ENDPOINT}")
            kwargs["remote"] = Remote(endpoint, user, password, token, retries) if endpoint else None
            return func(*args, **kwargs)

        return wrapper

    return decorate


def sparql_json(result) -> str:
    """An rdflib SELECT/ASK result in the W3C SPARQL 1.1 Query Results JSON Format."""
    if result.type not in ("SELECT", "ASK"):
        raise QueryError("the SPARQL JSON results format holds SELECT and ASK results only",
                         hint="use --json or --csv for a CONSTRUCT, or `samkart export` / the endpoint's Turtle")
    data = json.loads(result.serialize(format="json"))
    # RDF 1.1: a simple literal is an xsd:string; say it the short way, as servers do, so that
    # the embedded store and a server give the same document
    for row in data.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("datatype") == XSD_STRING:
                del value["datatype"]
    return json.dumps(data, ensure_ascii=False, indent=2)


# ----------------------------------------------------------------------------------- serve
@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback only by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free port).")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True, help="Requests answered at once.")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
              help="Store folder (default: $SAMKART_STORE, else ./.samkart).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int, quiet: bool, store_dir: str | None) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/).

    GET and POST queries; results by content negotiation (SPARQL JSON/XML, CSV, TSV; Turtle,
    N-Triples, JSON-LD). Updates and SERVICE are refused. Serves while `samkart load` writes:
    new data shows once a load has finished."""
    from samkart.serve import base_url, make_server
    from samkart.store import StoreFolder, store_path

    store = StoreFolder(store_path(store_dir or (ctx.obj or {}).get("store")))
    store.require()
    log = None if quiet else (lambda line: click.echo(line, err=True))
    server = make_server(store.root, host, port, threads=threads, log=log)
    url = base_url(server)
    try:
        if not ipaddress.ip_address(server.effective_host).is_loopback:
            click.echo(f"warning: listening on {server.effective_host}: anyone who can reach it can read the whole graph", err=True)
    except ValueError:
        pass
    click.echo(f"samkart: SPARQL endpoint {url}sparql — query page {url} (Ctrl-C stops)")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


# ----------------------------------------------------------------------------------- push
@click.group()
def push() -> None:
    """Push the graph to a server (SPARQL 1.1 Graph Store; for Neo4j see `samkart neo4j push`)."""


@push.command("sparql")
@remote_options(required=True, endpoint_help="The server: its Graph Store URL, unless --graph-store gives that apart.")
@click.option("--graph-store", default=None, help="Graph Store HTTP Protocol URL where the server keeps it apart "
              "from the query endpoint (Oxigraph: …/store, Fuseki: …/DATASET/data, GraphDB: …/repositories/ID/rdf-graphs/service).")
@click.option("--full", is_flag=True, help="Send every graph again (after the server lost its data).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
              help="Store folder (default: $SAMKART_STORE, else ./.samkart).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def push_sparql(ctx: click.Context, remote: Remote, graph_store: str | None, full: bool, store_dir: str | None, as_json: bool) -> None:
    """Write each document's named graph and the vocabulary graph to a SPARQL 1.1 store (Graph
    Store HTTP Protocol: PUT per graph, DELETE for removed documents). Incremental: only graphs
    changed since the last push to that server are sent."""
    from samkart.sinks.graph_store_push import plan, push as run_push
    from samkart.sinks.sparql_http import SparqlHttp
    from samkart.store import StoreFolder, store_path

    store = StoreFolder(store_path(store_dir or (ctx.obj or {}).get("store")))
    store.require()
    ctx.call_on_close(store.close)
    target = graph_store or remote.endpoint
    http = SparqlHttp(remote.credentials(), retries=remote.retries)
    send, delete, _ = plan(store, target, full)
    if sys.stderr.isatty() and not as_json and send + delete:
        with click.progressbar(length=len(send) + len(delete), label="Pushing graphs", file=sys.stderr) as bar:
            summary = run_push(store, target, http, full=full, progress=bar.update)
    else:
        summary = run_push(store, target, http, full=full)
    data = summary.as_dict() | {"graph_store": target}
    emit(data, "json" if as_json else "table", [{"what": k, "count": v} for k, v in summary.as_dict().items()])
    if not as_json:
        click.echo(f"\n{target}: {summary.sent} graph(s) sent, {summary.deleted} deleted, {summary.unchanged} unchanged", err=True)


__all__ = ["serve", "push", "remote_options", "sparql_json", "Remote"]
