"""Reading speeches: files → clean, structured documents."""

from drafter.corpus.model import Document, EnumItem, Paragraph, Removed, Section
from drafter.corpus.parse import Skipped, load_document, load_many, parse_bytes, parse_text

__all__ = ["Document", "EnumItem", "Paragraph", "Removed", "Section", "Skipped",
           "load_document", "load_many", "parse_bytes", "parse_text"]
