"""Phrases: what a writer reuses, with where each came from and what a maintainer decided."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

KINDS = ("heading", "lead", "golden", "quote", "parallel", "idiom", "opening", "transition",
         "closing", "paragraph")
STATUSES = ("candidate", "approved", "rejected", "merged")

# Placeholders left in a source for someone to fill in: kept verbatim and flagged, never
# passed off as facts (XX同志, X月X日, *区, X个县区, 〔待补：…〕).
PLACEHOLDER_RE = re.compile(r"X月X日|XX+|××+|某某|\*[区市县镇乡村]|X同志|〔待补[^〕]*〕|"
                            r"(?<![A-Za-z])X(?=[个名位项条次轮年月日人户家所])")
# Who the bank records as the speaker of a quotation (mining and the quote check share it):
# leaders and classics by name, longest form first so that 习近平总书记 is not cut short.
SPEAKERS = (r"习近平总书记|习近平主席|习近平同志|习近平|总书记|毛泽东同志|毛泽东|毛主席|"
            r"邓小平同志|邓小平|江泽民同志|胡锦涛同志|周恩来同志|周恩来|周总理|陈云同志|"
            r"刘少奇同志|朱德同志|孙中山先生|孙中山|鲁迅先生|鲁迅|列宁|马克思、恩格斯|马克思和恩格斯|"
            r"马克思|恩格斯|斯大林")
# Sayings quoted as such: 古人云, 俗话说, 《论语》说 (the source stands as the speaker).
SAYINGS = (r"中国古人|古人|古语|先贤|前人|俗话|俗语|常言|老话|古话|谚语|格言|名言|"
           r"《[^》]{1,12}》")
_NORMALISE_RE = re.compile(r"[\s\u3000。！？；，、：“”‘’（）《》—…,.!?;:()\"']")


def normalise(text: str) -> str:
    """The form two phrases are compared in: no spaces or punctuation."""
    return _NORMALISE_RE.sub("", text)


def phrase_id(kind: str, text: str) -> str:
    """A stable id from what was mined: the same phrase mined again gets the same id,
    and a maintainer's edit of the text keeps it."""
    digest = hashlib.sha1(f"{kind}\t{normalise(text)}".encode()).hexdigest()
    return f"p{digest[:10]}"


# Passages written for the bundled bank (training/written*.jsonl) are mined as files of
# this prefix: original text, free to reuse, and no speech anyone copies from.
WRITTEN_SOURCE_PREFIX = "written-"


@dataclass(frozen=True, order=True)
class Source:
    file: str  # the corpus file's name (not its path: the bank must not depend on where)
    position: int  # paragraph (or heading) number in the document, from 1
    path: str = ""  # the heading path above the phrase: 一、… › （二）…

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "position": self.position}
        if self.path:
            out["path"] = self.path
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(str(data["file"]), int(data["position"]), str(data.get("path", "")))

    @property
    def written_for_the_bank(self) -> bool:
        """Whether the phrase comes from a passage written for the bank (written-….txt),
        not from a speech: reusing it is what it is for, so the checks do not call it
        copying."""
        return self.file.startswith(WRITTEN_SOURCE_PREFIX)

    def describe(self, with_path: bool = True) -> str:
        """As a reader is shown it: 004_….txt #6 (一、突出政治性…)."""
        where = f"{self.file} #{self.position}"
        return f"{where} ({self.path})" if with_path and self.path else where


# Section and domain keys: identifiers, because a section names a file of the bank.
KEY_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass
class Phrase:
    id: str
    text: str
    kind: str
    sections: list[str]  # ranked section-type keys; the first is the phrase's section
    status: str = "candidate"
    domains: list[str] = field(default_factory=list)  # ranked domain keys: what it is about
    terms: list[str] = field(default_factory=list)  # its salient words (安全生产, 隐患排查 …)
    score: float = 0.0
    sources: list[Source] = field(default_factory=list)
    note: str = ""
    tags: list[str] = field(default_factory=list)
    speaker: str = ""  # for quotes: who said it (习近平总书记 …)
    level: int | None = None  # for headings: the level it had in its speech
    placeholders: list[str] = field(default_factory=list)  # XX, X月X日, *区 kept as they are
    # What binds the phrase to its source: [kind, text] pairs (place, unit, person, role,
    # year, date, figure; see bank.mine.specifics).  The text stays verbatim.
    specifics: list[list[str]] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # for parallel sets: the siblings
    frame: str = ""  # for parallel sets: the shared frame, slots as {X}
    merged_into: str = ""  # for merged phrases: the phrase that absorbed this one
    decided: list[str] = field(default_factory=list)  # fields a maintainer set by hand

    @property
    def section(self) -> str | None:
        return self.sections[0] if self.sections else None

    @property
    def domain(self) -> str | None:
        return self.domains[0] if self.domains else None

    @property
    def specific(self) -> bool:
        """Bound to one place, unit, person, audience, date or figure of its source."""
        return bool(self.specifics)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "text": self.text, "kind": self.kind, "sections": self.sections,
            "domains": self.domains, "status": self.status, "score": round(self.score, 3),
            "sources": [s.to_dict() for s in sorted(self.sources)],
        }
        optional = {"terms": self.terms, "note": self.note, "tags": self.tags,
                    "speaker": self.speaker,
                    "level": self.level, "placeholders": self.placeholders,
                    "specifics": self.specifics,
                    "members": self.members, "frame": self.frame,
                    "merged_into": self.merged_into, "decided": sorted(self.decided)}
        out.update({k: v for k, v in optional.items() if v not in ("", [], None)})
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Phrase:
        missing = [k for k in ("id", "text", "kind", "sections") if k not in data]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        if data["kind"] not in KINDS:
            raise ValueError(f"unknown kind {data['kind']!r}")
        status = data.get("status", "candidate")
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        if not isinstance(data["sections"], list) or not data["sections"]:
            raise ValueError("sections must be a non-empty list")
        if not isinstance(data.get("domains", []), list):
            raise ValueError("domains must be a list")
        for key in (*data["sections"], *data.get("domains", [])):
            if not isinstance(key, str) or not KEY_RE.fullmatch(key):
                # A section names the file the phrase is saved in: never a path.
                raise ValueError(f"not a section or domain key: {key!r}")
        if not isinstance(data.get("score", 0.0), (int, float)):
            raise ValueError(f"score must be a number, not {data['score']!r}")
        return cls(
            id=str(data["id"]), text=str(data["text"]), kind=data["kind"],
            sections=[str(s) for s in data["sections"]], status=status,
            domains=[str(d) for d in data.get("domains", [])],
            terms=[str(t) for t in data.get("terms", [])],
            score=float(data.get("score", 0.0)),
            sources=[Source.from_dict(s) for s in data.get("sources", [])],
            note=str(data.get("note", "")), tags=[str(t) for t in data.get("tags", [])],
            speaker=str(data.get("speaker", "")), level=data.get("level"),
            placeholders=[str(p) for p in data.get("placeholders", [])],
            specifics=[[str(k), str(t)] for k, t in data.get("specifics", [])],
            members=[str(m) for m in data.get("members", [])], frame=str(data.get("frame", "")),
            merged_into=str(data.get("merged_into", "")),
            decided=[str(d) for d in data.get("decided", [])],
        )
