"""Warehouse tests, dbt style: each is a query that returns the rows that break a rule.

They run on every new warehouse version before it is published; a version with any
failing check is thrown away and the current warehouse stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Check:
    name: str
    sql: str  # returns offending rows; empty result = pass
    #: False for a check whose answer a load cannot change whatever rows it writes: a load
    #: neither changes the schema and the views nor removes rows (it adds or replaces them).
    #: Builds and undos run it.
    after_load: bool = True


def _relationship(table: str, column: str, ref_table: str, ref_column: str) -> Check:
    return Check(
        f"{table}.{column} references {ref_table}.{ref_column}",
        f"SELECT t.{column} FROM {table} t LEFT JOIN {ref_table} r ON r.{ref_column} = t.{column} "
        f"WHERE t.{column} IS NOT NULL AND r.{ref_column} IS NULL",
    )


def _unique(table: str, columns: str) -> Check:
    return Check(f"{table} is unique on ({columns})",
                 f"SELECT {columns}, count(*) FROM {table} GROUP BY {columns} HAVING count(*) > 1")


CHECKS: list[Check] = [
    _unique("indicator_value", "region_code, indicator_id, year"),
    _unique("employment", "region_code, year, classification, industry_code, source_id"),
    _relationship("region", "parent_code", "region", "region_code"),
    _relationship("indicator", "default_source_id", "source", "source_id"),
    _relationship("indicator_value", "region_code", "region", "region_code"),
    _relationship("indicator_value", "indicator_id", "indicator", "indicator_id"),
    _relationship("indicator_value", "source_id", "source", "source_id"),
    _relationship("indicator_value", "batch_id", "load_batch", "batch_id"),
    _relationship("employment", "region_code", "region", "region_code"),
    _relationship("employment", "source_id", "source", "source_id"),
    _relationship("employment", "batch_id", "load_batch", "batch_id"),
    _relationship("specialisation", "region_code", "region", "region_code"),
    _relationship("specialisation", "theme_id", "theme", "theme_id"),
    _relationship("specialisation", "source_id", "source", "source_id"),
    _relationship("funding", "source_id", "source", "source_id"),
    _relationship("funding", "s3_theme_id", "theme", "theme_id"),
    _relationship("funding", "batch_id", "load_batch", "batch_id"),
    _relationship("funding_region", "funding_id", "funding", "funding_id"),
    _relationship("funding_region", "region_code", "region", "region_code"),
    _relationship("challenge", "scope_region_code", "region", "region_code"),
    _relationship("challenge", "action_area_id", "action_area", "action_area_id"),
    _relationship("challenge", "source_id", "source", "source_id"),
    _relationship("action_area", "source_id", "source", "source_id"),
    _relationship("challenge_indicator", "challenge_id", "challenge", "challenge_id"),
    _relationship("challenge_indicator", "indicator_id", "indicator", "indicator_id"),
    _relationship("exchange_rate", "source_id", "source", "source_id"),
    Check("employment industry exists in its classification",
          "SELECT e.* FROM employment e LEFT JOIN industry i USING (classification, industry_code) "
          "WHERE i.industry_code IS NULL"),
    Check("every source has a URL", "SELECT source_id FROM source WHERE coalesce(trim(url), '') = ''"),
    Check("derived indicators are computed, never stored",
          "SELECT v.indicator_id FROM indicator_value v JOIN indicator i USING (indicator_id) "
          "WHERE i.kind = 'derived'"),
    Check("derived indicators have a derivation",
          "SELECT indicator_id FROM indicator WHERE kind = 'derived' AND coalesce(derivation, '') = ''"),
    Check("percentages lie between 0 and 100",
          "SELECT v.* FROM indicator_value v JOIN indicator i USING (indicator_id) "
          "WHERE i.unit_en LIKE 'percent%' AND i.indicator_id <> 'population_projection_change' "
          "AND (v.value < 0 OR v.value > 100)"),
    Check("counts are not negative",
          "SELECT v.* FROM indicator_value v JOIN indicator i USING (indicator_id) "
          "WHERE i.unit_en IN ('persons', 'number', 'MSEK') AND v.value < 0"),
    Check("a funding amount has a currency, a share has none",
          "SELECT funding_id FROM funding WHERE (amount IS NOT NULL AND amount_kind <> 'share_pct' "
          "AND currency IS NULL) OR (amount_kind = 'share_pct' AND currency IS NOT NULL) "
          "OR (amount IS NULL AND amount_kind <> 'not_stated')"),
    Check("every funding row has at least one region",
          "SELECT f.funding_id FROM funding f LEFT JOIN funding_region r USING (funding_id) "
          "WHERE r.funding_id IS NULL"),
    Check("funding years are in order",
          "SELECT funding_id FROM funding WHERE year_end < year_start"),
    Check("exchange rates are positive", "SELECT * FROM exchange_rate WHERE rate <= 0 OR n_days < 1"),
    Check("an exchange rate exists for every funding start year with a foreign currency",
          "SELECT DISTINCT f.year_start, f.currency FROM funding f "
          "LEFT JOIN exchange_rate x ON x.year = f.year_start AND x.quote = "
          "CASE f.currency WHEN 'EUR' THEN 'SEK' ELSE f.currency END "
          "WHERE f.amount IS NOT NULL AND f.currency IN ('EUR', 'NOK') AND f.year_start IS NOT NULL "
          "AND x.rate IS NULL"),
    Check("each county belongs to NUTS2 SE31 or another Swedish NUTS2 region",
          "SELECT c.region_code FROM region c JOIN region p ON p.region_code = c.parent_code "
          "WHERE c.level = 'county' AND p.level <> 'nuts2'"),
    Check("each municipality belongs to a county (SCB's code starts with the county's)",
          "SELECT m.region_code FROM region m LEFT JOIN region c ON c.region_code = m.parent_code "
          "WHERE m.level = 'municipality' "
          "AND (c.level IS DISTINCT FROM 'county' OR left(m.scb_code, 2) <> c.scb_code)"),
    Check("Sweden has 21 counties",
          "SELECT n FROM (SELECT count(*) AS n FROM region WHERE level = 'county') WHERE n <> 21"),
    _relationship("indicator_relation", "indicator_id", "indicator", "indicator_id"),
    _relationship("indicator_relation", "related_indicator_id", "indicator", "indicator_id"),
    Check("parts marked comparable add up to their total (within rounding)",
          "WITH rel AS (SELECT * FROM indicator_relation WHERE relation = 'part_of'), "
          "whole AS (SELECT related_indicator_id AS total_id FROM rel GROUP BY 1 HAVING bool_and(comparable)), "
          "parts AS (SELECT r.related_indicator_id AS total_id, v.region_code, v.year, sum(v.value) AS s, "
          "count(*) AS n FROM rel r JOIN whole w ON w.total_id = r.related_indicator_id "
          "JOIN indicator_value v ON v.indicator_id = r.indicator_id GROUP BY ALL) "
          "SELECT p.* FROM parts p JOIN indicator_value t ON t.indicator_id = p.total_id "
          "AND t.region_code = p.region_code AND t.year = p.year "
          "WHERE p.n = (SELECT count(*) FROM rel WHERE related_indicator_id = p.total_id) "
          "AND abs(p.s - t.value) > 1"),
    Check("an amount without a start year is not converted between currencies",
          "SELECT funding_id FROM v_funding_amount WHERE year_start IS NULL AND "
          "((currency <> 'SEK' AND amount_sek IS NOT NULL) OR (currency <> 'EUR' AND amount_eur IS NOT NULL))"),
    Check("values lie within the years their region's boundaries hold (no series crosses a reform)",
          "SELECT v.region_code, v.indicator_id, v.year FROM indicator_value v JOIN region r USING (region_code) "
          "WHERE v.year < coalesce(r.valid_from, v.year) OR v.year > coalesce(r.valid_to, v.year) "
          "UNION ALL SELECT e.region_code, e.industry_code, e.year FROM employment e JOIN region r USING (region_code) "
          "WHERE e.year < coalesce(r.valid_from, e.year) OR e.year > coalesce(r.valid_to, e.year)"),
    _relationship("key_area_s3", "area_id", "specialisation", "area_id"),
    _relationship("key_area_s3", "key_area_id", "key_area", "key_area_id"),
    _relationship("key_area_funding", "funding_id", "funding", "funding_id"),
    _relationship("key_area_funding", "key_area_id", "key_area", "key_area_id"),
    Check("the derived views can be read",
          "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM v_indicator_value)", after_load=False),
]


#: A SQL identifier, as the checks and the views write table names (lower case, unquoted).
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _names(sql: str) -> set[str]:
    return set(_NAME.findall(sql.lower()))


def _relations(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Each table and view of the warehouse -> the base tables it reads (a view through the
    views it names, followed to the tables)."""
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    views = dict(con.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal").fetchall())
    out: dict[str, set[str]] = {t: {t} for t in tables}

    def expand(view: str, seen: frozenset = frozenset()) -> set[str]:
        if view not in out:
            out[view] = set().union(*(out[n] if n in tables else expand(n, seen | {view})
                                      for n in _names(views[view]) & (tables | set(views)) - seen - {view}))
        return out[view]

    for view in views:
        expand(view)
    return out


def tables_read(check: Check, relations: dict[str, set[str]]) -> set[str]:
    """The base tables a check's query reads (through any view it names)."""
    return set().union(*(relations[n] for n in _names(check.sql) if n in relations))


def checks_after_load(changed: set[str], relations: dict[str, set[str]]) -> list[Check]:
    """The checks a load must run: those that read a table it wrote and whose answer a
    load can change (the version it started from passed them all)."""
    return [c for c in CHECKS if c.after_load and tables_read(c, relations) & changed]


def run_checks(con: duckdb.DuckDBPyConnection, *, names_only: bool = False,
               changed: set[str] | None = None) -> list[str]:
    """Run every check; return one message per failing check (empty = all pass).
    ``names_only``: the checks' names, for a sentence to a user (no rows of data).
    ``changed``: a load that wrote these tables, on a version that passed every check: only
    ``checks_after_load`` are run."""
    failures = []
    for check in CHECKS if changed is None else checks_after_load(changed, _relations(con)):
        # On the connection itself: the checks must see the build's open transaction. The
        # limit is in SQL and the result is read to its end, so no result is left open on
        # the connection (DuckDB 2.0 streams results).
        rows = con.execute(f"SELECT * FROM ({check.sql}) LIMIT 5").fetchall()
        if rows and names_only:
            failures.append(check.name)
        elif rows:
            sample = "; ".join(str(tuple(r)) for r in rows)
            failures.append(f"check failed: {check.name} (first offending rows: {sample})")
    return failures
