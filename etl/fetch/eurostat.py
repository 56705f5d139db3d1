"""Eurostat's dissemination API (Statistics API, JSON-stat 2.0). Licence: CC BY 4.0.

Fetches for Sweden, Norra Mellansverige (SE31) and its counties (SE311-SE313):
* nama_10r_3gdp  GDP at current market prices, million euro, NUTS 3  -> ``gdp_mio_eur``
* nama_10r_2gdp  the same at NUTS 2 and country level                -> ``gdp_mio_eur``
* rd_e_gerdreg   GERD, all sectors, % of GDP, NUTS 2                  -> ``gerd_pct_gdp``
* htec_emp_reg2  employment in high-tech sectors, % of total, NUTS 2  -> ``htec_employment_pct``

Eurostat does not version its datasets (they change twice a day), so every response is
kept as a snapshot; ``etl.formats.eurostat`` turns the answers into rows.
"""

from __future__ import annotations

import json

from etl import vocabulary
from etl.fetch import http, snapshot
from etl.fetch.base import Batch, Context
from etl.formats import eurostat as eurostat_format
from etl.formats.eurostat import LICENCE

BASE = "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data"
GEO_NUTS3 = list(vocabulary.NMS_COUNTIES)
GEO_NUTS2 = [vocabulary.SWEDEN, vocabulary.NMS]

#: dataset -> (filters, geo codes, indicator)
DATASETS = {
    "nama_10r_3gdp": ({"unit": "MIO_EUR"}, GEO_NUTS3, "gdp_mio_eur"),
    "nama_10r_2gdp": ({"unit": "MIO_EUR"}, GEO_NUTS2, "gdp_mio_eur"),
    "rd_e_gerdreg": ({"sectperf": "TOTAL", "unit": "PC_GDP"}, GEO_NUTS2, "gerd_pct_gdp"),
    "htec_emp_reg2": ({"nace_r2": "HTC", "unit": "PC_EMP", "sex": "T"}, GEO_NUTS2, "htec_employment_pct"),
}


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
        got = eurostat_format.records(doc, dataset, indicator, snap.url)
        rows += got
        ctx.progress(f"Eurostat: {dataset}: {len(got)} values")
    return [Batch(eurostat_format.parsed(rows, todo), snaps, LICENCE, "eurostat " + ", ".join(todo))] if rows else []
