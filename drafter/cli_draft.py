"""Commands from template to finished file: templates, template show, outline, export.

They register themselves on the ``drafter`` group defined in drafter.cli.
"""

from __future__ import annotations

import click

from drafter.cli import (
    CONTEXT,
    INPUT_FILE,
    OUTPUT_FILE,
    TEXT,
    Settings,
    _Group,
    _print_json,
    _warn_broken_lines,
    global_options,
    main,
)
from drafter.errors import DrafterError
from drafter.fileio import shown


@main.command(context_settings=CONTEXT)
@global_options
@click.pass_context
def templates(ctx: click.Context) -> None:
    """List the genre templates: shipped ones and the user's own (which override).

    \b
    --json prints [{"name", "label", "description", "genre", "path", "user", "fields"}].
    A broken template is named on stderr and left out; the exit status is then 1.
    """
    from drafter import config
    from drafter.draft.templates import TemplatesUnlisted, list_templates

    settings: Settings = ctx.ensure_object(Settings)
    problems: list = []
    found = list_templates(problems=problems)
    bundled = config.bundled_dir("templates").resolve()
    if settings.json:
        _print_json([{**{k: v for k, v in t.to_dict().items() if k != "parts"},
                      "user": t.path.resolve().parent != bundled} for t in found.values()])
    else:
        width = max((len(name) for name in found), default=0)
        for name, tpl in found.items():
            mine = "  (yours)" if tpl.path.resolve().parent != bundled else ""
            click.echo(shown(f"{name:<{width}}  {tpl.label}{mine}  {tpl.description}"))
            if settings.verbosity > 0:
                click.echo(f"{'':<{width}}  {shown(tpl.path)}")
    for problem in problems:
        said = "note" if isinstance(problem, TemplatesUnlisted) else "skipped a broken template"
        click.echo(f"drafter: {said}: {shown(problem)}", err=True)
    if any(not isinstance(problem, TemplatesUnlisted) for problem in problems):
        ctx.exit(1)


@main.group(cls=_Group, context_settings=CONTEXT)
def template() -> None:
    """Look inside a genre template."""


@template.command(context_settings=CONTEXT)
@click.argument("name")
@global_options
@click.pass_context
def show(ctx: click.Context, name: str) -> None:
    """Show template NAME: its fields (required, defaults), markers and skeleton."""
    from drafter.draft.templates import load_template

    settings: Settings = ctx.ensure_object(Settings)
    tpl = load_template(name)
    if settings.json:
        _print_json(tpl.to_dict())
        return
    # (A user's template is text of theirs, said escaped as a file name is: ESC ]0; in
    # a label had set the terminal's title, U+202E reversed the line; fuzz pass, stop 62.)
    click.echo(f"{tpl.name}: {shown(tpl.label)}\n  {shown(tpl.description)}")
    click.echo(f"  files: {shown(tpl.path)}, {shown(tpl.prose_path.name)}")
    click.echo(f"  markers: {' '.join(shown(m) if m else '(none)' for m in tpl.markers)}")
    click.echo("fields:")
    for spec in tpl.fields:
        state = "required" if spec.required else (
            f"default {shown(spec.default)}" if spec.default is not None
            else "placeholder if not given")
        note = f"  {shown(spec.help)}" if spec.help else ""
        click.echo(f"  {shown(spec.key):<13} {shown(spec.label)}  ({state}){note}")
    click.echo("skeleton:")
    for part in tpl.parts:
        _show_slot(part, 1)


def _show_slot(slot, depth: int) -> None:
    source = "phrasebank, else " if slot.draw else ""
    heading = f"{source}block '{slot.heading}'" if slot.heading else "phrasebank"
    click.echo(f"{'  ' * depth}{shown(slot.name)}: {slot.count} × heading from "
               f"{shown(heading)}; sections {', '.join(map(shown, slot.sections))}"
               + ("; parallel" if slot.parallel and slot.count > 1 else "")
               + ("; run-in" if slot.run_in else ""))
    if slot.children:
        _show_slot(slot.children, depth + 1)
    else:
        click.echo(f"{'  ' * depth}  items: outline {', '.join(slot.outline)}; "
                   f"full {', '.join(slot.full)}")


@main.command(context_settings=CONTEXT)
@click.option("-t", "--template", "template_name", required=True, metavar="NAME",
              help="Genre template (see 'drafter templates').")
@click.option("--topic", required=True, type=TEXT, help="What the speech is about.")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE", type=TEXT,
              help="A template field, e.g. --set speaker=张三 --set date=2025-03-02 "
                   "(repeatable).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Another seed proposes another draft; the same seed the same one.")
@click.option("--mode", type=click.Choice(["outline", "full"]), default="outline",
              show_default=True,
              help="outline: headings and lead sentences; full: adds supporting "
                   "sentences and paragraphs.")
@click.option("-o", "--output", metavar="FILE", type=OUTPUT_FILE,
              help="Write the draft: .json (to edit later), .docx, .md or .txt. "
                   "Without it, or with -o -, the draft is printed as text.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--provenance", is_flag=True,
              help="Name each reused phrase's source (DOCX comments, Markdown notes).")
@global_options
@click.pass_context
def outline(ctx: click.Context, template_name: str, topic: str, assignments: tuple[str, ...],
            seed: int, mode: str, output: str | None, force: bool, provenance: bool) -> None:
    """Assemble a draft from a genre template and the phrasebank.

    Slots are filled by relevance to the topic, quality and diversity; fields not
    given become visible placeholders such as 〔待补：讲话人〕.

    \b
    Examples:
      drafter outline -t work_conference --topic 基层党组织建设 -o draft.json
      drafter outline -t party_lecture --topic 作风建设 --mode full -o 党课.docx
    Exit status: 0 written, 1 a template or field problem (named), 2 usage error.
    """
    from drafter.bank.phrasebank import PhraseBank
    from drafter.draft.assemble import assemble
    from drafter.export import format_for, write_draft
    from drafter.export.text import plain_text

    settings: Settings = ctx.ensure_object(Settings)
    fields = {"topic": topic}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {assignment!r}",
                                     param_hint="--set")
        if key.strip() == "topic":
            raise click.BadParameter("give the topic with --topic", param_hint="--set")
        fields[key.strip()] = value.strip()
    if output == "-":
        output = None  # standard output, as without -o (fuzz pass 65: "-" had no suffix)
    if output:
        format_for(output)  # an unknown suffix is reported before any work
        _not_into_a_phrasebank(output)
    _taxonomy_first(settings)
    with PhraseBank.open(settings.phrasebank) as bank:
        _warn_broken_lines(bank.problems)
        _warn_broken_rules(bank.path)
        draft = assemble(template_name, fields, bank=bank, seed=seed, mode=mode)
    if output:
        path = write_draft(draft, output, overwrite=force, provenance=provenance)
        if settings.json:
            _print_json({"output": str(path), "characters": draft.text_length(),
                         "topic": draft.topic, "coverage": draft.coverage(),
                         "gaps": draft.gaps()})
        elif settings.verbosity >= 0:
            click.echo(f"wrote {shown(path)} ({draft.text_length()} characters)", err=True)
    elif settings.json:
        click.echo(draft.to_json(), nl=False)
    else:
        click.echo(plain_text(draft), nl=False)
    if not settings.json and settings.verbosity >= 0:
        for line in understood_lines(draft):
            click.echo(line, err=True)


def _taxonomy_first(settings: Settings) -> None:
    """A damaged taxonomy is said before the phrasebank is indexed (15 s on a cold
    cache), not after."""
    from drafter.bank.taxonomy import load_domains, load_taxonomy

    load_taxonomy(settings.phrasebank)
    load_domains(settings.phrasebank)


def _warn_broken_rules(bank_dir) -> None:
    """Say a stale rules file that could not be loaded: the draft is made with the others
    (a broken user stale.toml had stopped outline and fill: fuzz pass 49 q6)."""
    from drafter.check.stale import rules_in_force

    _, problem = rules_in_force(bank_dir)
    if problem:
        click.echo(f"warning: stale rules not loaded: {shown(problem)}; the other rules "
                   "files are used", err=True)


def understood_lines(draft) -> list[str]:
    """What the assembler understood of the topic, and what the draft is made of."""
    from drafter.draft.templates import derived_variables, led_by

    topic, cover = draft.topic, draft.coverage()
    lines = []
    if topic:
        if topic.get("placed"):
            domains = ", ".join(f"{k} {v:.0%}" for k, v in topic["domains"])
            # (What one holds to, or a task led by its own verb, is said as typed: 牢记
            # 初心使命 and 走好新时代党的群众路线, not 做好牢记… or 做好走好….)
            # (Nor a quality one shows or a view one holds, 党员干部担当作为, 树立和践行
            # 正确的权力观: not 做好党员干部担当作为 or 树立和践行正确的权力观工作.)
            derived = derived_variables({"topic": topic["text"]})
            held = topic["shape"] == "verb" and not topic["task"].endswith("工作")
            said = (derived["doing"] if derived["inward"] else topic["task"] if held
                    else led_by(topic["task"], "做好"))
            lines.append(f"topic: {topic['text']} → {domains}; as {topic['shape']}: {said}")
            if topic.get("terms"):
                lines.append(f"related terms: {'、'.join(topic['terms'])}")
        elif topic.get("passages_on_topic", 0) >= _FEW_PASSAGES:
            # (人才工作 is every field's: its own passages carry the draft.)
            lines.append(f"topic: {topic['text']} is placed in no one domain: drafted from "
                         f"the {topic['passages_on_topic']} passages that name it and "
                         "topic-neutral ones")
        else:
            lines.append(f"topic: {topic['text']} is not placed in any domain: only passages "
                         "that name it and topic-neutral ones were used (add cue words to "
                         "domains.toml)")
    lines.append(f"coverage: {cover['bank_headings']} headings and {cover['bank_passages']} "
                 f"passages from the bank, {cover['other_headings'] + cover['other_passages']}"
                 f" from the template, {cover['gaps']} gap(s) left"
                 + (f" ({cover['room_gaps']} for the place's own material)"
                    if cover["room_gaps"] else ""))
    lines += [f"  gap: {gap}" for gap in draft.gaps()]
    lines += _length_lines(draft)
    found = (topic or {}).get("passages_on_topic", cover["bank_passages"])
    if found < _FEW_PASSAGES:
        # A frame over gaps must not pass for a draft (exit 0 and "wrote" said nothing).
        said = f"only {found} passage(s)" if found else "nothing"
        lines.append(f"warning: the phrasebank has {said} on this topic: the draft is mostly "
                     "the template's frame and gaps; search the bank, mine speeches on it "
                     "(drafter mine) or write the gaps")
    return lines


_FEW_PASSAGES = 3  # fewer passages on the topic than this: the draft is a frame


def _length_lines(draft) -> list[str]:
    """A full draft's speaking time against its genre's (every full draft: a judge missed
    the line where a draft came near its length); when well short of it, that this is
    what the bank gave and that the gaps ask for the rest."""
    from drafter.draft.templates import CHARS_PER_MINUTE, TemplateError, load_template

    if draft.mode != "full":
        return []
    try:
        target = load_template(draft.template).minutes
    except (TemplateError, OSError):
        return []
    minutes = draft.text_length() / CHARS_PER_MINUTE
    if not target:
        return []
    if minutes >= 0.8 * target:
        return [f"length: about {minutes:.0f} minutes read aloud, of the genre's {target}"]
    room = draft.coverage()["room_gaps"]
    return [f"length: about {minutes:.0f} minutes read aloud from what the bank holds on "
            f"this topic, of the genre's {target}"
            + (f"; the {room} gap(s) for the place's own cases, targets and figures add "
               "to it" if room else "")]


@main.command(name="export", context_settings=CONTEXT)
@click.argument("draft_path", metavar="DRAFT.json|SPEECH", type=INPUT_FILE)
@click.option("-o", "--output", required=True, metavar="FILE", type=OUTPUT_FILE,
              help="Output file: .docx (GB/T 9704 layout), .md/.markdown, .txt, or .json "
                   "(the draft, renumbered).")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--provenance", is_flag=True,
              help="Name each reused phrase's source (DOCX comments, Markdown notes).")
@click.option("--strict", is_flag=True,
              help="Refuse to export while the checks find errors (placeholders, "
                   "misquotes, unbalanced quotes …).")
@global_options
@click.pass_context
def export_draft(ctx: click.Context, draft_path: str, output: str, force: bool,
                 provenance: bool, strict: bool) -> None:
    """Export a draft, or lay out a speech you already have, as DOCX, Markdown or text.

    SPEECH may be a .docx, .md or .txt speech (一键排版): it is read as drafter reads a
    corpus (title, speaker, date, salutation, headings with their numbering,
    paragraphs, closing) and written out again.

    The DOCX follows GB/T 9704-2012: A4, 22 lines of 28 characters, 3号仿宋 body,
    2号小标宋 title, 黑体/楷体 heads, page numbers — N —.  Fonts can be changed in
    settings.toml in the user config directory ('drafter info' shows where).

    Exit status: 0 written, 1 the draft could not be read or the file exists, 2 usage.
    """
    from drafter.bank.phrasebank import PhraseBank
    from drafter.check import check
    from drafter.check.source import from_draft
    from drafter.draft.model import load_draft
    from drafter.draft.speech import load_speech
    from drafter.export import format_for, write_draft
    from drafter.settings import load_settings

    settings: Settings = ctx.ensure_object(Settings)
    format_for(output)
    _not_into_a_phrasebank(output)
    is_draft = draft_path.lower().endswith(".json")
    draft = load_draft(draft_path) if is_draft else load_speech(draft_path)
    if not is_draft and not draft.text_length():
        # (It had written an empty DOCX and said so with exit 0.)
        from drafter.corpus.parse import NO_SPEECH_TEXT

        raise DrafterError(f"{shown(draft_path)}: {NO_SPEECH_TEXT}; nothing to export")
    # The checks run before every export: the writer sees what a reviewer would circle.
    _taxonomy_first(settings)
    with PhraseBank.open(settings.phrasebank) as bank:
        _warn_broken_lines(bank.problems)
        report = check(from_draft(draft, draft_path), bank=bank,
                       chars_per_minute=load_settings().speech.chars_per_minute)
    if settings.verbosity >= 0 and not settings.json and report.findings:
        _print_findings(report, err=True, limit=20)
    if strict and report.errors:
        raise DrafterError(f"not exported: {len(report.errors)} error(s) found "
                           "(see above, or run drafter check); drop --strict to export anyway")
    path = write_draft(draft, output, overwrite=force, provenance=provenance)
    if settings.json:
        _print_json({"output": str(path), "characters": draft.text_length(),
                     "checks": report.summary()})
    elif settings.verbosity >= 0:
        click.echo(f"wrote {shown(path)}", err=True)


@main.command(context_settings=CONTEXT)
@click.argument("draft_path", metavar="DRAFT.json", type=INPUT_FILE)
@click.option("-o", "--output", required=True, metavar="FILE", type=OUTPUT_FILE,
              help="Where to write the full draft: .json, .docx, .md or .txt.")
@click.option("--seed", type=int, default=None,
              help="Another seed draws other sentences (default: the draft's own seed).")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--provenance", is_flag=True,
              help="Name each reused phrase's source (DOCX comments, notes in text).")
@global_options
@click.pass_context
def fill(ctx: click.Context, draft_path: str, output: str, seed: int | None, force: bool,
         provenance: bool) -> None:
    """Turn an outline you have edited into a full draft.

    Headings stay exactly as they are; every heading with nothing under it yet, or
    only its lead sentence, gets the quotes, golden lines and model paragraphs its
    template slot asks for, none of them already in the draft.

    \b
    Example:
      drafter outline -t party_lecture --topic 作风建设 -o 提纲.json
      (edit 提纲.json, or in the TUI)
      drafter fill 提纲.json -o 党课.docx
    """
    from drafter.bank.phrasebank import PhraseBank
    from drafter.draft.assemble import expand
    from drafter.draft.model import load_draft
    from drafter.draft.templates import FieldError, load_template
    from drafter.export import format_for, write_draft

    settings: Settings = ctx.ensure_object(Settings)
    format_for(output)
    _not_into_a_phrasebank(output)
    draft = load_draft(draft_path)
    if not draft.template:
        # (The draft file's fault, not the command line's: exit 1 as for any other field
        # of a draft, not a usage error's 2; fuzz pass B of stop 64, m4.)
        raise DrafterError(f"{shown(draft_path)}: its template: the draft names none to "
                           "fill it from")
    try:
        template = load_template(draft.template)
    except DrafterError as exc:
        raise DrafterError(f"{shown(draft_path)}: its template: {exc}") from None
    _taxonomy_first(settings)
    with PhraseBank.open(settings.phrasebank) as bank:
        _warn_broken_lines(bank.problems)
        _warn_broken_rules(bank.path)
        try:
            expand(draft, template, bank=bank, seed=seed)
        except FieldError as exc:
            if exc.key is None or str(draft.fields.get(exc.key) or "").strip():
                raise DrafterError(f"{shown(draft_path)}: its fields: {exc}") from None
            # (Its words named --topic and --set, options fill has not: fuzz pass 3 of
            # stop 69, C-m2.  The field is the draft's to hold.)
            raise DrafterError(f"{shown(draft_path)}: its fields: {exc.key!r} is empty; "
                               f"the template {template.name!r} needs it (write it into "
                               "the draft's fields, or in the TUI)") from None
    path = write_draft(draft, output, overwrite=force, provenance=provenance)
    if settings.json:
        _print_json({"output": str(path), "characters": draft.text_length(),
                     "coverage": draft.coverage(), "gaps": draft.gaps()})
    elif settings.verbosity >= 0:
        click.echo(f"wrote {shown(path)} ({draft.text_length()} characters)", err=True)
        # What it is made of, as outline says: a topic the bank barely holds had been
        # filled with nothing and "wrote" said no more (fuzz pass 41, F5).
        for line in understood_lines(draft):
            click.echo(line, err=True)


@main.command(context_settings=CONTEXT)
@click.argument("draft_path", metavar="[DRAFT.json|SPEECH]", required=False,
                type=INPUT_FILE)
@global_options
@click.pass_context
def tui(ctx: click.Context, draft_path: str | None) -> None:
    """Open the terminal UI (what 'drafter' alone does at a terminal).

    With DRAFT.json it opens that draft; with a speech (.docx, .doc, .pdf, .html …) a new
    draft of it in the drafts folder (the speech file is never written); otherwise the
    start screen: new draft from a
    template, recent drafts, open a file, review mined phrases.  F1 shows help for the
    pane you are in; ctrl+p lists every command.
    """
    from drafter.tui import check_ready, run

    settings: Settings = ctx.ensure_object(Settings)
    from drafter.draft.library import draft_of_speech, is_speech_file

    check_ready(settings.phrasebank)  # (before a speech is made a draft for it)
    if draft_path is not None and is_speech_file(draft_path):
        draft_path = str(draft_of_speech(draft_path))
        click.echo(f"opened {shown(draft_path)} as a draft of the speech", err=True)
    elif draft_path is not None:
        from drafter.draft.model import load_draft

        load_draft(draft_path)  # a bad file is a one-line error here, not in the app
    run(draft_path=draft_path, phrasebank=settings.phrasebank)


# --- check ---------------------------------------------------------------------------------

_SEVERITY_STYLE = {"error": "✖", "warning": "▲", "info": "·"}


def _print_findings(report, err: bool = False, limit: int | None = None) -> None:
    listed = report.findings if limit is None else report.findings[:limit]
    for f in listed:
        where = f.location.describe()
        line = f"{_SEVERITY_STYLE[f.severity]} {f.severity:<7} {where}  {f.message}"
        if f.excerpt and f.excerpt not in f.message:
            line += f"  「{f.excerpt[:40]}」"
        click.echo(shown(line), err=err)  # (a draft's text or name may hold ESC)
        if f.suggestion:
            click.echo(shown(f"      → {f.suggestion}"), err=err)
    if limit is not None and len(report.findings) > limit:
        click.echo(f"  … and {len(report.findings) - limit} more (drafter check)", err=err)
    s = report.summary()
    click.echo(f"{s['error']} error(s), {s['warning']} warning(s), {s['info']} note(s)",
               err=err)


MAX_SPEAKING_MINUTES = 600  # ten hours: longer than any report read aloud
MIN_SPEAKING_MINUTES = 0.5  # half a minute: 1e-300 had been taken, a target of no text


def _speaking_time(ctx: click.Context, param: click.Parameter,
                   minutes: float | None) -> float | None:
    """--target-minutes: a time a speech can fill (-5, 0, nan or inf had been taken and
    turned into a target of ≈-1100 characters; 1e308 made the length finding vanish)."""
    # (nan: not >= anything)
    if minutes is not None and not MIN_SPEAKING_MINUTES <= minutes <= MAX_SPEAKING_MINUTES:
        raise click.BadParameter(f"{minutes:g} is no speaking time; give the minutes the "
                                 f"speech should fill, from {MIN_SPEAKING_MINUTES:g} to "
                                 f"{MAX_SPEAKING_MINUTES}")
    return minutes


@main.command(name="check", context_settings=CONTEXT)
@click.argument("target", metavar="FILE", type=INPUT_FILE)
@click.option("--target-minutes", type=float, metavar="N", callback=_speaking_time,
              help="Speaking time the speech should fill (characters per minute from "
                   "settings.toml [speech], default 220).")
@click.option("--only", multiple=True, metavar="CATEGORY",
              help="Run only these checks (repeatable): placeholder, stale, quote, "
                   "repetition, overlap, parallelism, length, punctuation.")
@global_options
@click.pass_context
def check_cmd(ctx: click.Context, target: str, target_minutes: float | None,
              only: tuple[str, ...]) -> None:
    """Check a draft (.json) or a speech (.docx, .doc, .pdf, .html …) for what gets it
    sent back.

    \b
    placeholder  XX, ××, X月X日, 某某, *区, 〔待补〕, template code left in
    stale        out-of-date formulations (rules: the phrasebank's stale.toml, and
                 yours in the config dir)
    quote        leaders' words in “…” against the phrasebank's verified quotes
    repetition   the same or nearly the same sentence twice
    overlap      long runs or large shares copied from one corpus speech
    parallelism  sibling heads that break their frame or length class
    length       total and per-part length against --target-minutes
    punctuation  half-width marks in Chinese, unbalanced quotes, mixed numbering

    --json prints {"findings": [...], "summary": {...}}.  Exit status: 0 no errors
    (warnings allowed), 1 errors found, the file could not be read or held no speech
    text, 2 usage.
    """
    from drafter.bank.fingerprints import index_problem
    from drafter.bank.phrasebank import PhraseBank
    from drafter.check import CHECKS, check
    from drafter.check.source import from_file
    from drafter.settings import load_settings

    settings: Settings = ctx.ensure_object(Settings)
    unknown = [c for c in only if c not in CHECKS]
    if unknown:
        raise click.BadParameter(f"unknown check {unknown[0]!r}", param_hint="--only")
    rate = load_settings().speech.chars_per_minute
    # The file first: one that cannot be read is said at once, not after the phrasebank
    # is indexed (15 s on a cold cache).
    checked = from_file(target)
    _taxonomy_first(settings)
    with PhraseBank.open(settings.phrasebank) as bank:
        _warn_broken_lines(bank.problems)
        if (not only or "overlap" in only) and (damaged := index_problem(bank.path)):
            click.echo(f"warning: {shown(damaged)}; passages copied from the corpus's "
                       "speeches are not looked for (mine again to rewrite it)", err=True)
        report = check(checked, bank=bank, target_minutes=target_minutes,
                       chars_per_minute=rate, only=list(only) or None)
    if settings.json:
        _print_json(report.to_dict())
    else:
        for notice in report.notices:
            click.echo(f"warning: {shown(target)}: {shown(notice)}", err=True)
        _print_findings(report)
    if report.errors or report.empty:
        ctx.exit(1)  # (a file with no speech text left was not checked at all)


def _not_into_a_phrasebank(output: str) -> None:
    """A draft is not written over a phrasebank's files (its README.md, a phrase file),
    nor into a folder that does not exist."""
    from drafter import config

    config.check_output_file(output)
