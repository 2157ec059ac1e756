"""samkart: a knowledge graph of who sits where in Nordic health-collaboration bodies."""
__version__ = "0.1.0"
