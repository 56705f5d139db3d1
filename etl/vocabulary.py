"""The project's vocabulary: each fact that several modules need, stated once.

Region codes, languages, amount kinds, currencies, flags and funding levels are used by
the data files' contracts, the upload validators, the connectors, the SQL-facing queries
and the pages. They are defined here and imported everywhere else; a literal copy of
one of these lists anywhere else is a bug waiting to happen.

Facts that belong to one indicator (its unit, decimals, plausible range, Kolada id) are
columns of the indicator catalogue (``data/indicators.csv``), not constants here.
"""

from __future__ import annotations

# --- languages -----------------------------------------------------------------------------
LANGS: tuple[str, ...] = ("sv", "en")
DEFAULT_LANG = "sv"

# --- regions -------------------------------------------------------------------------------
SWEDEN = "SE"
#: Norra Mellansverige (NUTS2 SE31)
NMS = "SE31"
VARMLAND, DALARNA, GAVLEBORG = "SE311", "SE312", "SE313"
#: The three counties of Norra Mellansverige, in the order the product shows them.
NMS_COUNTIES: tuple[str, ...] = (VARMLAND, DALARNA, GAVLEBORG)
#: The regions the overview and the default filters show.
DEFAULT_REGIONS: tuple[str, ...] = (*NMS_COUNTIES, SWEDEN)
#: How many counties (län) Sweden has: a rank is "among the 21".
N_COUNTIES = 21

# --- Norway: the border regions ---------------------------------------------------------------
#: Norway including Extra-Regio (the continental shelf: oil and gas, 11–27 % of GDP). Kept for
#: funding rows whose programme area is Norway; never a benchmark.
NORWAY = "NO"
#: Mainland Norway (NUTS1, without Extra-Regio): Norway's benchmark, as Sweden (``SE``) is Sweden's.
NORWAY_MAINLAND = "NO0"
#: Counties since the reform of 1 January 2020 (NUTS 2021). Trøndelag (merged 2018) spans both.
INNLANDET, VIKEN, TRONDELAG = "NO020", "NO082", "NO060"
#: Counties before the reform (NUTS 2016): Hedmark og Oppland (NUTS2 NO02 until 2019) is
#: Innlandet's area before 2020 with Jevnaker and Lunner; Østfold, Akershus and Buskerud became Viken.
HEDMARK_OPPLAND, HEDMARK, OPPLAND = "NO02", "NO021", "NO022"
OSTFOLD, AKERSHUS, BUSKERUD = "NO031", "NO012", "NO032"
#: The border view's two sets of Norwegian regions; a chart shows one set, never both.
BORDER_NO_NEW: tuple[str, ...] = (INNLANDET, VIKEN, TRONDELAG)
BORDER_NO_OLD: tuple[str, ...] = (HEDMARK_OPPLAND, HEDMARK, OPPLAND, OSTFOLD, AKERSHUS, BUSKERUD, TRONDELAG)
#: The Swedish counties the border view puts beside them (Värmland borders Østfold, Akershus and
#: Hedmark; Dalarna borders Hedmark).
BORDER_SE: tuple[str, ...] = (VARMLAND, DALARNA)
#: Each country's benchmark for location quotients and comparisons: the country without offshore.
COUNTRY_BENCHMARKS: dict[str, str] = {SWEDEN: SWEDEN, NORWAY: NORWAY_MAINLAND}

# --- years -------------------------------------------------------------------------------------
#: Years a value may be filed under; anything else is a typo (data files, uploads, fetches).
FIRST_YEAR, LAST_YEAR = 1900, 2100

# --- plausibility ---------------------------------------------------------------------------------
#: A change (in percent of the stored value, or of the year before) larger than this needs an
#: explicit confirmation at upload, for indicators whose catalogue row leaves ``max_change_pct``
#: empty. A policy, not a figure: it only decides when to ask.
DEFAULT_MAX_CHANGE_PCT = 50.0

# --- funding ---------------------------------------------------------------------------------
#: What an amount is. Amounts of different kinds are never added together.
#: ``eu_funding``: EU funding granted (or a programme's EU allocation).
#: ``eu_funding_applied``: the EU amount a project applied for ("sökt EU-belopp", "ansökt belopp"),
#: as a press release on a prioritisation gives it: not what was granted, so never added to
#: ``eu_funding``.
#: ``eu_funding_in_projects``: the EU grants of a programme's projects added up by someone else
#: (e.g. keep.eu): neither the programme's allocation nor one project's EU funding.
AMOUNT_KINDS: tuple[str, ...] = ("eu_funding", "eu_funding_applied", "total_budget", "national_grant",
                                 "co_financing", "programme_budget", "eu_funding_in_projects", "share_pct",
                                 "not_stated")
#: The kinds an uploaded or fetched funding row may name; ``not_stated`` is set by the
#: loader when a row has no amount.
STATED_AMOUNT_KINDS: tuple[str, ...] = tuple(k for k in AMOUNT_KINDS if k != "not_stated")
#: The kinds a funding row can carry as money (a share is a percentage, not money).
MONEY_KINDS: tuple[str, ...] = ("eu_funding", "eu_funding_applied", "total_budget", "national_grant",
                                "co_financing", "programme_budget", "eu_funding_in_projects")
#: Money kinds that describe a programme as a whole, never one project: not summed over projects.
PROGRAMME_KINDS: tuple[str, ...] = ("programme_budget", "eu_funding_in_projects")
CURRENCIES: tuple[str, ...] = ("SEK", "EUR", "NOK")
#: ``aggregate``: a sum or bundle of other rows (e.g. the EU grants of a programme's projects added
#: up, four projects reported as one figure); never counted beside its parts.
FUNDING_LEVELS: tuple[str, ...] = ("project", "programme", "decision_round", "call", "aggregate")
AMOUNT_BASES: tuple[str, ...] = ("total", "per_year", "maximum")
#: The funding columns whose values may get Swedish and English display labels
#: (``etl/curate/mappings/funding_labels.csv`` -> ``data/funding_labels.csv``); the recorded
#: value itself is never changed.
FUNDING_LABEL_FIELDS: tuple[str, ...] = ("programme", "programme_period", "project", "beneficiary")
#: A partner's role in an Interreg project: lead partner, partner, associated partner.
PARTNER_ROLES: tuple[str, ...] = ("LP", "PP", "AP")

# --- flags -----------------------------------------------------------------------------------
#: Flags a bundled indicator value can carry (shown in charts, tables and downloads).
#: ``disputed``: the publisher's own material contradicts the figure (e.g. Reglab's 2021 ranking);
#: ``break``: the series changes definition, boundary or method at this value.
VALUE_FLAGS: tuple[str, ...] = ("preliminary", "caution", "disputed", "break")
#: Eurostat's status letters, every one Eurostat documents for its data, -> our flag. A value
#: may carry several letters at once ("bdep"): each becomes a flag, joined with ';'.
EUROSTAT_STATUS: dict[str, str] = {
    "b": "break",                  # break in time series
    "c": "confidential",
    "d": "definition_differs",     # definition differs, see the metadata
    "e": "estimated",
    "f": "forecast",
    "n": "not_significant",
    "p": "preliminary",            # provisional
    "r": "revised",
    "s": "eurostat_estimate",
    "u": "low_precision",          # low reliability
    "z": "not_applicable",
}
#: Flags fetched values may add (Eurostat's status letters, SCB's preliminary figures);
#: several join with ``FLAG_SEPARATOR``.
FETCH_FLAGS: tuple[str, ...] = tuple(dict.fromkeys(("preliminary", *EUROSTAT_STATUS.values())))
FLAG_SEPARATOR = ";"
#: Flags an employment value can carry.
EMPLOYMENT_FLAGS: tuple[str, ...] = ("low_precision", "preliminary")
