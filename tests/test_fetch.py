"""The API connectors, against recorded responses written from each API's documentation.

The fixtures in tests/fixtures/api are synthetic (see the README there): their structure
follows the documented formats, their numbers are illustrative. Each test runs a fetch
end to end on a private copy of the test warehouse: request -> snapshot -> transform ->
the upload validators -> a batch of kind "fetch" that history lists and undo reverses.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import socket
import threading
import zipfile
from pathlib import Path

import pytest
import requests
import responses

from etl import cli, load, warehouse as wh
from etl.fetch import eurostat, http as fhttp, run, scb, snapshot, vinnova
from etl.formats import jsonstat
from tests.test_upload import _data_hash as data_hash, checksum

FIX = Path(__file__).parent / "fixtures" / "api"


def fixture(name: str) -> bytes:
    return (FIX / name).read_bytes()


def fetch(source, pointer, **kw):
    """Run a fetch with the recorded responses and no real waiting."""
    lines = []
    results = run.run(source, pointer, session=requests.Session(), sleep=lambda s: None, progress=lines.append, **kw)
    return results, lines


def query(pointer, sql, params=()):
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def indicator(pointer, region, ind, year):
    rows = query(pointer, """SELECT value, flag, s.publisher, s.licence FROM indicator_value v JOIN source s
                             USING (source_id) WHERE region_code = ? AND indicator_id = ? AND year = ?""",
                 (region, ind, year))
    return rows[0] if rows else None


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
    sel = scb.selection_for(meta, "TAB638", contents=["BE0101N1"], since=None, until=None)
    calls = []
    with responses.RequestsMock() as rsps:
        rsps.add_callback(responses.POST, f"{scb.BASE}/tables/TAB638/data", callback=lambda r: (
            calls.append(json.loads(r.body)) or (200, {}, fixture("scb_TAB638_data.synthetic.json"))))
        client.data("TAB638", sel)
    years = [next(s["valueCodes"] for s in c["selection"] if s["variableCode"] == "Tid") for c in calls]
    assert years == [["2022"], ["2023"], ["2024"]]                   # 4 regions x 1 year = 4 cells a call


# --- Eurostat ----------------------------------------------------------------------------


def test_eurostat_sparse_values_and_status_letters(pointer):
    with responses.RequestsMock() as rsps:
        for ds in eurostat.DATASETS:
            rsps.get(f"{eurostat.BASE}/{ds}", body=fixture(f"eurostat_{ds}.synthetic.json"))
        results, _ = fetch("eurostat", pointer, since=2015)
        sent = [c.request.url for c in rsps.calls]
    assert "geo=SE311&geo=SE312&geo=SE313" in sent[0] and "unit=MIO_EUR" in sent[0] and "sinceTimePeriod=2015" in sent[0]
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
        first = (f"https://api.kolada.se/v3/data/kpi/N01982/municipality/{','.join(run.kolada.MUNICIPALITIES)}"
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
                    ("Horizon Europe", "FORESTX: Forest-based packaging innovation (synthetic)", "KARLSTADS UNIVERSITET",
                     512345.5, "EUR", 2023, 2026, "SE311")]
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
