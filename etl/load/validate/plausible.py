"""Plausibility of validated indicator values against what the warehouse holds.

A value may be possible (inside the indicator's range) and still unlikely: Sweden's
population falling by 97 % is a typo or a misread column. Each incoming value is compared
with the stored value it replaces, or else with the stored value of the year before; a
change larger than the indicator's ``max_change_pct`` (catalogue column; where the
catalogue leaves it empty, ``vocabulary.DEFAULT_MAX_CHANGE_PCT``) is a warning. Warnings
do not stop a load by themselves: the upload page asks for an explicit confirmation and the
CLI stops unless ``--accept-warnings`` is given.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from etl import vocabulary
from etl.load.problems import Problem


def change_warnings(rows: pd.DataFrame, con, sheet: str) -> list[Problem]:
    """Problems (key ``implausible_change``) for values that change more than their bound."""
    if rows.empty:
        return []
    def text(col):
        return pa.array(rows[col].to_numpy(dtype=object), type=pa.string(), from_pandas=True)

    incoming = pa.table({"i": pa.array(np.arange(len(rows))), "region_code": text("region_code"),
                         "indicator_id": text("indicator_id"), "year": pa.array(rows.year.to_numpy(dtype="int64")),
                         "value": pa.array(rows.value.to_numpy(dtype="float64"))})
    con.register("plausible_in", incoming)
    try:
        found = con.execute("""
            SELECT n.i, n.value, coalesce(s.value, p.value) AS old, CASE WHEN s.value IS NOT NULL THEN n.year
                   ELSE n.year - 1 END AS old_year,
                   coalesce(c.max_change_pct, ?) AS bound
            FROM plausible_in n
            JOIN indicator c USING (indicator_id)
            LEFT JOIN indicator_value s ON s.region_code = n.region_code AND s.indicator_id = n.indicator_id
                                        AND s.year = n.year
            LEFT JOIN indicator_value p ON p.region_code = n.region_code AND p.indicator_id = n.indicator_id
                                        AND p.year = n.year - 1
            WHERE coalesce(s.value, p.value) IS NOT NULL AND coalesce(s.value, p.value) <> 0
              AND abs(n.value - coalesce(s.value, p.value)) * 100 / abs(coalesce(s.value, p.value))
                  > coalesce(c.max_change_pct, ?)
            ORDER BY n.i""", [vocabulary.DEFAULT_MAX_CHANGE_PCT, vocabulary.DEFAULT_MAX_CHANGE_PCT]).fetchall()
    finally:
        con.unregister("plausible_in")
    out = []
    for i, new, old, old_year, bound in found:
        row = rows.iloc[i]
        # the numbers stay numbers: a message writes them as its language does (etl.messages.number)
        out.append(Problem(sheet, int(row.excel_row), None, float(new), "implausible_change",
                           {"old": float(old), "old_year": int(old_year),
                            "pct": f"{(new - old) * 100 / abs(old):+.0f}",
                            "bound": f"{bound:g}", "region": row.region_code, "indicator": row.indicator_id}))
    return out
