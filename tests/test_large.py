"""A 50 MB speech collection in one file parses without trouble (speed is measured in
tests/bench/bench_parse.py, not here)."""

from __future__ import annotations

import pytest

from drafter import load_document


def _write_collection(path, limit_chars: int) -> int:
    """A 材料汇编 of numbered points up to ``limit_chars`` characters; how many."""
    parts_written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("全年工作材料汇编\n同志们：\n")
        size = 0
        n = 0
        while True:
            n += 1
            block = (
                f"{_cn(n)}、抓好第{n}项重点工作\n"
                f"要坚持问题导向，聚焦第{n}批重点项目，逐项明确责任单位和完成时限，确保按期完成。"
                f"各级党组织要把第{n}项任务摆上重要议事日程，主要负责同志亲自抓、负总责。\n"
                f"一要压实第{n}项责任。建立任务清单，实行闭环管理，对第{n}项工作定期调度。\n"
                f"二要强化第{n}项督查。把第{n}项工作纳入年度考核，考核结果与评先评优挂钩。\n"
            )
            if size + len(block) > limit_chars:
                return parts_written
            out.write(block)
            size += len(block)
            parts_written += 1


@pytest.mark.slow
def test_a_collection_just_under_the_text_limit_is_read_whole(tmp_path):
    from drafter.corpus.read import MAX_TEXT_CHARS

    path = tmp_path / "huge.txt"
    parts_written = _write_collection(path, MAX_TEXT_CHARS - 100)
    doc = load_document(path)
    assert len(doc.sections) == parts_written
    assert all(len(s.children) == 2 for s in doc.sections[:100])
    assert doc.sections[-1].heading == f"抓好第{parts_written}项重点工作"


def test_a_fifty_megabyte_file_is_reported_and_skipped(tmp_path):
    # Past the text limit a file is no speech: reported by name, not parsed for minutes.
    from drafter.corpus.parse import load_many

    path = tmp_path / "huge.txt"
    path.write_text("要坚持问题导向，逐项明确责任单位和完成时限。\n" * (50 * 2**20 // 66),
                    encoding="utf-8")
    assert path.stat().st_size > 49 * 2**20
    small = tmp_path / "small.txt"
    small.write_text("同志们：\n要坚持问题导向，逐项明确责任单位和完成时限。\n", encoding="utf-8")
    results = list(load_many([tmp_path]))
    skipped = [r for r in results if getattr(r, "reason", None)]
    assert len(results) == 2 and len(skipped) == 1, results
    assert "huge.txt" in str(skipped[0].path) and "too long" in skipped[0].reason


def _cn(n: int) -> str:
    from drafter.text.numerals import int_to_chinese

    return int_to_chinese(n % 999 + 1)
