"""The warehouse build: sourced, referentially sound, deterministic, all-or-nothing."""

from __future__ import annotations

import csv
import io
import statistics
import subprocess
import sys
import zipfile

import pytest

from etl import build, checks, cli, datafiles, exchange_rates, load, vocabulary, warehouse as wh
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


def test_a_load_runs_the_checks_on_the_tables_it_changed(con):
    """A load re-runs only the checks that read a table it wrote, views followed to their
    tables, and not those whose answer no load can change."""
    relations = checks._relations(con)

    def run_for(*changed):
        return {c.name for c in checks.checks_after_load(set(changed), relations)}

    values = run_for("indicator_value")
    assert "indicator_value is unique on (region_code, indicator_id, year)" in values
    assert "the derived views can be read" not in values        # schema and views: a build's
    assert "Sweden has 21 counties" not in values
    assert "an amount without a start year is not converted between currencies" in run_for("funding")
    assert run_for(*relations) == {c.name for c in checks.CHECKS if c.after_load}  # each reads some table
    assert all(checks.tables_read(c, relations) for c in checks.CHECKS)


@pytest.mark.slow
def test_two_builds_give_identical_content(tmp_path):
    first = build.build(DATA, tmp_path / "a.duckdb", log=quiet)
    second = build.build(DATA, tmp_path / "b.duckdb", log=quiet)
    assert first.checksum == second.checksum
    assert first.batch_id == second.batch_id


@pytest.mark.slow
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

    with pytest.raises(load.Invalid) as exc:
        build.build(data_copy, pointer, log=quiet)
    text = str(exc.value)
    assert "indicator_values.csv, row 6" in text
    assert wh.current_target(pointer) == before_target
    con = wh.connect_read_only(wh.current_target(pointer))
    assert wh.content_checksum(con) == before
    con.close()


@pytest.mark.slow
def test_a_bad_value_is_reported_with_its_column(tmp_path, data_copy):
    path = data_copy / "indicator_values.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[9]["value"] = "abc"
    rows[10]["region_code"] = "SE999"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(load.Invalid) as exc:
        build.build(data_copy, tmp_path / "w.duckdb", log=quiet)
    messages = [str(p) for p in exc.value.problems]
    assert ("indicator_values.csv, row 11, column 'value': must be a number (use a point as decimal separator) "
            "(value: 'abc')") in messages
    assert any("row 12, column 'region_code': is not in regions.csv" in m for m in messages)
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.slow
def test_cli_exit_code_2_and_problems_on_stderr(tmp_path, data_copy, capsys):
    (data_copy / "funding.csv").write_text("funding_id,programme\n", encoding="utf-8")
    assert cli.main(["build", "--data", str(data_copy), "--db", str(tmp_path / "w.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "funding.csv, row 1, column 'level': column is missing from the header row" in err
    assert "The warehouse was not changed" in err
    assert not (tmp_path / "w.duckdb").exists()


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


@pytest.mark.parametrize("spec", datafiles.SPECS, ids=lambda spec: spec.table)
def test_the_build_loads_every_row_of_every_data_file(con, spec):
    with (DATA / spec.file).open(encoding="utf-8", newline="") as fh:
        in_file = sum(1 for row in csv.reader(fh) if any(c.strip() for c in row)) - 1
    assert in_file > 0
    sql, params = f"SELECT count(*) FROM {spec.table}", []
    if spec.table == "source":                                       # the build adds the ECB's rates as a source
        sql, params = sql + " WHERE source_id <> ?", [exchange_rates.source_row("2000-01-01")["source_id"]]
    assert con.execute(sql, params).fetchone()[0] == in_file


def test_every_funding_row_keeps_all_its_regions(con):
    with (DATA / "funding.csv").open(encoding="utf-8", newline="") as fh:
        in_file = {(r["funding_id"], code.strip()) for r in csv.DictReader(fh)
                   for code in r["region_codes"].split(";") if code.strip()}
    assert set(con.execute("SELECT funding_id, region_code FROM funding_region").fetchall()) == in_file


def test_the_three_counties_and_sweden_have_the_headline_series(con):
    def regions(indicator):
        return {r[0] for r in con.execute(
            "SELECT DISTINCT region_code FROM v_indicator_value WHERE indicator_id = ?", [indicator]).fetchall()}

    nms = set(vocabulary.NMS_COUNTIES)
    for ind in ["population", "grp_per_capita", "rd_business_msek", "unemployment_rate"]:
        assert nms | {vocabulary.SWEDEN} <= regions(ind), ind
    assert nms <= {r[0] for r in con.execute("SELECT DISTINCT region_code FROM employment").fetchall()}
    current = {r[0] for r in con.execute("SELECT region_code FROM specialisation WHERE status = 'current'").fetchall()}
    assert nms <= current                                            # every county's current S3 areas


def test_indicators_that_are_ranked_have_all_21_counties_in_some_year(con):
    for ind in ["grp_msek", "reglab_innovation_index", "rd_business_per_capita", "unemployment_rate"]:
        counties = con.execute("""SELECT max(n) FROM (SELECT year, count(DISTINCT v.region_code) AS n
            FROM v_indicator_value v JOIN region r USING (region_code)
            WHERE r.level = 'county' AND v.indicator_id = ? GROUP BY year)""", [ind]).fetchone()[0]
        assert counties == vocabulary.N_COUNTIES, ind


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


@pytest.mark.slow
def test_python_m_etl_runs_and_build_help_explains_coverage_and_gaps():
    # The one test that starts `python -m etl` as a process; the other CLI tests call etl.cli.main.
    proc = subprocess.run([sys.executable, "-m", "etl", "build", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert "Known gaps" in proc.stdout
    assert "all 21 counties" in proc.stdout


@pytest.mark.slow
def test_publish_keeps_old_readers_working(tmp_path):
    pointer = tmp_path / "w.duckdb"
    build.build(DATA, pointer, log=quiet)
    reader = wh.connect_read_only(wh.current_target(pointer))
    build.build(DATA, pointer, log=quiet)  # a reader holds the old version open: no lock error
    assert reader.execute("SELECT count(*) FROM region").fetchone()[0] > 0
    reader.close()
    assert len(list(wh.versions_dir(pointer).glob("*.duckdb"))) == 2
