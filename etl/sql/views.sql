-- Marts: derived measures are computed here, never stored as facts.
-- The dashboard reads these views (and the dimension tables), not raw CSVs.

-- Flags of several inputs as one ';'-joined, sorted, de-duplicated text (NULL if none).
CREATE OR REPLACE MACRO join_flags(flags) AS
    nullif(array_to_string(list_sort(list_distinct(flatten(list_transform(
        list_filter(flags, lambda f: f IS NOT NULL AND f <> ''), lambda f: string_split(f, ';'))))), ';'), '');

-- The notes of the inputs that carry a flag (the reason of each flag), joined with ' | '.
CREATE OR REPLACE MACRO flagged_notes(flags, notes) AS
    nullif(array_to_string(list_filter(notes, lambda n, i: flags[i] IS NOT NULL AND n IS NOT NULL), ' | '), '');

-- Every indicator value, base and derived. `source_ids` lists the sources a value
-- rests on (one for a base value, all inputs for a derived one).
CREATE OR REPLACE VIEW v_indicator_value AS
WITH base AS (
    SELECT region_code, indicator_id, year, value, nullif(flag, '') AS flag,
           [source_id] AS source_ids, false AS is_derived, note
    FROM indicator_value
),
pop AS (SELECT * FROM base WHERE indicator_id = 'population'),
-- GRP per inhabitant, thousand SEK: GRP (MSEK) over the mean population of the year, i.e.
-- the mean of the population on 31 December of the year before and of the year (the
-- definition Eurostat and SCB use for "per inhabitant"). GRP and population come from
-- one publisher's series each (Eurostat), so no release is stitched in.
grp_pc AS (
    SELECT g.region_code, 'grp_per_capita' AS indicator_id, g.year,
           g.value * 1000 / ((p0.value + p1.value) / 2) AS value,
           join_flags([g.flag, p0.flag, p1.flag]) AS flag,
           list_distinct(list_concat(g.source_ids, p1.source_ids, p0.source_ids)) AS source_ids,
           true AS is_derived,
           flagged_notes([g.flag, p0.flag, p1.flag], [g.note, p0.note, p1.note]) AS note
    FROM base g
    JOIN pop p1 ON p1.region_code = g.region_code AND p1.year = g.year
    JOIN pop p0 ON p0.region_code = g.region_code AND p0.year = g.year - 1
    WHERE g.indicator_id = 'grp_msek'
),
rd_total AS (
    SELECT b.region_code, 'rd_total_per_capita' AS indicator_id, b.year,
           b.value + h.value + g.value AS value,
           join_flags([b.flag, h.flag, g.flag]) AS flag,
           list_distinct(list_concat(b.source_ids, h.source_ids, g.source_ids)) AS source_ids,
           true AS is_derived,
           flagged_notes([b.flag, h.flag, g.flag], [b.note, h.note, g.note]) AS note
    FROM base b
    JOIN base h ON h.region_code = b.region_code AND h.year = b.year
               AND h.indicator_id = 'rd_higher_edu_per_capita'
    JOIN base g ON g.region_code = b.region_code AND g.year = b.year
               AND g.indicator_id = 'rd_government_per_capita'
    WHERE b.indicator_id = 'rd_business_per_capita'
),
rd_intensity AS (
    SELECT r.region_code, 'rd_intensity' AS indicator_id, r.year,
           r.value / (p.value * 1000) * 100 AS value,
           join_flags([r.flag, p.flag]) AS flag,
           list_distinct(list_concat(r.source_ids, p.source_ids)) AS source_ids,
           true AS is_derived,
           flagged_notes([r.flag, p.flag], [r.note, p.note]) AS note
    FROM rd_total r
    JOIN grp_pc p ON p.region_code = r.region_code AND p.year = r.year
),
grp_index AS (
    SELECT c.region_code, 'grp_per_capita_index' AS indicator_id, c.year,
           c.value / s.value * 100 AS value,
           join_flags([c.flag, s.flag]) AS flag,
           list_distinct(list_concat(c.source_ids, s.source_ids)) AS source_ids,
           true AS is_derived,
           flagged_notes([c.flag, s.flag], [c.note, s.note]) AS note
    FROM grp_pc c
    JOIN grp_pc s ON s.region_code = 'SE' AND s.year = c.year
    WHERE c.region_code <> 'SE'
),
-- GDP of Norwegian regions in million SEK: million NOK / (EUR/NOK) × (EUR/SEK), the ECB annual
-- averages of the same year (exchange_rate). Purchasing-power comparisons use PPS instead.
gdp_sek_from_nok AS (
    SELECT g.region_code, 'gdp_msek_from_nok' AS indicator_id, g.year,
           g.value / nok.rate * sek.rate AS value, g.flag,
           list_distinct(list_concat(g.source_ids, [nok.source_id])) AS source_ids,
           true AS is_derived, flagged_notes([g.flag], [g.note]) AS note
    FROM base g
    JOIN exchange_rate nok ON nok.year = g.year AND nok.base = 'EUR' AND nok.quote = 'NOK'
    JOIN exchange_rate sek ON sek.year = g.year AND sek.base = 'EUR' AND sek.quote = 'SEK'
    WHERE g.indicator_id = 'gdp_mio_nok'
),
-- Norra Mellansverige as the sum of its three counties, for additive indicators,
-- only where all three counties have a value and no published SE31 value exists.
se31_sum AS (
    SELECT 'SE31' AS region_code, b.indicator_id, b.year, sum(b.value) AS value,
           join_flags(list(b.flag)) AS flag,
           list_distinct(flatten(list(b.source_ids))) AS source_ids,
           true AS is_derived,
           nullif(string_agg(DISTINCT b.note, ' | ') FILTER (WHERE b.flag IS NOT NULL), '') AS note
    FROM base b
    JOIN indicator i ON i.indicator_id = b.indicator_id AND i.additive
    JOIN region r ON r.region_code = b.region_code AND r.parent_code = 'SE31'
    GROUP BY b.indicator_id, b.year
    HAVING count(*) = 3
)
SELECT * FROM base
UNION ALL SELECT * FROM gdp_sek_from_nok
UNION ALL SELECT * FROM grp_pc
UNION ALL SELECT * FROM rd_total
UNION ALL SELECT * FROM rd_intensity
UNION ALL SELECT * FROM grp_index
UNION ALL
SELECT s.* FROM se31_sum s
WHERE NOT EXISTS (SELECT 1 FROM base b WHERE b.region_code = 'SE31'
                  AND b.indicator_id = s.indicator_id AND b.year = s.year);

-- Rank among all regions of one level (the 21 counties, the 8 NUTS2 regions), for every
-- indicator and year in which every region of that level has a value. `rank_order` says what
-- rank 1 is: 'desc' = the highest value (for indicators without a better direction, e.g.
-- population, 1 = the largest, not the best), 'asc' = the lowest (where lower is better).
-- `year_flags`: every flag on any of the ranked values that year (a rank rests on all of them,
-- e.g. a disputed edition).
CREATE OR REPLACE VIEW v_indicator_rank_by_level AS
WITH ranked AS (
    SELECT v.region_code, v.indicator_id, v.year, v.value, v.flag, r.level, i.higher_is_better,
           count(*) OVER (PARTITION BY v.indicator_id, v.year, r.level) AS n_ranked,
           list(v.flag) OVER (PARTITION BY v.indicator_id, v.year, r.level) AS all_flags
    FROM v_indicator_value v
    JOIN region r ON r.region_code = v.region_code AND r.level IN ('county', 'nuts2')
    JOIN indicator i ON i.indicator_id = v.indicator_id
)
SELECT region_code, indicator_id, year, value, level,
       CASE WHEN higher_is_better IS DISTINCT FROM false
            THEN rank() OVER (PARTITION BY indicator_id, year, level ORDER BY value DESC)
            ELSE rank() OVER (PARTITION BY indicator_id, year, level ORDER BY value ASC)
       END AS rank,
       n_ranked,
       CASE WHEN higher_is_better IS DISTINCT FROM false THEN 'desc' ELSE 'asc' END AS rank_order,
       higher_is_better, flag, join_flags(all_flags) AS year_flags
FROM ranked
WHERE n_ranked = (SELECT count(*) FROM region r2 WHERE r2.level = ranked.level);

-- Rank among Sweden's 21 counties (see v_indicator_rank_by_level); `n_counties` = `n_ranked` = 21.
CREATE OR REPLACE VIEW v_indicator_rank AS
SELECT region_code, indicator_id, year, value, n_ranked AS n_counties, rank, n_ranked, rank_order,
       higher_is_better, flag, year_flags
FROM v_indicator_rank_by_level WHERE level = 'county';

-- Rank among Sweden's eight NUTS2 regions (riksområden), for indicators published only at
-- that level (e.g. education from the Labour Force Survey).
CREATE OR REPLACE VIEW v_indicator_rank_nuts2 AS
SELECT region_code, indicator_id, year, value, rank, n_ranked, rank_order, higher_is_better, flag, year_flags
FROM v_indicator_rank_by_level WHERE level = 'nuts2';

-- Which regions have a value, per indicator and year: the basis of "one year compared".
-- The common year of a set of regions is the latest year whose `region_codes` hold them all:
--   SELECT max(year) FROM v_indicator_years WHERE indicator_id = ? AND list_has_all(region_codes, ?)
CREATE OR REPLACE VIEW v_indicator_years AS
SELECT v.indicator_id, v.year,
       list(v.region_code ORDER BY v.region_code) AS region_codes,
       count(*) AS n_regions,
       count(*) FILTER (WHERE r.level = 'county') AS n_counties,
       count(*) FILTER (WHERE r.level = 'county') = (SELECT count(*) FROM region WHERE level = 'county')
           AS all_counties,
       bool_or(v.region_code = 'SE') AS has_sweden
FROM v_indicator_value v
JOIN region r ON r.region_code = v.region_code
GROUP BY v.indicator_id, v.year;

-- The default comparison of the overview (the three NMS counties and Sweden): per indicator
-- `common_year`, the latest year in which every one of them that has the indicator at all has
-- a value; `without_values`, those of them that never have one (say so, do not wait for them);
-- `rank_year`, the latest year all 21 counties have a value; `last_year`, the latest year of any.
CREATE OR REPLACE VIEW v_indicator_common_year AS
WITH shown AS (
    SELECT list(region_code ORDER BY sort_order) AS codes FROM region
    WHERE parent_code = 'SE31' OR region_code = 'SE'
),
ever AS (
    SELECT indicator_id, list(DISTINCT region_code) AS codes FROM v_indicator_value GROUP BY indicator_id
)
SELECT y.indicator_id,
       max(y.year) FILTER (WHERE list_has_all(y.region_codes, list_intersect(shown.codes, ever.codes)))
           AS common_year,
       list_filter(any_value(shown.codes), lambda c: NOT list_contains(any_value(ever.codes), c))
           AS without_values,
       max(y.year) FILTER (WHERE y.all_counties) AS rank_year,
       max(y.year) AS last_year
FROM v_indicator_years y
JOIN ever USING (indicator_id)
CROSS JOIN shown
GROUP BY y.indicator_id;

-- How complete each indicator is: regions, years and values present.
CREATE OR REPLACE VIEW v_indicator_coverage AS
SELECT v.indicator_id,
       count(*) AS n_values,
       count(DISTINCT v.region_code) AS n_regions,
       count(DISTINCT v.region_code) FILTER (WHERE r.level = 'county') AS n_counties,
       -- the years of the counties and larger regions: a municipal value (#19) does not widen them
       min(v.year) FILTER (WHERE r.level <> 'municipality') AS first_year,
       max(v.year) FILTER (WHERE r.level <> 'municipality') AS last_year,
       count(DISTINCT v.year) AS n_years,
       bool_or(v.region_code = 'SE') AS has_sweden,
       count(DISTINCT v.region_code) FILTER (WHERE r.parent_code = 'SE31') AS n_nms_counties,
       count(DISTINCT v.region_code) FILTER (WHERE r.level = 'nuts2') AS n_nuts2,
       count(DISTINCT v.region_code) FILTER (WHERE r.level = 'municipality') AS n_municipalities
FROM v_indicator_value v
JOIN region r ON r.region_code = v.region_code
GROUP BY v.indicator_id;

-- Funding with its regions as a list and a display label for multi-county rows.
CREATE OR REPLACE VIEW v_funding AS
SELECT f.*,
       list(fr.region_code ORDER BY fr.region_code) AS region_codes,
       count(fr.region_code) AS n_regions
FROM funding f
LEFT JOIN funding_region fr USING (funding_id)
GROUP BY ALL;

-- Employment with the region total from the same source and classification.
-- The total is the published TOTAL row; for SCB's 16 groups (a complete partition of
-- the economy, including "unknown") it is their sum. SCB's NUTS2 table (sections A-G
-- only) has no total, so no shares or LQs can be computed from it.
CREATE OR REPLACE VIEW v_employment_share AS
WITH parts AS (
    SELECT e.*, i.is_aggregate
    FROM employment e JOIN industry i USING (classification, industry_code)
    WHERE e.industry_code <> 'TOTAL'
),
totals AS (
    SELECT region_code, year, classification, source_id, employed AS total
    FROM employment WHERE industry_code = 'TOTAL'
    UNION ALL
    SELECT region_code, year, classification, source_id, sum(employed)
    FROM parts
    WHERE classification = 'SCB_GROUPS16' AND NOT is_aggregate
    GROUP BY ALL
)
SELECT p.region_code, p.year, p.classification, p.industry_code, p.is_aggregate, p.employed,
       t.total AS region_total, p.employed / t.total AS share, p.flag, p.source_id
FROM parts p
JOIN totals t USING (region_code, year, classification, source_id);

-- Location quotient against Sweden, LQ = (e_ri / e_r) / (e_Si / e_S), with Sweden's
-- numbers from the same source, classification and year (never mixing sources).
CREATE OR REPLACE VIEW v_location_quotient AS
SELECT r.region_code, r.year, r.classification, r.industry_code, r.is_aggregate,
       r.employed, r.region_total, r.share,
       s.employed AS se_employed, s.region_total AS se_total, s.share AS se_share,
       r.share / s.share AS lq, r.flag, r.source_id
FROM v_employment_share r
JOIN v_employment_share s
  ON s.region_code = 'SE' AND s.year = r.year AND s.classification = r.classification
 AND s.industry_code = r.industry_code AND s.source_id = r.source_id
WHERE r.region_code <> 'SE' AND s.share > 0;

-- Industries with what they may be used for. `overlaps_parts`: an aggregate that contains
-- other codes of its classification (B-E contains C; G-J, K-N, O-U; found from nace_sections).
-- `can_specialise`: may be shown as a specialisation: not the total, not an unknown
-- industry (no sections), not an aggregate overlapping its own parts.
CREATE OR REPLACE VIEW v_industry AS
WITH ind AS (
    SELECT *, string_split(coalesce(nace_sections, ''), ';') AS sections FROM industry
)
SELECT i.classification, i.industry_code, i.name_sv, i.name_en, i.nace_sections, i.is_aggregate,
       i.industry_code = 'TOTAL' AS is_total,
       coalesce(i.nace_sections, '') = '' AS is_unknown,
       EXISTS (SELECT 1 FROM ind o
               WHERE o.classification = i.classification AND o.industry_code <> i.industry_code
                 AND coalesce(o.nace_sections, '') <> '' AND len(o.sections) < len(i.sections)
                 AND list_has_all(i.sections, o.sections)) AS overlaps_parts,
       NOT (i.industry_code = 'TOTAL' OR coalesce(i.nace_sections, '') = ''
            OR EXISTS (SELECT 1 FROM ind o
                       WHERE o.classification = i.classification AND o.industry_code <> i.industry_code
                         AND coalesce(o.nace_sections, '') <> '' AND len(o.sections) < len(i.sections)
                         AND list_has_all(i.sections, o.sections))) AS can_specialise
FROM ind i;

-- Each county's LQ rank among the 21 counties per industry (1 = the highest LQ, i.e. the
-- most specialised), for every dataset (classification, source) and year in which all 21
-- counties have an LQ for that industry. Only industries that can be specialisations.
CREATE OR REPLACE VIEW v_lq_rank AS
WITH county AS (
    SELECT q.region_code, q.year, q.classification, q.industry_code, q.source_id, q.lq, q.flag,
           count(*) OVER (PARTITION BY q.classification, q.source_id, q.year, q.industry_code) AS n_counties
    FROM v_location_quotient q
    JOIN region r ON r.region_code = q.region_code AND r.level = 'county'
    JOIN v_industry i ON i.classification = q.classification AND i.industry_code = q.industry_code
    WHERE i.can_specialise
)
SELECT region_code, year, classification, industry_code, source_id, lq, flag,
       rank() OVER (PARTITION BY classification, source_id, year, industry_code ORDER BY lq DESC) AS lq_rank,
       n_counties AS n_ranked
FROM county
WHERE n_counties = (SELECT count(*) FROM region WHERE level = 'county');

-- Krugman specialisation index: sum over non-overlapping industries of |s_ri - s_Si|.
-- 0 = the same structure as Sweden; higher = more specialised (maximum 2). `krugman_rank`:
-- rank among the 21 counties (1 = the most specialised) where all 21 have the index.
CREATE OR REPLACE VIEW v_krugman_index AS
WITH k AS (
    SELECT region_code, year, classification, source_id,
           sum(abs(share - se_share)) AS krugman, count(*) AS n_industries
    FROM v_location_quotient
    WHERE NOT is_aggregate
    GROUP BY ALL
),
ranked AS (
    SELECT k.region_code, k.year, k.classification, k.source_id,
           rank() OVER (PARTITION BY k.classification, k.source_id, k.year ORDER BY k.krugman DESC) AS krugman_rank,
           count(*) OVER (PARTITION BY k.classification, k.source_id, k.year) AS n_ranked
    FROM k JOIN region r ON r.region_code = k.region_code AND r.level = 'county'
    QUALIFY count(*) OVER (PARTITION BY k.classification, k.source_id, k.year)
            = (SELECT count(*) FROM region WHERE level = 'county')
)
SELECT k.*, ranked.krugman_rank, ranked.n_ranked
FROM k LEFT JOIN ranked USING (region_code, year, classification, source_id);

-- Employment datasets (one classification from one source) per year: how many counties
-- have shares, and whether all 21 do (the footing for comparing and ranking counties).
CREATE OR REPLACE VIEW v_employment_dataset AS
SELECT q.classification, q.source_id, q.year,
       count(DISTINCT q.region_code) FILTER (WHERE r.level = 'county') AS n_counties,
       count(DISTINCT q.region_code) FILTER (WHERE r.level = 'county')
           = (SELECT count(*) FROM region WHERE level = 'county') AS all_counties,
       list(DISTINCT q.region_code ORDER BY q.region_code) AS region_codes
FROM v_location_quotient q
JOIN region r ON r.region_code = q.region_code
GROUP BY ALL;

-- Funding amounts converted with the ECB annual average of the project's start year
-- (rate_year). SEK<->NOK goes through the euro. No start year or no rate: no conversion.
-- `county_bucket` keeps a multi-region row whole: 'MULTI' rather than a split amount.
CREATE OR REPLACE VIEW v_funding_amount AS
WITH f AS (
    SELECT f.*, list(fr.region_code ORDER BY fr.region_code) AS region_codes, count(*) AS n_regions
    FROM funding f JOIN funding_region fr USING (funding_id)
    GROUP BY ALL
),
rates AS (
    SELECT year, max(rate) FILTER (WHERE quote = 'SEK') AS eur_sek, max(rate) FILTER (WHERE quote = 'NOK') AS eur_nok
    FROM exchange_rate GROUP BY year
)
SELECT f.*,
       f.year_start AS rate_year,
       r.eur_sek, r.eur_nok,
       CASE f.currency WHEN 'SEK' THEN f.amount
                       WHEN 'EUR' THEN f.amount * r.eur_sek
                       WHEN 'NOK' THEN f.amount / r.eur_nok * r.eur_sek END AS amount_sek,
       CASE f.currency WHEN 'EUR' THEN f.amount
                       WHEN 'SEK' THEN f.amount / r.eur_sek
                       WHEN 'NOK' THEN f.amount / r.eur_nok END AS amount_eur,
       CASE WHEN f.n_regions = 1 THEN f.region_codes[1] ELSE 'MULTI' END AS county_bucket,
       list_has_any(f.region_codes, ['SE311', 'SE312', 'SE313', 'SE31']) AS in_nms
FROM f LEFT JOIN rates r ON r.year = f.year_start;

-- Location quotient of every region against its own country: the country at the root of its
-- region tree (Sweden for Swedish regions, mainland Norway NO0 for Norwegian ones), from the
-- same source, classification and year. `benchmark_code` says which; a Norwegian region's
-- LQ is never against Sweden. (v_location_quotient above is the Swedish one, against Sweden.)
CREATE OR REPLACE VIEW v_location_quotient_national AS
WITH RECURSIVE up(region_code, ancestor) AS (
    SELECT region_code, region_code FROM region
    UNION ALL
    SELECT u.region_code, r.parent_code FROM up u JOIN region r ON r.region_code = u.ancestor
    WHERE r.parent_code IS NOT NULL
),
bench AS (
    SELECT u.region_code, u.ancestor AS benchmark_code
    FROM up u JOIN region c ON c.region_code = u.ancestor AND c.level = 'country'
)
SELECT r.region_code, b.benchmark_code, r.year, r.classification, r.industry_code, r.is_aggregate,
       r.employed, r.region_total, r.share,
       s.employed AS benchmark_employed, s.region_total AS benchmark_total, s.share AS benchmark_share,
       r.share / s.share AS lq, r.flag, r.source_id
FROM v_employment_share r
JOIN bench b ON b.region_code = r.region_code
JOIN v_employment_share s
  ON s.region_code = b.benchmark_code AND s.year = r.year AND s.classification = r.classification
 AND s.industry_code = r.industry_code AND s.source_id = r.source_id
WHERE r.region_code <> b.benchmark_code AND s.share > 0;

-- Interreg Sverige-Norge project rows with the key area the analyst classified them into
-- (key_area_id NULL = explicitly none of the seven), converted amounts and county bucket as
-- in v_funding_amount (a row spanning counties stays whole: 'MULTI').
CREATE OR REPLACE VIEW v_key_area_funding AS
SELECT f.*, k.key_area_id, k.note AS key_area_note
FROM v_funding_amount f
JOIN key_area_funding k USING (funding_id);
