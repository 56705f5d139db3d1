"""SCB, Statistikdatabasen via PxWebApi 2.0 (CC0).

Fetches, for Sweden and all 21 counties (ranks need all of them):
* TAB638  population 31 Dec (BE0101N1)                    -> indicator ``population``
* TAB3138 regional accounts: GRP current prices (NR0105AH) -> ``grp_msek``; GRP per
  inhabitant and per employed, found by their content labels -> ``grp_per_capita_scb`` (SCB's
  published figure, an alternative to the computed ``grp_per_capita``),
  ``grp_per_employed``
* TAB5837 (RAMS, to 2019) and TAB3785 (BAS, 2020-) employed by place of work and
  industry group -> table ``employment`` (classification SCB_GROUPS16)
* R&D expenditure by region and sector: the v2 table id is not known in advance, so it
  is looked up in the table catalogue (``/tables?query=FoU region``) -> ``rd_*_msek``

Limits come from ``GET /config`` (30 calls per 10 s and 150 000 cells when written);
a selection larger than maxDataCells is split by year. What the answers hold becomes
long rows in ``etl.formats.scb``; this module only asks and keeps the answers.
"""

from __future__ import annotations

import json
import math

import pandas as pd

from etl.fetch import http, snapshot
from etl.fetch.base import Batch, Context
from etl.formats import jsonstat, scb as scb_format
from etl.formats.scb import LICENCE, SNI_GROUPS, time_dim
from etl.rows import norm

BASE = "https://statistikdatabasen.scb.se/api/v2"
#: Sweden plus the 21 counties (SCB codes), as in the warehouse's region table.
REGIONS = ["00", "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20",
           "21", "22", "23", "24", "25"]

#: table id -> {content code or normalised content label prefix -> indicator}
INDICATOR_TABLES = {
    "TAB638": {"BE0101N1": "population"},
    "TAB3138": {"NR0105AH": "grp_msek", "label:brpperinvanarelopandepriser": "grp_per_capita_scb",
                "label:brppersysselsattlopandepriser": "grp_per_employed"},
}
#: employment tables: id -> (first year, last year) kept; RAMS and BAS overlap in 2020-2021,
#: and SCB advises BAS for those years, so RAMS stops at 2019.
EMPLOYMENT_TABLES = {"TAB5837": (None, 2019), "TAB3785": (2020, None)}
#: R&D sectors, by normalised label prefix -> indicator
RD_SECTORS = {"foretag": "rd_business_msek", "offentlig": "rd_government_msek",
              "universitet": "rd_higher_edu_msek", "hogskol": "rd_higher_edu_msek",
              "samtliga": "rd_total_msek", "totalt": "rd_total_msek", "allasektorer": "rd_total_msek"}
TOTAL_LABELS = {"totalt", "samtliga", "total", "badakonen", "totaltsamtliga", "allaaldrar", "samtligasektorer"}
TOTAL_CODES = {"1+2", "TOT", "T", "tot", "TOTALT", "SAMTLIGA"}


class Scb:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.client = ctx.client("SCB", http.RateLimit(30, 10))
        self.max_cells = 150_000
        self.snaps: list[snapshot.Snapshot] = []

    def _get(self, path: str, name: str, params=None):
        url = f"{BASE}{path}"
        r = self.client.get(url, params=params)
        snap = snapshot.save(self.ctx.snapshots, "scb", name, r.content, url=r.url, query=params,
                             content_type=r.content_type, licence=LICENCE)
        self.snaps.append(snap)
        return json.loads(snap.read().decode("utf-8-sig")), snap

    def configure(self) -> None:
        """Read the API's own limits and throttle by them."""
        cfg, _ = self._get("/config", "config")
        calls, window = int(cfg.get("maxCallsPerTimeWindow") or 30), float(cfg.get("timeWindow") or 10)
        # keep one call in reserve: other users of the same IP share the window
        self.client.limit = http.RateLimit(max(1, calls - 1), window)
        self.max_cells = int(cfg.get("maxDataCells") or self.max_cells)
        self.ctx.progress(f"SCB: limit {calls} calls per {window:g} s, {self.max_cells} cells per call")

    def metadata(self, table: str) -> dict:
        meta, _ = self._get(f"/tables/{table}/metadata", f"{table}-metadata", {"lang": "sv"})
        return meta

    def find_table(self, query: str, must: tuple[str, ...]) -> str | None:
        found, _ = self._get("/tables", "tables-search", {"query": query, "lang": "sv", "pageSize": 50})
        for t in found.get("tables", []):
            label = norm(t.get("label", ""))
            if all(m in label for m in must) and not t.get("discontinued"):
                return t["id"]
        return None

    def data(self, table: str, selection: list[dict]) -> list[tuple[pd.DataFrame, snapshot.Snapshot, str]]:
        """POST the selection, split by year if it has too many cells."""
        time_sel = next((s for s in selection if s.get("_time")), None)
        cells = math.prod(len(s["valueCodes"]) for s in selection)
        years = time_sel["valueCodes"] if time_sel else []
        per = max(1, self.max_cells // max(1, cells // max(1, len(years))))
        chunks = [years[i:i + per] for i in range(0, len(years), per)] if cells > self.max_cells and years \
            else [years]
        out = []
        for n, years in enumerate(chunks, 1):
            body = {"selection": [{k: v for k, v in s.items() if not k.startswith("_")} | (
                {"valueCodes": years} if s is time_sel else {}) for s in selection]}
            url = f"{BASE}/tables/{table}/data"
            params = {"lang": "sv", "outputFormat": "json-stat2"}
            self.ctx.progress(f"SCB: {table} part {n}/{len(chunks)}")
            r = self.client.post(url, params=params, json=body)
            snap = snapshot.save(self.ctx.snapshots, "scb", f"{table}-data-{n}", r.content, url=r.url,
                                 method="POST", query={"params": params, "body": body},
                                 content_type=r.content_type, licence=LICENCE)
            self.snaps.append(snap)
            doc = json.loads(snap.read().decode("utf-8-sig"))
            out.append((jsonstat.decode(doc), snap, doc.get("label") or table))
        return out


def _dims(meta: dict) -> dict[str, dict]:
    return {d: meta["dimension"][d] for d in meta["id"]}


def _eliminable(dim: dict) -> bool:
    return bool((dim.get("extension") or {}).get("elimination"))


def _total_code(dim: dict) -> str | None:
    labels = jsonstat.labels(dim)
    for code in jsonstat.categories(dim):
        if code in TOTAL_CODES or norm(labels.get(code, "")) in TOTAL_LABELS:
            return code
    return None


def selection_for(meta: dict, table: str, *, contents: list[str] | None, since: int | None, until: int | None,
                  keep_all: tuple[str, ...] = ()) -> list[dict]:
    """A v2 selection: our regions, the chosen contents, the years, all of ``keep_all``;
    every other variable eliminated if it may be, else its total."""
    tdim = time_dim(meta)
    sel = []
    for name, dim in _dims(meta).items():
        codes = jsonstat.categories(dim)
        if name == "Region":
            chosen = [c for c in REGIONS if c in codes]
        elif name == "ContentsCode":
            chosen = [c for c in codes if contents is None or c in contents]
        elif name == tdim:
            chosen = [c for c in codes if (since is None or int(c[:4]) >= since) and (until is None or int(c[:4]) <= until)]
            sel.append({"variableCode": name, "valueCodes": chosen, "_time": True})
            continue
        elif name in keep_all:
            chosen = codes
        elif _eliminable(dim):
            continue
        else:
            total = _total_code(dim)
            if total is None:
                raise http.FetchError(f"SCB table {table}: variable {name} can neither be left out nor summed "
                                      f"(values {', '.join(codes[:8])}); report this so the connector can be updated.")
            chosen = [total]
        if not chosen:
            raise http.FetchError(f"SCB table {table} has none of the expected values for {name}; "
                                  "its layout may have changed. Nothing was loaded.")
        sel.append({"variableCode": name, "valueCodes": chosen})
    return sel


def _contents_map(meta: dict, wanted: dict[str, str], table: str) -> dict[str, str]:
    dim = meta["dimension"].get("ContentsCode", {})
    labels = jsonstat.labels(dim)
    out = {}
    for key, ind in wanted.items():
        if key.startswith("label:"):
            prefix = key[6:]
            hit = next((c for c, lab in labels.items() if norm(lab).startswith(prefix)), None)
        else:
            hit = key if key in labels or key in jsonstat.categories(dim) else None
        if hit:
            out[hit] = ind
    if not out:
        raise http.FetchError(f"SCB table {table} has none of the expected contents ({', '.join(wanted)}); "
                              "its layout may have changed. Nothing was loaded.")
    return out


def fetch(ctx: Context) -> list[Batch]:
    scb = Scb(ctx)
    scb.configure()
    only = set(ctx.options.get("tables") or [])
    indicator_rows, employment_rows, labels, emp_labels = [], [], [], []

    def wanted(table):
        return not only or table in only

    for table, contents in INDICATOR_TABLES.items():
        if not wanted(table):
            continue
        meta = scb.metadata(table)
        cmap = _contents_map(meta, contents, table)
        sel = selection_for(meta, table, contents=list(cmap), since=ctx.since, until=None)
        for frame, snap, title in scb.data(table, sel):
            indicator_rows += scb_format.indicator_records(frame, meta, cmap, snap.url, table, title)
        labels.append(table)
        ctx.progress(f"SCB: {table}: {len(indicator_rows)} values so far")
    if wanted("rd"):
        table = scb.find_table("FoU region", ("fou", "region"))
        if table is None:
            ctx.progress("SCB: no R&D-by-region table found in SCB's table catalogue (search 'FoU region'); "
                         "R&D skipped")
        else:
            meta = scb.metadata(table)
            sector = next((d for d in meta["id"] if norm(d).startswith("sektor")), None)
            content = next((c for c, lab in jsonstat.labels(meta["dimension"]["ContentsCode"]).items()
                            if "mnkr" in norm(lab) or "miljonerkronor" in norm(lab)), None)
            if sector is None or content is None:
                ctx.progress(f"SCB: {table} has no sector variable or no MSEK content; R&D skipped")
            else:
                smap = {c: next((ind for p, ind in RD_SECTORS.items() if norm(lab).startswith(p)), None)
                        for c, lab in jsonstat.labels(meta["dimension"][sector]).items()}
                smap = {c: i for c, i in smap.items() if i}
                sel = selection_for(meta, table, contents=[content], since=ctx.since, until=None, keep_all=(sector,))
                for s in sel:
                    if s["variableCode"] == sector:
                        s["valueCodes"] = list(smap)
                for frame, snap, title in scb.data(table, sel):
                    indicator_rows += scb_format.indicator_records(frame, meta, smap, snap.url, table, title,
                                                                   content_dim=sector)
                labels.append(table)
    for table, (first, last) in EMPLOYMENT_TABLES.items():
        if not wanted(table) and not wanted("employment"):
            continue
        meta = scb.metadata(table)
        sni = next((d for d in meta["id"] if norm(d).startswith("sni")), None)
        if sni is None:
            raise http.FetchError(f"SCB table {table} has no SNI 2007 variable; its layout may have changed. "
                                  "Nothing was loaded.")
        contents = jsonstat.categories(meta["dimension"]["ContentsCode"])
        since = max(first or 0, ctx.since or 0) or None
        sel = selection_for(meta, table, contents=contents[:1], since=since, until=last, keep_all=(sni,))
        for s in sel:
            if s["variableCode"] == sni:
                s["valueCodes"] = [c for c in s["valueCodes"] if c in SNI_GROUPS]
        for frame, snap, title in scb.data(table, sel):
            employment_rows += scb_format.employment_records(frame, meta, sni, snap.url, table, title)
        emp_labels.append(table)
    batches = []
    if indicator_rows:
        batches.append(Batch(scb_format.indicator_parsed(indicator_rows, labels), scb.snaps, LICENCE,
                             "scb " + ", ".join(labels)))
    if employment_rows:
        batches.append(Batch(scb_format.employment_parsed(employment_rows, emp_labels), scb.snaps, LICENCE,
                             "scb " + ", ".join(emp_labels)))
    return batches
