"""The Russian stance check: accuracy of target polarity on sentences written for detente, with the neutral band
chosen by cross-validation.

    python tools/ru_stance_check.py corpus/ru/stance.jsonl [--errors]

Gold format (``corpus/ru/stance.jsonl``, one sentence a line, the shared sentiment format):
``{"id", "text", "target": {"start", "end", "text"}, "polarity": -1 | 0 | 1}``: the author's framing of the target
(1 favourable, -1 unfavourable, 0 neither). The part is the shared scorer's (the id's SHA-256: 60% tune,
40% validation). Prints: on the tune part, 5-fold cross-validated accuracy of the one fitted number (the
neutral band ``detente.ru.stance.NEUTRAL``, the widest band whose accuracy is within one sentence of the best:
real text carries incidental valence words, so a wider band is preferred when the sentences hardly tell them
apart; each fold's band chosen on the other four); on the validation part,
the accuracy with the band as shipped. ``--errors`` lists the tune part's errors only.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ru_places_check import part_of  # noqa: E402

BANDS = [x / 10 for x in range(0, 21)]
FOLDS = 5


def _best(rows: list) -> float:
    from detente.ru.stance import label_of

    def right(band):
        return sum(label_of(s, band) == g for s, g in rows)
    best = max(right(b) for b in BANDS)
    return max(b for b in BANDS if right(b) >= best - 1)  # the widest band within one sentence of the best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--errors", action="store_true")
    a = ap.parse_args(argv)
    from detente import nlp
    from detente.ru.stance import NEUTRAL, _tokens, label_of, mention_score

    model = nlp.load_ru()
    gold = [json.loads(line) for line in open(a.gold, encoding="utf-8") if line.strip()]
    scored = {"tune": [], "validation": []}
    for g in gold:
        doc = model(g["text"])
        s = mention_score(doc, *_tokens(doc, g["target"]["start"], g["target"]["end"]))
        scored[part_of(g["id"])].append((s, g["polarity"], g))
    tune = scored["tune"]
    right = 0
    for k in range(FOLDS):
        train = [(s, y) for i, (s, y, _) in enumerate(tune) if i % FOLDS != k]
        band = _best(train)
        right += sum(label_of(s, band) == y for i, (s, y, _) in enumerate(tune) if i % FOLDS == k)
    val = scored["validation"]
    out = {"tune_n": len(tune), "tune_cv_accuracy": round(right / len(tune), 3),
           "band_fitted_on_all_tune": _best([(s, y) for s, y, _ in tune]), "band_shipped": NEUTRAL,
           "validation_n": len(val),
           "validation_accuracy": round(sum(label_of(s) == y for s, y, _ in val) / len(val), 3),
           "validation_majority_baseline": round(max(sum(y == c for _, y, _ in val) for c in (-1, 0, 1)) / len(val), 3)}
    print(json.dumps(out))
    if a.errors:
        for s, y, g in tune:
            if label_of(s) != y:
                print(f"{g['id']} gold {y:+d} score {s:+.2f}: {g['text']} [{g['target']['text']}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
