"""Where each uploaded or fetched row comes from: its source, from the row's source columns
or the defaults given with the file (the upload form, ``python -m etl load --source-url``).

A source needs a URL (http or https) and a publisher; rows without are refused. Source
ids are stable hashes of URL and title, so the same source loaded twice is one row.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.load.problems import Problem
from etl.rows import Parsed, cell


@dataclass
class SourceInfo:
    url: str = ""
    publisher: str = ""
    title: str = ""
    table_id: str = ""


def source_id(info: SourceInfo) -> str:
    digest = hashlib.sha1("\x1f".join([info.url.strip(), " ".join(info.title.split())]).encode()).hexdigest()[:10]
    return f"src_{digest}"


def sources_for(frame: pd.DataFrame, parsed: Parsed, default: SourceInfo, problems: list[Problem]
                 ) -> tuple[pd.Series, pd.DataFrame]:
    """A source id per row, and the distinct sources. Works on distinct values only."""
    fallbacks = {"source_url": default.url, "source_publisher": default.publisher,
                 "source_title": default.title or parsed.title or default.publisher,
                 "source_table_id": default.table_id}
    codes, values = [], {}
    for name, fallback in fallbacks.items():
        if name in frame:
            arr = frame[name].to_numpy(dtype=object)
            if len(arr) and (arr == arr[0]).all():  # usual case: one source for the whole file
                c, uniq = np.zeros(len(arr), dtype=np.int64), [arr[0]]
            else:
                c, uniq = pd.factorize(arr, use_na_sentinel=False)
            texts = [cell(u) or fallback for u in uniq]
        else:
            c, texts = np.zeros(len(frame), dtype=np.int64), [fallback]
        codes.append(c)
        values[name] = texts
    combined = np.zeros(len(frame), dtype=np.int64)
    for c, name in zip(codes, fallbacks, strict=True):
        combined = combined * len(values[name]) + c
    group, firsts = pd.factorize(combined)
    first_rows = [int(np.argmax(group == g)) for g in range(len(firsts))]
    rows = []
    for r in first_rows:
        url, pub, title, table = (values[n][codes[k][r]] for k, n in enumerate(fallbacks))
        rows.append({"url": url, "publisher": pub, "title": title, "table_id": table,
                     "source_id": source_id(SourceInfo(url, pub, title, table))})
    uniq = pd.DataFrame(rows, columns=["url", "publisher", "title", "table_id", "source_id"])
    ids = pd.Series(uniq.source_id.to_numpy(dtype=object)[group], index=frame.index, dtype=object)
    bad_group = {g: ("no_source" if not (u.url and u.publisher) else
                     "bad_url" if not re.match(r"^https?://", u.url) else None)
                 for g, u in enumerate(uniq.itertuples())}
    if any(bad_group.values()):
        for g, key in bad_group.items():
            if not key:
                continue
            for idx in frame.index[group == g][:200]:
                problems.append(Problem(parsed.sheet, int(frame.at[idx, "excel_row"]),
                                        frame["source_url_col"][idx] if key == "bad_url" and "source_url_col" in frame
                                        else None, uniq.url[g] if key == "bad_url" else None, key))
    uniq = uniq[[not bad_group[g] for g in range(len(uniq))]].drop_duplicates("source_id")
    return ids, uniq
