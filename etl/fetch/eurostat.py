"""Eurostat's dissemination API (Statistics API, JSON-stat 2.0). Licence: CC BY 4.0.

Fetches for Sweden, Norra Mellansverige (SE31) and its counties (SE311-SE313):
* nama_10r_3gdp  GDP at current market prices, million euro, NUTS 3  -> ``gdp_mio_eur``
* nama_10r_2gdp  the same at NUTS 2 and country level                -> ``gdp_mio_eur``
* rd_e_gerdreg   GERD, all sectors, % of GDP, NUTS 2                  -> ``gerd_pct_gdp``
* htec_emp_reg2  employment in high-tech sectors, % of total, NUTS 2  -> ``htec_employment_pct``

Eurostat does not version its datasets (they change twice a day), so every response is
kept as a snapshot. ``value`` is a sparse object: absent cells are missing, never zero.
Status letters become flags: p provisional, e estimated, b break in series, u low reliability.
"""

from __future__ import annotations

import json

from etl import readers
from etl.fetch import http, jsonstat, snapshot
from etl.fetch.base import Batch, Context, long_frame

BASE = "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data"
LICENCE = "CC BY 4.0 (© European Union, Eurostat)"
PUBLISHER = "Eurostat"
GEO_NUTS3 = ["SE311", "SE312", "SE313"]
GEO_NUTS2 = ["SE", "SE31"]

#: dataset -> (filters, geo codes, indicator)
DATASETS = {
    "nama_10r_3gdp": ({"unit": "MIO_EUR"}, GEO_NUTS3, "gdp_mio_eur"),
    "nama_10r_2gdp": ({"unit": "MIO_EUR"}, GEO_NUTS2, "gdp_mio_eur"),
    "rd_e_gerdreg": ({"sectperf": "TOTAL", "unit": "PC_GDP"}, GEO_NUTS2, "gerd_pct_gdp"),
    "htec_emp_reg2": ({"nace_r2": "HTC", "unit": "PC_EMP", "sex": "T"}, GEO_NUTS2, "htec_employment_pct"),
}
FLAGS = {"p": "preliminary", "e": "estimated", "b": "break", "u": "low_precision"}


def flags(status) -> str | None:
    """Eurostat status letters ('p', 'be', 'e p') -> our flags ('preliminary', 'break;estimated')."""
    if not isinstance(status, str):
        return None
    out = [FLAGS[c] for c in status.lower() if c in FLAGS]
    return ";".join(dict.fromkeys(out)) or None


def records(doc: dict, dataset: str, indicator: str, url: str) -> list[dict]:
    frame = jsonstat.decode(doc)
    time_dim = "time" if "time" in frame else (doc.get("role", {}).get("time") or ["time"])[0]
    title = f"Eurostat {dataset}: {doc.get('label') or dataset}"
    out = []
    for row in frame.itertuples(index=False):
        r = row._asdict()
        if r["value"] != r["value"]:  # NaN: not in the sparse value object -> missing, not loaded
            continue
        out.append({"region": r["geo"], "indicator": indicator, "year": r[time_dim], "value": r["value"],
                    "flag": flags(r["status"]), "excel_row": int(r["position"]) + 1, "source_url": url,
                    "source_publisher": PUBLISHER, "source_title": title, "source_table_id": dataset})
    return out


def fetch(ctx: Context) -> list[Batch]:
    client = ctx.client("Eurostat", http.RateLimit(2, 1))
    only = set(ctx.options.get("tables") or [])
    rows, snaps = [], []
    todo = [d for d in DATASETS if not only or d in only]
    for n, dataset in enumerate(todo, 1):
        filters, geos, indicator = DATASETS[dataset]
        params = [("format", "JSON"), ("lang", "EN"), *filters.items(), *(("geo", g) for g in geos)]
        if ctx.since:
            params.append(("sinceTimePeriod", str(ctx.since)))
        ctx.progress(f"Eurostat: {dataset} ({n}/{len(todo)})")
        r = client.get(f"{BASE}/{dataset}", params=params)
        snap = snapshot.save(ctx.snapshots, "eurostat", dataset, r.content, url=r.url, query=params,
                             content_type=r.content_type, licence=LICENCE)
        snaps.append(snap)
        doc = json.loads(snap.read().decode("utf-8-sig"))
        got = records(doc, dataset, indicator, snap.url)
        rows += got
        ctx.progress(f"Eurostat: {dataset}: {len(got)} values")
    frame = long_frame(rows, {"region": "geo", "indicator": "dataset", "year": "time", "value": "value",
                              "flag": "status", "source_url": "value", "source_publisher": "value",
                              "source_title": "value", "source_table_id": "value"})
    return [Batch(readers.Parsed("indicator_value", "eurostat_api", ",".join(todo), frame), snaps, LICENCE,
                  "eurostat " + ", ".join(todo))] if rows else []
