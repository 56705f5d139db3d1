"""The seven key areas of the Swedish-Norwegian border region -> ``data/key_areas.csv`` and the
analyst's classification of the counties' S3 areas and the Interreg Sverige-Norge project rows
into them (``data/key_area_s3.csv``, ``data/key_area_funding.csv``).

The areas are those of Mötesplats Vision 2022 (Region Värmland, Business Sweden and
Svensk-norska samarbetsfonden): energi, skoglig bioekonomi, tillverkningsindustri, tech,
transporter, besöksnäring and blå bioekonomi. Which NACE A*10 industries contain each, and
whether A*10 can separate it, is part of ``mappings/key_areas.csv``.

The classification is a reviewable analyst mapping, not a fact from a source:
``mappings/key_areas_s3.csv`` (S3 area -> key area) and ``mappings/key_areas_projects.csv``
(Interreg Sverige-Norge project, by period and name as in ``data/funding.csv`` -> key area).
A blank key area says "looked at, none of the seven". Curation stops when a current S3 area
or a Sverige-Norge project row is in neither file, or when a mapping row matches nothing,
so the mapping always covers exactly what the data holds. Each project maps to at most one
key area, so no amount is counted under two.

Which funding rows are Interreg Sverige-Norge: the partner-list rows whose list id starts
with ``Sverige-Norge:`` and the Interreg rows of the reference's published figures
(``funding.csv`` has no list id for them; ``funding.md`` section 3: every Interreg figure
there is Sverige-Norge). Only ``project`` rows are classified; programme totals are not projects.
"""

from __future__ import annotations

from etl import mappings

#: The partner list's programme name, the first part of its row ids (``Sverige-Norge:26``).
SN_LIST_PREFIX = "Sverige-Norge:"
INTERREG = "Interreg"


def is_sverige_norge(row: dict[str, str]) -> bool:
    """An Interreg Sverige-Norge project row of ``data/funding.csv`` (see the module docstring)."""
    if row["programme"] != INTERREG or row["level"] != "project":
        return False
    list_id = row.get("external_id") or ""
    return list_id.startswith(SN_LIST_PREFIX) or not list_id


def curate(specialisations: list[dict], funding: list[dict], decisions: list[str]
           ) -> tuple[list[dict], list[dict], list[dict]]:
    areas = mappings.read("key_areas")
    ids = {a["key_area_id"] for a in areas}

    def key_area(row: dict[str, str], where: str) -> str:
        if row["key_area_id"] and row["key_area_id"] not in ids:
            raise ValueError(f"{where}: {row['key_area_id']!r} is not one of the key areas in mappings/key_areas.csv")
        return row["key_area_id"]

    # S3 areas: every current one is classified or explicitly left out.
    s3_map = {r["area_id"]: r for r in mappings.read("key_areas_s3")}
    current = [s["area_id"] for s in specialisations if s["status"] == "current"]
    missing = [a for a in current if a not in s3_map]
    stale = sorted(set(s3_map) - {s["area_id"] for s in specialisations})
    if missing or stale:
        raise ValueError(f"mappings/key_areas_s3.csv: add a row (key area or blank) for {missing}; "
                         f"remove the rows of areas that no longer exist: {stale}")
    s3_links = [{"area_id": a, "key_area_id": key_area(r, "mappings/key_areas_s3.csv"), "note": r["note"]}
                for a, r in sorted(s3_map.items())]

    # Interreg Sverige-Norge project rows: every one is classified or explicitly left out.
    by_project = {(r["programme_period"], r["project"]): r for r in mappings.read("key_areas_projects")}
    links, used, unmapped = [], set(), []
    for f in sorted((f for f in funding if is_sverige_norge(f)), key=lambda f: f["funding_id"]):
        rule = by_project.get((f["programme_period"], f["project"]))
        if rule is None:
            unmapped.append(f"{f['programme_period']} {f['project']}")
            continue
        used.add((f["programme_period"], f["project"]))
        links.append({"funding_id": f["funding_id"],
                      "key_area_id": key_area(rule, "mappings/key_areas_projects.csv"), "note": rule["note"]})
    unused = sorted(set(by_project) - used)
    if unmapped or unused:
        raise ValueError(f"mappings/key_areas_projects.csv: add a row (key area or blank) for {sorted(set(unmapped))}; "
                         f"rows that match no Sverige-Norge project row of funding.csv: {unused}")

    n_s3 = sum(1 for r in s3_links if r["key_area_id"])
    n_projects = len({k for k, r in by_project.items() if r["key_area_id"]})
    decisions.append(f"- Key areas (Mötesplats Vision 2022): {len(areas)}. Current S3 areas: {len(current)}, of which "
                     f"{n_s3} classified into a key area and {len(current) - n_s3} explicitly none "
                     "(`mappings/key_areas_s3.csv`).")
    decisions.append(f"- Interreg Sverige-Norge project rows in funding.csv: {len(links)} rows of {len(by_project)} "
                     f"projects (as named in their sources); {n_projects} projects classified into a key area, "
                     f"{len(by_project) - n_projects} explicitly none (`mappings/key_areas_projects.csv`). "
                     "One key area per project at most: no amount counts under two.")
    return areas, s3_links, links
