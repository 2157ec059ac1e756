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
        self._rdf = None

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
        atomic_write(self.manifest_path, json.dumps(manifest, indent=1, sort_keys=True))
        for doc_id in replaced:
            (self.extractions_dir / f"{doc_id}.json").unlink(missing_ok=True)
        return replaced

    def remove_document(self, doc_id: str) -> bool:
        path = self.extractions_dir / f"{doc_id}.json"
        if not path.exists():
            return False
        manifest = {k: v for k, v in self.manifest().items() if v != doc_id}
        atomic_write(self.manifest_path, json.dumps(manifest, indent=1, sort_keys=True))
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
        if not self.manifest_path.exists():
            return {}
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))

    # -- RDF ---------------------------------------------------------------------------------
    def rdf(self):
        from samkart.sinks.rdf_store import RdfStore

        if self._rdf is None:
            self._rdf = RdfStore(self.oxigraph_dir)
        return self._rdf

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
