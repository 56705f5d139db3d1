"""Bench: load a 200,000-row long-format .xlsx and compare with calamine parsing alone.

Usage: python bench/upload.py [--rows 200000] [--keep FILE]
Target: the whole load (parse, normalise, validate, commit) takes at most 1.5x the
time python-calamine needs to parse the file. Exit code 1 if it does not.

The workbook is synthetic bench input. So that 200,000 rows have distinct keys, the
bench adds synthetic indicators (bench_001 ...) to a throwaway copy of the warehouse;
nothing here is shipped as data.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.5
#: Years per region and indicator: 1900..2019, none in the future (future years are refused).
N_YEARS = 120


def make_warehouse(n_indicators: int) -> Path:
    import shutil

    from etl import build, warehouse as wh

    pointer = Path(tempfile.mkdtemp()) / "warehouse.duckdb"
    build.build(ROOT / "data", pointer, log=lambda *a: None)
    version = wh.new_version_path(pointer, "bench")
    shutil.copyfile(wh.current_target(pointer), version)
    con = wh.connect_new(version)
    for i in range(n_indicators):
        con.execute("""INSERT INTO indicator (indicator_id, category, kind, name_sv, name_en, description_sv,
                       description_en, unit_sv, unit_en, decimals, additive)
                       VALUES (?, 'bench', 'base', ?, ?, 'syntetisk', 'synthetic', 'antal', 'number', 0, false)""",
                    [f"bench_{i:03d}", f"Syntetisk {i}", f"Synthetic {i}"])
    con.close()
    wh.publish(pointer, version)
    return pointer


def make_xlsx(rows: int, regions: list[str], n_years: int = N_YEARS) -> tuple[bytes, int]:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Indikatorvärden")
    ws.append(["region_code", "indicator_id", "year", "value", "source_url", "source_publisher", "source_title"])
    n = 0
    ind = 0
    while n < rows:
        for region in regions:
            for y in range(n_years):
                ws.append([region, f"bench_{ind:03d}", 1900 + y, (n * 7919) % 100000 / 10,
                           "https://example.org/bench", "Bench (synthetic)", "synthetic bench rows"])
                n += 1
                if n >= rows:
                    break
            if n >= rows:
                break
        ind += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), ind


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--keep", help="also write the generated workbook here")
    ap.add_argument("--repeat", type=int, default=5, help="runs to take the median of")
    args = ap.parse_args()

    import python_calamine

    from etl import load as loader

    regions = ["SE", "SE31", "SE311", "SE312", "SE313", "SE110", "SE121", "SE122", "SE123", "SE124", "SE125",
               "SE211", "SE212", "SE213", "SE214", "SE221", "SE224", "SE231", "SE232", "SE321", "SE322", "SE331",
               "SE332"]
    n_ind = args.rows // (len(regions) * N_YEARS) + 1
    print(f"generating {args.rows:,} rows …", flush=True)
    data, _ = make_xlsx(args.rows, regions)
    if args.keep:
        Path(args.keep).write_bytes(data)
    print(f"workbook {len(data) / 1e6:.1f} MB", flush=True)

    # Warehouses are made before any timing; one untimed warm-up run pays one-time costs
    # (imports, first connections); then parse and load alternate.
    pointers = [make_warehouse(n_ind) for _ in range(args.repeat + 1)]

    def parse_once() -> float:
        t0 = time.perf_counter()
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows_ = wb.get_sheet_by_name("Indikatorvärden").to_python(skip_empty_area=False)
        elapsed = time.perf_counter() - t0
        del rows_, wb
        return elapsed

    def load_once(pointer):
        t0 = time.perf_counter()
        prepared_ = loader.prepare("bench.xlsx", data, pointer)
        t_prep = time.perf_counter() - t0
        result_ = loader.commit(prepared_, pointer, user="bench")
        return t_prep, time.perf_counter() - t0, prepared_, result_

    parse_once()
    load_once(pointers[0])
    parses, prepares, totals = [], [], []
    for pointer in pointers[1:]:
        parses.append(parse_once())
        t_prep, t_total, prepared, result = load_once(pointer)
        prepares.append(t_prep)
        totals.append(t_total)
    # Best of N, as timeit recommends: on a shared machine noise only ever adds time.
    parse, t_prepared, total = (min(x) for x in (parses, prepares, totals))
    med_parse, med_total = statistics.median(parses), statistics.median(totals)

    ratio = total / parse
    print(f"{'rows':<28}{len(prepared.rows):>12,}")
    print(f"{'(a) calamine parse alone':<28}{parse:>11.2f} s  {args.rows / parse:>10,.0f} rows/s")
    print(f"{'    prepare (parse+validate)':<28}{t_prepared:>11.2f} s")
    print(f"{'(b) whole load':<28}{total:>11.2f} s  {args.rows / total:>10,.0f} rows/s")
    verdict = "ok" if ratio <= TARGET_RATIO else "TOO SLOW"
    print(f"{'ratio (b)/(a)':<28}{ratio:>11.2f}    target <= {TARGET_RATIO}  {verdict}"
          f"   (best of {args.repeat}; medians {med_parse:.2f} s / {med_total:.2f} s = {med_total / med_parse:.2f})")
    print(f"batch {result.batch_id}: {result.inserted:,} inserted")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
