"""The HTML views, opened in headless Chromium (Debian's `chromium`): the page loads with no
errors, the network holds the expected nodes (read back from the page), text is never run."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from samkart.cli import cli
from samkart.sinks import pyvis_page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package 'chromium'; .ci/run installs it)")


def open_in_chromium(page: Path, tmp_path: Path) -> dict:
    """Load the page in a fresh headless Chromium and return the state the page wrote."""
    profile = tmp_path / f"profile-{page.stem}"
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", f"--user-data-dir={profile}",
         "--virtual-time-budget=20000", "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    match = re.search(r'<pre id="samkart-state"[^>]*>(.*?)</pre>', result.stdout, re.S)
    assert match, f"page did not run: {result.stderr[-1500:]}"
    return json.loads(html.unescape(match.group(1)))


def test_whole_network_page(runner, seed_store, tmp_path):
    out = tmp_path / "all.html"
    result = runner.invoke(cli, ["--store", str(seed_store), "viz", "-o", str(out)])
    assert result.exit_code == 0, result.output
    state = open_in_chromium(out, tmp_path)
    assert state["errors"] == [] and state["stabilised"]
    labels = {n["label"] for n in state["nodes"]}
    assert {"Marit Bakke", "Styringsgruppen", "Alrek helseklynge", "Sundhedsklynge Midt", "Helse Bergen HF"} <= labels
    assert "Theresa Dang" not in labels  # a guest, not a member
    kinds = {n["kind"] for n in state["nodes"]}
    assert kinds == {"person", "body", "collaboration", "organisation"}
    text = out.read_text(encoding="utf-8")
    # works offline: no script or stylesheet from the network
    assert not re.search(r'<script[^>]+src=|<link[^>]+href="https?:', text)


def test_overlap_view_highlights_people_in_both(runner, seed_store, tmp_path):
    out = tmp_path / "overlap.html"
    runner.invoke(cli, ["--store", str(seed_store), "viz", "--overlap", "Alrek", "Helsefellesskapet", "-o", str(out)])
    state = open_in_chromium(out, tmp_path)
    assert state["errors"] == []
    assert {n["label"] for n in state["nodes"] if n["overlap"]} == {"Randi-Luise Møgster", "Rebekka Ljosland", "Trond Egil Hansen"}
    assert {n["label"] for n in state["nodes"] if n["kind"] == "collaboration"} == {"Alrek helseklynge", "Helsefellesskapet i bergensområdet"}


def test_ego_network(runner, seed_store, tmp_path):
    out = tmp_path / "ego.html"
    runner.invoke(cli, ["--store", str(seed_store), "viz", "--person", "Trond Egil Hansen", "--depth", "1", "-o", str(out)])
    state = open_in_chromium(out, tmp_path)
    labels = {n["label"] for n in state["nodes"]}
    assert labels == {"Trond Egil Hansen", "Styringsgruppen", "Strategisk samarbeidsutvalg (SSU)", "Arbeidsgruppe strategi", "Bergen kommune"}


def test_exclude_sensitive_says_so(runner, seed_store, tmp_path):
    out = tmp_path / "public.html"
    result = runner.invoke(cli, ["--store", str(seed_store), "viz", "--exclude-sensitive", "-o", str(out)])
    assert "internal or confidential" in result.output
    page = out.read_text(encoding="utf-8")
    assert "004_d51a909afbd05247.txt" in page and 'class="notice"' in page
    state = open_in_chromium(out, tmp_path)
    labels = {n["label"] for n in state["nodes"]}
    assert "Edith Oma" not in labels and "Arbeidsgruppe strategi" not in labels and "Marit Bakke" in labels


def test_injected_markup_is_shown_not_run(tmp_path):
    g = nx.Graph()
    evil = '<script>window.samkartInjected = true</script>'
    img = '<img src=x onerror="window.samkartInjected = true">'
    quoted = 'Kari "K" O\'Hara & <b>Co</b>'
    for node, label, kind in (("person/a", evil, "person"), ("person/b", img, "person"), ("body/c", quoted, "body"),
                              ("collaboration/d", "</script><script>window.samkartInjected=true</script>", "collaboration")):
        g.add_node(node, kind=kind, label=label, roles=[img], organisations=[evil], sources=["x.txt:1"], collaborations=1)
    g.add_edge("person/a", "body/c", kind="membership", label=evil)
    g.add_edge("person/b", "body/c", kind="membership", label="leder")
    g.add_edge("body/c", "collaboration/d", kind="part-of", label="")
    page = pyvis_page.write(g, tmp_path / "evil.html", title=f"Title {evil}", notices=[img])
    state = open_in_chromium(page, tmp_path)
    assert state["injected"] is False and state["errors"] == []
    assert {n["label"] for n in state["nodes"]} == {evil, img, quoted, "</script><script>window.samkartInjected=true</script>"}
    text = page.read_text(encoding="utf-8")
    assert "<title>Title &lt;script&gt;" in text
