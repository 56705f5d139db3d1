"""Every SQL query the dashboard runs. Parameterised only; pages never write SQL.

Functions return pandas DataFrames from the warehouse's views and dimension tables.
Language-dependent names are chosen in SQL with a ``lang`` parameter.
"""

from __future__ import annotations

import pandas as pd

from app import db
from app.db import query
from etl.vocabulary import FUNDING_LABEL_FIELDS, LANGS, SWEDEN


def _in(values) -> tuple[str, list]:
    """Placeholders for an IN list: ("?, ?, ?", [a, b, c])."""
    values = list(values)
    return ", ".join("?" for _ in values) or "NULL", values


def regions() -> pd.DataFrame:
    return query("""
        SELECT region_code, level, scb_code, name_sv, name_en, parent_code, sort_order
        FROM region ORDER BY sort_order, region_code""")


@db.cached()
def region_names(lang: str) -> dict[str, str]:
    """Region code -> name in the language (asked for several times per run by pages and
    views: cached as a dict, not rebuilt from the region table each time)."""
    df = regions()
    return dict(zip(df.region_code, df[f"name_{lang}"], strict=True))


def regions_with_data() -> pd.DataFrame:
    """Regions that have at least one indicator value (for the region picker)."""
    return query("""
        SELECT r.region_code, r.level, r.name_sv, r.name_en, r.sort_order
        FROM region r
        WHERE EXISTS (SELECT 1 FROM v_indicator_value v WHERE v.region_code = r.region_code)
        ORDER BY r.sort_order, r.region_code""")


def year_bounds() -> tuple[int, int]:
    df = query("SELECT min(year) AS lo, max(year) AS hi FROM indicator_value")
    return int(df.lo[0]), int(df.hi[0])


def indicators() -> pd.DataFrame:
    return query("""
        SELECT i.*, c.n_values, c.n_regions, c.n_counties, c.n_nuts2, c.first_year, c.last_year, c.has_sweden
        FROM indicator i LEFT JOIN v_indicator_coverage c USING (indicator_id)
        ORDER BY i.category, i.indicator_id""")


def indicator(indicator_id: str) -> pd.Series:
    """One catalogue row with its coverage columns. Callers pass ids chosen from the catalogue
    (pages and workshop steps validate links against it), so an unknown id is a programming error."""
    df = indicators()
    df = df[df.indicator_id == indicator_id]
    if df.empty:
        raise LookupError(f"The indicator {indicator_id!r} is not in the catalogue.")
    return df.iloc[0]


def values(indicator_id: str, region_codes, year_from: int, year_to: int) -> pd.DataFrame:
    """One indicator's values for the chosen regions and years, with its flags and sources."""
    marks, params = _in(region_codes)
    return query(f"""
        SELECT v.region_code, v.year, v.value, v.flag, v.note, v.is_derived, v.source_ids
        FROM v_indicator_value v
        WHERE v.indicator_id = ? AND v.region_code IN ({marks}) AND v.year BETWEEN ? AND ?
        ORDER BY v.region_code, v.year""", (indicator_id, *params, year_from, year_to))


def rank_at(indicator_id: str, year: int, region_codes, level: str = "county") -> pd.DataFrame:
    """The regions' rank among all regions of ``level`` ('county': the 21 counties, 'nuts2':
    the eight riksområden) in ``year``, where all of them have a value."""
    marks, params = _in(region_codes)
    return query(f"""
        SELECT region_code, rank, n_ranked, rank_order, higher_is_better, year_flags
        FROM v_indicator_rank_by_level
        WHERE indicator_id = ? AND year = ? AND level = ? AND region_code IN ({marks})""",
                 (indicator_id, year, level, *params))


def nuts2_regions() -> list[str]:
    """The eight riksområden (NUTS2), Norra Mellansverige first."""
    return query("SELECT region_code FROM region WHERE level = 'nuts2' ORDER BY sort_order, region_code"
                 ).region_code.tolist()


def relations(indicator_id: str) -> pd.DataFrame:
    """How the indicator relates to others (``indicator_relation``): as a part or as the whole."""
    return query("""
        SELECT indicator_id, related_indicator_id, relation, comparable, note FROM indicator_relation
        WHERE indicator_id = ? OR related_indicator_id = ?""", (indicator_id, indicator_id))


def population(region_codes, year_from: int, year_to: int) -> pd.DataFrame:
    marks, params = _in(region_codes)
    return query(f"""
        SELECT region_code, year, value AS population FROM v_indicator_value
        WHERE indicator_id = 'population' AND region_code IN ({marks}) AND year BETWEEN ? AND ?""",
                 (*params, year_from, year_to))


def common_years(indicator_ids, region_codes, year_to: int) -> pd.DataFrame:
    """Per indicator, for the chosen regions (as ``v_indicator_common_year`` does for the
    overview's default set): ``common_year``, the latest year up to ``year_to`` in which every
    chosen region that has the indicator at all has a value, and ``without_values``, the
    chosen regions that never have one."""
    imarks, iparams = _in(indicator_ids)
    rmarks, rparams = _in(region_codes)
    return query(f"""
        WITH ever AS (
            SELECT indicator_id, list(DISTINCT region_code ORDER BY region_code) AS codes
            FROM v_indicator_value
            WHERE indicator_id IN ({imarks}) AND region_code IN ({rmarks})
            GROUP BY indicator_id
        )
        SELECT i.indicator_id,
               (SELECT max(y.year) FROM v_indicator_years y
                 WHERE y.indicator_id = i.indicator_id AND y.year <= ?
                   AND list_has_all(y.region_codes, e.codes)) AS common_year,
               coalesce(e.codes, []) AS with_values
        FROM indicator i LEFT JOIN ever e USING (indicator_id)
        WHERE i.indicator_id IN ({imarks})""", (*iparams, *rparams, year_to, *iparams))


def series(indicator_ids, region_codes, year_to: int) -> pd.DataFrame:
    """Every value up to ``year_to`` of the indicators for the regions, with flag, the flag's
    reason (``note``) and sources."""
    imarks, iparams = _in(indicator_ids)
    rmarks, rparams = _in(region_codes)
    return query(f"""
        SELECT indicator_id, region_code, year, value, flag, note, source_ids
        FROM v_indicator_value
        WHERE indicator_id IN ({imarks}) AND region_code IN ({rmarks}) AND year <= ?
        ORDER BY indicator_id, region_code, year""", (*iparams, *rparams, year_to))


def ranks(indicator_ids, region_codes) -> pd.DataFrame:
    """Ranks among the 21 counties (``v_indicator_rank``): rank, n_ranked, rank_order,
    higher_is_better and every flag of the year (``year_flags``)."""
    imarks, iparams = _in(indicator_ids)
    rmarks, rparams = _in(region_codes)
    return query(f"""
        SELECT indicator_id, region_code, year, rank, n_ranked, rank_order, higher_is_better, year_flags
        FROM v_indicator_rank
        WHERE indicator_id IN ({imarks}) AND region_code IN ({rmarks})""", (*iparams, *rparams))


def trend(indicator_ids, region_codes, year_from: int, year_to: int) -> pd.DataFrame:
    imarks, iparams = _in(indicator_ids)
    rmarks, rparams = _in(region_codes)
    return query(f"""
        SELECT indicator_id, region_code, year, value FROM v_indicator_value
        WHERE indicator_id IN ({imarks}) AND region_code IN ({rmarks}) AND year BETWEEN ? AND ?
        ORDER BY indicator_id, region_code, year""", (*iparams, *rparams, year_from, year_to))


def sources(source_ids=None) -> pd.DataFrame:
    if source_ids is None:
        return query("SELECT * FROM source ORDER BY publisher, title")
    marks, params = _in(source_ids)
    return query(f"SELECT * FROM source WHERE source_id IN ({marks}) ORDER BY publisher, title",
                 tuple(params))


def source_usage(lang: str) -> pd.DataFrame:
    """For every source: what it feeds (indicators, tables) and how many rows."""
    return query("""
        WITH uses AS (
            SELECT v.source_id, CASE WHEN ? = 'sv' THEN i.name_sv ELSE i.name_en END AS feeds,
                   count(*) AS n
            FROM indicator_value v JOIN indicator i USING (indicator_id) GROUP BY ALL
            UNION ALL SELECT source_id, CASE WHEN ? = 'sv' THEN 'Sysselsatta per bransch'
                                             ELSE 'Employment by industry' END, count(*)
            FROM employment GROUP BY ALL
            UNION ALL SELECT source_id, CASE WHEN ? = 'sv' THEN 'Finansiering' ELSE 'Funding' END, count(*)
            FROM funding GROUP BY ALL
            UNION ALL SELECT source_id, CASE WHEN ? = 'sv' THEN 'S3-områden' ELSE 'S3 areas' END, count(*)
            FROM specialisation GROUP BY ALL
            UNION ALL SELECT source_id, CASE WHEN ? = 'sv' THEN 'Utmaningar' ELSE 'Challenges' END, count(*)
            FROM challenge GROUP BY ALL
            UNION ALL SELECT source_id, CASE WHEN ? = 'sv' THEN 'Växelkurser' ELSE 'Exchange rates' END, count(*)
            FROM exchange_rate GROUP BY ALL
        )
        SELECT s.source_id, s.publisher, s.title, s.table_id, s.url, s.retrieved_on, s.licence, s.accessed_via,
               string_agg(u.feeds, '; ' ORDER BY u.feeds) AS feeds, coalesce(sum(u.n), 0) AS n_rows
        FROM source s LEFT JOIN uses u USING (source_id)
        GROUP BY ALL
        ORDER BY s.publisher, s.title, s.source_id""", (lang,) * 6)


def indicator_coverage(lang: str) -> pd.DataFrame:
    return query("""
        SELECT CASE WHEN ? = 'sv' THEN i.name_sv ELSE i.name_en END AS name, i.indicator_id, i.kind,
               c.n_counties, c.n_nms_counties, c.n_nuts2, c.has_sweden, c.first_year, c.last_year, c.n_years, c.n_values
        FROM indicator i LEFT JOIN v_indicator_coverage c USING (indicator_id)
        ORDER BY i.category, name""", (lang,))


def area_coverage(lang: str) -> pd.DataFrame:
    """How complete each non-indicator data area is."""
    return query("""
        SELECT CASE WHEN ? = 'sv' THEN 'Sysselsatta per bransch' ELSE 'Employment by industry' END AS area,
               classification AS detail, count(DISTINCT region_code) AS n_regions,
               min(year) AS first_year, max(year) AS last_year, count(*) AS n_rows
        FROM employment GROUP BY ALL
        UNION ALL
        SELECT CASE WHEN ? = 'sv' THEN 'Finansiering' ELSE 'Funding' END,
               coalesce(CASE WHEN ? = 'sv' THEN l.label_sv ELSE l.label_en END, f.programme),
               count(DISTINCT fr.region_code), min(year_start), max(coalesce(year_end, year_start)),
               count(DISTINCT f.funding_id)
        FROM funding f LEFT JOIN funding_region fr USING (funding_id)
        LEFT JOIN funding_label l ON l.field = 'programme' AND l.raw = f.programme GROUP BY ALL
        UNION ALL
        SELECT CASE WHEN ? = 'sv' THEN 'S3-områden' ELSE 'S3 areas' END, status,
               count(DISTINCT region_code), NULL, NULL, count(*)
        FROM specialisation GROUP BY ALL
        UNION ALL
        SELECT CASE WHEN ? = 'sv' THEN 'Växelkurser (ECB)' ELSE 'Exchange rates (ECB)' END, quote,
               NULL, min(year), max(year), count(*)
        FROM exchange_rate GROUP BY ALL
        ORDER BY 1, 2""", (lang,) * 5)


def warehouse_batches() -> pd.DataFrame:
    """The load history (staff only: user names, file names, hashes)."""
    return query("SELECT * FROM load_batch ORDER BY loaded_at DESC")


def last_load() -> pd.DataFrame:
    """What viewers may see of the history: when each standing load happened, nothing else."""
    return query("SELECT loaded_at, undone_by FROM load_batch WHERE undone_by IS NULL")


# --- Smart specialisation ---------------------------------------------------------


def themes() -> pd.DataFrame:
    return query("SELECT * FROM theme ORDER BY sort_order")


def theme_names(lang: str) -> dict[str, str]:
    """S3 theme id -> name in the language."""
    df = themes()
    return dict(zip(df.theme_id, df[f"name_{lang}"], strict=True))


def s3_areas(include_superseded: bool) -> pd.DataFrame:
    statuses = ("current", "superseded") if include_superseded else ("current",)
    marks, params = _in(statuses)
    return query(f"""
        SELECT s.* REPLACE (coalesce(s.description, '') AS description, coalesce(s.clusters, '') AS clusters,
                            coalesce(s.nace_codes, '') AS nace_codes, coalesce(s.theme_id, '') AS theme_id),
               src.publisher, src.title AS source_title, src.url AS source_url
        FROM specialisation s JOIN source src USING (source_id)
        WHERE s.status IN ({marks})
        ORDER BY s.region_code, s.status, s.area_id""", tuple(params))


def employment_datasets() -> pd.DataFrame:
    """Each (classification, source) that can give LQs, with its regions and years."""
    return query("""
        SELECT q.classification, q.source_id, s.publisher, s.title, s.table_id,
               list(DISTINCT q.region_code ORDER BY q.region_code) AS regions,
               list(DISTINCT q.year ORDER BY q.year) AS years,
               min(q.year) AS first_year, max(q.year) AS last_year
        FROM v_location_quotient q JOIN source s USING (source_id)
        GROUP BY ALL
        ORDER BY q.classification, max(q.year) DESC""")


def location_quotients(classification: str, source_id: str, year: int, region_codes) -> pd.DataFrame:
    """LQs of the regions with ``can_specialise`` (``v_industry``: not the total, not an
    unknown industry, not an aggregate overlapping its own parts) and each county's rank
    among the 21 (``v_lq_rank``; NULL where not all 21 have the LQ)."""
    marks, params = _in(region_codes)
    return query(f"""
        SELECT q.*, i.name_sv, i.name_en, i.nace_sections, vi.can_specialise, r.lq_rank, r.n_ranked
        FROM v_location_quotient q
        JOIN industry i USING (classification, industry_code)
        JOIN v_industry vi USING (classification, industry_code)
        LEFT JOIN v_lq_rank r ON r.region_code = q.region_code AND r.year = q.year
                             AND r.classification = q.classification AND r.industry_code = q.industry_code
                             AND r.source_id = q.source_id
        WHERE q.classification = ? AND q.source_id = ? AND q.year = ? AND q.region_code IN ({marks})
        ORDER BY q.region_code, q.industry_code""", (classification, source_id, year, *params))


def default_employment_dataset() -> pd.DataFrame:
    """The dataset and year the specialisation page opens on: the latest year of a dataset
    (classification, source) in which all 21 counties have shares (``v_employment_dataset``)."""
    return query("""
        SELECT classification, source_id, year FROM v_employment_dataset
        WHERE all_counties ORDER BY year DESC, classification LIMIT 1""")


def employment_change(classification: str, source_id: str, year_from: int, year_to: int,
                      region_codes) -> pd.DataFrame:
    """Employment per industry in two years of the same dataset, and the % change."""
    marks, params = _in(region_codes)
    return query(f"""
        SELECT a.region_code, a.industry_code, a.employed AS employed_from, b.employed AS employed_to,
               (b.employed - a.employed) / a.employed * 100 AS change_pct
        FROM employment a JOIN employment b
          ON b.region_code = a.region_code AND b.classification = a.classification
         AND b.industry_code = a.industry_code AND b.source_id = a.source_id AND b.year = ?
        WHERE a.classification = ? AND a.source_id = ? AND a.year = ? AND a.region_code IN ({marks})
          AND a.employed > 0""", (year_to, classification, source_id, year_from, *params))


def krugman(classification: str, source_id: str, region_codes) -> pd.DataFrame:
    marks, params = _in(region_codes)
    return query(f"""
        SELECT region_code, year, krugman, n_industries, krugman_rank, n_ranked FROM v_krugman_index
        WHERE classification = ? AND source_id = ? AND region_code IN ({marks})
        ORDER BY region_code, year""", (classification, source_id, *params))


def employment_regions() -> list[str]:
    return query("SELECT DISTINCT region_code FROM employment ORDER BY 1").region_code.tolist()


# --- Challenges ----------------------------------------------------------------------


def challenges() -> pd.DataFrame:
    return query("""
        SELECT c.* REPLACE (coalesce(c.description, '') AS description,
                            coalesce(c.action_area_id, '') AS action_area_id),
               s.publisher, s.url AS source_url,
               coalesce((SELECT list(ci.indicator_id ORDER BY ci.sort_order) FROM challenge_indicator ci
                         WHERE ci.challenge_id = c.challenge_id), []) AS indicator_ids
        FROM challenge c JOIN source s USING (source_id)
        ORDER BY c.challenge_id""")


def action_areas() -> pd.DataFrame:
    return query("""
        SELECT a.*, s.publisher, s.url AS source_url
        FROM action_area a JOIN source s USING (source_id)
        ORDER BY a.framework DESC, a.number""")


def evidence(indicator_ids, region_codes) -> pd.DataFrame:
    """Latest value per (indicator, region), its rank among the 21 counties that year (if
    all have data), and Sweden's value in the same year, for the challenge matrix."""
    imarks, iparams = _in(indicator_ids)
    rmarks, rparams = _in(region_codes)
    return query(f"""
        WITH latest AS (
            SELECT *, row_number() OVER (PARTITION BY indicator_id, region_code ORDER BY year DESC) AS k
            FROM v_indicator_value WHERE indicator_id IN ({imarks}) AND region_code IN ({rmarks})
        )
        SELECT l.indicator_id, l.region_code, l.year, l.value, l.flag, l.source_ids,
               rk.rank, rk.n_counties, se.value AS se_value, i.higher_is_better, i.decimals,
               i.name_sv, i.name_en, i.unit_sv, i.unit_en
        FROM latest l
        JOIN indicator i USING (indicator_id)
        LEFT JOIN v_indicator_rank rk ON rk.indicator_id = l.indicator_id AND rk.region_code = l.region_code
                                     AND rk.year = l.year
        LEFT JOIN v_indicator_value se ON se.indicator_id = l.indicator_id AND se.region_code = ?
                                      AND se.year = l.year
        WHERE l.k = 1""", (*iparams, *rparams, SWEDEN))


# --- Funding ---------------------------------------------------------------------------


def _funding_labels() -> tuple[str, str]:
    """SQL for the funding rows ``f``: the columns ``<field>_<lang>`` (the analyst's display label
    where there is one, else the value) and the joins to ``funding_label`` they need. The
    column names come from the vocabulary, never from a user: safe to put in the text."""
    shown = ",\n".join(f"coalesce(l_{c}.label_{lang}, f.{c}) AS {c}_{lang}"
                        for c in FUNDING_LABEL_FIELDS for lang in LANGS)
    joins = "\n".join(f"LEFT JOIN funding_label l_{c} ON l_{c}.field = '{c}' AND l_{c}.raw = f.{c}"
                      for c in FUNDING_LABEL_FIELDS)
    return shown, joins


def funding() -> pd.DataFrame:
    """Every funding row with conversions, its source, its S3 theme name and, for each of
    ``FUNDING_LABEL_FIELDS``, the value as shown in either language (``project_sv``,
    ``project_en``, ...: the analyst's label where there is one, else the value itself)."""
    shown, joins = _funding_labels()
    return query(f"""
        SELECT f.* EXCLUDE (batch_id), s.publisher, s.url AS source_url,
               t.name_sv AS s3_theme_sv, t.name_en AS s3_theme_en,
               {shown}
        FROM v_funding_amount f
        JOIN source s USING (source_id)
        LEFT JOIN theme t ON t.theme_id = f.s3_theme_id
        {joins}
        ORDER BY f.programme, f.programme_period, f.project, f.funding_id""")


def declared_themes() -> pd.DataFrame:
    """The S3 themes each county has declared in its current strategy."""
    return query("""SELECT DISTINCT region_code, theme_id FROM specialisation
                     WHERE status = 'current' AND theme_id IS NOT NULL""")


def latest_population(region_codes) -> pd.DataFrame:
    marks, params = _in(region_codes)
    return query(f"""
        SELECT region_code, arg_max(value, year) AS population, max(year) AS year
        FROM v_indicator_value WHERE indicator_id = 'population' AND region_code IN ({marks})
        GROUP BY region_code ORDER BY region_code""", tuple(params))


# --- Across the border (Sweden-Norway) ---------------------------------------------------


def border_values(indicator_ids, region_codes) -> pd.DataFrame:
    """Values of some indicators for the border view's regions, with flags, notes and sources."""
    imarks, iparams = _in(indicator_ids)
    rmarks, rparams = _in(region_codes)
    return query(f"""
        SELECT indicator_id, region_code, year, value, flag, note, source_ids FROM v_indicator_value
        WHERE indicator_id IN ({imarks}) AND region_code IN ({rmarks})
        ORDER BY indicator_id, region_code, year""", (*iparams, *rparams))


def region_boundaries() -> pd.DataFrame:
    """Each region's NUTS version and the years its boundaries hold (NULL = no limit)."""
    return query("""SELECT region_code, name_sv, name_en, level, nuts_version, valid_from, valid_to
                    FROM region ORDER BY sort_order, region_code""")


def national_lq_years(region_codes) -> list[int]:
    """Years in which every one of the regions has NACE A*10 location quotients against its country."""
    marks, params = _in(region_codes)
    return query(f"""
        SELECT year FROM v_location_quotient_national
        WHERE classification = 'NACE_A10' AND region_code IN ({marks})
        GROUP BY year HAVING count(DISTINCT region_code) = ? ORDER BY year""",
                 (*params, len(params))).year.tolist()


def national_lq(region_codes, year: int) -> pd.DataFrame:
    """NACE A*10 employment shares and LQs against each region's own country, one year."""
    marks, params = _in(region_codes)
    return query(f"""
        SELECT q.*, i.name_sv, i.name_en, i.nace_sections
        FROM v_location_quotient_national q JOIN industry i USING (classification, industry_code)
        WHERE q.classification = 'NACE_A10' AND q.year = ? AND q.region_code IN ({marks})
        ORDER BY q.region_code, q.industry_code""", (year, *params))


def national_industries() -> pd.DataFrame:
    """The NACE A*10 industries that may be shown as specialisations (and C, part of B-E)."""
    return query("""SELECT industry_code, name_sv, name_en, is_aggregate, can_specialise FROM v_industry
                    WHERE classification = 'NACE_A10' AND NOT is_total ORDER BY industry_code""")


def key_areas() -> pd.DataFrame:
    return query("SELECT * FROM key_area ORDER BY sort_order")


def key_area_s3() -> pd.DataFrame:
    """Every current S3 area with the key area it is classified into (NULL = none of the seven)."""
    return query("""
        SELECT s.area_id, s.region_code, s.area_sv, s.area_en, k.key_area_id, k.note
        FROM specialisation s JOIN key_area_s3 k USING (area_id)
        WHERE s.status = 'current' ORDER BY s.region_code, s.area_id""")


def key_area_projects() -> pd.DataFrame:
    """Interreg Sverige-Norge project rows with their key area, conversions, source and the
    values as shown in either language (see ``funding``)."""
    shown, joins = _funding_labels()
    return query(f"""
        SELECT f.* EXCLUDE (batch_id), s.publisher, s.url AS source_url, {shown}
        FROM v_key_area_funding f JOIN source s USING (source_id)
        {joins}
        ORDER BY f.programme_period, f.project, f.funding_id""")


# --- Where the counties stand (#19): ranking of all 21, maps, most similar, shift-share ---


def county_years(indicator_id: str) -> pd.DataFrame:
    """Per year of the indicator: how many counties have a value and whether all 21 do."""
    return query("""SELECT year, n_counties, all_counties FROM v_indicator_years
                    WHERE indicator_id = ? AND n_counties > 0 ORDER BY year""", (indicator_id,))


def county_values(indicator_id: str, year: int) -> pd.DataFrame:
    """Every county's value in ``year`` with its rank among the 21 (NULL where not all 21
    have a value that year), and Sweden's value the same year as ``se_value``."""
    return query("""
        SELECT v.region_code, r.scb_code, v.value, v.flag, v.source_ids,
               rk.rank, rk.n_ranked, rk.rank_order, i.higher_is_better,
               (SELECT se.value FROM v_indicator_value se
                 WHERE se.indicator_id = v.indicator_id AND se.region_code = ? AND se.year = v.year) AS se_value
        FROM v_indicator_value v
        JOIN region r ON r.region_code = v.region_code AND r.level = 'county'
        JOIN indicator i ON i.indicator_id = v.indicator_id
        LEFT JOIN v_indicator_rank rk ON rk.indicator_id = v.indicator_id AND rk.region_code = v.region_code
                                     AND rk.year = v.year
        WHERE v.indicator_id = ? AND v.year = ?
        ORDER BY rk.rank NULLS LAST, r.sort_order""", (SWEDEN, indicator_id, year))


def rank_history(indicator_id: str, region_codes) -> pd.DataFrame:
    """The regions' rank among the 21 counties in every year all 21 have a value."""
    marks, params = _in(region_codes)
    return query(f"""
        SELECT region_code, year, value, rank, n_ranked, rank_order, higher_is_better
        FROM v_indicator_rank WHERE indicator_id = ? AND region_code IN ({marks})
        ORDER BY region_code, year""", (indicator_id, *params))


def county_matrix(indicator_ids) -> pd.DataFrame:
    """Every county's values of the indicators, all years (long: indicator_id, region_code, year, value)."""
    marks, params = _in(indicator_ids)
    return query(f"""
        SELECT v.indicator_id, v.region_code, v.year, v.value, v.source_ids
        FROM v_indicator_value v JOIN region r ON r.region_code = v.region_code AND r.level = 'county'
        WHERE v.indicator_id IN ({marks}) ORDER BY v.indicator_id, v.region_code, v.year""", tuple(params))


def shift_share_employment(classification: str, source_id: str, years, region_codes) -> pd.DataFrame:
    """Employment per region and industry in the given years of one dataset (classification and
    source), every industry with its NACE sections (``app/shiftshare.py`` picks the industries
    that partition the total) and the total row; ``region_codes`` should include Sweden."""
    ymarks, yparams = _in(years)
    rmarks, rparams = _in(region_codes)
    return query(f"""
        SELECT e.region_code, e.year, e.industry_code, e.employed, vi.is_total, vi.name_sv, vi.name_en,
               coalesce(vi.nace_sections, '') AS nace_sections
        FROM employment e JOIN v_industry vi USING (classification, industry_code)
        WHERE e.classification = ? AND e.source_id = ? AND e.year IN ({ymarks}) AND e.region_code IN ({rmarks})
        ORDER BY e.region_code, e.year, e.industry_code""", (classification, source_id, *yparams, *rparams))


def municipal_values(indicator_id: str, county_codes) -> pd.DataFrame:
    """The indicator for every municipality of the counties (all years; a municipality without
    values has one row with year and value NULL, so it is shown as missing, never dropped)."""
    marks, params = _in(county_codes)
    return query(f"""
        SELECT m.region_code, m.scb_code, m.parent_code, v.year, v.value, v.flag, v.source_ids
        FROM region m LEFT JOIN v_indicator_value v ON v.region_code = m.region_code AND v.indicator_id = ?
        WHERE m.level = 'municipality' AND m.parent_code IN ({marks})
        ORDER BY m.sort_order, v.year""", (indicator_id, *params))
