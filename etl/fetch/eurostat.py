"""Eurostat's dissemination API (Statistics API, JSON-stat 2.0). Licence: CC BY 4.0.

Fetches for Sweden, Norra Mellansverige (SE31) and its counties (SE311-SE313):
* nama_10r_3gdp  GDP at current market prices, million euro, NUTS 3  -> ``gdp_mio_eur``
* nama_10r_2gdp  the same at NUTS 2 and country level                -> ``gdp_mio_eur``
* rd_e_gerdreg   GERD, all sectors, % of GDP, NUTS 2                  -> ``gerd_pct_gdp``
* htec_emp_reg2  employment in high-tech sectors, % of total, NUTS 2  -> ``htec_employment_pct``

Eurostat does not version its datasets (they change twice a day), so every response is
kept as a snapshot; ``etl.formats.eurostat`` turns the answers into rows. Each answer is
checked against its request: one that holds other regions or units, another dimension
with several values, or years before ``--since`` stops the fetch. A filter that matches
nothing (HTTP 200, an empty dimension, no values) fails that dataset loudly; the other
datasets still load and the summary names the failed ones. The base URL is
``--base-url`` or $NMS_EUROSTAT_BASE_URL.
"""

from __future__ import annotations

from etl import vocabulary
from etl.fetch import http
from etl.fetch.base import AnswerMismatch, Batch, Context, jsonstat_dataset
from etl.formats import eurostat as eurostat_format, jsonstat
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
#: Dimensions Eurostat always sends that we do not filter: fine with a single value.
UNFILTERED = ("freq",)


def _asked(filters: dict, geos: list[str], since: int | None) -> str:
    return ", ".join([*(f"{k}={v}" for k, v in filters.items()), f"geo={'+'.join(geos)}",
                      *([f"since {since}"] if since else [])])


def check(doc: dict, dataset: str, filters: dict, geos: list[str], since: int | None) -> list[str]:
    """How the answer differs from the request (empty: it matches)."""
    diffs = jsonstat.differences(doc, {**{k: [v] for k, v in filters.items()}, "geo": geos, "time": None},
                                 single_ok=UNFILTERED)
    early = [t for t in jsonstat.codes(doc).get("time", []) if since and t[:4].isdigit() and int(t[:4]) < since]
    if early:
        diffs.append(f"time: asked from {since}, got {jsonstat.shown(early)}")
    return diffs


def fetch(ctx: Context) -> list[Batch]:
    base = ctx.base("eurostat", BASE)
    client = ctx.client("Eurostat", http.RateLimit(2, 1))
    only = list(ctx.options.get("tables") or [])
    unknown = [d for d in only if d not in DATASETS]
    if unknown:
        raise http.FetchError(f"Eurostat has no dataset '{unknown[0]}' here; choose from {', '.join(DATASETS)}.")
    rows, snaps, loaded = [], [], []
    todo = [d for d in DATASETS if not only or d in only]
    for n, dataset in enumerate(todo, 1):
        filters, geos, indicator = DATASETS[dataset]
        params = [("format", "JSON"), ("lang", "EN"), *filters.items(), *(("geo", g) for g in geos)]
        if ctx.since:
            params.append(("sinceTimePeriod", str(ctx.since)))
        ctx.progress(f"Eurostat: {dataset} ({n}/{len(todo)})")
        r = client.get(f"{base}/{dataset}", params=params)
        snap = ctx.keep("eurostat", dataset, r, query=params, licence=LICENCE)
        doc = jsonstat_dataset(snap, f"Eurostat answered {dataset}")
        if not jsonstat.has_values(doc):
            why = (f"Eurostat answered {dataset} without a single value for {_asked(filters, geos, ctx.since)} "
                   f"(sizes {doc.get('size')}); nothing from {dataset} was loaded. Check the dataset's codes on "
                   f"Eurostat's data browser; the answer is kept in {snap.path}.")
            ctx.failed[f"eurostat {dataset}"] = why
            ctx.progress(why)
            continue
        diffs = check(doc, dataset, filters, geos, ctx.since)
        if diffs:
            raise AnswerMismatch(f"Eurostat's answer for {dataset} does not match the request "
                                 f"({_asked(filters, geos, ctx.since)}): {'; '.join(diffs)}. Nothing was loaded; "
                                 f"the answer is kept in {snap.path}.")
        try:
            got = eurostat_format.records(doc, dataset, indicator, snap.url)
        except eurostat_format.UnknownStatus as err:
            why = f"Eurostat {dataset}: {err}; nothing from {dataset} was loaded (the answer is kept in {snap.path})."
            ctx.failed[f"eurostat {dataset}"] = why
            ctx.progress(why)
            continue
        snaps.append(snap)
        loaded.append(dataset)
        rows += got
        ctx.progress(f"Eurostat: {dataset}: {len(got)} values")
    return [Batch(eurostat_format.parsed(rows, loaded), snaps, LICENCE, "eurostat " + ", ".join(loaded))] \
        if rows else []
