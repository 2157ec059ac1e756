"""Document loaders: one parser per family, each emitting unresolved mentions with provenance."""
from samkart.loaders.registry import LOADERS, detect, parse_file, parse_source

__all__ = ["LOADERS", "detect", "parse_file", "parse_source"]
