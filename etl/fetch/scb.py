"""SCB, Statistikdatabasen via PxWebApi 2.0 (CC0).

Fetches, for Sweden and all 21 counties (ranks need all of them; the codes come from the
warehouse's ``region`` table):
* population 31 Dec: TAB638 (BE0101N1, 1968-2024) -> indicator ``population``. SCB
  publishes later years in other tables with other codes; when TAB638 holds no year after
  the last one loaded, the table that continues it is looked up in SCB's catalogue, or
  named with ``--table population=TAB638,TABnnnn``; the progress says which was used.
* TAB3138 regional accounts: GRP current prices (NR0105AH) -> ``grp_msek``; GRP per
  inhabitant and per employed, found by their content labels -> ``grp_per_capita_scb`` (SCB's
  published figure, an alternative to the computed ``grp_per_capita``),
  ``grp_per_employed``
* TAB5837 (RAMS, to 2019) and TAB3785 (BAS, 2020-) employed by place of work and
  industry group -> table ``employment`` (classification SCB_GROUPS16)
* R&D expenditure by region and sector: looked up in the table catalogue
  (``/tables?query=FoU region``, every page), or named with ``--table rd=TABnnnn``
  -> ``rd_*_msek``

Every variable we do not ask for by name is left out (eliminated) when the table allows
it, otherwise its total is asked for, recognised by SCB's code and label patterns (TotSA
"totalt, samtliga åldrar", TotSa, tot, 1+2 "totalt", SC ...); the progress says which
value was taken. Every answer is checked against its request (regions, years, contents,
no other dimension) before it is read; periods the metadata calls preliminary are
flagged. Limits come from ``GET /config`` (30 calls per 10 s and 150 000 cells when
written); a selection larger than maxDataCells is split by year. The base URL is
``--base-url`` or $NMS_SCB_BASE_URL for another PxWeb installation or a local mirror.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from etl.fetch import http, snapshot
from etl.fetch.base import AnswerMismatch, Batch, Context, jsonstat_dataset, read_json
from etl.formats import jsonstat, scb as scb_format
from etl.formats.scb import LICENCE, SNI_GROUPS, fold, time_dim
from etl.rows import norm

BASE = "https://statistikdatabasen.scb.se/api/v2"

#: The population series: the table that holds it, and its contents (by code, or by the
#: exact label that a table continuing it uses for the same figure).
POPULATION_TABLE = "TAB638"
POPULATION_CONTENTS = {"BE0101N1": "population", "label=folkmangd": "population"}
#: What the catalogue is searched for when TAB638 ends before the years wanted.
POPULATION_SEARCH = "folkmängd region"
#: table id -> {content code, "label:" + normalised label prefix, or "label=" + label -> indicator}
INDICATOR_TABLES = {
    "TAB3138": {"NR0105AH": "grp_msek", "label:brpperinvanarelopandepriser": "grp_per_capita_scb",
                "label:brppersysselsattlopandepriser": "grp_per_employed"},
}
#: employment tables: id -> (first year, last year) kept; RAMS and BAS overlap in 2020-2021,
#: and SCB advises BAS for those years, so RAMS stops at 2019.
EMPLOYMENT_TABLES = {"TAB5837": (None, 2019), "TAB3785": (2020, None)}
#: R&D: the catalogue search and the words its title must hold
RD_SEARCH, RD_WORDS = "FoU region", ("fou", "region")
#: R&D sectors, by normalised label prefix -> indicator
RD_SECTORS = {"foretag": "rd_business_msek", "offentlig": "rd_government_msek",
              "universitet": "rd_higher_edu_msek", "hogskol": "rd_higher_edu_msek",
              "samtliga": "rd_total_msek", "totalt": "rd_total_msek", "allasektorer": "rd_total_msek"}
#: What ``--table`` takes besides table ids: a role, or role=TAB[,TAB] to name its tables.
ROLES = {"population": [POPULATION_TABLE], "grp": ["TAB3138"], "rd": [], "employment": list(EMPLOYMENT_TABLES)}

#: How SCB writes "all of them" for a variable that cannot be left out. Codes: TotSA
#: ("totalt, samtliga åldrar"), TotSa ("totalt, samtliga män och kvinnor"), tot, TOT, TOTALT,
#: 1+2 (both sexes), SC (all marital statuses). Labels (folded): "totalt ...", "samtliga ...",
#: "båda könen", "alla ...".
TOTAL_CODE = re.compile(r"^(tot[a-z]*|total[a-z]*|samtliga|1\+2|sc)$", re.IGNORECASE)
TOTAL_LABEL = re.compile(r"^(totalt|total|samtliga|alla|bada konen)\b")
#: Words in a catalogue entry (title or folder) that say a table is no longer updated; SCB
#: files such tables under "Äldre tabeller som inte längre uppdateras".
DISCONTINUED = re.compile(r"inte langre uppdateras|upphort|avslutad|discontinued|no longer updated")
#: Words that make a table a projection or forecast, never observed figures.
PROJECTION = re.compile(r"framskrivning|prognos|projection|forecast")
#: Catalogue pages: as many entries per page as SCB gives, and a stop against a loop.
PAGE_SIZE, MAX_PAGES = 100, 500


class NoYears(http.FetchError):
    """A table holds none of the years wanted: nothing is asked."""


class Scb:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.base = ctx.base("scb", BASE)
        self.client = ctx.client("SCB", http.RateLimit(30, 10))
        self.max_cells = 150_000
        self.snaps: list[snapshot.Snapshot] = []

    def _get(self, path: str, name: str, params=None):
        r = self.client.get(f"{self.base}{path}", params=params)
        snap = self.ctx.keep("scb", name, r, query=params, licence=LICENCE)
        self.snaps.append(snap)
        doc = read_json(snap)
        if doc is None:
            raise AnswerMismatch(f"SCB answered {path} with something other than JSON; nothing was loaded "
                                 f"(the answer is kept in {snap.path}).")
        return doc, snap

    def configure(self) -> None:
        """Read the API's own limits and throttle by them."""
        cfg, _ = self._get("/config", "config")
        calls, window = int(cfg.get("maxCallsPerTimeWindow") or 30), float(cfg.get("timeWindow") or 10)
        # keep one call in reserve: other users of the same IP share the window
        self.client.limit = http.RateLimit(max(1, calls - 1), window)
        self.max_cells = int(cfg.get("maxDataCells") or self.max_cells)
        self.ctx.progress(f"SCB: limit {calls} calls per {window:g} s, {self.max_cells} cells per call")

    def metadata(self, table: str) -> dict:
        meta, snap = self._get(f"/tables/{table}/metadata", f"{table}-metadata", {"lang": "sv"})
        said = ((meta.get("extension") or {}).get("px") or {}).get("tableid") if isinstance(meta, dict) else None
        if not isinstance(meta, dict) or "id" not in meta or "dimension" not in meta:
            raise AnswerMismatch(f"SCB answered the metadata of {table} with something that is not a table's "
                                 f"metadata; nothing was loaded (the answer is kept in {snap.path}).")
        if said and said != table:
            raise AnswerMismatch(f"SCB answered the metadata of {table} with the metadata of {said}; nothing was "
                                 f"loaded (the answer is kept in {snap.path}).")
        return meta

    @staticmethod
    def search_params(query: str, page: int = 1) -> dict:
        return {"query": query, "lang": "sv", "pageSize": PAGE_SIZE, "pageNumber": page}

    def searched(self, query: str) -> bool:
        """When replaying: did the fetch search the catalogue for ``query``?"""
        return self.ctx.replay is not None and self.ctx.replay.holds("GET", f"{self.base}/tables",
                                                                     self.search_params(query))

    def search(self, query: str) -> list[dict]:
        """Every table in SCB's catalogue that the search finds: all pages, not only the first."""
        found, page = [], 1
        while True:
            params = self.search_params(query, page)
            doc, snap = self._get("/tables", f"tables-search-p{page}", params)
            if not isinstance(doc, dict) or not isinstance(doc.get("tables"), list):
                raise AnswerMismatch(f"SCB answered the catalogue search '{query}' with something that is not a "
                                     f"list of tables; nothing was loaded (the answer is kept in {snap.path}).")
            found += doc["tables"]
            info = doc.get("page") or {}
            links = [*(doc.get("links") or []), *(info.get("links") or [])]
            more = page < int(info.get("totalPages") or 1) or any(link.get("rel") == "next" for link in links)
            if not more or not doc["tables"]:
                break
            if page >= MAX_PAGES:
                raise http.FetchError(f"SCB's catalogue kept paging after {MAX_PAGES} pages for '{query}'; "
                                      "nothing was loaded. Name the table with --table instead.")
            page += 1
        self.ctx.progress(f"SCB: catalogue search '{query}': {len(found)} tables on {page} page(s)")
        return found

    def data(self, table: str, selection: list[dict]) -> list[tuple[pd.DataFrame, snapshot.Snapshot, str]]:
        """POST the selection, split by year if it has too many cells; every answer is checked
        against what was asked for before it is read."""
        time_sel = next((s for s in selection if s.get("_time")), None)
        years = time_sel["valueCodes"] if time_sel else []
        if time_sel is not None and not years:
            raise NoYears(f"SCB {table}: no year to ask for")
        cells = math.prod(len(s["valueCodes"]) for s in selection)
        per = max(1, self.max_cells // max(1, cells // max(1, len(years))))
        chunks = [years[i:i + per] for i in range(0, len(years), per)] if cells > self.max_cells and years \
            else [years]
        out = []
        for n, part in enumerate(chunks, 1):
            body = {"selection": [{k: v for k, v in s.items() if not k.startswith("_")} | (
                {"valueCodes": part} if s is time_sel else {}) for s in selection]}
            params = {"lang": "sv", "outputFormat": "json-stat2"}
            self.ctx.progress(f"SCB: {table} part {n}/{len(chunks)}")
            r = self.client.post(f"{self.base}/tables/{table}/data", params=params, json=body)
            snap = self.ctx.keep("scb", f"{table}-data-{n}", r, method="POST", query={"params": params, "body": body},
                                 licence=LICENCE)
            self.snaps.append(snap)
            doc = jsonstat_dataset(snap, f"SCB answered the data request for {table}")
            check_answer(doc, table, body["selection"], snap)
            out.append((jsonstat.decode(doc), snap, doc.get("label") or table))
        return out


def check_answer(doc: dict, table: str, selection: list[dict], snap: snapshot.Snapshot) -> None:
    """Refuse an answer that does not hold exactly what was asked for."""
    said = ((doc.get("extension") or {}).get("px") or {}).get("tableid")
    diffs = [f"it is table {said}"] if said and said != table else []
    diffs += jsonstat.differences(doc, {s["variableCode"]: [str(c) for c in s["valueCodes"]] for s in selection})
    if diffs:
        raise AnswerMismatch(f"SCB's answer for {table} does not match the request: {'; '.join(diffs)}. Nothing was "
                             f"loaded; the answer is kept in {snap.path}.")


def _dims(meta: dict) -> dict[str, dict]:
    return {d: meta["dimension"][d] for d in meta["id"]}


def _eliminable(dim: dict) -> bool:
    return bool((dim.get("extension") or {}).get("elimination"))


def total_of(dim: dict) -> str | None:
    """The category that means "all of them" (by SCB's code and label patterns), or None.
    With several candidates, one that matches by code and by label wins; a tie is None."""
    labels = jsonstat.labels(dim)
    by_code = {c for c in jsonstat.categories(dim) if TOTAL_CODE.match(c)}
    by_label = {c for c in jsonstat.categories(dim) if TOTAL_LABEL.match(fold(labels.get(c, "")).strip())}
    for pool in (by_code & by_label, by_code | by_label):
        if len(pool) == 1:
            return next(iter(pool))
        if len(pool) > 1:
            return None
    return None


def require(meta: dict, table: str, *names: str) -> None:
    """A table we read by region (and content) must have those variables."""
    for name in names:
        if name not in meta.get("id", []):
            raise http.FetchError(
                f"SCB table {table} has no variable {name} (it has {', '.join(meta.get('id', []))}), so it cannot "
                f"feed the regional indicators; name another table with --table. Nothing was loaded.")


def selection_for(meta: dict, table: str, *, regions: list[str], contents: list[str] | None, since: int | None,
                  until: int | None, keep_all: tuple[str, ...] = (), after: int | None = None
                  ) -> tuple[list[dict], list[str]]:
    """A v2 selection (our regions, the chosen contents, the years, all of ``keep_all``;
    every other variable eliminated if it may be, else its total) and a line per total taken.
    Years: from ``since``, to ``until``, later than ``after``."""
    require(meta, table, "Region", "ContentsCode")
    tdim = time_dim(meta)
    sel, said = [], []
    for name, dim in _dims(meta).items():
        codes = jsonstat.categories(dim)
        if name == "Region":
            chosen = [c for c in regions if c in codes]
        elif name == "ContentsCode":
            chosen = [c for c in codes if contents is None or c in contents]
        elif name == tdim:
            chosen = [c for c in codes if (since is None or int(c[:4]) >= since)
                      and (until is None or int(c[:4]) <= until) and (after is None or int(c[:4]) > after)]
            sel.append({"variableCode": name, "valueCodes": chosen, "_time": True})
            continue
        elif name in keep_all:
            chosen = codes
        elif _eliminable(dim):
            continue
        else:
            total = total_of(dim)
            if total is None:
                raise http.FetchError(f"SCB table {table}: variable {name} can neither be left out nor summed "
                                      f"(values {jsonstat.shown(codes)}); name another table with --table or "
                                      "report this so the connector can be updated. Nothing was loaded.")
            chosen = [total]
            said.append(f"{name}: took {total} ('{jsonstat.labels(dim).get(total, total)}') as the total")
        if not chosen:
            raise http.FetchError(f"SCB table {table} has none of the expected values for {name}; "
                                  "its layout may have changed. Nothing was loaded.")
        sel.append({"variableCode": name, "valueCodes": chosen})
    return sel, said


def _contents_map(meta: dict, wanted: dict[str, str], table: str) -> dict[str, str]:
    dim = meta["dimension"].get("ContentsCode", {})
    labels = jsonstat.labels(dim)
    out = {}
    for key, ind in wanted.items():
        if key.startswith("label:"):
            hits = [c for c, lab in labels.items() if norm(lab).startswith(key[6:])]
        elif key.startswith("label="):
            hits = [c for c, lab in labels.items() if norm(lab) == key[6:]]
        else:
            hits = [key] if key in labels or key in jsonstat.categories(dim) else []
        if len(hits) > 1:
            raise http.FetchError(f"SCB table {table} has several contents that could be {ind} "
                                  f"({', '.join(f'{c} {labels.get(c, c)!r}' for c in hits)}); report this so the "
                                  "connector can name one. Nothing was loaded.")
        if hits:
            out[hits[0]] = ind
    if not out:
        raise http.FetchError(f"SCB table {table} has none of the expected contents ({', '.join(wanted)}); "
                              "its layout may have changed. Nothing was loaded.")
    return out


def _years(meta: dict) -> list[int]:
    return [int(c[:4]) for c in jsonstat.categories(meta["dimension"][time_dim(meta)]) if c[:4].isdigit()]


def _texts(entry: dict) -> list[str]:
    return [str(entry.get("label") or "")] + [str(p.get("label") or "") for path in entry.get("paths") or []
                                               for p in path]


def discontinued(entry: dict) -> bool:
    """A catalogue entry for a table SCB no longer updates: the spec's ``discontinued`` flag
    when an entry has it (SCB's entries do not), or the words SCB puts in its title or in the
    folder it files such tables under."""
    return entry.get("discontinued") is True or any(DISCONTINUED.search(fold(t)) for t in _texts(entry))


def projection(entry: dict) -> bool:
    return any(PROJECTION.search(fold(t)) for t in _texts(entry))


def _first_year(period) -> int | None:
    text = str(period or "")
    return int(text[:4]) if text[:4].isdigit() else None


def successors(entries: list[dict], table: str, last: int) -> list[dict]:
    """Catalogue entries that could continue ``table`` (population by region, yearly) after
    ``last``: observed figures (no projection), still updated, from the year after at the
    latest, with a region variable; the newest first."""
    out = []
    for e in entries:
        first, end = _first_year(e.get("firstPeriod")), _first_year(e.get("lastPeriod"))
        if (e.get("id") == table or discontinued(e) or projection(e) or first is None or end is None
                or str(e.get("timeUnit", "Annual")).lower() not in ("annual", "a")
                or not norm(e.get("label", "")).startswith("folkmangd")
                or "region" not in [norm(v) for v in e.get("variableNames") or ["region"]]):
            continue
        if end > last and first <= last + 1:
            out.append(e)
    return sorted(out, key=lambda e: (str(e.get("lastPeriod")), str(e.get("updated"))), reverse=True)


def _choices(options: list[str] | None) -> tuple[set[str], dict[str, list[str]]]:
    """``--table`` values -> (what to fetch: roles, named tables -> roles) and (role -> tables named)."""
    by_table = {t: role for role, tables in ROLES.items() for t in tables}
    want, named = set(), {}
    for raw in options or []:
        key, _, tables = raw.partition("=")
        key = key.strip()
        role = key.lower() if key.lower() in ROLES else by_table.get(key.upper())
        if role is None:
            raise http.FetchError(f"SCB has no table set '{raw}' here; choose from {', '.join(ROLES)} or "
                                  f"{', '.join(by_table)}, or name tables with e.g. --table rd=TAB1234 or "
                                  f"--table population={POPULATION_TABLE},TAB1234.")
        if tables:
            if role not in ("population", "rd"):
                raise http.FetchError(f"Only population and rd take table ids (e.g. --table rd=TAB1234), not '{raw}'.")
            named[role] = [t.strip().upper() for t in tables.split(",") if t.strip()]
        want.add(role)
        if role == "employment" and key.upper() in EMPLOYMENT_TABLES:
            want.add(key.upper())
    return want, named


def _indicator_table(scb: Scb, table: str, contents: dict[str, str], regions: list[str], *, since: int | None,
                     after: int | None = None, meta: dict | None = None) -> list[dict]:
    meta = meta or scb.metadata(table)
    cmap = _contents_map(meta, contents, table)
    sel, said = selection_for(meta, table, regions=regions, contents=list(cmap), since=since, until=None, after=after)
    for line in said:
        scb.ctx.progress(f"SCB: {table}: {line}")
    prelim, why = scb_format.preliminary_periods(meta)
    if prelim:
        scb.ctx.progress(f"SCB: {table}: {', '.join(sorted(prelim))} flagged preliminary (metadata: {why[:120]!r})")
    rows = []
    try:
        parts = scb.data(table, sel)
    except NoYears:
        scb.ctx.progress(f"SCB: {table} holds no year wanted (it has {min(_years(meta))}-{max(_years(meta))}); "
                         "not asked")
        return []
    for frame, snap, title in parts:
        rows += scb_format.indicator_records(frame, meta, cmap, snap.url, table, title, preliminary=prelim)
    return rows


def _population(scb: Scb, named: list[str] | None, regions: list[str]) -> tuple[list[dict], list[str]]:
    """Population from TAB638 and, for later years, the table that continues it."""
    ctx = scb.ctx
    tables = named or [POPULATION_TABLE]
    metas = {tables[0]: scb.metadata(tables[0])}
    if not named:
        end = max(_years(metas[tables[0]]))
        loaded = ctx.last_year("population")
        stale = loaded is not None and end <= loaded or ctx.since is not None and end < ctx.since
        if scb.ctx.replay is not None:     # the warehouse may have changed since: do what the fetch did
            stale = scb.searched(POPULATION_SEARCH)
        if stale:
            found = successors(scb.search(POPULATION_SEARCH), tables[0], end)
            if not found:
                ctx.progress(f"SCB: {tables[0]} ends at {end} and SCB's catalogue has no later yearly population "
                             "table by region; population is not extended")
            else:
                top = [e for e in found if e.get("lastPeriod") == found[0].get("lastPeriod")]
                if len(top) > 1:
                    raise http.FetchError(
                        f"SCB's catalogue has several tables that could continue {tables[0]} after {end}: "
                        + "; ".join(f"{e['id']} ({e.get('label')})" for e in top)
                        + f". Name one with --table population={tables[0]},TABnnnn. Nothing was loaded.")
                tables.append(found[0]["id"])
                ctx.progress(f"SCB: {tables[0]} ends at {end}; population after {end} comes from {found[0]['id']} "
                             f"({found[0].get('label')}), found in SCB's catalogue")
    else:
        ctx.progress(f"SCB: population from {', '.join(tables)} (named with --table)")
    rows, used, after = [], [], None
    for table in tables:
        meta = metas.get(table) or scb.metadata(table)
        got = _indicator_table(scb, table, POPULATION_CONTENTS, regions, since=ctx.since, after=after, meta=meta)
        if got:
            rows += got
            used.append(table)
        if after is not None and min(_years(meta)) <= after:
            ctx.progress(f"SCB: {table}: only the years after {after} are taken ({tables[tables.index(table) - 1]} "
                         "holds the earlier ones)")
        after = max(after or 0, max(_years(meta)))
    return rows, used


def _rd(scb: Scb, named: list[str] | None, regions: list[str]) -> tuple[list[dict], str | None]:
    ctx = scb.ctx
    if named:
        table = named[0]
        ctx.progress(f"SCB: R&D from {table} (named with --table)")
    else:
        found = [e for e in scb.search(RD_SEARCH)
                 if all(w in norm(e.get("label", "")) for w in RD_WORDS) and not discontinued(e) and not projection(e)]
        if not found:
            ctx.progress(f"SCB: no R&D-by-region table found in SCB's table catalogue (search '{RD_SEARCH}'); "
                         "R&D skipped (name one with --table rd=TABnnnn)")
            return [], None
        found.sort(key=lambda e: (str(e.get("lastPeriod")), str(e.get("updated"))), reverse=True)
        table = found[0]["id"]
        others = f"; also found: {', '.join(e['id'] for e in found[1:])}" if len(found) > 1 else ""
        ctx.progress(f"SCB: R&D from {table} ({found[0].get('label')}), found in SCB's catalogue{others}")
    meta = scb.metadata(table)
    require(meta, table, "Region", "ContentsCode")
    sector = next((d for d in meta["id"] if norm(d).startswith("sektor")), None)
    content = next((c for c, lab in jsonstat.labels(meta["dimension"]["ContentsCode"]).items()
                    if "mnkr" in norm(lab) or "miljonerkronor" in norm(lab)), None)
    if sector is None or content is None:
        ctx.progress(f"SCB: {table} has no sector variable or no MSEK content; R&D skipped")
        return [], None
    smap = {c: next((ind for p, ind in RD_SECTORS.items() if norm(lab).startswith(p)), None)
            for c, lab in jsonstat.labels(meta["dimension"][sector]).items()}
    smap = {c: i for c, i in smap.items() if i}
    sel, said = selection_for(meta, table, regions=regions, contents=[content], since=ctx.since, until=None,
                              keep_all=(sector,))
    for s in sel:
        if s["variableCode"] == sector:
            s["valueCodes"] = list(smap)
    for line in said:
        ctx.progress(f"SCB: {table}: {line}")
    prelim, _ = scb_format.preliminary_periods(meta)
    rows = []
    try:
        parts = scb.data(table, sel)
    except NoYears:
        ctx.progress(f"SCB: {table} holds no year wanted; not asked")
        return [], None
    mapped = {c: ind for c, ind in smap.items() if ind is not None}   # other sectors are asked, not loaded
    for frame, snap, title in parts:
        rows += scb_format.indicator_records(frame, meta, mapped, snap.url, table, title, content_dim=sector,
                                             preliminary=prelim)
    return rows, table


def _employment(scb: Scb, table: str, first: int | None, last: int | None, regions: list[str]) -> list[dict]:
    ctx = scb.ctx
    meta = scb.metadata(table)
    require(meta, table, "Region", "ContentsCode")
    sni = next((d for d in meta["id"] if norm(d).startswith("sni")), None)
    if sni is None:
        raise http.FetchError(f"SCB table {table} has no SNI 2007 variable; its layout may have changed. "
                              "Nothing was loaded.")
    contents = jsonstat.categories(meta["dimension"]["ContentsCode"])
    since = max(first or 0, ctx.since or 0) or None
    sel, said = selection_for(meta, table, regions=regions, contents=contents[:1], since=since, until=last,
                              keep_all=(sni,))
    for s in sel:
        if s["variableCode"] == sni:
            s["valueCodes"] = [c for c in s["valueCodes"] if c in SNI_GROUPS]
    for line in said:
        ctx.progress(f"SCB: {table}: {line}")
    prelim, why = scb_format.preliminary_periods(meta)
    if prelim:
        ctx.progress(f"SCB: {table}: {', '.join(sorted(prelim))} flagged preliminary (metadata: {why[:120]!r})")
    rows = []
    try:
        parts = scb.data(table, sel)
    except NoYears:
        ctx.progress(f"SCB: {table} holds no year wanted; not asked")
        return []
    for frame, snap, title in parts:
        rows += scb_format.employment_records(frame, meta, sni, snap.url, table, title, preliminary=prelim)
    return rows


def fetch(ctx: Context) -> list[Batch]:
    want, named = _choices(ctx.options.get("tables"))
    scb = Scb(ctx)
    scb.configure()
    regions = ctx.regions()
    indicator_rows, employment_rows, labels, emp_labels = [], [], [], []

    def wanted(role):
        return not want or role in want

    if wanted("population"):
        rows, used = _population(scb, named.get("population"), regions)
        indicator_rows += rows
        labels += used
    for table, contents in INDICATOR_TABLES.items():
        if wanted("grp"):
            rows = _indicator_table(scb, table, contents, regions, since=ctx.since)
            indicator_rows += rows
            labels += [table] if rows else []
            ctx.progress(f"SCB: {table}: {len(rows)} values")
    if wanted("rd"):
        rows, rd_table = _rd(scb, named.get("rd"), regions)
        indicator_rows += rows
        labels += [rd_table] if rows and rd_table else []
    only_emp = {t for t in want if t in EMPLOYMENT_TABLES}
    for table, (first, last) in EMPLOYMENT_TABLES.items():
        if wanted("employment") and (not only_emp or table in only_emp):
            rows = _employment(scb, table, first, last, regions)
            employment_rows += rows
            emp_labels += [table] if rows else []
    batches = []
    if indicator_rows:
        batches.append(Batch(scb_format.indicator_parsed(indicator_rows, labels), scb.snaps, LICENCE,
                             "scb " + ", ".join(labels)))
    if employment_rows:
        batches.append(Batch(scb_format.employment_parsed(employment_rows, emp_labels), scb.snaps, LICENCE,
                             "scb " + ", ".join(emp_labels)))
    return batches
