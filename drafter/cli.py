"""The ``drafter`` command line: thin wrappers over the library modules.

Exit codes: 0 success; 1 some input could not be processed (each one is named on
stderr, or in the JSON); 2 usage error.  Global options (--phrasebank, --json, -q, -v)
may be given before or after the command name.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from drafter import __version__, termination
from drafter.entry import EXIT_INTERRUPTED
from drafter.fileio import json_text, load_json, shown
from drafter.text.chars import SURROGATE_RE, UNDECODED_BYTE_RE
from drafter.text.similar import ALL_PAIRS_UP_TO, SIMILARITY

EXIT_OK = 0
EXIT_PARTIAL = 1  # some input could not be processed; usage errors exit 2 (click)


@dataclass
class Settings:
    phrasebank: str | None = None
    json: bool = False
    verbosity: int = 0  # -1 quiet, 0 normal, 1+ verbose


def _merge(ctx: click.Context, name: str, value: Any) -> None:
    settings = ctx.ensure_object(Settings)
    if name == "phrasebank" and value is not None and not str(value).strip():
        # (--phrasebank "$UNSET" had quietly meant the default phrasebank.)
        raise click.BadParameter("an empty name; give the phrasebank's folder",
                                 param_hint="--phrasebank")
    if name == "phrasebank" and value:
        settings.phrasebank = value
    elif name == "json" and value:
        settings.json = True
    elif name == "quiet" and value:
        settings.verbosity = -1
        # Nor what the library says of indexing.  A wait for another process's write is
        # still said: it explains a stop of up to two minutes, which had passed in
        # silence under -q (full fuzz pass, stop 59).
        from drafter.bank import phrasebank

        phrasebank.INDEX_NOTICE = _say_nothing
    elif name == "verbose" and value:
        settings.verbosity = max(settings.verbosity, 0) + value


def _say_nothing(message: str) -> None:
    """(-q: results and errors only.)"""


def global_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command honours, accepted before or after the command name."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        _merge(ctx, param.name or "", value)
        return value

    options = [
        click.option("--phrasebank", metavar="DIR", expose_value=False, callback=callback,
                     help="Phrasebank directory (default: the bundled one; "
                          "env DRAFTER_PHRASEBANK)."),
        click.option("--json", "json", is_flag=True, expose_value=False, callback=callback,
                     help="Print machine-readable JSON."),
        click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=callback,
                     help="Print only results and errors."),
        click.option("-v", "--verbose", count=True, expose_value=False, callback=callback,
                     help="Print more detail (repeat for more)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _GivenPath(click.Path):
    """A path on the command line, never empty: "" is the current folder to the system,
    so `drafter mine "$DIR"` with DIR unset had mined whatever the folder held (and
    `parse ""` walked a virtualenv for 40 s: fuzz pass 67)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if value == "":
            self.fail("an empty path (an unset variable?): name a file or folder", param, ctx)
        return super().convert(value, param, ctx)


class _Text(click.ParamType):
    """Text on the command line (a topic, a field, a query, a note): refused when it holds
    bytes that are not UTF-8.  They come in as lone surrogates, which the drafting and
    search had dropped without a word (fuzz pass 81 m7: --set speaker=$'\\xff张' drafted
    with 张).  A path may hold such bytes: paths are _GivenPath."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, str) and (bad := SURROGATE_RE.search(value)):
            end = bad.end()
            while SURROGATE_RE.match(value, end):
                end += 1  # (the bytes of one character, \xed\xa0\x80, shown together)
            self.fail(f"holds bytes that are not valid UTF-8 ({shown(value[bad.start():end])}); "
                      "give it as UTF-8 text", param, ctx)
        return value


TEXT = _Text()


# Input files and folders: the commands read them and name each one they cannot read,
# going on with the others (exit status 1).  click's own check (readable=True, its
# default) had made one unreadable file a usage error that stopped the whole batch.
INPUT_PATHS = _GivenPath(readable=False, path_type=str)
INPUT_FILE = _GivenPath(dir_okay=False, readable=False, path_type=str)
# An output file (-o): never empty either ("" had printed the draft, or said "cannot
# tell the format from the suffix (none)" of a name shown as nothing: fuzz pass 68).
OUTPUT_FILE = _GivenPath(dir_okay=False, readable=False, allow_dash=True, path_type=str)


# What `drafter tui` opens: a draft, or a speech to draft from.
_DRAFT_SUFFIXES = (".json", ".md", ".markdown", ".txt", ".docx", ".doc", ".pdf", ".html", ".htm")


_LONGEST_ERROR = 2000  # characters of an error message said whole


def _shortened(message: str) -> str:
    """``message`` with its middle left out past ``_LONGEST_ERROR`` characters: a value
    quoted whole (a draft's 100,000-character marker) had made one 100 KB line (fuzz
    pass 67).  Its start names the file or option, its end the fix."""
    if len(message) <= _LONGEST_ERROR:
        return message
    half = _LONGEST_ERROR // 2
    return (f"{message[:half]} …({len(message) - 2 * half:,} characters left "
            f"out)… {message[-half:]}")


_GIVEN_ARGS = "drafter.given_args"  # the command line as given, kept in the context's meta


def _shown_where_unwritable() -> None:
    """Output in an encoding that cannot write every character (GBK cannot write ¶ or
    ✖, Big5 simplified Chinese, Latin-1 any): every command that printed one had ended
    in a UnicodeEncodeError traceback (fuzz pass C, stop 67).  On a terminal, what it
    cannot show is shown as ?; to a file or a pipe the output is UTF-8, as -o writes it
    (written as ?, an export imported back had lost every text: a blind re-check, stop
    67).  UTF-8 and GB18030 write them all, and stay as they are."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            continue
        if name in ("utf-8", "gb18030", "utf-16", "utf-32") or not hasattr(stream, "reconfigure"):
            continue
        try:
            at_terminal = stream.isatty()
        except (OSError, ValueError):
            at_terminal = False
        if at_terminal:
            stream.reconfigure(errors="replace")
        else:
            stream.reconfigure(encoding="utf-8")


class _Group(click.Group):
    """Reports drafter's own errors as one line on stderr with exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from drafter.errors import DrafterError

        _shown_where_unwritable()
        try:
            try:
                result = super().invoke(ctx)
            except click.exceptions.Exit:
                sys.stdout.flush()  # (an exit with status is a command's end too)
                raise
            # What a command printed goes out now, where a refusal is still said: left
            # to the interpreter's exit, a full disk or device lost it with exit 0
            # (fuzz pass 42: phrasebank export > a full file kept 259 of 2,662 lines).
            sys.stdout.flush()
            return result
        except DrafterError as exc:
            self._fail(ctx, str(exc))
        except click.ClickException as exc:
            # A usage error quoting the value given whole (--where kind=… or --seed of
            # 100,000 characters made a 100 KB line, fuzz pass 68): click says it, cut.
            exc.message = _shortened(exc.message)
            if self._json_wanted(ctx):
                # As JSON, as every other error of a --json run is (a script reading
                # stderr as JSON had met click's plain text: fuzz pass C of stop 64).
                click.echo(json_text({"error": exc.format_message(),
                                      "usage": isinstance(exc, click.UsageError)}), err=True)
                ctx.exit(exc.exit_code)
            raise
        except UnicodeEncodeError as exc:
            # Bytes that are not UTF-8 in an argument come in as lone surrogates.
            if "surrogates" not in str(exc):
                raise
            self._fail(ctx, "the input holds bytes that are not valid UTF-8 "
                            f"({shown(exc.object[exc.start:exc.end])}); give it as UTF-8 text")
        except KeyboardInterrupt:
            # click would say "Aborted!" and exit 1, the status of a bad input; a script
            # tells a stopped run by 130.  (A write of the phrasebank holds Ctrl-C back
            # while it commits, so the bank is the old one or the new one whole.)
            click.echo("drafter: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (drafter … | head): nothing more to say, to no one.
            _stdout_to_devnull()
            ctx.exit(EXIT_OK)
        except OSError as exc:
            # The system refused a read or a write (a name too long, a full disk, a
            # read-only folder): what and why, not a traceback.  Files already there are
            # left as they were: every write goes to a temporary file first.
            where = f"{shown(exc.filename)}: " if exc.filename else ""
            if exc.filename in (None, STDOUT_NAME):
                # Standard output refused what it was given (named so by _NamedOutput),
                # or another error came with no file: either way nothing more goes to
                # it, not even at the interpreter's exit.
                _stdout_to_devnull()
            self._fail(ctx, f"{where}{exc.strerror or exc}")

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        # A draft's file given as if it were a command (drafter speech.json): click's
        # "No such command" left a new user (44) guessing; the commands that take it
        # are named.
        name = args[0] if args else ""
        if (self.get_command(ctx, name) is None and not name.startswith("-")
                and (os.path.isfile(name) or name.lower().endswith(_DRAFT_SUFFIXES))):
            raise click.UsageError(
                f"no command {shown(name)!r}: to open it in the terminal UI, "
                f"`drafter tui {shown(name)}`; to check a draft, "
                f"`drafter check {shown(name)}`",
                ctx)
        return super().resolve_command(ctx, args)

    @staticmethod
    def _json_wanted(ctx: click.Context) -> bool:
        """Whether --json was given, before the command or among its own options (an
        error in those comes before --json after it is read)."""
        settings = ctx.find_object(Settings)
        given = ctx.meta.get(_GIVEN_ARGS, [])
        given = given[:given.index("--")] if "--" in given else given
        return bool(settings is not None and settings.json) or "--json" in given

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_GIVEN_ARGS] = list(args)  # (for _json_wanted)
        return super().parse_args(ctx, args)

    @staticmethod
    def _fail(ctx: click.Context, message: str) -> None:
        message = _shortened(message)
        settings = ctx.find_object(Settings)
        if settings is not None and settings.json:
            click.echo(json_text({"error": message}), err=True)
        else:
            # (A file name in the message may hold ESC: a crafted one could recolour the
            # terminal or retitle it.  Each line escaped, the message's own breaks kept.)
            click.echo("\n".join(shown(line) for line in f"drafter: {message}".split("\n")),
                       err=True)
        ctx.exit(EXIT_PARTIAL)


@click.group(cls=_Group, context_settings=CONTEXT, invoke_without_command=True)
@click.version_option(__version__, prog_name="drafter")
@global_options
@click.pass_context
def main(ctx: click.Context) -> None:
    """drafter: draft Chinese official speeches from a phrasebank mined from real ones.

    \b
    Start with:
      drafter                      the terminal UI (at a terminal): draft, check, export
      drafter templates            the genre templates (工作会议讲话, 专题党课 …)
      drafter outline -t work_conference --topic 作风建设 -o draft.json
                                   a first draft from a template and the phrasebank
      drafter check draft.json     what a reviewer would circle
      drafter export draft.json -o draft.docx
                                   a DOCX laid out per GB/T 9704
      drafter parse SPEECH.txt     read, clean and structure a speech
      drafter classify "…"         what a passage does and what it is about
      drafter search 作风           search the phrasebank (one character is enough)
      drafter mine CORPUS/ -o DIR  mine speeches into a phrasebank
      drafter phrasebank stats     what a phrasebank holds
      drafter info                 where drafter keeps its files
    Run 'drafter COMMAND --help' for the options of each command.
    """
    settings = ctx.ensure_object(Settings)
    if ctx.invoked_subcommand is None:
        # The app when a person is at a terminal; the help when piped or scripted.
        if sys.stdin.isatty() and sys.stdout.isatty() and not settings.json:
            from drafter.tui import run

            run(phrasebank=settings.phrasebank)
        else:
            click.echo(ctx.get_help())


# --- parse -------------------------------------------------------------------------------


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATHS)
@click.option("--text", "as_text", is_flag=True,
              help="Print the cleaned speech as plain text instead of its outline.")
@click.option("--removed", "show_removed", is_flag=True,
              help="List every piece of text the cleaner removed, with its reason.")
@global_options
@click.pass_context
def parse(ctx: click.Context, paths: tuple[str, ...], as_text: bool, show_removed: bool) -> None:
    """Read, clean and structure speeches: files or directories (walked recursively).

    Reads .txt/.text (UTF-8 with or without BOM, GB18030/GBK, Big5, UTF-16), .md,
    .docx, .odt, .ofd, .pdf, .html, and .doc/.wps/.rtf (with LibreOffice).  Page
    furniture (menus, footers, ads, paywall lines, link lists, repeats) is removed and
    kept for audit; headings of every level, run-in heads, paragraphs and
    sentences are recovered.

    \b
    Output: an outline of each speech; --text for the plain speech; --json for the
    structure.  With --json, one file gives one JSON object; several files or a
    directory give {"documents": [...], "skipped": [{"path", "reason"}]}.

    \b
    Files named on the command line are read whatever their suffix; in a directory
    only files with those suffixes are read (.markdown, .ott and .htm too; others are
    counted, and listed with -v).

    \b
    Exit status: 0 all parsed, 1 some file skipped (each is named) or holding no
    speech text once cleaned, 2 usage error.
    """
    from drafter.bank.classify import classify_document
    from drafter.corpus.parse import NO_SPEECH_TEXT, Skipped, iter_input_files, load_one

    settings: Settings = ctx.ensure_object(Settings)
    found = list(iter_input_files(paths))
    _refuse_finding_nothing(paths, found)
    ignored = [item for item in found if isinstance(item, Skipped) and item.ignored]
    skipped = [item for item in found if isinstance(item, Skipped) and not item.ignored]
    inputs = [item for item in found if not isinstance(item, Skipped)]
    single = len(paths) == 1 and len(inputs) == 1 and not Path(paths[0]).is_dir()
    several = len(inputs) + len(skipped) > 1  # files, and folders that cannot be read
    # Each document is written out as soon as it is read and then let go: a folder of
    # three files of 49,000 headings each, held whole for one JSON at the end, had taken
    # parse --json to 1.28 GB (fuzz pass, stop 62).
    parsed = 0
    empty: list[str] = []  # the files read that hold no speech text
    classifier = _classifier(settings)
    streamed = settings.json and not single
    if streamed:
        click.echo('{"documents": [', nl=False)
    with _bar("parsing", settings, enabled=len(inputs) > 1) as progress:
        for done, path in enumerate(inputs, start=1):
            result = load_one(path)
            if isinstance(result, Skipped):
                skipped.append(result)
            else:
                document = classify_document(result, classifier)
                if settings.json:
                    said = json_text(document.to_dict(), indent=2)
                    click.echo(said if not streamed else ("\n" if not parsed else ",\n") + said,
                               nl=not streamed)
                else:
                    if parsed:
                        click.echo()
                    _echo_parsed(document, settings, as_text, show_removed)
                parsed += 1
                if NO_SPEECH_TEXT in document.warnings:
                    empty.append(document.source)
            if progress:
                progress(done, len(inputs))
    left = {"skipped": [s.to_dict() for s in skipped], "ignored": [s.path for s in ignored]}
    if streamed:
        click.echo(f"\n], {json_text(left, indent=2)[1:]}")
    elif settings.json and not parsed:  # (the one file named, skipped)
        _print_json({"documents": [], **left})
    for item in skipped:
        click.echo(f"drafter: skipped {shown(item.path)}: {shown(item.reason)}", err=True)
    if settings.verbosity >= 1:
        for item in ignored:
            click.echo(f"drafter: ignored {shown(item.path)}: {shown(item.reason)}", err=True)
    if settings.verbosity >= 0 and (several or ignored):
        extra = f", ignored {len(ignored)} of other types" if ignored else ""
        click.echo(f"drafter: parsed {parsed} file(s), skipped {len(skipped)}{extra}",
                   err=True)
    # A file read but holding no speech text is no parsed speech (fuzz pass 66 m-11: a
    # .docx whose one paragraph was 300,000 tabs had exited 0 with a warning).
    if settings.verbosity < 0:
        # (What the exit status is for is said under -q too, as an error is: `parse -q`
        # of such a file had exited 1 without a word, fuzz pass 70 p5.)
        for source in empty:
            click.echo(f"drafter: {shown(source)}: {NO_SPEECH_TEXT}", err=True)
    ctx.exit(EXIT_PARTIAL if skipped or empty else EXIT_OK)


def _echo_parsed(document, settings: Settings, as_text: bool, show_removed: bool) -> None:
    """One parsed speech as parse prints it: its plain text, or its outline."""
    from drafter.render import render_outline

    if as_text:
        click.echo(document.body_text())
        # The outline lists what reading the file warned of; plain text has no place
        # for it: said on stderr (a file half in another encoding had printed half its
        # text without a word: fuzz pass 39).
        if settings.verbosity >= 0:
            for warning in document.warnings:
                click.echo(f"warning: {shown(document.source)}: {shown(warning)}", err=True)
    else:
        click.echo(render_outline(document, verbosity=settings.verbosity,
                                  show_removed=show_removed), nl=False)


def _refuse_finding_nothing(paths: tuple[str, ...], found: list | None = None) -> None:
    """Stop when ``paths`` hold no file to read at all (an empty folder, one of other
    file types): said, with exit status 1, not a silent success."""
    from drafter.corpus.parse import Skipped, iter_input_files
    from drafter.corpus.read import SUPPORTED_SUFFIXES
    from drafter.errors import DrafterError

    found = list(iter_input_files(paths)) if found is None else found
    if any(not (isinstance(item, Skipped) and item.ignored) for item in found):
        return
    ignored = f"; ignored {len(found)} file(s) of other types" if found else ""
    raise DrafterError(f"no speech files in {', '.join(map(shown, paths))} (it reads "
                       f"{' '.join(sorted(SUPPORTED_SUFFIXES))}){ignored}")


@main.command(context_settings=CONTEXT)
@click.argument("text", required=False, type=TEXT)
@click.option("--heading", metavar="H", type=TEXT, help="The heading the passage sits under.")
@click.option("--jsonl", "jsonl", metavar="FILE", type=click.Path(dir_okay=False,
              allow_dash=True, path_type=str),
              help='Passages one JSON object a line: {"text": …, "heading": …} (- reads '
                   "standard input); UTF-8, or UTF-16 with its byte order mark.")
@click.option("--no-model", is_flag=True, help="Use the cue lexicons alone, as when no "
              "model is installed.")
@global_options
@click.pass_context
def classify(ctx: click.Context, text: str | None, heading: str | None, jsonl: str | None,
             no_model: bool) -> None:
    """What a passage does in a speech (its ranked section types) and what it is about
    (its ranked domains), with the evidence that decided them.

    \b
      drafter classify "要深入开展安全生产大检查，坚决遏制重特大事故。" --heading "三、抓好安全生产"
      drafter classify --jsonl passages.jsonl --json
      cat passages.jsonl | drafter classify --jsonl - --json

    \b
    With --json, one object for each line of --jsonl that is not blank (blank lines, as
    JSON Lines has them, are skipped), in input order:
      {"section_types": [[key, share], …], "domains": [[key, share], …],
       "section_type": key, "domain": key, "evidence": {…}}
    A line of --jsonl that cannot be read gives {"line": N, "error": …} in its place.

    \b
    Exit status: 0 all classified, 1 some line unreadable, 2 usage error.
    """
    from drafter.bank.classify import PassageClassifier

    settings: Settings = ctx.ensure_object(Settings)
    if text is None and jsonl is None:
        raise click.UsageError("give a TEXT to classify, or --jsonl FILE")
    if text is not None and jsonl is not None:
        raise click.UsageError("give a TEXT to classify or --jsonl FILE, not both")
    if jsonl is not None and heading:
        raise click.UsageError("--heading goes with TEXT; in --jsonl each line has its own")
    if text is not None and not text.strip():
        # (Said of the argument: "line 1: empty text" named a line the writer never gave.)
        raise click.UsageError("TEXT is empty: give the passage to classify")
    classifier = PassageClassifier.load(settings.phrasebank, use_model=not no_model)
    taxonomy, domains = classifier.sections.taxonomy, classifier.domain_lexicon.taxonomy
    items = _classify_items(text, heading, jsonl)
    bad = done = 0
    # (A bar for a batch whose verdicts go to a file or a pipe: on a terminal they are
    # the progress themselves.)
    with _bar("classifying", settings, enabled=jsonl is not None and not sys.stdout.isatty()
              ) as progress:
        for chunk in _chunks(items, 256):
            bad += _classify_chunk(chunk, classifier, settings, taxonomy, domains)
            done += len(chunk)
            if progress:
                progress(done, None)
    ctx.exit(EXIT_PARTIAL if bad else EXIT_OK)


def _classify_chunk(chunk, classifier, settings: Settings, taxonomy, domains) -> int:
    """Print the verdicts of one chunk of (line, text, heading, error); the number of
    lines in error."""
    bad = 0
    good = [(n, t, h) for n, t, h, error in chunk if error is None]
    verdicts = iter(classifier.classify([t for _, t, _ in good], [h for _, _, h in good]))
    for number, passage, head, error in chunk:
        if error is not None:
            bad += 1
            click.echo(json_text({"line": number, "error": error})
                       if settings.json else f"drafter: line {number}: {error}",
                       err=not settings.json)
            continue
        verdict = next(verdicts)
        evidence = classifier.explain(passage, head, verdict)
        if settings.json:
            click.echo(json_text({
                **verdict.to_dict(), "evidence": evidence,
                "section_type": verdict.section_types[0][0] if verdict.section_types else None,
                "domain": verdict.domains[0][0] if verdict.domains else None}))
        else:
            click.echo(_describe_verdict(passage, verdict, evidence, taxonomy, domains,
                                         settings.verbosity))
    return bad


def _classify_items(text: str | None, heading: str | None, jsonl: str | None):
    """(line number, text, heading, error) for each passage to classify."""
    if text is not None:
        yield 1, text, heading, None
        return
    if jsonl != "-":
        from drafter.errors import DrafterError, UnreadableFile
        from drafter.fileio import open_regular_file

        try:
            # Only a regular file, as every command reads: a FIFO with no writer had
            # blocked for ever.  A pipe is given on standard input.
            with open_regular_file(Path(jsonl)):
                pass
        except UnreadableFile as exc:
            hint = ("; give a pipe's passages on standard input (--jsonl -)"
                    if "regular" in exc.reason else "")
            raise DrafterError(f"{shown(jsonl)}: {exc.reason}{hint}") from None
    # A file saved by Notepad starts with a mark that is no part of line 1, and may be
    # in UTF-16 ("Unicode"): read by its mark, UTF-8 without one.
    stream = _marked_text(click.open_file(jsonl, "rb"))
    # (What could not be decoded: see _marked_text.)
    in_utf8 = stream.encoding.startswith("utf-8")
    undecoded = UNDECODED_BYTE_RE if in_utf8 else SURROGATE_RE
    with stream:
        for number, line in _bounded_lines(stream, "standard input" if jsonl == "-" else jsonl):
            if line is None:
                yield number, "", None, (f"a line of more than {MAX_JSONL_LINE:,} characters "
                                         "is no passage; skipped")
                continue
            if not line.strip():
                continue
            if undecoded.search(line):
                yield number, "", None, (
                    "not UTF-8 text (GBK?): save the file as UTF-8; skipped" if in_utf8 else
                    f"not {stream.encoding} text (a byte or half a character that cannot "
                    "be read); skipped")
                continue
            try:
                record = load_json(line)
            except json.JSONDecodeError as exc:
                yield number, "", None, f"not JSON ({exc.msg})"
                continue
            passage = record.get("text") if isinstance(record, dict) else None
            head = record.get("heading") if isinstance(record, dict) else None
            if not isinstance(passage, str) or not passage.strip():
                yield number, "", None, 'needs a non-empty "text"'
            elif head is not None and not isinstance(head, str):
                yield number, "", None, '"heading" must be text'
            elif lone := SURROGATE_RE.search(passage + (head or "")):
                # (A JSON escape such as \ud800 is no character: it had stopped the batch
                # when its verdict was printed.)
                yield number, "", None, (f"holds \\u{ord(lone.group()):04x}, half of a "
                                         "character; not text")
            else:
                yield number, passage, head or None, None


def _marked_text(binary):
    """A text stream of ``binary`` in the encoding its byte order mark says, UTF-8 when
    it has none."""
    import io

    from drafter.corpus.read import marked_encoding

    if not hasattr(binary, "peek"):
        binary = io.BufferedReader(binary)
    encoding = marked_encoding(binary.peek(4)[:4]) or "utf-8-sig"
    # (Bytes not in that encoding are kept as escapes, so a line in GBK is refused by
    # name instead of classified as mojibake: fuzz pass 40.  In UTF-16 or UTF-32 a bad
    # unit may hold bytes below 0x80, which surrogateescape cannot keep: an odd last
    # byte or half a surrogate pair had ended the batch in a traceback, fuzz pass B of
    # stop 67.)
    errors = "surrogateescape" if encoding.startswith("utf-8") else _ESCAPED_UNITS
    return io.TextIOWrapper(binary, encoding=encoding, errors=errors)


_ESCAPED_UNITS = "drafter-escaped-units"


def _escaped_units(error: UnicodeDecodeError) -> tuple[str, int]:
    """Each byte that cannot be decoded as a lone surrogate (U+DC00 plus the byte), as
    surrogateescape does for bytes of 0x80 and over: the line is refused by name."""
    return "".join(chr(0xDC00 + b) for b in error.object[error.start:error.end]), error.end


codecs.register_error(_ESCAPED_UNITS, _escaped_units)


MAX_JSONL_LINE = 1_000_000  # characters: a passage and its heading are far shorter
_MAX_SKIPPED = 64 * MAX_JSONL_LINE  # characters of one line skipped before giving up


def _bounded_lines(stream, where: str):
    """(number, line) of a stream of JSON Lines, none longer than MAX_JSONL_LINE, held
    in memory a piece at a time: a longer line is skipped (its line is None) and the
    next ones read; a stream with no line breaks (/dev/zero piped in) is stopped, not
    read for ever."""
    from drafter.errors import DrafterError

    number = 0
    while line := stream.readline(MAX_JSONL_LINE + 1):
        number += 1
        if len(line) <= MAX_JSONL_LINE:
            yield number, line
            continue
        skipped = len(line)
        while not line.endswith("\n") and (line := stream.readline(MAX_JSONL_LINE + 1)):
            skipped += len(line)
            if skipped > _MAX_SKIPPED:
                raise DrafterError(f"{shown(where)}:{number}: no line break in "
                                   f"{_MAX_SKIPPED:,} characters; stopped reading")
        yield number, None


def _chunks(items, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _describe_verdict(text: str, verdict, evidence: dict, taxonomy, domains,
                      verbosity: int) -> str:
    def ranked(items, facet) -> str:
        return ", ".join(f"{key} {facet.label(key)} {share:.2f}" for key, share in items)

    passage = text if len(text) <= 60 or verbosity > 0 else text[:59] + "…"
    lines = [shown(passage), f"  section types  {ranked(verdict.section_types, taxonomy) or '—'}",
             f"  domains        {ranked(verdict.domains, domains) or '—'}"]
    for facet in ("section_type", "domain"):
        found = evidence.get(facet) or {}
        why = []
        if found.get("ngrams"):
            why.append("n-grams " + " ".join(g for g, _ in found["ngrams"]))
        if found.get("cues"):
            why.append("cue words " + "、".join(found["cues"]))
        if found.get("heading_cues"):
            why.append("heading " + "、".join(found["heading_cues"]))
        if why:
            lines.append(f"  {found['winner']}: " + "; ".join(why))
    return "\n".join(lines)


def _classifier(settings: Settings):
    """The passage classifier for the phrasebank in use (its taxonomy.toml and
    domains.toml, with the bundled model)."""
    from drafter.bank.classify import PassageClassifier

    return PassageClassifier.load(settings.phrasebank)


def _print_json(data: Any) -> None:
    click.echo(json_text(data, indent=2))


# --- mine and the phrasebank --------------------------------------------------------


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATHS)
@click.option("-o", "--output", metavar="DIR", help="Phrasebank to mine into (default: the "
              "phrasebank in use, see --phrasebank).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes.")
@global_options
@click.pass_context
def mine(ctx: click.Context, paths: tuple[str, ...], output: str | None, jobs: int) -> None:
    """Mine speeches (files or directories) into a phrasebank.

    Extracts headings, run-in heads, quotes with their speaker, parallel sets with their
    shared frame, 金句, opening/transition/closing lines and model paragraphs, each with
    its source and ranked section types. Exact duplicates merge with every source kept.
    Re-mining never overwrites or brings back a maintainer's decision, and mining the
    same corpus twice writes the same bytes. Bad files are skipped and named.

    \b
    Exit status: 0 done, 1 some file skipped or the phrasebank has broken lines.
    """
    from drafter import config
    from drafter.bank.pipeline import mine_corpus

    settings: Settings = ctx.ensure_object(Settings)
    if output is not None and not output.strip():
        # (-o "$UNSET" had mined into the default phrasebank.)
        raise click.BadParameter("an empty name; give the phrasebank's folder",
                                 param_hint="-o")
    _refuse_finding_nothing(paths)
    # (A file named as the bank is refused there, as for every write.)
    bank = config.writable_phrasebank_dir(output or settings.phrasebank, create=True)
    from drafter.bank.pipeline import usable_cpus

    if jobs > (cpus := usable_cpus()) and settings.verbosity >= 0:
        click.echo(f"drafter: -j {jobs}: {cpus} CPU(s) here, so at most {cpus} worker "
                   "process(es) (each holds about 260 MB)", err=True)
    with _bar("mining", settings) as progress:
        report = mine_corpus(paths, bank, jobs=jobs, progress=progress)
    if settings.json:
        _print_json({"phrasebank": str(bank), **report.to_dict()})
    else:
        for item in report.skipped:
            click.echo(f"drafter: skipped {shown(item.path)}: {shown(item.reason)}", err=True)
        for problem in report.problems:
            click.echo(f"drafter: {shown(problem)}", err=True)
        if settings.verbosity >= 0:
            click.echo(f"{shown(bank)}: read {report.files_read} file(s), skipped "
                       f"{len(report.skipped)}; mined {report.phrases_mined} phrase(s): "
                       f"{report.counts.new} new, {report.counts.updated} updated, "
                       f"{report.counts.unchanged} unchanged; {report.total} in the bank")
    ctx.exit(EXIT_PARTIAL if report.skipped or report.problems else EXIT_OK)


@main.command(context_settings=CONTEXT)
@click.argument("query", required=False, default="", type=TEXT)
@click.option("--section", metavar="KEY", help="Only phrases of this section type.")
@click.option("--kind", type=click.Choice(["heading", "lead", "golden", "quote", "parallel",
                                            "idiom", "opening", "transition", "closing",
                                            "paragraph"]), help="Only phrases of this kind.")
@click.option("--status", type=click.Choice(["candidate", "approved", "rejected", "merged"]),
              help="Only phrases with this status (default: candidate and approved).")
@click.option("--domain", metavar="KEY", help="Only phrases about this domain (safety, "
              "party_building …; see 'drafter phrasebank stats').")
@click.option("-n", "--limit", type=click.IntRange(1, 10000), default=20, show_default=True)
@global_options
@click.pass_context
def search(ctx: click.Context, query: str, section: str | None, kind: str | None,
           status: str | None, domain: str | None, limit: int) -> None:
    """Search the phrasebank: phrases containing QUERY (one character is enough), best
    first by relevance and quality; when none does, phrases holding all of its words
    (or most of them), and it says so.  Without QUERY, the best phrases of the filters.
    --section and --domain match a phrase's first two section types or domains; when
    they leave out phrases that match, it says how many."""
    from drafter.bank.phrasebank import PhraseBank
    from drafter.bank.suggest import find
    from drafter.bank.taxonomy import load_domains, load_taxonomy

    settings: Settings = ctx.ensure_object(Settings)
    _known(section, load_taxonomy(settings.phrasebank), "section type")
    _known(domain, load_domains(settings.phrasebank), "domain")
    with PhraseBank.open(settings.phrasebank) as bank:
        _warn_broken_lines(bank.problems)
        found = find(bank, query, section=section, kind=kind, status=status, limit=limit,
                     domain=domain)
    hits = found.hits
    if settings.json:
        _print_json({"query": query, "hits": [h.to_dict() for h in hits],
                     "by_words": found.by_words, "hidden_by_filters": found.hidden,
                     "hidden_hold_query": found.hidden_whole})
        return
    for hit in hits:
        where = hit.sources[0].file if hit.sources else ""
        text = hit.text if settings.verbosity >= 1 or len(hit.text) <= 60 else hit.text[:59] + "…"
        # (A phrase, or the file it came from, may hold ESC, BEL or a line break.)
        click.echo(shown(f"{hit.id}  {hit.kind:<10} {hit.section or '-':<16} "
                         f"{hit.domain or '-':<15} {text}"
                         + (f"  〔{where}〕" if settings.verbosity >= 1 else "")))
    if found.note and settings.verbosity >= 0:
        click.echo(found.note, err=True)
    if not hits and settings.verbosity >= 0:
        click.echo("no phrases found", err=True)


def _known(key: str | None, taxonomy, what: str) -> None:
    """A usage error (exit 2) for a section type or domain the phrasebank does not have."""
    if key is not None and key not in taxonomy:
        raise click.BadParameter(f"unknown {what} {key!r}; known: {', '.join(taxonomy.keys)}",
                                 param_hint=f"--{what.split()[0]}")


@main.group(cls=_Group, context_settings=CONTEXT)
def phrasebank() -> None:
    """Inspect and check a phrasebank (see --phrasebank; `info` says which is in use)."""


def _count_by(phrases, key) -> dict:
    from collections import Counter

    return dict(sorted(Counter(key(p) for p in phrases).items()))


@phrasebank.command(context_settings=CONTEXT)
@global_options
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Count phrases by section type, domain, kind and status (by each phrase's first
    section type and first domain)."""
    from drafter import config
    from drafter.bank.store import load_phrases

    settings: Settings = ctx.ensure_object(Settings)
    bank = config.phrasebank_dir(settings.phrasebank)
    loaded = load_phrases(bank)
    phrases = loaded.phrases.values()
    data = {
        "total": len(loaded.phrases),
        "by_section": _count_by(phrases, lambda p: p.section),
        "by_domain": _count_by(phrases, lambda p: p.domain or "-"),
        "by_kind": _count_by(phrases, lambda p: p.kind),
        "by_status": _count_by(phrases, lambda p: p.status),
    }
    # The counts stand on the phrase files alone; a taxonomy or domains file every
    # other command would refuse is said all the same (fuzz pass 42, m4: stats had
    # answered exit 0 over a broken taxonomy.toml).
    problems = [*loaded.problems, *_unreadable_vocabularies(bank)]
    for problem in problems:
        click.echo(f"drafter: {shown(problem)}", err=True)
    if settings.json:
        _print_json(data)
    else:
        click.echo(f"{shown(bank)}: {data['total']} phrase(s)")
        for name in ("by_section", "by_domain", "by_kind", "by_status"):
            counts = ", ".join(f"{k} {v}" for k, v in data[name].items())
            click.echo(f"  {name.replace('_', ' ')}: {counts or '—'}")
    ctx.exit(EXIT_PARTIAL if problems else EXIT_OK)


def _unreadable_vocabularies(bank) -> list[str]:
    """What is wrong with the bank's taxonomy.toml and domains.toml, if anything."""
    from drafter.bank.taxonomy import load_domains, load_taxonomy
    from drafter.errors import DrafterError

    problems = []
    for load in (load_taxonomy, load_domains):
        try:
            load(bank)
        except DrafterError as exc:
            problems.append(str(exc))
    return problems


@phrasebank.command(name="info", context_settings=CONTEXT)
@global_options
@click.pass_context
def phrasebank_info(ctx: click.Context) -> None:
    """Where the phrasebank in use is (chosen with --phrasebank, the user's own or the
    bundled one), where review writes, and how many phrases it holds by status."""
    from drafter import config
    from drafter.bank.store import load_phrases

    settings: Settings = ctx.ensure_object(Settings)
    bank = config.phrasebank_dir(settings.phrasebank)
    loaded = load_phrases(bank)
    data = {
        "phrasebank": str(bank),
        "kind": config.phrasebank_kind(bank),
        "user_phrasebank": str(config.user_phrasebank_dir()),
        "bundled_phrasebank": str(config.bundled_dir("phrasebank")),
        "files": len(list(bank.glob("phrases/*.jsonl"))),
        "total": len(loaded.phrases),
        "by_status": _count_by(loaded.phrases.values(), lambda p: p.status),
    }
    for problem in loaded.problems:
        click.echo(f"drafter: {shown(problem)}", err=True)
    if settings.json:
        _print_json(data)
    else:
        width = max(len(k) for k in data)
        for key, value in data.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items()) or "—"
            click.echo(f"{key.ljust(width)}  {shown(value)}")
    ctx.exit(EXIT_PARTIAL if loaded.problems else EXIT_OK)


@phrasebank.command(context_settings=CONTEXT)
@global_options
@click.pass_context
def lint(ctx: click.Context) -> None:
    """Check the phrasebank: broken lines, junk, unknown keys, provenance, duplicates,
    placeholders in approved phrases.  Exit status 1 when anything is found."""
    from drafter import config
    from drafter.bank.lint import lint_bank

    settings: Settings = ctx.ensure_object(Settings)
    bank = config.phrasebank_dir(settings.phrasebank)
    problems = lint_bank(bank)
    if settings.json:
        _print_json({"phrasebank": str(bank), "problems": [
            {"where": p.where, "phrase": p.phrase or None, "rule": p.rule,
             "message": p.message} for p in problems]})
    else:
        for problem in problems:
            click.echo(shown(problem))  # (a phrase's text may hold ESC: lint says so)
        if settings.verbosity >= 0:
            click.echo(f"{shown(bank)}: {len(problems)} problem(s)", err=True)
    ctx.exit(EXIT_PARTIAL if problems else EXIT_OK)


@phrasebank.command(context_settings=CONTEXT)
@click.argument("phrase_id", required=False)
@click.option("--where", "where", metavar="RULE",
              help="Every phrase matching RULE instead of one ID (see below).")
@click.option("--approve", "approve", is_flag=True, help="Same as --status approved.")
@click.option("--reject", "reject", is_flag=True, help="Same as --status rejected.")
@click.option("--status", type=click.Choice(["candidate", "approved", "rejected"]))
@click.option("--text", type=TEXT,
              help="Replace the phrase's text (kept on re-mining; one ID only).")
@click.option("--section", "sections", multiple=True, metavar="KEY",
              help="Re-tag: section types in rank order (repeat the option).")
@click.option("--domain", "domains", multiple=True, metavar="KEY",
              help="Re-tag: domains in rank order (repeat the option).")
@click.option("--note", type=TEXT, help="A note for other maintainers.")
@click.option("--into", "merge_into", metavar="ID",
              help="Merge this phrase into another (one ID only).")
@click.option("--merge-near-duplicates", "merge_near", is_flag=True,
              help="Merge each group of near-duplicates (of the --where matches, or of the "
                   "whole bank) into its best phrase.")
@click.option("--similarity", type=click.IntRange(70, 100), default=90, show_default=True,
              help="How alike (rapidfuzz ratio of the texts without punctuation) phrases "
                   "must be to group with --merge-near-duplicates.  Mining merges those "
                   f"at {SIMILARITY:.0f} already: try 80 on a freshly mined bank.  Below "
                   f"{SIMILARITY:.0f}, every pair of a kind is compared when the kind has up "
                   f"to {ALL_PAIRS_UP_TO:,} phrases, short ones, and a few such kinds at "
                   f"most; a larger kind is still grouped as at {SIMILARITY:.0f}, and said to "
                   "be (narrow it with --where).")
@click.option("--sort", "sort", type=click.Choice(["score", "kind", "section", "domain",
                                                    "status", "source", "text", "id",
                                                    "-score", "-kind", "-section", "-domain",
                                                    "-status", "-source", "-text", "-id"]),
              default="score", show_default=True, metavar="[-]FIELD",
              help="Order of the phrases listed: score (best first), kind, section, domain, "
                   "status, source, text or id; -FIELD the other way round (-score: lowest "
                   "first).")
@click.option("-n", "--limit", type=click.IntRange(0, 100000), default=20, show_default=True,
              help="How many of the matching phrases to list.")
@click.option("--dry-run", is_flag=True, help="Only say what would change (the default "
              "with --where or --merge-near-duplicates unless --yes).")
@click.option("--yes", "-y", is_flag=True, help="Apply a --where or "
              "--merge-near-duplicates decision (after listing what it changes).")
@click.option("--undo", is_flag=True, help="Take back the last decision written (from the "
              "phrasebank's decision log, .review-log.jsonl).")
@global_options
@click.pass_context
def review(ctx: click.Context, phrase_id: str | None, where: str | None, approve: bool,
           reject: bool, status: str | None, text: str | None, sections: tuple[str, ...],
           domains: tuple[str, ...], note: str | None, merge_into: str | None,
           merge_near: bool, similarity: int, sort: str, limit: int, dry_run: bool,
           yes: bool, undo: bool) -> None:
    """Record a decision on one phrase (ID), or on every phrase matching a rule
    (--where): approve or reject, re-tag section types or domains, add a note; edit one
    phrase's text or merge it into a near-duplicate; merge near-duplicates in groups.
    Decisions survive re-mining; --undo takes the last one back.

    \b
    A rule is conditions separated by spaces, all of which must hold:
      kind=idiom score<0.4                 idioms scored under 0.4
      kind=heading,lead status=candidate   headings or run-in heads not yet reviewed
      section=work_style domain!=general   filed under work_style, not about 通用
      source~2019_ text~"政治站位"           from a file named …2019_…, holding 政治站位
    Fields: kind, section (the first section type), domain (the first domain; - for
    none), status, score, source (a source file's name), text, id.  Operators: = (one of
    comma-separated values), != (none of them), ~ (contains), !~, and for score < <= > >=.

    \b
    With --where alone the matching phrases are listed.  With a decision, drafter lists
    how many and which match and writes nothing (a dry run) until --yes is given; then the
    whole decision is one atomic write of the phrasebank.  Scripts add --json:
      drafter phrasebank review --where "kind=idiom score<0.4" --reject --json
      drafter phrasebank review --where "kind=idiom score<0.4" --reject --yes --json
    """
    from drafter import config
    from drafter.bank import review as decisions
    from drafter.bank.taxonomy import load_domains, load_taxonomy

    settings: Settings = ctx.ensure_object(Settings)
    # (Sharing one status, the last of --approve --reject had won without a word.)
    asked = [s for s in ("approved" if approve else None, "rejected" if reject else None,
                         status) if s]
    if len(asked) > 1:
        raise click.UsageError("give one of --approve, --reject and --status")
    status = asked[0] if asked else None
    chosen = sum(map(bool, (phrase_id, where is not None or merge_near, undo)))
    if chosen != 1:
        raise click.UsageError("give one ID, or --where RULE / --merge-near-duplicates, "
                               "or --undo")
    if undo and (status or text is not None or sections or domains or note is not None
                 or merge_into or dry_run or yes):
        # (Taken with --undo, a decision had been dropped without a word: fuzz pass A,
        # stop 67.)
        raise click.UsageError("--undo takes back the last decision and makes none: give "
                               "a decision without it")
    if phrase_id is None and (text is not None or merge_into):
        raise click.UsageError("--text and --into take one ID, not --where")
    applying = phrase_id is not None or undo or (yes and not dry_run)
    # A listing or a dry run reads the bank it would change, and makes no user copy of
    # the bundled one: from that copy on, drafting would no longer see the bundled bank's
    # updates (new user: a listing had made it).
    bank = (config.writable_phrasebank_dir(settings.phrasebank) if applying
            else config.phrasebank_dir(settings.phrasebank))
    if undo:
        with _reported("phrasebank review --undo", settings):
            change = decisions.undo_last(bank)
        _say_change(settings, change, "undone", "")
        return
    taxonomy, domain_types = load_taxonomy(bank), load_domains(bank)
    # (A key given twice is kept once: --section opening --section opening had been
    # stored twice over: fuzz pass 41, F16.)
    decision = {"status": status, "sections": list(dict.fromkeys(sections)) or None,
                "domains": list(dict.fromkeys(domains)) or None, "note": note}
    if phrase_id is not None:
        with _reported("phrasebank review", settings):
            change = decisions.decide_many(
                bank, [phrase_id], text=text, merge_into=merge_into,
                known_sections=taxonomy.keys, known_domains=domain_types.keys, **decision)
        phrase = change.phrases[phrase_id]
        _warn_unreadable(change)
        if settings.json:
            _print_json(phrase.to_dict())
        elif settings.verbosity >= 0:
            click.echo(shown(f"{phrase.id} [{phrase.status}] {phrase.section} / "
                             f"{phrase.domain or '-'}: {phrase.text}"))
        return
    if where is not None and not where.strip() and not merge_near:
        # An empty rule matches every phrase: with --yes and --reject it had been one
        # keystroke from rejecting the whole bank (fuzz pass).
        raise click.BadParameter("an empty rule matches every phrase; say which (e.g. "
                                 "status=candidate, or status=candidate,approved,rejected "
                                 "for all)", param_hint="--where")
    _bulk_review(ctx, settings, bank, where or "", decision,
                 similarity if merge_near else None, sort, limit,
                 apply=yes and not dry_run, known=(taxonomy, domain_types))


def _say_similarity_kept(phrases, similarity: int | None, settings: Settings) -> None:
    """Say which kinds a looser --similarity did not reach, grouped at the default
    instead (fuzz pass 65: 6,012 headings at 70 had come back as 0 groups without a word
    of it)."""
    from drafter.bank.dedupe import kinds_grouped_strictly

    if similarity is None or settings.verbosity < 0:
        return
    for kind, count in sorted(kinds_grouped_strictly(phrases, similarity).items()):
        click.echo(f"drafter: {count:,} {kind} phrases are too many (or too long) to score "
                   f"every pair of: they are grouped at {SIMILARITY:.0f}, not {similarity} "
                   "(narrow them with --where)", err=True)


def _bulk_review(ctx: click.Context, settings: Settings, bank: Path, where: str,
                 decision: dict, similarity: int | None, sort: str, limit: int, apply: bool,
                 known) -> None:
    """--where / --merge-near-duplicates: list what matches, decide on it with --yes.
    ``similarity``: merge near-duplicates that alike (None: no merging)."""
    from drafter.bank import review as decisions
    from drafter.bank.dedupe import near_duplicate_groups
    from drafter.bank.model import KINDS, STATUSES
    from drafter.bank.rules import RuleError, parse_rule, select
    from drafter.bank.store import load_phrases

    taxonomy, domain_types = known
    try:
        rule = parse_rule(where, {"section": taxonomy.keys, "domain": domain_types.keys,
                                  "kind": KINDS, "status": STATUSES})
    except RuleError as exc:
        raise click.BadParameter(str(exc), param_hint="--where") from None
    wanted = {k: v for k, v in decision.items() if v is not None}
    decisions.check_decision(**wanted, known_sections=taxonomy.keys,
                             known_domains=domain_types.keys)
    merge_near = similarity is not None
    groups: list[list[str]] = []
    matched: list = []

    def near_groups(phrases) -> list[list[str]]:
        usable = [p for p in matching(phrases) if p.status != "merged"]
        groups[:] = [[p.id for p in g] for g in near_duplicate_groups(
            usable, best=lambda p: (p.status != "approved", -p.score, p.id),
            similarity=similarity) if len(g) > 1]
        _say_similarity_kept(usable, similarity, settings)
        return groups

    def matching(phrases) -> list:
        matched[:] = select(phrases, rule, sort)
        return matched

    acting = bool(wanted or merge_near)
    change = None
    # A decision applied is worked out once, under the lock, from the bank as the write
    # reads it, and what it matched is listed from there: a bank read once more before
    # it had been held twice over (a merge of the bundled bank took 981 MB, a review of
    # 140,000 phrases 914 MB: fuzz re-check 69).  Near-duplicates found first for the
    # listing too had taken twice as long (3,471 headings at 80).
    with _reported("phrasebank review", settings):
        if acting and apply and merge_near:
            change = decisions.merge_groups(bank, near_groups)
        elif acting and apply:
            change = decisions.decide_many(bank, (), known_sections=taxonomy.keys,
                                           known_domains=domain_types.keys, **wanted,
                                           matching=matching)
        else:
            matching(load_phrases(bank).phrases.values())
            if merge_near:
                near_groups(matched)
    ruled = len(matched)  # (what the rule matches, grouped or not: fuzz re-check 77, n8)
    if merge_near:
        # Listed group by group: the phrase kept, then those merged into it.
        order = {i: n for n, i in enumerate(i for g in groups for i in g)}
        matched = sorted((p for p in matched if p.id in order), key=lambda p: order[p.id])
    if settings.json:
        data = {"rule": str(rule), "matched": ruled,
                "grouped": len(matched) if merge_near else None,
                "phrases": [_row(p) for p in matched[:limit]],
                "decision": {**wanted, **({"merge": "near-duplicates"} if merge_near else {})},
                "groups": groups[:limit] if merge_near else None,
                "applied": change is not None,
                "changed": len(change) if change is not None else 0}
        _print_json({k: v for k, v in data.items() if v is not None})
        return
    what = f"{ruled} phrase(s) match {rule}"
    if merge_near:
        what += f"; {len(matched)} of them in {len(groups)} group(s) of near-duplicates"
    click.echo(what + (":" if matched and limit else ""))
    kept = {g[0] for g in groups}
    for phrase in matched[:limit]:
        # (A group's phrase merged away is marked ← under the one it goes into.)
        into = "    ← " if merge_near and phrase.id not in kept else "  "
        click.echo(shown(f"{into}{phrase.id}  {phrase.kind:<10} {phrase.section or '-':<16} "
                         f"{phrase.domain or '-':<15} {phrase.score:.2f} {phrase.status:<9} "
                         f"{phrase.text[:40]}"))
    if len(matched) > limit:
        click.echo(f"  … and {len(matched) - limit} more (-n to list more)")
    if change is not None:
        _say_change(settings, change, "decided")
    elif acting and matched and settings.verbosity >= 0:
        click.echo("dry run: nothing written; add --yes to apply", err=True)


def _row(phrase) -> dict:
    return {"id": phrase.id, "text": phrase.text, "kind": phrase.kind,
            "section": phrase.section, "domain": phrase.domain, "score": phrase.score,
            "status": phrase.status}


def _say_change(settings: Settings, change, done: str,
                hint: str = "; 'drafter phrasebank review --undo' takes it back") -> None:
    _warn_unreadable(change)
    if settings.json:
        _print_json({done: change.label, "changed": len(change),
                     "phrases": sorted(change.after)})
    elif settings.verbosity >= 0:
        # (Shown escaped: the change is made by now, and a label from a damaged log
        # holding half a character had ended this line in an encoding error that blamed
        # the input, so a retry undid one decision more: fuzz pass A, stop 67.)
        click.echo(f"{done}: {shown(change.label)} ({shown(change.summary())}{hint})")


def _warn_unreadable(change) -> None:
    """Say the bank's lines the loader could not take (kept as they are by the write)."""
    _warn_broken_lines(getattr(change, "problems", []))


def _warn_broken_lines(problems: list[str]) -> None:
    """Say each line of the phrasebank the loader cannot take, as file:line and what is
    wrong, one line of stderr each: no command passes over one in silence (a search
    cannot find the phrase on it, a draft cannot take it)."""
    for problem in problems:
        click.echo(f"warning: {shown(problem)}", err=True)


@phrasebank.command(name="import", context_settings=CONTEXT)
@click.argument("file", type=INPUT_FILE)
@click.option("--trust", is_flag=True,
              help="Take the rows' review status (approved, rejected) as given; without it "
                   "every row comes in as a candidate for review.")
@global_options
@click.pass_context
def import_(ctx: click.Context, file: str, trust: bool) -> None:
    """Add phrases from FILE.jsonl or FILE.csv (columns: text, section, kind; optional
    id, domain, speaker, source, status, score, note), or from a phrasebank export.

    A row updates the phrase of its id (or text) in the fields it gives, and keeps the
    rest.  Bad rows are named by line and skipped.  'drafter phrasebank review --undo'
    takes an import back."""
    from drafter import config
    from drafter.bank.transfer import import_phrases

    settings: Settings = ctx.ensure_object(Settings)
    bank = config.writable_phrasebank_dir(settings.phrasebank, create=True)
    with _reported("phrasebank import", settings):
        report = import_phrases(bank, file, trust=trust)
    _warn_broken_lines(report.bank_problems)
    if report.encoding:
        click.echo(f"drafter: {shown(file)} is not UTF-8; read it as {report.encoding} "
                   "(if the imported text looks wrong, 'drafter phrasebank review --undo' "
                   "takes it back: save the file as UTF-8 and import it again)", err=True)
    for problem in report.problems:
        click.echo(f"drafter: {shown(problem)}", err=True)
    if report.untrusted:
        click.echo(f"drafter: {report.untrusted} row(s) gave a review status; imported as "
                   "candidates (--trust takes it as given)", err=True)
    for held in report.held_back:
        click.echo(f"drafter: {held}", err=True)
    if settings.json:
        _print_json({"rows": report.rows, "problems": report.problems,
                     "bank_problems": report.bank_problems,
                     "untrusted": report.untrusted, "held_back": report.held_back,
                     "encoding": report.encoding or "utf-8",
                     "new": report.counts.new,
                     "updated": report.counts.updated,
                     "unchanged": report.counts.unchanged})
    elif settings.verbosity >= 0:
        undo = "; 'drafter phrasebank review --undo' takes it back" if report.change else ""
        held = (f" ({len(report.held_back)} with changes held back: --trust takes them)"
                if report.held_back else "")
        click.echo(f"{shown(bank)}: imported {report.rows} row(s): {report.counts.new} new, "
                   f"{report.counts.updated} updated, {report.counts.unchanged} unchanged"
                   f"{held}; {len(report.problems)} skipped{undo}")
    ctx.exit(EXIT_PARTIAL if report.problems else EXIT_OK)


@phrasebank.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]),
              help="jsonl or csv (default: csv when -o names a .csv file, else jsonl).")
@click.option("--status", type=click.Choice(["candidate", "approved", "rejected", "merged"]))
@click.option("--section", metavar="KEY")
@click.option("-o", "--output", type=OUTPUT_FILE,
              help="Write to a file instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@global_options
@click.pass_context
def export(ctx: click.Context, fmt: str | None, status: str | None, section: str | None,
           output: str | None, force: bool) -> None:
    """Write the phrasebank's phrases as JSON Lines or CSV.

    Exit status: 0 every phrase written, 1 some lines of the phrase files could not be
    read and are left out (each named on stderr), or the output is an existing file
    (without --force) or a phrasebank's own phrase file, 2 usage error.
    """
    from drafter import config
    from drafter.bank.taxonomy import load_taxonomy
    from drafter.bank.transfer import export_phrases

    settings: Settings = ctx.ensure_object(Settings)
    bank_dir = config.phrasebank_dir(settings.phrasebank)
    # (An unknown key had exported nothing, exit 0, without a word: fuzz pass 40.)
    _known(section, load_taxonomy(settings.phrasebank), "section type")
    if output:
        from drafter.fileio import OutputExists

        config.check_output_file(output)
        if not force and os.path.lexists(output):
            raise OutputExists(Path(output))  # before the export's work, not after
    # (-o b.csv had written JSON Lines, the format being taken from --format alone:
    # fuzz pass 64 n5.)
    # Nor -o b.xlsx JSON Lines without a word (fuzz pass 3 of stop 69, C-m9): without
    # --format the suffix says which, and a name without one (/dev/stdout) is JSON Lines.
    if output and not fmt:
        fmt = _EXPORT_SUFFIXES.get(Path(output).suffix.lower())
        if fmt is None:
            raise click.BadParameter(f"{shown(output)}: the format is read from the suffix, "
                                     ".jsonl or .csv (none: JSON Lines); give --format for "
                                     "any other", param_hint="-o")
    fmt = fmt or "jsonl"
    left_out: list[str] = []
    data = export_phrases(bank_dir, fmt, status, section, problems=left_out)
    # A line the loader cannot take is not in the export: said, not dropped in silence.
    _warn_broken_lines(left_out)
    if output:
        from drafter.fileio import atomic_write

        atomic_write(output, data, overwrite=force, through_link=True)
    elif sys.stdout.isatty():
        # On a terminal each record is shown with its control characters escaped: a
        # mined file named a<ESC>]0;pwn<BEL>.txt had retitled the terminal through a
        # CSV cell (fuzz pass 68).  Piped or written to a file, the data is as it is.
        click.echo("".join(shown(line) + "\n" for line in data.splitlines()), nl=False)
    else:
        click.echo(data, nl=False)
    ctx.exit(EXIT_PARTIAL if left_out else EXIT_OK)


_EXPORT_SUFFIXES = {"": "jsonl", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


@contextlib.contextmanager
def _bar(label: str, settings: Settings, enabled: bool = True):
    """A rich progress bar on stderr when it is a terminal; yields progress(done, total),
    or None when there is no bar to draw."""
    if not enabled or settings.verbosity < 0 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    # (A phase of unknown length shows a pulsing bar under its own name: mining a large
    # corpus spends a while finding its new words before the first file.)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total, phase=None: bar.update(
            task, completed=done, total=total, description=phase or label)


@contextlib.contextmanager
def _reported(label: str, settings: Settings):
    """The phases of long work on the phrasebank (reading it, working out a change,
    writing it), on a bar named ``label`` while the block runs (see drafter.progress):
    a decision on the whole bundled bank had worked for two minutes without a word."""
    from drafter import progress

    with _bar(label, settings) as bar, progress.reporting(bar):
        yield


# --- info --------------------------------------------------------------------------------


@main.command(context_settings=CONTEXT)
@global_options
@click.pass_context
def info(ctx: click.Context) -> None:
    """Show where drafter finds its bundled data and keeps the user's files."""
    from drafter import config

    settings: Settings = ctx.ensure_object(Settings)
    dirs = config.user_dirs()
    data = {
        "version": __version__,
        "phrasebank": str(config.phrasebank_dir(settings.phrasebank, must_exist=False)),
        "phrasebank_kind": config.phrasebank_kind(
            config.phrasebank_dir(settings.phrasebank, must_exist=False)),
        "user_phrasebank": str(config.user_phrasebank_dir()),
        "templates": [str(p) for p in config.search_path("templates")],
        "bundled_templates": str(config.bundled_dir("templates")),
        "bundled_phrasebank": str(config.bundled_dir("phrasebank")),
        "config_dir": str(dirs.config),
        "data_dir": str(dirs.data),
        "cache_dir": str(dirs.cache),
        # (Where the search index goes when cache_dir cannot be written.)
        "state_dir": str(dirs.state),
    }
    if settings.json:
        _print_json(data)
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        # (Each path escaped, as every other command shows one: a folder named with ESC
        # ] 0; had set the terminal's title, fuzz pass A of stop 67.)
        said = f"\n{' ' * (width + 2)}".join(map(shown, value if isinstance(value, list)
                                                  else [value]))
        click.echo(f"{key.ljust(width)}  {said}")


def run() -> None:
    """Console-script entry point."""
    _closed_streams_as_devnull()
    _buffered_stdout()
    # SIGTERM and SIGHUP unwind as Ctrl-C does, after killing any converter running.
    termination.on_terminate(termination.raise_exit)
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo("drafter: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        # Output refused before a command ran (--help or --version into a full disk, a
        # closed pipe): the commands' own are said by the group.
        _stdout_to_devnull()  # nothing more goes to it, not even at exit
        if isinstance(exc, BrokenPipeError):
            sys.exit(EXIT_OK)
        said = exc.strerror or str(exc)
        # (A closed output's own refusal names it already: see _ClosedOutput.)
        click.echo(f"drafter: {said}" if said.startswith(STDOUT_NAME)
                   else f"drafter: {STDOUT_NAME}: {said}", err=True)
        sys.exit(EXIT_PARTIAL)


# What an error writing standard output is said of: a bare "No space left on device"
# had left the user guessing what was refused (the full-size fuzz pass of stop 60).
STDOUT_NAME = "standard output"


class _NamedOutput(io.BufferedWriter):
    """Standard output's buffered writer, whose refusals name it (see STDOUT_NAME)."""

    def write(self, data) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            exc.filename = exc.filename or STDOUT_NAME
            raise

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            exc.filename = exc.filename or STDOUT_NAME
            raise



def _closed_streams_as_devnull() -> None:
    """A standard input or error the caller closed (Python then sets it to None) reads as
    empty or writes to nothing, instead of failing deep inside a command (classify
    --jsonl - with stdin closed had ended in a traceback).  A closed standard output
    fails the first write, as it does for ls or cat: what a command shows would be lost
    without a word, and a script told it succeeded (exit 0)."""
    for name, mode in (("stdin", "r"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()


def _stdout_to_devnull() -> None:
    """Standard output, refused, goes to nothing from now on (what is left in its buffer
    too, at the interpreter's exit); a closed one stays closed."""
    if not isinstance(sys.stdout, _ClosedOutput):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _buffered_stdout() -> None:
    """Standard output through a buffered writer even under PYTHONUNBUFFERED=1, which
    makes it a text layer straight over the file: that layer takes a short write (a disk
    with 1 MB left given 2 MB) as whole, and the rest was lost with exit 0 (fuzz pass
    42).  A buffered writer writes on and says the disk is full.  Flushed at each line,
    as unbuffered output is wanted.  Either way, one whose refusals name standard output
    (see _NamedOutput)."""
    stdout = sys.stdout
    buffer = getattr(stdout, "buffer", None)
    if isinstance(buffer, io.FileIO):
        sys.stdout = io.TextIOWrapper(_NamedOutput(buffer),
                                      encoding=stdout.encoding, errors=stdout.errors,
                                      line_buffering=True)
    elif type(buffer) is io.BufferedWriter and isinstance(buffer.raw, io.FileIO):
        # (Buffered as Python made it, but through a writer whose refusals name
        # standard output.  Nothing is written yet: the interpreter's own is left empty.)
        sys.stdout = io.TextIOWrapper(_NamedOutput(buffer.raw),
                                      encoding=stdout.encoding, errors=stdout.errors,
                                      line_buffering=stdout.line_buffering)


class _ClosedOutput(io.TextIOBase):
    """Standard output when the caller closed it: a write is refused as the system
    refuses one to a closed descriptor, said by the commands' OSError handling."""

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise OSError(errno.EBADF, "standard output is closed: what this command shows "
                                   "cannot be written")


# Commands that take a draft from template to file live in their own module.
from drafter import cli_draft  # noqa: E402,F401
