"""Command line: ``python -m etl COMMAND``.

Exit codes: 0 success; 2 invalid input (the problems are printed on stderr and the
warehouse is unchanged); 1 any other failure.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from etl import build, curate, load, messages, users, vocabulary, warehouse
from etl.fetch import run
from etl.fetch.http import FetchError
from etl.formats import template

COVERAGE = """\
What the bundled data set covers (see docs/data.md for the full table):
  population          all 21 counties, NUTS2 and Sweden 1999-2023 (SCB's count; to 2022
                      via Eurostat demo_r_gind3); 2024 for 16 counties and Sweden
  GRP                 all 21 counties, SE31 and Sweden 2000-2021 (Sweden, SE31 to 2022):
                      MSEK, million EUR, EUR and PPS per inhabitant (Eurostat nama_10r_3gdp);
                      GRP per capita computed from GRP and mean population, 2000-2021
  density             all 21 counties, NUTS2 and Sweden 1992-2018 (Eurostat demo_r_d3dens)
  education           NUTS2 regions and Sweden 2000-2019 (Eurostat edat_lfse_04,
                      trng_lfse_04; not published for counties); Kolada N01982 for Dalarna
  employment by       Eurostat NACE A*10 for all 21 counties, NUTS2 and Sweden 2000-2017
  industry            (LQ and Krugman with rank among the 21); SCB sections A-G for SE31
                      and Sweden 2016-2021; Värmland 2018/2021/2022 by SCB groups
  R&D expenditure     per capita by sector, all 21 counties, odd years 2011-2021 (Kolada);
                      MSEK by sector for five counties and Sweden, 2007-2019 (SCB; the
                      sectors are not parts of the SCB total: other tables)
  unemployment        all 21 counties and Sweden, 2020-2022 (SCB BAS)
  innovation index    Reglab, all 21 counties, 2004-2021 (8 editions; 2021 disputed)
  S3 areas            all current and superseded areas of the three counties
  funding             published figures (Vinnväxt, ERUF 2000-2027, Interreg, Horizon 2020
                      examples); ERDF 2014-2020 approvals to August 2016 (Projektbanken);
                      Interreg 2021-2027 partners in SE31 with EU amounts
  challenges          17 challenges; 4 of the joint strategy's 6 action areas

Known gaps (shown as missing in the dashboard, never filled in):
  population by municipality; population 2024 for five counties; county GRP after
  2021; county employment by industry after 2017 in the same vintage; education by
  county as a series; Horizon 2020/Europe per organisation; Vinnova funding per county;
  ERDF approvals after August 2016; two of the joint strategy's six action areas; RIS
  index values; retrieval dates where the pages did not record them.
"""


def _cmd_build(args) -> int:
    log = (lambda *a, **k: None) if args.quiet else print
    try:
        build.build(data_dir=Path(args.data), pointer=args.db, log=log, discard_loads=args.discard_loads)
    except load.Invalid as err:
        print(f"The build stopped: {len(err.problems)} problem(s) in the data files. "
              "The warehouse was not changed.", file=sys.stderr)
        for p in err.problems:
            print(f"  {p.text('en')}", file=sys.stderr)
        return 2
    except build.BuildFailed as err:
        print("The build stopped: the new warehouse failed its checks. "
              "The warehouse was not changed.", file=sys.stderr)
        for m in err.messages:
            print(f"  {m}", file=sys.stderr)
        return 2
    return 0


def _cmd_curate(args) -> int:
    try:
        curate.curate(Path(args.reference))
    except (FileNotFoundError, ValueError) as err:
        print(f"curate: {err}", file=sys.stderr)
        return 2
    return 0


def _cmd_info(args) -> int:
    pointer = warehouse.db_path(args.db)
    target = warehouse.current_target(pointer)
    if target is None:
        print(f"No warehouse at {pointer}. Build one with: python -m etl build", file=sys.stderr)
        return 1
    con = warehouse.connect_read_only(target)
    try:
        print(f"warehouse: {pointer} -> {target.name}")
        for (name,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall():
            n = (con.execute(f'SELECT count(*) FROM "{name}"').fetchone() or (0,))[0]
            print(f"  {name:<22} {n:>7} rows")
    finally:
        con.close()
    return 0


def _progress(quiet: bool):
    steps = {"check": "checking the file", "parse": "reading", "validate": "validating rows",
             "commit": "writing a new warehouse version", "check_warehouse": "running warehouse checks",
             "done": "done"}

    def show(step, detail=""):
        if not quiet:
            print(f"  {steps.get(step, step)}" + (f" ({detail} rows)" if detail else ""), file=sys.stderr)
    return show


def _cmd_load(args) -> int:
    path = Path(args.file)
    if not path.exists():
        print(f"No file at {path}.", file=sys.stderr)
        return 2
    source = load.SourceInfo(url=args.source_url or "", publisher=args.publisher or "", title=args.title or "",
                             table_id=args.table_id or "")
    try:
        prepared = load.prepare_path(path, args.db, indicator=args.indicator, source=source,
                                     progress=_progress(args.quiet))
        diff = load.preview(prepared, args.db)
    except load.Invalid as err:
        print(f"{path.name}: {len(err.problems)} problem(s); nothing was written.", file=sys.stderr)
        for p in err.problems[:200]:
            print(f"  {p.text(args.lang)}", file=sys.stderr)
        if len(err.problems) > 200:
            print(f"  … and {len(err.problems) - 200} more", file=sys.stderr)
        return 2
    counts = diff.status.value_counts().to_dict()
    print(f"{path.name}: {prepared.kind} ({prepared.layout}, sheet '{prepared.sheet}'): "
          f"{counts.get('new', 0)} new, {counts.get('changed', 0)} changed, {counts.get('unchanged', 0)} unchanged"
          + (f"; {prepared.skipped_missing} cells marked missing ('..', '-') left out" if prepared.skipped_missing
             else ""))
    for key, values in prepared.readings:
        print(f"  note: {messages.text(key, args.lang, **values)}")
    for w in prepared.warnings[:200]:
        print(f"  warning: {w.text(args.lang)}", file=sys.stderr)
    if args.dry_run:
        print("Dry run: the warehouse was not changed.")
        return 0
    if prepared.warnings and not args.accept_warnings:
        print(f"{path.name}: {messages.text('warnings_not_accepted', args.lang, n=len(prepared.warnings))}.",
              file=sys.stderr)
        return 2
    try:
        result = load.commit(prepared, args.db, user=args.user or getpass.getuser(),
                             accept_warnings=args.accept_warnings, progress=_progress(args.quiet))
    except load.Invalid as err:
        print(f"{path.name}: nothing was written.", file=sys.stderr)
        for p in err.problems[:200]:
            print(f"  {p.text(args.lang)}", file=sys.stderr)
        return 2
    print(f"Loaded as batch {result.batch_id} (undo with: python -m etl undo {result.batch_id}).")
    return 0


def _cmd_fetch(args) -> int:
    say = (lambda *a: None) if args.quiet else (lambda msg: print(f"  {msg}", file=sys.stderr))
    try:
        results = run.run(args.source, args.db, since=args.since, since_date=args.since_date, tables=args.table,
                          dry_run=args.dry_run, user=args.user or getpass.getuser(), progress=say,
                          from_snapshots=args.from_snapshots, base_url=args.base_url)
    except run.AnswerMismatch as err:
        print(str(err), file=sys.stderr)
        return 2
    except FetchError as err:
        print(str(err), file=sys.stderr)
        return 1
    except load.Invalid as err:
        if err.problems[0].key == "no_warehouse":
            print(err.problems[0].text(args.lang), file=sys.stderr)
            return 1
        print(f"{args.source}: {len(err.problems)} problem(s) in what the API sent; nothing was written.",
              file=sys.stderr)
        for p in err.problems[:50]:
            print(f"  {p.text(args.lang)}", file=sys.stderr)
        return 2
    for prepared, result in results:
        n = len(prepared.rows)
        if result is None:
            print(f"{prepared.file_name}: {n} {prepared.kind} rows validated. Dry run: the warehouse was not changed.")
        else:
            print(f"{prepared.file_name}: {result.inserted} new, {result.updated} changed, {result.unchanged} "
                  f"unchanged; batch {result.batch_id} (undo with: python -m etl undo {result.batch_id}).")
    if results.failed:
        loaded = "the others were loaded" if results and not args.dry_run else "nothing was loaded from them"
        print(f"{args.source}: {len(results.failed)} table(s) failed ({loaded}):", file=sys.stderr)
        for table, why in results.failed.items():
            print(f"  {table}: {why}", file=sys.stderr)
        return 2
    return 0


def _cmd_history(args) -> int:
    try:
        df = load.history(args.db)
    except load.Invalid as err:
        print(err.problems[0].text(args.lang), file=sys.stderr)
        return 1
    for r in df.itertuples():
        undone = f"  (undone by {r.undone_by})" if isinstance(r.undone_by, str) else ""
        print(f"{r.batch_id:<48} {r.kind:<7} {str(r.loaded_at)[:19]}  {r.loaded_by or '':<12} "
              f"+{r.rows_inserted} ~{r.rows_updated} ={r.rows_unchanged}  {r.file_name or ''}{undone}")
    return 0


def _cmd_undo(args) -> int:
    try:
        result = load.undo(args.batch, args.db, user=args.user or getpass.getuser())
    except load.Invalid as err:
        print(err.problems[0].text(args.lang), file=sys.stderr)
        return 2
    print(f"Undid {args.batch}: {result.updated} rows restored or removed (batch {result.batch_id}).")
    return 0


def _cmd_users(args) -> int:
    if args.action == "list":
        for name in users.list_users():
            print(name)
        return 0
    if not args.name:
        print("Give a user name: python -m etl users add NAME", file=sys.stderr)
        return 2
    if args.action == "remove":
        return 0 if users.remove_user(args.name) else 1
    password = getpass.getpass(f"Password for {args.name}: ")
    again = getpass.getpass("Again: ")
    if password != again:
        print("The passwords differ; nothing was saved.", file=sys.stderr)
        return 2
    try:
        users.add_user(args.name, password)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return 2
    print(f"User {args.name} saved in {users.users_file()}.")
    return 0


def _cmd_template(args) -> int:
    Path(args.out).write_bytes(template.build_template())
    print(f"Template written to {args.out}")
    return 0


def _sources() -> dict[str, str]:
    return {k: v[1] for k, v in run.SOURCES.items()}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m etl",
        description="Build and maintain the Norra Mellansverige analytics warehouse (DuckDB).",
    )
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser(
        "build", help="build the warehouse from the bundled files in data/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build the warehouse from data/. Validates every file first; builds a new "
                    "version file, checks it, and only then makes it current. A bad file leaves "
                    "the current warehouse untouched and the problems are listed with file, row "
                    "and column.",
        epilog=COVERAGE + "\nExample:\n  python -m etl build --db data/warehouse.duckdb\n")
    b.add_argument("--db", help="warehouse pointer path (default: data/warehouse.duckdb or $NMS_DB)")
    b.add_argument("--data", default=str(Path(__file__).resolve().parent.parent / "data"),
                   help="folder with the curated data files (default: data/)")
    b.add_argument("--quiet", action="store_true", help="print nothing but errors")
    b.add_argument("--discard-loads", action="store_true",
                   help="leave out the uploads and fetches the current warehouse holds (by default they are carried "
                        "over, in order); they stay in the history, marked as undone by this build")
    b.set_defaults(func=_cmd_build)

    c = sub.add_parser("curate", help="regenerate data/ from the team's reference facts",
                       description="Regenerate the curated files in data/ from shared/reference. "
                                   "Deterministic: the same reference gives the same files.")
    c.add_argument("--reference", default=str(Path(__file__).resolve().parent.parent.parent
                                               / "shared" / "reference"),
                   help="folder with the reference CSVs (default: ../shared/reference)")
    c.set_defaults(func=_cmd_curate)

    lo = sub.add_parser("load", help="load a spreadsheet or CSV (template, SCB or Kolada export) into the warehouse",
                        formatter_class=argparse.RawDescriptionHelpFormatter,
                        description="Validate a file and load it as one batch. Exit 0 on success, 2 on invalid input "
                                    "(every problem on stderr with sheet, row and column); the warehouse is then "
                                    "unchanged.",
                        epilog="Examples:\n  python -m etl load mall.xlsx --dry-run\n"
                               "  python -m etl load scb_export.xlsx --indicator unemployment_rate \\\n"
                               "      --source-url https://www.statistikdatabasen.scb.se/... --publisher SCB\n")
    lo.add_argument("file")
    lo.add_argument("--db", help="warehouse pointer path")
    lo.add_argument("--dry-run", action="store_true", help="validate and show what would change; write nothing")
    lo.add_argument("--accept-warnings", action="store_true",
                    help="load even values that change more than the indicator's plausible bound (they are listed "
                         "as warnings; without this flag the load stops with exit 2)")
    lo.add_argument("--indicator", help="indicator id for SCB/Kolada exports without an indicator column")
    lo.add_argument("--source-url", help="source URL for rows without one")
    lo.add_argument("--publisher", help="source publisher for rows without one")
    lo.add_argument("--title", help="source title")
    lo.add_argument("--table-id", help="official table or dataset id")
    lo.add_argument("--user", help="who loads (default: the OS user)")
    lo.add_argument("--lang", choices=list(vocabulary.LANGS), default=vocabulary.DEFAULT_LANG,
                    help="language of the messages")
    lo.add_argument("--quiet", action="store_true")
    lo.set_defaults(func=_cmd_load)

    f = sub.add_parser(
        "fetch", help="fetch the newest figures from a public API and load them as one batch per table",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Fetch from a public API, keep the raw answers in data/snapshots/<source>/<date>/ (with URL, "
                    "query, time and checksum), validate the rows like an upload and load them as batches of kind "
                    "'fetch' (see history; undo works). Exit 0 on success, 1 when the API cannot be reached or "
                    "fails, 2 when what it sent does not match the request or does not validate (the warehouse is then "
                    "unchanged), or when a table failed while the others loaded (the summary names it).",
        epilog="Sources:\n" + "\n".join(f"  {k:<9} {v}" for k, v in _sources().items()) +
               "\n\nExamples:\n  python -m etl fetch scb --since 2015\n  python -m etl fetch kolada --dry-run\n"
               "  python -m etl fetch eurostat --table rd_e_gerdreg\n"
               "  python -m etl fetch vinnova --since-date 2024-01-01\n"
               "  python -m etl fetch cordis --table horizon\n"
               "  python -m etl fetch scb --table rd=TAB1234 --dry-run\n"
               "  python -m etl fetch eurostat --from-snapshots data/snapshots/eurostat/2026-12-02\n")
    f.add_argument("source", choices=list(_sources()))
    f.add_argument("--since", type=int, help="first year to fetch (statistics); default: all years")
    f.add_argument("--since-date", help="Vinnova: projects changed since this date (YYYY-MM-DD; default 2015-01-01)")
    f.add_argument("--table", action="append",
                   help="only this table/dataset/KPI/file set (repeatable), e.g. TAB638, rd_e_gerdreg, N01982, "
                        "horizon; SCB also takes population, grp, rd and employment, and names tables with "
                        "rd=TABnnnn or population=TAB638,TABnnnn")
    f.add_argument("--dry-run", action="store_true", help="fetch and validate; write nothing to the warehouse")
    f.add_argument("--from-snapshots", metavar="DIR",
                   help="no network: run the transform and every check again on the raw answers a fetch stored "
                        "(e.g. data/snapshots/scb/2026-12-02; the newest fetch in DIR)")
    f.add_argument("--base-url", metavar="URL",
                   help="ask another installation or a local mirror instead of the public API "
                        "(also $NMS_<SOURCE>_BASE_URL, e.g. NMS_SCB_BASE_URL)")
    f.add_argument("--db", help="warehouse pointer path")
    f.add_argument("--user", help="who loads (default: the OS user)")
    f.add_argument("--lang", choices=list(vocabulary.LANGS), default=vocabulary.DEFAULT_LANG,
                   help="language of validation messages")
    f.add_argument("--quiet", action="store_true", help="no progress lines")
    f.set_defaults(func=_cmd_fetch)

    h = sub.add_parser("history", help="list loads (batches), newest first")
    h.add_argument("--db")
    h.add_argument("--lang", choices=list(vocabulary.LANGS), default=vocabulary.DEFAULT_LANG)
    h.set_defaults(func=_cmd_history)

    u = sub.add_parser("undo", help="undo a load: restore exactly the values it replaced")
    u.add_argument("batch")
    u.add_argument("--db")
    u.add_argument("--user")
    u.add_argument("--lang", choices=list(vocabulary.LANGS), default=vocabulary.DEFAULT_LANG)
    u.set_defaults(func=_cmd_undo)

    us = sub.add_parser("users", help="local accounts for the upload page (passwords are asked at the prompt)")
    us.add_argument("action", choices=["add", "remove", "list"])
    us.add_argument("name", nargs="?")
    us.set_defaults(func=_cmd_users)

    tp = sub.add_parser("template", help="write the upload template (.xlsx)")
    tp.add_argument("--out", default="mall.xlsx")
    tp.set_defaults(func=_cmd_template)

    i = sub.add_parser("info", help="show the current warehouse version and its tables")
    i.add_argument("--db", help="warehouse pointer path")
    i.set_defaults(func=_cmd_info)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
