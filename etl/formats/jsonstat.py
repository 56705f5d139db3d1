"""Decode a JSON-stat 2.0 dataset (SCB PxWebApi 2, Eurostat) into a long table.

Handles both shapes that occur in the wild:
* ``value`` as a dense array (SCB) or a sparse object keyed by flat index (Eurostat);
* ``category.index`` as an object ``{code: position}`` or an array of codes;
and passes ``status`` through per cell. Missing cells stay missing (never zero).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


class NotJsonStat(ValueError):
    pass


def categories(dimension: dict) -> list[str]:
    """Category codes of one dimension in index order."""
    cat = dimension.get("category", {})
    index = cat.get("index")
    if index is None:  # a single category may omit index
        return list(cat.get("label", {}).keys())
    if isinstance(index, list):
        return [str(c) for c in index]
    return [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]


def labels(dimension: dict) -> dict[str, str]:
    return {str(k): str(v) for k, v in dimension.get("category", {}).get("label", {}).items()}


def decode(doc: dict) -> pd.DataFrame:
    """One row per cell: a column per dimension (codes), ``value`` (float, NaN = missing),
    ``status`` (the cell's status symbol or None) and ``position`` (flat index)."""
    if not isinstance(doc, dict) or doc.get("class", "dataset") != "dataset" or "id" not in doc:
        raise NotJsonStat("not a JSON-stat 2.0 dataset")
    ids, sizes = list(doc["id"]), [int(s) for s in doc["size"]]
    dims = [categories(doc["dimension"][d]) for d in ids]
    if [len(c) for c in dims] != sizes:
        raise NotJsonStat("dimension sizes do not match their categories")
    n = int(np.prod(sizes)) if sizes else 0
    values = np.full(n, np.nan)
    raw = doc.get("value", [])
    if isinstance(raw, dict):
        for k, v in raw.items():
            if v is not None:
                values[int(k)] = float(v)
    else:
        if len(raw) != n:
            raise NotJsonStat(f"{len(raw)} values for {n} cells")
        values[:] = [np.nan if v is None else float(v) for v in raw]
    status = np.full(n, None, dtype=object)
    raw_status = doc.get("status") or {}
    if isinstance(raw_status, list):
        status[:len(raw_status)] = raw_status
    elif isinstance(raw_status, str):
        status[:] = raw_status
    else:
        for k, v in raw_status.items():
            status[int(k)] = v
    # row-major: the last dimension varies fastest
    grid = np.indices(sizes).reshape(len(sizes), -1) if sizes else np.empty((0, 0), dtype=int)
    out = {d: np.asarray(cats, dtype=object)[grid[i]] for i, (d, cats) in enumerate(zip(ids, dims))}
    out.update(value=values, status=status, position=np.arange(n))
    return pd.DataFrame(out)
