"""Taxonomy files and section-type classification."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from drafter import parse_text
from drafter.bank.classify import Classifier, PassageClassifier, classify_document
from drafter.bank.taxonomy import CORE_KEYS, TaxonomyError, load_taxonomy

from .test_cli import run

BENCH = Path(__file__).resolve().parent / "bench"
sys.path.insert(0, str(BENCH))
from eval_classify import load_written_set  # noqa: E402


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier(load_taxonomy(user_file="/nonexistent"))


def test_bundled_taxonomy_has_the_fourteen_types_with_labels_and_cues():
    taxonomy = load_taxonomy(user_file="/nonexistent")
    assert taxonomy.keys == list(CORE_KEYS)
    for section_type in taxonomy.types.values():
        assert section_type.label and section_type.description and len(section_type.cues) >= 10


def test_user_taxonomy_adds_types_and_cues(tmp_path):
    user = tmp_path / "taxonomy.toml"
    user.write_text('[ecology]\nlabel = "生态环保"\ncues = ["生态环境", "碳达峰"]\n\n'
                    '[talent]\ncues = ["博士后工作站"]\n', encoding="utf-8")
    taxonomy = load_taxonomy(user_file=user)
    assert taxonomy.types["ecology"].label == "生态环保"
    assert "博士后工作站" in taxonomy.types["talent"].cues
    assert "党管人才" in taxonomy.types["talent"].cues
    ranked = Classifier(taxonomy).rank("要持续改善生态环境质量，如期实现碳达峰目标。")
    assert ranked[0][0] == "ecology"


@pytest.mark.parametrize("content, message", [
    ("[x]\ncues = [1]\n", "list of non-empty strings"),
    ("[newtype]\ncues = [\"词\"]\n", "needs a label"),
    # A key names a phrase file: a path in it was blamed on the first phrase it tagged.
    ("[\"../evil\"]\nlabel = \"坏\"\ncues = [\"坏\"]\n", "not a key"),
    # …and so is one too long for a file name (300 a's: fuzz re-check, stop 38).
    ("[" + "a" * 300 + "]\nlabel = \"长\"\ncues = [\"长\"]\n", "not a key.*at most 64"),
    ("[talent]\nweight = -1\n", "weight"),
    # A cue of 600 characters had ended classify in a RecursionError (stop 63, pass A).
    ("[talent]\ncues = [\"" + "作" * 600 + "\"]\n", "cues: one of 600 characters"),
    ("[talent]\nheading_cues = [\"" + "作" * 65 + "\"]\n", "at most 64 characters"),
    # 110,000 cues within the file's 2 MB had made a mine five times as slow (fuzz pass
    # A, stop 67): bounded by list and in all.
    ("[talent]\ncues = [" + ", ".join(f'"才{n}"' for n in range(2001)) + "]\n",
     "cues: 2,001 of them; a list holds at most 2,000"),
    ("".join(f'[t{k}]\nlabel = "新"\ncues = [' + ", ".join(f'"才{k}_{n}"' for n in range(1500))
             + "]\n" for k in range(4)),
     "cues in all with .*; the section types take at most 5,000"),
    # A label is shown on the terminal: ESC ] 0; in it had set its title (fuzz pass 44).
    ("[talent]\nlabel = \"\\u001b]0;pwn\\u0007人才\"\n", r"label holds a control character"),
    ("[talent]\ndescription = 5\n", "description must be text"),
    ("not toml at all [", "taxonomy.toml"),
])
def test_broken_user_taxonomy_names_the_file(tmp_path, content, message):
    user = tmp_path / "taxonomy.toml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message) as info:
        load_taxonomy(user_file=user)
    assert str(user) in str(info.value)


def test_ranked_list_is_sorted_normalised_and_keeps_runners_up(classifier):
    ranked = classifier.rank("要加强年轻干部培养选拔，完善干部考核评价机制，同时抓好理论学习。")
    assert ranked[0][0] == "cadre_team"
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert 0.99 <= sum(s for _, s in ranked) <= 1.01 or len(ranked) == 5
    assert "theory_study" in dict(ranked)  # 理论学习 is a runner-up


def test_heading_type_passes_down_to_paragraphs_without_cues(classifier):
    doc = parse_text("一、严明纪律规矩\n这件事情大家都清楚，我不多说了。\n二、做好人才工作\n这件事情大家都清楚，我不多说了，请抓好。")
    classify_document(doc, classifier)
    assert [s.section_type for s in doc.sections] == ["discipline", "talent"]
    assert [s.paragraphs[0].section_type for s in doc.sections] == ["discipline", "talent"]


def test_position_makes_opening_and_closing(classifier):
    doc = parse_text("在全市工作会议上的讲话\n同志们：\n今天召开会议，主要任务是部署今年的工作。\n"
                     "一、突出抓好重点工作\n要全力抓好重大项目建设，确保全年投资增长。\n同志们，让我们奋力开创新局面！")
    classify_document(doc, classifier)
    assert doc.preamble[0].section_type == "opening"
    assert doc.sections[0].section_type == "key_tasks"
    assert doc.closing[0].section_type == "closing"


def test_passages_written_blind_are_mostly_right():
    # Passages a helper wrote from the type descriptions alone, never seen in training;
    # the majority-class baseline is 1/14.  A floor against regressions, not a figure:
    # tests/bench/eval_classify.py measures.
    rows = load_written_set()
    verdicts = PassageClassifier.load().classify([r["text"] for r in rows],
                                                 [r["heading"] for r in rows])
    right = sum(v.section_types[0][0] == r["section"] for v, r in zip(verdicts, rows, strict=True))
    assert right / len(rows) >= 0.7


def test_model_and_lexicon_fallback_give_both_facets():
    text, heading = "要深入开展安全生产大检查，全面排查整治各类隐患，坚决遏制重特大事故发生。", "三、抓好安全生产"
    for use_model in (True, False):
        verdict = PassageClassifier.load(use_model=use_model).classify([text], [heading])[0]
        assert verdict.domains[0][0] == "safety"
        for ranked in (verdict.section_types, verdict.domains):
            shares = [share for _, share in ranked]
            assert shares == sorted(shares, reverse=True) and 0 < sum(shares) <= 1.001


def test_a_users_own_domain_is_found_by_its_cue_words(tmp_path):
    user = tmp_path / "domains.toml"
    user.write_text('[tourism]\nlabel = "文化旅游"\ncues = ["全域旅游", "景区", "游客"]\n',
                    encoding="utf-8")
    from drafter.bank.taxonomy import load_domains

    domains = load_domains(user_file=user)
    classifier = PassageClassifier(load_taxonomy(user_file="/nonexistent"), domains,
                                   PassageClassifier.load().model)
    verdict = classifier.classify(["要大力发展全域旅游，提升景区服务质量，让游客玩得开心。"])[0]
    assert "tourism" in dict(verdict.domains)


def test_classify_command_jsonl_one_object_a_line_in_order():
    lines = [{"text": "同志们，让我们紧密团结，奋力开创新局面！"}, "not json",
             {"text": "坚持问题导向，深入调查研究，把情况摸清楚。", "heading": "二、改进工作方法"},
             {"heading": "无正文"},
             # half a character, escaped in JSON: it had stopped the whole batch
             '{"text": "\\ud800要加强安全生产"}', {"text": "要深入开展安全生产大检查"}]
    payload = "\n".join(json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x
                        for x in lines) + "\n"
    result = run("classify", "--jsonl", "-", "--json", input=payload)
    assert result.exit_code == 1  # three lines could not be classified
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 6
    assert out[4] == {"line": 5, "error": "holds \\ud800, half of a character; not text"}
    assert out[5]["domain"] == "safety"
    assert out[0]["section_type"] == out[0]["section_types"][0][0] == "closing"
    assert out[1] == {"line": 2, "error": "not JSON (Expecting value)"}
    assert out[2]["section_type"] == "work_methods"
    assert out[2]["evidence"]["section_type"]["heading_cues"]
    assert all(isinstance(share, float) for _, share in out[2]["domains"])
    assert "error" in out[3] and out[3]["line"] == 4


def test_classify_jsonl_takes_a_file_that_opens_with_a_utf8_mark(tmp_path):
    # Saved by Notepad, the mark had made line 1 "not JSON".
    marked = tmp_path / "marked.jsonl"
    marked.write_bytes("\ufeff".encode() + json.dumps(
        {"text": "要深入开展安全生产大检查"}, ensure_ascii=False).encode() + b"\n")
    for args, given in ((["--jsonl", str(marked)], None),
                        (["--jsonl", "-"], marked.read_text(encoding="utf-8"))):
        result = run("classify", *args, "--json", input=given)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["domain"] == "safety"


def test_classify_jsonl_reads_a_file_saved_as_utf16_by_its_mark(tmp_path):
    # Notepad's "Unicode" is UTF-16 with a mark: every line had been "not JSON".
    lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\r\n"
                    for t in ("要深入开展安全生产大检查", "要优化营商环境，提升政务服务效能"))
    for encoding in ("utf-16", "utf-16-be"):
        saved = tmp_path / f"{encoding}.jsonl"
        saved.write_bytes(("\ufeff" + lines).encode(encoding.replace("utf-16", "utf-16-le")
                                                     if encoding == "utf-16" else encoding))
        for args, given in ((["--jsonl", str(saved)], None),
                            (["--jsonl", "-"], saved.read_bytes())):
            result = run("classify", *args, "--json", input=given)
            assert result.exit_code == 0, result.output
            verdicts = [json.loads(line) for line in result.stdout.splitlines()]
            assert [v.get("domain") for v in verdicts] == ["safety", "business"], verdicts


@pytest.mark.parametrize("tail", [b"A",  # an odd last byte
                                  b"\x00\xd8{\x00}\x00\n\x00"])  # half a surrogate pair
def test_classify_jsonl_names_where_utf16_cannot_be_read_and_keeps_the_verdicts_before(
        tmp_path, tail):
    # Fuzz pass B, stop 67: an odd last byte or half a surrogate pair in a UTF-16 file
    # ended classify --jsonl in a UnicodeDecodeError traceback.
    saved = tmp_path / "odd.jsonl"
    line = json.dumps({"text": "要深入开展安全生产大检查"}, ensure_ascii=False) + "\n"
    saved.write_bytes(b"\xff\xfe" + line.encode("utf-16-le") + tail)
    for args, given in ((["--jsonl", str(saved)], None), (["--jsonl", "-"], saved.read_bytes())):
        result = run("classify", *args, "--json", input=given)
        assert result.exit_code == 1 and "Traceback" not in result.output
        verdicts = [json.loads(line) for line in result.stdout.splitlines()]
        assert verdicts[0]["domain"] == "safety"
        assert verdicts[1]["line"] == 2 and verdicts[1]["error"].startswith(
            "not utf-16 text (")
        assert len(verdicts) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
@pytest.mark.parametrize("quiet", [False, True])
def test_classify_jsonl_shows_progress_on_a_terminal_while_verdicts_go_to_a_file(
        tmp_path, quiet):
    import os
    import pty
    import subprocess

    from .support.terminal import read_until_closed

    passages = tmp_path / "p.jsonl"
    passages.write_text("".join(json.dumps({"text": f"要深入开展安全生产大检查第{i}次"},
                                           ensure_ascii=False) + "\n" for i in range(600)),
                        encoding="utf-8")
    out = tmp_path / "out.jsonl"
    leader, follower = pty.openpty()
    with out.open("wb") as verdicts:
        child = subprocess.Popen(
            [sys.executable, "-m", "drafter", "classify", "--jsonl", str(passages), "--json",
             *(["-q"] if quiet else [])],
            stdout=verdicts, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    seen = read_until_closed(leader)
    assert child.wait(timeout=120) == 0, seen
    assert len(out.read_text(encoding="utf-8").splitlines()) == 600
    assert (b"classifying" in seen) is not quiet, seen[-400:]


def test_classify_command_explains_in_plain_text():
    result = run("classify", "要深入开展安全生产大检查，坚决遏制重特大事故。", "--heading",
                      "三、抓好安全生产")
    assert result.exit_code == 0
    assert "safety 安全生产与应急" in result.stdout and "cue words" in result.stdout
    nothing = run("classify")
    assert nothing.exit_code == 2 and "give a TEXT to classify, or --jsonl FILE" in nothing.stderr


def test_parse_json_shows_section_types(sample_speech):
    result = run("parse", str(sample_speech), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    first = data["sections"][0]
    # 提高政治站位，切实增强抓好基层党建的责任感: the stance, about grassroots Party work.
    assert first["section_type"] == first["section_types"][0][0]
    assert {"political_stance", "grassroots"} == {k for k, _ in first["section_types"][:2]}
    assert data["preamble"][0]["section_type"] == "opening"
    assert data["closing"][0]["section_type"] == "closing"
    assert all(isinstance(score, float) for _, score in first["section_types"])
    # The second facet: what each passage, section and the whole speech is about.
    assert first["domains"][0][0] == "party_building"
    assert data["domains"][0][0] == "party_building"
    assert all(p["domains"] for s in data["sections"] for p in s["paragraphs"])


def test_a_broken_phrasebank_taxonomy_is_a_clear_error(tmp_path, sample_speech):
    (tmp_path / "taxonomy.toml").write_text("[opening]\nlabel = \"开场\"\n", encoding="utf-8")
    result = run("--phrasebank", str(tmp_path), "parse", str(sample_speech))
    assert result.exit_code == 1
    assert "missing section types" in result.stderr and "Traceback" not in result.stderr


def test_a_nul_in_a_passage_changes_no_verdict():
    # The model joins passages with NUL: one inside a passage had shifted every later
    # passage onto the wrong row (an IndexError on import of such a CSV row).
    model = PassageClassifier.load()
    texts = ["要加强安全生产\x00隐患排查治理", "要加强年轻干部培养选拔", "\x00"]
    clean = [t.replace("\x00", "") or "。" for t in texts]
    got = [(v.section_types[:1], v.domains[:1]) for v in model.classify(texts)][:2]
    assert got == [(v.section_types[:1], v.domains[:1]) for v in model.classify(clean)][:2]


def test_classify_jsonl_names_a_line_nested_too_deeply(tmp_path):
    from click.testing import CliRunner

    from drafter.cli import main

    path = tmp_path / "in.jsonl"
    path.write_text("[" * 100_000 + '\n{"text": "要加强安全生产"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", "--jsonl", str(path), "--json"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "nested too deeply" in result.output
    assert '"safety"' in result.output or "safety" in result.output


def test_classify_jsonl_skips_a_line_too_long_to_be_a_passage(monkeypatch):
    # /dev/zero piped in had been read until memory ran out; a file with one huge line
    # then stopped at it, leaving the passages after it unclassified.
    from click.testing import CliRunner

    import drafter.cli
    from drafter.cli import MAX_JSONL_LINE, main

    passage = '{"text": "要加强安全生产"}\n'
    stream = passage + '{"text": "' + "安" * (MAX_JSONL_LINE + 10) + '"}\n' + passage
    result = CliRunner().invoke(main, ["classify", "--jsonl", "-", "--json"], input=stream)
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3 and lines[0]["domain"] == lines[2]["domain"] == "safety"
    assert lines[1] == {"line": 2, "error": "a line of more than 1,000,000 characters is "
                                            "no passage; skipped"}
    # A stream with no line break at all is stopped, not read for ever.
    monkeypatch.setattr(drafter.cli, "_MAX_SKIPPED", 3 * MAX_JSONL_LINE)
    endless = passage + "\0" * (4 * MAX_JSONL_LINE)
    result = CliRunner().invoke(main, ["classify", "--jsonl", "-", "--json"], input=endless)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert json.loads(result.stderr) == {"error": "standard input:2: no line break in "
                                         "3,000,000 characters; stopped reading"}


def test_a_run_on_passage_is_classified_by_its_first_characters():
    # A whole file on one line (millions of characters) had taken most of a minute.
    from drafter.bank.classify import MAX_PASSAGE_CHARS

    model = PassageClassifier.load()
    head = "要加强安全生产隐患排查治理，" * (MAX_PASSAGE_CHARS // 14 + 1)
    long = head + "要加强年轻干部培养选拔。" * 100_000
    [whole], [cut] = model.classify([long]), model.classify([head[:MAX_PASSAGE_CHARS]])
    assert whole == cut and whole.domains[0][0] == "safety"


def test_classify_jsonl_names_a_line_not_in_utf8_instead_of_classifying_mojibake(tmp_path):
    # Fuzz pass 40: a GBK line was read with its bytes replaced and classified as
    # "Ҫ��ǿ���罨��", key_tasks first, exit 0.
    gbk = json.dumps({"text": "要加强作风建设"}, ensure_ascii=False).encode("gbk") + b"\n"
    good = json.dumps({"text": "要深入开展安全生产大检查"}, ensure_ascii=False).encode() + b"\n"
    saved = tmp_path / "gbk.jsonl"
    saved.write_bytes(gbk + good)
    for args, given in ((["--jsonl", str(saved)], None), (["--jsonl", "-"], gbk + good)):
        result = run("classify", *args, "--json", input=given)
        assert result.exit_code == 1
        out = [json.loads(line) for line in result.stdout.splitlines()]
        assert out[0] == {"line": 1, "error": "not UTF-8 text (GBK?): save the file as UTF-8; "
                                              "skipped"}
        assert out[1]["domain"] == "safety"


def test_the_evidence_is_of_what_the_classifier_read(monkeypatch):
    # Fuzz pass B of stop 67, m4: a heading of a million characters was cut for the
    # verdict but explained whole: classify took 50 s and 990 MB.
    from drafter.bank import classify

    monkeypatch.setattr(classify, "MAX_PASSAGE_CHARS", 25)
    classifier = PassageClassifier.load()
    text = "要切实加强党的建设，全面从严治党，落实管党治党政治责任，" + "抓好安全生产，防范化解重大风险。" * 3
    heading = "一、加强党的建设" + "全面从严治党" * 3 + "，安全生产" * 20
    verdict = classifier.classify([text], [heading])[0]
    explained = classifier.explain(text, heading, verdict)
    assert explained == classifier.explain(text[:25], heading[:25], verdict)
    assert "安全生产" not in json.dumps(explained, ensure_ascii=False)
