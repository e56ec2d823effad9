"""Log auto-research trials to a Lineage server and read them back; standard library only."""

from .client import FAILURE_LABELS, Lineage, LineageError, Run

__all__ = ["FAILURE_LABELS", "Lineage", "LineageError", "Run"]
__version__ = "0.1.0"
