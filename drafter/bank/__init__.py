"""The phrasebank: section-type taxonomy, classification, mining, storage and search."""
