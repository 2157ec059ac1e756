"""networkx → an interactive HTML page built with pyvis, that works offline.

pyvis assembles the nodes, edges and physics options and ships vis-network; the page itself is
rendered from samkart's own template (`page.html.j2`) with autoescaping on, every script and
style inlined (pyvis's template always links Bootstrap from a CDN), a legend, a search box and
type filters. Texts reach the page only as escaped HTML or as JSON that the browser reads into
text nodes (tooltips are built with `innerText`), so a name such as `<script>` is shown, never run.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from pyvis.network import Network

STYLE = {  # kind → (colour, shape, legend label)
    "person": ("#4e79a7", "dot", "Person"),
    "body": ("#f28e2b", "box", "Body"),
    "collaboration": ("#59a14f", "diamond", "Collaboration"),
    "organisation": ("#b07aa1", "triangle", "Organisation"),
}
OVERLAP_COLOUR = "#e15759"


def _pyvis_asset(name: str) -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "lib" / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON that is safe inside <script>: no '</script>', no HTML-significant characters."""
    text = json.dumps(value, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def tooltip(data: dict[str, Any]) -> str:
    lines = [f"{STYLE[data['kind']][2]}: {data['label']}"]
    if data.get("roles"):
        lines.append("Roles:")
        lines += [f"  • {r}" for r in data["roles"]]
    if data.get("organisations"):
        lines.append("Organisation: " + "; ".join(data["organisations"]))
    if data.get("sources"):
        lines.append("Sources: " + ", ".join(data["sources"][:8]) + (" …" if len(data["sources"]) > 8 else ""))
    return "\n".join(lines)


def render(g: nx.Graph, title: str, notices: list[str] | None = None, size_by: str = "degree",
           highlight: set[str] | None = None, pinned: dict[str, tuple[float, float]] | None = None,
           measures: dict[str, float] | None = None) -> str:
    highlight = highlight or set()
    pinned = pinned or {}
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    # physics tuned to settle a few hundred nodes quickly, then stop
    net.barnes_hut(gravity=-4000, central_gravity=0.25, spring_length=120, spring_strength=0.03, damping=0.4, overlap=0.1)
    for node, data in sorted(g.nodes(data=True)):
        colour, shape, _ = STYLE[data["kind"]]
        if size_by == "collaborations" and data["kind"] == "person":
            weight = data.get("collaborations", 1)
        elif size_by in ("betweenness",) and measures is not None:
            weight = 1 + 20 * measures.get(node, 0.0)
        else:
            weight = g.degree(node)
        extra: dict[str, Any] = {}
        if node in pinned:
            extra.update(x=pinned[node][0], y=pinned[node][1], physics=False, fixed={"x": True, "y": True})
        # no vis 'group': its palette would override the colours by type
        net.add_node(node, label=data["label"], shape=shape, size=10 + 4 * min(weight, 10),
                     color={"background": OVERLAP_COLOUR if node in highlight else colour,
                            "border": "#222" if node in highlight else colour},
                     borderWidth=4 if node in highlight else 1, tooltip=tooltip(data), kind=data["kind"],
                     overlap=node in highlight, **extra)
    for a, b, data in sorted(g.edges(data=True)):
        net.add_edge(a, b, label=data.get("label") or "", kind=data.get("kind"), font={"size": 10, "align": "middle"},
                     color="#999", width=2 if data.get("kind") == "membership" else 1)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    options_obj = json.loads(options) if isinstance(options, str) else options
    options_obj.setdefault("physics", {})["stabilization"] = {"enabled": True, "iterations": 300, "updateInterval": 50}
    options_obj["interaction"] = {"hover": True, "tooltipDelay": 150, "navigationButtons": False}
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent)), autoescape=True)
    template = env.get_template("page.html.j2")
    legend = [{"kind": k, "colour": c, "shape": s, "label": l} for k, (c, s, l) in STYLE.items()]
    kinds_present = sorted({d["kind"] for _, d in g.nodes(data=True)})
    return template.render(
        title=title, notices=notices or [], legend=legend, kinds_present=kinds_present, highlight_label="in both" if highlight else None,
        overlap_colour=OVERLAP_COLOUR, labels=sorted({d["label"] for _, d in g.nodes(data=True)}),
        vis_css=_pyvis_asset("vis-9.1.2/vis-network.css"), vis_js=_pyvis_asset("vis-9.1.2/vis-network.min.js"),
        nodes_json=_script_json([{k: v for k, v in n.items() if k != "title"} for n in nodes]),
        edges_json=_script_json(edges), options_json=_script_json(options_obj),
    )


def write(g: nx.Graph, path: Path, title: str, **kwargs: Any) -> Path:
    from samkart.export_files import write_bytes

    path = Path(path)
    write_bytes(path, render(g, title, **kwargs).encode("utf-8"))  # atomic: never a half page over a good one
    return path
