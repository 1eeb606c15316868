"""Genre templates: a declarative skeleton (TOML) plus fixed prose (Jinja2).

A template ``NAME`` is two files side by side:

``NAME.toml``
    label, description, the marker style of each level, the fields (required, with a
    default, or left as a visible placeholder 〔待补：讲话人〕), and the skeleton: parts,
    each a slot that says which section types and phrase kinds fill it, how many
    siblings, whether they must be parallel, and what stands under each one.
``NAME.j2``
    the prose, as Jinja2 blocks: ``title``, ``byline``, ``date``, ``salutation``,
    ``opening``, ``transition``, ``closing`` and the fallback headings a slot names (one
    heading per line).

Templates in the user's config directory (``templates/``) add to or override the shipped
ones.  Jinja2 runs in its immutable sandbox with strict undefined variables, so a
template can read the fields but touch nothing else, and a misspelt variable is an error
naming the file and line instead of an empty string in a speech.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import posixpath
import re
import time
import tomllib
import traceback
from collections.abc import Iterator, MappingView
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.bank.model import KINDS
from drafter.draft import numbering
from drafter.draft.model import GAP, TEMPLATE_NAME_RE
from drafter.errors import DrafterError, UnreadableFile
from drafter.fileio import SURROGATE_RE, load_toml, read_regular_file, shown
from drafter.text.chars import CONTROL_LIKE_RE, title_in_sentence, without_zero_width

ITEM_KINDS = ("lead", "golden", "quote", "paragraph", "transition", "idiom", "heading")
_SLOT_KEYS = {"name", "sections", "kinds", "count", "parallel", "run_in", "draw", "heading",
              "fallback", "outline", "full", "children", "lead_heads", "asks", "room"}
_TOP_KEYS = {"label", "description", "markers", "fields", "parts", "salutation", "genre",
             "minutes", "voice"}
# How a genre speaks: ``deploy`` (a leader assigning work: 要……要……), ``reflect`` (a
# signed article or a lecture: the speaker's own understanding, argued, in the first
# person), which drafting prefers passages in, or ``member`` (a 研讨发言: reflect, and
# one member of a study group speaking to the others, who gives no orders: the bank's
# 各级党委政府要 is said as 我们要), or ``lecture`` (a 专题党课: reflect, said to the party
# members in the room as one of them: the bank's 各级党组织要 is said as 我们要, which
# judges had read as a deployment speech's).
VOICES = ("deploy", "reflect", "member", "lecture")
# Speaking rate of a read speech, characters a minute: what a template's `minutes` means.
CHARS_PER_MINUTE = 220
_FIELD_KEYS = {"label", "required", "default", "help"}


class FieldError(DrafterError):
    """A field value a writer gave that cannot be used (missing, unknown, not a date);
    for a missing field, the template file and line that declare it."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None,
                 key: str | None = None):
        self.path = str(path) if path else None
        self.line = line
        self.key = key  # the field at fault, when there is one
        super().__init__(message)


class TemplateError(DrafterError):
    """A template that cannot be used: names the file, the line when known, and why."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class TemplatesUnlisted(TemplateError):
    """Not a broken template: a folder of more templates than are listed, the rest used
    only when named (see MAX_TEMPLATES_LISTED).  3,001 good templates had been reported
    as "skipped a broken template", exit 1 (fuzz pass C of stop 64)."""


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    required: bool = False
    default: str | None = None  # may use other fields: "{{ topic }}工作会议"
    help: str = ""
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "required": self.required,
                "default": self.default, "help": self.help}


@dataclass(frozen=True)
class SlotSpec:
    """One place in the skeleton the assembler fills."""

    name: str
    sections: tuple[str, ...]
    kinds: tuple[str, ...] = ("heading", "lead")  # what a heading may be drawn from
    count: int = 1
    parallel: bool = False
    run_in: bool = False
    draw: bool = True  # draw headings from the phrasebank (else use the prose block)
    heading: str | None = None  # prose block: the heading (alternatives, one per line)
    outline: tuple[str, ...] = ("lead",)  # item kinds under each leaf in outline mode
    full: tuple[str, ...] = ("lead", "golden", "quote", "paragraph")
    children: SlotSpec | None = None
    line: int | None = None
    # A template head gives way to the first sentence of the passage drawn under it when
    # that states the point on the topic (a signed article's bold lead sentence): the
    # template's 是…的必然要求 had stood over passages arguing something else.
    lead_heads: bool = False
    # Prose block: what only the writer has and the part opens with, a gap a line (a work
    # conference's 成绩 and figures: blind judges looked for them in its 形势 part).
    asks: str | None = None
    # Prose block (``head``: a point's head): the gap a full draft short of its genre's
    # length leaves under the part's thinnest point drawn from the bank, for what only
    # the writer has (a 党课's 典型事例, a meeting's targets and problems).
    room: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"name": self.name, "sections": list(self.sections), "kinds": list(self.kinds),
               "count": self.count, "parallel": self.parallel, "run_in": self.run_in,
               "draw": self.draw, "heading": self.heading, "outline": list(self.outline),
               "full": list(self.full), "lead_heads": self.lead_heads, "asks": self.asks,
               "room": self.room}
        if self.children:
            out["children"] = self.children.to_dict()
        return out


@dataclass
class Template:
    name: str
    path: Path  # the .toml
    prose_path: Path  # the .j2
    label: str
    description: str
    markers: list[str]
    fields: list[FieldSpec]
    parts: list[SlotSpec]
    genre: str = ""
    minutes: int = 0  # the full draft's speaking time; 0: no target
    voice: str = "deploy"  # see VOICES
    _jinja: Any = field(default=None, repr=False)
    _blocks: Any = field(default=None, repr=False)  # see _block_chain

    @property
    def reflects(self) -> bool:
        """Whether the genre prefers reasoning to orders (see VOICES)."""
        return self.voice in ("reflect", "member", "lecture")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "description": self.description,
                "genre": self.genre, "minutes": self.minutes, "voice": self.voice,
                "path": str(self.path),
                "markers": self.markers,
                "fields": [f.to_dict() for f in self.fields],
                "parts": [p.to_dict() for p in self.parts]}

    # -- fields ---------------------------------------------------------------------

    def resolve_fields(self, given: dict[str, str]) -> dict[str, str]:
        """Every field's value: given, else its default, else a visible placeholder.

        A missing required field, or one the template does not declare, is an error.
        Its defaults' renderings share a draft's budget (see one_draft): 49 defaults each
        spending 1.8 s had kept the TUI's new-draft form busy 87 s (fuzz pass C, stop
        67)."""
        with one_draft():
            return self._resolved(given)

    def _resolved(self, given: dict[str, str]) -> dict[str, str]:
        """resolve_fields, within its budget."""
        known = {f.key for f in self.fields}
        unknown = sorted(set(given) - known)
        if unknown:
            raise FieldError(f"template {self.name!r} has no field {unknown[0]!r} "
                             f"(fields: {', '.join(sorted(known))})")
        values: dict[str, str] = {}
        for spec in self.fields:
            value = without_zero_width(given.get(spec.key) or "").strip()
            if not value and spec.required:
                where = f"{self.path}:{spec.line}" if spec.line else str(self.path)
                # (`outline` has an option of its own for the topic alone: "--中文" had
                # been named for a field 中文, fuzz pass 3 of stop 69, C-m6.)
                given_by = "--topic" if spec.key == "topic" else f"--set {spec.key}=…"
                raise FieldError(f"template {self.name!r} needs field {spec.key!r} "
                                 f"({spec.label}, declared at {where}): give it with "
                                 f"{given_by}", path=self.path, line=spec.line, key=spec.key)
            if len(value) > MAX_FIELD_CHARS:
                # A subject, a title or a name; pasted text this long is no field (a
                # topic of 500 characters had overflowed the matcher built from it).
                raise FieldError(f"field {spec.key!r} ({spec.label}) is {len(value):,} "
                                 f"characters; a field holds at most {MAX_FIELD_CHARS}",
                                 path=self.path, line=spec.line, key=spec.key)
            if control := CONTROL_LIKE_RE.search(value):
                # One line of plain text: ESC would act on every terminal the draft is
                # shown on (ESC ] 0; sets the window title), a line break split a title,
                # U+202E showed the rest of the line reversed.
                raise FieldError(f"field {spec.key!r} ({spec.label}) holds a control "
                                 f"character ({shown(control.group())}); a field is one "
                                 "line of plain text",
                                 path=self.path, line=spec.line, key=spec.key)
            if spec.key == "topic":
                # Two tasks typed as one (践行党的群众路线做好新时代群众工作) are a two-part
                # title: read, framed and printed as one with its space (see spaced_tasks).
                # (After the length is counted as typed: fuzz pass 64 n4.)
                from drafter.draft.topic import spaced_tasks

                value = spaced_tasks(value)
            values[spec.key] = value
        specs = {spec.key: spec for spec in self.fields}
        pending = [spec.key for spec in self.fields if not values[spec.key]]

        def resolve(key: str, stack: tuple[str, ...]) -> None:
            # A default may use other fields ("在{{ meeting }}上的讲话"): fill those first.
            spec = specs[key]
            if key not in pending:
                return
            if spec.default is None:
                values[key] = GAP.format(label=spec.label)
            else:
                if key in stack:
                    raise TemplateError(self.path, "field defaults refer to each other: "
                                        + " → ".join((*stack, key)), spec.line)
                for name in self.variables(spec.default):
                    if name in specs:
                        resolve(name, (*stack, key))
                values[key] = self.render_string(spec.default, values,
                                                 f"default of field {key!r}", spec.line)
                if len(values[key]) > MAX_DEFAULT_CHARS:
                    # (A default of 199,999 characters had been taken, where a field
                    # typed holds 200: fuzz pass 44.)
                    raise TemplateError(self.path, f"the default of field {key!r} makes "
                                        f"{len(values[key]):,} characters; a field's "
                                        f"default makes at most {MAX_DEFAULT_CHARS:,}",
                                        spec.line)
            pending.remove(key)

        for key in list(pending):
            resolve(key, ())
        if "date" in values:
            values["date"] = format_date(values["date"])
        if "audience" in values:  # the salutation adds its own colon
            values["audience"] = values["audience"].rstrip("：:").strip()
        return values

    # -- prose ----------------------------------------------------------------------

    def has_block(self, block: str) -> bool:
        return block in self._block_chain()

    def check(self) -> None:
        """Every block the skeleton names, and the title, exist in the prose file (or in
        a file it extends)."""
        blocks = self._block_chain()
        if "title" not in blocks:
            raise TemplateError(self.prose_path, "has no 'title' block")

        def visit(slot: SlotSpec) -> None:
            for block in (slot.heading, slot.asks, slot.room):
                if block and block not in blocks:
                    raise TemplateError(self.path, f"{slot.name}: block {block!r} is not "
                                        f"defined in {self.prose_path.name}", slot.line)
            if slot.children:
                visit(slot.children)
        for part in self.parts:
            visit(part)

    def render_block(self, block: str, values: dict[str, Any]) -> str:
        """The text of prose block ``block`` with ``values``; '' when there is none."""
        tmpl = self._prose()
        chain = self._block_chain()
        if block not in chain:
            return ""
        try:
            context = tmpl.new_context(derived_variables(values))
            # Each block as the most derived file defines it, super() reaching the next
            # (Jinja2 links them so only when it renders the whole file).
            context.blocks = {name: list(renders) for name, renders in chain.items()}
            with _fresh_budget():
                return seamed(_bounded_output(chain[block][0](context), values).strip())
        except Exception as exc:
            # (A limit met outside the template's own code, its output's, is the block's.)
            for each in self._extended_files():
                line = _template_line(exc, each)
                if line is not None:
                    raise TemplateError(Path(each.filename), f"block {block!r}: "
                                        f"{_describe(exc)}", line) from None
            raise TemplateError(self.prose_path, f"block {block!r}: {_describe(exc)}",
                                self._block_line(block)) from None

    def _block_line(self, block: str) -> int | None:
        """The line of the prose file where ``block`` opens."""
        try:
            text = self.prose_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        found = re.search(r"\{%-?\s*block\s+" + re.escape(block) + r"\b", text)
        return text.count("\n", 0, found.start()) + 1 if found else None

    def render_lines(self, block: str, values: dict[str, Any]) -> list[str]:
        """A block as its non-empty lines (alternatives, or paragraphs), at most
        MAX_BLOCK_LINES of them."""
        lines = [line.strip() for line in self.render_block(block, values).splitlines()
                 if line.strip()]
        if len(lines) > MAX_BLOCK_LINES:
            # An opening of 199,999 lines had been drafted, and its DOCX written past a
            # minute (fuzz pass C of stop 65): a draft of them is refused everywhere else.
            raise TemplateError(self.prose_path, f"block {block!r}: {len(lines):,} lines; a "
                                f"block gives at most {MAX_BLOCK_LINES:,} (its alternatives "
                                "or paragraphs)", self._block_line(block))
        return lines

    def render_string(self, source: str, values: dict[str, Any], what: str,
                      line: int | None) -> str:
        try:
            with _fresh_budget():
                tmpl = self._environment().from_string(source)
                return seamed(_bounded_output(tmpl.generate(derived_variables(values)),
                                              values).strip())
        except Exception as exc:
            raise TemplateError(self.path, f"{what}: {_describe(exc)}", line) from None

    def variables(self, source: str) -> set[str]:
        """The variables a Jinja2 snippet reads."""
        import jinja2
        from jinja2 import meta

        try:
            return meta.find_undeclared_variables(self._environment().parse(source))
        except (jinja2.TemplateSyntaxError, RecursionError, ValueError):
            return set()  # reported with its line when it is rendered

    def _environment(self):
        folder = str(self.prose_path.parent)
        others = tuple(str(p) for p in template_dirs() if str(p) != folder)
        return _environment(folder, others)

    def _prose(self):
        if self._jinja is None:
            self._jinja = self._compiled(self.prose_path.name, self.prose_path)
        return self._jinja

    def _compiled(self, name: str, path: Path):
        """The prose file ``name`` compiled in this template's environment; errors say
        ``path`` (the file read) and its line."""
        import jinja2

        try:
            return self._environment().get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            # (Too long, or not UTF-8, is no syntax error: see BoundedLoader.)
            if exc.message and exc.message.startswith(_NOT_UTF8):
                raise TemplateError(path, exc.message) from None
            said = exc.message if exc.message and exc.message.startswith(
                _TOO_LONG) else f"syntax error: {exc.message}"
            raise TemplateError(Path(exc.filename) if exc.filename else path, said,
                                exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(path, f"template not found: {exc.name}") from None
        except jinja2.exceptions.SecurityError as exc:
            # (Its own prose a link out of the folders: see BoundedLoader.  It had ended
            # `drafter templates` in a traceback: a blind re-check, stop 67.)
            raise TemplateError(path, str(exc)) from None
        except (RecursionError, SyntaxError, MemoryError):
            # Jinja2 parses and compiles recursively, and Python's compiler allows
            # 100 nested blocks: 100 nested brackets, 3,000 chained filters or 150
            # nested ifs had ended `drafter templates` in a traceback (fuzz pass 40).
            raise TemplateError(path, "nested too deeply to compile "
                                      "(brackets, filters or blocks)") from None
        except UnicodeDecodeError as exc:
            raise TemplateError(path, f"not UTF-8 text (byte {exc.start}); "
                                      "save it as UTF-8") from None
        except ValueError:
            # Jinja2 reads a number with int(), which refuses more than 4,300 digits:
            # one such literal had ended `drafter templates` in a traceback (fuzz pass
            # 63).
            raise TemplateError(path, "a number too long to read (more "
                                      "than 4,300 digits)") from None
        except OSError as exc:
            raise TemplateError(path, f"cannot read: {exc.strerror or exc}") from None

    def _extended_files(self) -> list:
        """The prose file and the files it extends, in turn ({% extends "x.j2" %}), the
        most derived first."""
        self._block_chain()
        return self._blocks[1]

    def _block_chain(self) -> dict[str, list]:
        """Each block's renderings, the most derived file's first: the prose file's own
        blocks and those of the files it extends.  Drafting renders blocks one by one,
        and a compiled file knows only the blocks it writes itself: a file that
        extends work_conference.j2 and overrides its title had been refused for every
        block it inherits (fuzz pass 3 of stop 69, C-m3)."""
        if self._blocks is None:
            chain = [self._prose()]
            names = [self.prose_path.name]
            while (parent := _extends(chain[-1], self._environment())) is not None:
                where = Path(chain[-1].filename or self.prose_path)
                if parent in names:
                    raise TemplateError(where, "extends in a circle: " + " → ".join(
                        [*names, parent]))
                if len(chain) >= MAX_EXTENDS:
                    raise TemplateError(where, f"extends more than {MAX_EXTENDS} files "
                                               "in turn")
                names.append(parent)
                chain.append(self._compiled(parent, where))
            blocks: dict[str, list] = {}
            for tmpl in chain:
                for name, render in tmpl.blocks.items():
                    blocks.setdefault(name, []).append(render)
            self._blocks = (blocks, chain)
        return self._blocks[0]


# People a meeting gathers who are not the speaker's cadres: the speech thanks them and
# asks them, it does not assign them work.
_GUESTS_RE = re.compile(r"民营企业家|企业家|退役军人代表|退役军人|人大代表|政协委员|党外代表人士|"
                        r"党外人士|专家学者|专家|新乡贤|老干部|侨胞|宗教界人士|劳动模范|劳模|"
                        r"志愿者代表|青年代表|群众代表|基层代表")
# Cadres a meeting gathers to be spoken to (新提任县处级领导干部, 年轻干部, 驻村第一书记):
# the speech asks things of them, it does not review their "work" as a field.
_ADDRESSED_RE = re.compile(r"(?:新提任|新任职|新录用|新入职|优秀年轻|年轻|青年|挂职|驻村|选调)"
                           r"[\u4e00-\u9fff]{0,8}?(?:干部|第一书记|公务员|选调生)")
# A body of thought or a text, grasped as it is named (把握总体国家安全观的核心要义).
# (A campaign of study too: 把握党史学习教育的核心要义, not …学习教育工作的.)
# (A body of rules as well: 把握重大事项请示报告条例, not 把握学习贯彻…条例.)
_THOUGHT_END_RE = re.compile(r"(?:精神|思想|理念|观|论述|经验|理论|重要指示|重要讲话|"
                             r"学习教育|主题教育|条例|准则|规定|宪法|民法典)$")
# A conviction or a quality one holds (理想信念, "时时放心不下"的责任感, 斗争本领): grasped
# for what it means and shown in what one does, not 落地见效 as a task or a 工作.
# (担当作为 too: judges 160 and 161 read 做好党员干部担当作为 and 推动…担当作为落地见效;
# and 历史主动, which one takes hold of: a 党课 closed on 做好历史自信和历史主动使命光荣.)
_INWARD_END_RE = re.compile(r"(?:信念|责任感|使命感|紧迫感|意识|自觉|本领|担当|作为|尽责|定力|"
                            r"党性|初心|初心使命|修养|情怀|品格|之钙|自信|主动|观念|思维|能力|水平)$")
# …or opens on a verb of what one holds to (topic.HELD_TO_VERBS: 牢记初心使命, 严守政治
# 纪律) or of a quality shown (敢于斗争, 坚定理想信念): not a work that is done well
# (做好…工作) or lands (落地见效).
_INWARD_VERBS_TOO = "勇于|敢于|善于|坚定|增强|保持"
# A view one comes to hold (树立和践行正确的权力观, 树牢正确政绩观): judge 162 read
# 树立和践行正确的权力观使命光荣 and 以实际行动推动树立和践行…走深走实.
_VIEW_HELD_RE = re.compile(r"(?:牢固)?(?:树立|树牢)(?:和践行)?正确[^，、\s]{0,10}观$")
# The Party's tasks that 永远在路上.
_ENDLESS_RE = re.compile(r"(?:作风建设|从严治党|廉政建设|党的建设|组织建设|纪律建设|自我革命|"
                         r"反腐败斗争|清廉\S{0,4}建设|廉洁文化建设)$")


MAX_FIELD_CHARS = 200  # the longest 讲话 title typed as a topic runs to about 60
# A default is made from fields (a title of the topic and the meeting's name): a few of them.
MAX_DEFAULT_CHARS = 5 * MAX_FIELD_CHARS

# How a writer is told of a variable the topic gives (a field's default may use one):
# the new-draft form had shown 默认：〈jurisdiction〉.
DERIVED_LABELS = {"subject": "主题", "task": "主题工作", "work": "主题工作",
                  "doing": "主题", "grasped": "主题", "theme": "主题",
                  "jurisdiction": "全市或全县（按主题）", "named_meeting": "会议名称",
                  "guests": "与会代表", "addressed": "与会干部", "gathering": "会议",
                  "life_meeting": "民主生活会", "held": "主题", "opened": "主题"}


# A meeting of the Party's own life, held by a leading group or a branch to criticise
# itself (年度专题民主生活会, 组织生活会): its summary weighs the criticism and asks for
# the corrections, not for a field's results (judge 179 read 全市年度专题民主生活会取得了
# 积极成效 and 交流了…的做法和体会).
_LIFE_MEETING_RE = re.compile(r"(?:民主|组织)生活会$")
# The kind of meeting a name ends with, for prose that speaks of it (今天的推进会).
_GATHERING_RE = re.compile(r"(?:座谈会|推进会|研讨会|交流会|调度会|现场会|观摩会|分析会|"
                           r"务虚会|恳谈会|培训班|读书班|工作会议|会议|大会)$")


def derived_variables(values: dict[str, Any]) -> dict[str, Any]:
    """The fields plus what prose can derive from the topic, so that a frame takes the
    topic only in a form that fits it (drafter.draft.topic):

    ``subject``  the topic as a noun phrase (加强作风建设 → 作风建设);
    ``shape``    ``area`` (安全生产), ``noun`` (作风建设) or ``verb`` (优化营商环境,
                 学习贯彻…精神);
    ``task``     the topic as the object of 做好/推进/部署: 安全生产工作, 作风建设,
                 优化营商环境工作;
    ``work``     the task as a field of work, for meeting names: 作风建设工作;
    ``doing``    the topic as something done, for 认识…的重大意义 and …是…的必然要求:
                 践行…理念 and 稳就业 (a verb phrase as it is), 做好安全生产工作 (a field
                 of work), 作风建设 (a goal);
    ``grasped``  what 核心要义 and 实践要求 are of: a body of thought as named (总体国家
                 安全观 of 牢固树立和践行总体国家安全观, 中央八项规定精神), else what
                 is done (发展新质生产力) or the ``task`` (安全生产工作);
    ``endless``  whether the topic is a task of the Party that 永远在路上 (作风建设,
                 全面从严治党), not one that is finished by doing it;
    ``inward``   whether the topic is a conviction or a quality one holds (坚定理想信念,
                 增强"时时放心不下"的责任感): it is shown in deeds, not 落地见效;
    ``opened``   what a signed article's first sentence opens on: the theme as typed, or
                 the work a task is done within (办好民生实事);
    ``held``     such a topic as a lifelong task of every member (…是共产党人的终身课题):
                 the ``doing``, or the grasping as typed (深刻领悟“两个确立”的决定性意义,
                 not “两个确立”);
    ``addressed``  the cadres a meeting gathers to be spoken to (新提任县处级领导干部
                 of 全市新提任县处级领导干部座谈会): a summary asks things of them; '' when
                 none;
    ``guests``   the people a meeting gathers who are not its cadres (企业家 of 全市
                 民营企业家座谈会, 退役军人代表): a summary speaks to them; '' when none;
    ``jurisdiction``  全县 when the topic says 全县安全生产工作, else 全市;
    ``named_meeting``  the meeting or occasion the topic was typed with ('' when none):
                 全市安全生产工作会议 of 在全市安全生产工作会议上的讲话;
    ``gathering``  what kind of meeting that is, as its name ends (推进会, 座谈会,
                 研讨会); 座谈会 when the topic names none;
    ``life_meeting``  the 民主生活会 or 组织生活会 the topic is ('' when it is none):
                 a summary at it speaks of criticism and corrections;
    ``theme``    the topic less that occasion (因地制宜发展新质生产力 of 县委理论学习中心组
                 专题研讨：因地制宜发展新质生产力): what a lecture or statement is titled."""
    from drafter.draft.topic import (
        ADVERB,
        CARRIED_SPIRIT_RE,
        GRASPED_MEANING_RE,
        HELD_TO_VERBS,
        jurisdiction_of,
        level_of_post,
        read_assignment,
        topic_forms,
        verb_phrase,
        work_within,
    )

    out = dict(values)
    topic = str(values.get("topic", "")).strip()
    assignment = read_assignment(topic)
    out.setdefault("named_meeting", assignment.meeting)
    # (A 推进会's summary says 今天的推进会开得很好, not 今天的座谈会: judge 146.)
    kind = _GATHERING_RE.search(assignment.meeting)
    out.setdefault("gathering", ("会议" if kind.group().endswith("会议") else kind.group())
                   if kind else "座谈会")
    out.setdefault("theme", assignment.theme)
    shape, subject, task = topic_forms(topic)
    out.setdefault("subject", subject if len(subject) >= 2 else topic)
    out.setdefault("shape", shape)
    out.setdefault("task", task)
    out.setdefault("work", task if task.endswith("工作") else f"{task}工作")
    grasp = GRASPED_MEANING_RE.match(assignment.core)
    if grasp:
        doing = subject  # (深刻认识“两个确立”的重大意义, not 深刻认识深刻领悟…的…)
    elif shape == "verb":
        doing = verb_phrase(task)
    elif subject.endswith("战略"):
        doing = f"实施{subject}"  # a strategy is carried out, not 做好…战略各项工作
    else:
        doing = f"做好{task}" if task.endswith("工作") else task
    out.setdefault("doing", doing)
    out.setdefault("held", assignment.core if grasp else doing)
    # (An article's first sentence: the theme as typed, or the work a task is done
    # within, which frames take: 办好民生实事，事关…, not the whole title again.)
    out.setdefault("opened", work_within(topic) or assignment.theme)
    # (A quality too: 把握历史思维能力, not 把握增强历史思维能力.)
    # (A meaning grasped is of what is grasped: 准确把握“两个确立”的深刻内涵, not
    # …决定性意义的深刻内涵.)
    out.setdefault("grasped", subject if grasp or _THOUGHT_END_RE.search(subject)
                   or _INWARD_END_RE.search(subject.rstrip("”\"'’"))
                   else doing if shape == "verb" else task)
    out.setdefault("endless", bool(_ENDLESS_RE.search(subject)))
    held = assignment.theme or topic
    out.setdefault("inward", bool(
        grasp or _INWARD_END_RE.search(subject.rstrip("”\"'’"))
        # (After an adverb too: 牢牢掌握意识形态工作领导权 had been pushed 落地见效, a
        # blind judge of stop 61.)
        or re.match(f"{ADVERB}(?:{HELD_TO_VERBS}|{_INWARD_VERBS_TOO})", held)
        or CARRIED_SPIRIT_RE.match(held) or _VIEW_HELD_RE.match(held)))
    # (Else the speaker's post: a 县委书记's lecture had said 全市 and 在全市落地见效,
    # judge 135.)
    out.setdefault("jurisdiction", jurisdiction_of(topic)
                   or level_of_post(str(values.get("post", ""))) or "全市")
    addressed = _ADDRESSED_RE.search(assignment.meeting)
    out.setdefault("addressed", addressed.group() if addressed else "")
    out.setdefault("life_meeting", subject if _LIFE_MEETING_RE.search(subject) else "")
    guests = _GUESTS_RE.search(assignment.meeting)
    out.setdefault("guests", guests.group() if guests else "")
    return out


# A frame's verb meeting the same verb opening the topic (深化认识，把握 + 把握高质量发展):
# said once.  No official sentence doubles these verbs.
_DOUBLED_VERB_RE = re.compile(r"(把握|推动|推进|做好|抓好|加强|强化|落实|坚持|提升|提高|深化|"
                              r"贯彻|学习|践行|弘扬|加快|促进|实施)\1")


# 做好 takes a work, not a development: 做好建筑业高质量发展 is said 推动….
_DONE_DEVELOPMENT_RE = re.compile(r"做好([^，。；、：“”]{2,24}?高质量发展)(?!工作)")


# Two verbs of one meaning at the seam (推动 + 推进新型工业化工作, 把握 + 掌握…领导权):
# the topic's kept, or, where the frame grasps what the topic holds, the frame's.
_PUSHED_TWICE_RE = re.compile(r"(?:推动|推进|促进)(推动|推进|促进)")
_GRASPED_HELD_RE = re.compile(r"把握掌握")


def seamed(text: str) -> str:
    """Rendered text with a verb doubled at the seam of frame and topic said once, and
    a development pushed, not done."""
    text = _GRASPED_HELD_RE.sub("把握", _PUSHED_TWICE_RE.sub(r"\1", text))
    return _DONE_DEVELOPMENT_RE.sub(r"推动\1", _DOUBLED_VERB_RE.sub(r"\1", text))


def format_date(value: str) -> str:
    """2024-07-15 / 2024.7.15 / 2024年7月15日 / 二〇二四年七月十五日 → 2024年7月15日; a date
    that does not exist is an error; anything else (〔待补：日期〕, 2024年7月) is kept."""
    from drafter.text.dates import NotADate, parse_date

    try:
        date = parse_date(value, whole=True)
    except NotADate:
        raise FieldError(f"date: {value!r} is not a date", key="date") from None
    return f"{date.year}年{date.month}月{date.day}日" if date else value


@lru_cache(maxsize=16)
def _environment(folder: str, others: tuple[str, ...]):
    """One sandboxed environment per template folder: the template's own folder first,
    so {% extends %} and {% include %} find its neighbours, then the other folders."""
    import jinja2
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, operators
    from jinja2.exceptions import SecurityError
    from jinja2.loaders import split_template_path
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from drafter.text.numerals import int_to_chinese

    class TickingCodeGenerator(CodeGenerator):
        """Jinja2's code generator, with a call at the top of every loop's body that
        draws on the rendering's step budget and checks its deadline: loops over long
        strings, empty or nested, had hung `outline` without a range() to count."""

        def buffer(self, frame) -> None:
            # What a block captures ({% set %}…{% endset %}, a macro's or a filter
            # block's body) is bounded as a rendering's own output is: a loop writing into
            # a set block had taken 1.7 GB (fuzz pass C of stop 64).
            frame.buffer = self.temporary_identifier()
            self.writeline(f"{frame.buffer} = environment.captured()")

        def blockvisit(self, nodes, frame) -> None:
            if frame.loop_frame:
                self.writeline("environment.tick()")
            super().blockvisit(nodes, frame)

        def visit_Getitem(self, node, frame) -> None:
            # x[a:b] as environment.sliced(x, a, b, None): Jinja2 writes a slice as
            # Python's own, past the sandbox.
            if not isinstance(node.arg, nodes.Slice):
                super().visit_Getitem(node, frame)
                return
            self.write("environment.sliced(")
            self.visit(node.node, frame)
            for part in (node.arg.start, node.arg.stop, node.arg.step):
                self.write(", ")
                if part is None:
                    self.write("None")
                else:
                    self.visit(part, frame)
            self.write(")")

        def visit_Compare(self, node, frame) -> None:
            # (Not folded at compile time: what is compared is sized first, see compared.)
            self.write("(environment.compared(")
            self.visit(node.expr, frame)
            self.write(")")
            for operand in node.ops:
                self.write(f" {operators[operand.op]} environment.compared(")
                self.visit(operand.expr, frame)
                self.write(")")
            self.write(")")

        def visit_Tuple(self, node, frame) -> None:
            # A literal's items are made as a repetition's are: 10,000 tuples of 20,000
            # loop variables kept in a namespace had taken 1.3-1.9 GB within the clock
            # (fuzz pass C of stop 68).  (A tuple to assign to is no value.)
            if node.ctx != "load":
                super().visit_Tuple(node, frame)
                return
            self.write("environment.literal(")
            super().visit_Tuple(node, frame)
            self.write(")")

        def visit_List(self, node, frame) -> None:
            self.write("environment.literal(")
            super().visit_List(node, frame)
            self.write(")")

        def visit_Dict(self, node, frame) -> None:
            # {key: …} hashes its key in one call of C: a tuple of 100,000 references to
            # a tuple of 100,000 texts took 103 s, deaf to Ctrl-C (fuzz pass C of stop
            # 68).  Each key is sized first, as what is compared is.
            self.write("{")
            for number, item in enumerate(node.items):
                self.write(", " if number else "")
                self.write("environment.compared(")
                self.visit(item.key, frame)
                self.write("): ")
                self.visit(item.value, frame)
            self.write("}")

        def visit_Concat(self, node, frame) -> None:
            # a ~ b, bounded like a + b ({% set s = s ~ s %} forty times: 2**40).
            if frame.eval_ctx.volatile or frame.eval_ctx.autoescape:
                super().visit_Concat(node, frame)
                return
            self.write("environment.joined((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        """The sandbox, with work bounded: no string or list multiplied or joined past
        MAX_TEMPLATE_TEXT characters, no power past a small exponent, and at most
        MAX_TEMPLATE_LOOPS items from range() in one rendering (nested range(100000)
        loops had hung `outline`).  Intercepting these operators also keeps Jinja2 from
        folding {{ 'a' * 10**9 }} at compile time, which had exhausted memory before
        any rendering."""

        intercepted_binops = frozenset({"*", "**", "+", "%"})
        code_generator_class = TickingCodeGenerator

        def tick(self) -> None:
            _draw_step()

        def captured(self) -> _Captured:
            return _Captured()

        def joined(self, parts) -> str:
            for part in parts:
                _check_size(part)
            texts = [str(part) for part in parts]
            if (size := sum(map(len, texts))) > MAX_TEMPLATE_TEXT:
                raise SecurityError(f"text over {MAX_TEMPLATE_TEXT:,} characters")
            # (Each a new text: 100,000 of s ~ 'y' kept in a namespace had taken 2.4 GB
            # within the clock, fuzz pass C of stop 67.)
            _spend_made(size)
            return "".join(texts)

        def literal(self, items):
            _spend_made(len(items))
            return items

        def getitem(self, obj, argument):
            # d[key] hashes its key in one call of C, as {key: …} does (see visit_Dict).
            if not isinstance(argument, (str, int)):
                _check_size(argument)
            return super().getitem(obj, argument)

        def sliced(self, obj, start, stop, step):
            # (A slice is a new text or list, as ~ makes one: 100,000 of s[1:] kept in
            # a namespace had taken 2.5 GB within the clock, fuzz pass C of stop 67.)
            found = obj[start:stop:step]
            if isinstance(found, (str, bytes, bytearray, list, tuple)):
                _spend_made(len(found))
            return found

        def compared(self, value):
            # ==, in, < … run in one call of C, past the clock: two lists of 200,000
            # equal texts of 200,000 characters took 2 s a comparison, a hundred of
            # them minutes (fuzz pass C of stop 67).  What a template compares is a
            # field, a word or a short list.
            _check_size(value)
            return value

        def call(__self, __context, __obj, *args, **kwargs):  # (named as Jinja2 names them)
            # A text method that makes a long text from a short one (center, ljust,
            # format, replace …) is refused before it allocates.
            # (The sandbox hands str.format out wrapped: its text is the wrapped one's.)
            bound = getattr(__obj, "__self__", None)
            if bound is None:
                bound = getattr(getattr(__obj, "__wrapped__", None), "__self__", None)
            name = getattr(__obj, "__name__", "")
            if name == "join" and isinstance(bound, str) and args:
                # sep.join(items): its size is known only once the items are (a
                # generator is read here, once, and handed on as a list).
                args = (_joinable(args[0]), *args[1:])
            # (Jinja2 hands a call inside a block its block's variables as _block_vars, a
            # keyword the callee never sees: counted as a value, it had hidden the width
            # of '{a:>{w}}'.format_map({…, 'w': 10**9}) inside a dict, fuzz pass 67.)
            # (Inside a loop it is _loop_vars: '{a:>{w}}'.format_map({…}) in a for loop
            # had passed, fuzz pass 68.)
            given = {k: v for k, v in kwargs.items() if k not in ("_block_vars", "_loop_vars")}
            _check_text_call(bound, name, args, given)
            # The object a method is bound to is sized as its arguments are: lst.count(t)
            # on 200,000 references to a list of 40,000 texts compared 8·10⁹ texts in one
            # call of C, 190 s (fuzz pass C of stop 68).  (A text's methods are linear,
            # bounded by _check_text_call.)
            if not isinstance(bound, (str, bytes, bytearray)):
                _check_size(bound)
            for arg in (*args, *given.values()):
                _check_size(arg)
            _draw_step()
            return _made(super().call(__context, __obj, *args, **kwargs), bound)

        def call_binop(self, context, operator, left, right):
            if operator == "%" and isinstance(left, (str, bytes, bytearray)):
                # (Bytes are formatted as text is: '%*s'.encode() % (999999999, b'a')
                # had made a thousand million bytes, fuzz re-check 71.)
                pattern = _as_text(left)
                _check_widths(pattern)
                _check_filled(pattern, (right,), {})  # (which checks the values' size first)
            if operator == "**" and _number(left) and _number(right) and (
                    abs(right) > 64 or abs(left) > 10**6):
                raise SecurityError(f"{left!r} ** {right!r} is too large for a template")
            if operator == "*" and _integer(left) and _integer(right) and (
                    left.bit_length() + right.bit_length() > MAX_PRODUCT_BITS):
                # (Squared in a loop, an int doubles its size each time: 40 rounds took
                # 26 s and 958 MB before a MemoryError, fuzz pass 45 N5.)
                raise SecurityError(f"a product over {MAX_PRODUCT_BITS} bits is too large "
                                    "for a template")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    # (Bytes too: 'a'.center(199999).encode() * 5000 had taken 982 MB
                    # before a MemoryError, fuzz pass 70.)
                    if isinstance(seq, (str, bytes, bytearray, list, tuple)) and \
                            isinstance(times, int):
                        if len(seq) * times > MAX_TEMPLATE_TEXT:
                            raise SecurityError(
                                "a repetition this long is not allowed in a template "
                                f"(over {MAX_TEMPLATE_TEXT:,} items)")
                        # (Each under the bound, 1,500 lists of [0]*199999 kept in a
                        # namespace had taken 2.4 GB before the clock stopped them:
                        # fuzz pass C of stop 63.)
                        _spend_made(len(seq) * max(times, 0))
            if operator == "+" and isinstance(left, (str, bytes, list, tuple)) and isinstance(
                    right, type(left)):
                if len(left) + len(right) > MAX_TEMPLATE_TEXT:
                    raise SecurityError(f"text over {MAX_TEMPLATE_TEXT:,} characters")
                _spend_made(len(left) + len(right))
            return super().call_binop(context, operator, left, right)

    class BoundedLoader(jinja2.FileSystemLoader):
        """Template files of at most MAX_TEMPLATE_FILE characters: a .j2 of 100,000 blocks
        (3.3 MB) had taken 2.9 GB to compile (fuzz re-check, stop 38); a genre's template
        is a few thousand."""

        def get_source(self, environment, template):
            # Sized before Jinja2 reads it whole: a .j2 (or a file it includes) of 1 GB
            # had been read into memory only to be refused (fuzz pass C of stop 64).
            for searchpath in self.searchpath:
                found = posixpath.join(searchpath, *split_template_path(template))
                if os.path.isfile(found):
                    # Only what lies in a templates folder: a link there to any file
                    # (notes.j2 -> ~/.ssh/id_rsa, as a shared folder of templates can
                    # carry) had put that file's text into the speech (fuzz pass C,
                    # stop 67).
                    real = os.path.realpath(found)
                    if not any(os.path.commonpath([real, folder]) == folder
                               for folder in map(os.path.realpath, self.searchpath)):
                        raise SecurityError(
                            f"{template} is a link to a file outside the template folders "
                            f"({shown(real)}); a template reads only files in them")
                    size = os.path.getsize(found)
                    if size > 4 * MAX_TEMPLATE_FILE:  # (UTF-8: up to 4 bytes a character)
                        raise jinja2.TemplateSyntaxError(
                            f"{_TOO_LONG}: {size:,} bytes; a template is at most "
                            f"{MAX_TEMPLATE_FILE:,} characters", 1, template, found)
                    break
            try:
                source, filename, uptodate = super().get_source(environment, template)
            except UnicodeDecodeError as exc:
                # (An included file not in UTF-8 had been said in Python's words, and
                # not named: fuzz pass C of stop 67, m7.)
                raise jinja2.TemplateSyntaxError(
                    f"{_NOT_UTF8} (byte {exc.start}); save it as UTF-8", 1, template,
                    found) from None
            if len(source) > MAX_TEMPLATE_FILE:
                raise jinja2.TemplateSyntaxError(
                    f"{_TOO_LONG}: {len(source):,} characters; a template is at most "
                    f"{MAX_TEMPLATE_FILE:,}", 1, template, filename)
            return source, filename, uptodate

    env = BoundedSandbox(
        loader=BoundedLoader([folder, *others]), undefined=jinja2.StrictUndefined,
        autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
        finalize=_sized)
    env.filters["cn"] = int_to_chinese
    env.filters["inner"] = _inner_quotes
    env.filters["spoken"] = title_in_sentence
    env.filters["led"] = led_by
    env.filters["landed"] = landed
    # Every filter is bounded: its input may not be a value whose text would pass the
    # limit (['a' * 200000] * 1000 is small in memory, its text is 200 million
    # characters), and those that make a long text from a short one (center, join …)
    # are checked first.  Taking the context keeps Jinja2 from running them at compile
    # time on constants ({{ 'a'|center(10**9) }}).
    for name in list(env.filters):
        env.filters[name] = _bounded_filter(env.filters[name], name)
    # …and every test: `x is eq y` and `is in` compare in one call of C, as == does (two
    # lists of 200,000 references to 40,000 texts: 243 s, fuzz pass C of stop 68).
    for name in list(env.tests):
        env.tests[name] = _bounded_test(env.tests[name])
    env.globals["range"] = _budgeted_range
    env.globals.pop("lipsum", None)  # placeholder Latin, of no use here and unbounded
    return env


def led_by(task: str, verb: str) -> str:
    """``verb`` before ``task`` (推动安全生产工作), unless the task is a verb phrase of its
    own (促进民营经济高质量发展, 走好新时代党的群众路线): then the task alone, not 推动促进…
    (judge 149) or 做好走好… (judge 148).  A task named as a 工作 takes the verb
    (做好优化营商环境工作)."""
    from drafter.draft.topic import leads_with_verb

    task = str(task)
    if task.endswith("工作") or not leads_with_verb(task):
        return f"{verb}{task}"
    # (推动 X 走深走实 makes X go on, whatever X's verb: 推动树立和践行总体国家安全观走深
    # 走实 stands; only a verb of pushing doubles it.)
    return task if verb == "做好" or _PUSHING_RE.match(task) else f"{verb}{task}"


def landed(task: str) -> str:
    """``task`` brought to its results: 推动安全生产工作落地见效, but 推动…抓好工作落实
    取得实效, not …落实落地见效 (judge 155)."""
    task = str(task)
    landed_already = task.endswith(("落实", "落地", "见效", "实效"))
    return f"{task}取得实效" if landed_already else f"{task}落地见效"


_PUSHING_RE = re.compile(r"(?:进一步|持续|深入|全面|扎实|着力|大力|加快)?"
                         r"(?:促进|推动|推进|加快|加强)")


_NOT_UTF8 = "not UTF-8 text"  # how BoundedLoader's refusal of such a file begins
MAX_TEMPLATE_TEXT = 200_000  # characters (or items) one expression of a template may make
MAX_BLOCK_LINES = 1_000  # lines of one block (the bundled blocks give at most a few)
MAX_JSON_INDENT = 16  # characters tojson() may indent a level by
MAX_PRODUCT_BITS = 4096  # the size of an integer product in a template (10**64 is 213 bits)
MAX_TEMPLATE_FILE = 200_000  # characters of one template file (the bundled are under 3,000)
_TOO_LONG = "too long"  # how a template past MAX_TEMPLATE_FILE is refused
# Items under one head a slot may ask for (the bundled templates ask at most three).
MAX_KINDS_LISTED = 12
MAX_TEMPLATE_LOOPS = 100_000  # items range() may give in one rendering, all loops together
_LOOP_BUDGET: contextvars.ContextVar[list[int]] = contextvars.ContextVar("loop_budget")


MAX_TEMPLATE_STEPS = 1_000_000  # loop iterations and calls in one rendering
MAX_TEMPLATE_SECONDS = 5.0  # one rendering's time
MAX_TEMPLATE_OUTPUT = 1_000_000  # characters one rendering may write
# Characters (or items) the calls that pad or fill to a width (center, ljust, a format's
# widths…), repetitions and concatenations may make in one rendering, all together: each
# call under MAX_TEMPLATE_TEXT, 5,500 of them
# through map('center', 199999) had taken 1.17 GB before the list was refused, and
# ('%-199999s' * 5000)|format(…) 1.09 GB (fuzz re-check 69).
MAX_TEMPLATE_MADE = 4_000_000
_STEP_BUDGET: contextvars.ContextVar[list[float]] = contextvars.ContextVar("step_budget")
_WIDTH_RE = re.compile(r"\d+")


def _draw_step() -> None:
    """One step of a rendering: refused past MAX_TEMPLATE_STEPS or MAX_TEMPLATE_SECONDS."""
    from jinja2.exceptions import SecurityError

    budget = _step_budget()
    budget[0] -= 1
    if budget[0] < 0:
        raise SecurityError(f"more than {MAX_TEMPLATE_STEPS:,} loop steps in one rendering "
                            "are not allowed in a template")
    # (Each step: a hundred steps of 0.6 s each had run 60 s between two looks at the
    # clock every 1,024, fuzz pass 67; a look costs well under a microsecond.)
    if time.monotonic() > budget[1]:
        raise SecurityError(
            f"a template may take at most {MAX_TEMPLATE_SECONDS:g} s to render"
            if not budget[3] else f"a template may take at most {MAX_DRAFT_TEMPLATE_SECONDS:g}"
            " s to render all the blocks of one draft")


def _new_step_budget() -> list[float]:
    """A rendering's budget as it starts: [steps left, its deadline, characters left to
    make, whether the deadline is the draft's (see one_draft)]."""
    now = time.monotonic()
    drafts = _DRAFT_SECONDS.get(None)
    if drafts is not None and drafts[0] < MAX_TEMPLATE_SECONDS:
        return [MAX_TEMPLATE_STEPS, now + drafts[0], MAX_TEMPLATE_MADE, True]
    return [MAX_TEMPLATE_STEPS, now + MAX_TEMPLATE_SECONDS, MAX_TEMPLATE_MADE, False]


# A draft renders some thirty blocks (title, opening, every part's and point's heads,
# its gaps' wording), each with its own budget: a template whose every block spent
# 4.9 s had kept `outline` busy 76 s (fuzz pass C, stop 67).  All of one draft's
# renderings share this much time too (rendering only: not the bank's indexing or the
# drafting between them).
MAX_DRAFT_TEMPLATE_SECONDS = 10.0
_DRAFT_SECONDS: contextvars.ContextVar[list[float]] = contextvars.ContextVar("draft_seconds")


@contextlib.contextmanager
def one_draft() -> Iterator[None]:
    """Every rendering of a template inside this (one draft's) draws on one budget of
    MAX_DRAFT_TEMPLATE_SECONDS of rendering; nested, the outer one holds."""
    if _DRAFT_SECONDS.get(None) is not None:
        yield
        return
    token = _DRAFT_SECONDS.set([MAX_DRAFT_TEMPLATE_SECONDS])
    try:
        yield
    finally:
        _DRAFT_SECONDS.reset(token)


def _step_budget() -> list[float]:
    """This rendering's budget (see _new_step_budget)."""
    budget = _STEP_BUDGET.get(None)
    if budget is None:
        budget = _new_step_budget()
        _STEP_BUDGET.set(budget)
    return budget


def _spend_made(size: float) -> None:
    """``size`` characters made by a call that pads or fills to a width: refused past
    MAX_TEMPLATE_MADE in one rendering."""
    from jinja2.exceptions import SecurityError

    budget = _step_budget()
    budget[2] -= size
    if budget[2] < 0:
        raise SecurityError(f"calls making over {MAX_TEMPLATE_MADE:,} characters in one "
                            "rendering are not allowed in a template")


def _as_text(value: object) -> object:
    """Bytes as text, each byte a character (what a bytes method makes is sized as a text
    method's); anything else as it is."""
    return value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else value


def _check_widths(pattern: object) -> None:
    """Refuse a format pattern (%10s, {:>10}) whose widths make a text over the limit:
    all of them together, as each field makes its own ('{0:>199999}' * 3000 had made
    600 million characters, 1.27 GB, each width under the limit: fuzz pass 69).  (A
    figure of the pattern's own text counts too: a pattern is short, and such figures
    small.)"""
    if not isinstance(pattern, str):
        return
    widths = _refused_past_limit(_widths_in(pattern))
    _spend_made(widths)


def _widths_in(text: str) -> int:
    """The figures of a pattern or spec added up, each counted up to just past the limit
    (a figure of a hundred digits is not turned into a number)."""
    return sum(min(int(n), MAX_TEMPLATE_TEXT + 1) if len(n) < 12 else MAX_TEMPLATE_TEXT + 1
               for n in _WIDTH_RE.findall(text))


def _refused_past_limit(widths: int) -> int:
    """``widths``, refused when over MAX_TEMPLATE_TEXT characters."""
    from jinja2.exceptions import SecurityError

    if widths > MAX_TEMPLATE_TEXT:
        raise SecurityError(f"a width over {MAX_TEMPLATE_TEXT:,} characters is not allowed "
                            "in a template")
    return widths


def _made(result: object, given: object) -> object:
    """What a call or a filter made, a text or bytes over MAX_TEMPLATE_TEXT refused and
    a new one spent from the rendering's budget (see _spend_made): a text doubled by
    each of six encode/decode rounds had reached 1.96 GB, and 10,000 texts of 200,000
    characters made by map('replace', …), each under the limit, 1.46 GB (fuzz pass C
    of stop 65).  What a call can make in one go is checked before it (see
    _check_text_call)."""
    from jinja2.exceptions import SecurityError

    if isinstance(result, (str, bytes, bytearray)) and result is not given:
        if len(result) > MAX_TEMPLATE_TEXT:
            raise SecurityError(f"a call making over {MAX_TEMPLATE_TEXT:,} characters is "
                                "not allowed in a template")
        _spend_made(len(result))
    elif isinstance(result, (list, tuple)) and result is not given:
        # (A list is made too, an item at a time: s|list and s.split(…) kept in a loop
        # had reached 2.6 GB within the clock, fuzz pass C of stop 67.)
        if len(result) > MAX_TEMPLATE_TEXT:
            raise SecurityError(f"a call making over {MAX_TEMPLATE_TEXT:,} items is not "
                                "allowed in a template")
        _spend_made(len(result))
    return result


# The encodings a template may encode or decode text in: each makes at most four bytes a
# character, in linear time (punycode is quadratic: one call on 20,000 characters had
# run past a minute, beyond the reach of the rendering's clock, fuzz pass C of stop 65).
_TEMPLATE_CODECS = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                              "utf-32-le", "utf-32-be", "ascii", "latin-1", "iso8859-1",
                              "gbk", "gb18030", "gb2312", "big5"})


def _check_codec(name: str, args: tuple, kwargs: dict) -> None:
    """Refuse an encode or decode in an encoding outside _TEMPLATE_CODECS."""
    import codecs

    from jinja2.exceptions import SecurityError

    encoding = kwargs.get("encoding", args[0] if args else "utf-8")
    try:
        known = codecs.lookup(encoding).name if isinstance(encoding, str) else None
    except LookupError:
        return  # (the call itself says the encoding is unknown)
    if known not in _TEMPLATE_CODECS:
        raise SecurityError(f"{name}() in {str(encoding)[:40]!r} is not allowed in a template "
                            "(UTF-8, UTF-16, UTF-32, ASCII, Latin-1 or a Chinese encoding)")


def _check_text_call(text: object, name: str, args: tuple, kwargs: dict) -> None:
    """Refuse a call of a text method (or filter) that would make a text over the limit."""
    from jinja2.exceptions import SecurityError

    if name in ("encode", "decode") and isinstance(text, (str, bytes, bytearray)):
        _check_codec(name, args, kwargs)
    if name == "translate" and isinstance(text, str):
        # Each character may become a whole text of the table: ('a' * 6000).translate(
        # {97: 'b' * 199000}) had made 1.2 thousand million characters (fuzz pass C of
        # stop 65).  Only a table of a known size is taken.
        table = args[0] if args else kwargs.get("table")
        if not isinstance(table, dict):
            raise SecurityError("translate() takes a dict in a template")
        longest = max((len(v) if isinstance(v, str) else 1 for v in table.values()),
                      default=1)
        if len(text) * longest > MAX_TEMPLATE_TEXT:
            raise SecurityError(f"translate() making over {MAX_TEMPLATE_TEXT:,} characters "
                                "is not allowed in a template")

    if name == "to_bytes" and any(_number(n) and n > MAX_TEMPLATE_TEXT
                                  for n in (*args, *kwargs.values())):
        raise SecurityError(f"{name}() that long is not allowed in a template")
    if isinstance(text, (bytes, bytearray)):
        # (b'a'.center(10**9) makes as many bytes as 'a'.center(10**9) characters, and
        # a bytes replace as many.)
        text, args = _as_text(text), tuple(map(_as_text, args))
    if not isinstance(text, str):
        return
    numbers = [a for a in (*args, *kwargs.values()) if _number(a)]
    if name in ("center", "ljust", "rjust", "zfill", "indent", "wordwrap", "expandtabs",
                "truncate") and any(
            n * max(1, text.count("\n") + 1) > MAX_TEMPLATE_TEXT for n in numbers):
        raise SecurityError(f"{name}() that long is not allowed in a template")
    if name in ("center", "ljust", "rjust", "zfill") and numbers:
        _spend_made(max(0, max(numbers)))
    if name == "indent":
        # Its width may be a text, put before every line: ('a\n' * 3000)|indent('x' *
        # 199999) had made 600 million characters (fuzz pass 70).
        width = kwargs.get("width", args[0] if args else 4)
        step = len(width) if isinstance(width, str) else width if _number(width) else 0
        made = len(text) + (text.count("\n") + 1) * max(0, step)
        if made > MAX_TEMPLATE_TEXT:
            raise SecurityError(f"{name}() that long is not allowed in a template")
        _spend_made(made)
    if name == "expandtabs":
        # Each tab becomes up to tabsize spaces: ('\t' * 100000).expandtabs(100000) had
        # taken 9.6 GB (fuzz pass 39).
        size = next(iter(numbers), 8)
        if len(text) + text.count("\t") * max(0, size) > MAX_TEMPLATE_TEXT:
            raise SecurityError(f"{name}() that long is not allowed in a template")
    if name == "wordwrap":
        # Each break puts its wrapstring in: ('a ' * 100000)|wordwrap(1, wrapstring='x' *
        # 100000) made 10^10 characters (fuzz pass 44).
        width = kwargs.get("width", args[0] if args else 79)
        wrap = kwargs.get("wrapstring", args[2] if len(args) > 2 else None)
        breaks = len(text) // max(1, int(width) if _number(width) else 79) + text.count("\n")
        if len(text) + (breaks + 1) * (len(wrap) if isinstance(wrap, str) else 1) \
                > MAX_TEMPLATE_TEXT:
            raise SecurityError(f"wordwrap() making over {MAX_TEMPLATE_TEXT:,} characters is "
                                "not allowed in a template")
    if name in ("format", "format_map"):
        _check_widths(text)
        _check_filled(text, args, kwargs)
        if _STAR_WIDTH_RE.search(text) or text.count("{") > 1:
            _check_nested_specs(text, args, kwargs, name == "format_map")
    if name == "join" and args and isinstance(args[0], list):
        made = sum(_text_size(item) for item in args[0]) + len(text) * max(0, len(args[0]) - 1)
        if made > MAX_TEMPLATE_TEXT:
            raise SecurityError(f"join() making over {MAX_TEMPLATE_TEXT:,} characters is "
                                "not allowed in a template")
    if name == "replace" and len(args) >= 2 and isinstance(args[1], str):
        old = args[0] if isinstance(args[0], str) else ""
        made = len(text) + (text.count(old) if old else len(text) + 1) * len(args[1])
        if made > MAX_TEMPLATE_TEXT:
            raise SecurityError(f"replace() making over {MAX_TEMPLATE_TEXT:,} characters is "
                                "not allowed in a template")


# A width or precision given as an argument: %*d, %.*f, and a field nested in a format
# spec, {0:>{1}} or {x:.{p}f} ('{0:>{1}}'.format('a', 10**9) had taken 1 GB: fuzz pass
# 67).
_STAR_WIDTH_RE = re.compile(r"%[-#0 +]*\d*(?:\*|\.\*)|\{[^{}]*:[^{}]*\{")


def _check_nested_specs(pattern: str, args: tuple, kwargs: dict, mapping: bool) -> None:
    """Refuse a format whose fields nested in a spec make a width over the limit, whatever
    they give: a number ({0:>{1}} of 10**9) or a whole spec as text ('{:{}}'.format('a',
    '>999999999') had taken 1 GB: fuzz pass 68).  The specs are worked out as the format
    would work them out, and nothing is formatted."""
    import string
    from _string import formatter_field_name_split  # (as string.Formatter splits them)

    from jinja2.exceptions import SecurityError

    widths = [0]  # (all fields' widths together: see _check_widths)

    class SpecsOnly(string.Formatter):
        def get_field(self, field_name, args, kwargs):
            first, rest = formatter_field_name_split(field_name)
            value = self.get_value(first, args, kwargs)
            for is_attribute, key in rest:
                # (An item of a list or a mapping, as {1[0]} names it; no attribute is
                # looked up here, outside the sandbox.)
                if is_attribute or not isinstance(value, (list, tuple, dict)):
                    return "", first
                value = value[key]
            return value, first

        def format_field(self, value, format_spec):
            widths[0] = _refused_past_limit(widths[0] + _widths_in(format_spec))
            # (What a field nested in a spec gives is that spec's text: a text or a number
            # as written.  An outer field's own text is not needed.)
            return value if isinstance(value, str) else str(value) if _number(value) else ""

        def convert_field(self, value, conversion):
            return value  # (!r and !s only say how it is written: not read here)

    try:
        if mapping and len(args) == 1:
            SpecsOnly().vformat(pattern, (), args[0])
        else:
            SpecsOnly().vformat(pattern, args, kwargs)
    except SecurityError:
        raise
    except Exception:  # (a bad format: the real call says what is wrong with it)
        return
    _spend_made(widths[0])


def _check_filled(pattern: str, args: tuple, kwargs: dict) -> None:
    """Refuse a format pattern filled past the limit: a width given as an argument
    ('%*d'|format(2147483000, 1) had reached 2 GB), or fields that each repeat a long
    value (('{0}'*50000).format(topic*50000) had no bound: fuzz re-check, stop 38)."""
    from jinja2.exceptions import SecurityError

    values = [*args, *kwargs.values()]
    for value in values:
        _check_size(value)  # (a value too long as text is said as such first)
    if len(values) == 1 and isinstance(values[0], dict):
        values = list(values[0].values())  # (format_map, or % with a mapping)
    elif len(values) == 1 and isinstance(values[0], (list, tuple)):
        values = list(values[0])  # (% with a tuple of values)
    if _STAR_WIDTH_RE.search(pattern) and any(
            _number(v) and abs(v) > MAX_TEMPLATE_TEXT for v in values):
        raise SecurityError(f"a width over {MAX_TEMPLATE_TEXT:,} characters is not allowed "
                            "in a template")
    if "*" in pattern and "%" in pattern:
        _spend_made(_refused_past_limit(_star_widths(pattern, values)))
    longest = max((_text_size(v) for v in values), default=0)
    fields = pattern.count("{") + pattern.count("%")
    if len(pattern) + fields * longest > MAX_TEMPLATE_TEXT:
        raise SecurityError(f"a format making over {MAX_TEMPLATE_TEXT:,} characters is not "
                            "allowed in a template")


# One conversion of a % pattern: its width and precision, either given as * (taken from
# the values, in turn, before the value converted), and its type.
_PERCENT_SPEC_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?(.)",
                              re.DOTALL)


def _star_widths(pattern: str, values: list) -> int:
    """The widths and precisions a % pattern takes from its values (%*s, %.*f), all
    together, as ``_check_widths`` counts those written in it: ('%*s' * 5000)|format(
    *([199999, 'a'] * 5000)) had made a thousand million characters, each width under the
    limit (fuzz pass 70)."""
    taken = iter(values)
    total = 0
    for match in _PERCENT_SPEC_RE.finditer(pattern):
        width, precision, kind = match.groups()
        if kind == "%":
            continue
        for star in (width, precision):
            if star == "*":
                value = next(taken, 0)
                # (A float width is refused by % itself; inf and nan count as too wide.)
                size = abs(value) if _number(value) else 0
                total += int(size) if size <= MAX_TEMPLATE_TEXT else MAX_TEMPLATE_TEXT + 1
        next(taken, None)
        if total > MAX_TEMPLATE_TEXT:
            break
    return total


def _text_size(value: object, limit: int = MAX_TEMPLATE_TEXT) -> int:
    """How many characters ``value`` makes as text, counted only up to just past
    ``limit`` (a list of a thousand references to one long text is cheap to hold and
    ruinous to print)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (bytes, bytearray)):
        return 4 * len(value) + 3  # (written as b'…', a byte as \xNN at most)
    if isinstance(value, (int, float, bool)) or value is None:
        return 24
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        size = 2
        for item in value:
            size += _text_size(item, limit - size) + 2
            if size > limit:
                break
        return size
    from jinja2.utils import Namespace

    # Printed whole: a namespace with every attribute, dict.values() and the like with
    # every item (either had hidden a list of long texts, 2 GB printed, from this count:
    # fuzz pass C of stop 67).
    if isinstance(value, Namespace):
        return _text_size(dict(object.__getattribute__(value, "_Namespace__attrs")), limit)
    if isinstance(value, MappingView):
        return _text_size(list(value), limit)
    return 64  # other objects (Undefined, a range, a loop) print short


def _check_size(value: object) -> None:
    """Refuse a value whose text would pass MAX_TEMPLATE_TEXT characters."""
    from jinja2.exceptions import SecurityError

    if not isinstance(value, str) and _text_size(value) > MAX_TEMPLATE_TEXT:
        raise SecurityError(f"a value whose text is over {MAX_TEMPLATE_TEXT:,} characters "
                            "is not allowed in a template")


def _sized(value: object) -> object:
    """What ``{{ value }}`` writes, checked before it is turned into text.  A function,
    method or macro written out, not called, is refused: its text is Python's
    <function str.format at 0x7fd9…>, in the speech, and its address changes from run to
    run, so one seed no longer gives one draft (fuzz pass C of stop 67, m8)."""
    from jinja2 import Undefined

    # (An undefined name is callable too: written out, it says its own error.)
    if callable(value) and not isinstance(value, (str, Undefined)):
        from jinja2.exceptions import SecurityError

        raise SecurityError(f"{getattr(value, '__name__', 'a function')} is written out, not "
                            "called: add its arguments in brackets, (…)")
    _check_size(value)
    return value


def _joinable(items: object) -> list:
    """The items a join is to join, as a list, refused past the budget for loop steps
    (a generator has no length to check)."""
    if isinstance(items, str):
        return list(items)
    out = []
    for item in items:
        _draw_step()
        out.append(item)
    return out


def _bounded_test(real):
    """``real``, a test, with its value and arguments sized first (see _check_size)."""
    from jinja2.utils import _PassArg

    def bounded(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if not isinstance(value, str):
                _check_size(value)
        return real(*args, **kwargs)

    # (A test that takes the context or environment, as `defined`'s kin may, is passed it
    # as before: Jinja2 reads the mark off the function it calls.)
    if (passed := _PassArg.from_obj(real)) is not None:
        bounded.jinja_pass_arg = passed  # type: ignore[attr-defined]
    return bounded


def _bounded_filter(real, name: str):
    """``real``, a filter, with its input's size checked first, and for a filter that
    makes text, the size of what it would make (see _check_text_call)."""
    from jinja2 import pass_context
    from jinja2.filters import make_attrgetter
    from jinja2.utils import _PassArg

    @pass_context
    def bounded(context, value, *args, **kwargs):
        if name == "join":
            value = _joinable(value)
            attribute = kwargs.pop("attribute", args[1] if len(args) > 1 else None)
            args = args[:1]
            if attribute is not None:
                value = list(map(make_attrgetter(context.environment, attribute), value))
            separator = args[0] if args else kwargs.get("d", "")
            _check_text_call(str(separator), "join", (value,), {})
        else:
            _check_size(value)
            for arg in (*args, *kwargs.values()):
                _check_size(arg)
            if isinstance(value, str):
                _check_text_call(value, name, args, kwargs)
            if name == "tojson":
                # Its indent is put before every line, once for each level of nesting: a
                # list nested 80 deep with indent=199999 had made 3 GB of JSON in one call
                # before its size could be checked (a blind re-check, stop 65).
                indent = kwargs.get("indent", args[0] if args else None)
                width = len(indent) if isinstance(indent, str) else indent if _number(
                    indent) else 0
                if width > MAX_JSON_INDENT:
                    from jinja2.exceptions import SecurityError

                    raise SecurityError(f"tojson() indented by more than {MAX_JSON_INDENT} is "
                                        "not allowed in a template")
            if name in ("slice", "batch") and any(
                    _number(n) and n > MAX_TEMPLATE_TEXT for n in (*args, *kwargs.values())):
                # range(10)|slice(10**9)|list made a thousand million lists (fuzz pass
                # 39); batch(n, fill) pads to n.
                from jinja2.exceptions import SecurityError

                raise SecurityError(f"{name}() into more than {MAX_TEMPLATE_TEXT:,} parts is "
                                    "not allowed in a template")
        _draw_step()
        passed = _PassArg.from_obj(real)
        first = {_PassArg.context: (context,), _PassArg.eval_context: (context.eval_ctx,),
                 _PassArg.environment: (context.environment,)}.get(passed, ())
        return _made(real(*first, value, *args, **kwargs), value)

    return bounded


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _budgeted_range(*args: int) -> range:
    """range() for templates, drawing on the rendering's budget (see BoundedSandbox)."""
    from jinja2.exceptions import SecurityError

    items = range(*args)
    budget = _LOOP_BUDGET.get(None)
    if budget is None:
        budget = [MAX_TEMPLATE_LOOPS]
        _LOOP_BUDGET.set(budget)
    budget[0] -= len(items)
    if budget[0] < 0:
        raise SecurityError(f"loops over more than {MAX_TEMPLATE_LOOPS:,} items in one "
                            "rendering are not allowed in a template")
    return items


@contextlib.contextmanager
def _fresh_budget():
    """A rendering draws on its own loop, step and time budget (and spends from its
    draft's time, see one_draft)."""
    token = _LOOP_BUDGET.set([MAX_TEMPLATE_LOOPS])
    steps = _STEP_BUDGET.set(_new_step_budget())
    started = time.monotonic()
    try:
        yield
    finally:
        _STEP_BUDGET.reset(steps)
        _LOOP_BUDGET.reset(token)
        if (drafts := _DRAFT_SECONDS.get(None)) is not None:
            drafts[0] -= time.monotonic() - started


class _Captured(list):
    """The text a block of a template captures, refused once it passes
    MAX_TEMPLATE_OUTPUT characters; what it holds is spent from the rendering's budget of
    characters made (see _spend_made), as each capture is joined into a new text."""

    size = 0

    def append(self, chunk) -> None:
        self._grow(len(chunk))
        super().append(chunk)

    def extend(self, chunks) -> None:
        chunks = list(chunks)
        self._grow(sum(map(len, chunks)))
        super().extend(chunks)

    def _grow(self, size: int) -> None:
        from jinja2.exceptions import SecurityError

        self.size += size
        if self.size > MAX_TEMPLATE_OUTPUT:
            raise SecurityError(f"a block may capture at most {MAX_TEMPLATE_OUTPUT:,} "
                                "characters")
        _spend_made(size)


def _bounded_output(chunks, values: dict[str, Any] | None = None) -> str:
    """A rendering's text, refused once it passes MAX_TEMPLATE_OUTPUT characters, or
    when the template itself writes half of a character (one the writer's ``values``
    hold is theirs, said as such where their input is read)."""
    from jinja2.exceptions import SecurityError

    out, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_TEMPLATE_OUTPUT:
            raise SecurityError(f"a template may write at most {MAX_TEMPLATE_OUTPUT:,} "
                                "characters")
        if (lone := SURROGATE_RE.search(chunk)) and not any(
                lone.group() in str(value) for value in (values or {}).values()):
            # No file can hold it: a draft written with it had failed far from here, as
            # "the input holds bytes that are not valid UTF-8", naming no template (fuzz
            # pass 67).
            raise ValueError(f"it writes {shown(lone.group())}, half of a character, which "
                             "no file can hold")
        if _ADDRESS_RE.search(chunk) and not any(
                _ADDRESS_RE.search(str(value)) for value in (values or {}).values()):
            # A function or object written out by |string, ~, join or % (which
            # _sized does not see): its address changes from run to run, so one seed
            # no longer gave one draft (fuzz pass 3 of stop 69, C-m10).
            raise ValueError("it writes out a function or object (Python's "
                             f"{shown(_ADDRESS_RE.search(chunk).group())}) where text belongs;"
                             " call it, or write the text it is for")
        out.append(chunk)
    return "".join(out)


# Python's text for a function, method or object: <built-in method join of str object
# at 0x7f…>.
_ADDRESS_RE = re.compile(r"<[^<>\n]{1,200} at 0x[0-9a-f]{6,}>")


def _inner_quotes(text: object) -> str:
    """Text to stand inside “…”: its own double quotes become single (“千万工程” →
    ‘千万工程’), as Chinese nests them."""
    return str(text).replace("“", "‘").replace("”", "’")


def _describe(exc: Exception) -> str:
    import jinja2

    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined variable: {exc.message}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"not allowed in a template: {exc}"
    if isinstance(exc, RecursionError):
        # (Python's words had been shown: fuzz pass 52, q2.)
        return ("nested too deeply (a macro calling itself, or brackets inside brackets "
                "hundreds deep)")
    if isinstance(exc, AssertionError):
        # (Jinja2's truncate asserts its length holds its end: its words alone, with
        # the name of Python's error, had been shown.)
        return f"arguments that do not fit together: {exc}"
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        # (A field's default with a 4,301-digit number: Python's words, fuzz pass 64 n1.)
        return "a number too long to read (more than 4,300 digits)"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        # A file it includes or extends, named with its line.
        return f"{shown(exc.filename or exc.name or '')}:{exc.lineno}: {exc.message}"
    # (Python's words had been shown for these: fuzz pass C of stop 67, m7.)
    if isinstance(exc, UnicodeDecodeError):
        return (f"a file it reads is not UTF-8 text (byte {exc.start}): save it as UTF-8")
    if isinstance(exc, OverflowError):
        return f"a number too large for what it is given to ({exc})"
    if isinstance(exc, AttributeError):
        return f"a value of the wrong kind for what is done with it ({exc})"
    # (And for these: 1 + 'a', 'abc'.index('z'), '%(a)s' % {}, slice(0), a filter given
    # the wrong arguments; fuzz pass 3 of stop 69, C-m5.)
    if isinstance(exc, jinja2.exceptions.FilterArgumentError):
        return f"a filter given arguments it does not take ({exc})"
    if isinstance(exc, TypeError):
        return f"a value of the wrong kind, or the wrong arguments, for what is done ({exc})"
    if isinstance(exc, ZeroDivisionError):
        return "a division by zero (a slice, a batch or a number divided by 0)"
    if isinstance(exc, KeyError):
        return f"no such key: {exc}"
    if isinstance(exc, IndexError):
        return f"no such place in a list or text ({exc})"
    if isinstance(exc, ValueError) and str(exc).startswith("it writes"):
        return str(exc)  # (_bounded_output's own words)
    if isinstance(exc, ValueError):
        return f"a value that does not fit what is done with it ({exc})"
    return f"{type(exc).__name__}: {exc}"


# Files a prose file extends in turn: a genre built on another, built on a third, is
# as deep as anyone goes.
MAX_EXTENDS = 10


def _extends(tmpl, environment) -> str | None:
    """The name of the file a compiled prose file extends, or None.  Only a name written
    as a string is followed ({% extends "work_conference.j2" %}); one computed from
    the fields would make the blocks a draft has depend on what the writer typed."""
    import jinja2
    from jinja2 import nodes

    if not tmpl.name or environment.loader is None:
        return None
    try:
        source = environment.loader.get_source(environment, tmpl.name)[0]
        found = environment.parse(source).find(nodes.Extends)
    except (jinja2.TemplateError, OSError, RecursionError, ValueError, UnicodeDecodeError):
        return None  # (it compiled: the same source cannot fail now but by a race)
    if found is None:
        return None
    if not (isinstance(found.template, nodes.Const) and isinstance(found.template.value, str)):
        raise TemplateError(Path(tmpl.filename or tmpl.name), "{% extends %} names its file "
                            "by an expression; write the name as a string", found.lineno)
    return found.template.value


def _template_line(exc: BaseException, tmpl) -> int | None:
    """The template line an exception was raised at: the compiled template's frames
    carry the template's file name, and Jinja2 maps their Python lines back."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == tmpl.filename and frame.lineno is not None:
            line = tmpl.get_corresponding_lineno(frame.lineno)
    return line


# -- loading ------------------------------------------------------------------------


def template_dirs() -> list[Path]:
    from drafter import config

    return config.search_path("templates")


MAX_TEMPLATES_LISTED = 200  # of one folder: far more genres than any office writes


def list_templates(dirs: list[Path] | None = None,
                   problems: list[TemplateError] | None = None) -> dict[str, Template]:
    """Every template by name, the user's overriding the shipped; sorted by name.

    A broken template is left out; with ``problems`` given its error is added there
    (else the first one is raised), so one bad file does not hide the others."""
    found: dict[str, Path] = {}
    unread: list[TemplateError] = []
    for folder in reversed(dirs if dirs is not None else template_dirs()):
        if folder.is_dir():
            paths = sorted(folder.glob("*.toml"))
            if len(paths) > MAX_TEMPLATES_LISTED:
                # Each is compiled and tried to be listed: 2,000 had taken `drafter
                # templates` 34 s and kept the TUI's first screen blank for minutes
                # (fuzz pass, stop 62).  The rest are still loaded by name.
                unread.append(TemplatesUnlisted(folder, f"{len(paths):,} templates; the first "
                                            f"{MAX_TEMPLATES_LISTED} by name are listed, the "
                                            "others are used only when named (-t NAME)"))
                paths = paths[:MAX_TEMPLATES_LISTED]
            for path in paths:
                found[path.stem] = path
        elif os.path.lexists(folder):
            # (A templates "folder" that is a file, a link to /dev/zero or a dangling
            # link had been passed over without a word: fuzz pass 51, q1.)
            unread.append(TemplateError(folder, "not a folder (or a link to none); your "
                                        "templates go in a folder of that name, as "
                                        ".toml files, and none of it was read"))
    if unread and problems is None:
        raise unread[0]
    if problems is not None:
        problems.extend(unread)
    templates = {}
    # Checking a template compiles its prose: a few seconds for a large one within the
    # bounds, and sixteen such had taken `drafter templates` 42 s and the TUI's first
    # screen a minute (fuzz pass C, stop 67).  Past LISTING_SECONDS the rest are listed
    # from their TOML alone, and checked when used.
    checking_until = time.monotonic() + LISTING_SECONDS
    unchecked = []
    for name in sorted(found):
        try:
            templates[name] = read_template(found[name])
            if time.monotonic() < checking_until:
                templates[name].check()
            else:
                unchecked.append(name)
        except TemplateError as exc:
            if problems is None:
                raise
            templates.pop(name, None)
            problems.append(exc)
    if unchecked and problems is not None:
        problems.append(TemplatesUnlisted(found[unchecked[0]].parent, (
            f"{len(unchecked):,} template(s) from {unchecked[0]} on listed unchecked: "
            f"compiling the others took the {LISTING_SECONDS:g} s a listing gives them; "
            "each is checked when it is used")))
    return templates


LISTING_SECONDS = 5.0  # compiling templates to list them, all together


def load_template(name: str, dirs: list[Path] | None = None) -> Template:
    """The template called ``name`` (or at the path ``name``, a .toml file named on the
    command line)."""
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.is_file():
        template = read_template(candidate)
        template.check()
        return template
    if not TEMPLATE_NAME_RE.fullmatch(name):
        said = name if len(name) <= 80 else name[:80] + "…"
        raise DrafterError(f"{shown(said)!r} is no template's name (a name such as "
                           "party_lecture, or a path to a .toml file)")
    for folder in dirs if dirs is not None else template_dirs():
        path = folder / f"{name}.toml"
        if path.is_file() or os.path.lexists(path):
            # (One that is no regular file is refused by name, not said to be absent
            # while the list of templates names it: fuzz pass 63 m4.)
            template = read_template(path)
            template.check()
            return template
    names = ", ".join(sorted({p.stem for d in (dirs or template_dirs()) if d.is_dir()
                              for p in d.glob("*.toml")}))
    raise DrafterError(f"no template called {name!r} (templates: {names or 'none'})")


def read_template(path: Path) -> Template:
    from drafter.bank.taxonomy import load_taxonomy

    if not TEMPLATE_NAME_RE.fullmatch(path.stem):
        # A draft carries its template's name, and is read back only under such a name:
        # drafts made from "my lecture.toml" had been written, then refused on every
        # later read, the TUI's recent list included (fuzz pass C, stop 67).
        raise TemplateError(path, f"{shown(path.stem)!r} cannot be a template's name: use "
                            "letters, digits, _ and - (at most 64), as in party_lecture; "
                            "rename the .toml and .j2 files")
    text = _read(path)
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise TemplateError(path, f"invalid TOML: {exc}",
                            int(match.group(1)) if match else None) from None
    lines = _Lines(text)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise TemplateError(path, f"unknown key {unknown[0]!r}", lines.find(unknown[0]))
    prose = path.with_suffix(".j2")
    if not prose.is_file():
        # (A folder or a FIFO of that name is there, not missing: fuzz pass 63 m4.)
        raise TemplateError(path, f"its prose file {prose.name} is not a regular file"
                            if os.path.lexists(prose) else
                            f"its prose file {prose.name} is missing")
    markers = data.get("markers", numbering.DEFAULT_STYLES)
    for marker in _strings(markers, path, "markers", lines):
        if marker not in numbering.STYLES:
            raise TemplateError(path, f"unknown marker style {marker!r} (known: "
                                f"{' '.join(k for k in numbering.STYLES if k)})",
                                lines.find("markers"))
    section_keys = set(load_taxonomy().keys)
    fields_raw = _table(data.get("fields", {}), path, "fields", lines)
    if len(fields_raw) > MAX_FIELDS:
        # (8,500 had taken 26 s to read, every `drafter templates` and TUI start paying
        # it again: fuzz pass 46 M5.)
        raise TemplateError(path, f"{len(fields_raw):,} [fields]; a template has at most "
                            f"{MAX_FIELDS}", lines.find("fields"))
    fields = [_field(key, spec, path, lines) for key, spec in fields_raw.items()]
    if not any(f.key == "topic" for f in fields):
        raise TemplateError(path, "every template needs a 'topic' field")
    parts_raw = data.get("parts", [])
    if not isinstance(parts_raw, list) or not parts_raw:
        raise TemplateError(path, "needs at least one [[parts]] table", lines.find("parts"))
    if len(parts_raw) > MAX_PARTS:
        raise TemplateError(path, f"{len(parts_raw):,} [[parts]]; a template has at most "
                            f"{MAX_PARTS}", lines.find("parts"))
    parts = [_slot(p, f"parts[{i}]", path, lines, section_keys)
             for i, p in enumerate(parts_raw)]
    if (heads := sum(_heads_made(part) for part in parts)) > MAX_HEADS:
        raise TemplateError(path, f"its parts and their children make {heads:,} headings; a "
                            f"template makes at most {MAX_HEADS}", lines.find("parts"))
    if (items := sum(_items_asked(part) for part in parts)) > MAX_ITEMS_ASKED:
        raise TemplateError(path, f"its headings ask for {items:,} items in all (count × "
                            f"kinds); a template asks for at most {MAX_ITEMS_ASKED}",
                            lines.find("parts"))
    return Template(name=path.stem, path=path, prose_path=prose,
                    label=_words(data.get("label", path.stem), path, "label", lines,
                                 MAX_LABEL_CHARS),
                    description=_words(data.get("description", ""), path, "description",
                                       lines, MAX_HELP_CHARS),
                    genre=_words(data.get("genre", ""), path, "genre", lines,
                                 MAX_LABEL_CHARS),
                    minutes=_minutes(data.get("minutes", 0), path, lines),
                    voice=_voice(data.get("voice", "deploy"), path, lines),
                    markers=list(markers), fields=fields, parts=parts)


def _voice(value: Any, path: Path, lines: _Lines) -> str:
    if value not in VOICES:
        raise TemplateError(path, f"voice: expected one of {', '.join(VOICES)}",
                            lines.find("voice"))
    return value


def _minutes(value: Any, path: Path, lines: _Lines) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 180:
        raise TemplateError(path, "minutes: expected a whole number of minutes, 0-180",
                            lines.find("minutes"))
    return value


def _read(path: Path) -> str:
    # Only a regular file, and no more of it than a template may hold: a FIFO named
    # x.toml had hung `drafter templates` and the TUI's list, /dev/zero behind a link
    # had taken 1.9 GB (fuzz pass 46 M3, M4).  (UTF-8: up to 4 bytes a character.)
    try:
        data = read_regular_file(path, 4 * MAX_TEMPLATE_FILE)
    except UnreadableFile as exc:
        raise TemplateError(path, exc.reason) from None
    try:
        # (A mark of UTF-8 at the start, as Notepad writes, is no error: settings and
        # rules files take it, and templates had refused it: fuzz pass 44.)
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TemplateError(path, f"not UTF-8 text (byte {exc.start}); a template is UTF-8: "
                                  "save it as UTF-8") from None
    return text


class _Lines:
    """Finds the line a key is declared on, for error messages (tomllib gives none)."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def find(self, key: str, after: int = 0) -> int | None:
        pattern = re.compile(rf"^\s*(\[+\s*)?([\w.]*\.)?{re.escape(key)}\s*(=|\]|\.)")
        for number, line in enumerate(self.lines[after:], start=after + 1):
            if pattern.search(line):
                return number
        return None


def _field(key: str, spec: Any, path: Path, lines: _Lines) -> FieldSpec:
    line = lines.find(f"fields.{key}") or lines.find(key)
    if not isinstance(spec, dict):
        raise TemplateError(path, f"field {key!r}: expected a table", line)
    unknown = sorted(set(spec) - _FIELD_KEYS)
    if unknown:
        raise TemplateError(path, f"field {key!r}: unknown key {unknown[0]!r}", line)
    default = spec.get("default")
    if default is not None and not isinstance(default, str):
        raise TemplateError(path, f"field {key!r}: default must be a string", line)
    required = spec.get("required", False)
    if not isinstance(required, bool):
        # (required = "false", a string, had made the field required: fuzz pass C of
        # stop 63, m5.)
        raise TemplateError(path, f"field {key!r}: required must be true or false "
                                  "(without quotes)", lines.find("required", line or 0) or line)
    return FieldSpec(key=key, label=_words(spec.get("label", key), path, key, lines,
                                           MAX_LABEL_CHARS, f"field {key!r}: label"),
                     required=required, default=default,
                     help=_words(spec.get("help", ""), path, key, lines, MAX_HELP_CHARS,
                                 f"field {key!r}: help"),
                     line=line)


# A label names a genre or a field (工作会议讲话, 讲话人); a description or help says what
# to type in a sentence or two.  A label of 150,000 characters had become a draft's
# placeholder that fill then refused, and ESC in one left "[31m" in the draft (fuzz pass
# 3 of stop 69, C-m7, C-m8).
MAX_LABEL_CHARS = 60
MAX_HELP_CHARS = 1000


def _words(value: Any, path: Path, key: str, lines: _Lines, limit: int,
           what: str = "") -> str:
    """A label, description or help text (``what``, found by ``key``): a string of at
    most ``limit`` characters, without control characters."""
    text = _string(value, path, key, lines)
    what = what or key
    if len(text) > limit:
        raise TemplateError(path, f"{what}: {len(text):,} characters; at most {limit:,}",
                            lines.find(key))
    if found := CONTROL_LIKE_RE.search(text):
        raise TemplateError(path, f"{what}: holds the control character "
                            f"U+{ord(found.group()):04X}", lines.find(key))
    return text


# The shape of a speech: the bundled templates have 3-6 parts, one level of points under
# them, 12 headings at most and 39 items asked under them.  A template of 3,000 parts
# had taken `drafter templates` 47 s to list, and one nesting children 60 deep (2^60
# headings) hung `outline` (fuzz pass 44); 200 heads asking 12 items each, 2,400 in all,
# each weighed against those drawn before it, kept `outline` busy one to five minutes
# (fuzz pass C, stop 67).
MAX_PARTS = 20
MAX_FIELDS = 50  # the bundled templates ask for 8 to 12
MAX_DEPTH = 4  # levels of headings: 一、 （一） 1. （1）
MAX_HEADS = 60
MAX_ITEMS_ASKED = 160  # items under all of a draft's heads, as its template asks them


def _heads_made(slot: SlotSpec) -> int:
    """How many headings a part makes at most: each level's count times the ones above."""
    return slot.count * (1 + (_heads_made(slot.children) if slot.children else 0))


def _items_asked(slot: SlotSpec) -> int:
    """How many items a part asks for under its headings at most, in either mode."""
    own = max(len(slot.full), len(slot.outline))
    return slot.count * (own + (_items_asked(slot.children) if slot.children else 0))


# What Jinja2 takes as a block's name, within a length anyone writes.
_BLOCK_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _slot(raw: Any, where: str, path: Path, lines: _Lines, section_keys: set[str],
          parent: SlotSpec | None = None, depth: int = 1) -> SlotSpec:
    if not isinstance(raw, dict):
        raise TemplateError(path, f"{where}: expected a table")
    if depth > MAX_DEPTH:
        raise TemplateError(path, f"{where.split('.children')[0]}: children nested more than "
                            f"{MAX_DEPTH} levels deep", _slot_line(lines, raw, parent))
    name = raw.get("name") or (f"{parent.name}.children" if parent else where)
    line = _slot_line(lines, raw, parent)
    unknown = sorted(set(raw) - _SLOT_KEYS)
    if unknown:
        raise TemplateError(path, f"{where} ({name}): unknown key {unknown[0]!r}", line)
    sections = raw.get("sections", list(parent.sections) if parent else [])
    for key in _strings(sections, path, f"{where}.sections", lines):
        if key not in section_keys:
            raise TemplateError(path, f"{where} ({name}): unknown section type {key!r}",
                                line)
    if not sections:
        raise TemplateError(path, f"{where} ({name}): needs 'sections'", line)
    def kinds(key: str, default: tuple[str, ...], allowed: tuple[str, ...]) -> tuple[str, ...]:
        value = raw.get(key, list(default))
        for kind in _strings(value, path, f"{where}.{key}", lines):
            if kind not in allowed:
                raise TemplateError(path, f"{where} ({name}): unknown phrase kind {kind!r} "
                                    f"in {key} (kinds: {', '.join(allowed)})", line)
        if len(value) > MAX_KINDS_LISTED:
            # (Each item drawn is weighed against all said before it: 2,000 under one
            # head had run `outline --mode full` past a minute, fuzz pass 57 N4.)
            raise TemplateError(path, f"{where} ({name}): {key} lists {len(value)} kinds; "
                                f"at most {MAX_KINDS_LISTED} under one head", line)
        return tuple(value)
    count = raw.get("count", 1)
    if not isinstance(count, int) or not 1 <= count <= 20:
        raise TemplateError(path, f"{where} ({name}): count must be 1-20", line)
    # (A block's name: a list there had ended `drafter templates` in a TypeError, fuzz
    # pass 3 of stop 69, C-M1.)
    for key in ("heading", "fallback", "asks", "room"):
        if key in raw:
            block = _string(raw[key], path, f"{where}.{key}", lines, line)
            # (A name of 150,000 characters had been echoed whole in the error saying
            # no block had it: fuzz pass 4 of stop 69, C-m1.)
            if not _BLOCK_NAME_RE.fullmatch(block):
                raise TemplateError(path, f"{where}.{key}: {shown(block[:40])}"
                                    f"{'…' if len(block) > 40 else ''} is no block name "
                                    "(letters, digits and _, at most 64)",
                                    lines.find(key, max((line or 1) - 1, 0)))
    # (draw = "false", a string, would have drawn: bool() of any text is true.)
    for key in ("parallel", "run_in", "draw", "lead_heads"):
        if key in raw and not isinstance(raw[key], bool):
            raise TemplateError(path, f"{where} ({name}): {key} must be true or false",
                                lines.find(key, max((line or 1) - 1, 0)))
    slot = SlotSpec(
        name=str(name), sections=tuple(sections),
        kinds=kinds("kinds", ("heading", "lead"), KINDS), count=count,
        parallel=bool(raw.get("parallel", count > 1)), run_in=bool(raw.get("run_in", False)),
        draw=bool(raw.get("draw", True)), heading=raw.get("heading") or raw.get("fallback"),
        outline=kinds("outline", ("lead",), ITEM_KINDS),
        full=kinds("full", ("lead", "golden", "quote", "paragraph"), ITEM_KINDS),
        line=line, lead_heads=bool(raw.get("lead_heads", False)),
        asks=raw.get("asks"), room=raw.get("room"))  # (checked as block names above)
    if "children" in raw:
        child = _slot(raw["children"], f"{where}.children", path, lines, section_keys, slot,
                      depth + 1)
        slot = SlotSpec(**{**slot.__dict__, "children": child})
    return slot


def _slot_line(lines: _Lines, raw: dict[str, Any], parent: SlotSpec | None) -> int | None:
    if raw.get("name"):
        for number, line in enumerate(lines.lines, start=1):
            if re.match(rf'\s*name\s*=\s*"{re.escape(str(raw["name"]))}"', line):
                return number
    if parent is not None and parent.line:
        return lines.find("children", parent.line)
    return None


def _table(value: Any, path: Path, key: str, lines: _Lines) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TemplateError(path, f"{key}: expected a table", lines.find(key))
    return value


def _strings(value: Any, path: Path, key: str, lines: _Lines) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(path, f"{key}: expected a list of strings",
                            lines.find(key.rsplit(".", 1)[-1]))
    return value


def _string(value: Any, path: Path, key: str, lines: _Lines, after: int | None = None) -> str:
    """``value`` when it is a string; else an error at the line of ``key``'s last part,
    looked for from line ``after`` on (a slot's own line)."""
    if not isinstance(value, str):
        raise TemplateError(path, f"{key}: expected a string",
                            lines.find(key.rsplit(".", 1)[-1], max((after or 1) - 1, 0)))
    return value
