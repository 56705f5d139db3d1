"""Command line: ``python -m etl COMMAND``.

Exit codes: 0 success; 2 invalid input (the problems are printed on stderr and the
warehouse is unchanged); 1 any other failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

COVERAGE = """\
What the bundled data set covers (see docs/data.md for the full table):
  population          Värmland, Dalarna, Gävleborg, Västmanland, Norrbotten, Sweden;
                      Dalarna 1999-2022, others scattered years 2014-2024
  GRP (MSEK)          all 21 counties 2008-2020 (Dalarna to 2021); no Sweden total
  GRP per capita      the three counties, Västmanland, Norrbotten, Sweden; 2013-2021, gaps
  R&D expenditure     per capita by sector, all 21 counties, odd years 2011-2021 (Kolada);
                      MSEK by sector for five counties and Sweden, 2007-2019 (SCB)
  unemployment        all 21 counties and Sweden, 2020-2022 (SCB BAS)
  education           Dalarna 2013-2021 (Kolada N01982); Gävleborg 2021 (3+ years)
  innovation index    Reglab, all 21 counties, 2004-2021 (8 editions)
  employment by       Eurostat NACE A*10 for the three counties, SE31 and Sweden 2006-2017;
  industry            SCB sections A-G for SE31 and Sweden 2016-2021; Värmland 2018/2021/2022
  S3 areas            all current and superseded areas of the three counties
  funding             142 sourced rows: Vinnväxt, ERUF 2000-2027, Interreg Sverige-Norge,
                      Horizon 2020 examples
  challenges          17 challenges; 4 of the joint strategy's 6 action areas

Known gaps (shown as missing in the dashboard, never filled in):
  county employment by industry after 2017 for Dalarna and Gävleborg; Horizon 2020/Europe
  per organisation; Vinnova funding per county; two of the joint strategy's six action
  areas; RIS index values; education for Värmland and Sweden; GRP for Sweden after 2008.
"""


def _cmd_build(args) -> int:
    from etl import build, datafiles

    log = (lambda *a, **k: None) if args.quiet else print
    try:
        build.build(data_dir=Path(args.data), pointer=args.db, log=log)
    except datafiles.DataFileErrors as err:
        print(f"The build stopped: {len(err.problems)} problem(s) in the data files. "
              "The warehouse was not changed.", file=sys.stderr)
        for p in err.problems:
            print(f"  {p}", file=sys.stderr)
        return 2
    except build.BuildFailed as err:
        print("The build stopped: the new warehouse failed its checks. "
              "The warehouse was not changed.", file=sys.stderr)
        for m in err.messages:
            print(f"  {m}", file=sys.stderr)
        return 2
    return 0


def _cmd_curate(args) -> int:
    from etl import curate

    try:
        curate.curate(Path(args.reference))
    except (FileNotFoundError, ValueError) as err:
        print(f"curate: {err}", file=sys.stderr)
        return 2
    return 0


def _cmd_info(args) -> int:
    from etl import warehouse

    pointer = warehouse.db_path(args.db)
    target = warehouse.current_target(pointer)
    if target is None:
        print(f"No warehouse at {pointer}. Build one with: python -m etl build", file=sys.stderr)
        return 1
    con = warehouse.connect_read_only(target)
    try:
        print(f"warehouse: {pointer} -> {target.name}")
        for (name,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall():
            (n,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            print(f"  {name:<22} {n:>7} rows")
    finally:
        con.close()
    return 0


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
    b.set_defaults(func=_cmd_build)

    c = sub.add_parser("curate", help="regenerate data/ from the team's reference facts",
                       description="Regenerate the curated files in data/ from shared/reference. "
                                   "Deterministic: the same reference gives the same files.")
    c.add_argument("--reference", default=str(Path(__file__).resolve().parent.parent.parent
                                               / "shared" / "reference"),
                   help="folder with the reference CSVs (default: ../shared/reference)")
    c.set_defaults(func=_cmd_curate)

    i = sub.add_parser("info", help="show the current warehouse version and its tables")
    i.add_argument("--db", help="warehouse pointer path")
    i.set_defaults(func=_cmd_info)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
