"""The store folder: extractions (JSON, one per document), a manifest of paths, the judgement
log, the Oxigraph database and the digests of the named graphs written to it.

    .samkart/
      extractions/<doc-id>.json   what each loader read, so the resolver can re-run over everything
      manifest.json               path → doc id, so a changed file replaces its older version
      judgements.jsonl            merge decisions made by people (append-only)
      graph-digests.json          digest of each document's named graph as last written
      oxigraph/                   the SPARQL store
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from samkart.errors import StoreError
from samkart.graph.judgements import JudgementLog
from samkart.loaders.extraction import Extraction

DEFAULT_STORE = ".samkart"


def store_path(option: str | None) -> Path:
    """--store DIR, else $SAMKART_STORE, else ./.samkart/"""
    return Path(option or os.environ.get("SAMKART_STORE") or DEFAULT_STORE)


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class StoreFolder:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.extractions_dir = self.root / "extractions"
        self.manifest_path = self.root / "manifest.json"
        self.digests_path = self.root / "graph-digests.json"
        self.judgements = JudgementLog(Path(os.environ.get("SAMKART_JUDGEMENTS") or self.root / "judgements.jsonl"))
        self.oxigraph_dir = self.root / "oxigraph"
        self.pending_path = self.root / "pending-graphs.json"
        self._rdf = None
        self._manifest: dict[str, str] | None = None

    def exists(self) -> bool:
        return self.extractions_dir.exists()

    def require(self) -> None:
        if not self.exists():
            raise StoreError(f"no samkart store at {self.root}", hint="run `samkart load PATH...` first, or point --store / $SAMKART_STORE at an existing store")

    # -- extractions -------------------------------------------------------------------------
    def save_extraction(self, extraction: Extraction) -> list[str]:
        """Store one document's extraction; returns ids of older versions it replaced (same path)."""
        doc = extraction.document
        manifest = self.manifest()
        key = str(Path(doc.path).resolve())
        replaced = []
        old = manifest.get(key)
        if old and old != doc.id and not any(v == old for k, v in manifest.items() if k != key):
            replaced.append(old)
        atomic_write(self.extractions_dir / f"{doc.id}.json", extraction.to_json())
        manifest[key] = doc.id
        for doc_id in replaced:
            (self.extractions_dir / f"{doc_id}.json").unlink(missing_ok=True)
        return replaced

    def save_manifest(self) -> None:
        """Written once per batch: the extractions themselves are the record; the manifest only
        maps paths to their latest version, and a lost update is redone by the next load."""
        if self._manifest is not None:
            atomic_write(self.manifest_path, json.dumps(self._manifest, indent=1, sort_keys=True))

    def remove_document(self, doc_id: str) -> bool:
        path = self.extractions_dir / f"{doc_id}.json"
        if not path.exists():
            return False
        self._manifest = {k: v for k, v in self.manifest().items() if v != doc_id}
        self.save_manifest()
        path.unlink()
        return True

    def extractions(self) -> list[Extraction]:
        if not self.extractions_dir.exists():
            return []
        out = []
        for path in sorted(self.extractions_dir.glob("*.json")):
            try:
                out.append(Extraction.from_json(path.read_text(encoding="utf-8")))
            except (ValueError, TypeError, KeyError) as exc:
                raise StoreError(f"damaged extraction {path}: {exc}", hint="load that document again, or delete the file") from exc
        return out

    def manifest(self) -> dict[str, str]:
        if self._manifest is None:
            self._manifest = json.loads(self.manifest_path.read_text(encoding="utf-8")) if self.manifest_path.exists() else {}
        return self._manifest

    # -- RDF ---------------------------------------------------------------------------------
    def rdf(self):
        from samkart.sinks.rdf_store import RdfStore

        if self._rdf is None:
            self._rdf = RdfStore.open(self.oxigraph_dir)
            self.recover()
        return self._rdf

    def recover(self) -> None:
        """Drop graphs a bulk write began but never finished, so the store is as it was before."""
        if not self.pending_path.exists():
            return
        import pyoxigraph as ox

        pending = json.loads(self.pending_path.read_text(encoding="utf-8"))
        for name in pending:
            self._rdf.drop_graph(ox.NamedNode(name))
        digests = {k: v for k, v in self.digests().items() if k not in set(pending)}
        self.save_digests(digests)
        self.pending_path.unlink()

    def begin_bulk(self, names: list[str]) -> None:
        atomic_write(self.pending_path, json.dumps(names))

    def end_bulk(self) -> None:
        self.pending_path.unlink(missing_ok=True)

    def digests(self) -> dict[str, str]:
        if not self.digests_path.exists():
            return {}
        return json.loads(self.digests_path.read_text(encoding="utf-8"))

    def save_digests(self, digests: dict[str, str]) -> None:
        atomic_write(self.digests_path, json.dumps(digests, indent=1, sort_keys=True))

    def close(self) -> None:
        if self._rdf is not None:
            self._rdf.close()
            self._rdf = None
