"""The API connectors, against recorded responses.

tests/fixtures/api holds two kinds (see the README there): ``*.synthetic.*`` written from
each API's documentation (numbers illustrative), and ``*.real-<origin>.*``, answers SCB
really sent, recorded by the test suites of public client libraries. Each test runs a
fetch end to end on a private copy of the test warehouse: request -> snapshot -> answer
checked against the request -> transform -> the upload validators -> a batch of kind
"fetch" that history lists and undo reverses. The numbered defects of issue #18 each have
a test on an answer of the real shape (the section "answers checked against the request"
and after).
"""

from __future__ import annotations

import copy
import hashlib
import http.server
import io
import itertools
import json
import re
import socket
import threading
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import requests
import responses

from app import i18n
from etl import cli, load, vocabulary
from etl.fetch import base as fetch_base, eurostat, http as fhttp, kolada, run, scb, snapshot, vinnova
from etl.formats import eurostat as eurostat_format, jsonstat, scb as scb_format
from tests.conftest import query
from tests.test_upload import _data_hash as data_hash, checksum

FIX = Path(__file__).parent / "fixtures" / "api"


def fixture(name: str) -> bytes:
    return (FIX / name).read_bytes()


def fetch(source, pointer, **kw):
    """Run a fetch with the recorded responses and no real waiting."""
    lines = []
    kw.setdefault("progress", lines.append)
    results = run.run(source, pointer, session=requests.Session(), sleep=lambda s: None, **kw)
    return results, lines



def indicator(pointer, region, ind, year):
    rows = query(pointer, """SELECT value, flag, s.publisher, s.licence FROM indicator_value v JOIN source s
                             USING (source_id) WHERE region_code = ? AND indicator_id = ? AND year = ?""",
                 (region, ind, year))
    return rows[0] if rows else None


def scb_codes(pointer) -> list[str]:
    """SCB codes of Sweden and the 21 counties, as the warehouse's region table has them."""
    return [r[0] for r in query(pointer, """SELECT scb_code FROM region WHERE level IN ('country', 'county')
                                            AND scb_code <> '' ORDER BY scb_code""")]


def echo(meta: dict, body: dict, value=lambda cell: 1000.0, table: str | None = None) -> bytes:
    """A synthetic answer in the shape SCB's real ones have (JSON-stat 2.0, dense values,
    ``extension.px.tableid``), holding exactly what ``body`` asked of the table whose
    metadata is ``meta``; ``value`` gives each cell's number. Test input only."""
    asked = {s["variableCode"]: [str(c) for c in s["valueCodes"]] for s in body["selection"]}
    ids = [d for d in meta["id"] if d in asked]
    dims = {}
    for d in ids:
        labels = meta["dimension"][d]["category"].get("label", {})
        dims[d] = {"label": meta["dimension"][d].get("label", d),
                   "category": {"index": {c: i for i, c in enumerate(asked[d])},
                                "label": {c: labels.get(c, c) for c in asked[d]}}}
    values = [value(dict(zip(ids, cell, strict=True))) for cell in itertools.product(*(asked[d] for d in ids))]
    doc = {"version": "2.0", "class": "dataset", "label": meta.get("label"), "source": "SCB",
           "updated": meta.get("updated"), "role": meta.get("role"), "id": ids, "size": [len(asked[d]) for d in ids],
           "dimension": dims, "extension": {"px": {"tableid": table or meta["extension"]["px"]["tableid"]}},
           "value": values}
    return json.dumps(doc, ensure_ascii=False).encode()


# --- SCB ---------------------------------------------------------------------------------


def scb_recorded(rsps: responses.RequestsMock, bodies: dict):
    base = scb.BASE
    rsps.get(f"{base}/config", body=fixture("scb_config.synthetic.json"))
    rsps.get(f"{base}/tables", body=fixture("scb_tables_fou.synthetic.json"))
    for table in ("TAB638", "TAB3138", "TAB_SYNTHETIC_FOU", "TAB5837", "TAB3785"):
        rsps.get(f"{base}/tables/{table}/metadata", body=fixture(f"scb_{table}_metadata.synthetic.json"))

        def answer(request, table=table):
            bodies[table] = json.loads(request.body)
            return 200, {"Content-Type": "application/json; charset=UTF-8"}, fixture(f"scb_{table}_data.synthetic.json")

        rsps.add_callback(responses.POST, f"{base}/tables/{table}/data", callback=answer)


def test_scb_fetch_loads_population_grp_rd_and_employment_as_undoable_batches(pointer):
    before = data_hash(pointer)
    bodies = {}
    with responses.RequestsMock() as rsps:
        scb_recorded(rsps, bodies)
        results, lines = fetch("scb", pointer)
    # What was asked: our regions only, eliminable variables left out, totals where needed.
    sel = {s["variableCode"]: s["valueCodes"] for s in bodies["TAB638"]["selection"]}
    assert sel == {"Region": ["00", "17", "20", "21"], "ContentsCode": ["BE0101N1"], "Tid": ["2022", "2023", "2024"]}
    sel = {s["variableCode"]: s["valueCodes"] for s in bodies["TAB3138"]["selection"]}
    assert sel["ContentsCode"] == ["NR0105AH", "SYNTH_PER_INV", "SYNTH_PER_SYSS"]    # per-capita found by label
    sel = {s["variableCode"]: s["valueCodes"] for s in bodies["TAB5837"]["selection"]}
    assert sel["Tid"] == ["2018", "2019"] and "A-U+US" not in sel["SNI2007"]       # RAMS stops where BAS starts
    sel = {s["variableCode"]: s["valueCodes"] for s in bodies["TAB3785"]["selection"]}
    assert sel["Kon"] == ["1+2"] and "Fodelseregion" not in sel and sel["ContentsCode"] == ["SYNTH_DAG"]
    # What was loaded
    assert indicator(pointer, "SE311", "population", 2022)[:2] == (282000, None)
    assert indicator(pointer, "SE", "population", 2024)[0] == 10590000
    assert indicator(pointer, "SE312", "grp_per_capita_scb", 2023)[0] == 430.0
    assert indicator(pointer, "SE313", "grp_per_employed", 2022)[0] == 900.25
    assert indicator(pointer, "SE311", "rd_business_msek", 2019)[0] == 2100.0
    assert indicator(pointer, "SE311", "grp_msek", 2022)[2:] == ("SCB (Statistiska centralbyrån)", scb.LICENCE)
    emp = dict(((r, y, c), v) for r, y, c, v in query(
        pointer, "SELECT region_code, year, industry_code, employed FROM employment WHERE batch_id LIKE 'fetch-%'"))
    assert emp[("SE311", 2019, "B+C")] == 20800 and emp[("SE312", 2022, "X")] == 780
    assert ("SE311", 2022, "B+C") not in emp                        # '..' in the answer stays missing
    assert [p.kind for p, _ in results] == ["indicator_value", "employment"]
    assert any("SCB: limit 30 calls per 10 s" in line for line in lines)
    # History lists both batches; each names its snapshots, whose metadata has the origin.
    hist = load.history(pointer)
    fetched = hist[hist.kind == "fetch"]
    assert len(fetched) == 2 and fetched.note.str.contains("snapshots: scb/").all()
    snaps = sorted((pointer.parent / "snapshots" / "scb").rglob("*TAB638-data-1.json"))
    meta = snapshot.load_meta(snaps[-1])
    assert meta["method"] == "POST" and meta["url"].startswith(f"{scb.BASE}/tables/TAB638/data")
    assert meta["query"]["body"]["selection"][0]["variableCode"] == "Region" and meta["licence"] == scb.LICENCE
    assert meta["sha256"] == hashlib.sha256(snaps[-1].read_bytes()).hexdigest() and meta["retrieved_at"]
    # Undo, newest first, gives back exactly the data as it was (history keeps the batches).
    for r in fetched.batch_id:
        load.undo(r, pointer)
    assert data_hash(pointer) == before


def test_scb_splits_a_selection_larger_than_max_data_cells(tmp_path):
    ctx = run.Context(tmp_path, progress=lambda m: None, session=requests.Session(), sleep=lambda s: None)
    client = scb.Scb(ctx)
    client.max_cells = 4
    meta = json.loads(fixture("scb_TAB638_metadata.synthetic.json"))
    regions = list(meta["dimension"]["Region"]["category"]["index"])
    sel, _ = scb.selection_for(meta, "TAB638", regions=regions, contents=["BE0101N1"], since=None, until=None)
    calls = []
    with responses.RequestsMock() as rsps:
        rsps.add_callback(responses.POST, f"{scb.BASE}/tables/TAB638/data", callback=lambda r: (
            calls.append(json.loads(r.body)) or (200, {}, echo(meta, json.loads(r.body)))))
        client.data("TAB638", sel)
    years = [next(s["valueCodes"] for s in c["selection"] if s["variableCode"] == "Tid") for c in calls]
    assert years == [["2022"], ["2023"], ["2024"]]                   # 5 regions x 1 year = 5 cells a call


# --- Eurostat ----------------------------------------------------------------------------


def test_eurostat_sparse_values_and_status_letters(pointer):
    with responses.RequestsMock() as rsps:
        for ds in eurostat.DATASETS:
            rsps.get(f"{eurostat.BASE}/{ds}", body=fixture(f"eurostat_{ds}.synthetic.json"))
        results, _ = fetch("eurostat", pointer, since=2015)
        sent = [c.request.url for c in rsps.calls]
    assert "geo=SE311&geo=SE312&geo=SE313" in sent[0]
    assert "unit=MIO_EUR" in sent[0] and "sinceTimePeriod=2015" in sent[0]
    assert indicator(pointer, "SE311", "gdp_mio_eur", 2023)[:2] == (11200.0, "preliminary")
    assert indicator(pointer, "SE31", "gdp_mio_eur", 2022)[:2] == (35000.0, None)
    assert indicator(pointer, "SE313", "gdp_mio_eur", 2023) is None            # absent from the sparse value
    assert indicator(pointer, "SE31", "gerd_pct_gdp", 2021)[:2] == (1.2, "break;estimated")
    assert indicator(pointer, "SE31", "htec_employment_pct", 2022)[:2] == (3.1, "low_precision")
    written = results[0][1].inserted + results[0][1].updated         # the bundled data has Eurostat GDP too
    assert written == 16                                             # 5 + 4 + 4 + 3 cells with a value


def test_jsonstat_decodes_array_index_and_dense_values():
    doc = {"version": "2.0", "class": "dataset", "id": ["a", "b"], "size": [2, 2],
           "dimension": {"a": {"category": {"index": ["x", "y"]}}, "b": {"category": {"index": {"1": 0, "2": 1}}}},
           "value": [1, None, 3, 4], "status": {"1": ".."}}
    df = jsonstat.decode(doc)
    assert df[["a", "b"]].values.tolist() == [["x", "1"], ["x", "2"], ["y", "1"], ["y", "2"]]
    assert df.value.isna().tolist() == [False, True, False, False] and df.status[1] == ".."


def test_an_api_answer_that_fails_validation_is_not_loaded(pointer):
    doc = json.loads(fixture("eurostat_rd_e_gerdreg.synthetic.json"))
    doc["value"]["0"] = 340.0                                           # not a percentage
    before = checksum(pointer)
    with responses.RequestsMock() as rsps:
        rsps.get(f"{eurostat.BASE}/rd_e_gerdreg", body=json.dumps(doc))
        with pytest.raises(load.Invalid) as err:
            fetch("eurostat", pointer, tables=["rd_e_gerdreg"])
    assert "340" in err.value.problems[0].text("en") and "row 1" in err.value.problems[0].text("en")
    assert checksum(pointer) == before


# --- Kolada ------------------------------------------------------------------------------


def test_kolada_pages_through_next_url_and_keeps_totals_only(pointer):
    with responses.RequestsMock() as rsps:
        rsps.get("https://api.kolada.se/v3/data/kpi/N01982/municipality/0000,0017/year/2022,2023",
                 match=[responses.matchers.query_param_matcher({"page": "2", "per_page": "2"})],
                 body=fixture("kolada_page2.synthetic.json"))
        ids = ["00" + code for code in scb_codes(pointer)]                    # Sweden 0000 and the 21 regions
        first = (f"https://api.kolada.se/v3/data/kpi/N01982/municipality/{','.join(ids)}"
                 f"/year/{','.join(str(y) for y in range(2020, 2031))}")
        rsps.get(first, match=[responses.matchers.query_param_matcher({"per_page": "5000"})],
                 body=fixture("kolada_page1.synthetic.json"))
        results, lines = fetch("kolada", pointer, since=2020, tables=["N01982"])
    assert indicator(pointer, "SE", "post_secondary_share_25_64", 2022)[0] == 46.1     # T, not K or M
    assert indicator(pointer, "SE311", "post_secondary_share_25_64", 2022)[0] == 39.4
    assert indicator(pointer, "SE311", "post_secondary_share_25_64", 2023) is None     # "Missing" stays missing
    assert any("page 2" in line for line in lines) and results[0][0].skipped_missing == 1


# --- Vinnova -----------------------------------------------------------------------------


def test_vinnova_keeps_projects_led_from_the_three_counties_and_names_vinnvaxt(pointer):
    def recorded(rsps):
        rsps.get(f"{vinnova.BASE}/projekt/2023-01-01", body=fixture("vinnova_projekt.synthetic.json"))
        rsps.get(f"{vinnova.BASE}/program/2020-00001,2020-00002", body=fixture("vinnova_program.synthetic.json"))

    with responses.RequestsMock() as rsps:
        recorded(rsps)
        results, lines = fetch("vinnova", pointer, since_date="2023-01-01")
    [(prepared, result)] = results                                      # one funding batch, committed
    assert (prepared.kind, prepared.licence, result.inserted) == ("funding", vinnova.LICENCE, 2)
    rows = query(pointer, """SELECT programme, project, beneficiary, amount, currency, amount_kind, year_start,
                                    string_agg(region_code, ';')
                             FROM funding JOIN funding_region USING (funding_id) WHERE batch_id LIKE 'fetch-%'
                             GROUP BY ALL ORDER BY project""")
    assert rows == [("Vinnväxt", "Smart skogsindustri i Värmland", "Karlstads universitet", 2500000, "SEK",
                     "national_grant", 2023, "SE311"),
                    ("Vinnova-other", "Syntetisk processindustri", "Högskolan i Gävle", 1200000, "SEK",
                     "national_grant", 2024, "SE313")]
    assert any("1 records left out (coordinator not placed" in line for line in lines)
    # Fetching the same again changes nothing: fetched rows have stable ids.
    with responses.RequestsMock() as rsps:
        recorded(rsps)
        again, _ = fetch("vinnova", pointer, since_date="2023-01-01")
    assert (again[0][1].inserted, again[0][1].unchanged) == (0, 2)


def test_county_of_an_organisation_by_its_name():
    assert vinnova.county_of("Karlstads universitet") == "SE311"
    assert vinnova.county_of("Högskolan Dalarna") == "SE312"
    assert vinnova.county_of("Gävle Energi AB") == "SE313"
    assert vinnova.county_of("Moraberg AB") is None and vinnova.county_of("Falun och Gävle AB") is None


# --- CORDIS and Kohesio ---------------------------------------------------------------------


def cordis_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("csv/project.csv", fixture("cordis_project.synthetic.csv"))
        z.writestr("csv/organization.csv", fixture("cordis_organization.synthetic.csv"))
    return buf.getvalue()


def test_cordis_fetch_keeps_participations_in_se31_with_decimal_commas(pointer):
    with responses.RequestsMock() as rsps:
        rsps.get(run.cordis.ZIPS["horizon"], body=cordis_zip(), content_type="application/zip")
        results, lines = fetch("cordis", pointer, tables=["horizon"])
    [(prepared, result)] = results
    assert (prepared.layout, prepared.licence, result.inserted) == ("cordis", run.cordis.LICENCE, 2)
    rows = query(pointer, """SELECT programme, project, beneficiary, amount, currency, year_start, year_end, region_code
                             FROM funding JOIN funding_region USING (funding_id) WHERE batch_id LIKE 'fetch-%'
                             ORDER BY amount""")
    assert rows == [("Horizon Europe", "STEELY: Low-carbon steel processes (synthetic)", "SYNTHETIC STEEL AB", 1000.25,
                     "EUR", 2021, 2024, "SE312"),
                    ("Horizon Europe", "FORESTX: Forest-based packaging innovation (synthetic)",
                     "KARLSTADS UNIVERSITET", 512345.5, "EUR", 2023, 2026, "SE311")]
    assert any("1 elsewhere left out" in line for line in lines)
    assert list((pointer.parent / "snapshots" / "cordis").rglob("*.zip"))


def test_hand_downloaded_cordis_and_kohesio_files_load_with_python_m_etl_load(pointer, tmp_path, capsys):
    folder = tmp_path / "cordis-HORIZONprojects-csv"
    folder.mkdir()
    (folder / "organization.csv").write_bytes(fixture("cordis_organization.synthetic.csv"))
    (folder / "project.csv").write_bytes(fixture("cordis_project.synthetic.csv"))
    kohesio_file = tmp_path / "SE-pp21-27-latest.csv"
    kohesio_file.write_bytes(fixture("kohesio_SE.synthetic.csv"))
    zip_file = tmp_path / "cordis-HORIZONprojects-csv.zip"
    zip_file.write_bytes(cordis_zip())
    said = {}
    for path in (folder / "organization.csv", kohesio_file, zip_file):
        code = cli.main(["load", str(path), "--db", str(pointer), "--quiet"])
        out, err = capsys.readouterr()
        assert code == 0, err
        said[path.name] = out
    assert said["organization.csv"].startswith("organization.csv: funding (cordis, sheet 'organization.csv'): "
                                               "2 new, 0 changed, 0 unchanged")
    assert "0 new, 0 changed, 2 unchanged" in said[zip_file.name]      # the zip holds the same rows
    rows = query(pointer, """SELECT programme, programme_period, project, amount, currency, year_start, year_end,
                                    amount_note, region_code FROM funding JOIN funding_region USING (funding_id)
                             WHERE programme = 'ERUF' AND batch_id LIKE 'upload-%'""")
    assert rows == [("ERUF", "2021-2027", "Innovationsmiljö för skog och trä", 480000.0, "EUR", 2023, 2026,
                     "EU budget of the operation (Kohesio); total eligible expenditure 1200000.0; co-financing rate "
                     "40.0 %", "SE311")]


def test_cordis_organisations_alone_through_the_upload_path(pointer):
    prepared = load.prepare("organization.csv", fixture("cordis_organization.synthetic.csv"), pointer)
    assert prepared.layout == "cordis" and len(prepared.rows) == 2
    assert set(prepared.rows.programme) == {"Horizon 2020/Horizon Europe"}    # no project.csv: not guessed


def test_a_kohesio_file_with_nothing_in_the_region_says_so(pointer):
    text = fixture("kohesio_SE.synthetic.csv").decode("utf-8-sig").splitlines()
    data = "\r\n".join([text[0], text[2]]).encode("utf-8-sig")
    with pytest.raises(load.Invalid) as err:
        load.prepare("SE-pp21-27-latest.csv", data, pointer)
    assert "no rows in Norra Mellansverige" in err.value.problems[0].text("en")


# --- politeness and the network ------------------------------------------------------------


def test_rate_limit_waits_for_the_window():
    now = [0.0]
    waits = []
    limit = fhttp.RateLimit(3, 10)
    for _ in range(4):
        limit.wait(sleep=lambda s: (waits.append(s), now.__setitem__(0, now[0] + s)), clock=lambda: now[0])
        now[0] += 1
    assert waits == [7.0]                                               # the 4th call waits for the 1st to age out


class Flaky(http.server.BaseHTTPRequestHandler):
    answers: list = []

    def do_GET(self):  # noqa: N802
        status, headers = self.answers.pop(0)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(b'{"ok": true}' if status == 200 else b'{"title": "Too many requests"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/data"
    server.shutdown()


def test_retries_429_and_5xx_with_backoff_honouring_retry_after(flaky_server):
    Flaky.answers = [(429, {"Retry-After": "3"}), (503, {}), (200, {})]
    slept, said = [], []
    client = fhttp.Client("Test", fhttp.RateLimit(100, 1), backoff=1.0, sleep=slept.append, progress=said.append)
    assert client.get(flaky_server).json() == {"ok": True}
    assert slept == [3.0, 2.0]                                          # Retry-After, then 1 s x 2^1
    assert "HTTP 429" in said[0] and "HTTP 503" in said[1]


def test_gives_up_after_the_retries_with_a_sentence(flaky_server):
    Flaky.answers = [(503, {})] * 3
    client = fhttp.Client("Test", fhttp.RateLimit(100, 1), retries=2, sleep=lambda s: None)
    with pytest.raises(fhttp.FetchError) as err:
        client.get(flaky_server)
    assert str(err.value).startswith("Test answered HTTP 503") and "warehouse was not changed" in str(err.value)


def test_a_connector_whose_warehouse_is_gone_says_what_to_do(tmp_path):
    ctx = fetch_base.Context(tmp_path / "snapshots", tmp_path / "gone.duckdb")
    for ask in (ctx.regions, lambda: ctx.last_year("population"), lambda: kolada.catalogue_kpis(ctx.pointer)):
        with pytest.raises(fhttp.FetchError, match=r"python -m etl build"):
            ask()


def test_without_network_one_sentence_and_the_warehouse_unchanged(pointer, monkeypatch):
    before = checksum(pointer)

    def no_dns(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    for source in run.SOURCES:
        with pytest.raises(fhttp.Offline) as err:
            run.run(source, pointer, progress=lambda m: None, sleep=lambda s: None)
        message = str(err.value)
        assert "could not be reached" in message and message.count(". ") == 0 and "\n" not in message
    assert checksum(pointer) == before


def test_cli_without_network_exits_1_with_one_line(pointer, monkeypatch, capsys):
    before = checksum(pointer)

    def no_dns(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    assert cli.main(["fetch", "eurostat", "--db", str(pointer), "--quiet"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "Eurostat (ec.europa.eu) could not be reached: check the network connection and try again; "
        "the warehouse was not changed."]
    assert checksum(pointer) == before


# --- issue #18: answers of the real shape -----------------------------------------------------
#
# SCB's answers below are the real ones in tests/fixtures/api (*.real-pxweb-R.*,
# *.real-pxwebpy.*) or, where no recording exists, synthetic answers built on them (named
# so, with SYNTH in their ids).

REAL_TAB638_META = "scb_TAB638_metadata.real-pxweb-R.json"
REAL_TAB638_DATA = "scb_TAB638_data.real-pxweb-R.json"
REAL_TAB6471_META = "scb_TAB6471_metadata.real-pxwebpy.json"
REAL_PAGE = "scb_tables_page1of213.real-pxwebpy.json"
SUCCESSOR = "TAB_SYNTHETIC_POP"


def no_search_page() -> dict:
    return {"language": "sv", "tables": [], "page": {"pageNumber": 1, "pageSize": 100, "totalElements": 0,
                                                     "totalPages": 1, "links": []}, "links": []}


def page(n: int, total: int, entries: list[dict]) -> dict:
    """Catalogue page ``n`` of ``total`` in the shape of SCB's real page (its ``page`` and
    ``links`` blocks, rel=next while pages remain) holding ``entries``."""
    doc = json.loads(fixture(REAL_PAGE))
    doc["tables"] = entries
    doc["page"].update(pageNumber=n, totalPages=total, totalElements=total * len(entries))
    nxt = f"{scb.BASE}/tables/?lang=sv&pagesize=100&pageNumber={n + 1}"
    doc["page"]["links"] = [{"rel": "next", "hreflang": "sv", "href": nxt}] if n < total else []
    return doc


def entry(**changes) -> dict:
    """A catalogue entry shaped like SCB's real ones (TAB6473's, from the recorded search) with ``changes``."""
    real = json.loads(fixture("scb_tables_search_befolkning.real-pxwebpy.json"))["tables"]
    out = copy.deepcopy(next(e for e in real if e["id"] == "TAB6473"))
    out.update(changes)
    return out


def scb_mock(rsps, metas: dict[str, dict], answers: dict | None = None, pages=None, bodies: dict | None = None,
             base: str = scb.BASE) -> list[int]:
    """SCB with the real config; ``metas`` -> their metadata; data answered by
    ``answers[table](body)`` or else ``echo``; the catalogue by ``pages(n)``. Returns the
    catalogue page numbers asked for."""
    searched = []
    rsps.get(f"{base}/config", body=fixture("scb_config.real-pxweb-R.json"))

    def search(request):
        n = int(parse_qs(urlsplit(request.url).query).get("pageNumber", ["1"])[0])
        searched.append(n)
        return 200, {"Content-Type": "application/json"}, json.dumps(pages(n) if pages else no_search_page())

    rsps.add_callback(responses.GET, f"{base}/tables", callback=search)
    for table, meta in metas.items():
        rsps.get(f"{base}/tables/{table}/metadata", body=json.dumps(meta, ensure_ascii=False))

        def data(request, table=table, meta=meta):
            body = json.loads(request.body)
            if bodies is not None:
                bodies.setdefault(table, []).append(body)
            make = (answers or {}).get(table)
            return 200, {"Content-Type": "application/json"}, make(body) if make else echo(meta, body)

        rsps.add_callback(responses.POST, f"{base}/tables/{table}/data", callback=data)
    return searched


def mock():
    return responses.RequestsMock(assert_all_requests_are_fired=False)


# 1. An answer is checked against its request.

def test_1_the_real_one_cell_answer_does_not_pass_as_swedens_population(pointer, capsys):
    """pxweb's recorded TAB638 answer holds one cell (Sweden, unmarried, age 0, men, 2024:
    50 937). Asked for Sweden's and the counties' population, it stops the fetch: exit 2, a
    sentence naming the difference, the warehouse unchanged, dry run or not."""
    before = checksum(pointer)
    meta = json.loads(fixture(REAL_TAB638_META))
    for extra in (["--dry-run"], []):
        with mock() as rsps:
            scb_mock(rsps, {"TAB638": meta}, {"TAB638": lambda body: fixture(REAL_TAB638_DATA)})
            code = cli.main(["fetch", "scb", "--table", "population=TAB638", "--since", "2023", "--db", str(pointer),
                             "--quiet", *extra])
        err = capsys.readouterr().err
        assert code == 2, err
        assert err.startswith("SCB's answer for TAB638 does not match the request: it holds Civilstand (OG), which "
                              "was not asked for and should have been left out; it holds Alder (0)")
        assert "Region: asked for 22 (00, 01, 03, 04" in err and "got 1 (00); missing 01, 03, 04" in err
        assert "Tid: asked for 2 (2023, 2024), got 1 (2024); missing 2023" in err and "Nothing was loaded" in err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert checksum(pointer) == before


def test_1_an_answer_that_matches_its_request_to_the_cell_passes():
    meta = json.loads(fixture(REAL_TAB638_META))
    body = {"selection": [{"variableCode": "Region", "valueCodes": ["00", "17"]},
                          {"variableCode": "ContentsCode", "valueCodes": ["BE0101N1"]},
                          {"variableCode": "Tid", "valueCodes": ["2023", "2024"]}]}
    doc = json.loads(echo(meta, body))
    asked = {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
    assert jsonstat.differences(doc, asked) == []
    doc["dimension"]["Tid"]["category"]["index"] = {"2024": 0, "2023": 1}      # order does not matter
    assert jsonstat.differences(doc, asked) == []
    doc["extension"]["px"]["tableid"] = "TAB1"                                  # another table's answer
    with pytest.raises(fetch_base.AnswerMismatch, match="it is table TAB1"):
        scb.check_answer(doc, "TAB638", body["selection"], snapshot.Snapshot(Path("a.json"), *[""] * 11))


def test_1_eurostat_and_kolada_answers_are_checked_too(pointer, capsys):
    before = checksum(pointer)
    doc = json.loads(fixture("eurostat_nama_10r_2gdp.synthetic.json"))
    doc["dimension"]["unit"]["category"] = {"index": {"MIO_NAC": 0}, "label": {"MIO_NAC": "Million units of national "
                                                                                         "currency"}}
    with mock() as rsps:
        rsps.get(f"{eurostat.BASE}/nama_10r_2gdp", body=json.dumps(doc))
        code = cli.main(["fetch", "eurostat", "--table", "nama_10r_2gdp", "--db", str(pointer), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "Eurostat's answer for nama_10r_2gdp does not match the request" in err
    assert "unit: asked for 1 (MIO_EUR), got 1 (MIO_NAC)" in err and checksum(pointer) == before
    page1 = json.loads(fixture("kolada_page1.synthetic.json"))
    assert kolada.differences(page1, ["N01982"], ["0000", "0017"], [2022, 2023]) == []
    assert kolada.differences(page1, ["N01982"], ["0000"], [2022, 2023]) == ["region: not asked for 0017"]


# 2. Totals recognised by SCB's code and label patterns.

def test_2_totals_by_code_and_label_in_real_metadata():
    meta = json.loads(fixture(REAL_TAB6471_META))         # Alder cannot be left out; Kon can
    sel, said = scb.selection_for(meta, "TAB6471", regions=["00", "17"], contents=None, since=2026, until=None)
    chosen = {s["variableCode"]: s["valueCodes"] for s in sel}
    assert chosen["Alder"] == ["TotSA"] and "Kon" not in chosen
    assert said == ["Alder: took TotSA ('totalt, samtliga åldrar') as the total"]
    meta["dimension"]["Kon"]["extension"]["elimination"] = False
    _, said = scb.selection_for(meta, "TAB6471", regions=["00"], contents=None, since=2026, until=None)
    assert said[1] == "Kon: took TotSa ('totalt, samtliga män och kvinnor') as the total"
    old = json.loads(fixture(REAL_TAB638_META))             # TAB638's Alder has 'tot' ('totalt ålder')
    old["dimension"]["Alder"]["extension"]["elimination"] = False
    assert scb.total_of(old["dimension"]["Alder"]) == "tot"
    tie = {"category": {"index": ["TotSA", "tot", "1"],
                        "label": {"TotSA": "totalt, samtliga åldrar", "tot": "totalt ålder", "1": "1 år"}}}
    assert scb.total_of(tie) is None                          # two totals: none is guessed
    both = {"category": {"index": ["T1", "1+2"], "label": {"T1": "totalt", "1+2": "totalt, båda könen"}}}
    assert scb.total_of(both) == "1+2"                        # code and label agree on one
    with pytest.raises(fhttp.FetchError, match="variable Alder can neither be left out nor summed"):
        scb.selection_for({**old, "dimension": {**old["dimension"], "Alder": tie | {"extension": {}}}}, "TAB638",
                          regions=["00"], contents=None, since=2024, until=None)


# 3. Population after 2024.

def successor_meta() -> dict:
    """A table continuing TAB638 from 2025, built on SCB's real TAB6471 metadata (its 312
    regions, its Alder that cannot be left out, total TotSA, its Kon, its notes) with yearly
    time and a 'Folkmängd' content. Synthetic: no yearly table from 2025 was recorded."""
    meta = json.loads(fixture(REAL_TAB6471_META))
    meta["label"] = "Folkmängden efter region, ålder och kön. År 2025 (synthetic)"
    meta["dimension"]["ContentsCode"]["category"] = {"index": {"SYNTH_FOLK": 0}, "label": {"SYNTH_FOLK": "Folkmängd"}}
    meta["dimension"]["Tid"]["category"] = {"index": {"2025": 0}, "label": {"2025": "2025"}}
    meta["size"] = [len(jsonstat.categories(meta["dimension"][d])) for d in meta["id"]]
    meta["extension"]["px"]["tableid"] = SUCCESSOR
    return meta


def population_catalogue(n: int) -> dict:
    """Two pages: the real first page of SCB's catalogue, then a projection (the real TAB5974
    entry), a discontinued table and the synthetic successor."""
    if n == 1:
        return page(1, 2, json.loads(fixture(REAL_PAGE))["tables"])
    projection = json.loads(fixture("scb_table_TAB5974.real-pxweb-R.json"))
    old = entry(id="TAB_SYNTHETIC_OLD", label="Folkmängden efter region och kön. År 1968-2026 (synthetic)",
                firstPeriod="1968", lastPeriod="2026", timeUnit="Annual", variableNames=["region", "kön", "år"])
    old["paths"][0].append({"id": "BE0101X", "label": "Äldre tabeller som inte längre uppdateras", "sortCode": "99"})
    new = entry(id=SUCCESSOR, label="Folkmängden efter region, ålder och kön. År 2025 (synthetic)",
                firstPeriod="2025", lastPeriod="2025", timeUnit="Annual",
                variableNames=["region", "ålder", "kön", "tabellinnehåll", "år"])
    return page(2, 2, [projection, old, new])


def test_3_population_after_2024_comes_from_the_table_found_in_scbs_catalogue(pointer):
    assert query(pointer, "SELECT max(year) FROM indicator_value WHERE indicator_id = 'population'")[0][0] == 2024
    bodies, lines = {}, []
    with mock() as rsps:
        searched = scb_mock(rsps, {"TAB638": json.loads(fixture(REAL_TAB638_META)), SUCCESSOR: successor_meta()},
                            {SUCCESSOR: lambda body: echo(successor_meta(), body, lambda cell: 290000.0)},
                            pages=population_catalogue, bodies=bodies)
        run.run("scb", pointer, since=2024, tables=["population"], session=requests.Session(), sleep=lambda s: None,
                progress=lines.append)
    assert searched == [1, 2]                                                  # every page read
    assert any(f"TAB638 ends at 2024; population after 2024 comes from {SUCCESSOR}" in ln
               and "found in SCB's catalogue" in ln for ln in lines)
    assert any(f"{SUCCESSOR}: Alder: took TotSA ('totalt, samtliga åldrar') as the total" in ln for ln in lines)
    sel = {s["variableCode"]: s["valueCodes"] for s in bodies[SUCCESSOR][0]["selection"]}
    assert sel["Tid"] == ["2025"] and sel["Alder"] == ["TotSA"] and "Kon" not in sel
    assert {s["variableCode"]: s["valueCodes"] for s in bodies["TAB638"][0]["selection"]}["Tid"] == ["2024"]
    rows = query(pointer, """SELECT year, s.table_id FROM indicator_value v JOIN source s USING (source_id)
                             WHERE region_code = 'SE311' AND indicator_id = 'population' AND batch_id LIKE 'fetch-%'
                             ORDER BY year""")
    assert rows == [(2024, "TAB638"), (2025, SUCCESSOR)]


def test_3_both_tables_named_by_hand_need_no_catalogue(pointer):
    lines = []
    with mock() as rsps:
        searched = scb_mock(rsps, {"TAB638": json.loads(fixture(REAL_TAB638_META)), SUCCESSOR: successor_meta()},
                            pages=population_catalogue)
        run.run("scb", pointer, since=2024, tables=[f"population=TAB638,{SUCCESSOR}"], dry_run=True,
                session=requests.Session(), sleep=lambda s: None, progress=lines.append)
    assert searched == [] and f"SCB: population from TAB638, {SUCCESSOR} (named with --table)" in lines


def test_3_an_empty_year_list_is_refused_before_it_is_sent(pointer):
    bodies, lines = {}, []
    with mock() as rsps:
        scb_mock(rsps, {"TAB638": json.loads(fixture(REAL_TAB638_META))}, bodies=bodies)
        results = run.run("scb", pointer, since=2030, tables=["population=TAB638"], session=requests.Session(),
                          sleep=lambda s: None, progress=lines.append)
    assert bodies == {} and list(results) == []                               # nothing was asked
    assert "SCB: TAB638 holds no year wanted (it has 1968-2024); not asked" in lines


# 4. A table without Region.

def test_4_a_table_without_region_gets_the_connectors_own_sentence(pointer, capsys):
    meta = json.loads(fixture(REAL_TAB638_META))          # the real metadata without its Region variable
    del meta["dimension"]["Region"]
    meta["size"], meta["id"] = meta["size"][1:], meta["id"][1:]
    before = checksum(pointer)
    with mock() as rsps:
        scb_mock(rsps, {"TAB638": meta})
        code = cli.main(["fetch", "scb", "--table", "population=TAB638", "--db", str(pointer), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 1 and err == ("SCB table TAB638 has no variable Region (it has Civilstand, Alder, Kon, "
                                 "ContentsCode, Tid), so it cannot feed the regional indicators; name another table "
                                 "with --table. Nothing was loaded.")
    assert checksum(pointer) == before


# 5. The catalogue search reads every page and knows discontinued tables by what real entries hold.

def test_5_catalogue_search_reads_all_213_pages_and_skips_discontinued_tables(pointer):
    real = json.loads(fixture(REAL_PAGE))
    assert real["page"]["totalPages"] == 213 and all("discontinued" not in e for e in real["tables"])
    old = entry(id="TAB_SYNTHETIC_FOU_OLD", label="Utgifter för egen FoU efter region och sektor. År 1997-2023",
                firstPeriod="1997", lastPeriod="2023", timeUnit="Annual")
    old["paths"][0].append({"id": "UF0301X", "label": "Äldre tabeller som inte längre uppdateras", "sortCode": "99"})
    current = entry(id="TAB_SYNTHETIC_FOU", label="Utgifter för egen FoU efter region, sektor och år",
                    firstPeriod="2019", lastPeriod="2021", timeUnit="Annual")

    def pages(n):
        return page(n, 213, real["tables"] if n < 213 else [old, current])

    lines = []
    with mock() as rsps:
        meta = json.loads(fixture("scb_TAB_SYNTHETIC_FOU_metadata.synthetic.json"))
        searched = scb_mock(rsps, {"TAB_SYNTHETIC_FOU": meta}, pages=pages,
                            answers={"TAB_SYNTHETIC_FOU": lambda b: fixture(
                                "scb_TAB_SYNTHETIC_FOU_data.synthetic.json")})
        run.run("scb", pointer, tables=["rd"], session=requests.Session(), sleep=lambda s: None, progress=lines.append)
    assert searched == list(range(1, 214))
    assert "SCB: catalogue search 'FoU region': 4242 tables on 213 page(s)" in lines
    assert any("SCB: R&D from TAB_SYNTHETIC_FOU (" in ln and "found in SCB's catalogue" in ln for ln in lines)
    assert indicator(pointer, "SE311", "rd_business_msek", 2019)[0] == 2100.0
    assert scb.discontinued(old) and not scb.discontinued(current) and scb.discontinued({"discontinued": True})


# 6. Eurostat: an answer without values fails that dataset loudly; the others load.

def empty_eurostat_answer(dataset: str) -> bytes:
    """What Eurostat sends for a filter that matches nothing (HTTP 200, a dimension without
    categories, no values; see rOpenGov/eurostat#244), on the shape of the dataset's answer."""
    doc = json.loads(fixture(f"eurostat_{dataset}.synthetic.json"))
    for d in ("geo", "time"):
        doc["dimension"][d]["category"] = {"index": {}, "label": {}}
    doc["size"] = [0 if d in ("geo", "time") else s for d, s in zip(doc["id"], doc["size"], strict=True)]
    doc["value"], doc["status"] = {}, {}
    return json.dumps(doc).encode()


def written(out: str) -> int:
    """Rows a fetch wrote, from its summary line ('14 new, 2 changed, 0 unchanged')."""
    m = re.search(r"(\d+) new, (\d+) changed", out)
    assert m, out
    return int(m[1]) + int(m[2])


def test_6_an_empty_eurostat_answer_fails_its_dataset_and_the_summary_says_so(pointer, capsys):
    with mock() as rsps:
        for ds in eurostat.DATASETS:
            body = empty_eurostat_answer(ds) if ds == "rd_e_gerdreg" else fixture(f"eurostat_{ds}.synthetic.json")
            rsps.get(f"{eurostat.BASE}/{ds}", body=body)
        code = cli.main(["fetch", "eurostat", "--db", str(pointer), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "eurostat: 1 table(s) failed (the others were loaded):" in err
    assert "eurostat rd_e_gerdreg: Eurostat answered rd_e_gerdreg without a single value for sectperf=TOTAL, " \
           "unit=PC_GDP, geo=SE+SE31 (sizes [1, 1, 1, 0, 0]); nothing from rd_e_gerdreg was loaded." in err
    assert "fetch eurostat nama_10r_3gdp, nama_10r_2gdp, htec_emp_reg2: " in out
    assert written(out) == 12                        # new or changed: some years overlap the bundled values
    assert indicator(pointer, "SE311", "gdp_mio_eur", 2023)[0] == 11200.0
    assert query(pointer, "SELECT count(*) FROM indicator_value WHERE indicator_id = 'gerd_pct_gdp' "
                          "AND batch_id LIKE 'fetch-%'")[0][0] == 0


# 7. Every documented Eurostat status letter, and composites.

def test_7_every_documented_eurostat_flag_is_mapped_and_loaded(pointer):
    assert eurostat_format.flags("bdep") == "break;definition_differs;estimated;preliminary"
    assert eurostat_format.flags("e p") == "estimated;preliminary" and eurostat_format.flags("") is None
    documented = "bcdefnprsuz"
    assert set(vocabulary.EUROSTAT_STATUS) == set(documented)
    for letter in documented:
        flag = eurostat_format.flags(letter)
        assert flag in vocabulary.FETCH_FLAGS and i18n.flag_text(flag, "sv") and i18n.flag_text(flag, "en")
    doc = json.loads(fixture("eurostat_nama_10r_3gdp.synthetic.json"))
    doc["status"] = {"0": "bdep", "1": "c", "2": "n", "3": "z", "4": "fr"}    # every cell with a value
    with mock() as rsps:
        rsps.get(f"{eurostat.BASE}/nama_10r_3gdp", body=json.dumps(doc))
        fetch("eurostat", pointer, tables=["nama_10r_3gdp"])
    got = query(pointer, """SELECT region_code, year, flag FROM indicator_value
                            WHERE indicator_id = 'gdp_mio_eur' AND batch_id LIKE 'fetch-%' ORDER BY 1, 2""")
    assert got == [("SE311", 2022, "break;definition_differs;estimated;preliminary"), ("SE311", 2023, "confidential"),
                   ("SE312", 2022, "not_significant"), ("SE312", 2023, "not_applicable"),
                   ("SE313", 2022, "forecast;revised")]


def test_7_a_letter_eurostat_does_not_document_fails_the_dataset_and_the_loader_refuses_unknown_flags(pointer):
    doc = json.loads(fixture("eurostat_nama_10r_3gdp.synthetic.json"))
    doc["status"] = {"1": "px"}
    with mock() as rsps:
        rsps.get(f"{eurostat.BASE}/nama_10r_3gdp", body=json.dumps(doc))
        results, _ = fetch("eurostat", pointer, tables=["nama_10r_3gdp"])
    assert list(results) == [] and "SE311 2023: status 'px' holds 'x'" in results.failed["eurostat nama_10r_3gdp"]
    rows = eurostat_format.records(json.loads(fixture("eurostat_nama_10r_3gdp.synthetic.json")), "nama_10r_3gdp",
                                   "gdp_mio_eur", "https://example.org")
    rows[0]["flag"] = "made_up"
    with pytest.raises(load.Invalid) as err:
        load.prepare_parsed(eurostat_format.parsed(rows, ["nama_10r_3gdp"]), "x", "0", pointer)
    refusal = err.value.problems[0].text("en")
    assert "'made_up' is not allowed; choose one of: preliminary, caution, disputed, break" in refusal


# 8. SCB figures the table's metadata calls preliminary.

def test_8_preliminary_periods_from_scbs_metadata():
    meta = json.loads(fixture("scb_TAB3785_metadata.synthetic.json"))
    assert scb_format.preliminary_periods(meta) == (set(), "")
    meta["note"] = ["Uppgifterna för 2022 är preliminära."]                         # a note naming the year
    assert scb_format.preliminary_periods(meta)[0] == {"2022"}
    meta["note"] = []
    meta["label"] = "Förvärvsarbetande efter region och näringsgren. Preliminär statistik"   # the whole table
    assert scb_format.preliminary_periods(meta)[0] == {"2020", "2021", "2022"}
    meta["label"] = "Lönesummor, förmåner, arbetsgivaravgifter och preliminär A-skatt"   # a tax, not the figures
    assert scb_format.preliminary_periods(meta)[0] == set()
    meta["dimension"]["Tid"]["category"]["note"] = {"2021": ["Preliminära uppgifter"]}     # one period's own note
    assert scb_format.preliminary_periods(meta) == ({"2021"}, "Preliminära uppgifter")


def test_8_preliminary_employment_from_tab3785_is_flagged_as_such(pointer):
    meta = json.loads(fixture("scb_TAB3785_metadata.synthetic.json"))
    meta["note"] = ["Uppgifterna för 2022 är preliminära."]
    lines = []
    with mock() as rsps:
        scb_mock(rsps, {"TAB3785": meta}, {"TAB3785": lambda body: fixture("scb_TAB3785_data.synthetic.json")})
        run.run("scb", pointer, tables=["TAB3785"], session=requests.Session(), sleep=lambda s: None,
                progress=lines.append)
    flags = dict(((y, f) for y, f in query(pointer, """SELECT DISTINCT year, flag FROM employment
                                                       WHERE batch_id LIKE 'fetch-%' ORDER BY 1""")))
    assert flags == {2020: None, 2021: None, 2022: "preliminary"}
    assert any("TAB3785: 2022 flagged preliminary" in ln for ln in lines)


# --- replay without network and base URLs ----------------------------------------------------------


def offline(monkeypatch):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(-3, "Temporary failure in name resolution")
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)


def rows_of(results):
    return [(p.kind, p.rows.drop(columns=["excel_row"], errors="ignore"), p.sources) for p, _ in results]


def test_from_snapshots_reproduces_a_fetch_exactly_without_network(pointer, monkeypatch, capsys):
    with responses.RequestsMock() as rsps:
        scb_recorded(rsps, {})
        fetched, _ = fetch("scb", pointer, dry_run=True)
    with mock() as rsps:
        for ds in eurostat.DATASETS:
            rsps.get(f"{eurostat.BASE}/{ds}", body=fixture(f"eurostat_{ds}.synthetic.json"))
        fetched_eu, _ = fetch("eurostat", pointer, since=2015, dry_run=True)
    offline(monkeypatch)
    store = pointer.parent / "snapshots"
    for source, first, kw in (("scb", fetched, {}), ("eurostat", fetched_eu, {"since": 2015})):
        again = run.run(source, pointer, from_snapshots=store / source, dry_run=True, progress=lambda m: None, **kw)
        assert [k for k, _, _ in rows_of(again)] == [k for k, _, _ in rows_of(first)]
        for (_, a, sa), (_, b, sb) in zip(rows_of(again), rows_of(first), strict=True):
            pd.testing.assert_frame_equal(a, b)
            pd.testing.assert_frame_equal(sa, sb)
        assert [p.sha256 for p, _ in again] == [p.sha256 for p, _ in first]       # the same snapshots
    before = len(list(store.rglob("*.meta.json")))
    code = cli.main(["fetch", "eurostat", "--since", "2015", "--from-snapshots", str(store / "eurostat"),
                     "--db", str(pointer), "--quiet"])
    assert code == 0 and written(capsys.readouterr().out) == 16   # new or changed: some years are bundled
    assert len(list(store.rglob("*.meta.json"))) == before                      # a replay writes no snapshot


def test_replay_refuses_a_changed_snapshot_and_a_request_it_has_no_answer_for(pointer, monkeypatch):
    with mock() as rsps:
        rsps.get(f"{eurostat.BASE}/rd_e_gerdreg", body=fixture("eurostat_rd_e_gerdreg.synthetic.json"))
        fetch("eurostat", pointer, tables=["rd_e_gerdreg"], dry_run=True)
    offline(monkeypatch)
    folder = pointer.parent / "snapshots" / "eurostat"
    with pytest.raises(fhttp.FetchError, match="hold no answer to GET .*nama_10r_3gdp"):
        run.run("eurostat", pointer, from_snapshots=folder, tables=["nama_10r_3gdp"], progress=lambda m: None)
    with pytest.raises(fhttp.FetchError, match="hold no answer to GET .*sinceTimePeriod=2019"):
        run.run("eurostat", pointer, from_snapshots=folder, tables=["rd_e_gerdreg"], since=2019,
                progress=lambda m: None)
    [snap] = [p for p in folder.rglob("*.json") if not p.name.endswith(".meta.json")]
    snap.write_bytes(snap.read_bytes().replace(b"1.2", b"9.9"))
    with pytest.raises(fhttp.FetchError, match="was changed after it was written"):
        run.run("eurostat", pointer, from_snapshots=folder, tables=["rd_e_gerdreg"], progress=lambda m: None)


def test_base_url_from_the_option_or_the_environment(pointer, monkeypatch, capsys):
    mirror = "http://mirror.example.org/eurostat/data"
    monkeypatch.setenv("NMS_EUROSTAT_BASE_URL", mirror + "/")
    lines = []
    with responses.RequestsMock() as rsps:
        rsps.get(f"{mirror}/rd_e_gerdreg", body=fixture("eurostat_rd_e_gerdreg.synthetic.json"))
        fetch("eurostat", pointer, tables=["rd_e_gerdreg"], dry_run=True, progress=lines.append)
    assert lines[0] == f"eurostat: asking {mirror} (from NMS_EUROSTAT_BASE_URL) instead of {eurostat.BASE}"
    other = "http://px.example.org/api/v2"
    with mock() as rsps:
        scb_mock(rsps, {"TAB638": json.loads(fixture("scb_TAB638_metadata.synthetic.json"))}, base=other)
        code = cli.main(["fetch", "scb", "--table", "population=TAB638", "--base-url", other, "--dry-run",
                         "--db", str(pointer)])
        assert all(c.request.url.startswith(other) for c in rsps.calls)
    assert code == 0 and f"scb: asking {other} (from --base-url)" in capsys.readouterr().err


def test_replay_takes_the_catalogue_decision_the_fetch_took_not_the_changed_warehouses(pointer, monkeypatch):
    """The fetch loads 2025 (the real TAB638 metadata with a synthetic 2025 added), so it needs
    no catalogue search; after it the warehouse's last population year is 2025, which would
    call for one. The replay does what the fetch did."""
    meta = json.loads(fixture(REAL_TAB638_META))
    meta["dimension"]["Tid"]["category"]["index"]["2025"] = 57
    meta["dimension"]["Tid"]["category"]["label"]["2025"] = "2025"
    meta["size"][-1] = 58
    with mock() as rsps:
        searched = scb_mock(rsps, {"TAB638": meta}, {"TAB638": lambda body: echo(meta, body, lambda c: 280000.0)})
        first, _ = fetch("scb", pointer, since=2024, tables=["population"])
    assert searched == [] and query(pointer, "SELECT max(year) FROM indicator_value "
                                             "WHERE indicator_id = 'population'")[0][0] == 2025
    offline(monkeypatch)
    again = run.run("scb", pointer, since=2024, tables=["population"], dry_run=True, progress=lambda m: None,
                    from_snapshots=pointer.parent / "snapshots")
    pd.testing.assert_frame_equal(rows_of(again)[0][1], rows_of(first)[0][1])
