"""Decode a JSON-stat 2.0 dataset (SCB PxWebApi 2, Eurostat) into a long table.

Handles both shapes that occur in the wild:
* ``value`` as a dense array (SCB) or a sparse object keyed by flat index (Eurostat);
* ``category.index`` as an object ``{code: position}`` or an array of codes;
and passes ``status`` through per cell. Missing cells stay missing (never zero).

``differences`` says how an answer differs from the request it answers (other regions,
years or contents, a dimension that was to be left out), ``has_values`` whether it holds
any value at all: the connectors refuse an answer before they read it.
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
    out = {d: np.asarray(cats, dtype=object)[grid[i]] for i, (d, cats) in enumerate(zip(ids, dims, strict=True))}
    out.update(value=values, status=status, position=np.arange(n))
    return pd.DataFrame(out)


# --- is this the answer to what was asked? -------------------------------------------------------


def codes(doc: dict) -> dict[str, list[str]]:
    """Each dimension of a dataset (in ``id`` order) -> its category codes."""
    return {str(d): categories(doc["dimension"][d]) for d in doc.get("id", [])}


def shown(values, limit: int = 8) -> str:
    """'17, 20, 21' or '00, 01, 03, … (22 in all)'."""
    values = list(values)
    if len(values) <= limit:
        return ", ".join(values)
    return f"{', '.join(values[:limit])}, … ({len(values)} in all)"


def differences(doc: dict, asked: dict[str, list[str] | None], *, single_ok=()) -> list[str]:
    """How an answer differs from its request, one phrase per difference (empty: it matches).

    ``asked`` maps each variable asked for to the codes asked for (None: any codes, e.g.
    Eurostat's years from ``sinceTimePeriod``). Any other dimension in the answer is a
    difference (it should have been left out, i.e. eliminated), unless it is named in
    ``single_ok`` and holds a single category (Eurostat's ``freq``)."""
    got = codes(doc)
    out = []
    for name, have in got.items():
        if name not in asked and not (name in single_ok and len(have) == 1):
            out.append(f"it holds {name} ({shown(have)}), which was not asked for and should have been left out")
    for name, want in asked.items():
        if name not in got:
            out.append(f"it has no {name}")
            continue
        if want is None:
            continue
        have = got[name]
        missing = [c for c in want if c not in set(have)]
        extra = [c for c in have if c not in set(want)]
        if missing or extra:
            part = f"{name}: asked for {len(want)} ({shown(want)}), got {len(have)} ({shown(have)})"
            if missing:
                part += f"; missing {shown(missing)}"
            if extra:
                part += f"; not asked for {shown(extra)}"
            out.append(part)
    return out


def has_values(doc: dict) -> bool:
    """Does the answer hold at least one value? (Eurostat answers a filter that matches
    nothing with HTTP 200, a dimension without categories and no values.)"""
    if any(int(s) == 0 for s in doc.get("size", [])) or not doc.get("id"):
        return False
    raw = doc.get("value")
    if isinstance(raw, dict):
        return any(v is not None for v in raw.values())
    return any(v is not None for v in (raw or []))
