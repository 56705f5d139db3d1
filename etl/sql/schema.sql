-- Warehouse schema: the public contract. Every table and column is documented in
-- docs/warehouse.md; keep the two in step (tests/test_docs.py checks it).
-- Relationships are enforced by the build's checks (etl/checks.py), dbt style,
-- rather than by FOREIGN KEY clauses, so that uploads can replace rows in place.

CREATE TABLE source (
    source_id     VARCHAR PRIMARY KEY,
    publisher     VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    table_id      VARCHAR,
    url           VARCHAR NOT NULL,
    retrieved_on  DATE,
    licence       VARCHAR,
    accessed_via  VARCHAR,
    note          VARCHAR
);

CREATE TABLE load_batch (
    batch_id        VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL CHECK (kind IN ('build', 'upload', 'fetch', 'undo')),
    loaded_at       TIMESTAMP NOT NULL,
    loaded_by       VARCHAR,
    file_name       VARCHAR,
    sha256          VARCHAR,
    rows_inserted   INTEGER NOT NULL DEFAULT 0,
    rows_updated    INTEGER NOT NULL DEFAULT 0,
    rows_unchanged  INTEGER NOT NULL DEFAULT 0,
    note            VARCHAR,
    undone_by       VARCHAR
);

-- What each upload or fetch replaced, so that undo restores exactly the old rows.
-- No primary key: it is only ever read by batch, and an index would slow large loads.
CREATE TABLE change_log (
    batch_id    VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    key_json    VARCHAR NOT NULL,
    old_json    VARCHAR            -- the whole old row; NULL = the row was new
);

CREATE TABLE region (
    region_code  VARCHAR PRIMARY KEY,
    level        VARCHAR NOT NULL CHECK (level IN ('country', 'nuts2', 'county', 'neighbour', 'municipality')),
    scb_code     VARCHAR,
    name_sv      VARCHAR NOT NULL,
    name_en      VARCHAR NOT NULL,
    parent_code  VARCHAR,
    sort_order   INTEGER NOT NULL,
    nuts_version VARCHAR,            -- the NUTS version whose boundaries the code means
    valid_from   INTEGER,            -- first year a value may be filed under the code (NULL = no limit)
    valid_to     INTEGER             -- last year (NULL = no limit); checked by etl/checks.py
);

CREATE TABLE indicator (
    indicator_id        VARCHAR PRIMARY KEY,
    category            VARCHAR NOT NULL,
    kind                VARCHAR NOT NULL CHECK (kind IN ('base', 'derived')),
    name_sv             VARCHAR NOT NULL,
    name_en             VARCHAR NOT NULL,
    description_sv      VARCHAR NOT NULL,
    description_en      VARCHAR NOT NULL,
    unit_sv             VARCHAR NOT NULL,
    unit_en             VARCHAR NOT NULL,
    higher_is_better    BOOLEAN,
    decimals            INTEGER NOT NULL,
    additive            BOOLEAN NOT NULL,
    per_capita_scale    DOUBLE,
    per_capita_unit_sv  VARCHAR,
    per_capita_unit_en  VARCHAR,
    derivation          VARCHAR,
    default_source_id   VARCHAR,
    kolada_id           VARCHAR,         -- Kolada KPI id (N01982) of a base indicator Kolada publishes
    min_value           DOUBLE,          -- smallest possible value (0 for percentages and counts)
    max_value           DOUBLE,          -- largest possible value (100 for percentages)
    max_change_pct      DOUBLE           -- plausible year-on-year change in percent (not used yet)
);

CREATE TABLE indicator_value (
    region_code   VARCHAR NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    value         DOUBLE NOT NULL,
    flag          VARCHAR,
    source_id     VARCHAR NOT NULL,
    batch_id      VARCHAR NOT NULL,
    note          VARCHAR
    -- unique (region_code, indicator_id, year): enforced by etl/checks.py, not by an
    -- index, which would make large uploads several times slower
);

-- How one indicator relates to another (e.g. a sector's R&D as part of the R&D total).
-- comparable = false: from different tables; never shown as parts of that total.
CREATE TABLE indicator_relation (
    indicator_id          VARCHAR NOT NULL,
    related_indicator_id  VARCHAR NOT NULL,
    relation              VARCHAR NOT NULL CHECK (relation IN ('part_of')),
    comparable            BOOLEAN NOT NULL,
    note                  VARCHAR NOT NULL,
    PRIMARY KEY (indicator_id, related_indicator_id, relation)
);

CREATE TABLE industry (
    classification  VARCHAR NOT NULL,
    industry_code   VARCHAR NOT NULL,
    name_sv         VARCHAR NOT NULL,
    name_en         VARCHAR NOT NULL,
    nace_sections   VARCHAR,
    is_aggregate    BOOLEAN NOT NULL,
    PRIMARY KEY (classification, industry_code)
);

CREATE TABLE employment (
    region_code     VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    classification  VARCHAR NOT NULL,
    industry_code   VARCHAR NOT NULL,
    employed        DOUBLE NOT NULL,
    basis           VARCHAR NOT NULL,
    flag            VARCHAR,
    source_id       VARCHAR NOT NULL,
    batch_id        VARCHAR NOT NULL
    -- unique (region_code, year, classification, industry_code, source_id): see etl/checks.py
);

CREATE TABLE theme (
    theme_id    VARCHAR PRIMARY KEY,
    name_sv     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE specialisation (
    area_id           VARCHAR PRIMARY KEY,
    region_code       VARCHAR NOT NULL,
    area_sv           VARCHAR NOT NULL,
    area_en           VARCHAR NOT NULL,
    status            VARCHAR NOT NULL CHECK (status IN ('current', 'superseded')),
    status_verified   BOOLEAN NOT NULL,
    strategy          VARCHAR NOT NULL,
    period            VARCHAR NOT NULL,
    theme_id          VARCHAR,
    description       VARCHAR,
    clusters          VARCHAR,
    nace_codes        VARCHAR,
    nace_note         VARCHAR,
    source_id         VARCHAR NOT NULL,
    other_source_ids  VARCHAR,
    batch_id          VARCHAR NOT NULL
);

CREATE TABLE funding (
    funding_id        VARCHAR PRIMARY KEY,
    programme         VARCHAR NOT NULL,
    programme_period  VARCHAR,
    level             VARCHAR NOT NULL
                      CHECK (level IN ('project', 'programme', 'decision_round', 'call', 'aggregate')),
    project           VARCHAR NOT NULL,
    beneficiary       VARCHAR,
    theme             VARCHAR,
    s3_theme_id       VARCHAR,
    year_start        INTEGER,
    year_end          INTEGER,
    amount            DOUBLE,
    currency          VARCHAR CHECK (currency IN ('SEK', 'EUR', 'NOK')),
    -- the same list as etl/vocabulary.py AMOUNT_KINDS (tests/test_data_core.py checks they agree)
    amount_kind       VARCHAR NOT NULL CHECK (amount_kind IN ('eu_funding', 'eu_funding_applied', 'total_budget',
                          'national_grant', 'co_financing', 'programme_budget', 'eu_funding_in_projects',
                          'share_pct', 'not_stated')),
    amount_basis      VARCHAR NOT NULL CHECK (amount_basis IN ('total', 'per_year', 'maximum')),
    is_approx         BOOLEAN NOT NULL,
    amount_note       VARCHAR,
    conflict_group    VARCHAR,
    source_id         VARCHAR NOT NULL,
    evidence          VARCHAR,
    batch_id          VARCHAR NOT NULL,
    external_id       VARCHAR,           -- project lists: the list's own id (ärende-id, project id)
    municipalities    VARCHAR,           -- project lists: municipalities named by the list ('; ')
    partner_role      VARCHAR CHECK (partner_role IN ('LP', 'PP', 'AP')),
    list_coverage     VARCHAR            -- project lists: what the list covers (and what it does not)
);

-- Swedish and English display labels for values of funding columns (programme, programme_period,
-- project, beneficiary): shown instead of the value, which stays as recorded in `funding`.
CREATE TABLE funding_label (
    field     VARCHAR NOT NULL CHECK (field IN ('programme', 'programme_period', 'project', 'beneficiary')),
    raw       VARCHAR NOT NULL,
    label_sv  VARCHAR NOT NULL,
    label_en  VARCHAR NOT NULL,
    PRIMARY KEY (field, raw)
);

CREATE TABLE funding_region (
    funding_id   VARCHAR NOT NULL,
    region_code  VARCHAR NOT NULL,
    PRIMARY KEY (funding_id, region_code)
);

CREATE TABLE action_area (
    action_area_id  VARCHAR PRIMARY KEY,
    framework       VARCHAR NOT NULL,
    number          INTEGER NOT NULL,
    name_sv         VARCHAR,
    name_en         VARCHAR,
    description_sv  VARCHAR,
    known           BOOLEAN NOT NULL,
    source_id       VARCHAR NOT NULL
);

CREATE TABLE challenge (
    challenge_id       VARCHAR PRIMARY KEY,
    scope_region_code  VARCHAR NOT NULL,
    name_sv            VARCHAR NOT NULL,
    name_en            VARCHAR NOT NULL,
    description        VARCHAR,
    action_area_id     VARCHAR,
    action_area_note   VARCHAR,
    source_id          VARCHAR NOT NULL,
    other_source_ids   VARCHAR
);

CREATE TABLE challenge_indicator (
    challenge_id  VARCHAR NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    sort_order    INTEGER NOT NULL,
    PRIMARY KEY (challenge_id, indicator_id)
);

CREATE TABLE exchange_rate (
    year       INTEGER NOT NULL,
    base       VARCHAR NOT NULL,
    quote      VARCHAR NOT NULL,
    rate       DOUBLE NOT NULL,
    n_days     INTEGER NOT NULL,
    source_id  VARCHAR NOT NULL,
    PRIMARY KEY (year, base, quote)
);

-- The seven key areas of the Swedish-Norwegian border region (Mötesplats Vision 2022) and the
-- analyst's classification of S3 areas and Interreg Sverige-Norge project rows into them.
-- key_area_id NULL = looked at and explicitly none of the seven.
CREATE TABLE key_area (
    key_area_id    VARCHAR PRIMARY KEY,
    name_sv        VARCHAR NOT NULL,
    name_en        VARCHAR NOT NULL,
    sort_order     INTEGER NOT NULL,
    a10_industries VARCHAR NOT NULL,   -- the narrowest NACE A*10 industries that contain it (;)
    a10_separable  BOOLEAN NOT NULL,   -- false: that industry holds much else besides
    a10_note_sv    VARCHAR NOT NULL,
    a10_note_en    VARCHAR NOT NULL
);

CREATE TABLE key_area_s3 (
    area_id      VARCHAR PRIMARY KEY,
    key_area_id  VARCHAR,
    note         VARCHAR NOT NULL
);

CREATE TABLE key_area_funding (
    funding_id   VARCHAR PRIMARY KEY,
    key_area_id  VARCHAR,
    note         VARCHAR NOT NULL
);
