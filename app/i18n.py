"""The translation catalogue: every piece of UI text, in Swedish and English.

Swedish is the default. Use ``t("key", name=value)``; the text is a ``str.format``
template. Names of regions, indicators, units and descriptions live in the warehouse
(``name_sv``/``name_en``); use ``col("name")`` to pick the column for the language.
"""

from __future__ import annotations

import streamlit as st

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"

TEXT: dict[str, tuple[str, str]] = {
    # Shell
    "app.title": ("Norra Mellansverige i siffror", "North Middle Sweden in figures"),
    "app.subtitle": ("Regional statistik, smart specialisering och finansiering för Värmland, Dalarna och Gävleborg",
                     "Regional statistics, smart specialisation and funding for Värmland, Dalarna and Gävleborg"),
    "lang.label": ("Språk", "Language"),
    "filters.header": ("Urval", "Selection"),
    "filters.regions": ("Regioner", "Regions"),
    "filters.regions.help": ("Länen och riket som visas i diagram och tabeller. Urvalet följer med till alla sidor och finns i länken.",
                             "The counties and Sweden shown in charts and tables. The selection follows you to every page and is in the link."),
    "filters.years": ("År", "Years"),
    "filters.reset": ("Återställ urval", "Reset selection"),
    "filters.link": ("Länken i adressfältet öppnar exakt den här vyn.", "The link in the address bar reopens exactly this view."),
    "nav.data": ("Data", "Data"),
    "nav.about": ("Om data", "About the data"),
    "page.overview": ("Översikt", "Overview"),
    "page.indicators": ("Indikatorer", "Indicators"),
    "page.sources": ("Källor", "Sources"),
    "error.no_warehouse": ("Det finns inget datalager ännu. Kör `python -m etl build` och ladda om sidan.",
                           "There is no warehouse yet. Run `python -m etl build` and reload the page."),
    "footer.version": ("Datalagerversion {version}", "Warehouse version {version}"),
    # Common
    "common.source": ("Källa", "Source"),
    "common.sources": ("Källor", "Sources"),
    "common.derived_from": ("Beräknat från", "Computed from"),
    "common.unit": ("Enhet", "Unit"),
    "common.year": ("År", "Year"),
    "common.region": ("Region", "Region"),
    "common.value": ("Värde", "Value"),
    "common.flag": ("Anmärkning", "Note"),
    "common.missing": ("saknas", "missing"),
    "common.download_csv": ("Ladda ner CSV", "Download CSV"),
    "common.download_xlsx": ("Ladda ner Excel", "Download Excel"),
    "common.chart": ("Diagram", "Chart"),
    "common.table": ("Tabell", "Table"),
    "common.definition": ("Definition", "Definition"),
    "common.no_data": ("Inga värden för det här urvalet.", "No values for this selection."),
    "flag.preliminary": ("preliminärt", "preliminary"),
    "flag.caution": ("osäkert värde", "uncertain value"),
    "flag.low_precision": ("låg precision", "low precision"),
    "chart.note_gaps": ("Luckor i linjerna är år utan uppgift, inte noll.", "Gaps in the lines are years without data, not zero."),
    # Overview
    "overview.title": ("Översikt", "Overview"),
    "overview.intro": ("Värmland, Dalarna och Gävleborg jämfört med riket. Varje tal visar sitt år, förändringen sedan föregående mätning och rangen bland de 21 länen där alla län har uppgift.",
                       "Värmland, Dalarna and Gävleborg compared with Sweden. Each figure shows its year, the change since the previous observation and the rank among the 21 counties where all counties have data."),
    "overview.year_up_to": ("Senaste värde till och med {year}", "Latest value up to {year}"),
    "overview.rank": ("Rang {rank} av {n} län", "Rank {rank} of {n} counties"),
    "overview.no_rank": ("Ingen rang: uppgift finns för {n} av 21 län", "No rank: data for {n} of 21 counties"),
    "overview.change": ("sedan {year}", "since {year}"),
    "overview.first_obs": ("första mätningen i datasetet", "first observation in the data set"),
    "overview.missing_none": ("Saknas: datasetet har ingen uppgift för {region}.", "Missing: the data set has no value for {region}."),
    "overview.missing_later": ("Saknas till och med {year}: första uppgiften är från {first}.", "Missing up to {year}: the first value is from {first}."),
    "overview.table": ("Tabell och nedladdning", "Table and download"),
    "overview.explore": ("Utforska i Indikatorer", "Explore in Indicators"),
    # Indicators
    "ind.title": ("Indikatorer", "Indicators"),
    "ind.choose": ("Indikator", "Indicator"),
    "ind.category": ("Område", "Topic"),
    "ind.mode": ("Visa som", "Show as"),
    "ind.mode.value": ("Värde", "Value"),
    "ind.mode.index": ("Index, basår = 100", "Index, base year = 100"),
    "ind.mode.per_capita": ("Per invånare", "Per capita"),
    "ind.base_year": ("Basår", "Base year"),
    "ind.index_unit": ("index, {year} = 100", "index, {year} = 100"),
    "ind.index_missing": ("{regions} saknar värde för basåret {year} och visas inte som index.",
                          "{regions} have no value for the base year {year} and are not shown as an index."),
    "ind.per_capita_missing": ("Folkmängd saknas för vissa år och regioner; de visas som luckor.",
                               "Population is missing for some years and regions; they are shown as gaps."),
    "ind.per_capita_na": ("Per invånare är inte meningsfullt för den här indikatorn (den är redan en kvot).",
                          "Per capita is not meaningful for this indicator (it is already a ratio)."),
    "ind.no_values_regions": ("Ingen uppgift för {regions} i den här indikatorn.", "No data for {regions} in this indicator."),
    "ind.coverage": ("Täckning: {n_counties} av 21 län, {first}–{last}.", "Coverage: {n_counties} of 21 counties, {first}–{last}."),
    "ind.derived": ("Beräknas i datalagret: {formula}", "Computed in the warehouse: {formula}"),
    "ind.flags": ("Markerade värden: {flags}.", "Flagged values: {flags}."),
    "ind.no_selection": ("Välj minst en region i urvalet till vänster.", "Choose at least one region in the selection on the left."),
    "ind.chart_title": ("{name}, {regions}", "{name}, {regions}"),
    # Sources
    "src.title": ("Källor och täckning", "Sources and coverage"),
    "src.intro": ("Varje tal i instrumentpanelen kommer från en namngiven offentlig källa. Här finns alla källor, vad de används till och hur komplett varje dataområde är.",
                  "Every number in the dashboard comes from a named public source. Here are all sources, what they feed and how complete each data area is."),
    "src.search": ("Sök bland källor", "Search sources"),
    "src.publisher": ("Utgivare", "Publisher"),
    "src.title_col": ("Titel", "Title"),
    "src.table_id": ("Tabell-id", "Table id"),
    "src.url": ("Länk", "Link"),
    "src.retrieved": ("Hämtad", "Retrieved"),
    "src.licence": ("Licens", "Licence"),
    "src.feeds": ("Används till", "Feeds"),
    "src.rows": ("Rader", "Rows"),
    "src.coverage": ("Täckning per indikator", "Coverage by indicator"),
    "src.area_coverage": ("Täckning per dataområde", "Coverage by data area"),
    "src.gaps": ("Kända luckor", "Known gaps"),
    "src.gaps_text": (
        "- Sysselsatta per bransch på länsnivå efter 2017 saknas för Dalarna och Gävleborg.\n"
        "- Horisont 2020/Horisont Europa per organisation och län saknas (kräver CORDIS-filerna).\n"
        "- Vinnovas finansiering per län saknas.\n"
        "- Två av den gemensamma strategins sex insatsområden har inte kunnat hämtas.\n"
        "- Regional Innovation Scoreboard: indexvärden saknas; bara rang 2021.\n"
        "- Utbildningsnivå finns bara för Dalarna (serie) och Gävleborg (2021).\n"
        "- BRP för riket efter 2008 finns inte i datasetet.",
        "- County employment by industry after 2017 is missing for Dalarna and Gävleborg.\n"
        "- Horizon 2020/Horizon Europe per organisation and county is missing (needs the CORDIS files).\n"
        "- Vinnova funding per county is missing.\n"
        "- Two of the joint strategy's six action areas could not be retrieved.\n"
        "- Regional Innovation Scoreboard: index values are missing; only the 2021 rank.\n"
        "- Education level only for Dalarna (series) and Gävleborg (2021).\n"
        "- GRP for Sweden after 2008 is not in the data set."),
    "src.col.name": ("Indikator", "Indicator"),
    "src.col.counties": ("Län (av 21)", "Counties (of 21)"),
    "src.col.nms": ("NMS-län (av 3)", "NMS counties (of 3)"),
    "src.col.sweden": ("Riket", "Sweden"),
    "src.col.first": ("Från", "From"),
    "src.col.last": ("Till", "To"),
    "src.col.years": ("Antal år", "Years"),
    "src.col.values": ("Värden", "Values"),
    "src.col.area": ("Område", "Area"),
    "src.col.detail": ("Del", "Part"),
    "src.col.regions": ("Regioner", "Regions"),
    "src.batches": ("Inläsningar", "Loads"),
    # Smart specialisation
    "page.specialisation": ("Specialisering", "Specialisation"),
    "s3.title": ("Smart specialisering", "Smart specialisation"),
    "s3.intro": ("Länens deklarerade S3-områden jämförda med hur ekonomin faktiskt är specialiserad, mätt med lokaliseringskvoter (LQ) mot riket.",
                 "The counties' declared S3 areas compared with how their economies are actually specialised, measured by location quotients (LQ) against Sweden."),
    "s3.show_superseded": ("Visa även tidigare strategiers områden", "Also show areas of earlier strategies"),
    "s3.priorities": ("Deklarerade prioriteringar", "Declared priorities"),
    "s3.matrix": ("Gemensamma teman × län", "Shared themes × counties"),
    "s3.matrix_note": ("Temana är projektets klassificering av områdena så att de kan jämföras mellan länen; tom ruta = länet har inget område i temat.",
                       "The themes are the project's classification of the areas so they can be compared across counties; an empty cell = the county has no area in the theme."),
    "s3.theme": ("Tema", "Theme"),
    "s3.status.current": ("gällande", "current"),
    "s3.status.superseded": ("tidigare", "superseded"),
    "s3.unverified": ("antagandeår ej bekräftat", "adoption year not confirmed"),
    "s3.clusters": ("Kluster och aktörer", "Clusters and actors"),
    "s3.nace": ("NACE (analytikers koppling)", "NACE (analyst mapping)"),
    "s3.measured": ("Uppmätt specialisering", "Measured specialisation"),
    "s3.measured_note": ("LQ = (sysselsatta i branschen i länet / alla sysselsatta i länet) / (samma kvot för riket). Över 1 = länet är mer specialiserat än riket. Beräknas i datalagret, alltid inom en och samma källa.",
                         "LQ = (employed in the industry in the county / all employed in the county) / (the same ratio for Sweden). Above 1 = more specialised than Sweden. Computed in the warehouse, always within a single source."),
    "s3.dataset": ("Sysselsättningsdata", "Employment data"),
    "s3.year": ("År", "Year"),
    "s3.compare_year": ("Förändring sedan", "Change since"),
    "s3.no_employment": ("Ingen sysselsättningsdata per bransch för {regions} i datasetet; LQ kan inte beräknas.",
                         "No employment-by-industry data for {regions} in the data set; LQs cannot be computed."),
    "s3.choose_county": ("Välj minst ett län i urvalet till vänster för att se uppmätt specialisering.",
                         "Choose at least one county in the selection on the left to see measured specialisation."),
    "s3.lq_title": ("Lokaliseringskvot per bransch, {year}", "Location quotient by industry, {year}"),
    "s3.lq_unit": ("LQ mot riket (1 = samma andel som riket)", "LQ against Sweden (1 = same share as Sweden)"),
    "s3.bubble_title": ("Specialisering och sysselsättningsutveckling {y0}–{y1}", "Specialisation and employment change {y0}–{y1}"),
    "s3.bubble_unit": ("bubblans storlek = sysselsatta {y1}", "bubble size = employed {y1}"),
    "s3.bubble_x": ("LQ {y1}", "LQ {y1}"),
    "s3.bubble_y": ("förändring av sysselsatta, %", "change in employment, %"),
    "s3.krugman": ("Krugmans specialiseringsindex", "Krugman specialisation index"),
    "s3.krugman_help": ("Summan över branscher av |länets andel − rikets andel|. 0 = samma struktur som riket, högre = mer specialiserat (max 2).",
                        "Sum over industries of |county share − Sweden's share|. 0 = same structure as Sweden, higher = more specialised (max 2)."),
    "s3.low_precision": ("Eurostats länsvärden är avrundade till hela tusental; små branscher (J, K, L, R–U) har låg precision.",
                         "Eurostat's county values are rounded to whole thousands; small industries (J, K, L, R–U) are imprecise."),
    "s3.dm": ("Deklarerat mot uppmätt", "Declared against measured"),
    "s3.dm_note": ("För varje gällande område: LQ för de branscher som innehåller områdets NACE-koder, i länets senaste sysselsättningsdata.",
                   "For each current area: the LQ of the industries that contain the area's NACE codes, in the county's latest employment data."),
    "s3.dm.statement": ("{area}: {parts} i {county} ({year}, {source}).", "{area}: {parts} in {county} ({year}, {source})."),
    "s3.dm.part": ("LQ {lq} för {industry}", "LQ {lq} for {industry}"),
    "s3.dm.coarse": ("Datan är grövre än områdets NACE-koder ({codes}): talet gäller hela branschen.",
                     "The data is coarser than the area's NACE codes ({codes}): the figure covers the whole industry."),
    "s3.dm.no_data": ("{area}: ingen sysselsättningsdata för dessa branscher i {county}.", "{area}: no employment data for these industries in {county}."),
    "s3.dm.no_codes": ("{area}: området har inga NACE-koder (tvärsektoriellt eller obeskrivet), så det kan inte mätas med branschdata.",
                       "{area}: the area has no NACE codes (cross-cutting or not described), so it cannot be measured with industry data."),
    "s3.col.county": ("Län", "County"),
    "s3.col.area": ("Område", "Area"),
    "s3.col.nace": ("NACE", "NACE"),
    "s3.col.industry": ("Bransch", "Industry"),
    "s3.col.employed": ("Sysselsatta", "Employed"),
    "s3.col.share": ("Andel av länets sysselsatta", "Share of county employment"),
    "s3.col.se_share": ("Andel i riket", "Share in Sweden"),
    "s3.col.change": ("Förändring, %", "Change, %"),
    "s3.col.krugman": ("Krugman-index", "Krugman index"),
    # Challenges
    "page.challenges": ("Utmaningar", "Challenges"),
    "ch.title": ("Industriella utmaningar", "Industrial challenges"),
    "ch.intro": ("De gemensamma utmaningarna i Strategi för industriell omvandling i Norra Mellansverige och vad datan säger om dem, län för län.",
                 "The shared challenges of the joint strategy for industrial transition in Norra Mellansverige and what the data says about them, county by county."),
    "ch.matrix": ("Utmaning × län", "Challenge × county"),
    "ch.matrix_title": ("Hur länen ligger till på utmaningarnas indikatorer", "How the counties compare on the challenges' indicators"),
    "ch.matrix_unit": ("jämfört med de 21 länen (rang) eller med riket", "compared with the 21 counties (rank) or with Sweden"),
    "ch.rule_title": ("Så sätts färgerna", "How the colours are set"),
    "ch.rule": (
        "1. För varje indikator används länets senaste värde.\n"
        "2. Har alla 21 län uppgift det året används länets rang: 1–7 **bättre**, 8–14 **likvärdigt**, 15–21 **sämre** (rang 1 = bäst i indikatorns riktning).\n"
        "3. Annars jämförs med riket samma år: mer än 5 % bättre = **bättre**, mer än 5 % sämre = **sämre**, annars **likvärdigt**.\n"
        "4. Går ingen jämförelse att göra räknas indikatorn inte (saknas).\n"
        "5. Rutan är medelvärdet av indikatorerna (bättre +1, likvärdigt 0, sämre −1): över +⅓ grönt, under −⅓ rött, annars gult. **Grått** = ingen indikator kunde bedömas. Saknade data blir aldrig gröna.",
        "1. For each indicator the county's latest value is used.\n"
        "2. If all 21 counties have a value that year, the county's rank is used: 1–7 **better**, 8–14 **similar**, 15–21 **worse** (rank 1 = best in the indicator's direction).\n"
        "3. Otherwise it is compared with Sweden in the same year: more than 5 % better = **better**, more than 5 % worse = **worse**, else **similar**.\n"
        "4. If no comparison is possible the indicator does not count (missing).\n"
        "5. The cell is the mean of the indicators (better +1, similar 0, worse −1): above +⅓ green, below −⅓ red, otherwise yellow. **Grey** = no indicator could be assessed. Missing data is never green."),
    "ch.status.better": ("Bättre", "Better"),
    "ch.status.similar": ("Likvärdigt", "Similar"),
    "ch.status.worse": ("Sämre", "Worse"),
    "ch.status.missing": ("Saknas", "Missing"),
    "ch.basis.rank": ("rang {rank} av 21 län", "rank {rank} of 21 counties"),
    "ch.basis.sweden": ("riket {se}", "Sweden {se}"),
    "ch.no_value": ("ingen uppgift", "no value"),
    "ch.no_indicator": ("Ingen indikator i datalagret belyser den här utmaningen.", "No indicator in the warehouse evidences this challenge."),
    "ch.without_evidence": ("Utmaningar utan indikator i datalagret", "Challenges without an indicator in the warehouse"),
    "ch.scope": ("gäller", "applies to"),
    "ch.detail": ("Indikatorer över tid", "Indicators over time"),
    "ch.choose": ("Utmaning", "Challenge"),
    "ch.action_areas": ("Insatsområden", "Action areas"),
    "ch.framework.nms_strategy": ("Strategi för industriell omvandling i Norra Mellansverige", "Strategy for industrial transition in Norra Mellansverige"),
    "ch.framework.focus_industry": ("Focus Industry (gemensamt varumärke)", "Focus Industry (joint brand)"),
    "ch.unknown_area": ("Insatsområde {n}: ej känt ännu – kunde inte hämtas från offentliga källor.", "Action area {n}: not yet known – could not be retrieved from public sources."),
    "ch.linked_area": ("Kopplat insatsområde", "Linked action area"),
    "ch.col.challenge": ("Utmaning", "Challenge"),
    "ch.col.assessment": ("Bedömning", "Assessment"),
    "ch.col.cell": ("Rutans färg", "Cell colour"),
    "ch.col.rank": ("Rang (av 21)", "Rank (of 21)"),
    "ch.col.sweden": ("Riket samma år", "Sweden same year"),
}


def lang() -> str:
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, **kwargs) -> str:
    sv, en = TEXT[key]
    text = sv if lang() == "sv" else en
    return text.format(**kwargs) if kwargs else text


def col(base: str) -> str:
    """The warehouse column for the current language, e.g. col('name') -> 'name_sv'."""
    return f"{base}_{lang()}"
