"""samkart: a knowledge graph of who sits where in Nordic health-collaboration bodies.

    import samkart
    kg = samkart.open(".samkart")      # see samkart/api.py
"""
__version__ = "0.1.0"


def open(path=None, read_only: bool = True):  # noqa: A001 - the API's entry point, `samkart.open`
    """Open a samkart store for reading; returns a `samkart.api.KnowledgeGraph`."""
    from samkart.api import open as open_store

    return open_store(path, read_only=read_only)
