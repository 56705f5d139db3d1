"""python -m reports: the workshop deck and the county brief from the command line.

    python -m reports deck WORKSHOP.json --out deck.pptx [--lang sv|en] [--db PATH]
    python -m reports brief SE312 --lang sv --out brief.pdf [--db PATH]

Exit 0 on success; 2 when the input is not what was asked for (a bad workshop file, an
unknown county); 1 when the export cannot run here (a package or chromium missing). The
reason is one sentence on stderr; nothing is written then.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from etl.vocabulary import DEFAULT_LANG, LANGS, NMS_COUNTIES


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m reports", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    deck = sub.add_parser("deck", help="the workshop sequence as a PowerPoint deck (.pptx)")
    deck.add_argument("workshop", metavar="WORKSHOP.json", help="a sequence saved on the Workshop page")
    deck.add_argument("--out", required=True, help="where to write the .pptx")
    deck.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                      help="language of steps whose link does not say (default: %(default)s)")
    deck.add_argument("--db", help="the warehouse (default: data/warehouse.duckdb or $NMS_DB)")
    brief = sub.add_parser("brief", help="a county brief as PDF (one or two A4 pages)")
    brief.add_argument("county", metavar="COUNTY", help=f"county code: {', '.join(NMS_COUNTIES)}")
    brief.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)
    brief.add_argument("--out", required=True, help="where to write the .pdf")
    brief.add_argument("--db", help="the warehouse (default: data/warehouse.duckdb or $NMS_DB)")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.db:
        os.environ["NMS_DB"] = str(Path(args.db).resolve())
    from app import db, workshop
    from app.i18n import t
    from reports import brief, deck, render

    for name in list(logging.root.manager.loggerDict):  # the app's caches run without a server here
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)

    lang = args.lang
    try:
        if args.command == "deck":
            try:
                steps = workshop.loads(Path(args.workshop).read_bytes())
            except OSError:
                print(t("cli.no_file", lang, path=args.workshop), file=sys.stderr)
                return 2
            except workshop.WorkshopFileError as err:
                print(t(f"ws.error.{err}", lang), file=sys.stderr)
                return 2
            content = deck.build(steps, lang)
        else:
            if args.county not in NMS_COUNTIES:
                print(t("brief.not_a_county", lang), file=sys.stderr)
                return 2
            content = brief.build(args.county, lang)
    except render.ExportUnavailable as err:
        print(t(f"export.error.{err}", lang), file=sys.stderr)
        return 2 if str(err) == "no_steps" else 1
    except db.WarehouseMissing:
        print(t("cli.no_warehouse", lang), file=sys.stderr)
        return 1
    Path(args.out).write_bytes(content)
    print(t("cli.written", lang, path=args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
