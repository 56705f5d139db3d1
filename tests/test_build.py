"""The warehouse build: sourced, referentially sound, deterministic, all-or-nothing."""

from __future__ import annotations

import csv
import io
import statistics
import subprocess
import sys
import zipfile

import pytest

from etl import build, checks, datafiles, exchange_rates, warehouse as wh
from tests.conftest import DATA, ROOT, quiet

FACT_TABLES = ["indicator_value", "employment", "funding", "specialisation"]


@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_fact_row_joins_a_source_with_a_url(con, table):
    n_rows, n_sourced = con.execute(f"""
        SELECT count(*), count(s.source_id) FILTER (WHERE coalesce(s.url, '') <> '')
        FROM {table} t LEFT JOIN source s USING (source_id)""").fetchone()
    assert n_rows > 0
    assert n_sourced == n_rows


def test_all_warehouse_checks_pass(con):
    assert checks.run_checks(con) == []


def test_two_builds_give_identical_content(tmp_path):
    first = build.build(DATA, tmp_path / "a.duckdb", log=quiet)
    second = build.build(DATA, tmp_path / "b.duckdb", log=quiet)
    assert first.checksum == second.checksum
    assert first.batch_id == second.batch_id


def test_a_broken_file_fails_with_file_row_column_and_leaves_the_warehouse_as_it_was(tmp_path, data_copy):
    pointer = tmp_path / "warehouse.duckdb"
    build.build(data_copy, pointer, log=quiet)
    before_target = wh.current_target(pointer)
    con = wh.connect_read_only(before_target)
    before = wh.content_checksum(con)
    con.close()

    path = data_copy / "indicator_values.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = lines[5].split(",")
    row[3] = "12,5"  # a Swedish decimal comma in an unquoted CSV cell
    lines[5] = ",".join(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(datafiles.DataFileErrors) as exc:
        build.build(data_copy, pointer, log=quiet)
    text = str(exc.value)
    assert "indicator_values.csv, row 6" in text
    assert wh.current_target(pointer) == before_target
    con = wh.connect_read_only(wh.current_target(pointer))
    assert wh.content_checksum(con) == before
    con.close()


def test_a_bad_value_is_reported_with_its_column(tmp_path, data_copy):
    path = data_copy / "indicator_values.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[9]["value"] = "abc"
    rows[10]["region_code"] = "SE999"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(datafiles.DataFileErrors) as exc:
        build.build(data_copy, tmp_path / "w.duckdb", log=quiet)
    messages = [str(p) for p in exc.value.problems]
    assert "indicator_values.csv, row 11, column 'value': must be a number (use a point as decimal separator) (value: 'abc')" in messages
    assert any("row 12, column 'region_code': is not in regions.csv" in m for m in messages)
    assert not (tmp_path / "w.duckdb").exists()


def test_cli_exit_code_2_and_problems_on_stderr(tmp_path, data_copy):
    (data_copy / "funding.csv").write_text("funding_id,programme\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "etl", "build", "--data", str(data_copy),
                           "--db", str(tmp_path / "w.duckdb")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "funding.csv, row 1, column 'level': column is missing from the header row" in proc.stderr
    assert "The warehouse was not changed" in proc.stderr


def test_exchange_rate_2021_is_the_mean_of_that_years_ecb_daily_rates(con):
    with zipfile.ZipFile(exchange_rates.ecb_file()) as zf:
        text = zf.read(zf.namelist()[0]).decode()
    daily = [float(r["SEK"]) for r in csv.DictReader(io.StringIO(text))
             if r["Date"].startswith("2021") and r["SEK"] not in ("", "N/A")]
    (rate, n_days, source) = con.execute(
        "SELECT rate, n_days, s.publisher FROM exchange_rate JOIN source s USING (source_id) "
        "WHERE year = 2021 AND quote = 'SEK'").fetchone()
    assert rate == pytest.approx(statistics.fmean(daily), abs=1e-12)
    assert n_days == len(daily)
    assert round(rate, 4) == 10.1465  # the ECB's published annual average
    assert "ECB" in source


def test_coverage_of_the_bundled_data(con):
    def regions(indicator):
        return {r[0] for r in con.execute(
            "SELECT DISTINCT region_code FROM v_indicator_value WHERE indicator_id = ?", [indicator]).fetchall()}

    nms = {"SE311", "SE312", "SE313"}
    for ind in ["population", "grp_per_capita", "rd_business_msek", "unemployment_rate"]:
        assert nms | {"SE"} <= regions(ind), ind
    for ind in ["grp_msek", "reglab_innovation_index", "rd_business_per_capita", "unemployment_rate"]:
        counties = con.execute("""SELECT count(DISTINCT v.region_code) FROM v_indicator_value v
            JOIN region r USING (region_code) WHERE r.level = 'county' AND v.indicator_id = ?""", [ind]).fetchone()[0]
        assert counties == 21, ind
    assert nms <= {r[0] for r in con.execute("SELECT DISTINCT region_code FROM employment").fetchall()}
    assert con.execute("SELECT count(*) FROM specialisation").fetchone()[0] == 27
    assert con.execute("SELECT count(*) FROM specialisation WHERE status = 'current'").fetchone()[0] == 17
    # the 142 published figures (one replaced by the exact figure of a project list) and two lists
    assert con.execute("SELECT count(*) FROM funding WHERE list_coverage IS NULL").fetchone()[0] == 141
    assert con.execute("SELECT count(*) FROM funding WHERE list_coverage IS NOT NULL").fetchone()[0] == 161
    assert con.execute("SELECT count(*) FROM challenge").fetchone()[0] == 17


def test_derived_measures_are_computed_not_imported(con):
    # The reference's own arithmetic says Värmland's R&D was 1.26 % of GRP in 2021; we compute it.
    value = con.execute("SELECT value FROM v_indicator_value WHERE indicator_id = 'rd_intensity' "
                        "AND region_code = 'SE311' AND year = 2021").fetchone()[0]
    assert round(value, 2) == 1.26
    assert con.execute("SELECT count(*) FROM indicator_value WHERE indicator_id IN "
                       "('rd_intensity', 'rd_total_per_capita', 'grp_per_capita_index', 'grp_per_capita')"
                       ).fetchone()[0] == 0


def test_rank_needs_all_21_counties(con):
    ranks = dict(con.execute("SELECT region_code, rank FROM v_indicator_rank "
                             "WHERE indicator_id = 'reglab_innovation_index' AND year = 2021").fetchall())
    assert (ranks["SE311"], ranks["SE312"], ranks["SE313"]) == (14, 20, 21)
    # education share: Dalarna only, so never ranked
    assert con.execute("SELECT count(*) FROM v_indicator_rank "
                       "WHERE indicator_id = 'post_secondary_share_25_64'").fetchone()[0] == 0


def test_multi_county_funding_keeps_all_its_counties_and_one_amount(con):
    regions, n = con.execute("""SELECT list_sort(region_codes), count(*) OVER () FROM v_funding
        WHERE project = 'KTP Science' AND amount_kind = 'eu_funding'""").fetchone()
    assert regions == ["SE312", "SE313"]
    assert n == 1


def test_conflicting_figures_are_both_kept_and_flagged(con):
    rows = con.execute("""SELECT amount, source_id FROM funding
        WHERE conflict_group = 'paper-province-vinnvaxt-amount' ORDER BY amount""").fetchall()
    assert [r[0] for r in rows] == [130_000_000, 300_000_000]
    assert rows[0][1] != rows[1][1]


def test_build_help_explains_coverage_and_gaps():
    proc = subprocess.run([sys.executable, "-m", "etl", "build", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert "Known gaps" in proc.stdout
    assert "all 21 counties" in proc.stdout


def test_publish_keeps_old_readers_working(tmp_path):
    pointer = tmp_path / "w.duckdb"
    build.build(DATA, pointer, log=quiet)
    reader = wh.connect_read_only(wh.current_target(pointer))
    build.build(DATA, pointer, log=quiet)  # a reader holds the old version open: no lock error
    assert reader.execute("SELECT count(*) FROM region").fetchone()[0] > 0
    reader.close()
    assert len(list(wh.versions_dir(pointer).glob("*.duckdb"))) == 2
