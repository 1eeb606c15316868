"""Section types: the job a passage does in a speech (政治站位, 工作方法, 保障机制 …).

The bundled taxonomy lives in ``phrasebank/taxonomy.toml``; a user's own
``taxonomy.toml`` in the config directory adds types or cue words without editing the
package: a table with a new key adds a type, one with an existing key adds its cues
(and may replace its label or description).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import DrafterError

TAXONOMY_FILE = "taxonomy.toml"

# The fixed keys every taxonomy must define (PRODUCT.md).
CORE_KEYS = ("opening", "significance", "political_stance", "theory_study", "cadre_team",
             "grassroots", "talent", "work_style", "discipline", "work_methods", "key_tasks",
             "safeguards", "case_example", "closing")


class TaxonomyError(DrafterError):
    """A taxonomy file that cannot be used, with the file (and key) named."""


@dataclass
class SectionType:
    key: str
    label: str
    description: str = ""
    cues: list[str] = field(default_factory=list)
    heading_cues: list[str] = field(default_factory=list)
    # How much one cue counts: below 1 for types whose cues are everyday words (推动, 落实).
    weight: float = 1.0

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "label": self.label, "description": self.description,
                "cues": self.cues, "heading_cues": self.heading_cues, "weight": self.weight}


@dataclass
class Taxonomy:
    types: dict[str, SectionType]
    sources: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return list(self.types)

    def label(self, key: str) -> str:
        return self.types[key].label if key in self.types else key

    def __contains__(self, key: object) -> bool:
        return key in self.types


def load_taxonomy(phrasebank: str | os.PathLike[str] | None = None,
                  user_file: str | os.PathLike[str] | None = None) -> Taxonomy:
    """The bundled (or --phrasebank) taxonomy, extended by the user's own file."""
    from drafter import config

    base = config.phrasebank_dir(phrasebank) / TAXONOMY_FILE
    if not base.is_file():
        base = config.bundled_dir("phrasebank") / TAXONOMY_FILE
    taxonomy = Taxonomy({}, [])
    _merge(taxonomy, base)
    extra = Path(user_file) if user_file else config.user_dirs().config / TAXONOMY_FILE
    if extra.is_file() and extra.resolve() != base.resolve():
        _merge(taxonomy, extra)
    missing = [key for key in CORE_KEYS if key not in taxonomy.types]
    if missing:
        raise TaxonomyError(f"{base}: missing section types: {', '.join(missing)}")
    return taxonomy


def _merge(taxonomy: Taxonomy, path: Path) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{path}: {exc}") from None
    for key, table in data.items():
        if not isinstance(table, dict):
            raise TaxonomyError(f"{path}: [{key}] must be a table")
        cues = _strings(table.get("cues", []), path, key, "cues")
        heading_cues = _strings(table.get("heading_cues", []), path, key, "heading_cues")
        known = taxonomy.types.get(key)
        if known is None:
            if "label" not in table:
                raise TaxonomyError(f"{path}: new section type [{key}] needs a label")
            taxonomy.types[key] = SectionType(key, str(table["label"]),
                                              str(table.get("description", "")),
                                              cues, heading_cues, _weight(table, path, key))
        else:
            known.weight = _weight(table, path, key, known.weight)
            known.label = str(table.get("label", known.label))
            known.description = str(table.get("description", known.description))
            known.cues += [c for c in cues if c not in known.cues]
            known.heading_cues += [c for c in heading_cues if c not in known.heading_cues]
    taxonomy.sources.append(str(path))


def _weight(table: dict, path: Path, key: str, default: float = 1.0) -> float:
    value = table.get("weight", default)
    if not isinstance(value, int | float) or not 0 < value <= 10:
        raise TaxonomyError(f"{path}: [{key}] weight must be a number in (0, 10]")
    return float(value)


def _strings(value: object, path: Path, key: str, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TaxonomyError(f"{path}: [{key}] {name} must be a list of non-empty strings")
    return list(value)
