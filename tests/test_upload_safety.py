"""Uploads that cannot corrupt or lose data (issue #15): Kolada layouts read right,
implausible changes stopped until confirmed, years and numbers read only where they have
one reading, impossible values refused.

Every input is a small synthetic file in tests/fixtures/synthetic_* (made-up values, not
data) or built here from one; a refused file leaves the warehouse's checksum unchanged."""

from __future__ import annotations

import csv
import datetime
import io
import re
import time
from pathlib import Path

import openpyxl
import pytest

from etl import cli, load, warehouse as wh
from tests.conftest import query
from tests.test_upload import checksum, value as stored

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE = load.SourceInfo(url="https://example.org/synthetic", publisher="Synthetic test")




def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def as_xlsx(name: str) -> bytes:
    """The CSV fixture saved as Excel would: numbers (decimal comma) as number cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Blad1"
    for row in csv.reader(io.StringIO(fixture(name).decode("utf-8")), delimiter=";"):
        ws.append([float(c.replace(",", ".")) if re.fullmatch(r"-?\d+(,\d+)?", c) else c for c in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def keys(err: load.Invalid) -> list[str]:
    return [p.key for p in err.problems]


def refused(pointer, name: str, data: bytes, **kw) -> load.Invalid:
    """Prepare must refuse the file; the warehouse stays as it was."""
    before = checksum(pointer)
    with pytest.raises(load.Invalid) as err:
        load.prepare(name, data, pointer, source=SOURCE, **kw)
    assert checksum(pointer) == before
    return err.value


# --- 1. Kolada layouts ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["synthetic_kolada_long_api.csv", "synthetic_kolada_wide_kon.csv",
                                  "synthetic_kolada_wide_plain.csv"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_kolada_layouts_load_the_totals_under_the_kpis_indicator(pointer, name, fmt):
    data = fixture(name) if fmt == "csv" else as_xlsx(name)
    prepared = load.prepare(name.replace(".csv", f".{fmt}"), data, pointer, source=SOURCE)
    assert prepared.layout == "kolada"
    rows = prepared.rows.set_index(["region_code", "year"]).value
    assert set(prepared.rows.indicator_id) == {"post_secondary_share_25_64"}  # N01982 via kolada_id
    assert "SE" not in set(prepared.rows.region_code)                        # "Totalt" is a sex, not Sweden
    if "long" in name:
        assert rows.to_dict() == {("SE311", 2022): 45.5, ("SE312", 2022): 41.0}
    elif "kon" in name:
        assert rows.to_dict() == {("SE312", 2021): 40.5, ("SE312", 2022): 41.5}
    else:
        assert rows.to_dict() == {("SE311", 2021): 42.5, ("SE311", 2022): 43.5,
                                  ("SE312", 2021): 40.5, ("SE312", 2022): 41.5}
    if "plain" not in name:
        assert prepared.readings == [("reading_sexes_left_out", {"n": 4 if "long" in name else 4})]


def test_kolada_export_with_only_women_and_men_is_refused(pointer):
    err = refused(pointer, "k.csv", fixture("synthetic_kolada_sexes_only.csv"))
    assert set(keys(err)) == {"no_total"}
    assert "Kön: Totalt" in err.problems[0].text("sv")


def test_kolada_kpi_must_agree_with_the_indicator_chosen(pointer):
    err = refused(pointer, "k.csv", fixture("synthetic_kolada_long_api.csv"), indicator="unemployment_rate")
    assert keys(err) == ["indicator_mismatch"]


def test_kolada_kpi_not_in_the_catalogue_is_named(pointer):
    data = fixture("synthetic_kolada_long_api.csv").replace(b"N01982", b"N99999")
    err = refused(pointer, "k.csv", data)
    assert set(keys(err)) == {"unknown_kpi"}


# --- 2. plausibility ---------------------------------------------------------------------------------

def test_a_97_percent_drop_needs_confirmation(pointer, capsys):
    path = FIXTURES / "synthetic_population_drop.csv"
    before = checksum(pointer)
    old = stored(pointer, "SE", "population", 2023)
    assert cli.main(["load", str(path), "--db", str(pointer), "--quiet", "--lang", "en"]) == 2
    assert "--accept-warnings" in capsys.readouterr().err
    assert checksum(pointer) == before
    prepared = load.prepare(path.name, path.read_bytes(), pointer)
    assert [w.key for w in prepared.warnings] == ["implausible_change"]
    with pytest.raises(load.Invalid):
        load.commit(prepared, pointer)
    assert checksum(pointer) == before and stored(pointer, "SE", "population", 2023) == old
    assert cli.main(["load", str(path), "--db", str(pointer), "--quiet", "--accept-warnings"]) == 0
    assert stored(pointer, "SE", "population", 2023) == 244193


# --- 3. years, numbers, encodings, regions ------------------------------------------------------------

def test_years_that_are_not_one_year_are_refused_with_the_reason(pointer):
    err = refused(pointer, "y.csv", fixture("synthetic_bad_years.csv"))
    by_row = {p.row: p.key for p in err.problems}
    assert by_row == {2: "split_year", 3: "split_year", 4: "sub_year", 5: "bad_year", 6: "bad_year",
                      7: "split_year"}


def test_a_year_typed_into_a_date_cell_is_read_as_typed_and_said(pointer):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["region_code", "indicator_id", "year", "value", "source_url", "source_publisher"])
    ws.append(["SE311", "unemployment_rate", 2021, 5.5, SOURCE.url, SOURCE.publisher])
    ws["C2"].number_format = "yyyy-mm-dd"     # Excel shows 1905-07-13
    ws.append(["SE311", "unemployment_rate", datetime.date(2021, 6, 30), 5.5, SOURCE.url, SOURCE.publisher])
    buf = io.BytesIO()
    wb.save(buf)
    err = refused(pointer, "d.xlsx", buf.getvalue())
    assert [(p.row, p.key) for p in err.problems] == [(3, "year_is_date")]   # a real date: which year?
    ws.delete_rows(3)
    buf = io.BytesIO()
    wb.save(buf)
    prepared = load.prepare("d.xlsx", buf.getvalue(), pointer)
    assert list(prepared.rows.year) == [2021]
    assert prepared.readings == [("reading_year_from_date", {"n": 1})]


def test_european_thousands_separators_are_read_by_the_columns_convention(pointer):
    prepared = load.prepare("n.csv", fixture("synthetic_euro_numbers.csv"), pointer)
    assert prepared.rows.set_index("region_code").value.to_dict() == {"SE311": 1234.5, "SE312": 2345678.0,
                                                                      "SE313": 1.234}


def test_a_number_with_two_readings_is_refused(pointer):
    err = refused(pointer, "n.csv", fixture("synthetic_ambiguous_number.csv"))
    assert keys(err) == ["ambiguous_number"]


def test_infinite_values_are_refused(pointer):
    err = refused(pointer, "n.csv", fixture("synthetic_infinite_values.csv"))
    assert [(p.row, p.column, p.key) for p in err.problems] == [(2, "D", "not_finite"), (3, "D", "not_finite"),
                                                                 (4, "D", "not_finite")]


def test_a_csv_mixing_encodings_is_refused(pointer):
    err = refused(pointer, "m.csv", fixture("synthetic_mixed_encoding.csv"))
    assert keys(err) == ["mixed_encoding"]


def test_regions_are_matched_whole_never_loosely(pointer):
    err = refused(pointer, "r.csv", fixture("synthetic_loose_regions.csv"))
    assert [(p.row, p.key) for p in err.problems] == [(2, "unknown_region"), (3, "unknown_region")]


# --- 4./5. funding and employment: impossible values refused, corrections replace ---------------------

def test_impossible_funding_rows_are_refused_each_with_its_reason(pointer):
    err = refused(pointer, "f.csv", fixture("synthetic_funding_bad.csv"))
    by_row = {(p.row, p.key) for p in err.problems}
    assert by_row == {(2, "years_reversed"), (4, "duplicate_funding"), (5, "no_rate"), (6, "negative"),
                      (7, "not_finite"), (8, "share_range"), (9, "bad_year")}


def test_impossible_employment_rows_are_refused(pointer):
    err = refused(pointer, "e.csv", fixture("synthetic_employment_bad.csv"))
    assert {(p.row, p.key) for p in err.problems} == {(3, "duplicate_employment"), (4, "bad_year"),
                                                      (5, "not_finite")}


def test_a_corrected_funding_amount_replaces_the_row(pointer):
    first = load.prepare("f.csv", fixture("synthetic_funding_one.csv"), pointer)
    load.commit(first, pointer)
    again = load.prepare("f2.csv", fixture("synthetic_funding_one_corrected.csv"), pointer)
    assert list(load.preview(again, pointer).status) == ["changed"]
    load.commit(again, pointer)
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        rows = con.execute("SELECT amount FROM funding WHERE project = 'Synthetic project A'").fetchall()
    finally:
        con.close()
    assert rows == [(1200000.0,)]


def test_a_funding_correction_of_only_the_regions_replaces_them(pointer):
    """A re-upload that changes only a project's counties is a change (not 'unchanged' and
    dropped): the regions are replaced and the project stays one row. The order the counties
    are listed in is no change."""
    one = fixture("synthetic_funding_one.csv")
    load.commit(load.prepare("f.csv", one.replace(b";SE311;", b";SE311,SE312;"), pointer), pointer)
    moved = load.prepare("f2.csv", one.replace(b";SE311;", b";SE312;"), pointer)
    diff = load.preview(moved, pointer)
    assert list(diff.status) == ["changed"] and list(diff.changed) == ["region_codes"]
    load.commit(moved, pointer)
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        regions = con.execute("""SELECT r.region_code FROM funding f JOIN funding_region r USING (funding_id)
                                 WHERE f.project = 'Synthetic project A'""").fetchall()
    finally:
        con.close()
    assert regions == [("SE312",)]
    reordered = load.prepare("f3.csv", one.replace(b";SE311;", b";SE312,SE312;"), pointer)
    assert list(load.preview(reordered, pointer).status) == ["unchanged"]
    both = load.prepare("f4.csv", one.replace(b";SE311;", b";SE312,SE311;"), pointer)
    load.commit(both, pointer)
    again = load.prepare("f5.csv", one.replace(b";SE311;", b";SE312,SE311;"), pointer)
    assert list(load.preview(again, pointer).status) == ["unchanged"]


def test_undo_restores_every_funding_column(pointer):
    """A load that replaced a bundled project-list row, undone: external_id, municipalities,
    partner_role and list_coverage come back with the rest (the schema lists the columns)."""
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        original = con.execute("SELECT * FROM funding WHERE external_id IS NOT NULL ORDER BY funding_id LIMIT 1").df()
    finally:
        con.close()
    prepared = load.prepare("f.csv", fixture("synthetic_funding_one.csv"), pointer)
    prepared.rows["funding_id"] = original.funding_id[0]
    done = load.commit(prepared, pointer)
    load.undo(done.batch_id, pointer)
    con = wh.connect_read_only(wh.current_target(pointer))
    try:
        restored = con.execute("SELECT * FROM funding WHERE funding_id = ?", [original.funding_id[0]]).df()
    finally:
        con.close()
    assert restored.drop(columns="batch_id").equals(original.drop(columns="batch_id")) or \
        restored.astype(str).to_dict("records") == original.astype(str).to_dict("records")
    assert restored.external_id[0] == original.external_id[0] and restored.list_coverage[0]


# --- 7. crashes become sentences -------------------------------------------------------------------

def test_paths_that_are_not_files_or_too_large_are_refused_before_reading(pointer, tmp_path, capsys, monkeypatch):
    before = checksum(pointer)
    sparse = tmp_path / "sparse.csv"
    with open(sparse, "wb") as fh:
        fh.truncate(6 * 1024 ** 3)                 # 6 GB, no blocks on disk
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    for path in (tmp_path, Path("/dev/zero"), sparse):
        with pytest.raises(load.Invalid) as err:
            load.prepare_path(path, pointer)
        assert err.value.problems[0].key in {"not_a_file", "too_big"}
    assert read == []                              # nothing was read
    assert cli.main(["load", "/dev/zero", "--db", str(pointer), "--quiet"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert checksum(pointer) == before


def test_a_cordis_zip_with_a_bad_checksum_is_refused(pointer, tmp_path):
    import zipfile
    path = tmp_path / "cordis.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("organization.csv", "projectID;name\n1;synthetic\n" * 50)
    data = bytearray(path.read_bytes())
    at = data.index(b"synthetic")
    data[at] = ord("S")                            # the member's CRC no longer matches
    path.write_bytes(bytes(data))
    before = checksum(pointer)
    with pytest.raises(load.Invalid) as err:
        load.prepare_path(path, pointer)
    assert "damaged" in err.value.problems[0].text("en")
    assert checksum(pointer) == before


def test_waiting_too_long_for_the_writer_lock_is_a_sentence(pointer, monkeypatch):
    monkeypatch.setattr(wh, "LOCK_TIMEOUT", 0.2)
    prepared = load.prepare("f.csv", fixture("synthetic_funding_one.csv"), pointer)
    before = checksum(pointer)
    with wh.writer_lock(pointer):
        with pytest.raises(load.Invalid) as err:
            load.commit(prepared, pointer)
    assert err.value.problems[0].key == "writer_busy"
    assert checksum(pointer) == before


# --- 8. a rebuild carries every accepted load --------------------------------------------------------

def _scb_like(region: str, value: float) -> bytes:
    return (f"region_code;indicator_id;year;value;source_url;source_publisher\n"
            f"{region};unemployment_rate;2021;{value};https://example.org/synthetic;Synthetic test\n").encode()



def test_a_rebuild_replays_accepted_loads_in_order_and_undo_still_works(pointer):
    from etl import build
    from tests.conftest import DATA, quiet
    a = load.commit(load.prepare("a.csv", _scb_like("SE311", 6.1), pointer, ), pointer, accept_warnings=True)
    b = load.commit(load.prepare("b.csv", _scb_like("SE311", 6.2), pointer), pointer, accept_warnings=True)
    fund = load.commit(load.prepare("f.csv", fixture("synthetic_funding_one.csv"), pointer), pointer)
    build.build(DATA, pointer, log=quiet)
    assert stored(pointer, "SE311", "unemployment_rate", 2021) == 6.2
    hist = load.history(pointer)
    assert {a.batch_id, b.batch_id, fund.batch_id} <= set(hist[hist.undone_by.isna()].batch_id)
    assert query(pointer, "SELECT count(*) FROM funding_region r JOIN funding f USING (funding_id) "
                             "WHERE f.batch_id = ?", [fund.batch_id]) == [(1,)]
    load.undo(b.batch_id, pointer)
    assert stored(pointer, "SE311", "unemployment_rate", 2021) == 6.1     # a's value, as before the rebuild


def test_loads_running_during_a_build_are_all_kept(pointer):
    import threading

    from etl import build
    from tests.conftest import DATA, quiet
    prepared = [load.prepare(f"l{i}.csv", _scb_like(region, 5.0 + i), pointer)
                for i, region in enumerate(["SE311", "SE312", "SE313", "SE110"])]
    results, errors = [], []

    def run_load(p):
        try:
            results.append(load.commit(p, pointer, accept_warnings=True))
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=run_load, args=(p,)) for p in prepared[:2]]
    threads.append(threading.Thread(target=lambda: build.build(DATA, pointer, log=quiet)))
    threads += [threading.Thread(target=run_load, args=(p,)) for p in prepared[2:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 4
    hist = load.history(pointer)
    for r in results:
        assert r.batch_id in set(hist[hist.undone_by.isna()].batch_id)
        assert query(pointer, "SELECT count(*) FROM indicator_value WHERE batch_id = ?", [r.batch_id]) == [(1,)]


def test_a_build_that_cannot_carry_a_load_stops_unless_told_to_discard_it(pointer, data_copy, capsys):
    from etl import build
    from tests.conftest import quiet
    row = _scb_like("SE311", 500).replace(b"unemployment_rate", b"grp_per_employed")
    done = load.commit(load.prepare("a.csv", row, pointer), pointer)
    # a data set in which that indicator is computed, never stored: the load no longer fits
    path = data_copy / "indicators.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for r in rows:
        if r["indicator_id"] == "grp_per_employed":
            r["kind"], r["derivation"] = "derived", "synthetic test: computed"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    before = checksum(pointer)
    assert cli.main(["build", "--data", str(data_copy), "--db", str(pointer), "--quiet"]) == 2
    assert done.batch_id in capsys.readouterr().err and checksum(pointer) == before
    build.build(data_copy, pointer, log=quiet, discard_loads=True)
    hist = load.history(pointer).set_index("batch_id")
    assert hist.undone_by[done.batch_id].startswith("build-")
    assert query(pointer, "SELECT count(*) FROM indicator_value WHERE batch_id = ?", [done.batch_id]) == [(0,)]


# --- 9. leftovers of killed writers -----------------------------------------------------------------

def test_the_next_writer_removes_unfinished_versions_of_dead_writers(pointer):
    import subprocess
    import sys
    vdir = wh.versions_dir(pointer)
    # a writer killed mid-load: it took the lock, started its version file, and died
    code = ("import os, sys; from pathlib import Path; from etl import warehouse as wh\n"
            "p = Path(sys.argv[1])\n"
            "with wh.writer_lock(p):\n"
            "    (wh.versions_dir(p) / 'synthetic-killed.duckdb.tmp').write_bytes(b'x' * 1000)\n"
            "    os._exit(9)\n")
    assert subprocess.run([sys.executable, "-c", code, str(pointer)], cwd=Path(__file__).parent.parent).returncode == 9
    assert list(vdir.glob("*.tmp"))
    load.commit(load.prepare("f.csv", fixture("synthetic_funding_one.csv"), pointer), pointer)
    assert list(vdir.glob("*.tmp")) == []


# --- 4. impossible files and values --------------------------------------------------------------------

def _workbook(build) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indikatorvärden"
    ws.append(["region_code", "indicator_id", "year", "value", "source_url", "source_publisher"])
    ws.append(["SE311", "unemployment_rate", 2021, 5.5, SOURCE.url, SOURCE.publisher])
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_hidden_sheet_with_data_is_refused(pointer):
    def hidden(wb):
        ws = wb.create_sheet("Indicator values")
        ws.append(["region_code", "indicator_id", "year", "value", "source_url", "source_publisher"])
        ws.append(["SE311", "unemployment_rate", 2021, 9.9, SOURCE.url, SOURCE.publisher])
        ws.sheet_state = "hidden"
        wb.move_sheet(ws, offset=-1)               # first in the workbook, but nobody sees it
    err = refused(pointer, "h.xlsx", _workbook(hidden))
    assert [(p.key, p.values) for p in err.problems] == [("hidden_sheet", {"sheet": "Indicator values"})]


def test_values_cached_from_external_links_are_refused(pointer):
    import zipfile
    data = _workbook(lambda wb: None)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    err = refused(pointer, "x.xlsx", buf.getvalue())
    assert keys(err) == ["external_links"]


def test_row_limit_holds_whatever_the_dimension_says(pointer, monkeypatch):
    import zipfile

    from etl.formats import safety
    monkeypatch.setattr(safety, "MAX_ROWS", 50)
    data = _workbook(lambda wb: [wb.active.append(["SE311", "unemployment_rate", 1950 + i, 5.5, SOURCE.url,
                                                   SOURCE.publisher]) for i in range(60)])
    for dimension in (b'<dimension ref="A1:F2"/>', b""):     # lying, then none at all
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename.startswith("xl/worksheets/"):
                    body = re.sub(rb"<dimension [^>]*/>", dimension, body)
                dst.writestr(item, body)
        err = refused(pointer, "big.xlsx", buf.getvalue())
        assert keys(err) == ["too_many_cells"]


@pytest.mark.parametrize("compression", ["stored", "deflated"])
def test_the_row_count_before_parsing_counts_each_row_once(compression):
    """The pre-parse guard streams the sheet XML in 4 MB pieces: a <row tag split between two
    pieces is counted once, and the sheet's one <rowBreaks> adds at most one (synthetic XML),
    whether the member is stored or deflated."""
    import zipfile

    from etl.formats import safety

    method = zipfile.ZIP_STORED if compression == "stored" else zipfile.ZIP_DEFLATED

    def count(xml):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=method) as zf:
            zf.writestr("docProps/app.xml", b"<Properties/>")    # the sheet is not the first member
            zf.writestr("s.xml", xml)
        with zipfile.ZipFile(buf) as zf:
            return safety._count_rows(zf, "s.xml")

    row = b'<row r="1"><c r="A1"><v>1</v></c></row>'
    piece = 1 << 22
    for split_at in (1, 2, 3, 4):        # the boundary falls inside "<row" at each place, or just after it
        pad = b" " * (piece - len(b"<worksheet><sheetData>") - split_at)
        assert count(b"<worksheet><sheetData>" + pad + row * 9 + b"</sheetData></worksheet>") == 9
    assert count(b"<worksheet><sheetData>" + row * 4 + b'</sheetData><rowBreaks count="1"/></worksheet>') in (4, 5)
    assert count(b"<sheetData>" + b" " * (piece - 13) + b"<r" + b"ow") == 1   # a last piece of 2 bytes ends a tag


def test_a_csv_with_16384_columns_is_refused(pointer):
    err = refused(pointer, "wide.csv", fixture("synthetic_16384_columns.csv"))
    assert keys(err) == ["too_many_cells"] and err.problems[0].values["cols"] == 16384


def test_future_years_are_refused_for_observed_values(pointer):
    err = refused(pointer, "y.csv", fixture("synthetic_future_year.csv"))
    assert [(p.row, p.column, p.key) for p in err.problems] == [(2, "C", "future_year")]


# --- 6. formula-like text stays inert in every export ------------------------------------------------------

def test_formula_like_text_is_stored_as_given_and_inert_in_downloads(pointer):
    from app import export, upload_view
    load.commit(load.prepare("f.csv", fixture("synthetic_formula_text.csv"), pointer), pointer)
    rows = query(pointer, """SELECT f.project, f.beneficiary, s.publisher, s.title FROM funding f
                                JOIN source s USING (source_id) WHERE f.programme = 'Synthetic programme'""")
    assert rows == [('=HYPERLINK("http://example.org")', "@SUM(1+1)", "+Synthetic test", "-1+2")]
    import pandas as pd
    table = pd.DataFrame(rows, columns=["project", "beneficiary", "publisher", "title"])
    text = export.to_csv(table, "sv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text and "'+Synthetic" in text and "'-1+2" in text
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(table)))
    cells = [c for row in wb.active.iter_rows(min_row=2) for c in row]
    assert all(c.data_type == "s" and str(c.value).startswith("'") for c in cells)
    # a problem list names the bad value: its download is inert too
    problems = refused(pointer, "p.csv", fixture("synthetic_formula_text.csv").replace(b"SE311", b"=1+1")).problems
    listing = export.to_csv(upload_view.problems_table(problems), "sv").decode("utf-8-sig")
    assert "'=1+1" in listing and ";=1+1" not in listing


def test_the_warehouse_opened_during_the_parse_is_closed_whatever_the_file(pointer, monkeypatch):
    """prepare opens the warehouse on another thread while the file is parsed: the connection
    is closed when the file is read and when it is refused before validation."""
    import importlib

    prepare_module = importlib.import_module("etl.load.prepare")
    opened = []

    class Recorded:
        def __init__(self, con):
            self.con, self.closed = con, False

        def close(self):
            self.closed = True
            self.con.close()

        def __getattr__(self, name):
            return getattr(self.con, name)

    real = prepare_module.open_warehouse
    monkeypatch.setattr(prepare_module, "open_warehouse",
                        lambda p: opened.append(Recorded(real(p))) or opened[-1])
    refused(pointer, "tom.csv", b"")                                        # refused before parsing
    refused(pointer, "slask.xlsx", b"PK\x03\x04 not a workbook")            # refused by the zip checks
    load.prepare("kolada.csv", fixture("synthetic_kolada_long_api.csv"), pointer, source=SOURCE)
    deadline = time.monotonic() + 10          # a refused file's connection is closed once it is open
    while not all(c.closed for c in opened) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(opened) == 3 and all(c.closed for c in opened)
