"""The two facets a passage is indexed by, each a set of keyed categories with cue words:

- section types, the job a passage does in a speech (政治站位, 工作方法, 保障机制 …),
  in ``phrasebank/taxonomy.toml``;
- domains, what a passage is about (党的建设, 安全生产, 营商环境 …), in
  ``phrasebank/domains.toml``.

A user's own file of the same name in the config directory adds categories or cue words
without editing the package: a table with a new key adds a category, one with an
existing key adds its cues (and may replace its label or description).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from drafter.bank.model import KEY_RE, control_character
from drafter.errors import DrafterError, UnreadableFile
from drafter.fileio import read_toml

TAXONOMY_FILE = "taxonomy.toml"
DOMAINS_FILE = "domains.toml"
# Characters of one cue: a word or a set phrase (the bundled files' longest is 16,
# 习近平新时代中国特色社会主义思想).
MAX_CUE_CHARS = 64
# Cues of one list, and of all the types together: the bundled lists hold at most 116,
# the bundled domains 988 in all.  Every passage mined or classified is matched against
# all of them: 110,000 (a 1.4 MB file within its bound) had made a mine five times as
# slow, past a minute (fuzz pass A, stop 67).
MAX_CUES_LISTED = 2_000
MAX_CUES = 5_000
# Section types (or domains) of a taxonomy: the bundled have 14 and 20.  Each section type
# may have a phrase file of its own (store.MAX_PHRASE_FILES), and 20,000 new ones had been
# taken without a word, a review then taking minutes (fuzz pass A of stop 68).
MAX_TYPES = 200

# The fixed keys every taxonomy must define.
CORE_KEYS = ("opening", "significance", "political_stance", "theory_study", "cadre_team",
             "grassroots", "talent", "work_style", "discipline", "work_methods", "key_tasks",
             "safeguards", "case_example", "closing")
# The fixed domains; `general` is the topic-neutral one (fits a speech on any subject).
DOMAIN_KEYS = ("party_building", "economy", "reform", "innovation", "rural", "safety",
               "environment", "livelihood", "governance", "business", "culture",
               "defence_foreign", "general")
GENERAL_DOMAIN = "general"


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
    # Cues that tell the category but name no subject in it (隐患 and 应急 are said of
    # every subject of 安全, 党员干部 of every subject of 党建): drafting does not take a
    # passage that says them for one on another subject.
    broad: list[str] = field(default_factory=list)
    # Names of the whole field (安全生产 of 安全生产与应急, 营商环境): a topic that is one
    # of them is drafted from all of the field's material, not from one subject of it.
    names: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "label": self.label, "description": self.description,
                "cues": self.cues, "heading_cues": self.heading_cues, "weight": self.weight,
                "broad": self.broad, "names": self.names}


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
    """The bundled (or --phrasebank) section types, extended by the user's own file."""
    return _load(TAXONOMY_FILE, CORE_KEYS, "section types", phrasebank, user_file)


def load_domains(phrasebank: str | os.PathLike[str] | None = None,
                 user_file: str | os.PathLike[str] | None = None) -> Taxonomy:
    """The bundled (or --phrasebank) domains, extended by the user's own domains.toml."""
    return _load(DOMAINS_FILE, DOMAIN_KEYS, "domains", phrasebank, user_file)


def _load(name: str, required: tuple[str, ...], what: str,
          phrasebank: str | os.PathLike[str] | None,
          user_file: str | os.PathLike[str] | None) -> Taxonomy:
    from drafter import config

    # A bank named here may be one a change is about to make (mining, importing into a
    # new folder): its files are then the bundled ones.
    bank = Path(phrasebank) if phrasebank else config.phrasebank_dir()
    base = bank / name
    # (A FIFO there is named, not passed over: fuzz 49 n4.  A folder is named by lint,
    # and the bundled file read meanwhile.)
    if not os.path.lexists(base) or base.is_dir():
        base = config.bundled_dir("phrasebank") / name
    files = [base]
    extra = Path(user_file) if user_file else config.user_dirs().config / name
    # (Whatever is in the user's place is read: a FIFO or a device there had been passed
    # over without a word, fuzz pass 47 m1; reading it says what it is.)
    if os.path.lexists(extra) and not _same_file(extra, base):
        files.append(extra)
    return _parsed(tuple(_stamp(path) for path in files), required, what)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except (OSError, RuntimeError):  # (a link loop)
        return False


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), 0, 0)  # reading it reports the error
    return (str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _parsed(files: tuple[tuple[str, int, int], ...], required: tuple[str, ...],
            what: str) -> Taxonomy:
    """The taxonomy the files make, parsed once while they are unchanged (every draft
    and every classification asks for it).  Shared: callers only read it."""
    taxonomy = Taxonomy({}, [])
    for path, _, _ in files:
        _merge(taxonomy, Path(path))
    missing = [key for key in required if key not in taxonomy.types]
    if missing:
        raise TaxonomyError(f"{files[0][0]}: missing {what}: {', '.join(missing)}")
    if len(taxonomy.types) > MAX_TYPES:
        raise TaxonomyError(f"{files[-1][0]}: {len(taxonomy.types):,} {what} in all; a "
                            f"taxonomy has at most {MAX_TYPES} (the bundled, 14 section "
                            "types and 20 domains)")
    cues = sum(len(t.cues) + len(t.heading_cues) + len(t.broad) + len(t.names)
               for t in taxonomy.types.values())
    if cues > MAX_CUES:
        raise TaxonomyError(f"{files[-1][0]}: {cues:,} cues in all with "
                            f"{' and '.join(p for p, _, _ in files[:-1]) or 'none before it'}; "
                            f"the {what} take at most {MAX_CUES:,} (the bundled, about 1,000)")
    return taxonomy


def _merge(taxonomy: Taxonomy, path: Path) -> None:
    try:
        data = read_toml(path)
    except UnreadableFile as exc:
        raise TaxonomyError(str(exc)) from None
    for key, table in data.items():
        if not isinstance(table, dict):
            raise TaxonomyError(f"{path}: [{key}] must be a table")
        cues = _strings(table.get("cues", []), path, key, "cues")
        heading_cues = _strings(table.get("heading_cues", []), path, key, "heading_cues")
        broad = _strings(table.get("broad", []), path, key, "broad")
        names = _strings(table.get("names", []), path, key, "names")
        known = taxonomy.types.get(key)
        if known is None:
            if not KEY_RE.fullmatch(key):
                # A key names a phrase file (phrases/<key>.jsonl) and a template's
                # section: a path or a mark in it would be blamed on a phrase later.
                raise TaxonomyError(f"{path}: [{key}] is not a key: use lower-case letters, "
                                    "digits and _, at most 64 (such as work_style)")
            if "label" not in table:
                raise TaxonomyError(f"{path}: new category [{key}] needs a label")
            taxonomy.types[key] = SectionType(key, _text(table, "label", "", path, key),
                                              _text(table, "description", "", path, key),
                                              cues, heading_cues, _weight(table, path, key),
                                              broad, names)
        else:
            known.weight = _weight(table, path, key, known.weight)
            known.label = _text(table, "label", known.label, path, key)
            known.description = _text(table, "description", known.description, path, key)
            known.cues += [c for c in cues if c not in known.cues]
            known.heading_cues += [c for c in heading_cues if c not in known.heading_cues]
            known.broad += [c for c in broad if c not in known.broad]
            known.names += [c for c in names if c not in known.names]
    taxonomy.sources.append(str(path))


def _weight(table: dict, path: Path, key: str, default: float = 1.0) -> float:
    value = table.get("weight", default)
    if not isinstance(value, int | float) or not 0 < value <= 10:
        raise TaxonomyError(f"{path}: [{key}] weight must be a number in (0, 10]")
    return float(value)


def _text(table: dict, name: str, default: str, path: Path, key: str) -> str:
    """A label or a description: one line of plain text, shown by classify, stats and
    the TUI (ESC ] 0; in a label had set the terminal's title: fuzz pass 44)."""
    value = table.get(name, default)
    if not isinstance(value, str):
        raise TaxonomyError(f"{path}: [{key}] {name} must be text in quotes")
    if problem := control_character(value, name):
        raise TaxonomyError(f"{path}: [{key}] {problem.replace('a phrase', 'it')}")
    return value


def _strings(value: object, path: Path, key: str, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TaxonomyError(f"{path}: [{key}] {name} must be a list of non-empty strings")
    if len(value) > MAX_CUES_LISTED:
        raise TaxonomyError(f"{path}: [{key}] {name}: {len(value):,} of them; a list holds "
                            f"at most {MAX_CUES_LISTED:,} (the bundled, at most 116)")
    # (A cue of 600 characters had ended classify, outline and mine in a RecursionError:
    # the cues become one pattern, a branch a character, fuzz pass A of stop 63.)
    if long := next((v for v in value if len(v) > MAX_CUE_CHARS), None):
        raise TaxonomyError(f"{path}: [{key}] {name}: one of {len(long):,} characters "
                            f"({long[:12]}…); each is a word or a phrase of at most "
                            f"{MAX_CUE_CHARS} characters")
    return list(value)
