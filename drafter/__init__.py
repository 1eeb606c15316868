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
    "PassageClassifier": "drafter.bank.classify",
    "assemble": "drafter.draft.assemble",
    "Draft": "drafter.draft.model",
    "load_draft": "drafter.draft.model",
    "save_draft": "drafter.draft.model",
    "load_template": "drafter.draft.templates",
    "list_templates": "drafter.draft.templates",
    "export_docx": "drafter.export.docx",
    "write_draft": "drafter.export",
    "DrafterError": "drafter.errors",
    "UnreadableFile": "drafter.errors",
}

__all__ = [*_EXPORTS, "__version__"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from drafter.bank.classify import PassageClassifier  # noqa: F401
    from drafter.bank.phrasebank import PhraseBank  # noqa: F401
    from drafter.corpus.model import Document, Paragraph, Section  # noqa: F401
    from drafter.corpus.parse import load_document, parse_bytes, parse_text  # noqa: F401
    from drafter.draft.assemble import assemble  # noqa: F401
    from drafter.draft.model import Draft, load_draft, save_draft  # noqa: F401
    from drafter.draft.templates import list_templates, load_template  # noqa: F401
    from drafter.errors import DrafterError, UnreadableFile  # noqa: F401
    from drafter.export import write_draft  # noqa: F401
    from drafter.export.docx import export_docx  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'drafter' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
