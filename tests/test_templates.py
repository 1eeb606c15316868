"""Genre templates: the shipped five, user overrides, and errors that point to file and line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.draft.assemble import assemble
from drafter.draft.model import ROOM_GAP_RE
from drafter.draft.templates import (
    FieldError,
    TemplateError,
    format_date,
    list_templates,
    load_template,
)

GENRES = {"work_conference": "工作会议讲话", "summary_remarks": "座谈会总结讲话",
          "party_lecture": "专题党课", "seminar_statement": "研讨发言材料",
          "theory_article": "署名理论文章"}


def user_templates() -> Path:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "drafter" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_template(name: str, toml: str, prose: str) -> Path:
    folder = user_templates()
    (folder / f"{name}.toml").write_text(toml, encoding="utf-8")
    (folder / f"{name}.j2").write_text(prose, encoding="utf-8")
    return folder / f"{name}.toml"


MINIMAL_TOML = """\
label = "测试讲话"
description = "for tests"

[fields.topic]
label = "主题"
required = true

[fields.speaker]
label = "讲话人"

[[parts]]
name = "only"
sections = ["work_style"]
draw = false
heading = "only_heading"
"""


def test_the_five_genres_ship_with_fields_and_skeletons():
    found = list_templates()
    assert {name: t.label for name, t in found.items() if name in GENRES} == GENRES
    for name in GENRES:
        tpl = found[name]
        keys = {f.key for f in tpl.fields}
        assert {"topic", "title", "speaker", "post"} <= keys, name
        assert [f.key for f in tpl.fields if f.required] == ["topic"], name
        assert tpl.parts and all(p.sections for p in tpl.parts)
        assert tpl.has_block("title") and tpl.has_block("opening")


def test_topic_alone_fills_every_field_with_a_value_or_visible_placeholder():
    for name in GENRES:
        values = load_template(name).resolve_fields({"topic": "作风建设"})
        assert all(values.values()), name
        assert values["speaker"].startswith("〔待补：")
    values = load_template("work_conference").resolve_fields({"topic": "作风建设"})
    # A default that uses another field declared after it.
    assert values["title"] == "在作风建设工作会议上的讲话"


def test_missing_required_field_names_template_field_and_line():
    with pytest.raises(FieldError) as err:
        load_template("party_lecture").resolve_fields({"speaker": "张三"})
    message = str(err.value)
    assert "party_lecture" in message and "'topic'" in message and "--topic" in message
    assert "party_lecture.toml:" in message and err.value.line is not None
    line = Path(err.value.path).read_text(encoding="utf-8").splitlines()[err.value.line - 1]
    assert "fields.topic" in line


def test_unknown_field_is_refused():
    with pytest.raises(FieldError, match="has no field 'spekaer'"):
        load_template("party_lecture").resolve_fields({"topic": "x", "spekaer": "张三"})


def test_dates_are_written_the_chinese_way():
    assert format_date("2025-03-02") == "2025年3月2日"
    assert format_date("2025.3.2") == "2025年3月2日"
    assert format_date("三月初") == "三月初"
    assert format_date("2025年03月02日") == "2025年3月2日"
    with pytest.raises(FieldError, match="not a date"):
        format_date("2025-13-45")


def test_user_template_overrides_a_shipped_one_and_adds_new_ones():
    write_template("party_lecture", MINIMAL_TOML.replace("测试讲话", "我的党课"),
                   "{% block title %}{{ topic }}{% endblock %}{% block opening %}开场{% endblock %}"
                   "{% block only_heading %}改进作风{% endblock %}")
    write_template("my_genre", MINIMAL_TOML,
                   "{% block title %}{{ topic }}{% endblock %}{% block opening %}开场{% endblock %}"
                   "{% block only_heading %}改进作风{% endblock %}")
    found = list_templates()
    assert found["party_lecture"].label == "我的党课"
    assert found["my_genre"].label == "测试讲话"
    assert found["work_conference"].label == "工作会议讲话"


def test_undefined_variable_is_an_error_with_the_line():
    write_template("broken", MINIMAL_TOML,
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block opening %}\n今天我们开会。\n{{ meeting_name }}\n{% endblock %}\n"
                   "{% block only_heading %}改进作风{% endblock %}")
    tpl = load_template("broken")
    with pytest.raises(TemplateError) as err:
        tpl.render_block("opening", tpl.resolve_fields({"topic": "作风"}))
    assert "broken.j2:4" in str(err.value)
    assert "meeting_name" in str(err.value)


@pytest.mark.parametrize("given", ['"false"', '"yes"', "1"])
def test_a_fields_required_is_true_or_false_and_nothing_else(given):
    # required = "false", a string, had made the field required without a word (fuzz
    # pass C of stop 63, m5).
    write_template("req", MINIMAL_TOML.replace('label = "讲话人"',
                                               f'label = "讲话人"\nrequired = {given}'),
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block only_heading %}改进作风{% endblock %}")
    with pytest.raises(TemplateError) as err:
        load_template("req")
    assert "req.toml:10" in str(err.value)  # (the line of speaker's required)
    assert "field 'speaker': required must be true or false" in str(err.value)


@pytest.mark.parametrize("key, value", [("heading", '["only_heading"]'),
                                        ("heading", "{ a = 1 }"), ("fallback", '["改进作风"]')])
def test_a_parts_block_name_is_a_string_and_nothing_else(key, value):
    # heading = ["h"] had ended `drafter templates` in "TypeError: unhashable type:
    # 'list'", the shipped templates unlisted with it (fuzz pass 3 of stop 69, C-M1).
    toml = MINIMAL_TOML.replace('heading = "only_heading"', f"{key} = {value}")
    write_template("listed", toml, "{% block title %}{{ topic }}{% endblock %}\n"
                                   "{% block only_heading %}改进作风{% endblock %}")
    with pytest.raises(TemplateError) as err:
        load_template("listed")
    assert f"parts[0].{key}: expected a string" in str(err.value)
    assert "listed.toml:15" in str(err.value), err.value  # (the line of the key)
    problems: list[TemplateError] = []
    assert "work_conference" in list_templates(problems=problems)  # the others still listed
    assert [str(p) for p in problems] == [str(err.value)]


def test_a_parts_block_name_is_an_identifier_said_cut():
    # A name of 150,000 characters had been echoed whole saying no block had it (fuzz
    # pass 4 of stop 69, C-m1).
    write_template("longname", MINIMAL_TOML.replace('heading = "only_heading"',
                                                    'heading = "only_heading"\nasks = "'
                                                    + "a" * 150_000 + '"'),
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block only_heading %}改进作风{% endblock %}")
    with pytest.raises(TemplateError) as err:
        load_template("longname")
    assert "parts[0].asks: " + "a" * 40 + "… is no block name" in str(err.value)
    assert len(str(err.value)) < 400


def test_a_parts_switch_is_true_or_false_and_nothing_else():
    # draw = "false", a string, would have drawn from the bank (bool of any text is true).
    write_template("switch", MINIMAL_TOML.replace("draw = false", 'draw = "false"'),
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block only_heading %}改进作风{% endblock %}")
    with pytest.raises(TemplateError, match=r"switch\.toml:14: parts\[0\] \(only\): draw must "
                                            r"be true or false"):
        load_template("switch")


def test_a_prose_file_extends_another_and_overrides_only_what_it_changes():
    # A file extending work_conference.j2 that overrode its title had been refused for
    # every block it inherits, and a circle of two files named "has no 'title' block"
    # (fuzz pass 3 of stop 69, C-m3).
    shipped = load_template("work_conference")
    toml = shipped.path.read_text(encoding="utf-8")
    write_template("mine", toml, '{% extends "work_conference.j2" %}'
                                 "{% block title %}关于{{ topic }}的讲话（本单位）{% endblock %}\n"
                                 "{% block closing %}{{ super() }}（完）{% endblock %}")
    tpl = load_template("mine")
    tpl.check()
    values = tpl.resolve_fields({"topic": "安全生产"})
    assert tpl.render_block("title", values) == "关于安全生产的讲话（本单位）"
    inherited = shipped.render_block("closing", shipped.resolve_fields({"topic": "安全生产"}))
    assert tpl.render_block("closing", values) == inherited + "（完）"
    for part in shipped.parts:  # every block the skeleton names comes from the parent
        assert part.heading is None or tpl.has_block(part.heading)

    folder = user_templates()
    write_template("circle", MINIMAL_TOML, '{% extends "round.j2" %}')
    (folder / "round.j2").write_text('{% extends "circle.j2" %}', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"round\.j2: extends in a circle: circle\.j2 → "
                                            r"round\.j2 → circle\.j2"):
        load_template("circle").check()
    write_template("computed", MINIMAL_TOML, "{% extends topic ~ '.j2' %}")
    with pytest.raises(TemplateError, match=r"computed\.j2:1: \{% extends %\} names its file "
                                            "by an expression"):
        load_template("computed").check()


def test_a_missing_field_names_the_option_that_gives_it():
    # "give it with --中文" had been said of a field 中文: outline has an option of its own
    # for the topic only (fuzz pass 3 of stop 69, C-m6).
    from drafter.draft.templates import FieldError

    write_template("asks", MINIMAL_TOML + '\n[fields."中文"]\nlabel = "中文"\nrequired = true\n',
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block only_heading %}改进作风{% endblock %}")
    tpl = load_template("asks")
    with pytest.raises(FieldError, match=r"give it with --set 中文=…$"):
        tpl.resolve_fields({"topic": "作风"})
    with pytest.raises(FieldError, match=r"give it with --topic$"):
        tpl.resolve_fields({"中文": "是"})


@pytest.mark.parametrize("old, new, said", [
    ('label = "讲话人"', 'label = "' + "讲话人很长" * 30_000 + '"',
     "field 'speaker': label: 150,000 characters; at most 60"),
    ('label = "讲话人"', 'label = "\\u001b[31m讲话人"', "field 'speaker': label: holds the "
                                                      "control character U+001B"),
    ('description = "for tests"', 'description = "说明\\u202e"',
     "description: holds the control character U+202E")])
def test_labels_and_help_are_short_plain_text(old, new, said):
    # A label of 150,000 characters became a placeholder fill then refused, and ESC in
    # one left "[31m" in the draft (fuzz pass 3 of stop 69, C-m7, C-m8).
    write_template("labelled", MINIMAL_TOML.replace(old, new),
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block only_heading %}改进作风{% endblock %}")
    with pytest.raises(TemplateError) as err:
        load_template("labelled")
    assert said in str(err.value), err.value


def test_syntax_error_points_to_the_line():
    write_template("syntax", MINIMAL_TOML,
                   "{% block title %}{{ topic }}{% endblock %}\n\n{% block opening %}{% if %}"
                   "{% endblock %}")
    with pytest.raises(TemplateError) as err:
        load_template("syntax")
    assert "syntax.j2:3" in str(err.value) and "syntax error" in str(err.value)


def test_a_block_the_skeleton_names_must_exist():
    write_template("noblock", MINIMAL_TOML, "{% block title %}{{ topic }}{% endblock %}")
    with pytest.raises(TemplateError) as err:
        load_template("noblock")
    assert "block 'only_heading' is not defined in noblock.j2" in str(err.value)
    assert "noblock.toml:" in str(err.value)
    # …and so must the blocks of what a part asks of the writer (asks, room).
    for key in ("asks", "room"):
        write_template(f"no{key}", MINIMAL_TOML.replace(
            'heading = "only_heading"', f'heading = "only_heading"\n{key} = "only_{key}"'),
            "{% block title %}{{ topic }}{% endblock %}\n"
            "{% block only_heading %}改进作风{% endblock %}")
        with pytest.raises(TemplateError) as err:
            load_template(f"no{key}")
        assert f"block 'only_{key}' is not defined in no{key}.j2" in str(err.value)


def test_a_part_opens_with_a_gap_for_what_it_asks_of_the_writer():
    # Judge 138 looked for the accident figures in a work conference's 形势 part and found
    # none, nor a gap for them: the record and figures are the place's own.
    write_template("asking", MINIMAL_TOML.replace('heading = "only_heading"',
                                                  'heading = "only_heading"\nasks = "only_asks"'),
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block only_heading %}改进作风{% endblock %}\n"
                   "{% block only_asks %}本地{{ topic }}的进展成效\n本地{{ topic }}的突出问题"
                   "{% endblock %}")
    for mode in ("outline", "full"):
        draft = assemble("asking", {"topic": "作风建设"}, mode=mode)
        assert [i.text for i in draft.body[0].items[:2]] == [
            "〔待补：本地作风建设的进展成效〕", "〔待补：本地作风建设的突出问题〕"]
        assert all(ROOM_GAP_RE.fullmatch(i.text) for i in draft.body[0].items[:2])
    shipped = assemble("work_conference", {"topic": "安全生产"})
    assert shipped.body[0].items[0].text == "〔待补：本地安全生产工作的进展成效、主要数据和突出问题〕"


def test_one_broken_template_does_not_hide_the_others():
    write_template("broken2", MINIMAL_TOML + "\n[[parts\n", "")
    problems = []
    found = list_templates(problems=problems)
    assert "party_lecture" in found and "broken2" not in found
    assert len(problems) == 1 and "broken2.toml" in str(problems[0])
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 1 and "party_lecture" in result.output
    assert "broken2.toml" in result.output


@pytest.mark.parametrize("name", ["my lecture", "x" * 65, "讲话.稿"])
def test_a_template_whose_name_no_draft_can_carry_is_named_as_broken(name):
    # Fuzz pass C, stop 67: "my lecture.toml" was listed and drafted from, and every
    # draft made from it refused on every later read, the TUI's recent list included.
    path = write_template(name, MINIMAL_TOML, "{% block title %}{{ topic }}{% endblock %}"
                          "{% block opening %}开场{% endblock %}"
                          "{% block only_heading %}改进作风{% endblock %}")
    problems: list = []
    assert name not in list_templates(problems=problems)
    [problem] = problems
    assert "cannot be a template's name" in str(problem)
    result = CliRunner().invoke(main, ["outline", "-t", str(path), "--topic", "作风建设"])
    assert result.exit_code == 1 and "cannot be a template's name" in result.stderr


def test_a_folder_of_thousands_of_templates_lists_a_bounded_number(monkeypatch):
    # Fuzz pass, stop 62: 2,000 user templates, each compiled to be listed, had taken
    # `drafter templates` 34 s.  Past the bound the rest are named, and still used by name.
    from drafter.draft import templates

    monkeypatch.setattr(templates, "MAX_TEMPLATES_LISTED", 5)
    for number in range(8):
        write_template(f"many{number}", MINIMAL_TOML,
                       "{% block title %}{{ topic }}{% endblock %}{% block opening %}开场"
                       "{% endblock %}{% block only_heading %}改进作风{% endblock %}")
    problems: list = []
    found = list_templates(problems=problems)
    assert {f"many{n}" for n in range(5)} <= set(found) and "many7" not in found
    assert set(GENRES) <= set(found)
    [problem] = problems
    assert "8 templates; the first 5 by name are listed" in str(problem)
    assert load_template("many7").name == "many7"
    # None of them broken: a note, not "skipped a broken template" and exit 1 (fuzz pass
    # C of stop 64).
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 0, result.output
    assert "drafter: note: " in result.stderr and "broken" not in result.stderr


def test_a_listing_checks_templates_for_a_bounded_time_and_the_rest_when_used(monkeypatch):
    # Fuzz pass C, stop 67: sixteen large templates, each compiled to be listed, had
    # taken `drafter templates` 42 s.  (No time left here: every one is listed unchecked.)
    from drafter.draft import templates

    monkeypatch.setattr(templates, "LISTING_SECONDS", 0.0)
    write_template("unchecked_bad", MINIMAL_TOML, "{% block title %}{{ topic {% endblock %}")
    problems: list = []
    found = list_templates(problems=problems)
    assert set(GENRES) <= set(found) and "unchecked_bad" in found
    [note] = problems
    assert isinstance(note, templates.TemplatesUnlisted)
    assert "listed unchecked" in str(note) and "checked when it is used" in str(note)
    with pytest.raises(TemplateError, match="syntax error"):
        found["unchecked_bad"].render_block("title", {"topic": "作风"})
    monkeypatch.setattr(templates, "LISTING_SECONDS", 60.0)
    problems = []
    assert "unchecked_bad" not in list_templates(problems=problems)
    assert "syntax error" in str(problems[0])


@pytest.mark.parametrize("stand_in", ["file", "/dev/zero", "dangling"])
def test_a_templates_folder_that_is_none_is_named(stand_in):
    # Fuzz pass 51, q1: a templates "folder" linked to /dev/zero was passed over unsaid.
    folder = user_templates()
    folder.rmdir()
    if stand_in == "file":
        folder.write_text("x", encoding="utf-8")
    else:
        folder.symlink_to(stand_in if stand_in != "dangling" else folder.parent / "gone")
    problems: list = []
    assert set(GENRES) <= set(list_templates(problems=problems))
    [problem] = problems
    assert str(problem).startswith(f"{folder}: not a folder")
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 1 and "party_lecture" in result.stdout
    assert f"{folder}: not a folder" in result.stderr


def _opening_error(name: str, expression: str) -> str:
    """What rendering a template whose opening is ``expression`` refuses it with (a
    TemplateError, as text)."""
    write_template(name, MINIMAL_TOML,
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block opening %}" + expression + "{% endblock %}"
                   "{% block only_heading %}x{% endblock %}")
    tpl = load_template(name)
    with pytest.raises(TemplateError) as err:
        tpl.render_block("opening", tpl.resolve_fields({"topic": "作风"}))
    return str(err.value)


def test_templates_run_sandboxed():
    write_template("escape", MINIMAL_TOML,
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block opening %}{{ topic.__class__.__mro__[1].__subclasses__() }}"
                   "{% endblock %}{% block only_heading %}x{% endblock %}")
    tpl = load_template("escape")
    with pytest.raises(TemplateError) as err:
        tpl.render_block("opening", {"topic": "x"})
    assert "escape.j2:2" in str(err.value)


@pytest.mark.parametrize("expression, said", [
    ("{{ 5 | spoken }}", "a value of the wrong kind for what is done with it"),
    ("{{ range(2**63) | length }}", "a number too large for what it is given to"),
    ("{% include 'latin.j2' %}", "latin.j2:1: not UTF-8 text (byte 0); save it as UTF-8"),
    ("{% include 'unclosed.j2' %}", "unclosed.j2:1: Expected an expression")])
def test_a_templates_errors_are_said_in_words_not_pythons(expression, said):
    # Fuzz pass C of stop 67, m7: "AttributeError: 'int' object has no attribute
    # 'strip'", "OverflowError: …", and an included file not in UTF-8 unnamed.
    (user_templates() / "latin.j2").write_bytes(b"\xff\xfe")
    (user_templates() / "unclosed.j2").write_text("{% if %}", encoding="utf-8")
    error = _opening_error("worded", expression)
    assert said in error and "Error:" not in error, error
    assert "worded.j2:2" in error


@pytest.mark.parametrize("expression", ["{{ '{}'.format }}", "{{ topic.strip }}",
                                        "{% macro m() %}x{% endmacro %}{{ m }}"])
def test_a_function_written_out_not_called_is_an_error(expression):
    # Fuzz pass C of stop 67, m8: <function str.format at 0x7fd9…> went into the speech,
    # its address changing from run to run (one seed no longer one draft).
    error = _opening_error("uncalled", expression)
    assert "is written out, not called" in error and "uncalled.j2:2" in error, error


@pytest.mark.parametrize("expression", ["{{ topic.strip|string }}", "{{ 'x' ~ ''.join }}",
                                        "{{ [topic.upper]|join }}", "{{ '%s' % topic.split }}"])
def test_a_function_turned_into_text_is_an_error_too(expression):
    # Fuzz pass 3 of stop 69, C-m10: |string, ~, join and % had put <built-in method
    # join of str object at 0x7f…> into the speech, past the check on {{ }}.
    error = _opening_error("texted", expression)
    assert "writes out a function or object" in error and " at 0x" in error, error
    assert "texted.j2:" in error and "Error:" not in error, error


@pytest.mark.parametrize("expression, message", [
    # Folded at compile time by Jinja2 it had taken gigabytes before any rendering.
    ("{{ 'a' * 10**9 }}", "repetition this long"),
    ("{{ 9 ** 9 ** 9 }}", "too large"),
    # Fuzz pass 45: an int squared in a loop doubles its size each round (958 MB).
    ("{% set ns = namespace(n=2) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}"
     "{% endfor %}{{ ns.n > 0 }}", "product over"),
    # 10^10 loop turns had hung `outline`.
    ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
     "loops over more than"),
    # Found by a fuzz pass: loops over long strings (no range() to count), ~ doubling a
    # text forty times, widths in filters, methods and % that make gigabytes (the filter
    # and % also folded at compile time), and a rendering that writes without end.
    # (Whichever bound it meets first: on a loaded machine a million steps take over the
    # time limit.)
    ("{% for a in 'x' * 199999 %}{% for b in 'x' * 199999 %}{% endfor %}{% endfor %}",
     "loop steps|s to render"),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
     "{% endfor %}{{ ns.s }}", "text over"),
    ("{{ 'a'|center(1000000000) }}", "center() that long"),
    ("{{ topic.ljust(1000000000) }}", "ljust() that long"),
    ("{{ '{:>1000000000}'.format('a') }}", "a width over"),
    ("{{ '%1000000000s' % 'a' }}", "a width over"),
    ("{{ ('x' * 199999)|replace('x', 'y' * 1000) }}", "replace() making over"),
    # Fuzz pass 44: each break of wordwrap puts its wrapstring in (10^10 characters).
    ("{{ ('a ' * 100000)|wordwrap(1, wrapstring='x' * 100000) }}", "wordwrap() making over"),
    ("{% for a in 'x' * 199999 %}{{ 'y' * 199999 }}{% endfor %}", "at most 1,000,000"),
    ("{{ lipsum(2000000) }}", "lipsum"),
    # A second fuzz pass: join had built 10 GB before the output limit saw it, and a
    # list of references to one long text is small until it is printed.
    ("{{ ('a' * 100000)|join('b' * 100000) }}", "join() making over"),
    ("{{ ('b' * 100000).join('a' * 100000) }}", "join() making over"),
    ("{{ ('b' * 1000).join(range(1000)|map('string')) }}", "join() making over"),
    ("{{ (['a' * 200000] * 1000)|join }}", "join() making over"),
    ("{{ ([{'x': 'a' * 200000}] * 1000)|join(attribute='x') }}", "join() making over"),
    ("{{ ['a' * 200000] * 1000 }}", "a value whose text"),
    ("{{ (['a' * 200000] * 1000)|string|length }}", "a value whose text"),
    ("{{ '%s' % (['a' * 200000] * 1000) }}", "a value whose text"),
    ("{{ '{}'.format(['a' * 200000] * 1000) }}", "a value whose text"),
    ("{{ ([[0] * 200000] * 1000)|sum(start=[]) }}", "a value whose text"),
    ("{% set ns = namespace(t=(1,)) %}{% for i in range(40) %}{% set ns.t = ns.t + ns.t %}"
     "{% endfor %}", "text over"),
    # The re-check of the third (stop 38): a width given as an argument reached 2 GB, and
    # fields each filled with a long value had no bound.
    ("{{ '%*d'|format(2147483000, 1) }}", "a width over"),
    ("{{ '%*d' % (2147483000, 1) }}", "a width over"),
    ("{{ ('{0}' * 50000).format(topic * 50000) }}", "a format making over"),
    # Pass 67: a width or precision nested in a format spec, or given to %.*f.
    ("{{ '{0:>{1}}'.format('a', 1000000000) }}", "a width over"),
    ("{{ '{x:>{w}}'.format(x='a', w=1000000000) }}", "a width over"),
    ("{{ '{0:.{1}f}'.format(1.0, 1000000000) }}", "a width over"),
    ("{{ '{0:0{1}d}'.format(1, 1000000000) }}", "a width over"),
    ("{{ '{0:x>{1}}'.format('a', 1000000000) }}", "a width over"),
    ("{{ '{a:>{w}}'.format_map({'a': 'x', 'w': 1000000000}) }}", "a width over"),
    ("{{ '%.*f' % (1000000000, 1.0) }}", "a width over"),
    ("{{ '%.*f'|format(1000000000, 1.0) }}", "a width over"),
    # Pass 68: a nested field giving a whole spec as text, not a number.
    ("{{ '{:{}}'.format('a', '>999999999')|length }}", "a width over"),
    ("{{ '{:{}{}}'.format('a', '>', '999999999') }}", "a width over"),
    ("{{ '{:.{}}'.format(1.5, '999999999f') }}", "a width over"),
    ("{{ '{a:{w}}'.format_map({'a': 'x', 'w': '9>999999999'}) }}", "a width over"),
    ("{{ '{0[0]:>{1[0]}}'.format(['a'], [1000000000]) }}", "a width over"),
    ("{{ '{0:{1[w]}}'.format('a', {'w': '>999999999'}) }}", "a width over"),
    ("{% for i in range(3) %}{{ '{a:>{w}}'.format_map({'a': 'x', 'w': 1000000000}) }}"
     "{% endfor %}", "a width over"),
    # Pass 69: many fields, each under the limit, past it together.
    ("{{ ('{0:>199999}' * 3000).format('a')|length }}", "a width over"),
    ("{{ ('{0:{1}}' * 2500).format('a', '>199999')|length }}", "a width over"),
    ("{{ ('%199999s' * 3000) % (('a',) * 3000) }}", "a width over"),
    # Pass 70: widths given to %*s, each under the limit, past it together.
    ("{{ ('%*s' * 5000)|format(*([199999, 'a'] * 5000))|length }}", "a width over"),
    ("{{ (('%.*f' * 3000) % ((199999, 1.0) * 3000))|length }}", "a width over"),
    ("{{ ('%*.*f' * 3000)|format(*([99999, 99999, 1.0] * 3000))|length }}", "a width over"),
    # …and bytes, repeated or padded, as text is.
    ("{{ 'a'.center(199999).encode('utf-8') * 5000 }}", "a repetition this long"),
    ("{{ 'a'.encode('utf-8').center(1000000000)|length }}", "center() that long"),
    ("{{ ('a' * 199999).encode().replace('a'.encode(), ('a' * 5000).encode())|length }}",
     "replace() making over"),
    ("{{ (1).to_bytes(999999999, 'big')|length }}", "to_bytes() that long"),
    ("{{ ('%*s'.encode() % (999999999, 'a'.encode()))|length }}", "a width over"),
    ("{{ ('a\\n' * 3000)|indent('x' * 199999)|length }}", "indent() that long"),
    ("{{ ('a\\n' * 5000)|indent(width='y' * 199999, first=true)|length }}",
     "indent() that long"),
    # Fuzz pass C of stop 65: texts made by replace or wordwrap through map, each under
    # the limit (1.46 GB); translate to long texts (1.3 GB); a text grown fourfold by
    # each encode/decode round (1.96 GB); punycode, quadratic in one call (past 60 s).
    ("{% set y = 'a' * 39999 %}{{ range(10000)|map('string')|map('replace', '', y)|list"
     "|count }}", "characters in one"),
    ("{{ range(8000)|map('string')|map('wordwrap', 1, true, 'b' * 39999)|list|count }}",
     "characters in one"),
    ("{{ ('a' * 6000).translate({97: 'b' * 199000})|length }}", "translate() making over"),
    ("{{ 'abc'.translate([1, 2])|length }}", "translate() takes a dict"),
    ("{% set x = 'a' * 199999 %}{% set x = x.encode('utf-32').decode('latin-1') %}"
     "{% set x = x.encode('utf-32').decode('latin-1') %}{{ x|length }}", "a call making over"),
    ("{{ ('作风' * 10000).encode('punycode')|length }}", "encode() in 'punycode'"),
    ("{{ 'eA'.encode().decode('idna')|length }}", "decode() in 'idna'"),
    # A blind re-check of stop 65: an indent put before every line of a nested value's
    # JSON, 3 GB in one call.
    ("{% set ns = namespace(v=1) %}{% for i in range(80) %}{% set ns.v = [ns.v] %}{% endfor %}"
     "{{ ns.v|tojson(indent=199999)|length }}", "tojson() indented by more than"),
    ("{{ {'a': {'b': 1}}|tojson(indent=' ' * 199999)|length }}", "tojson() indented by more"),
    # …or many calls, each under the limit: 5,500 of center(199999) took 1.17 GB.
    ("{{ range(5500)|map('string')|map('center', 199999)|list|length }}", "characters in one"),
    ("{% for i in range(100) %}{{ 'a'.center(100000)|length }}{% endfor %}",
     "characters in one"),
    ("{% for i in range(100) %}{{ '{:>100000}'.format('a')|length }}{% endfor %}",
     "characters in one"),
    # Stop 63, pass C: lists repeated, each under the limit, kept together (2.4 GB).
    ("{% set ns = namespace(l=[]) %}{% for i in range(1500) %}"
     "{% set ns.l = ns.l + [[0] * 199999] %}{% endfor %}x", "characters in one"),
    ("{% set ns = namespace(s='') %}{% for i in range(1500) %}"
     "{% set ns.s = ns.s + 'a' * 5000 %}{% endfor %}{{ ns.s|length }}", "characters in one|text over"),
    # Half of a character, which no file can hold (its error had named no template).
    ("{{ '\\ud800' }}标题", "half of a character"),
    ("{{ ('%s' * 50000)|format(*([topic * 50000] * 50000)) }}", "a format making over"),
    # Pass 39: each tab made a line's worth of spaces, and a slice into a thousand
    # million parts ran past 40 s.
    ("{{ ('\\t' * 100000).expandtabs(100000)|length }}", "expandtabs() that long"),
    ("{{ range(10)|slice(1000000000)|list }}", "slice() into more than"),
    ("{{ range(1)|batch(1000000000, 'x')|list }}", "batch() into more than"),
    # What a block captures is output too (a loop in a set block: 1.7 GB, fuzz pass C of
    # stop 64), in a macro's body and a filter block as well.
    ("{% set s = 'a' * 100000 %}{% set x %}{% for i in range(10000) %}{{ s }}{% endfor %}"
     "{% endset %}{{ x|length }}", "capture at most"),
    ("{% set s = 'a' * 100000 %}{% macro m() %}{% for i in range(10000) %}{{ s }}"
     "{% endfor %}{% endmacro %}{{ m()|length }}", "capture at most"),
    ("{% set s = 'a' * 100000 %}{% filter length %}{% for i in range(10000) %}{{ s }}"
     "{% endfor %}{% endfilter %}", "capture at most"),
    ("{% set s = 'a' * 100000 %}{% set ns = namespace(l=[]) %}{% for i in range(100) %}"
     "{% set x %}{{ s }}{{ s }}{% endset %}{% set ns.l = ns.l + [x] %}{% endfor %}",
     "characters in one"),
    # Stop 67, pass C: a view of a dict, or a namespace, printed a list of long texts
    # whole (2 GB); two long lists compared ran minutes in one call, past the clock; a
    # slice or a ~ made new texts without spending (2.5 GB).  (Smaller here: the same
    # refusals.)
    ("{% set l = ['x' * 199999] * 60 %}{{ {1: l}.values() }}", "text is over"),
    ("{% set l = ['x' * 199999] * 60 %}{{ {1: l}.items() }}", "text is over"),
    ("{% set ns = namespace() %}{% set ns.a = ['x' * 199999] * 60 %}{{ ns }}", "text is over"),
    ("{% set a = ['x' * 1000] * 1000 %}{{ a == a }}", "text is over"),
    ("{% set a = ['x' * 1000] * 1000 %}{{ 'x' in a }}", "text is over"),
    ("{% set s = 'x' * 199999 %}{% set ns = namespace(l=none) %}{% for i in range(100) %}"
     "{% set ns.l = [s[1:], ns.l] %}{% endfor %}", "characters in one"),
    ("{% set s = 'x' * 199999 %}{% set ns = namespace(l=none) %}{% for i in range(100) %}"
     "{% set ns.l = [s ~ 'y', ns.l] %}{% endfor %}", "characters in one"),
    ("{% set s = 'abcd' * 49999 %}{% set ns = namespace(l=none) %}{% for i in range(100) %}"
     "{% set ns.l = [s|list, ns.l] %}{% endfor %}", "characters in one"),
    ("{% set s = 'abcd' * 49999 %}{% set ns = namespace(l=none) %}{% for i in range(100) %}"
     "{% set ns.l = [s.split('d'), ns.l] %}{% endfor %}", "characters in one"),
    # Stop 68, pass C: a dict's key hashed, a list's count() or index() comparing, in one
    # call of C past the clock (103 s, 190 s).  (Smaller here: the same refusals.)
    ("{% set d = {(('a' ~ 'b',) * 1000,) * 1000: 1} %}x", "text is over"),
    ("{% set inner = ['ab'] * 400 %}{% set lst = [inner] * 2000 %}{{ lst.count(inner) }}",
     "text is over"),
    ("{% set inner = ['ab'] * 400 %}{{ ([inner] * 2000).index(inner) }}", "text is over"),
    # …and its variants: d[key] hashing, `is eq`/`is in` comparing in one call (185 s,
    # 243 s), and tuple literals of a loop variable kept (1.3-1.9 GB, within the clock).
    ("{% set d = {'a': 1} %}{{ d[(('a' ~ 'b',) * 1000,) * 1000] is defined }}",
     "text is over"),
    ("{% set x = [['ab'] * 400] * 2000 %}{{ x is eq x }}", "text is over"),
    ("{% set x = [['ab'] * 400] * 2000 %}{{ 'ab' is in x }}", "text is over"),
    ("{% set ns = namespace(x=none) %}{% for i in range(5000) %}{% set ns.x = (ns.x, "
     + ", ".join(["i"] * 1000) + ") %}{% endfor %}x", "characters in one rendering")])
def test_a_template_cannot_exhaust_time_or_memory(expression, message):
    error = _opening_error("greedy", expression)
    assert any(m in error for m in message.split("|")), error
    assert "greedy.j2:2" in error
    # Loops and repetition within the bounds still work.
    write_template("modest", MINIMAL_TOML,
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block opening %}{% for i in range(3) %}{{ '好' * 2 }}{% endfor %}"
                   "{{ ['要', '抓'] | join('、') }}{{ '、'.join(['实']) }}"
                   "{% if topic == '作风' and '作' in topic and topic[:1] ~ '风' in ['作风'] %}"
                   "{{ topic[::-1] }}{{ {'a': 1}.values()|list }}{% endif %}"
                   "{{ {('a', topic): 1}|length }}{{ ['a', 'b'].index('b') }}"
                   "{% endblock %}{% block only_heading %}x{% endblock %}")
    modest = load_template("modest")
    assert modest.render_block("opening", modest.resolve_fields({"topic": "作风"})) == (
        "好" * 6 + "要、抓实风作[1]11")


def test_a_template_includes_no_file_outside_the_template_folders(tmp_path):
    # Fuzz pass C, stop 67: notes.j2, a link to a file anywhere (as a shared folder of
    # templates can carry), put that file's text into the speech.  A link within the
    # folders is still followed.
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN-12345", encoding="utf-8")
    folder = user_templates()
    (folder / "notes.j2").symlink_to(secret)
    (folder / "kept.j2").write_text("附注", encoding="utf-8")
    (folder / "inside.j2").symlink_to(folder / "kept.j2")
    for included, said in (("notes.j2", None), ("inside.j2", "附注")):
        write_template("leaky", MINIMAL_TOML, "{% block title %}{{ topic }}{% endblock %}\n"
                       "{% block opening %}{% include '" + included + "' %}{% endblock %}"
                       "{% block only_heading %}x{% endblock %}")
        tpl = load_template("leaky")
        values = tpl.resolve_fields({"topic": "作风"})
        if said is None:
            with pytest.raises(TemplateError, match=r"notes\.j2 is a link to a file outside "
                                                    "the template folders") as err:
                tpl.render_block("opening", values)
            assert "SECRET" not in str(err.value)
        else:
            assert tpl.render_block("opening", values) == said
    # Nor is its own prose a link out of the folders (a blind re-check, stop 67: the
    # listing ended in a traceback).
    write_template("linked_out", MINIMAL_TOML, "")
    (folder / "linked_out.j2").unlink()
    (folder / "linked_out.j2").symlink_to(secret)
    problems: list = []
    assert "linked_out" not in list_templates(problems=problems)
    assert any("linked_out.j2 is a link to a file outside the template folders" in str(p)
               for p in problems)
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "SECRET" not in result.output


def test_all_the_renderings_of_one_draft_share_one_deadline(monkeypatch, tmp_path):
    # Fuzz pass C, stop 67: every block of a template spent just under its own 5 s, and
    # a draft of some thirty blocks kept `outline` busy 76 s.  (A clock that moves a
    # second at each look stands in for slow blocks: each block's loop of three steps
    # takes 4 of its 5 s, three blocks pass the draft's 10.)
    from types import SimpleNamespace

    from drafter.bank.phrasebank import PhraseBank
    from drafter.draft import templates
    from drafter.draft.assemble import assemble

    now = [0.0]

    def clock() -> float:
        now[0] += 1.0
        return now[0]

    slow = "{% for i in range(3) %}{% endfor %}"
    write_template("slow_blocks", MINIMAL_TOML,
                   "{% block title %}" + slow + "{{ topic }}{% endblock %}\n"
                   "{% block opening %}" + slow + "开场{% endblock %}\n"
                   "{% block only_heading %}" + slow + "改进作风{% endblock %}")
    tpl = load_template("slow_blocks")
    monkeypatch.setattr(templates, "time", SimpleNamespace(monotonic=clock))
    assert tpl.render_block("title", tpl.resolve_fields({"topic": "作风"})) == "作风"
    (tmp_path / "bank" / "phrases").mkdir(parents=True)
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank, \
            pytest.raises(TemplateError, match="at most 10 s to render all the blocks of "
                                               "one draft"):
        assemble(tpl, {"topic": "作风"}, bank=bank)
    # Field defaults too, as the new-draft form resolves them (49 slow ones had kept it
    # busy 87 s).
    defaults = "".join(f'\n[fields.f{n}]\nlabel = "字段{n}"\ndefault = "{slow}x"\n'
                       for n in range(4))
    write_template("slow_defaults", MINIMAL_TOML + defaults,
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block only_heading %}改进作风{% endblock %}")
    with pytest.raises(TemplateError, match="all the blocks of one draft"):
        load_template("slow_defaults").resolve_fields({"topic": "作风"})


@pytest.mark.parametrize("toml, message", [
    (MINIMAL_TOML.replace('sections = ["work_style"]', 'sections = ["workstyle"]'),
     "unknown section type 'workstyle'"),
    ('markers = ["一、", "A."]\n' + MINIMAL_TOML,
     "unknown marker style 'A.'"),
    (MINIMAL_TOML.replace('draw = false', 'draw = false\nkinds = ["slogan"]'),
     "unknown phrase kind 'slogan'"),
    (MINIMAL_TOML.replace('label = "讲话人"', 'label = "讲话人"\nrequird = true'),
     "unknown key 'requird'"),
    (MINIMAL_TOML + "\n[[parts\n", "invalid TOML"),
    (MINIMAL_TOML + "\nx = " + "[" * 100_000, "nested too deeply"),
    # A speech's shape, bounded (fuzz pass 44: 3,000 parts took 47 s to list, children
    # nested 60 deep hung outline).
    (MINIMAL_TOML + "".join(f'\n[[parts]]\nname = "p{i}"\nsections = ["work_style"]\n'
                            f'heading = "only_heading"\n' for i in range(3000)),
     "3,001 [[parts]]; a template has at most 20"),
    (MINIMAL_TOML + "".join("[parts" + ".children" * (i + 1) + "]\ncount = 2\n"
                            for i in range(60)),
     "children nested more than 4 levels deep"),
    (MINIMAL_TOML + "".join("[parts" + ".children" * (i + 1) + "]\ncount = 15\n"
                            for i in range(2)),
     "make 241 headings; a template makes at most 60"),
    # Fuzz pass C, stop 67: 20 parts of 10 heads asking 12 items each kept outline busy
    # minutes; bounded by the items asked in all (the bundled ask at most 39).
    (MINIMAL_TOML.replace('draw = false', 'draw = false\ncount = 20\nfull = ['
                          + '"paragraph", ' * 9 + ']'),
     "ask for 180 items in all (count × kinds); a template asks for at most 160"),
    # Fuzz pass 57 N4: 2,000 items under one head ran `outline --mode full` past 60 s.
    (MINIMAL_TOML.replace('draw = false', 'draw = false\nfull = [' + '"paragraph", ' * 2000 + ']'),
     "full lists 2000 kinds; at most 12 under one head"),
    # Fuzz pass 46 M5: 8,500 fields took 26 s to read at every listing.
    (MINIMAL_TOML.replace('[fields.speaker]', "".join(
        f'[fields.f{i}]\nlabel = "x"\n' for i in range(8500)) + '[fields.speaker]'),
     "8,502 [fields]; a template has at most 50"),
])
def test_bad_declarations_are_named_with_their_line(toml, message):
    path = write_template("bad", toml, "{% block title %}x{% endblock %}")
    with pytest.raises(TemplateError) as err:
        load_template("bad")
    assert message in str(err.value)
    assert str(err.value).startswith(f"{path}:")


def test_a_fields_default_makes_a_fields_length():
    # Fuzz pass 44: a default of 199,999 characters was taken where a field typed holds
    # 200.  (Named by its file and line, as every template error is.)
    toml = MINIMAL_TOML.replace('[fields.speaker]\nlabel = "讲话人"',
                                '[fields.speaker]\nlabel = "讲话人"\n'
                                'default = "{{ \'x\' * 199999 }}"')
    path = write_template("longdefault", toml, "{% block title %}{{ topic }}{% endblock %}"
                          "{% block only_heading %}x{% endblock %}")
    template = load_template("longdefault")
    with pytest.raises(TemplateError, match=r"default of field 'speaker' makes 199,999 "
                                            r"characters; a field's default makes at most") as err:
        template.resolve_fields({"topic": "作风建设"})
    assert str(path) in str(err.value)
    # A title of the topic and the meeting is well within it.
    assert load_template("work_conference").resolve_fields({"topic": "作风建设"})["title"]


def test_unknown_template_lists_the_known_ones():
    with pytest.raises(Exception, match=r"no template called 'nope'.*work_conference"):
        load_template("nope")


def test_templates_and_template_show_commands():
    runner = CliRunner()
    result = runner.invoke(main, ["templates", "--json"])
    assert result.exit_code == 0, result.output
    listed = {t["name"]: t for t in json.loads(result.stdout)}
    assert set(GENRES) <= set(listed)
    assert listed["party_lecture"]["label"] == "专题党课"
    assert any(f["key"] == "topic" and f["required"] for f in listed["party_lecture"]["fields"])
    result = runner.invoke(main, ["template", "show", "summary_remarks"])
    assert result.exit_code == 0
    assert "第一个方面，" in result.output and "topic" in result.output
    assert "requirements.children: 3 ×" in result.output
    result = runner.invoke(main, ["template", "show", "nope"])
    assert result.exit_code == 1 and "no template called" in result.output


def test_a_prose_file_not_in_utf8_is_named_and_the_others_still_listed():
    path = write_template("gbk", MINIMAL_TOML, "")
    path.with_suffix(".j2").write_bytes("{% block title %}讲话{% endblock %}".encode("gbk"))
    problems: list = []
    listed = list_templates(problems=problems)
    assert "gbk" not in listed and set(GENRES) <= set(listed)
    [problem] = problems
    assert str(problem).startswith(f"{path.with_suffix('.j2')}: not UTF-8 text")
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 1 and "party_lecture" in result.stdout
    assert result.stderr.count("\n") == 1 and "gbk.j2: not UTF-8 text" in result.stderr
    result = CliRunner().invoke(main, ["outline", "-t", "gbk", "--topic", "作风建设"])
    assert result.exit_code == 1 and "gbk.j2: not UTF-8 text" in result.stderr
    assert CliRunner().invoke(main, ["outline", "-t", "party_lecture", "--topic", "作风建设"]
                              ).exit_code == 0
    # The .toml alike (fuzz pass 44: Python's codec error), and one with a mark of UTF-8
    # at its start, as Notepad writes, is read (it had been refused).
    path.write_bytes(MINIMAL_TOML.encode("gbk"))
    path.with_suffix(".j2").write_text("{% block title %}{{ topic }}{% endblock %}"
                                       "{% block only_heading %}x{% endblock %}", "utf-8")
    with pytest.raises(TemplateError, match=r"gbk.toml: not UTF-8 text \(byte \d+\)"):
        load_template("gbk")
    path.write_bytes("\ufeff".encode() + MINIMAL_TOML.encode())
    assert load_template("gbk").label == "测试讲话"


@pytest.mark.parametrize(("deep", "said"), [
    ("{{ " + "(" * 100 + "1" + ")" * 100 + " }}", "nested too deeply"),
    ("{{ topic" + "|trim" * 3000 + " }}", "nested too deeply"),
    ("{% if 1 %}" * 150 + "x" + "{% endif %}" * 150, "nested too deeply"),
    # Fuzz pass 63: Jinja2 reads a number with int(), which refuses 4,300 digits and more.
    ("{{ 1" + "0" * 4300 + " }}", "a number too long to read")])
def test_a_template_nested_past_the_compilers_depth_is_named_and_skipped(deep, said):
    # Fuzz pass 40: RecursionError (or Python's IndentationError) out of Jinja2's parser
    # and compiler had ended `drafter templates` and hidden every template in the TUI.
    path = write_template("deep", MINIMAL_TOML, "{% block title %}{{ topic }}{% endblock %}\n"
                          "{% block opening %}" + deep + "{% endblock %}"
                          "{% block only_heading %}x{% endblock %}")
    problems: list = []
    listed = list_templates(problems=problems)
    assert "deep" not in listed and set(GENRES) <= set(listed)
    [problem] = problems
    assert str(problem).startswith(f"{path.with_suffix('.j2')}: {said}")
    result = CliRunner().invoke(main, ["outline", "-t", "deep", "--topic", "作风建设"])
    assert result.exit_code == 1 and said in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_macro_calling_itself_is_named_in_words():
    # Fuzz pass 52 q2: refused as "RecursionError: maximum recursion depth exceeded".
    path = write_template("again", MINIMAL_TOML, "{% block title %}{{ topic }}{% endblock %}\n"
                          "{% block opening %}{% macro m(n) %}{{ m(n) }}{% endmacro %}"
                          "{{ m(1) }}{% endblock %}"
                          "{% block only_heading %}x{% endblock %}")
    result = CliRunner().invoke(main, ["outline", "-t", "again", "--topic", "作风建设"])
    assert result.exit_code == 1, result.output
    assert f"{path.with_suffix('.j2')}:" in result.stderr
    assert "nested too deeply (a macro calling itself" in result.stderr
    assert "RecursionError" not in result.stderr


@pytest.mark.parametrize("expression, said, not_said", [
    # A blind re-check of stop 65: Python's TypeError for a number with a fraction, and
    # Jinja2's bare AssertionError for an end longer than the truncated length.
    ("{{ 1.5|cn }}", "cannot write 1.5 as a heading numeral", "TypeError"),
    ("{{ 'abc'|cn }}", "cannot write abc as a heading numeral", "TypeError"),
    ("{{ 'xyz'|truncate(0, end='abc') }}", "arguments that do not fit together",
     "AssertionError"),
    # Fuzz pass 3 of stop 69, C-m5: Python's and Jinja2's names for these.
    ("{{ 1 + 'a' }}", "a value of the wrong kind", "TypeError"),
    ("{{ 'abc'.index('z') }}", "a value that does not fit", "ValueError"),
    ("{{ '%(a)s' % {} }}", "no such key: 'a'", "KeyError"),
    ("{{ range(5)|slice(0)|list }}", "a division by zero", "ZeroDivisionError"),
    ("{{ {}|dictsort(by='x') }}", "a filter given arguments it does not take",
     "FilterArgumentError")])
def test_a_filter_given_what_it_cannot_take_says_so_in_words(expression, said, not_said):
    error = _opening_error("odd", expression)
    assert said in error and not_said not in error, error
    assert "odd.j2:2" in error


def test_a_template_file_past_its_size_is_refused_by_file_and_line():
    # A .j2 of 100,000 blocks (3.3 MB) had taken 2.9 GB and 34 s to compile (fuzz
    # re-check, stop 38).
    from drafter.draft.templates import MAX_TEMPLATE_FILE

    blocks = "".join(f"{{% block b{i} %}}x{{% endblock %}}"
                     for i in range(MAX_TEMPLATE_FILE // 30 + 10))
    write_template("huge", MINIMAL_TOML,
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block opening %}开场{% endblock %}"
                   "{% block only_heading %}x{% endblock %}" + blocks)
    with pytest.raises(TemplateError) as err:
        tpl = load_template("huge")
        tpl.render_block("opening", tpl.resolve_fields({"topic": "作风"}))
    assert "a template is at most" in str(err.value) and "huge.j2:1" in str(err.value)
    # (Too long, not a syntax error: fuzz pass 65.)
    assert "huge.j2:1: too long: " in str(err.value) and "syntax error" not in str(err.value)


@pytest.mark.parametrize("which", ["own", "included"])
def test_a_template_file_of_a_gigabyte_is_refused_before_it_is_read(which):
    # Jinja2 read a .j2 whole before its length was looked at: a file of 1 GB (its own,
    # or one it includes) had taken the process to 1.7 GB (fuzz pass C of stop 64).
    import tracemalloc

    prose = ("{% block title %}{{ topic }}{% endblock %}\n{% block opening %}开场"
             "{% include 'big.j2' %}{% endblock %}{% block only_heading %}x{% endblock %}")
    path = write_template("huge", MINIMAL_TOML, prose).with_suffix(".j2")
    big = path.with_name("big.j2") if which == "included" else path
    with big.open("ab") as file:
        file.truncate(2**30)  # (sparse: nothing is written)
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError) as err:
            tpl = load_template("huge")
            tpl.render_block("opening", tpl.resolve_fields({"topic": "作风"}))
        assert tracemalloc.get_traced_memory()[1] < 50 * 2**20
    finally:
        tracemalloc.stop()
    said = str(err.value)
    assert "too long: 1,073,741,824 bytes; a template is at most" in said, said
    assert ("huge.j2:1: too long" in said if which == "own"
            else "huge.j2:2: block 'opening'" in said and "big.j2" in said), said


def test_a_template_is_named_not_reached_by_a_path(tmp_path):
    # Fuzz pass 45 n1: an absolute name replaced the templates folder it was joined to,
    # so a draft file could make fill and the TUI render a template from anywhere.
    from drafter.draft.model import Draft, DraftError
    from drafter.errors import DrafterError

    (tmp_path / "evil.toml").write_text(MINIMAL_TOML, encoding="utf-8")
    (tmp_path / "evil.j2").write_text("{% block title %}x{% endblock %}", encoding="utf-8")
    for name in (str(tmp_path / "evil"), "../evil", "a" * 100_000):
        with pytest.raises(DrafterError, match="no template's name"):
            load_template(name)
    draft = Draft(template="party_lecture").to_dict()
    with pytest.raises(DraftError, match="no template's name"):
        Draft.from_dict({**draft, "template": str(tmp_path / "evil")})
    assert Draft.from_dict(draft).template == "party_lecture"


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_template_file_that_is_no_regular_file_is_named_and_skipped(kind):
    # Fuzz pass 46 M3, M4: a FIFO named x.toml hung `drafter templates`; /dev/zero behind
    # a link took 1.9 GB and ended in a MemoryError.  Named, and the others listed.
    from drafter.draft.templates import list_templates

    path = write_template("bad", MINIMAL_TOML, "{% block title %}x{% endblock %}")
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    problems: list[TemplateError] = []
    listed = list_templates(problems=problems)
    assert "party_lecture" in listed and "bad" not in listed
    assert [str(p) for p in problems] == [f"{path}: not a regular file (a pipe, socket or "
                                          "device)"]
    # Fuzz pass 63 m4: asked for by name, it was "no template called 'bad' (templates:
    # bad, …)"; its prose file a FIFO or a folder, "missing".
    with pytest.raises(TemplateError, match="not a regular file"):
        load_template("bad")
    path.unlink()
    path.write_text(MINIMAL_TOML, encoding="utf-8")
    prose = path.with_suffix(".j2")
    prose.unlink()
    if kind == "fifo":
        os.mkfifo(prose)
    else:
        prose.mkdir()
    with pytest.raises(TemplateError, match=r"prose file bad\.j2 is not a regular file"):
        load_template("bad")



def test_a_fields_default_with_a_number_too_long_is_said_in_words():
    # Fuzz pass 64 n1: a default of {{ 1000…0 }} (4,301 digits) was refused in Python's
    # words, advising sys.set_int_max_str_digits().
    toml = MINIMAL_TOML.replace('[fields.speaker]\nlabel = "讲话人"',
                                '[fields.speaker]\nlabel = "讲话人"\n'
                                'default = "{{ 1' + "0" * 4300 + ' }}"')
    write_template("dft", toml, "{% block title %}{{ topic }}{% endblock %}"
                   "{% block only_heading %}x{% endblock %}")
    result = CliRunner().invoke(main, ["outline", "-t", "dft", "--topic", "作风建设"])
    assert result.exit_code == 1, result.output
    assert "a number too long to read" in result.stderr, result.stderr
    assert "set_int_max_str_digits" not in result.stderr


def test_a_topics_length_is_counted_as_typed_not_as_spaced():
    # Fuzz pass 64 n4: a topic of 176 characters, many tasks run together, was refused as
    # 208 characters: the spaces read into it (spaced_tasks) had been counted.
    from drafter.draft.templates import MAX_FIELD_CHARS, load_template

    topic = "推进改革发展" * (MAX_FIELD_CHARS // 6)
    values = load_template("work_conference").resolve_fields({"topic": topic})
    assert values["topic"].replace(" ", "") == topic and " " in values["topic"]


def test_the_render_time_limit_is_looked_at_every_step():
    # Fuzz pass 67: a hundred steps of 0.6 s each ran for 60 s, the clock being looked at
    # once every 1,024 steps.
    import time

    from jinja2.exceptions import SecurityError

    from drafter.draft import templates

    budget = templates._new_step_budget()
    budget[1] = time.monotonic() - 1  # (past its deadline, with 1,000,000 steps left)
    token = templates._STEP_BUDGET.set(budget)
    try:
        with pytest.raises(SecurityError, match="s to render"):
            templates._draw_step()
    finally:
        templates._STEP_BUDGET.reset(token)


def test_template_show_says_a_users_label_escaped():
    # Fuzz pass, stop 62 (C-m1): ESC ]0;… BEL in a template's label set the terminal's
    # title when `drafter template show` printed it; U+202E reversed the line.
    write_template("esc_label", MINIMAL_TOML.replace('label = "测试讲话"',
                                                     'label = "\\u001b]0;pwn\\u0007\\u202e测试"'),
                   "{% block title %}{{ topic }}{% endblock %}{% block opening %}开场{% endblock %}"
                   "{% block only_heading %}改进作风{% endblock %}")
    # Since fuzz pass 3 of stop 69 (C-m7) such a label is refused, and said without it.
    result = CliRunner().invoke(main, ["template", "show", "esc_label"])
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "esc_label.toml:1: label: holds the control character U+001B" in result.output


def test_a_block_of_more_lines_than_a_speech_has_paragraphs_is_refused():
    # Fuzz pass C of stop 65: an opening of 199,999 lines had been drafted, and writing its
    # DOCX ran past a minute.
    write_template("wordy", MINIMAL_TOML,
                   "{% block title %}{{ topic }}{% endblock %}\n"
                   "{% block opening %}{% for c in range(1500) %}甲乙\n{% endfor %}{% endblock %}"
                   "{% block only_heading %}x{% endblock %}")
    tpl = load_template("wordy")
    with pytest.raises(TemplateError) as err:
        tpl.render_lines("opening", tpl.resolve_fields({"topic": "作风"}))
    assert "1,500 lines; a block gives at most 1,000" in str(err.value)
    assert "wordy.j2:2" in str(err.value)
