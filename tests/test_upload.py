"""Uploads: bad input never hurts, good input round-trips, undo restores, writers queue.

Every file here is synthetic test input written by the test itself (not data)."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

from etl import cli, load, warehouse as wh
from etl.formats import safety, template

SRC = ["https://www.scb.se/test", "SCB (Statistiska centralbyrån)", "test table", "", ""]


def checksum(pointer: Path) -> str:
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        return wh.content_checksum(con)
    finally:
        con.close()


def value(pointer, region, indicator, year):
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        row = con.execute("SELECT value FROM indicator_value WHERE region_code = ? AND indicator_id = ? AND year = ?",
                          [region, indicator, year]).fetchone()
        return None if row is None else row[0]
    finally:
        con.close()


def template_file(rows, sheet="Indikatorvärden") -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template.build_template()))
    ws = wb[sheet]
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx(rows, title="Blad1") -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = title
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_entry(data: bytes, name: str, content: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(name, content)
    return buf.getvalue()


def formula_without_value() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indikatorvärden"
    ws.append(["region_code", "indicator_id", "year", "value", "source_url", "source_publisher"])
    ws.append(["SE311", "unemployment_rate", 2023, "=1+1", SRC[0], SRC[1]])  # openpyxl stores no cached value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 20_000_000)
    return buf.getvalue()


def too_wide() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.cell(row=1, column=250, value=1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD_ROW = ["SE311", "unemployment_rate", 2023, 5.1, *SRC[:3]]

BAD_FILES = [
    ("empty", "data.csv", lambda: b"", "Filen är tom"),
    ("too big", "data.csv", lambda: b"a;b\n" * 1000, "gränsen är"),
    ("macro extension", "data.xlsm", lambda: xlsx([["x"]]), "makron (.xlsm)"),
    ("binary excel", "data.xlsb", lambda: b"\x00\x01", "Binära Excel-filer"),
    ("old excel", "data.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Gamla Excel-filer"),
    ("vba inside", "data.xlsx", lambda: with_entry(xlsx([["x"]]), "xl/vbaProject.bin", b"VBA"), "makron (VBA)"),
    ("zip bomb", "data.xlsx", zip_bomb, "orimligt mycket data"),
    ("renamed picture", "data.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "ingen Excel-fil"),
    ("binary garbage", "data.csv", lambda: bytes(range(256)) * 4, "binära data"),
    ("corrupt zip", "data.xlsx", lambda: b"PK\x03\x04" + b"garbage" * 50, "skadad"),
    ("formula without value", "data.xlsx", formula_without_value,
     "blad 'Indikatorvärden', rad 2: cell D2: formeln saknar sparat värde. Öppna och spara filen i Excel först."),
    ("too many columns", "data.xlsx", too_wide, "kolumner; gränsen är"),
    ("wrong sheet", "data.xlsx", lambda: xlsx([["namn", "adress"], ["a", "b"]], "Kunder"),
     "Hittade ingen tabell att läsa in. Bladen i filen: 'Kunder'"),
    ("unknown region", "data.xlsx", lambda: template_file([["Värmlänning", *GOOD_ROW[1:]]]),
     "rad 2, kolumn A: Okänd region 'Värmlänning' — menade du Värmlands län?"),
    ("unknown indicator", "data.xlsx", lambda: template_file([["SE311", "unemploymnt_rate", *GOOD_ROW[2:]]]),
     "kolumn B: Okänd indikator 'unemploymnt_rate' — menade du unemployment_rate?"),
    ("derived indicator", "data.xlsx", lambda: template_file([["SE311", "rd_intensity", *GOOD_ROW[2:]]]),
     "beräknas i datalagret"),
    ("not a number", "data.xlsx", lambda: template_file([[*GOOD_ROW[:3], "fem", *SRC[:3]]]),
     "rad 2, kolumn D: 'fem' är inte ett tal"),
    ("bad year", "data.xlsx", lambda: template_file([[*GOOD_ROW[:2], "20x1", *GOOD_ROW[3:]]]), "är inte ett årtal"),
    ("duplicate", "data.xlsx", lambda: template_file([GOOD_ROW, GOOD_ROW]),
     "rad 3: Samma region, indikator och år finns redan på rad 2"),
    ("no source", "data.xlsx", lambda: template_file([GOOD_ROW[:4]]), "Källa saknas"),
    ("percent over 100", "data.xlsx", lambda: template_file([[*GOOD_ROW[:3], 140, *SRC[:3]]]), "utanför 0–100"),
    ("csv bad decimal", "data.csv", lambda: "region;indikator;år;värde;source_url;source_publisher\n"
     "SE311;unemployment_rate;2023;5,1,2;https://x.se;SCB\n".encode(), "'5,1,2' är inte ett tal"),
]


@pytest.mark.parametrize("case,name,make,expected", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_input_gets_a_clear_message_and_the_warehouse_is_unchanged(pointer, monkeypatch, case, name, make,
                                                                      expected):
    if case == "too big":
        monkeypatch.setenv("NMS_UPLOAD_MAX_MB", "0.001")
    before = checksum(pointer)
    target_before = wh.current_target(pointer)
    with pytest.raises(load.Invalid) as exc:
        load.prepare(name, make(), pointer)
    messages = [p.text("sv") for p in exc.value.problems]
    assert any(expected in m for m in messages), messages
    assert all("Error" not in m and "Traceback" not in m for m in messages)
    assert wh.current_target(pointer) == target_before
    assert checksum(pointer) == before


def test_template_round_trip_with_swedish_number_formats(pointer):
    rows = [["SE311", "unemployment_rate", 1990, "5,1", *SRC[:3]],
            ["Dalarnas län", "population", 1990, "288\u00a0123", *SRC[:3]],
            ["21", "unemployment_rate", 1990, "..", *SRC[:3]]]
    prepared = load.prepare("mall.xlsx", template_file(rows), pointer)
    assert prepared.skipped_missing == 1
    load.commit(prepared, pointer, user="test")
    assert value(pointer, "SE311", "unemployment_rate", 1990) == 5.1
    assert value(pointer, "SE312", "population", 1990) == 288123
    assert value(pointer, "SE313", "unemployment_rate", 1990) is None  # missing stays missing, never zero


def scb_export(values) -> bytes:
    return xlsx([["Arbetslösa efter region och år. Andel (procent)"], ["SCB, BAS"], [],
                 [None, "2021", "2022"], *values, [], ["Källa: SCB, Statistikdatabasen"], [".. = uppgift saknas"]],
                "Tabell")


def test_scb_wide_export_round_trip(pointer):
    data = scb_export([["17 Värmlands län", "6,3", "5,8"], ["Dalarnas län", 5.9, ".."], ["00 Riket", "6,9", "6,3"]])
    prepared = load.prepare("scb.xlsx", data, pointer, indicator="unemployment_rate",
                              source=load.SourceInfo(url="https://www.statistikdatabasen.scb.se/test"))
    assert prepared.layout == "scb_wide"
    assert prepared.sources.publisher.tolist() == ["SCB (Statistiska centralbyrån)"]  # read from the footnote
    load.commit(prepared, pointer)
    assert value(pointer, "SE311", "unemployment_rate", 2021) == 6.3
    assert value(pointer, "SE", "unemployment_rate", 2022) == 6.3


def test_kolada_csv_in_latin1_with_semicolons(pointer):
    data = ("Kommun;KPI;År;Kön;Värde\nVärmlands län;N01982;1990;T;39,5\n"
            "Värmlands län;N01982;1990;K;45,1\n").encode("cp1252")
    prepared = load.prepare("kolada.csv", data, pointer,
                              source=load.SourceInfo(url="https://www.kolada.se/", publisher="Kolada (RKA)"))
    assert prepared.layout == "kolada"
    assert prepared.rows[["region_code", "indicator_id", "year", "value"]].values.tolist() == [
        ["SE311", "post_secondary_share_25_64", 1990, 39.5]]


def test_kolada_ids_come_from_the_catalogue_and_never_name_a_derived_indicator(pointer):
    # N85085 is business R&D per capita; the derived all-sector sum's description also names it.
    data = "Kommun;KPI;År;Kön;Värde\nVärmlands län;N85085;1990;T;1234\n".encode("cp1252")
    prepared = load.prepare("kolada.csv", data, pointer,
                              source=load.SourceInfo(url="https://www.kolada.se/", publisher="Kolada (RKA)"))
    assert prepared.rows.indicator_id.tolist() == ["rd_business_per_capita"]


def _set_catalogue(pointer: Path, sql: str) -> None:
    """Change the catalogue of this test's private warehouse copy in place."""
    import duckdb

    con = duckdb.connect(str(wh.current_target(pointer)))
    try:
        con.execute(sql)
    finally:
        con.close()


@pytest.mark.parametrize("bounds,value,expected", [
    ("min_value = 0, max_value = 10", 12, "12 ligger utanför 0–10, det möjliga intervallet för enheten (procent)"),
    ("min_value = 0, max_value = NULL", -1, "-1 är negativt men måttet kan inte vara negativt"),
    ("min_value = 2, max_value = NULL", 1, "1 är mindre än 2, det minsta möjliga värdet för enheten (procent)"),
    ("min_value = NULL, max_value = 3", 4, "4 är större än 3, det största möjliga värdet för enheten (procent)"),
])
def test_values_outside_the_catalogues_bounds_are_refused(pointer, bounds, value, expected):
    _set_catalogue(pointer, f"UPDATE indicator SET {bounds} WHERE indicator_id = 'unemployment_rate'")
    with pytest.raises(load.Invalid) as exc:
        load.prepare("mall.xlsx", template_file([[*GOOD_ROW[:3], value, *SRC[:3]]]), pointer)
    assert [p.text("sv") for p in exc.value.problems] == [f"blad 'Indikatorvärden', rad 2, kolumn D: {expected}"]


def test_without_bounds_in_the_catalogue_a_percentage_over_100_is_accepted(pointer):
    _set_catalogue(pointer, "UPDATE indicator SET min_value = NULL, max_value = NULL "
                            "WHERE indicator_id = 'unemployment_rate'")
    prepared = load.prepare("mall.xlsx", template_file([[*GOOD_ROW[:3], 140, *SRC[:3]]]), pointer)
    assert prepared.rows.value.tolist() == [140]


def _data_hash(pointer: Path) -> dict:
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        return {t: con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM {t} t").fetchone()
                for t in ["indicator_value", "employment", "funding", "funding_region"]}
    finally:
        con.close()


def test_undo_restores_exactly_the_previous_values(pointer):
    before = _data_hash(pointer)
    old = value(pointer, "SE311", "unemployment_rate", 2021)
    data = scb_export([["17 Värmlands län", "99", "98"], ["Gävleborgs län", "7", "7"]])
    p = load.prepare("scb.xlsx", data, pointer, indicator="unemployment_rate",
                       source=load.SourceInfo(url="https://www.statistikdatabasen.scb.se/test", publisher="SCB"))
    done = load.commit(p, pointer, accept_warnings=True)   # 99 % unemployment: a test value, confirmed
    assert value(pointer, "SE311", "unemployment_rate", 2021) == 99
    load.undo(done.batch_id, pointer)
    assert value(pointer, "SE311", "unemployment_rate", 2021) == old
    assert _data_hash(pointer) == before  # every replaced row back, every added row gone
    with pytest.raises(load.Invalid):
        load.undo(done.batch_id, pointer)  # twice is refused


def test_undo_refuses_when_a_later_load_changed_the_same_values(pointer):
    src = load.SourceInfo(url="https://example.org/x", publisher="SCB")
    first = load.commit(load.prepare("a.xlsx", scb_export([["Värmlands län", "11", "12"]]), pointer,
                                         indicator="unemployment_rate", source=src), pointer, accept_warnings=True)
    load.commit(load.prepare("b.xlsx", scb_export([["Värmlands län", "13", "14"]]), pointer,
                                 indicator="unemployment_rate", source=src), pointer)
    with pytest.raises(load.Invalid) as exc:
        load.undo(first.batch_id, pointer)
    assert "Ångra dem först" in exc.value.problems[0].text()


def test_concurrent_uploads_are_both_applied_in_order(pointer):
    files = [scb_export([["17 Värmlands län", str(40 + i), str(50 + i)]]) for i in range(2)]
    prepared = [load.prepare(f"f{i}.xlsx", d, pointer, indicator="unemployment_rate",
                               source=load.SourceInfo(url=f"https://example.org/{i}", publisher="SCB"))
                for i, d in enumerate(files)]
    errors = []

    def run(p):
        try:
            load.commit(p, pointer, accept_warnings=True)   # test values far from the stored ones
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(p,)) for p in prepared]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    hist = load.history(pointer)
    uploads = hist[hist.kind == "upload"].sort_values("loaded_at")
    assert len(uploads) == 2
    last = uploads.file_name.iloc[-1]
    assert value(pointer, "SE311", "unemployment_rate", 2021) == (40 if last == "f0.xlsx" else 41)


def test_dry_run_cli_exits_0_and_invalid_exits_2(pointer, tmp_path, capsys):
    good = tmp_path / "mall.xlsx"
    good.write_bytes(template_file([GOOD_ROW]))
    before = checksum(pointer)
    assert cli.main(["load", str(good), "--db", str(pointer), "--dry-run", "--quiet"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines() == ["mall.xlsx: indicator_value (template, sheet 'Indikatorvärden'): 1 new, 0 changed, "
                                "0 unchanged", "Dry run: the warehouse was not changed."]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    assert cli.main(["load", str(bad), "--db", str(pointer), "--quiet"]) == 2
    _, err = capsys.readouterr()
    assert err.splitlines() == ["bad.csv: 1 problem(s); nothing was written.",
                                "  Filen är tom. Välj filen med dina data igen."]
    assert checksum(pointer) == before


def test_cli_load_commits_a_batch_that_history_lists_and_undo_reverses(pointer, tmp_path, capsys):
    before = _data_hash(pointer)
    good = tmp_path / "mall.xlsx"
    good.write_bytes(template_file([GOOD_ROW]))
    assert cli.main(["load", str(good), "--db", str(pointer), "--user", "test", "--quiet"]) == 0
    batch = capsys.readouterr().out.split("Loaded as batch ")[1].split(" ")[0]
    assert value(pointer, "SE311", "unemployment_rate", 2023) == 5.1
    assert cli.main(["history", "--db", str(pointer)]) == 0
    assert capsys.readouterr().out.splitlines()[0].split()[:2] == [batch, "upload"]
    assert cli.main(["undo", batch, "--db", str(pointer)]) == 0
    assert _data_hash(pointer) == before
    assert cli.main(["undo", batch, "--db", str(pointer), "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip().endswith(f"The load {batch} has already been undone.")


def test_file_safety_limits_are_configurable(monkeypatch):
    monkeypatch.setenv("NMS_UPLOAD_MAX_MB", "1")
    assert safety.max_bytes() == 1024 * 1024


def test_funding_template_round_trip_and_undo(pointer):
    before = _data_hash(pointer)
    row = ["ERUF", "2021-2027", "Testprojekt (syntetiskt)", "Region Värmland", "SE311;Dalarnas län", "test",
           2024, 2026, "1 500 000", "SEK", "eu_funding", "https://example.org/projekt", "Tillväxtverket"]
    prepared = load.prepare("mall.xlsx", template_file([row], sheet="Finansiering"), pointer)
    assert prepared.kind == "funding"
    done = load.commit(prepared, pointer)
    con = wh.connect_read_only(wh.current_target(pointer))
    regions = con.execute("""SELECT list_sort(region_codes), amount FROM v_funding
                             WHERE project = 'Testprojekt (syntetiskt)'""").fetchone()
    con.close()
    assert regions == (["SE311", "SE312"], 1_500_000)
    load.undo(done.batch_id, pointer)
    assert _data_hash(pointer) == before
