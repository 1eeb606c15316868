"""drafter mine, drafter phrasebank stats/lint/review from the command line."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile

import pytest
from click.testing import CliRunner

from drafter.bank.model import Phrase, Source, phrase_id
from drafter.bank.store import load_phrases, phrase_line, save_phrases
from drafter.cli import main

from .conftest import FIXTURES

SPEECH = FIXTURES / "sample_speech.txt"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_mine_then_stats_lint_review(tmp_path):
    bank = tmp_path / "bank"
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("mine", str(SPEECH), str(tmp_path / "empty.txt"), "-o", str(bank))
    assert result.exit_code == 1  # one file skipped
    assert "skipped" in result.stderr and "empty file" in result.stderr
    assert "new" in result.stdout
    again = run("mine", str(SPEECH), "-o", str(bank), "--json")
    report = json.loads(again.stdout)
    assert again.exit_code == 0 and report["new"] == 0 and report["unchanged"] == report["total"]

    stats = json.loads(run("--phrasebank", str(bank), "phrasebank", "stats", "--json").stdout)
    assert set(stats) == {"total", "by_section", "by_domain", "by_kind", "by_status"}
    assert stats["total"] == report["total"] == sum(stats["by_kind"].values())
    assert sum(stats["by_domain"].values()) == stats["total"] and "-" not in stats["by_domain"]
    assert stats["by_status"] == {"candidate": stats["total"]}

    assert run("--phrasebank", str(bank), "phrasebank", "lint").exit_code == 0

    phrase = next(iter(load_phrases(bank).phrases.values()))
    reviewed = run("--phrasebank", str(bank), "phrasebank", "review", phrase.id,
                   "--status", "approved", "--section", "safeguards", "--json")
    assert json.loads(reviewed.stdout)["status"] == "approved"
    assert load_phrases(bank).phrases[phrase.id].sections == ["safeguards"]
    bad = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "review",
                                    phrase.id, "--section", "nonsense"])
    assert bad.exit_code == 1 and "unknown section type" in bad.stderr


def test_stats_counts_and_says_a_broken_taxonomy(tmp_path):
    # Every other command refuses a broken taxonomy.toml; stats had answered exit 0 over
    # it (fuzz pass 42, m4).  The counts still come: they stand on the phrase files.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    assert run("--phrasebank", str(bank), "phrasebank", "stats").exit_code == 0
    with (bank / "taxonomy.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[broken\n")
    result = run("--phrasebank", str(bank), "phrasebank", "stats", "--json")
    assert result.exit_code == 1
    assert "taxonomy.toml" in result.stderr and "not valid TOML" in result.stderr
    assert json.loads(result.stdout)["total"] > 0


def test_info_and_stats_print_a_crafted_folder_name_as_escapes(tmp_path):
    # A folder named with an escape sequence had recoloured the terminal through stats
    # and info (fuzz pass 42, m1), and through the top-level info (fuzz pass A, stop 67):
    # its control characters are printed as \x1b.
    bank = tmp_path / "bank\x1b[31m"
    run("mine", str(SPEECH), "-o", str(bank))
    for command in (["phrasebank", "info"], ["phrasebank", "stats"], ["info"]):
        result = run("--phrasebank", str(bank), *command)
        assert "\x1b" not in result.output and "bank\\x1b[31m" in result.output, command


def test_lint_fails_on_a_broken_bank(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    path = next((bank / "phrases").glob("*.jsonl"))
    lines = path.read_text("utf-8").splitlines()
    data = json.loads(lines[0])
    data["sections"] = ["no_such_type"]
    data["text"] = "请登录会员下载全文"
    lines[0] = json.dumps(data, ensure_ascii=False)
    lines.append("{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "lint", "--json")
    assert result.exit_code == 1
    rules = {p["rule"] for p in json.loads(result.stdout)["problems"]}
    assert {"broken-line", "unknown-section", "furniture"} <= rules


def test_reviewing_a_phrase_on_a_damaged_line_points_to_the_line(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    path = next((bank / "phrases").glob("*.jsonl"))
    lines = path.read_text("utf-8").splitlines()
    damaged = json.loads(lines[1])["id"]
    lines[1] = lines[1].rstrip("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "review", damaged, "--approve")
    assert result.exit_code == 1
    assert f"no phrase with id {damaged}; one is on a line that cannot be read: {path}:2:" \
        in result.stderr


@pytest.mark.parametrize("how, damage", [("import", "unknown key"), ("mine", "unknown key"),
                                         ("import", "escaped id"), ("import", "id twice")])
def test_a_phrase_on_a_damaged_line_is_not_added_again_beside_it(tmp_path, how, damage):
    # Fuzz pass A, stop 67: mined or imported again while its line was damaged, a
    # reviewed phrase got a fresh candidate of the same id, written before the kept
    # line; once the line was mended the candidate was read, and the maintainer's
    # approved line called the duplicate.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    path = next((bank / "phrases").glob("*.jsonl"))
    lines = path.read_text("utf-8").splitlines()
    phrase = json.loads(lines[1])
    assert run("--phrasebank", str(bank), "phrasebank", "review", phrase["id"], "--approve",
               "--note", "kept by the maintainer").exit_code == 0
    reviewed = next(line for line in path.read_text("utf-8").splitlines()
                    if f'"{phrase["id"]}"' in line)
    # (An escaped id, or one given twice, had been missed: a blind re-check, stop 67.)
    pid = phrase["id"]
    damaged = reviewed.replace(f'"id": "{pid}"', {
        "unknown key": f'"foo": 1, "id": "{pid}"',
        "escaped id": f'"foo": 1, "id": "\\u{ord(pid[0]):04x}{pid[1:]}"',
        "id twice": f'"id": "zzz", "id": "{pid}"'}[damage], 1)
    assert damaged != reviewed
    path.write_text(path.read_text("utf-8").replace(reviewed, damaged), encoding="utf-8")
    if how == "import":
        rows = tmp_path / "rows.jsonl"
        rows.write_text(json.dumps({"text": phrase["text"], "kind": phrase["kind"],
                                    "sections": phrase["sections"]}, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    else:
        result = run("mine", str(SPEECH), "-o", str(bank))
    assert result.exit_code == 1, result.output
    assert (f"{phrase['id']} is on a line that cannot be read ('drafter phrasebank lint' "
            "names it); it was not added again beside it") in result.stderr
    held = [line for line in path.read_text("utf-8").splitlines()
            if f'"{pid}"' in line or line == damaged]
    assert held == [damaged]
    # Mended, the line is the maintainer's phrase, and nothing is its duplicate.
    path.write_text(path.read_text("utf-8").replace(damaged, reviewed), encoding="utf-8")
    loaded = load_phrases(bank)
    assert not loaded.problems
    assert loaded.phrases[phrase["id"]].status == "approved"
    assert loaded.phrases[phrase["id"]].note == "kept by the maintainer"


def test_undo_with_a_decision_is_refused_and_undoes_nothing(tmp_path):
    # Fuzz pass A, stop 67: review --undo --approve undid the last decision and dropped
    # the approval without a word.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    phrase = next(iter(load_phrases(bank).phrases))
    assert run("--phrasebank", str(bank), "phrasebank", "review", phrase, "--note",
               "x").exit_code == 0
    for given in (["--approve"], ["--note", "y"], ["--section", "opening"], ["--yes"]):
        result = run("--phrasebank", str(bank), "phrasebank", "review", "--undo", *given)
        assert result.exit_code == 2 and "--undo takes back the last decision and makes " \
            "none" in result.stderr, given
    assert load_phrases(bank).phrases[phrase].note == "x"


@pytest.mark.parametrize("looped", ["bank", "phrases"])
def test_a_bank_behind_a_symbolic_link_loop_is_refused_in_one_line(tmp_path, looped):
    # Fuzz pass 57 N3: import into such a bank ended in a RuntimeError traceback.
    bank = tmp_path / "bank"
    if looped == "bank":
        bank.symlink_to(bank)
    else:
        bank.mkdir()
        (bank / "phrases").symlink_to(bank / "phrases")
    rows = tmp_path / "rows.csv"
    rows.write_text("text,section,kind\n坚持把政治标准放在首位,cadre_team,lead\n",
                    encoding="utf-8")
    for args in (["--phrasebank", str(bank), "phrasebank", "import", str(rows)],
                 ["mine", str(SPEECH), "-o", str(bank)]):
        result = run(*args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "symbolic link loop" in result.stderr, result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_import_and_export_round_trip(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    rows = tmp_path / "rows.csv"
    rows.write_text("text,section,kind,speaker,source\n"
                    "坚持把政治标准放在首位,cadre_team,lead,,手册.docx\n"
                    "江山就是人民、人民就是江山。,closing,quote,习近平总书记,\n"
                    "没有章节的句子,nowhere,lead,,\n", encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1  # one bad row
    assert f"{rows}:4: unknown section 'nowhere'" in result.stderr
    phrases = {p.text: p for p in load_phrases(bank).phrases.values()}
    assert phrases["坚持把政治标准放在首位"].sources[0].file == "手册.docx"
    assert phrases["江山就是人民、人民就是江山。"].speaker == "习近平总书记"
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text('{"text": "以钉钉子精神抓落实", "section": "work_style", "kind": "golden"}\n'
                     'not json\n', encoding="utf-8")
    assert run("--phrasebank", str(bank), "phrasebank", "import", str(jsonl)).exit_code == 1
    exported = run("--phrasebank", str(bank), "phrasebank", "export", "--format", "csv",
                   "--section", "cadre_team").stdout
    assert exported.startswith('"id","text","kind","section"') and "坚持把政治标准放在首位" in exported
    # -o names a .csv: CSV, without --format (fuzz pass 64 n5: it had been JSON Lines).
    out = tmp_path / "b6.csv"
    run("--phrasebank", str(bank), "phrasebank", "export", "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith('"id","text","kind","section"')
    all_lines = run("--phrasebank", str(bank), "phrasebank", "export").stdout.splitlines()
    assert len(all_lines) == len(load_phrases(bank).phrases)
    assert json.loads(all_lines[0])["id"] < json.loads(all_lines[-1])["id"]
    # A line the loader cannot take is not exported: said, with exit 1 (it had been left
    # out in silence, exit 0).
    damaged = max((bank / "phrases").glob("*.jsonl"), key=lambda p: p.stat().st_size)
    with damaged.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "pbroken", "text": \n')
    number = len(damaged.read_text(encoding="utf-8").splitlines())
    result = run("--phrasebank", str(bank), "phrasebank", "export")
    assert result.exit_code == 1 and len(result.stdout.splitlines()) == len(all_lines)
    assert result.stderr.startswith(f"warning: {damaged}:{number}: ")


BOUND = "青山镇要在6月底前完成隐患排查整治，确保整改到位。"


def _bank_holding_everything(tmp_path):
    """A mined bank whose phrases hold what an import must not lose: salient terms,
    ranked sections and domains, heading paths of sources, a phrase bound to its
    source (specifics), a text a maintainer edited and domains a maintainer set."""
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    bound = Phrase(phrase_id("paragraph", BOUND), BOUND, "paragraph",
                   ["safeguards", "work_style"], domains=["safety", "general"],
                   terms=["隐患排查", "整改"], score=0.7,
                   sources=[Source("县安全生产会议.txt", 4, "一、压实安全生产责任")],
                   specifics=[["place", "青山镇"], ["date", "6月底"]])
    save_phrases(bank, [*load_phrases(bank).phrases.values(), bound])
    phrases = load_phrases(bank).phrases
    edited, retagged = (p for p in phrases.values() if p.kind == "lead" and p.terms
                        and len(p.domains) > 1)
    assert run("--phrasebank", str(bank), "phrasebank", "review", edited.id, "--text",
               edited.text + "，久久为功").exit_code == 0
    assert run("--phrasebank", str(bank), "phrasebank", "review", retagged.id, "--domain",
               "economy").exit_code == 0
    assert any(s.path for p in phrases.values() for s in p.sources)
    return bank, bound.id, edited.id


@pytest.mark.parametrize("export", [["--format", "csv"], [],
                                    ["--format", "csv", "--section", "safeguards"],
                                    ["--section", "safeguards"]])
def test_importing_the_banks_own_export_changes_nothing(tmp_path, export):
    # The CSV export imported back had cut every phrase's domains to the first, dropped
    # its terms and specifics, added the CSV as a source and made an edited phrase a new
    # duplicate; the JSON Lines export could not be imported at all ("unknown section").
    bank, _, edited = _bank_holding_everything(tmp_path)
    # (A hand-made bank's own id, which the loader takes: its rows had been refused on
    # import, lost in the round trip, fuzz pass 81 m5.)
    # (Mined from files whose names read as more sources, 通知#3; 附件.txt, or lose a
    # space at their start: two sources had been invented, fuzz pass A of stop 63.)
    hand = Phrase(id="hand_made-1", text="手写的一句短语，贵在坚持", kind="lead",
                  sections=["safeguards"], domains=["general"], status="approved", score=0.5,
                  sources=[Source("通知#3; 附件.txt", 2), Source(" h.txt ", 1),
                           Source("完成100%25.txt", 3), Source("　全角.txt", 4)])
    # (A candidate's text with spaces at its edges, written in by hand: import trimmed
    # them, an edit in the round trip, fuzz pass A of stop 63, m1.)
    spaced = Phrase(id="pe0000000a1", text="\u3000\u3000同志们，加强作风建设。\u00a0",
                    kind="paragraph", sections=["safeguards"], domains=["general"],
                    score=0.5, sources=[Source("a.txt", 1)])
    with (bank / "phrases" / "safeguards.jsonl").open("a", encoding="utf-8") as file:
        file.write(phrase_line(hand) + phrase_line(spaced))
    exported = tmp_path / ("all.csv" if "csv" in export else "all.jsonl")
    assert run("--phrasebank", str(bank), "phrasebank", "export", *export,
               "-o", str(exported)).exit_code == 0
    before = _bank_files(bank)
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(exported))
    assert result.exit_code == 0, result.output
    rows = len(exported.read_text(encoding="utf-8").splitlines()) - ("csv" in export)
    assert f"imported {rows} row(s): 0 new, 0 updated, {rows} unchanged" in result.stdout
    assert "held back" not in result.output  # (the spaced text: fuzz pass A of stop 67, m10)
    assert _bank_files(bank) == before
    if "--section" not in export:
        assert "，久久为功" in load_phrases(bank).phrases[edited].text
    assert "hand_made-1" in exported.read_text(encoding="utf-8")
    linted = run("--phrasebank", str(bank), "phrasebank", "lint")
    assert re.search(r"pe0000000a1.*edge-space", linted.output), linted.output


def test_a_json_lines_export_imports_whole_into_another_bank(tmp_path):
    bank, _, _ = _bank_holding_everything(tmp_path)
    exported = tmp_path / "all.jsonl"
    run("--phrasebank", str(bank), "phrasebank", "export", "-o", str(exported))
    other = tmp_path / "other"
    result = run("--phrasebank", str(other), "phrasebank", "import", "--trust", str(exported))
    assert result.exit_code == 0, result.output
    assert load_phrases(other).phrases == load_phrases(bank).phrases


def test_a_csv_export_of_a_merged_phrase_imports_back_trusted(tmp_path):
    # Fuzz pass A of stop 67, m9: the CSV had no merged_into column, so a trusted import
    # of the bank's own export refused every merged row, and into another bank lost them.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    leads = sorted(p.id for p in load_phrases(bank).phrases.values() if p.kind == "lead")
    # The later id merged into the earlier, and the earlier into the later: in an export
    # sorted by id the target comes after the merged row in one of the two banks.
    for name, (merged, into) in (("a", leads[:2]), ("b", leads[1::-1])):
        copy = tmp_path / name
        shutil.copytree(bank, copy)
        assert run("--phrasebank", str(copy), "phrasebank", "review", merged, "--into",
                   into).exit_code == 0
        sheet = tmp_path / f"{name}.csv"
        assert run("--phrasebank", str(copy), "phrasebank", "export", "--format", "csv",
                   "-o", str(sheet)).exit_code == 0
        before = _bank_files(copy)
        same = run("--phrasebank", str(copy), "phrasebank", "import", "--trust", str(sheet))
        assert same.exit_code == 0, same.output
        assert _bank_files(copy) == before
        other = tmp_path / f"{name}-other"
        result = run("--phrasebank", str(other), "phrasebank", "import", "--trust", str(sheet))
        assert result.exit_code == 0, result.output
        taken = load_phrases(other).phrases[merged]
        assert (taken.status, taken.merged_into) == ("merged", into)
    # A sheet of an earlier export, without the column: the row is named, and why.
    import csv

    with sheet.open(encoding="utf-8-sig", newline="") as exported, \
            (tmp_path / "old.csv").open("w", encoding="utf-8", newline="") as old:
        csv.writer(old).writerows(row[:-1] for row in csv.reader(exported))
    result = run("--phrasebank", str(tmp_path / "third"), "phrasebank", "import", "--trust",
                 str(tmp_path / "old.csv"))
    assert result.exit_code == 1
    assert f"{merged}: merged, but the row names no phrase it was merged into" in result.output


def test_an_import_changes_only_what_its_rows_give_and_undo_takes_it_back(tmp_path):
    import csv
    import io

    bank, bound, edited = _bank_holding_everything(tmp_path)
    exported = run("--phrasebank", str(bank), "phrasebank", "export", "--format", "csv").stdout
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(exported))}
    # Only the first domain, no sources: the others stay ranked after it, the sources
    # (heading paths and all) stay as they are.
    rows[bound].update(domain="economy", domains="", sources="", score="")
    heading = next(i for i, row in rows.items() if row["kind"] == "heading")
    rows[heading].update(text="以钉钉子精神抓落实", domains="", sources="")
    rows[edited].update(text="又一次改写")  # (a maintainer's edit stands)
    new = dict(rows[bound], id="", text="要压实安全生产责任，守住安全底线", sources="")
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[bound]))
        writer.writeheader()
        writer.writerows([rows[bound], rows[heading], rows[edited], new])
    before, files = load_phrases(bank).phrases, _bank_files(bank)
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(changed))
    assert result.exit_code == 0, result.output
    assert "1 new, 2 updated, 1 unchanged (1 with changes held back: --trust takes them)" \
        in result.stdout
    assert f"changed.csv:4: {edited}: text kept as reviewed (--trust takes the row's)" \
        in result.stderr  # (said, not dropped without a word as it had been)
    assert "review --undo' takes it back" in result.stdout
    after = load_phrases(bank).phrases
    assert after[bound].to_dict() == {**before[bound].to_dict(),
                                      "domains": ["economy", "safety", "general"]}
    # The phrase of the row's id takes the new text as an edit, and keeps the rest.
    assert after[heading].to_dict() == {**before[heading].to_dict(),
                                        "text": "以钉钉子精神抓落实", "decided": ["text"]}
    assert after[edited] == before[edited]
    [added] = set(after) - set(before)
    assert after[added].sources == [Source("changed.csv", 5)]
    assert after[added].status == "candidate"  # (untrusted)
    undone = run("--phrasebank", str(bank), "phrasebank", "review", "--undo")
    assert undone.exit_code == 0 and "undone: import changed.csv" in undone.stdout
    assert _bank_files(bank) == files
    # Trusted, the row's text is taken, and recorded as decided.
    result = run("--phrasebank", str(bank), "phrasebank", "import", "--trust", str(changed))
    assert result.exit_code == 0 and "held back" not in result.output
    after = load_phrases(bank).phrases
    assert after[edited].text == "又一次改写" and "text" in after[edited].decided


def test_json_lines_import_names_a_mistyped_field_and_skips_its_line(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    good = {"text": "全新的一句短语", "section": "work_style", "kind": "lead"}
    lines = [{**good, "text": ["a"]}, {**good, "kind": "quote", "speaker": {"a": 1}},
             {**good, "sources": "x"}, {**good, "score": "0,5"}, {**good, "section": 7},
             {**good, "id": "p1"}, {**good, "speakr": "张三"}, {**good, "score": 1.5}, good]
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                    encoding="utf-8")
    before = load_phrases(bank).phrases
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"drafter: {rows}:1: text must be a string, not ['a']",
        f"drafter: {rows}:2: speaker must be a string, not {{'a': 1}}",
        f"drafter: {rows}:3: sources must be a list, not 'x'",
        f"drafter: {rows}:4: score must be a number, not '0,5'",
        f"drafter: {rows}:5: section must be a string, not 7",
        f"drafter: {rows}:6: id 'p1' is no phrase id (p and 10 hex digits) nor one of "
        "this bank's",
        f"drafter: {rows}:7: unknown field(s) 'speakr'",
        f"drafter: {rows}:8: score must be between 0 and 1, not 1.5"]
    assert "1 new" in result.stdout and "8 skipped" in result.stdout
    [added] = set(load_phrases(bank).phrases) - set(before)
    assert load_phrases(bank).phrases[added].text == "全新的一句短语"


@pytest.mark.parametrize("header, said", [
    ("text,kind,section,speakr", "unknown column(s) 'speakr'; the columns are id, text"),
    ("text,kind,section,text", "column 'text' given twice"),
    # 100,000 columns had taken minutes (a count per name) and all been named (fuzz 45).
    ("text,kind,section," + ",".join(f"c{i}" for i in range(100_000)),
     "unknown column(s) 'c0', 'c1', 'c2', 'c3', 'c4' and 99,995 more; the columns are")])
def test_csv_import_refuses_a_header_it_would_read_wrongly(tmp_path, header, said):
    # (fuzz pass 40 n10: the misspelt column had been dropped from every row, and of two
    # text columns the last had won, with exit 0.)
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"{header},\n坚持人民至上,lead,work_style,坚持问题导向,\n",
                     encoding="utf-8")
    before = load_phrases(bank).phrases
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"drafter: {sheet}:1: {said}"), result.stderr
    assert load_phrases(bank).phrases.keys() == before.keys()


def test_an_import_past_its_row_limit_is_refused_before_anything_is_read(tmp_path,
                                                                         monkeypatch):
    # 300,000 rows had taken 74 s and 3.2 GB (fuzz pass, stop 37): said at once instead.
    from drafter.bank import classify, transfer

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    files = _bank_files(bank)

    def refused(path) -> str:
        """An import of ``path`` refused whole (exit 1, the bank as it was): what it said."""
        result = run("--phrasebank", str(bank), "phrasebank", "import", str(path))
        assert result.exit_code == 1 and _bank_files(bank) == files, result.output
        return result.stderr

    monkeypatch.setattr(transfer, "MAX_IMPORT_ROWS", 3)
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"text": f"全新的第{n}句短语", "section": "work_style",
                                        "kind": "lead"}, ensure_ascii=False) + "\n"
                            for n in range(4)), encoding="utf-8")
    said = refused(rows)
    assert "an import takes at most 3 rows" in said and "split the file" in said
    # …rows ended by a bare CR too (fuzz pass 53: 1.5 million of them passed the count).
    crs = tmp_path / "rows.csv"
    crs.write_text("text,section,kind\r" + "".join(f"全新的第{n}句短语,work_style,lead\r"
                                                    for n in range(4)), encoding="utf-8",
                   newline="")
    assert "an import takes at most 3 rows" in refused(crs)
    # New phrases are bounded apart (the bank every later command holds grows by them):
    # 119,990 new rows had taken the import to 1.1 GB and its undo to 1.3 GB.
    monkeypatch.setattr(transfer, "MAX_IMPORT_ROWS", 10)
    monkeypatch.setattr(transfer, "MAX_NEW_PHRASES", 3)
    said = refused(rows)
    assert "at most 3 new phrases (row 4" in said, said
    # (…what the bank holds as it stands, not with the rows before it: re-check, stop 38.)
    assert f"the bank now holds {len(load_phrases(bank).phrases):,})" in said
    assert "nothing was imported" in said
    # …and so are the characters of text (20,000 texts of 2,000 characters took 38 s:
    # fuzz re-check 69).
    monkeypatch.setattr(transfer, "MAX_NEW_PHRASES", 10)
    monkeypatch.setattr(transfer, "MAX_IMPORT_CHARS", 20)
    # (Said at the row that passes the bound, not once every row is held: a 256 MB file
    # had been read past 60 s and 1.5 GB first, fuzz re-check 73.)
    assert "over 20 characters of text by row 3, more than an import reads" in refused(rows)
    # …fewer of them in rows read for their domains (6,000 texts of 2,000 characters
    # took 30 s: fuzz pass 70); rows that give their domains, as an export's do, are not.
    monkeypatch.setattr(transfer, "MAX_IMPORT_CHARS", 1000)
    monkeypatch.setattr(transfer, "MAX_GUESSED_CHARS", 20)
    said = refused(rows)
    assert "in rows that give no domains, more than an import reads for them (20)" in said, said
    placed = tmp_path / "placed.jsonl"
    placed.write_text("".join(json.dumps({"text": f"全新的第{n}句短语", "section": "work_style",
                                          "kind": "lead", "domains": ["general"]},
                                         ensure_ascii=False) + "\n" for n in range(4)),
                      encoding="utf-8")
    # …and what the log keeps for undo: 5,600 rows of long fields, each within bounds,
    # had logged a line of 203 MB that undo then refused (fuzz re-check 80, n15).
    monkeypatch.setattr(transfer, "MAX_LOGGED_BYTES", 400)
    said = refused(placed)
    assert "by row 3 the record undo keeps of this import would take over 0 MB" in said, said
    monkeypatch.setattr(transfer, "MAX_LOGGED_BYTES", 10_000)
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(placed))
    assert result.exit_code == 0, result.output
    files = _bank_files(bank)
    # …and sources: 100 rows of 20,000 each took an import to 1.3 GB and a review to a
    # MemoryError (fuzz re-check 69).
    monkeypatch.setattr(transfer, "MAX_IMPORT_CHARS", 1000)
    sourced = tmp_path / "sourced.jsonl"
    sourced.write_text("".join(json.dumps({
        "text": f"来源很多的第{n}句", "section": "work_style", "kind": "lead",
        "sources": [{"file": f"f{i}.txt", "position": 1} for i in range(n + 2)]},
        ensure_ascii=False) + "\n" for n in range(3)), encoding="utf-8")
    monkeypatch.setattr(transfer, "MAX_IMPORT_SOURCES", 5)
    said = refused(sourced)
    assert "9 sources by row 3, more than an import reads (5)" in said, said
    monkeypatch.setattr(transfer, "MAX_IMPORT_SOURCES", 100)
    monkeypatch.setattr(transfer, "MAX_ROW_SOURCES", 3)
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(sourced))
    assert result.exit_code == 1
    assert f"{sourced}:3: 4 sources; a row gives at most 3" in result.stderr, result.stderr
    assert "来源很多的第0句" in {p.text for p in load_phrases(bank).phrases.values()}
    # Domains are guessed in batches, each row as it would be alone.
    monkeypatch.setattr(transfer, "MAX_IMPORT_ROWS", 10)
    monkeypatch.setattr(classify, "_BATCH_CHARS", 25)
    texts = ["要压实安全生产责任，深化隐患排查整治。", "要持续优化营商环境，服务市场主体。",
             "要加强基层党组织建设。"]
    assert transfer._guess_domains(bank, texts) == {
        text: transfer._guess_domains(bank, [text])[text] for text in texts}


def test_a_rows_fields_besides_its_text_are_bounded_on_import(tmp_path):
    # Fuzz re-check 72: 100 notes of 600,000 characters (and speakers so long), within
    # every other bound, took a later mine to 1.06 GB; re-check 73 did it with 2,000
    # one-character tags a row.  A row whose note, speaker, tags … or a source's heading
    # path is past its bound, or whose lists hold too many items, is named and left out;
    # the others go in.
    from drafter.bank.model import MAX_FIELD_CHARS, MAX_PHRASE_ITEMS

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    rows = tmp_path / "long.jsonl"
    base = {"section": "work_style", "kind": "lead"}
    given = [{"text": "注释正好到上限的一句", "note": "注" * MAX_FIELD_CHARS},
             {"text": "注释过长的一句", "note": "注" * (MAX_FIELD_CHARS + 1)},
             {"text": "讲话人过长的一句", "speaker": "某" * (MAX_FIELD_CHARS + 1)},
             {"text": "标签合起来过长的一句", "tags": ["签" * 1000] * 3},
             # (…and items: 2,000 one-character tags each an object, re-check 73.)
             {"text": "标签个数过多的一句", "tags": ["签"] * (MAX_PHRASE_ITEMS + 1)},
             {"text": "标题路径过长的一句", "sources": [
                 {"file": "a.txt", "position": 1, "path": "题" * (MAX_FIELD_CHARS + 1)}]},
             # (…told by its count before each item is read: 6,000 rows of 10,000 tags had
             # taken 30 s to refuse, each tag looked at for control characters first,
             # re-check 74.)
             {"text": "标签很多又有控制字符的一句", "tags": ["\x1b[0m"] * 10_000},
             # (…and lists in a list counted no further than the bound: 326,000 empty
             # lists in one had taken 0.3 s a row to refuse, re-check 75.)
             {"text": "嵌套很多空列表的一句", "specifics": [[[]] * 10_000]},
             # (…and a line of more values than any phrase holds is not even parsed.)
             {"text": "值多得不必解析的一句", "tags": [0] * 60_000}]
    rows.write_text("".join(json.dumps({**base, **row}, ensure_ascii=False) + "\n"
                            for row in given), encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1, result.output
    for line, said in ((2, f"note of {MAX_FIELD_CHARS + 1:,} characters"),
                       (3, f"speaker of {MAX_FIELD_CHARS + 1:,} characters"),
                       (4, "tags of 3,000 characters"),
                       (5, f"{MAX_PHRASE_ITEMS + 1} items in its lists"),
                       (6, f"a source's heading path of {MAX_FIELD_CHARS + 1:,} characters"),
                       (7, "10,000 items in its lists"),
                       (8, f"more than {MAX_PHRASE_ITEMS} items in its lists"),
                       (9, "a line of 60,00")):
        assert f"{rows}:{line}: {said}" in result.stderr, result.stderr
    phrases = load_phrases(bank).phrases.values()
    texts = {p.text for p in phrases}
    assert "注释正好到上限的一句" in texts
    assert not texts & {"注释过长的一句", "讲话人过长的一句", "标签合起来过长的一句", "标签个数过多的一句",
                        "标题路径过长的一句"}
    # …and a note review gives (on every phrase --where matches, it had no bound).
    files = _bank_files(bank)
    result = run("--phrasebank", str(bank), "phrasebank", "review", "--where", "text~一句",
                 "--note", "注" * (MAX_FIELD_CHARS + 1), "--yes")
    assert result.exit_code != 0 and "a note has at most" in result.stderr, result.output
    assert _bank_files(bank) == files


def test_csv_export_neutralises_formulas_and_import_takes_them_back(tmp_path):
    import csv
    import io

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "=HYPERLINK(\\"http://x\\")", "section": "closing", "kind": "lead",'
                    ' "source": "@evil.txt", "note": "+1"}\n'
                    # A text that opens with the apostrophe itself keeps it (fuzz pass 44).
                    '{"text": "\'=原本以撇号开头的句子", "section": "closing", "kind": "lead"}\n',
                    encoding="utf-8")
    assert run("--phrasebank", str(bank), "phrasebank", "import", str(rows)).exit_code == 0
    exported = run("--phrasebank", str(bank), "phrasebank", "export", "--format", "csv",
                   "--section", "closing").stdout
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    assert "'=HYPERLINK(\"http://x\")" in cells and "'+1" in cells
    # Imported again, the text is what it was.
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    other = tmp_path / "other"
    run("mine", str(SPEECH), "-o", str(other))
    assert run("--phrasebank", str(other), "phrasebank", "import", str(again)).exit_code == 0
    texts = {p.text for p in load_phrases(other).phrases.values()}
    assert '=HYPERLINK("http://x")' in texts
    assert "'=原本以撇号开头的句子" in texts


def _mined_from_a_file_named(tmp_path, name: str):
    """A bank mined from the sample speech saved under ``name`` (a name a crafted file
    could have): its sources name that file."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_bytes(SPEECH.read_bytes())
    bank = tmp_path / "bank"
    assert run("mine", str(corpus), "-o", str(bank)).exit_code == 0
    return bank


def test_a_source_opening_on_a_space_and_a_formula_comes_back_as_it_was(tmp_path):
    # Fuzz pass 81 m6: a file named " =x.txt" was exported as "' =x.txt#N" and read back
    # as "=x.txt", the space taken off with the apostrophe's cell: imported into the same
    # bank, every phrase had a second source.
    bank = _mined_from_a_file_named(tmp_path, " =x.txt")
    before = {p.id: [(s.file, s.position) for s in p.sources]
              for p in load_phrases(bank).phrases.values()}
    assert any(" =x.txt" in dict(pairs) for pairs in before.values())
    exported = tmp_path / "rows.csv"
    exported.write_text(run("--phrasebank", str(bank), "phrasebank", "export", "--format",
                            "csv").stdout, encoding="utf-8")
    assert run("--phrasebank", str(bank), "phrasebank", "import", str(exported)).exit_code == 0
    after = {p.id: [(s.file, s.position) for s in p.sources]
             for p in load_phrases(bank).phrases.values()}
    assert after == before


def test_a_carriage_return_inside_a_cell_does_not_start_a_record(tmp_path):
    # Fuzz pass 68: a corpus file named 讲话<CR>=1+2.txt gave a sources cell written
    # unquoted; read back, the record split and =1+2.txt#N opened a new one, a formula.
    import csv
    import io

    bank = _mined_from_a_file_named(tmp_path, "讲话\r=1+2.txt")
    exported = run("--phrasebank", str(bank), "phrasebank", "export", "--format", "csv").stdout
    records = list(csv.reader(io.StringIO(exported, newline="")))
    assert len(records) == len(load_phrases(bank).phrases) + 1
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in records for cell in row)
    sources = records[0].index("sources")
    assert any("\ufffd=1+2.txt#" in row[sources] for row in records[1:])  # (mined as U+FFFD)
    # Nor may an import bring one in by the one file name `source` gives (it alone of a
    # row's fields was not checked for control characters).
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "导入来源测试要坚持作风建设。", "section": "work_style", '
                    '"kind": "paragraph", "source": "a\\r=1+2.txt"}\n', encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1 and "control character" in result.stderr, result.output
    assert not any(p.text.startswith("导入来源测试") for p in load_phrases(bank).phrases.values())


def test_import_takes_a_review_status_only_when_trusted(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "以钉钉子精神抓落实", "section": "work_style", "kind": "golden",'
                    ' "status": "approved"}\n', encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 0 and "imported as candidates" in result.stderr
    status = {p.text: p.status for p in load_phrases(bank).phrases.values()}
    assert status["以钉钉子精神抓落实"] == "candidate"
    # A note on that candidate is taken: no one's review is overruled (fuzz pass 66 m-9:
    # it had been held back, and the summary spoke of reviewed phrases).
    noted = tmp_path / "noted.jsonl"
    noted.write_text('{"text": "以钉钉子精神抓落实", "section": "work_style", "kind": "golden",'
                     ' "note": "再斟酌"}\n', encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(noted))
    assert result.exit_code == 0 and "held back" not in result.output, result.output
    assert "1 updated" in result.stdout
    notes = {p.text: p.note for p in load_phrases(bank).phrases.values()}
    assert notes["以钉钉子精神抓落实"] == "再斟酌"
    # Imported again, the candidate's status is held back as the bank has it, not "as
    # reviewed" (fuzz pass 65).
    again = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert again.exit_code == 0 and "status kept as the bank has it (--trust takes the " \
        "row's)" in again.stderr and "kept as reviewed" not in again.stderr, again.stderr
    other = tmp_path / "other"
    run("mine", str(SPEECH), "-o", str(other))
    trusted = run("--phrasebank", str(other), "phrasebank", "import", "--trust", str(rows))
    assert trusted.exit_code == 0 and "imported as candidates" not in trusted.stderr
    status = {p.text: p.status for p in load_phrases(other).phrases.values()}
    assert status["以钉钉子精神抓落实"] == "approved"
    # A merge is taken only into a phrase in use (fuzz re-check, stop 38: one into a
    # missing id had come in, lint naming it afterwards).
    merged = tmp_path / "merged.jsonl"
    merged.write_text(
        '{"text": "要把作风建设抓在日常", "section": "work_style", "kind": "golden", '
        '"status": "merged", "merged_into": "p0000000000"}\n', encoding="utf-8")
    result = run("--phrasebank", str(other), "phrasebank", "import", "--trust", str(merged))
    assert result.exit_code == 1
    assert "merged into p0000000000, which the bank has no other phrase of" in result.stderr
    assert "要把作风建设抓在日常" not in {p.text for p in load_phrases(other).phrases.values()}


def _bank_files(bank) -> dict[str, bytes]:
    return {str(p.relative_to(bank)): p.read_bytes() for p in sorted(bank.rglob("*"))
            if p.is_file() and p.name != ".lock"}


@pytest.fixture
def full_disk(monkeypatch):
    """Every file drafter stages is written to /dev/full: the kernel's own ENOSPC, at the
    write (or the flush), as on a full disk."""
    real = tempfile.mkstemp

    def on_a_full_disk(*args, **kwargs):
        fd, path = real(*args, **kwargs)
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), path

    def arm():
        monkeypatch.setattr(tempfile, "mkstemp", on_a_full_disk)
    return arm


@pytest.mark.parametrize("command", ["mine", "review", "import"])
def test_a_full_disk_leaves_every_file_as_it_was_and_says_so(tmp_path, full_disk, command):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    phrase = next(iter(load_phrases(bank).phrases.values()))
    other = tmp_path / "other.txt"
    other.write_text(SPEECH.read_text("utf-8").replace("基层党建", "机关党建"), encoding="utf-8")
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": "全新的一句短语", "section": "work_style",
                                "kind": "lead"}, ensure_ascii=False) + "\n", encoding="utf-8")
    args = {"mine": ["mine", str(other), "-o", str(bank)],
            "review": ["--phrasebank", str(bank), "phrasebank", "review", phrase.id,
                       "--status", "approved"],
            "import": ["--phrasebank", str(bank), "phrasebank", "import", str(rows)]}[command]
    before = _bank_files(bank)
    full_disk()
    result = CliRunner().invoke(main, args)
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "No space left on device" in line and "left as they were" in line, line
    assert str(bank) in line
    assert _bank_files(bank) == before
    assert not [p for p in bank.rglob("*.tmp")]


_TRUNCATED = {
    "truncated": lambda text: text[:len(text) // 2].rsplit("\n", 1)[0] + '\n[x\nlabel = "',
    "binary": lambda text: "\x00\x01\x02 not toml",
    "deep": lambda text: "a = " + "[" * 100_000,
    "deep-tables": lambda text: "[" * 100_000,
    "empty": lambda text: "",
}


@pytest.mark.parametrize("damage", sorted([*_TRUNCATED, "gbk"]))
def test_a_damaged_taxonomy_is_named_by_every_command_that_reads_it(tmp_path, damage):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    taxonomy = bank / "taxonomy.toml"
    text = taxonomy.read_text(encoding="utf-8")
    if damage == "gbk":  # saved by an editor on Chinese Windows
        taxonomy.write_bytes(text.encode("gb18030"))
        assert run("--phrasebank", str(bank), "search", "作风").stderr.startswith(
            f"drafter: {taxonomy}: not UTF-8 text (byte ")
    else:
        taxonomy.write_text(_TRUNCATED[damage](text), encoding="utf-8")
    draft = tmp_path / "d.json"
    run("outline", "-t", "work_conference", "--topic", "作风建设", "-o", str(draft))
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": "全新的一句短语", "section": "work_style",
                                "kind": "lead"}, ensure_ascii=False) + "\n", encoding="utf-8")
    phrase = next(iter(load_phrases(bank).phrases))
    commands = [["search", "作风"], ["search", "--section", "work_style"],
                ["outline", "-t", "work_conference", "--topic", "作风建设"],
                ["check", str(draft)], ["classify", "要深入开展安全生产大检查"],
                ["mine", str(SPEECH), "-o", str(bank)], ["phrasebank", "lint"],
                ["phrasebank", "stats"], ["phrasebank", "review", phrase, "--note", "x"],
                ["phrasebank", "import", str(rows)], ["templates"],
                ["template", "show", "party_lecture"], ["tui"]]
    before = _bank_files(bank)
    for command in commands:
        args = ["--phrasebank", str(bank), *command]
        if command[0] == "mine":
            args = command
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command, result.exception)
        if result.stderr:  # (check exits 1 on the draft's own errors, saying nothing)
            [line] = result.stderr.splitlines()
            assert str(taxonomy) in line and result.exit_code == 1, (command, line)
    assert _bank_files(bank) == before


def test_import_reads_a_gbk_csv_of_few_chinese_characters_among_its_ascii(tmp_path):
    # Too few Chinese characters among the field names and keys for their frequencies to
    # tell: GBK had been read as Korean (cp949), every phrase imported as mojibake
    # (fuzz pass A of stop 64).
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes("text,section,kind,status,note\n"
                      "要坚持编码测试甲,work_style,lead,candidate,from the spreadsheet\n"
                      .encode("gbk"))
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert "要坚持编码测试甲" in {p.text for p in load_phrases(bank).phrases.values()}
    assert "read it as gb18030" in result.stderr


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_import_reads_a_csv_a_chinese_spreadsheet_saved(tmp_path, encoding):
    # Excel on Chinese Windows saves CSV as GBK (or UTF-16): it had been refused with the
    # codec's own words.  Bytes no encoding reads wholly are still refused, and said.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes("text,section,kind\n以钉钉子精神抓好各项落实,work_style,lead\n"
                      .encode(encoding))
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert "以钉钉子精神抓好各项落实" in {p.text for p in load_phrases(bank).phrases.values()}
    # The encoding it was read in is said: a short file's guess may be wrong (Big5 read
    # as GB18030), and the writer is told how to take it back.
    assert f"drafter: {sheet} is not UTF-8; read it as {encoding}" in result.stderr
    assert "review --undo" in result.stderr
    sheet.write_bytes("text,section,kind\n坚持问题导向,work_methods,lead\n".encode()
                      + b"\xff\xfe\x00\x01" * 50)
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"drafter: {sheet}: not UTF-8 text (byte 55), and ")


def test_import_refuses_rows_lint_would_report_and_takes_the_rest(tmp_path):
    # A 3,000-character text and a source at position -1 had come in, for lint to find.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in [
        {"text": "长" * 3000, "section": "work_style", "kind": "paragraph"},
        {"text": "坚持问题导向抓落实", "section": "work_methods", "kind": "lead",
         "sources": [{"file": "a.txt", "position": -1}]},
        {"text": "以钉钉子精神抓好落实", "section": "work_style", "kind": "lead"}]),
        encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1
    assert f"{rows}:1: a text of 3,000 characters is no phrase (at most 2,000" in result.stderr
    assert f"{rows}:2: a source needs a file and a position of 1 or more, not 'a.txt'#-1" \
        in result.stderr
    texts = {p.text for p in load_phrases(bank).phrases.values()}
    assert "以钉钉子精神抓好落实" in texts and "坚持问题导向抓落实" not in texts
    from drafter.bank.lint import lint_bank

    assert not [p for p in lint_bank(bank) if p.rule in ("too-long", "broken-provenance")]


def test_import_takes_a_long_csv_cell_names_a_row_past_the_limit_and_goes_on(tmp_path):
    # A cell past the csv module's 131,072 characters had stopped the whole import; a
    # row holding NUL is named and skipped too.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    big = tmp_path / "big.csv"
    long_text = "长" * 200_000
    big.write_text('text,section,kind\n"' + long_text + '",work_style,lead\n'
                   # a cell of no phrase, over lines that look like rows of their own
                   '"' + "太长" * 600_000 + '\n冒充的一行,work_style,lead\n",work_style,lead\n'
                   # a cell past what the reader holds (fuzz pass 52: 200 MB of one
                   # cell had ended in MemoryError at 1.7 GB)
                   '"' + "a" * 5_000_000 + '",work_style,lead\n'
                   "要加强年轻干部培养选拔,cadre_team,lead\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "import",
                                       str(big)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    # (The long cell is read, to be refused as no phrase, row by row like the rest.)
    assert result.stderr.splitlines() == [
        f"drafter: {big}:2: a text of 200,000 characters is no phrase (at most 2,000: "
        "split it)",
        f"drafter: {big}:3: the text cell holds more than 1,000,000 characters; no phrase "
        "is that long",
        f"drafter: {big}:6: a line of more than 4,000,000 characters is no row of phrases"]
    assert "1 new" in result.stdout and "3 skipped" in result.stdout
    # A cell past the bound over several lines: where its rows end is lost, and the
    # rest of the file is not read (fuzz pass 53: a line inside it had been imported).
    smuggled = tmp_path / "smuggled.csv"
    smuggled.write_text('text,section,kind\n"' + ("x" * 99 + "\n") * 40_050
                        + "作风建设要常抓不懈久久为功,closing,idiom\n" + ("x" * 99 + "\n") * 50
                        + '",closing,idiom\n严字当头实字托底,closing,idiom\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "import",
                                       str(smuggled)])
    assert result.exit_code == 1 and result.stderr.splitlines() == [
        f"drafter: {smuggled}:2: a cell of more than 4,000,000 characters (no phrase is "
        "that long); the rows after it were not read: split the file or fix the cell"]
    texts = {p.text for p in load_phrases(bank).phrases.values()}
    assert not any("常抓不懈久久为功" in text for text in texts)
    texts = {p.text for p in load_phrases(bank).phrases.values()}
    assert "要加强年轻干部培养选拔" in texts and long_text not in texts
    assert not any("冒充" in text or "太长" in text for text in texts)
    nul = tmp_path / "nul.csv"
    nul.write_text("text,section,kind\n测\x00试一句新的短语,work_style,lead\n"
                   "要加强年轻干部培养选拔,cadre_team,lead\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "import",
                                       str(nul)])
    # The row holding NUL is named and skipped (a phrase is a line of plain text); the
    # row after it comes in.
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"{nul}:2: text holds a control character (\\x00)" in result.stderr
    # …and so is one reversing the line after it (U+202E: fuzz re-check, stop 38).
    bidi = tmp_path / "bidi.csv"
    bidi.write_text("text,section,kind\n要加强\u202e学习教育,work_style,lead\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "import",
                                       str(bidi)])
    assert f"{bidi}:2: text holds a control character (\\u202e)" in result.stderr
    texts = {p.text for p in load_phrases(bank).phrases.values()}
    assert "要加强年轻干部培养选拔" in texts and not any("\x00" in t for t in texts)


def test_import_names_an_unclosed_csv_quote_and_the_rows_it_took_in(tmp_path):
    # The rows after an unclosed quote had gone without a word, the row said to hold a
    # control character (fuzz pass, stop 38).
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    before = set(load_phrases(bank).phrases)
    given = tmp_path / "quote.csv"
    given.write_text('text,section,kind\n"未闭合的引号,key_tasks,golden\n'
                     "好的句子要坚持,key_tasks,golden\n又一句要坚持,key_tasks,golden\n",
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "import",
                                       str(given)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr == (f"drafter: {given}:2: a quote opened on this line runs on to "
                             "line 4: lines 3-4 were read into it, not as rows; close the "
                             "quote\n")
    assert set(load_phrases(bank).phrases) == before


def test_import_names_a_row_of_more_cells_than_columns_and_takes_trailing_empty_ones(
        tmp_path):
    # A comma in a text left unquoted shifted the row, and the cells past the header's
    # columns were dropped without a word (fuzz pass 54).
    given, bank = tmp_path / "extra.csv", tmp_path / "bank"
    given.write_text("text,section,kind\n要坚持,真抓实干,key_tasks,golden\n"
                     "好的句子要坚持,key_tasks,golden,,\n", encoding="utf-8")
    run("mine", str(SPEECH), "-o", str(bank))
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(given))
    assert result.exit_code == 1
    assert (f"{given}:2: 4 cells in a row of 3 columns (past them: 'golden'); a comma "
            "inside a text must be in quotes") in result.stderr, result.stderr
    texts = {p.text for p in load_phrases(bank).phrases.values()}
    assert "好的句子要坚持" in texts and "要坚持" not in texts


def test_import_names_a_cell_of_several_lines_as_such(tmp_path):
    # A cell a spreadsheet wrote over two lines (Alt+Enter), its quote closed, had been
    # called a quote left open (fuzz pass 44, m6).
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    given = tmp_path / "lines.csv"
    # (…or by a bare CR, which a reader ends a line at too: fuzz pass A of stop 67, m6.)
    for cell in ("多\r\n行", "多\r行"):
        given.write_text(f'text,section,kind\n"{cell}",key_tasks,golden\n'
                         "好的句子要坚持,key_tasks,golden\n", encoding="utf-8", newline="")
        result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "import",
                                           str(given)])
        assert f"{given}:2: the text cell runs over lines 2-3; a phrase is one line" in (
            result.stderr), result.stderr
        assert "close the quote" not in result.stderr
    assert "好的句子要坚持" in {p.text for p in load_phrases(bank).phrases.values()}


def test_import_names_a_phrase_given_twice_and_takes_the_first(tmp_path):
    # The later row had silently overruled the first, counted "1 new, 1 updated".
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    given = tmp_path / "twice.csv"
    given.write_text("text,section,kind,note\n要把作风建设抓在日常,work_style,golden,甲\n"
                     "要把作风建设抓在日常,work_style,golden,乙\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "import",
                                       str(given)])
    assert result.exit_code == 1 and "1 new, 0 updated" in result.stdout
    assert f"{given}:3: " in result.stderr and "the same phrase as row 2" in result.stderr
    [taken] = [p for p in load_phrases(bank).phrases.values() if p.text == "要把作风建设抓在日常"]
    assert taken.note == "甲"


def test_import_reports_a_jsonl_line_nested_too_deeply(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    rows = tmp_path / "rows.jsonl"
    # (Deeper than the parser goes, within the values a row may hold.)
    rows.write_text('{"text":' + "[" * 40_000 + "\n" + json.dumps(
        {"text": "全新的一句短语", "section": "work_style", "kind": "lead"},
        ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "import",
                                       str(rows)])
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert f"{rows}:1: not JSON (values nested too deeply)" in result.stderr
    assert any(p.text == "全新的一句短语" for p in load_phrases(bank).phrases.values())


def test_damaged_files_beside_the_phrases_are_named_or_passed_over(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    draft = tmp_path / "d.json"
    run("--phrasebank", str(bank), "outline", "-t", "party_lecture", "--topic", "作风建设",
        "-o", str(draft))
    # Damaged fingerprints: 查重 against the corpus is skipped, the check still runs.
    (bank / "fingerprints.npz").write_bytes(b"PK\x03\x04 not a zip archive")
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "check", str(draft)])
    assert isinstance(result.exception, SystemExit | None), result.exception
    # A dictionary that is not UTF-8 is named; one with odd counts is read.
    (bank / "dictionary.txt").write_bytes("作风建设\tapproved\t²\n".encode() + b"\xff\xfe\n")
    result = CliRunner().invoke(main, ["mine", str(SPEECH), "-o", str(bank)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"drafter: {bank / 'dictionary.txt'}: not UTF-8 text")
    (bank / "dictionary.txt").write_text("作风建设\tapproved\t²\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["mine", str(SPEECH), "-o", str(bank)])
    assert result.exit_code == 0, result.output


def test_a_byte_order_mark_opening_a_phrase_file_is_not_a_broken_line(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    path = max((bank / "phrases").glob("*.jsonl"), key=lambda p: p.stat().st_size)
    before = load_phrases(bank)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    after = load_phrases(bank)
    assert not after.problems and after.phrases == before.phrases


def test_bulk_review_lists_then_applies_in_one_write_and_undoes(mined_archive):
    bank = str(mined_archive)
    rule = "kind=heading score<0.75 section=safeguards"
    expected = {p.id for p in load_phrases(bank).phrases.values()
                if p.kind == "heading" and p.score < 0.75 and p.section == "safeguards"}
    assert len(expected) > 20
    dry = run("--phrasebank", bank, "phrasebank", "review", "--where", rule, "--reject",
              "--json", "-n", "5")
    report = json.loads(dry.stdout)
    assert report["matched"] == len(expected) and not report["applied"]
    assert len(report["phrases"]) == 5 and {r["id"] for r in report["phrases"]} <= expected
    assert all(p.status == "candidate" for p in load_phrases(bank).phrases.values())
    # An empty rule is refused, not read as every phrase (fuzz pass, stop 38).
    for blank in ("", "  "):
        empty = run("--phrasebank", bank, "phrasebank", "review", "--where", blank, "--reject",
                    "--yes")
        assert empty.exit_code == 2 and "an empty rule matches every phrase" in empty.stderr
    assert all(p.status == "candidate" for p in load_phrases(bank).phrases.values())
    human = run("--phrasebank", bank, "phrasebank", "review", "--where", rule, "--reject")
    assert f"{len(expected)} phrase(s) match" in human.stdout
    assert "dry run: nothing written" in human.stderr
    done = run("--phrasebank", bank, "phrasebank", "review", "--where", rule, "--reject",
               "--yes", "--json")
    assert json.loads(done.stdout)["changed"] == len(expected)
    phrases = load_phrases(bank).phrases
    assert {i for i, p in phrases.items() if p.status == "rejected"} == expected
    retag = run("--phrasebank", bank, "phrasebank", "review", "--where",
                "status=rejected", "--domain", "safety", "--yes")
    assert retag.exit_code == 0
    phrases = load_phrases(bank).phrases
    assert all(phrases[i].domains == ["safety"] for i in expected)
    for _ in range(2):
        assert run("--phrasebank", bank, "phrasebank", "review", "--undo").exit_code == 0
    assert all(p.status == "candidate" and not p.decided
               for p in load_phrases(bank).phrases.values())
    again = CliRunner().invoke(main, ["--phrasebank", bank, "phrasebank", "review", "--undo"])
    assert again.exit_code == 1 and "no decision to undo" in again.stderr


def test_bulk_review_rejects_a_bad_rule_as_a_usage_error(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "review",
                                       "--where", "kind=idiom scor<0.4", "--reject"])
    assert result.exit_code == 2 and "unknown field 'scor'" in result.stderr
    neither = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "review"])
    assert neither.exit_code == 2


def test_a_review_says_the_lines_it_keeps_unread(tmp_path):
    # A damaged line is kept by the review's write, and the review says where it is:
    # a decision must not pass over it in silence.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    path = max((bank / "phrases").glob("*.jsonl"), key=lambda p: p.stat().st_size)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    damaged = lines[1].rstrip("\n").removesuffix("}") + "\n"
    path.write_text(lines[0] + damaged + "".join(lines[2:]), encoding="utf-8")
    phrase_id = next(iter(load_phrases(bank).phrases))
    result = run("--phrasebank", str(bank), "phrasebank", "review", phrase_id, "--note", "x")
    assert result.exit_code == 0
    assert f"warning: {path}:2:" in result.stderr
    assert damaged in path.read_text(encoding="utf-8")


def test_search_and_outline_say_the_lines_they_leave_out(tmp_path):
    # A search cannot find the phrase on a damaged line, nor a draft take it: they say
    # so, as review does, also when the index is already built.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    path = max((bank / "phrases").glob("*.jsonl"), key=lambda p: p.stat().st_size)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + lines[1].rstrip("\n").removesuffix("}") + "\n"
                    + "".join(lines[2:]), encoding="utf-8")
    base = ["--phrasebank", str(bank)]
    for _ in range(2):  # building the index, then reading the one built
        result = run(*base, "search", "作风")
        assert result.exit_code == 0 and result.stdout
        assert result.stderr.startswith(f"warning: {path}:2: "), result.stderr
        assert result.stderr.count("warning:") == 1
    draft = tmp_path / "d.json"
    result = run(*base, "outline", "-t", "work_conference", "--topic", "作风建设", "-o",
                 str(draft))
    assert result.exit_code == 0 and draft.is_file()
    assert f"warning: {path}:2: " in result.stderr


def test_a_lone_surrogate_in_a_phrase_line_is_a_line_every_command_names(tmp_path):
    # One \ud800 (a JSON escape) in a phrase line had broken the whole bank: lint said
    # nothing, search and outline ended in a traceback, every write refused naming no
    # line.  It is a line the loader cannot take, like a damaged one.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    path = max((bank / "phrases").glob("*.jsonl"), key=lambda p: p.stat().st_size)
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    broken = json.dumps({**first, "id": "pbroken00000", "text": first["text"] + "\ud800"})
    with path.open("a", encoding="utf-8") as handle:
        handle.write(broken + "\n")
    where = f"{path}:{len(path.read_text(encoding='utf-8').splitlines())}"
    said = f"{where}: text holds \\ud800, half of a character"
    base = ["--phrasebank", str(bank)]
    result = run(*base, "phrasebank", "lint")
    assert result.exit_code == 1 and f"{where}: broken-line: text holds \\ud800" in result.stdout
    result = run(*base, "search", first["text"][:4])
    assert result.exit_code == 0 and first["id"] in result.stdout
    assert f"warning: {said}" in result.stderr
    result = run(*base, "outline", "-t", "work_conference", "--topic", "作风建设", "-o",
                 str(tmp_path / "d.json"))
    assert result.exit_code == 0 and f"warning: {said}" in result.stderr
    result = run(*base, "phrasebank", "review", first["id"], "--note", "checked")
    assert result.exit_code == 0 and f"warning: {path}:" in result.stderr
    assert broken + "\n" in path.read_text(encoding="utf-8")  # kept as it was
    result = run("mine", str(SPEECH), "-o", str(bank))
    assert result.exit_code == 1 and f"drafter: {path}:" in result.stderr
    assert "half of a character" in result.stderr
    result = run(*base, "phrasebank", "export")  # the line left out, and said
    assert result.exit_code == 1 and f"warning: {said}" in result.stderr
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": "全新的一句\ud800短语", "section": "work_style",
                                "kind": "lead"}) + "\n"
                    + json.dumps({"text": "另一句全新的短语", "section": "work_style",
                                  "kind": "lead"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    result = run(*base, "phrasebank", "import", str(rows))
    assert result.exit_code == 1
    assert f"{rows}:1: text holds \\ud800, half of a character" in result.stderr
    assert "另一句全新的短语" in {p.text for p in load_phrases(bank).phrases.values()}
    assert broken + "\n" in path.read_text(encoding="utf-8")


def test_control_characters_are_refused_in_phrase_text_reported_and_shown_escaped(tmp_path):
    # ESC ] 0; … BEL sets a terminal's title: a phrase text holding it (or NUL, or a
    # line break) is refused by import and review, reported by lint when a hand edit
    # put it there, and listed escaped.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    base = ["--phrasebank", str(bank)]
    rows = tmp_path / "rows.csv"
    rows.write_text("text,section,kind\n作风\x1b]0;PWN\x07建设要常抓不懈,work_style,lead\n",
                    encoding="utf-8")
    result = run(*base, "phrasebank", "import", str(rows))
    assert result.exit_code == 1 and result.stderr.startswith(
        f"drafter: {rows}:2: text holds a control character (\\x1b); a phrase is a line "
        "of plain text")
    refused = [
        ('{"text": "正常句子\\u0000后半", "section": "work_style", "kind": "lead"}',
         "text holds a control character (\\x00)"),
        # …in a source's file name too (fuzz pass 42: the review screen showed it raw).
        (json.dumps({"text": "作风建设要常抓不懈", "section": "work_style", "kind": "lead",
                     "sources": [{"file": "a\x1b[2J\x1b]2;PWN\x07.txt", "position": 1}]}),
         "sources holds a control character (\\x1b)"),
        # A row naming a field twice is refused, as a bank line is (fuzz pass 42: the
        # last value had been taken without a word).
        ('{"text": "a1", "text": "b2", "section": "work_style", "kind": "lead"}',
         "not JSON (field given twice: text)"),
        # A text of zero-width characters only had come in as a phrase nobody sees.
        ('{"text": "\\u200b\\u200c\\ufeff", "section": "work_style", "kind": "lead"}',
         "a text of only invisible characters (zero-width spaces, joiners, a BOM) is no "
         "phrase")]
    for number, (row, why) in enumerate(refused):
        jsonl = tmp_path / f"rows{number}.jsonl"
        jsonl.write_text(row + "\n", encoding="utf-8")
        result = run(*base, "phrasebank", "import", str(jsonl))
        assert result.exit_code == 1 and f"{jsonl}:1: {why}" in result.stderr, result.stderr
    path = max((bank / "phrases").glob("*.jsonl"), key=lambda p: p.stat().st_size)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    phrase = json.loads(lines[0])
    before = path.read_bytes()
    for text, why in [
            ("作风建设\n永远\x1b]0;X\x07在路上",
             "the new text holds a control character (\\n); a phrase is a line of plain text"),
            ("\u200b\u2060\u200b", "the new text is only invisible characters (zero-width "
                                   "spaces, joiners, a BOM)")]:
        result = CliRunner().invoke(main, [*base, "phrasebank", "review", phrase["id"],
                                           "--text", text])
        assert result.exit_code == 1 and result.stderr == f"drafter: {why}\n"
        assert path.read_bytes() == before
    # A hand edit put one there: lint names it, listings show it escaped.
    phrase["text"] = "作风建设\x1b]0;PWN\x07永远在路上"
    lines[0] = json.dumps(phrase, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = run(*base, "phrasebank", "lint")
    assert (f"{phrase['id']}: control-character: text holds a control character (\\x1b)"
            in result.stdout)
    shown = "作风建设\\x1b]0;PWN\\x07永远在路上"
    outputs = [run(*base, "search", "永远在路上", "-v").stdout,
               run(*base, "phrasebank", "review", "--where", "text~永远在路上").stdout,
               run(*base, "phrasebank", "review", phrase["id"], "--note", "x").stdout]
    for output in outputs:
        assert shown in output and "\x1b" not in output and "\x07" not in output, output
    # A note too, which a CSV export to the terminal wrote raw (fuzz pass 41, F15).
    before = path.read_bytes()
    result = run(*base, "phrasebank", "review", phrase["id"], "--note", "a\x1b]0;PWN\x07b")
    assert result.exit_code == 1 and "the note holds a control character (\\x1b)" in result.stderr
    assert path.read_bytes() == before
    rows.write_text("text,section,kind,note\n作风建设要常抓不懈,work_style,lead,a\x07b\n",
                    encoding="utf-8")
    result = run(*base, "phrasebank", "import", str(rows))
    assert result.exit_code == 1 and f"{rows}:2: note holds a control character (\\x07)" \
        in result.stderr
    phrase["text"], phrase["note"] = "作风建设永远在路上", "a\x1b]0;PWN\x07b"
    lines[0] = json.dumps(phrase, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert (f"{phrase['id']}: control-character: note holds a control character (\\x1b)"
            in run(*base, "phrasebank", "lint").stdout)


def test_phrasebank_info_says_where_the_bank_is_and_what_it_holds(tmp_path):
    bank = tmp_path / "bank"
    assert run("mine", str(SPEECH), "-o", str(bank)).exit_code == 0
    result = run("--phrasebank", str(bank), "phrasebank", "info", "--json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["phrasebank"] == str(bank) and info["kind"] == "chosen"
    total = len(load_phrases(bank).phrases)
    assert info["total"] == total and info["by_status"] == {"candidate": total}
    assert info["files"] >= 1
    text = run("--phrasebank", str(bank), "phrasebank", "info").stdout
    assert str(bank) in text and f"candidate {total}" in text


@pytest.mark.parametrize("command", [
    ["search", "作风"], ["phrasebank", "stats"], ["phrasebank", "lint"],
    ["phrasebank", "export"], ["phrasebank", "review", "p022fe5b41c", "--note", "x"],
    ["outline", "-t", "work_conference", "--topic", "作风建设"]])
def test_a_missing_phrasebank_folder_is_named_not_read_as_an_empty_bank(tmp_path, command):
    missing = tmp_path / "no-such-bank"
    result = run("--phrasebank", str(missing), *command)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"drafter: {missing}: no phrasebank there (the folder "
                                     "does not exist); 'drafter mine … -o DIR' makes one")
    assert not missing.exists()  # nothing made on the way


def test_mining_and_importing_make_the_phrasebank_they_are_given(tmp_path):
    (tmp_path / "rows.csv").write_text("text,section,kind\n要加强作风建设推进落实,work_style,lead\n",
                                       encoding="utf-8")
    imported = run("--phrasebank", str(tmp_path / "new"), "phrasebank", "import",
                   str(tmp_path / "rows.csv"))
    assert imported.exit_code == 0 and len(load_phrases(tmp_path / "new").phrases) == 1
    assert run("mine", str(SPEECH), "-o", str(tmp_path / "mined")).exit_code == 0
    assert load_phrases(tmp_path / "mined").phrases



def test_import_reads_only_a_regular_file(tmp_path):
    # /dev/zero had been read until a MemoryError, a FIFO waited forever.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    before = _bank_files(bank)
    fifo = tmp_path / "rows.csv"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero):
        result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "import",
                                           str(path)])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
        assert result.stderr.strip() == (f"drafter: {path}: not a regular file "
                                         "(a pipe, socket or device)")
    assert _bank_files(bank) == before


@pytest.mark.parametrize("damage", ["garbage fingerprints", "dictionary not UTF-8",
                                    "dictionary.txt a folder", "taxonomy.toml a folder",
                                    "domains.toml a folder", "fingerprints.npz a folder",
                                    # (Fuzz pass 44: check, outline and export stopped at
                                    # it while lint found 0 problems.)
                                    "stale rules broken"])
def test_lint_names_a_damaged_file_beside_the_phrases(tmp_path, damage):
    # Each had passed lint with "0 problem(s)"; damaged fingerprints had also turned off
    # check's search for copies of corpus speeches without a word.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    assert CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "lint"]
                              ).exit_code == 0
    if damage == "garbage fingerprints":
        damaged = bank / "fingerprints.npz"
        damaged.write_bytes(b"garbage")
    elif damage.endswith(" a folder"):
        damaged = bank / damage.split()[0]
        damaged.unlink()
        damaged.mkdir()
    elif damage == "stale rules broken":
        damaged = bank / "stale.toml"
        damaged.write_text('[[rule]]\nid = "x"\npattern = 5\nreason = "r"\n', encoding="utf-8")
    else:
        damaged = bank / "dictionary.txt"
        damaged.write_bytes("作风建设\tapproved\t3\n".encode("gbk"))
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "--json", "phrasebank",
                                       "lint"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["where"], p["rule"]) for p in problems] == [(str(damaged), "damaged-file")]
    if damage.endswith(" a folder"):
        # Mining again is refused before it commits: put in place after, the file could
        # never be (every later command had tried again and failed).
        mined = CliRunner().invoke(main, ["mine", str(SPEECH), "-o", str(bank)])
        assert mined.exit_code == 1
        assert mined.stderr.strip() == (f"drafter: {damaged}: a folder where the phrasebank "
                                        "keeps a file; move it away, then run this again")
        assert not list(bank.rglob("*.tmp")) and not list(bank.rglob("*journal*"))
        assert CliRunner().invoke(main, ["--phrasebank", str(bank), "search", "作风"]
                                  ).exit_code == 0
    if damage == "garbage fingerprints":
        checked = CliRunner().invoke(main, ["--phrasebank", str(bank), "check", str(SPEECH)])
        assert f"warning: {damaged}: damaged" in checked.stderr
        assert "not looked for" in checked.stderr


def test_lint_names_each_phrase_problem_at_its_file_and_line(tmp_path):
    bank = tmp_path / "bank"
    save_phrases(bank, [Phrase("p1", "坚持问题导向", "lead", ["work_methods"],
                               domains=["general"], sources=[Source("a.txt", 1)]),
                        Phrase("p2", "聚" * 3000, "paragraph", ["work_methods"],
                               domains=["general"])])
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "lint"])
    assert result.exit_code == 1
    where = bank / "phrases" / "work_methods.jsonl"
    assert f"{where}:2: p2: no-provenance: the phrase has no source" in result.stdout
    assert f"{where}:2: p2: too-long: 3,000 characters" in result.stdout
    # A merge naming no phrase, or one not in the bank, says which (the first had been
    # "dangling-merge: " and nothing more: fuzz pass 68).
    save_phrases(bank, [Phrase("p3", "坚持系统观念", "lead", ["work_methods"], status="merged",
                               domains=["general"], sources=[Source("a.txt", 2)]),
                        Phrase("p4", "坚持目标导向", "lead", ["work_methods"], status="merged",
                               merged_into="p9", domains=["general"],
                               sources=[Source("a.txt", 3)])])
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "lint"])
    assert "p3: dangling-merge: merged into no phrase" in result.stdout, result.stdout
    assert "p4: dangling-merge: merged into p9, which is not in the bank" in result.stdout


def test_lint_says_which_source_is_broken_and_why(tmp_path):
    # Fuzz pass 65: a source at position 0 was reported as "without file/position".
    bank = tmp_path / "bank"
    save_phrases(bank, [Phrase("p1", "坚持问题导向", "lead", ["work_methods"],
                               domains=["general"], sources=[Source("a.txt", 0)])])
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "lint"])
    assert result.exit_code == 1
    assert "broken-provenance: source a.txt #0: it names no file, or a position below 1 " \
        "(positions count from 1)" in result.stdout


def test_a_phrases_entry_that_is_a_file_is_named_not_read_as_an_empty_bank(tmp_path):
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    for path in (bank / "phrases").iterdir():
        path.unlink()
    (bank / "phrases").rmdir()
    (bank / "phrases").write_text("not a folder", encoding="utf-8")
    for command in (["phrasebank", "lint"], ["phrasebank", "stats"], ["search", "作风"]):
        result = CliRunner().invoke(main, ["--phrasebank", str(bank), *command])
        assert result.exit_code == 1, command
        assert result.stderr.strip() == f"drafter: {bank / 'phrases'}: not a folder; a " \
            "phrasebank keeps its phrase files in a folder of that name", command


def test_a_bulk_listing_or_dry_run_makes_no_user_copy_of_the_bundled_bank():
    # A listing had copied the bundled bank to the user's folder, after which drafting
    # used that frozen copy (new user); only a change makes it.
    from drafter import config

    listed = run("--json", "phrasebank", "review", "--where", "kind=quote")
    assert listed.exit_code == 0 and json.loads(listed.output)["matched"] > 0
    dry = run("phrasebank", "review", "--where", "kind=quote", "--reject")
    assert dry.exit_code == 0 and "dry run" in dry.output
    assert not (config.user_phrasebank_dir() / "phrases").exists()
    assert config.phrasebank_kind(config.phrasebank_dir()) == "bundled"


@pytest.mark.parametrize("link, said", [("symlink", "a symbolic link"), ("hard", "a hard link"),
                                        ("folder", "a folder, not the phrasebank's lock")])
def test_a_lock_file_that_is_a_link_is_refused_and_its_target_kept(tmp_path, link, said):
    # Fuzz re-check (stop 38): a bank whose .lock was a symbolic link had the link's
    # target, outside the bank, emptied by every write; fuzz pass 39: so had a hard
    # link's other name, which O_NOFOLLOW does not see.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    outside = tmp_path / "precious.txt"
    outside.write_text("不能被清空的内容\n", encoding="utf-8")
    (bank / ".lock").unlink(missing_ok=True)
    if link == "symlink":
        (bank / ".lock").symlink_to(outside)
    elif link == "folder":  # (fuzz pass A of stop 65: a bare "Is a directory")
        (bank / ".lock").mkdir()
    else:
        os.link(outside, bank / ".lock")
    files = _bank_files(bank)
    phrase = next(iter(load_phrases(bank).phrases))
    result = run("--phrasebank", str(bank), "phrasebank", "review", phrase, "--approve")
    assert result.exit_code == 1 and said in result.stderr, result.stderr
    assert outside.read_text(encoding="utf-8") == "不能被清空的内容\n"
    assert _bank_files(bank) == files
    # Reading the bank still works and writes nothing through it.
    assert run("--phrasebank", str(bank), "search", "作风").exit_code == 0
    assert outside.read_text(encoding="utf-8") == "不能被清空的内容\n"


def test_lint_names_what_the_phrases_folder_holds_that_no_command_reads(tmp_path):
    # talent.JSONL and a sub-folder's talent.jsonl had been left out without a word
    # (fuzz pass 39).
    from drafter.bank.lint import lint_bank

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    assert not [p for p in lint_bank(bank) if p.rule == "not-read"]
    [first] = sorted((bank / "phrases").glob("*.jsonl"))[:1]
    shouted = bank / "phrases" / "talent.JSONL"
    shouted.write_bytes(first.read_bytes())
    (bank / "phrases" / "sub").mkdir()
    (bank / "phrases" / "sub" / "talent.jsonl").write_bytes(first.read_bytes())
    assert sorted(p.where for p in lint_bank(bank) if p.rule == "not-read") == [
        str(bank / "phrases" / "sub"), str(shouted)]


def test_an_export_overwrites_only_with_force_and_never_a_banks_phrase_file(tmp_path):
    # Fuzz pass 40: export -o onto the bank's own opening.jsonl replaced it with its
    # approved phrases alone (55 phrases and their decisions gone), exit 0, no word.
    bank, _, _ = _bank_holding_everything(tmp_path)
    before = _bank_files(bank)
    # Nor any other file of it (fuzz pass 41, F24: the review log and taxonomy.toml
    # replaced with phrases, undo left with nothing and every command with bad TOML),
    # nor a draft written over its README.
    (bank / "README.md").write_text("说明", encoding="utf-8")
    before = _bank_files(bank)
    targets = [*sorted((bank / "phrases").glob("*.jsonl"))[:1], bank / "taxonomy.toml",
               bank / ".review-log.jsonl", bank / "phrases" / "new.jsonl"]
    for target in targets:
        for force in ([], ["--force"]):
            result = run("--phrasebank", str(bank), "phrasebank", "export", "--status",
                         "approved", "-o", str(target), *force)
            assert result.exit_code == 1 and "inside the phrasebank" in result.stderr, target
    draft = tmp_path / "draft.json"
    assert run("--phrasebank", str(bank), "outline", "-t", "work_conference", "--topic",
               "作风建设", "-o", str(draft)).exit_code == 0
    for args in (["export", str(draft)], ["fill", str(draft)]):
        result = run("--phrasebank", str(bank), *args, "-o", str(bank / "README.md"),
                     "--force")
        assert result.exit_code == 1 and "inside the phrasebank" in result.stderr, args
    assert _bank_files(bank) == before and (bank / "README.md").read_text(
        encoding="utf-8") == "说明"
    out = tmp_path / "out.jsonl"
    out.write_text("keep", encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "export", "-o", str(out))
    assert result.exit_code == 1 and "already exists" in result.stderr
    # A suffix of another format is refused, not written JSON Lines (fuzz pass 3 of stop
    # 69, C-m9); with --format it is the writer's choice.
    sheet = tmp_path / "phrases.xlsx"
    result = run("--phrasebank", str(bank), "phrasebank", "export", "-o", str(sheet))
    assert result.exit_code == 2 and "read from the suffix" in result.stderr
    assert not sheet.exists()
    assert run("--phrasebank", str(bank), "phrasebank", "export", "--format", "csv", "-o",
               str(sheet)).exit_code == 0
    assert not sheet.read_text(encoding="utf-8-sig").startswith("{")  # CSV, not JSON Lines
    assert out.read_text(encoding="utf-8") == "keep"
    assert run("--phrasebank", str(bank), "phrasebank", "export", "-o", str(out),
               "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").count("\n") == sum(
        len(p.read_text(encoding="utf-8").splitlines()) for p in (bank / "phrases").glob("*.jsonl"))


def test_dictionary_lines_that_hold_no_word_are_left_out_and_said(tmp_path):
    # Fuzz pass 40: 20 MB of random base64 appended to dictionary.txt were taken as
    # approved words (every later mine at 3.8 GB) and lint said 0 problems.
    from drafter.bank.lint import lint_bank
    from drafter.bank.words import DICTIONARY_FILE, load_dictionary

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    dictionary = bank / DICTIONARY_FILE
    words = load_dictionary(bank)
    good = len(dictionary.read_text(encoding="utf-8").splitlines())
    with dictionary.open("a", encoding="utf-8") as out:
        out.write("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\t\t\n" * 50 + "5G基站\tapproved\t3\n"
                  + "长" * 40 + "\tapproved\t1\n")
    unread: list[str] = []
    assert load_dictionary(bank, unread) == {**words, "5G基站": ("approved", 3)}
    assert unread == [f"{dictionary}:{good + 1}: 51 line(s) hold no word (2-32 characters of "
                      "Chinese, at most 500,000 words): left out, and dropped when mining "
                      "rewrites the dictionary"]
    assert [p.rule for p in lint_bank(bank)] == ["not-a-word"]
    result = run("mine", str(SPEECH), "-o", str(bank))
    assert result.exit_code == 1 and "51 line(s) hold no word" in result.stderr
    assert "QUJD" not in dictionary.read_text(encoding="utf-8")
    assert lint_bank(bank) == []


def test_an_import_says_which_lines_of_the_bank_it_could_not_read(tmp_path):
    # Fuzz pass 40: every command warned of a damaged line but import, which kept it
    # and exited 0 without a word.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    path = max((bank / "phrases").glob("*.jsonl"), key=lambda p: p.stat().st_size)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n")[:-1] + "\n"  # its closing brace gone
    path.write_text("".join(lines), encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text("text,section,kind\n要把安全生产责任落到实处,safeguards,paragraph\n",
                    encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 0, result.output
    assert f"{path}:2:" in result.stderr
    assert lines[1] in path.read_text(encoding="utf-8")
    # (The write kept it after the file's phrases: it is named where it is now.)
    at = path.read_text(encoding="utf-8").splitlines(keepends=True).index(lines[1]) + 1
    result = run("--phrasebank", str(bank), "--json", "phrasebank", "import", str(rows))
    assert [p.split(": ")[0] for p in json.loads(result.stdout)["bank_problems"]] == [
        f"{path}:{at}"]


def test_a_folder_that_is_no_phrasebank_is_refused_not_searched_or_written_into(tmp_path):
    # Fuzz pass 40: --phrasebank /etc searched as an empty bank ("no phrases found",
    # exit 0); an import into ~/Documents made phrases/, .lock and a review log there.
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "notes.txt").write_text("个人文件", encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text("text,section,kind\n要把安全生产责任落到实处,safeguards,paragraph\n",
                    encoding="utf-8")
    for args in (["search", "作风"], ["phrasebank", "import", str(rows)],
                 ["mine", str(SPEECH)]):
        result = run("--phrasebank", str(documents), *args)
        assert result.exit_code == 1 and "not a phrasebank" in result.stderr, args
    assert sorted(p.name for p in documents.iterdir()) == ["notes.txt"]
    # A new or empty folder still becomes one.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("--phrasebank", str(empty), "phrasebank", "import", str(rows)).exit_code == 0
    assert (empty / "phrases").is_dir()
    # So does one holding only what a first mine killed before its commit left there
    # (its lock, a staged dictionary): it had been "not a phrasebank" to every command,
    # the same mine included (fuzz pass 41, F6); the mine clears the staged file.
    killed = tmp_path / "killed"
    killed.mkdir()
    (killed / ".lock").write_text("", encoding="utf-8")
    (killed / ".dictionary.txt.k1ll3d.tmp").write_text("作风\n", encoding="utf-8")
    assert run("mine", str(SPEECH), "-o", str(killed)).exit_code == 0
    assert (killed / "phrases").is_dir() and not list(killed.glob("*.tmp"))
    assert run("--phrasebank", str(killed), "search", "作风").exit_code == 0


def test_contradictory_or_unknown_review_and_export_options_are_usage_errors(tmp_path):
    # Fuzz pass 40: review ID --approve --reject took the last flag without a word, and
    # export --section nosuch exported nothing with exit 0.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    phrase = next(iter(load_phrases(bank).phrases.values()))
    before = _bank_files(bank)
    for flags in (["--approve", "--reject"], ["--reject", "--status", "approved"]):
        result = run("--phrasebank", str(bank), "phrasebank", "review", phrase.id, *flags)
        assert result.exit_code == 2 and "give one of --approve" in result.stderr, flags
    assert _bank_files(bank) == before
    result = run("--phrasebank", str(bank), "phrasebank", "review", phrase.id, "--reject")
    assert result.exit_code == 0 and load_phrases(bank).phrases[phrase.id].status == "rejected"
    result = run("--phrasebank", str(bank), "phrasebank", "export", "--section", "nosuch")
    assert result.exit_code == 2 and "unknown section type 'nosuch'" in result.stderr
    # An empty one is no section type either: it had been taken as no filter (fuzz pass 3
    # of stop 69, C-m1).
    for args in (["search", "作风", "--section", ""], ["search", "作风", "--domain", ""],
                 ["phrasebank", "export", "--section", ""]):
        result = run("--phrasebank", str(bank), *args)
        assert result.exit_code == 2 and "unknown " in result.stderr, args


def test_mine_says_when_it_runs_fewer_workers_than_asked(tmp_path, monkeypatch):
    from drafter.bank import pipeline

    monkeypatch.setattr(pipeline, "usable_cpus", lambda: 1)
    result = run("mine", str(SPEECH), "-o", str(tmp_path / "bank"), "-j", "8")
    assert result.exit_code == 0, result.output
    assert "drafter: -j 8: 1 CPU(s) here, so at most 1 worker process(es)" in result.stderr


def test_a_write_clears_what_a_killed_write_of_the_same_file_left_beside_it(tmp_path):
    # Fuzz pass 41, F10: an export killed mid-write left .full.jsonl.XXXXXXXX.tmp (6 MB)
    # beside its output for good, a re-export to the same file included.  One being
    # written this moment (recent) is left alone; so is another file's.
    import os
    import time

    from drafter.fileio import ORPHAN_AGE

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    out = tmp_path / "full.jsonl"
    old, recent, other = (tmp_path / ".full.jsonl.k1ll3d00.tmp",
                          tmp_path / ".full.jsonl.wr1t1ng0.tmp",
                          tmp_path / ".full.jsonl.bak.k1ll3d00.tmp")
    for path in (old, recent, other):
        path.write_text("half", encoding="utf-8")
    stale = time.time() - ORPHAN_AGE - 60
    os.utime(old, (stale, stale))
    os.utime(other, (stale, stale))
    assert run("--phrasebank", str(bank), "phrasebank", "export", "-o", str(out)).exit_code == 0
    assert not old.exists() and recent.exists() and other.exists() and out.is_file()


def test_import_refuses_a_file_it_cannot_tell_the_format_of(tmp_path):
    # Fuzz pass 41, F9: a .tsv was read as JSON Lines ("not JSON" on line 1).
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    tabs = tmp_path / "rows.tsv"
    tabs.write_text("text\tsection\tkind\n坚持问题导向\twork_methods\tlead\n", encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(tabs))
    assert result.exit_code == 1 and result.stderr.startswith(
        f"drafter: {tabs}: import reads CSV (.csv) or JSON Lines (.jsonl, .ndjson, .json)")


def test_review_keeps_a_key_given_twice_once(tmp_path):
    # Fuzz pass 41, F16: --section opening --section opening was stored twice over.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    phrase = next(iter(load_phrases(bank).phrases.values()))
    result = run("--phrasebank", str(bank), "phrasebank", "review", phrase.id, "--section",
                 "work_style", "--section", "work_style", "--section", "discipline")
    assert result.exit_code == 0, result.output
    assert load_phrases(bank).phrases[phrase.id].sections == ["work_style", "discipline"]


@pytest.mark.parametrize("text", [" =1+1", "\u00a0=1+1", "\u3000+1", "\u200b@SUM(A1)",
                                  "\ufeff-1", "\n=1+1", "'\u200b=1", "=1", "\t=1",
                                  "\u2028=1", "\u202e+1", "\x0b=1", "\x0c=1", "\x85=1",
                                  "\u2009=1", " \u200b\t=1",
                                  "\x00@SUM(1)", "\u034f=1", "\u17b4+1", "＝1+1", "＠SUM(1)"])
def test_a_formula_behind_unseen_characters_is_neutralised_and_comes_back(text):
    # Fuzz pass 65: a cell opening with a space, a no-break space, a zero-width space, a
    # byte-order mark or a line break before = was written as it was; pass 66: U+2028,
    # U+202E, VT, FF, NEL and a thin space too; passes 68 and 69: NUL, a mark combining
    # with nothing (U+034F, U+17B4), and the full-width ＝ and ＠.
    from drafter.bank.transfer import _from_cell, _to_cell

    cell = _to_cell(text)
    assert cell == "'" + text and _from_cell(cell) == text


def test_a_score_of_minus_zero_opens_no_cell_with_a_minus(tmp_path):
    # Fuzz pass A, stop 67: "score": -0.0, taken by the loader as 0, was exported as a
    # bare -0.0 cell.
    import csv
    import io

    bank = tmp_path / "bank"
    (bank / "phrases").mkdir(parents=True)
    (bank / "phrases" / "opening.jsonl").write_text(
        '{"id": "pz1", "kind": "golden", "score": -0.0, "sections": ["opening"],'
        ' "text": "负零分。"}\n', encoding="utf-8")
    exported = run("--phrasebank", str(bank), "phrasebank", "export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [row["score"] for row in rows] == ["0.0"]
    assert "-0" not in exported


@pytest.mark.parametrize("text", ["  正文", "\u3000\u3000坚持人民至上", "'引号开头", "2024年"])
def test_a_cell_that_opens_no_formula_is_left_as_it_is(text):
    from drafter.bank.transfer import _from_cell, _to_cell

    assert _to_cell(text) == text and _from_cell(text) == text


def test_a_bank_past_the_size_limit_is_refused_and_no_write_grows_one_past_it(tmp_path,
                                                                               monkeypatch):
    # Fuzz pass 68: banks two and three times the bundled one, made with import, took
    # 1.2 and 1.8 GB (43 s) for one write.  (The limit is lowered here to the test bank's
    # size: the rule is the same at 140,000.)
    from drafter.bank import store, transfer

    bank = tmp_path / "bank"
    assert run("mine", str(SPEECH), "-o", str(bank)).exit_code == 0
    held = len(load_phrases(bank).phrases)
    monkeypatch.setattr(store, "MAX_BANK_PHRASES", held)
    before = _bank_files(bank)
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "以钉钉子精神抓落实", "section": "work_style", "kind": "golden"}\n',
                    encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1 and "more than a bank may hold" in result.stderr, result.output
    assert _bank_files(bank) == before
    # …said by the import at the row that passes it (re-check 75 n1: the write's refusal
    # had advised splitting the bank, and named no row).
    monkeypatch.setattr(transfer, "MAX_BANK_PHRASES", held)
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1 and "with its new rows up to row 1 the bank would hold " \
        f"over {held:,} phrases" in result.stderr and "nothing was imported" in result.stderr
    assert _bank_files(bank) == before
    monkeypatch.setattr(store, "MAX_BANK_PHRASES", held - 1)
    for command in (["phrasebank", "stats"], ["phrasebank", "lint"], ["search", "作风"]):
        result = run("--phrasebank", str(bank), *command)
        assert result.exit_code == 1 and "split it" in result.stderr, command
    # The memory its lines take held counts too: 40,000 texts of 2,000 characters took
    # 1.07 GB to mine into (re-check 69).
    monkeypatch.setattr(store, "MAX_BANK_PHRASES", held + 10)
    monkeypatch.setattr(transfer, "MAX_BANK_PHRASES", held + 10)
    cost = sum(store.held_cost(line) for path in (bank / "phrases").glob("*.jsonl")
               for line in path.read_text(encoding="utf-8").splitlines(keepends=True))
    monkeypatch.setattr(store, "MAX_BANK_COST", cost)
    monkeypatch.setattr(transfer, "MAX_BANK_COST", cost)
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    # (…said at the first new row past it, before the bank is held: re-check 73.)
    assert result.exit_code == 1 and "with its new rows up to row 1 the bank would take " \
        "over" in result.stderr, result.stderr
    assert _bank_files(bank) == before
    # A row of a phrase the bank holds adds none (an export imported back whole).
    exported = tmp_path / "export.jsonl"
    assert run("--phrasebank", str(bank), "phrasebank", "export", "-o", str(exported)
               ).exit_code == 0
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(exported))
    assert result.exit_code == 0, result.output
    assert _bank_files(bank) == before
    # The write's own check stands behind it (a change that grows phrases the bank holds).
    monkeypatch.setattr(transfer, "MAX_BANK_COST", cost + 10_000_000)
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1 and "MB to hold by an estimate" in result.stderr and "after this change" \
        in result.stderr, result.stderr
    assert "; nothing was changed" in result.stderr  # (fuzz re-check 76, n5)
    # (Rounded up: 1,050.3 MB past a bound of 1,050 had read as the bound, re-check 77.)
    assert store._megabytes(1_050_300_000) == "1,051 MB"
    assert re.search(r"after this change \(phrases/\w+\.jsonl [\d.]+ MB of it\)", result.stderr)
    assert _bank_files(bank) == before
    # How far over, and the file to move first, counted to the end (fuzz re-check 76, n2).
    costs = {path.stem: sum(map(store.held_cost, path.read_text(encoding="utf-8").splitlines(
        keepends=True))) for path in (bank / "phrases").glob("*.jsonl")}
    largest = max(costs, key=costs.__getitem__)
    for bound in (cost - 1, costs[min(costs, key=costs.__getitem__)]):
        monkeypatch.setattr(store, "MAX_BANK_COST", bound)
        result = run("--phrasebank", str(bank), "phrasebank", "stats")
        assert result.exit_code == 1 and "split it" in result.stderr
        assert f"{store._megabytes(cost)} to hold by an estimate from its lines (phrases/" \
            f"{largest}.jsonl {store._megabytes(costs[largest])} of it)" in result.stderr, \
            result.stderr
    # …and sources: ten imports had grown 20 phrases to 20,000 sources each, and a
    # review to 1.4 GB (fuzz pass 70).
    monkeypatch.setattr(store, "MAX_BANK_COST", cost + 100_000)
    sources = sum(len(p.sources) for p in load_phrases(bank).phrases.values())
    monkeypatch.setattr(store, "MAX_BANK_SOURCES", sources - 1)
    result = run("--phrasebank", str(bank), "phrasebank", "stats")
    assert result.exit_code == 1 and f"over {sources - 1:,} sources" in result.stderr
    monkeypatch.setattr(store, "MAX_BANK_SOURCES", sources)
    assert run("--phrasebank", str(bank), "phrasebank", "stats").exit_code == 0
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1 and f"{sources + 1:,} sources after this" in result.stderr
    assert _bank_files(bank) == before


def test_an_import_refuses_a_source_named_longer_than_a_file_can_be(tmp_path):
    # Fuzz re-check 71: 200,000 sources named with 255 Chinese characters (765 bytes),
    # within every other bound, took a later mine and an undo past 1 GB.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({
        "text": f"来源名字很长的第{n}句", "section": "work_style", "kind": "lead",
        "sources": [{"file": name, "position": 1}]}, ensure_ascii=False) + "\n"
        for n, name in enumerate(["长" * 83 + ".txt", "长" * 86 + ".txt"])), encoding="utf-8")
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(rows))
    assert result.exit_code == 1, result.output
    assert f"{rows}:2: a source's file name of 90 characters is longer than a file's name " \
        "can be (255 bytes)" in result.stderr, result.stderr
    texts = {p.text for p in load_phrases(bank).phrases.values()}
    assert "来源名字很长的第0句" in texts and "来源名字很长的第1句" not in texts


def test_a_phrase_keeps_a_bounded_number_of_its_sources(tmp_path, monkeypatch):
    # Fuzz pass 70: each import --trust of a row's 2,000 new sources added them to the
    # phrase's, to 20,000 after ten, and a review of that bank took 1.4 GB.
    from drafter.bank import model

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    monkeypatch.setattr(model, "MAX_PHRASE_SOURCES", 4)
    for round_ in range(3):
        rows = tmp_path / f"rows{round_}.jsonl"
        rows.write_text(json.dumps({
            "text": "以钉钉子精神抓落实", "section": "work_style", "kind": "golden",
            "sources": [{"file": f"r{round_}-{i}.txt", "position": 1} for i in range(3)]},
            ensure_ascii=False) + "\n", encoding="utf-8")
        result = run("--phrasebank", str(bank), "phrasebank", "import", "--trust", str(rows))
        assert result.exit_code == 0, result.output
    [phrase] = [p for p in load_phrases(bank).phrases.values() if p.text == "以钉钉子精神抓落实"]
    assert [s.file for s in phrase.sources] == ["r0-0.txt", "r0-1.txt", "r0-2.txt", "r1-0.txt"]


def test_a_bank_of_too_much_or_too_varied_text_is_not_indexed(tmp_path, monkeypatch):
    # Fuzz pass 70: 27,000 passages of 2,000 random characters, under every size limit,
    # took the index build past 60 s and 900 MB; re-check 71: 16 million characters
    # drawn from 880 took 60 s.  (The bound is lowered here to the test bank's own
    # count: the rule is the same at 16 million.)
    import os
    from pathlib import Path

    from drafter.bank import index

    bank = tmp_path / "bank"
    assert run("mine", str(SPEECH), "-o", str(bank)).exit_code == 0
    assert run("--phrasebank", str(bank), "search", "作风").exit_code == 0
    pairs = set()
    chars = 0
    for path in (bank / "phrases").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            chars += len(text)
            pairs.update(t for t in index.gram_tokens(text).split() if not t.isascii())
    cost = chars + index.PAIR_COST * len(pairs)
    monkeypatch.setattr(index, "MAX_INDEX_COST", cost - 1)
    os.utime(next((bank / "phrases").glob("*.jsonl")))  # (the index is built again)
    result = run("--phrasebank", str(bank), "search", "作风")
    assert result.exit_code == 1 and f"in {len(pairs):,} different pairs of characters" in (
        result.stderr), result.output
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "drafter" / "index"
    assert not list(cache.glob(".index.*.tmp"))
    monkeypatch.setattr(index, "MAX_INDEX_COST", cost)
    assert run("--phrasebank", str(bank), "search", "作风").exit_code == 0


def test_a_decision_no_phrase_may_take_is_refused_before_a_dry_run_lists_matches(tmp_path):
    # Fuzz pass 68: --section ../../x listed its matches and "dry run: nothing written;
    # add --yes to apply"; only --yes said the key was unknown.
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "review",
                                       "--where", "status=candidate", "--section", "../../x"])
    assert result.exit_code == 1 and "unknown section type(s): ../../x" in result.stderr
    assert "dry run" not in result.output


def test_a_file_named_as_the_bank_to_write_is_no_phrasebank(tmp_path):
    # Fuzz pass 68: --phrasebank /dev/null phrasebank import said "/dev/null: File exists".
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "以钉钉子精神抓落实", "section": "work_style", "kind": "golden"}\n',
                    encoding="utf-8")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    for bank in ("/dev/null", str(a_file)):
        result = CliRunner().invoke(main, ["--phrasebank", bank, "phrasebank", "import",
                                           str(rows)])
        assert result.exit_code == 1 and "not a folder; a phrasebank is a folder" \
            in result.stderr, result.output
    assert a_file.read_text(encoding="utf-8") == "x"


def test_an_export_to_a_terminal_shows_control_characters_escaped(tmp_path):
    # Fuzz pass 68: a mined file named a<ESC>]0;pwn<BEL>.txt reached the terminal raw
    # through a CSV export's sources cell (and retitled the pane).  To a file or a pipe
    # the data stays as it is.
    import pty
    import subprocess
    import sys

    from .support.terminal import read_until_closed

    bank = _mined_from_a_file_named(tmp_path, "a\x1b]0;pwn\x07.txt")
    leader, follower = pty.openpty()
    child = subprocess.run([sys.executable, "-m", "drafter", "--phrasebank", str(bank),
                            "phrasebank", "export", "--format", "csv"],
                           stdout=follower, stderr=subprocess.PIPE, timeout=120,
                           env=dict(os.environ))
    os.close(follower)
    shown = read_until_closed(leader)
    assert child.returncode == 0, child.stderr
    # (Mined since stop 65 with its control characters as U+FFFD: nothing raw is left.)
    assert "a\ufffd]0%3Bpwn\ufffd.txt#".encode() in shown and b"\x1b]0;" not in shown
    piped = run("--phrasebank", str(bank), "phrasebank", "export", "--format", "csv").stdout
    assert "\ufffd]0%3Bpwn\ufffd.txt#" in piped  # (its ; written as %3B: see _sources_cell)


def test_no_write_goes_through_a_link_in_place_of_a_banks_phrases_folder(tmp_path):
    # Fuzz pass 69: a user bank whose phrases/ was a link had its phrase files replaced
    # wherever it pointed, by mine, review and import.
    bank = tmp_path / "bank"
    assert run("mine", str(SPEECH), "-o", str(bank)).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    (bank / "phrases").rename(elsewhere)
    (bank / "phrases").symlink_to(elsewhere, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    some = next(iter(load_phrases(bank).phrases))  # (read through it: harmless)
    result = CliRunner().invoke(main, ["--phrasebank", str(bank), "phrasebank", "review",
                                       some, "--note", "x"])
    assert result.exit_code == 1 and "is a link" in result.stderr, result.output
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


def test_lint_names_a_phrase_written_in_by_hand_past_what_import_takes(tmp_path):
    # Fuzz re-check 73: notes of a million characters written into the phrase files by
    # hand passed lint with 0 problems (and took a mine to 1.12 GB); so did 2,000 tags.
    from drafter.bank.model import MAX_FIELD_CHARS, MAX_PHRASE_ITEMS, MAX_PHRASE_SOURCES

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    base = {"kind": "lead", "sections": ["work_style"], "domains": ["general"],
            "sources": [{"file": "a.txt", "position": 1}]}
    written = {"hand0": {"text": "注释正好到上限的一句", "note": "注" * MAX_FIELD_CHARS},
               "hand1": {"text": "注释过长的一句", "note": "注" * (MAX_FIELD_CHARS + 1)},
               "hand2": {"text": "标签个数过多的一句", "tags": ["签"] * (MAX_PHRASE_ITEMS + 1)},
               "hand3": {"text": "来源过多的一句", "sources": [
                   {"file": f"f{n}.txt", "position": 1} for n in range(MAX_PHRASE_SOURCES + 1)]}}
    with (bank / "phrases" / "work_style.jsonl").open("a", encoding="utf-8") as out:
        for id_, fields in written.items():
            out.write(json.dumps({"id": id_, **base, **fields}, ensure_ascii=False) + "\n")
    result = run("--phrasebank", str(bank), "phrasebank", "lint")
    assert result.exit_code == 1, result.output
    large = [line for line in result.output.splitlines() if "too-large" in line]
    assert [line.split(": ")[1] for line in large] == ["hand1", "hand2", "hand3"], large
    assert f"note of {MAX_FIELD_CHARS + 1:,} characters" in large[0]
    assert f"{MAX_PHRASE_ITEMS + 3} items in its lists" in large[1]  # (its section, domain)
    assert f"{MAX_PHRASE_SOURCES + 1:,} sources" in large[2]


def test_a_csv_exports_text_cells_quoted_and_imports_them_back(tmp_path):
    # Fuzz pass 72 n3: a note "x;@SUM(1)" went to CSV unquoted; a spreadsheet that splits
    # records at semicolons (locales with a decimal comma do) ran "@SUM(1)".
    import csv

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    phrase = sorted(load_phrases(bank).phrases.values(), key=lambda p: p.id)[0]
    assert run("--phrasebank", str(bank), "phrasebank", "review", phrase.id, "--note",
               "x;@SUM(1); =1+1").exit_code == 0
    sheet = tmp_path / "bank.csv"
    assert run("--phrasebank", str(bank), "phrasebank", "export", "--format", "csv", "-o",
               str(sheet)).exit_code == 0
    text = sheet.read_text(encoding="utf-8-sig")
    assert '"x;@SUM(1); =1+1"' in text
    assert text.startswith('"id","text","kind"')
    rows = list(csv.reader(text.splitlines()))
    assert len({len(row) for row in rows}) == 1
    before = load_phrases(bank).phrases
    result = run("--phrasebank", str(bank), "phrasebank", "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert load_phrases(bank).phrases[phrase.id].note == "x;@SUM(1); =1+1"
    assert {p.id: p.to_dict() for p in load_phrases(bank).phrases.values()} == {
        p.id: p.to_dict() for p in before.values()}


def test_a_review_log_of_zeros_with_no_line_feed_is_refused_before_it_is_read_whole(
        tmp_path, monkeypatch):
    # Fuzz pass, stop 62 (A-M4): 1.2 GB of zeros as .review-log.jsonl took an undo to
    # 2.5 GB.  A line that does not open as a decision is refused past a bound (here
    # lowered); a decision that long (an import's) is still read.
    from drafter.bank import review

    monkeypatch.setattr(review, "_DAMAGED_LINE_BYTES", 1 << 20)
    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    log = bank / ".review-log.jsonl"
    with log.open("wb") as handle:
        handle.truncate(3 << 20)  # zeros, no line feed
    before = {p.name: p.read_bytes() for p in (bank / "phrases").iterdir()}
    result = run("--phrasebank", str(bank), "phrasebank", "review", "--undo")
    assert result.exit_code == 1
    assert ".review-log.jsonl:1: a line of over 1 MB that is no decision" in result.stderr
    assert {p.name: p.read_bytes() for p in (bank / "phrases").iterdir()} == before
    long_decision = b'{"key": "x", "pad": "' + b"a" * (2 << 20) + b'"}\n'
    log.write_bytes(long_decision)
    assert len(list(review._raw_log_lines(log))) == 1


def test_a_corpus_file_named_with_control_characters_is_a_plain_source(tmp_path):
    # Fuzz pass A of stop 65: a file named with ESC c in it went into the phrases' sources
    # as it was; the CSV export printed it raw (a terminal reset), and the bank's own
    # export was refused by its import (a control character in a source).
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "讲话\x1bc\t稿.txt").write_bytes(SPEECH.read_bytes())
    bank = tmp_path / "bank"
    assert run("mine", str(corpus), "-o", str(bank)).exit_code == 0
    files = {s.file for p in load_phrases(bank).phrases.values() for s in p.sources}
    assert files == {"讲话\ufffdc\ufffd稿.txt"}
    exported = run("--phrasebank", str(bank), "phrasebank", "export", "--format", "csv")
    assert exported.exit_code == 0 and "\x1b" not in exported.output
    assert "讲话\ufffdc\ufffd稿.txt" in exported.output
    out = tmp_path / "all.jsonl"
    assert run("--phrasebank", str(bank), "phrasebank", "export", "-o", str(out)).exit_code == 0
    again = run("--phrasebank", str(bank), "phrasebank", "import", str(out))
    assert again.exit_code == 0, again.stderr


def test_an_import_file_past_its_size_is_refused_before_it_is_decoded(tmp_path, monkeypatch):
    # Fuzz pass A of stop 68: a file is decoded whole, four bytes a character once it
    # holds one emoji: 240 MB took an import to 1.2 GB.  The bound is 100 MB (the bundled
    # bank's own export is 77 MB); past it, refused from its size.
    from drafter.bank import transfer

    assert transfer.MAX_IMPORT_BYTES == 100 * 1024 * 1024
    monkeypatch.setattr(transfer, "MAX_IMPORT_BYTES", 1000)
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "作风😀", "kind": "golden", "section": "closing"}\n'
                    + '{"text": "' + "a" * 2000 + '"}\n', encoding="utf-8")
    result = run("--phrasebank", str(tmp_path / "bank"), "phrasebank", "import", str(rows))
    assert result.exit_code == 1 and "rows.jsonl" in result.output
    assert not (tmp_path / "bank" / "phrases").exists()
