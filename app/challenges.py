"""The challenge × county matrix: how each county compares on a challenge's evidence.

The rule (stated on the page, tested on synthetic tables):

1. For each evidence indicator, take the county's latest value.
2. If all 21 counties have a value that year, use the county's rank: 1–7 *better*,
   8–14 *similar*, 15–21 *worse* (rank 1 = best, by the indicator's direction).
3. Otherwise, if Sweden has a value that year, compare with Sweden: more than 5 %
   better *better*, more than 5 % worse *worse*, else *similar*.
4. Otherwise the indicator cannot be assessed (*missing*).
5. The cell is the mean of the assessed indicators (better = +1, similar = 0,
   worse = −1): above +1/3 *better*, below −1/3 *worse*, else *similar*; *missing*
   (grey) when no indicator could be assessed. Missing data is never green.

The second half builds what the Utmaningar / Challenges page draws: the matrix with its
hover lines and table, the indicators over time, the lists of challenges without
evidence and of action areas.
"""

from __future__ import annotations

import math

import pandas as pd

from app import charts, db, fmt, queries, sources, text
from app.i18n import col, t
from etl.vocabulary import N_COUNTIES

SCORES = {"better": 1, "similar": 0, "worse": -1}
THRESHOLD_PCT = 5.0
#: Light fills under dark text (every pair ≥ 4.5:1, WCAG AA); each cell also says its status in
#: words with a symbol (✓ ≈ ✗ –), so colour is never the only cue.
COLOURS = {"better": "#A5D6A7", "similar": "#FFE082", "worse": "#EF9A9A", "missing": "#E0E0E0"}
TEXT_COLOUR = "#111111"


def _present(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and not pd.isna(x)


def assess(value, higher_is_better, rank=None, n_counties=None, se_value=None) -> str:
    """One indicator for one county: 'better', 'similar', 'worse' or 'missing'."""
    if not _present(value) or not _present(higher_is_better):
        return "missing"
    if _present(rank) and _present(n_counties) and int(n_counties) == N_COUNTIES:
        if rank <= 7:
            return "better"
        return "similar" if rank <= 14 else "worse"
    if _present(se_value) and se_value != 0:
        diff = (value - se_value) / abs(se_value) * 100
        if not bool(higher_is_better):
            diff = -diff
        if diff > THRESHOLD_PCT:
            return "better"
        return "worse" if diff < -THRESHOLD_PCT else "similar"
    return "missing"


def basis(rank=None, n_counties=None, se_value=None) -> str:
    """What the assessment compared against: 'rank', 'sweden' or ''."""
    if _present(rank) and _present(n_counties) and int(n_counties) == N_COUNTIES:
        return "rank"
    return "sweden" if _present(se_value) else ""


def combine(assessments: list[str]) -> str:
    scored = [SCORES[a] for a in assessments if a in SCORES]
    if not scored:
        return "missing"
    mean = sum(scored) / len(scored)
    if mean > 1 / 3:
        return "better"
    return "worse" if mean < -1 / 3 else "similar"


def matrix(challenges: pd.DataFrame, evidence: pd.DataFrame, counties: list[str]) -> pd.DataFrame:
    """Long table: one row per (challenge, county, indicator) with its assessment, plus
    the combined cell colour per (challenge, county) in column ``cell``."""
    rows = []
    # (indicator, region) -> position of its first evidence row: one pass, not a filter per cell
    first: dict[tuple[str, str], int] = {}
    for pos, key in enumerate(zip(evidence.indicator_id, evidence.region_code, strict=True)):
        first.setdefault(key, pos)
    for ch in challenges.itertuples():
        for county in counties:
            for ind in ch.indicator_ids:
                at = first.get((ind, county))
                if at is None:
                    rows.append({"challenge_id": ch.challenge_id, "region_code": county, "indicator_id": ind,
                                 "assessment": "missing", "basis": ""})
                    continue
                e = evidence.iloc[at]
                rows.append({"challenge_id": ch.challenge_id, "region_code": county, "indicator_id": ind,
                             "year": int(e.year), "value": e.value, "rank": e["rank"], "se_value": e.se_value,
                             "assessment": assess(e.value, e.higher_is_better, e["rank"], e.n_counties, e.se_value),
                             "basis": basis(e["rank"], e.n_counties, e.se_value)})
            if len(ch.indicator_ids) == 0:
                rows.append({"challenge_id": ch.challenge_id, "region_code": county, "indicator_id": None,
                             "assessment": "missing", "basis": ""})
    long = pd.DataFrame(rows)
    cells = long.groupby(["challenge_id", "region_code"])["assessment"].agg(lambda s: combine(list(s)))
    return long.merge(cells.rename("cell"), on=["challenge_id", "region_code"])


# --- what the page draws -------------------------------------------------------------------


def status_labels(lang: str) -> dict[str, str]:
    return {s: t(f"ch.status.{s}", lang) for s in COLOURS}


def _hover_line(r: pd.Series, inds: pd.DataFrame, labels: dict[str, str], lang: str) -> str:
    """'Reglabs innovationsindex 2021: 0,41 (rang 21 av 21 län) → Sämre'."""
    name = text.html(inds.loc[r.indicator_id, col("name", lang)])
    if pd.isna(r.get("value")):
        return f"{name}: {t('ch.no_value', lang)}"
    d = int(inds.loc[r.indicator_id, "decimals"])
    if r.basis == "rank":
        how = t("ch.basis.rank", lang, rank=int(r["rank"]))
    elif r.basis == "sweden":
        how = t("ch.basis.sweden", lang, se=fmt.number(r.se_value, d, lang))
    else:
        how = t("ch.no_value", lang)
    return f"{name} {int(r.year)}: {fmt.number(r.value, d, lang)} ({how}) → {labels[r.assessment]}"


def matrix_panel(challenges: pd.DataFrame, long: pd.DataFrame, inds: pd.DataFrame, names: dict[str, str],
                 source_line: str, lang: str, large: bool = False) -> charts.Panel:
    """The challenge × county matrix (``long`` from ``matrix``) and its rows as a table."""
    labels = status_labels(lang)
    hover = {key: "<br>".join(_hover_line(r, inds, labels, lang) for _, r in grp.iterrows())
             for key, grp in long.groupby(["challenge_id", "region_code"])}
    cells = long.drop_duplicates(["challenge_id", "region_code"]).rename(
        columns={"challenge_id": "row_id", "region_code": "col_id", "cell": "status"})
    challenge_names = dict(zip(challenges.challenge_id, challenges[col("name", lang)], strict=True))
    fig = charts.status_matrix(
        cells, row_labels=challenge_names, col_labels=names, status_labels=labels, colours=COLOURS, hover=hover,
        title=t("ch.matrix_title", lang), unit=t("ch.matrix_unit", lang), source_line=source_line, lang=lang,
        large=large, text_colour=TEXT_COLOUR)
    year, value, rank, sweden = t("common.year", lang), t("common.value", lang), t("ch.col.rank", lang), \
        t("ch.col.sweden", lang)
    table = long.assign(
        challenge=long.challenge_id.map(challenge_names),
        county=long.region_code.map(names),
        indicator=long.indicator_id.map(lambda i: inds.loc[i, col("name", lang)] if i in inds.index else ""),
        assessment_text=long.assessment.map(labels), cell_text=long.cell.map(labels),
    )[["challenge", "county", "indicator", "year", "value", "rank", "se_value", "assessment_text", "cell_text"]].rename(
        columns={"challenge": t("ch.col.challenge", lang), "county": t("s3.col.county", lang),
                 "indicator": t("ind.choose", lang), "year": year, "value": value, "rank": rank, "se_value": sweden,
                 "assessment_text": t("ch.col.assessment", lang), "cell_text": t("ch.col.cell", lang)})
    table[year] = table[year].astype("Int64")
    table[rank] = table[rank].astype("Int64")
    return charts.Panel(fig, table, {value: 2, sweden: 2}, "utmaningar" if lang == "sv" else "challenges",
                        [source_line])


def without_evidence(challenges: pd.DataFrame, names: dict[str, str], lang: str) -> list[str]:
    """A markdown line for each challenge no indicator in the warehouse evidences (text from
    files escaped; the link is the recorded source URL)."""
    return [f"- **{text.md(getattr(r, col('name', lang)))}** ({t('ch.scope', lang)} "
            f"{text.md(names.get(r.scope_region_code, ''))}) — {t('ch.no_indicator', lang)} "
            f"{sources.link(r.publisher, r.source_url)}"
            for r in challenges[challenges.indicator_ids.map(len) == 0].itertuples()]


def description(challenge: pd.Series) -> str:
    """The challenge's description as text, with its source as the one link."""
    return f"{text.md(challenge.description)} {sources.link(challenge.publisher, challenge.source_url)}"


def with_evidence(challenges: pd.DataFrame) -> pd.DataFrame:
    """The challenges that at least one indicator evidences."""
    return challenges[challenges.indicator_ids.map(len) > 0]


def evidence_indicators(challenges: pd.DataFrame) -> list[str]:
    return sorted({i for ids in challenges.indicator_ids for i in ids})


def indicator_panel(values: pd.DataFrame, indicator_id: str, meta: pd.Series, names: dict[str, str],
                    source_line: str, challenge_id: str, lang: str, large: bool = False) -> charts.Panel:
    """One evidence indicator over time for the counties and Sweden."""
    unit, decimals = meta[col("unit", lang)], int(meta.decimals)
    fig = charts.line(values[["region_code", "year", "value"]], labels=names, title=meta[col("name", lang)],
                      unit=unit, source_line=source_line, lang=lang, decimals=decimals, height=380, large=large)
    table = values.assign(region=values.region_code.map(names))[["region", "region_code", "year", "value"]].rename(
        columns={"region": t("common.region", lang), "region_code": t("common.code", lang),
                 "year": t("common.year", lang), "value": f"{t('common.value', lang)} ({unit})"})
    return charts.Panel(fig, table, {table.columns[3]: decimals}, f"{challenge_id}_{indicator_id}",
                        [meta[col("name", lang)], source_line])


def action_area_lines(areas: pd.DataFrame, lang: str) -> list[tuple[str, list[str], str]]:
    """Per framework: its heading (with the source), one line per known action area and, once,
    the known gap: the areas that could not be retrieved (not listed as if they were content)."""
    out = []
    for framework, grp in areas.groupby("framework", sort=False):
        name = t("ch.framework." + framework, lang)
        head = f"**{name}** — {sources.link(grp.publisher.iloc[0], grp.source_url.iloc[0])}"
        lines, unknown = [], []
        for a in grp.itertuples():
            if a.known:
                lines.append(f"{a.number}\\. {text.md(getattr(a, col('name', lang)))}"
                             + (f" — {text.md(a.description_sv)}" if lang == "sv" and isinstance(a.description_sv, str)
                                and a.description_sv else ""))
            else:
                unknown.append(str(a.number))
        gap = t("ch.unknown_areas", lang, numbers=", ".join(unknown), framework=name) if unknown else ""
        out.append((head, lines, gap))
    return out


@db.cached()
def matrix_view(counties: tuple[str, ...], regions: tuple[str, ...], lang: str, large: bool = False) -> charts.Panel:
    """The challenge × county matrix panel for the counties, with the evidence of ``regions``
    (the counties and Sweden), cached in the app by the arguments and warehouse version."""
    ch = queries.challenges()
    with_ev = with_evidence(ch)
    ev = queries.evidence(evidence_indicators(with_ev), list(regions))
    long = matrix(with_ev, ev, list(counties))
    source_line = sources.line([s for ids in ev.source_ids for s in ids], lang)
    return matrix_panel(ch, long, queries.indicators().set_index("indicator_id"), queries.region_names(lang),
                        source_line, lang, large)


@db.cached()
def indicator_view(indicator_id: str, regions: tuple[str, ...], challenge_id: str, lang: str,
                   large: bool = False) -> charts.Panel:
    """One evidence indicator over time (``indicator_panel``) for the regions, with its source
    line, cached in the app by the arguments and warehouse version."""
    meta = queries.indicators().set_index("indicator_id").loc[indicator_id]
    values = queries.values(indicator_id, list(regions), 1990, 2100)
    line = sources.line(list(values.source_ids), lang, derived=meta.kind == "derived")
    return indicator_panel(values, indicator_id, meta, queries.region_names(lang), line, challenge_id, lang, large)


def step_title(county_names: list[str], lang: str) -> str:
    """What a workshop step of the matrix shows."""
    return f"{t('ch.matrix_title', lang)} · {', '.join(county_names)}"
