"""drafter: an offline assistant for drafting Chinese official speeches.

The public Python API.  Imports are lazy so that ``import drafter`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_document": "drafter.corpus.parse",
    "parse_text": "drafter.corpus.parse",
    "parse_bytes": "drafter.corpus.parse",
    "Document": "drafter.corpus.model",
    "Section": "drafter.corpus.model",
    "Paragraph": "drafter.corpus.model",
    "PhraseBank": "drafter.bank.phrasebank",
    "DrafterError": "drafter.errors",
    "UnreadableFile": "drafter.errors",
}

__all__ = [*_EXPORTS, "__version__"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from drafter.bank.phrasebank import PhraseBank  # noqa: F401
    from drafter.corpus.model import Document, Paragraph, Section  # noqa: F401
    from drafter.corpus.parse import load_document, parse_bytes, parse_text  # noqa: F401
    from drafter.errors import DrafterError, UnreadableFile  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'drafter' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
