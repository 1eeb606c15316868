"""Are drafts true to their topic?  Figures for one template across several topics.

    python tests/bench/eval_drafts.py                       # work_conference, full mode
    python tests/bench/eval_drafts.py -t party_lecture --topic 作风建设 --topic 安全生产
    python tests/bench/eval_drafts.py --out DIR            # also write each draft as .txt

For each topic it drafts with the bundled phrasebank (or --phrasebank) and prints:

- passages drawn from the bank (items carrying a phrase), gaps left;
- on topic: the share of those passages the classifier files under the topic's domain,
  and the share that name the topic or one of its related terms (two proxies; a writer's
  judgement is the real measure, see the closing notes);
- org: passages speaking of 组织部门/组工干部/组织系统 (wrong outside party topics);
- places: place names the writer did not give (gazetteer);
- the largest share of one draft's body sentences found in another draft's.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time

from drafter.bank.classify import PassageClassifier
from drafter.bank.mine.specifics import binding_specifics, find_specifics
from drafter.bank.model import normalise
from drafter.bank.phrasebank import PhraseBank
from drafter.draft.assemble import assemble
from drafter.export.text import plain_text
from drafter.text.sentences import split_sentences

TOPICS = ["安全生产", "优化营商环境", "生态环境保护", "乡村振兴", "作风建设"]
ORG_RE = re.compile(r"组织部|组工|组织系统|组织工作|组织部门")
PARTY = {"party_building"}


def passages(draft):
    for node in draft.nodes():
        for item in node.items:
            if item.phrase is not None:
                yield item.text


def body_sentences(draft) -> set[str]:
    out = set()
    for node in draft.nodes():
        for item in node.items:
            out.update(normalise(s) for s in split_sentences(item.text) if len(s) >= 8)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-t", "--template", default="work_conference")
    parser.add_argument("--topic", action="append")
    parser.add_argument("--mode", default="full")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--phrasebank")
    parser.add_argument("--out")
    args = parser.parse_args()
    topics = args.topic or TOPICS
    bank = PhraseBank.open(args.phrasebank)
    classifier = PassageClassifier.load(args.phrasebank)
    drafts = {}
    print(f"{'topic':<16}{'ms':>6}{'chars':>7}{'bank':>6}{'gaps':>6}{'domain':>8}"
          f"{'named':>7}{'org':>5}{'places':>8}")
    for topic in topics:
        start = time.perf_counter()
        draft = assemble(args.template, {"topic": topic}, bank, seed=args.seed, mode=args.mode)
        ms = (time.perf_counter() - start) * 1000
        drafts[topic] = draft
        texts = list(passages(draft))
        domains = {d for d, _ in draft.topic.get("domains", [])}
        words = [draft.topic.get("subject", topic), *draft.topic.get("words", []),
                 *draft.topic.get("terms", [])]
        verdicts = classifier.classify(texts) if texts else []
        on_domain = sum(1 for v in verdicts if v.domains and v.domains[0][0] in domains)
        named = sum(1 for t in texts if any(w in t for w in words))
        org = [t for t in texts if ORG_RE.search(t)] if not domains & PARTY else []
        places = sorted({span for t in texts for kind, span in
                         binding_specifics(find_specifics(t)) if kind == "place"})
        n = len(texts) or 1
        print(f"{topic:<16}{ms:>6.0f}{draft.text_length():>7}{len(texts):>6}"
              f"{len(draft.gaps()):>6}{on_domain / n:>8.0%}{named / n:>7.0%}{len(org):>5}"
              f"{len(places):>8}")
        for text in org:
            print(f"    org: {text[:60]}")
        for place in places:
            print(f"    place: {place}")
        if args.out:
            from pathlib import Path

            Path(args.out).mkdir(parents=True, exist_ok=True)
            Path(args.out, f"{args.template}-{topic}.txt").write_text(plain_text(draft),
                                                                      encoding="utf-8")
    sentences = {t: body_sentences(d) for t, d in drafts.items()}
    worst = (0.0, "", "")
    for a, b in itertools.permutations(topics, 2):
        if sentences[a]:
            share = len(sentences[a] & sentences[b]) / len(sentences[a])
            worst = max(worst, (share, a, b))
    print(f"most body sentences shared: {worst[0]:.0%} ({worst[1]} in {worst[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
