"""Rebuilding the passage classifier: hand labels in, a model numpy can score out."""

from __future__ import annotations

import hashlib
import json

import pytest

from drafter.bank import linear
from drafter.bank.classify import PassageClassifier
from drafter.bank.taxonomy import load_domains, load_taxonomy
from drafter.bank.train import LabelRef, load_label_refs, train

from .conftest import REPO

pytest.importorskip("sklearn")


def test_training_on_labels_gives_a_model_that_scores_them(tmp_path):
    # A small archive of our own, labelled by reference (file, span, hash) and inline.
    archive = tmp_path / "archive"
    archive.mkdir()
    passages = {
        ("safety", "key_tasks"): "要深入开展安全生产大检查，全面排查整治隐患，坚决遏制重特大事故。",
        ("environment", "key_tasks"): "要打好污染防治攻坚战，持续改善空气质量，守护绿水青山。",
        ("general", "closing"): "同志们，让我们紧密团结，奋力开创新局面！",
        ("party_building", "discipline"): "要严明政治纪律和政治规矩，坚决惩治腐败，营造风清气正的政治生态。",
    }
    text = "".join(passages.values())
    (archive / "a.txt").write_text(text, encoding="utf-8")
    labels = tmp_path / "labels.jsonl"
    lines = []
    for (domain, section), passage in passages.items():
        start = text.index(passage)
        digest = hashlib.sha1(passage.encode()).hexdigest()[:12]
        lines.append(json.dumps({"file": "a.txt", "start": start, "end": start + len(passage),
                                 "sha1": digest, "section": section, "domain": domain},
                                ensure_ascii=False))
    lines.append(json.dumps({"text": "坚持问题导向，深入调查研究，把情况摸清楚。", "section": "work_methods",
                             "domain": "general"}, ensure_ascii=False))
    lines.append(json.dumps({"file": "a.txt", "start": 0, "end": 5, "sha1": "000000000000",
                             "section": "opening", "domain": "general"}))
    labels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    held = tmp_path / "heldout.txt"
    held.write_text("# none\nother.txt\n", encoding="utf-8")

    report = train([str(archive)], [str(labels)], str(held), tmp_path / "model.npz")
    assert report.labels == 5 and report.unresolved == 1  # the hash no longer matches
    model = linear.LinearModel.load(tmp_path / "model.npz")
    assert set(model.heads) == {"section", "domain"}
    classifier = PassageClassifier(load_taxonomy(user_file="/nonexistent"),
                                   load_domains(user_file="/nonexistent"), model)
    verdicts = classifier.classify(list(passages.values()))
    assert [v.domains[0][0] for v in verdicts] == [d for d, _ in passages]
    assert [v.section_types[0][0] for v in verdicts] == [s for _, s in passages]


def test_shipped_labels_resolve_or_carry_their_text():
    refs = load_label_refs(REPO / "training" / "labels.jsonl")
    written = load_label_refs(REPO / "training" / "written.jsonl")
    assert len(refs) > 3000 and len(written) > 1000
    assert all(r.file and r.sha1 and not r.text for r in refs)  # references, never text
    assert all(r.text and not r.file for r in written)
    taxonomy, domains = load_taxonomy(user_file="/nonexistent"), load_domains(user_file="/nonexistent")
    for ref in refs + written:
        assert ref.section in taxonomy and ref.domain in domains
    held = {line for line in (REPO / "training" / "heldout.txt").read_text().splitlines()
            if line and not line.startswith("#")}
    assert not {r.file for r in refs} & held


def test_the_shipped_model_knows_every_category():
    model = linear.LinearModel.load(linear.MODEL_FILE)
    assert model.heads["section"].labels == list(load_taxonomy(user_file="/nonexistent").keys)
    assert model.heads["domain"].labels == list(load_domains(user_file="/nonexistent").keys)
    assert LabelRef.from_dict({"section": "opening", "domain": "general", "text": "x"}).text == "x"
