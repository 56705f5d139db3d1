"""Flags and exclusions the reference notes call for, applied to all curated indicator values.

* ``mappings/value_flags.csv``: (indicator, region or ``*``, years) -> a flag from
  ``vocabulary.VALUE_FLAGS`` with its reason: ``break`` where a series changes boundary or
  method, ``caution`` where it mixes them, ``disputed`` where the publisher's own material
  contradicts the figures (Reglab's 2021 index). The reason goes in front of the value's note,
  so chart tooltips, tables and downloads carry it with the flag.
* ``mappings/excluded_sources.csv``: sources that are not cited (a personal blog, a document
  mirror); values resting on them are left out.
* Sources that no curated row cites any more are left out of ``sources.csv``.
"""

from __future__ import annotations

from etl import mappings, vocabulary

FLAGS = mappings.read("value_flags")
EXCLUDED = mappings.read("excluded_sources")


def apply_flags(values: list[dict[str, str]], decisions: list[str]) -> None:
    for rule in FLAGS:
        if rule["flag"] not in vocabulary.VALUE_FLAGS:
            raise ValueError(f"mappings/value_flags.csv: {rule['flag']!r} is not one of {vocabulary.VALUE_FLAGS}")
        hits = [v for v in values if v["indicator_id"] == rule["indicator_id"]
                and rule["region_code"] in ("*", v["region_code"])
                and int(rule["year_from"]) <= int(v["year"]) <= int(rule["year_to"])]
        for v in hits:
            if v["flag"] and v["flag"] != rule["flag"]:
                raise ValueError(f"mappings/value_flags.csv: {v['region_code']} {v['indicator_id']} {v['year']} "
                                 f"is already flagged {v['flag']!r}; one flag per value")
            v["flag"] = rule["flag"]
            v["note"] = f"{rule['flag'].upper()}: {rule['reason']}. {v['note']}"[:300].strip()
        years = rule["year_from"] if rule["year_from"] == rule["year_to"] else f"{rule['year_from']}–{rule['year_to']}"
        where = "all regions" if rule["region_code"] == "*" else rule["region_code"]
        decisions.append(f"- `{rule['indicator_id']}` {where} {years}: flagged `{rule['flag']}` on {len(hits)} "
                         f"value(s): {rule['reason']}.")


def exclude_sources(values: list[dict[str, str]], sources, decisions: list[str]) -> list[dict[str, str]]:
    kept = []
    for v in values:
        url = sources.rows[v["source_id"]]["url"]
        rule = next((r for r in EXCLUDED if r["url_contains"] in url), None)
        if rule is None:
            kept.append(v)
            continue
        decisions.append(f"- `{v['indicator_id']}` {v['region_code']} {v['year']} = {v['value']} left out: "
                         f"its source ({url}) is {rule['reason']}.")
    return kept


def drop_unused_sources(sources, tables: dict[str, list[dict]]) -> list[str]:
    """Remove sources no row cites; return their ids."""
    cited = set()
    for rows in tables.values():
        for r in rows:
            for col in ("source_id", "default_source_id"):
                if r.get(col):
                    cited.add(r[col])
            for extra in (r.get("other_source_ids") or "").split(";"):
                if extra.strip():
                    cited.add(extra.strip())
    unused = sorted(set(sources.rows) - cited)
    for sid in unused:
        del sources.rows[sid]
    return unused
