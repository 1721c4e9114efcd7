"""Count people eligible for Bằng khen Thủ tướng (Luật 2022 Đ73 k1 b) with DuckDB.

usage: python3 duckdb_count.py FILE.ndjson YEAR
Prints {"eligible": N} on stdout, like `tdkt eligibility --format summary`.
"""
import json
import pathlib
import sys

import duckdb


def main() -> None:
    path, year = sys.argv[1], int(sys.argv[2])
    sql = (pathlib.Path(__file__).parent / "bk_ttg.sql").read_text(encoding="utf-8")
    sql = sql.replace(":path", "'" + path.replace("'", "''") + "'").replace(":year", str(year))
    con = duckdb.connect()
    (n,) = con.execute(sql).fetchone()
    print(json.dumps({"eligible": n}))


if __name__ == "__main__":
    main()
