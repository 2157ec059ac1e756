"""Shared fixtures: the seed documents, a store loaded with them, a CLI runner."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__import__("os").environ.get("SAMKART_SEEDS", ROOT.parent / "shared" / "seeds"))

SEED_ALREK = "000_410392252b3c9125.txt"
SEED_SSU = "001_109cf23cb9ae538f.txt"
SEED_AGENDA = "002_f0c3ed24c698156a.txt"
SEED_DANISH = "003_665350f486a11961.txt"
SEED_ROSTER = "004_d51a909afbd05247.txt"


def pytest_collection_modifyitems(config, items):
    if not SEEDS.exists() and __import__("os").environ.get("CI"):
        raise pytest.UsageError(f"CI run without the seed documents at {SEEDS}: ../shared/seeds must sit beside the checkout")
    if not SEEDS.exists():
        skip = pytest.mark.skip(reason=f"seed documents not found at {SEEDS} (set SAMKART_SEEDS)")
        for item in items:
            if "seeds" in item.fixturenames or "seed_store" in item.fixturenames:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def seeds() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seeds):
    """A store with all five seeds loaded (read-only for tests: copy it to change it)."""
    return loaded_store(tmp_path_factory.mktemp("seed-store"), seeds)


def loaded_store(root: Path, documents: Path) -> Path:
    from samkart.pipeline import load
    from samkart.store import StoreFolder

    store = StoreFolder(root)
    report = load([documents], store)
    assert not report.failed, report.failed
    store.close()
    return root


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a store folder this process may hold open: its RDF store through Oxigraph's
    backup (RocksDB compacts in the background, so a plain copy of its files can miss some)."""
    from samkart.sinks.rdf_store import RdfStore

    shutil.copytree(source, target, ignore=shutil.ignore_patterns("oxigraph"))
    if (source / "oxigraph").exists():
        RdfStore.open(source / "oxigraph").ox.backup(str(target / "oxigraph"))
    return target


@pytest.fixture
def store_copy(seed_store, tmp_path):
    return copy_store(seed_store, tmp_path / "store")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def parse_text(tmp_path: Path, text: str, name: str = "doc.txt", family: str | None = None):
    from samkart.loaders import parse_file

    return parse_file(write(tmp_path / name, text), family)


EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory):
    """A store with the project's own examples/ loaded (read-only for tests: copy it to change it)."""
    return loaded_store(tmp_path_factory.mktemp("examples-store"), EXAMPLES)
