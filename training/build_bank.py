"""Rebuild the bundled phrasebank from ../shared/corpus and ../shared/archive.

    python training/build_bank.py            # --archive DIR --corpus DIR --bank DIR

What may be shipped decides what is mined in full.  The archive's official documents
(政府工作报告, reports to the Party congresses) are free to republish: their headings,
leads, sentences and paragraphs go into the bank.  Speeches and news write-ups are
protected works: they are mined only for their set phrases (idioms) and short quotes with
their speaker, and no other phrase of theirs is kept.  The five founding speeches are the
bank's own seed, as before.  The passages written for training the classifier
(``written.jsonl``: model paragraphs of city, county and department speeches on 安全生产,
营商环境, 基层治理 …, which the national reports lack) are the project's own and are
mined in full, each as a short document of its heading and its body, so that a heading
and its paragraph stay one unit.  ``written_subjects.jsonl`` adds passages written for the
bank alone (not for the classifier, whose training data it would change): nine or ten per
subject for 128 subjects a city's or county's speeches are given on (养老服务, 粮食安全,
信访, 招商引资 …), each subject's significance, political responsibility, four tasks,
safeguards and method, so that a draft on one of them finds its own material.

Reports older than 2003 speak of another era (人民公社, 计划经济), so only the twelve
reports of 2003-2014 and the 16th and 17th congress reports are mined.

Every new phrase is then decided by the rules in ``review_by_rule``, with the rule that
decided it written in its note (``rule: …``) so that a maintainer can tell a rule's
decision from a person's and overrule it.  Phrases already reviewed, by hand or by an
earlier run, keep their decision: running the script twice writes the same bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from drafter.bank.lint import lint_bank
from drafter.bank.mine.specifics import binding_specifics, named_by
from drafter.bank.model import PLACEHOLDER_RE, WRITTEN_SOURCE_PREFIX, Phrase
from drafter.bank.pipeline import mine_corpus
from drafter.bank.store import load_phrases, merge_mined, save_phrases
from drafter.check.stale import outdated
from drafter.corpus.headings import match_marker

HERE = Path(__file__).resolve().parent
OFFICIAL = [f"gov/gwr{year}.txt" for year in range(2003, 2015)] + ["party/cpc16.txt",
                                                                     "party/cpc17.txt"]
PROTECTED = ["speeches", "party12371"]
QUOTE_CHARS = 60  # a "short attributed quote"

# The passages written for training the classifier (written.jsonl) are set in invented
# cities and counties; a draft must name no place the writer did not give, and these are
# in no gazetteer the miner could find them by.
INVENTED_PLACES_RE = re.compile("临江|南岭|云岭|松江|江城|清溪|白河|青川|雁岭|沙河|瀚海|南湖|海门")


def review_by_rule(phrase: Phrase, today) -> tuple[str, str]:
    """(status, note) for a mined phrase nobody has reviewed."""
    text = phrase.text
    if PLACEHOLDER_RE.search(text):
        return "rejected", "rule: has a placeholder (XX, X月X日)"
    if INVENTED_PLACES_RE.search(text):
        return "rejected", "rule: names a place the written passages invented (南岭, 临江 …)"
    why = outdated(text, today)
    if why:
        return "rejected", f"rule: out of date ({why}: plan period, 今年, 本届政府 …)"
    official = all(s.file.startswith(("gwr", "cpc")) for s in phrase.sources)
    if official and phrase.kind in ("paragraph", "opening", "closing", "transition"):
        # A national report's paragraph speaks as the State Council of its year (本届政府,
        # 营业税, 三步走): a writer judging drafts cut every one.  Its headings, leads,
        # set phrases and golden lines travel; its paragraphs do not.
        return "rejected", "rule: a national report's paragraph (its year's State Council voice)"
    # The person or place a passage was written for (张富清 of 学习张富清同志先进事迹,
    # 红旗渠 of 弘扬红旗渠精神) is its subject, not its source's.
    subject = next((t.removeprefix("subject:") for t in phrase.tags
                    if t.startswith("subject:")), "")
    binding = {kind for kind, span in binding_specifics(phrase.specifics)
               if not named_by(kind, span, subject)}
    if binding & {"figure", "year", "date"}:
        return "rejected", "rule: data or dates of its year (增长8%, 2010年)"
    # An audience or post (组工干部, 纪检监察干部) is the source's, but the assembler keeps
    # such a phrase out of any draft whose topic or fields do not name it: a speech on
    # 纪检监察干部队伍建设 may use it.
    if binding - {"role"}:
        return "rejected", f"rule: bound to its source ({', '.join(sorted(binding))})"
    length = len(text)
    if phrase.kind == "paragraph" and not 60 <= length <= 420:
        return "rejected", "rule: paragraph too short or too long to reuse"
    if phrase.kind in ("lead", "golden") and length > 90:
        return "rejected", "rule: too long for a lead or a golden line"
    if phrase.kind == "heading" and not 4 <= length <= 32:
        return "rejected", "rule: not a heading's length"
    if phrase.kind == "quote" and not phrase.speaker:
        return "rejected", "rule: quote without a speaker"
    if phrase.kind == "parallel" and len(phrase.members) < 3:
        return "rejected", "rule: a set of fewer than three"
    # (Mining marks a phrase down for naming a place or person; not for naming its own
    # subject's: 谷文昌同志 in a passage written for 学习弘扬谷文昌精神.)
    own = bool(phrase.specifics) and all(named_by(k, s, subject) for k, s in phrase.specifics)
    if phrase.score + (0.15 if own else 0.0) < 0.3:
        return "rejected", "rule: low score"
    return "approved", "rule: clean, reusable"


def protected_phrases(archive: Path, jobs: int) -> list[Phrase]:
    """Idioms and short attributed quotes mined from the protected works: what may be
    shipped of them."""
    with tempfile.TemporaryDirectory() as scratch:
        mine_corpus([archive / name for name in PROTECTED], scratch, jobs=jobs)
        loaded = load_phrases(scratch)
    keep = []
    for phrase in loaded.phrases.values():
        if phrase.kind == "idiom" or (phrase.kind == "quote" and phrase.speaker
                                      and len(phrase.text) <= QUOTE_CHARS):
            keep.append(phrase)
    return keep


def corpus_fingerprints(folders: list[Path], bank: Path) -> list:
    """Fingerprint every speech and report of the corpus and the whole archive,
    protected works included (hashes, not their text), so that `drafter check` finds a
    passage copied from any of them; the project's written passages are not a source
    anyone copies from and stay out.  Written beside the bank as fingerprints.npz."""
    from drafter.bank.fingerprints import (
        FINGERPRINTS_FILE,
        FingerprintIndex,
        document_text,
        fingerprint,
    )
    from drafter.corpus.parse import Skipped, load_many

    prints = [fingerprint(Path(doc.source).name, document_text(doc))
              for doc in load_many(folders) if not isinstance(doc, Skipped)]
    FingerprintIndex.build(sorted(prints, key=lambda d: d.name)).save(bank / FINGERPRINTS_FILE)
    return prints


WRITTEN_PREFIX = WRITTEN_SOURCE_PREFIX  # known to the checks: reusing these is not copying
_TOP_FAMILIES = ("part", "cn")  # 第一部分, 一、: a first-level heading; the rest second


def write_passages(written: list[Path], folder: Path
                   ) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    """Each written passage as a file ``written-<domain>-<n>.txt`` of a title, its
    heading and its body; returns each heading's level as its marker says (一、 1, else 2)
    and each file's section type as the writer gave it, and the subject it was written
    for (written_subjects.jsonl only).
    Files are numbered on across ``written`` in order, so passages added in a later file
    leave the names (the provenance) of the earlier ones as they were."""
    import json

    levels: dict[str, int] = {}
    sections: dict[str, str] = {}
    subjects: dict[str, str] = {}
    counts: dict[str, int] = {}
    subject = ""
    opening_head = ""  # the 一、 heading the subject being read opened with
    lines = [(line, path.name == "written_subjects.jsonl") for path in written
             for line in path.read_text(encoding="utf-8").splitlines()]
    for line, by_subject in lines:
        row = json.loads(line)
        domain = row["domain"]
        counts[domain] = counts.get(domain, 0) + 1
        heading = row.get("heading") or ""
        marker = match_marker(heading.strip()) if heading else None
        top = bool(marker) and marker.family in _TOP_FAMILIES
        if by_subject and top:
            opening_head = heading
        elif by_subject and not heading and opening_head:
            # A passage written without a heading (in the first person, or argued) is
            # mined under its subject's 一、 heading on why it matters: a paragraph alone
            # in a file is a preamble, which mining leaves out.
            heading = opening_head
        if marker:
            levels[marker.rest.strip("。 ")] = 1 if top else 2
        body = "\n".join(filter(None, [heading, row["text"]]))
        name = f"{WRITTEN_PREFIX}{domain}-{counts[domain]:04d}.txt"
        (folder / name).write_text(f"{domain}\n\n{body}\n", encoding="utf-8")
        if row.get("section"):
            sections[name] = row["section"]
        if by_subject:
            # written_subjects.jsonl comes a subject at a time, each opening with its
            # 一、 heading on why it matters: that heading names what the ten are about,
            # unless the subject is named outright (a heading may not name it whole:
            # 以高水平开放拓展发展新空间 is on 推进高水平对外开放).
            if row.get("subject"):
                subject = row["subject"]
            elif top:
                subject = marker.rest.strip("。 ").replace(" ", "")
            if subject:
                subjects[name] = subject
    return levels, sections, subjects


def written_field(name: str) -> str:
    """The field a written passage was written for, from its file name (see
    write_passages)."""
    return name.removeprefix(WRITTEN_PREFIX).rsplit("-", 1)[0]


def main(argv: list[str] | None = None) -> int:
    import datetime

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, default=HERE.parent.parent / "shared/archive")
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared/corpus")
    parser.add_argument("--bank", type=Path, default=HERE.parent / "phrasebank")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    for folder in (args.archive, args.corpus):
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")
    with tempfile.TemporaryDirectory() as scratch:
        levels, written_sections, written_subjects = write_passages(
            [HERE / "written.jsonl", HERE / "written_subjects.jsonl"], Path(scratch))
        sources = [args.corpus, *(args.archive / name for name in OFFICIAL), Path(scratch)]
        report = mine_corpus(sources, args.bank, jobs=args.jobs)
    print(f"mined {report.files_read} files in full: {report.total} phrases", file=sys.stderr)
    extra = protected_phrases(args.archive, args.jobs)
    loaded = load_phrases(args.bank)
    merged, counts = merge_mined(loaded.phrases, extra)
    print(f"idioms and quotes of speeches and news: {len(extra)} ({counts.new} new)",
          file=sys.stderr)
    today = datetime.date.today()
    decided = {"approved": 0, "rejected": 0}
    for phrase in merged.values():
        written = [s.file for s in phrase.sources if s.file.startswith(WRITTEN_PREFIX)]
        if written and phrase.kind == "heading" and phrase.text in levels:
            phrase.level = levels[phrase.text]  # as the writer numbered it, not 1 of 1
        if written:
            # Written for a subject of a known field: that field first, whatever the
            # classifier makes of a passage on 国家安全教育进校园 (民生, for 校园).
            field = written_field(written[0])
            phrase.domains = [field, *(d for d in phrase.domains if d != field)]
            # …and under the job it was written to do (a passage on why “千万工程”经验
            # matters is 重大意义's, however much method it names).
            job = written_sections.get(written[0])
            if job and phrase.kind not in ("idiom", "quote"):
                phrase.sections = [job, *(x for x in phrase.sections if x != job)]
            about = written_subjects.get(written[0])
            if about and phrase.kind not in ("idiom", "quote"):
                phrase.tags = [t for t in phrase.tags if not t.startswith("subject:")]
                phrase.tags.append(f"subject:{about}")
        if (phrase.status == "candidate" or phrase.note.startswith("rule:")) \
                and "status" not in phrase.decided:
            phrase.status, phrase.note = review_by_rule(phrase, today)
            decided[phrase.status] += 1
    save_phrases(args.bank, merged.values())
    # What lint still finds on a phrase a rule approved (page furniture, a second phrase
    # with the same text) is rejected with lint's reason.
    flagged = {}
    for problem in lint_bank(args.bank):
        flagged[problem.phrase] = problem
        if problem.rule == "duplicate":  # either of the two may be the rule's
            flagged[problem.message.rsplit(" ", 1)[-1]] = problem
    for phrase in merged.values():
        problem = flagged.get(phrase.id)
        if problem and phrase.status == "approved" and phrase.note.startswith("rule:"):
            phrase.status, phrase.note = "rejected", f"rule: lint {problem.rule}"
            decided["approved"] -= 1
            decided["rejected"] += 1
    save_phrases(args.bank, merged.values())
    prints = corpus_fingerprints([args.corpus, args.archive], args.bank)
    print(f"fingerprints of {len(prints)} documents for 查重", file=sys.stderr)
    print(f"decided by rule: {decided['approved']} approved, {decided['rejected']} rejected; "
          f"{len(merged)} phrases in {args.bank}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
