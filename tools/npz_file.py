"""Write a model's arrays and metadata deterministically: ``OUT.npz`` (each array as ``.npy``, zip entries with a
fixed date, in name order: the same arrays give the same bytes) and ``OUT.json`` (sorted keys). Used by the
trainers and table builders in tools/."""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np


def write(arrays: dict, meta: dict, out) -> None:
    with zipfile.ZipFile(str(out) + ".npz", "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.save(buf, arrays[name], allow_pickle=False)
            zf.writestr(zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0)), buf.getvalue(),
                        compress_type=zipfile.ZIP_DEFLATED)
    with open(str(out) + ".json", "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=1, sort_keys=True)
        fh.write("\n")
