"""A second push target: Virtuoso Open Source 7 from Debian, started in a folder of the test's own."""
from __future__ import annotations

from samkart.answers import run_named
from samkart.sinks.graph_store_push import push
from samkart.sinks.sparql_http import SparqlHttp
from samkart.sinks.sparql_remote import RemoteStore
from samkart.store import StoreFolder
from tests.sinks.sparql_servers import virtuoso_server


def test_push_to_virtuoso_and_ask_it(store_copy, tmp_path):
    store = StoreFolder(store_copy)
    with virtuoso_server(tmp_path / "virtuoso") as base:
        first = push(store, base + "/sparql-graph-crud", SparqlHttp())
        assert first.sent == 6
        http = SparqlHttp()
        assert push(store, base + "/sparql-graph-crud", http).sent == 0 and http.attempts == 0
        remote = RemoteStore(base + "/sparql")
        # Virtuoso's default graph is the union of its graphs, as samkart's queries expect
        for name, params in [("overlap", {"a": "collaboration/alrek", "b": "collaboration/helsefellesskapet-bergen"}),
                             ("person-roles", {"person": "person/marit-bakke"}), ("case-references", {}), ("list-people", {})]:
            local = run_named(store, name, **params)
            assert local and run_named(remote, name, **params) == local, name
    store.close()
