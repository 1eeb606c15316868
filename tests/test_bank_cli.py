"""drafter mine, drafter phrasebank stats/lint/review from the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from drafter.bank.store import load_phrases
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
    assert exported.startswith("id,text,kind,section") and "坚持把政治标准放在首位" in exported
    all_lines = run("--phrasebank", str(bank), "phrasebank", "export").stdout.splitlines()
    assert len(all_lines) == len(load_phrases(bank).phrases)
    assert json.loads(all_lines[0])["id"] < json.loads(all_lines[-1])["id"]


def test_csv_export_neutralises_formulas_and_import_takes_them_back(tmp_path):
    import csv
    import io

    bank = tmp_path / "bank"
    run("mine", str(SPEECH), "-o", str(bank))
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "=HYPERLINK(\\"http://x\\")", "section": "closing", "kind": "lead",'
                    ' "source": "@evil.txt", "note": "+1"}\n', encoding="utf-8")
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
    other = tmp_path / "other"
    run("mine", str(SPEECH), "-o", str(other))
    trusted = run("--phrasebank", str(other), "phrasebank", "import", "--trust", str(rows))
    assert trusted.exit_code == 0 and "imported as candidates" not in trusted.stderr
    status = {p.text: p.status for p in load_phrases(other).phrases.values()}
    assert status["以钉钉子精神抓落实"] == "approved"


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
