"""Regenerate the ontology and verb-pattern tables in ``data/`` from the reference files.

    python tools/build_event_data.py ../shared/reference

Reads the published tables (PLOVER v0.8 manual summary, CAMEO2PLOVER-2021, CAMEO codes
and Goldstein scale, PETRARCH-2 CAMEO.2.0 verb dictionary) and writes plain TSV files,
each with a ``# source:`` header. Only facts/licensed dictionary entries are converted.
"""
from __future__ import annotations

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "detente" / "events" / "data"
CODE = re.compile(r"\[([0-9:\-]*)\]")


def _clean_code(raw: str) -> str:
    """``[042:043]`` -> ``042``; ``[:110]`` -> ``110``; ``[---]`` -> ``""``."""
    parts = [p for p in raw.split(":") if p and p != "---"]
    return parts[0] if parts else ""


def _word(w: str) -> str:
    return w.strip("_").replace("_", " ").lower()


def parse_verb_dictionary(path: pathlib.Path):
    """Yield ('syn', name, phrase) / ('verb', block, lemma, code) / ('pat', block, code, pre, post)."""
    section = None
    block = block_code = None
    synset = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line, _, comment = line.partition("#")
        line = line.rstrip()
        if not line.strip():
            synset = None
            continue
        if line.startswith("####"):
            continue
        if line.startswith("&"):
            synset = line.strip()[1:].strip("_").lower()
            section = "syn"
            continue
        if synset and line.startswith("+"):
            yield ("syn", synset, _word(line[1:]))
            continue
        if line.startswith("---"):
            m = CODE.search(line)
            block = line.strip("- ").split("[")[0].strip().lower()
            block_code = _clean_code(m.group(1)) if m else ""
            section = "verb"
            continue
        if section != "verb":
            continue
        if line.startswith("-"):
            m = CODE.search(line)
            if not m:
                continue
            body = line[1: m.start()].strip()
            if "*" not in body:
                continue
            pre, post = body.split("*", 1)
            verb = _word(comment.split(",")[0].split()[0]) if comment.strip() else ""
            yield ("pat", block, _clean_code(m.group(1)), _norm_pattern(pre), _norm_pattern(post), verb)
            continue
        m = CODE.search(line)
        code = _clean_code(m.group(1)) if m else block_code
        explicit = bool(m and code)
        head = line.split("[")[0].split("{")[0].strip()
        forms = line.split("{", 1)[1].split("}")[0].split() if "{" in line else []
        if head:
            lemma = _word(head.lstrip("+"))
            yield ("verb", block, lemma, code, explicit or lemma == block)
            for f in forms:
                yield ("form", _word(f.lstrip("+")), lemma)


def _norm_pattern(s: str) -> str:
    """Keep content words and &SYNSET references; drop PETRARCH's $ + % ^ markers and brackets."""
    s = s.replace("{", " ").replace("}", " ").replace("(", " ").replace(")", " ")
    words = []
    for w in s.split():
        if w in {"$", "+", "%", "^"} or not re.search(r"[A-Za-z]", w):
            continue
        w = w.lstrip("+$%^")
        words.append(w.lower() if w.startswith("&") else _word(w))
    return " ".join(words)


def _lemma_of(form: str, forms: dict, lemmas: set) -> str:
    """The dictionary lemma of an inflected verb named in a pattern comment ("withdrew" -> "withdraw")."""
    if not form or form in lemmas:
        return form
    if form in forms:
        return forms[form]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("es", ""), ("s", "")):
        if form.endswith(suffix):
            cand = form[: -len(suffix)] + repl
            if cand in lemmas:
                return cand
            if len(cand) > 2 and cand[-1] == cand[-2] and cand[:-1] in lemmas:
                return cand[:-1]
    return form


def write_verbs(ref: pathlib.Path) -> None:
    src = "# source: openeventdata/petrarch2@676801c petrarch2/data/dictionaries/CAMEO.2.0.txt (MIT, (c) 2015 Open Event Data Alliance), converted by tools/build_event_data.py\n"
    syn, verbs, pats, forms = {}, [], [], {}
    for rec in parse_verb_dictionary(ref / "phoenix-dictionaries" / "CAMEO.2.0.txt"):
        if rec[0] == "syn":
            syn.setdefault(rec[1], []).append(rec[2])
        elif rec[0] == "verb":
            verbs.append(rec[1:])
        elif rec[0] == "form":
            forms[rec[1]] = rec[2]
        else:
            pats.append(rec[1:])
    lemmas = {v[1] for v in verbs}
    with open(DATA / "verbs.tsv", "w", encoding="utf-8") as fh:
        fh.write(src + "# lemma\tcameo (empty: no event unless a pattern matches)\tblock\t"
                 "primary (1: the block's own verb or a code written on the line; 0: a synonym inheriting the block code)\n")
        seen = set()
        for block, lemma, code, primary in verbs:
            if (lemma, block) not in seen:
                seen.add((lemma, block))
                fh.write(f"{lemma}\t{code}\t{block}\t{int(primary)}\n")
    with open(DATA / "patterns.tsv", "w", encoding="utf-8") as fh:
        fh.write(src + "# block\tcameo\twords before the verb\twords after the verb (&name = synset)\tverb the pattern was written for\n")
        for block, code, pre, post, verb in pats:
            fh.write(f"{block}\t{code}\t{pre}\t{post}\t{_lemma_of(verb, forms, lemmas)}\n")
    with open(DATA / "synsets.tsv", "w", encoding="utf-8") as fh:
        fh.write(src + "# synset\tphrase\n")
        for name, words in syn.items():
            for w in words:
                fh.write(f"{name}\t{w}\n")


def write_cameo(ref: pathlib.Path) -> None:
    labels = {}
    for line in (ref / "CAMEO.eventcodes.txt").read_text(encoding="utf-8").splitlines()[1:]:
        code, _, label = line.partition("\t")
        if code.strip().isdigit():
            labels[code.strip()] = label.split("\t")[0].strip()
    gold = {}
    for line in (ref / "CAMEO.goldsteinscale.txt").read_text(encoding="utf-8").splitlines()[1:]:
        code, _, val = line.partition("\t")
        if code.strip().isdigit():
            gold[code.strip()] = val.strip()
    with open(DATA / "cameo.tsv", "w", encoding="utf-8") as fh:
        fh.write("# source: CAMEO codes and labels (AlifCor/media-focus@a7e3917 CAMEO.eventcodes.txt), Goldstein scale (GDELT lookup via mpiccirilli/UNDP-BCPR-Project@08d29bb)\n")
        fh.write("# cameo\tgoldstein\tlabel\n")
        for code in sorted(set(labels) | set(gold)):
            fh.write(f"{code}\t{gold.get(code, '')}\t{labels.get(code, '')}\n")


def write_cameo2plover(ref: pathlib.Path) -> None:
    with open(DATA / "cameo2plover.tsv", "w", encoding="utf-8") as fh:
        fh.write("# source: openeventdata/PLOVER@5e0c24f CAMEO2PLOVER-2021.txt (CC BY-SA 4.0, P. Schrodt, 2021-09-17)\n")
        fh.write("# cameo\tplover event\tmode\tcontexts (;)\n")
        for line in (ref / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
            if line.startswith("~~~"):
                break
            m = re.match(r"^(\d+):\s*(.*)$", line)
            if not m:
                continue
            body = m.group(2).split("#")[0]
            parts = [p.strip() for p in body.split(",")]
            event = parts[0]
            mode = parts[1] if len(parts) > 1 else ""
            ctx = ";".join(c.strip() for c in (parts[2] if len(parts) > 2 else "").split(";") if c.strip())
            fh.write(f"{m.group(1)}\t{event}\t{mode}\t{ctx}\n")


def main(argv=None) -> int:
    ref = pathlib.Path((argv or sys.argv[1:] or [str(ROOT.parent / "shared" / "reference")])[0])
    write_verbs(ref)
    write_cameo(ref)
    write_cameo2plover(ref)
    return 0


if __name__ == "__main__":
    sys.exit(main())
