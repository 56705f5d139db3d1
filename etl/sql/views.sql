-- Marts: derived measures are computed here, never stored as facts.
-- The dashboard reads these views (and the dimension tables), not raw CSVs.

-- Every indicator value, base and derived. `source_ids` lists the sources a value
-- rests on (one for a base value, all inputs for a derived one).
CREATE OR REPLACE VIEW v_indicator_value AS
WITH base AS (
    SELECT region_code, indicator_id, year, value, nullif(flag, '') AS flag,
           [source_id] AS source_ids, false AS is_derived
    FROM indicator_value
),
rd_total AS (
    SELECT b.region_code, 'rd_total_per_capita' AS indicator_id, b.year,
           b.value + h.value + g.value AS value,
           nullif(concat_ws(';', b.flag, h.flag, g.flag), '') AS flag,
           list_distinct(list_concat(b.source_ids, h.source_ids, g.source_ids)) AS source_ids,
           true AS is_derived
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
           nullif(concat_ws(';', r.flag, p.flag), '') AS flag,
           list_distinct(list_concat(r.source_ids, p.source_ids)) AS source_ids,
           true AS is_derived
    FROM rd_total r
    JOIN base p ON p.region_code = r.region_code AND p.year = r.year
               AND p.indicator_id = 'grp_per_capita'
),
grp_index AS (
    SELECT c.region_code, 'grp_per_capita_index' AS indicator_id, c.year,
           c.value / s.value * 100 AS value,
           nullif(concat_ws(';', c.flag, s.flag), '') AS flag,
           list_distinct(list_concat(c.source_ids, s.source_ids)) AS source_ids,
           true AS is_derived
    FROM base c
    JOIN base s ON s.region_code = 'SE' AND s.year = c.year AND s.indicator_id = 'grp_per_capita'
    WHERE c.indicator_id = 'grp_per_capita' AND c.region_code <> 'SE'
),
-- Norra Mellansverige as the sum of its three counties, for additive indicators,
-- only where all three counties have a value and no published SE31 value exists.
se31_sum AS (
    SELECT 'SE31' AS region_code, b.indicator_id, b.year, sum(b.value) AS value,
           nullif(string_agg(DISTINCT b.flag, ';'), '') AS flag,
           list_distinct(flatten(list(b.source_ids))) AS source_ids,
           true AS is_derived
    FROM base b
    JOIN indicator i ON i.indicator_id = b.indicator_id AND i.additive
    JOIN region r ON r.region_code = b.region_code AND r.parent_code = 'SE31'
    GROUP BY b.indicator_id, b.year
    HAVING count(*) = 3
)
SELECT * FROM base
UNION ALL SELECT * FROM rd_total
UNION ALL SELECT * FROM rd_intensity
UNION ALL SELECT * FROM grp_index
UNION ALL
SELECT s.* FROM se31_sum s
WHERE NOT EXISTS (SELECT 1 FROM base b WHERE b.region_code = 'SE31'
                  AND b.indicator_id = s.indicator_id AND b.year = s.year);

-- Rank among Sweden's 21 counties, only for (indicator, year) where all 21 have a value.
CREATE OR REPLACE VIEW v_indicator_rank AS
WITH county AS (
    SELECT v.*, i.higher_is_better,
           count(*) OVER (PARTITION BY v.indicator_id, v.year) AS n_counties
    FROM v_indicator_value v
    JOIN region r ON r.region_code = v.region_code AND r.level = 'county'
    JOIN indicator i ON i.indicator_id = v.indicator_id
    WHERE i.higher_is_better IS NOT NULL
)
SELECT region_code, indicator_id, year, value, n_counties,
       CASE WHEN higher_is_better
            THEN rank() OVER (PARTITION BY indicator_id, year ORDER BY value DESC)
            ELSE rank() OVER (PARTITION BY indicator_id, year ORDER BY value ASC)
       END AS rank
FROM county
WHERE n_counties = 21;

-- How complete each indicator is: regions, years and values present.
CREATE OR REPLACE VIEW v_indicator_coverage AS
SELECT v.indicator_id,
       count(*) AS n_values,
       count(DISTINCT v.region_code) AS n_regions,
       count(DISTINCT v.region_code) FILTER (WHERE r.level = 'county') AS n_counties,
       min(v.year) AS first_year,
       max(v.year) AS last_year,
       count(DISTINCT v.year) AS n_years,
       bool_or(v.region_code = 'SE') AS has_sweden,
       count(DISTINCT v.region_code) FILTER (WHERE r.parent_code = 'SE31') AS n_nms_counties
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

-- Krugman specialisation index: sum over non-overlapping industries of |s_ri - s_Si|.
-- 0 = the same structure as Sweden; higher = more specialised (maximum 2).
CREATE OR REPLACE VIEW v_krugman_index AS
SELECT region_code, year, classification, source_id,
       sum(abs(share - se_share)) AS krugman, count(*) AS n_industries
FROM v_location_quotient
WHERE NOT is_aggregate
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
