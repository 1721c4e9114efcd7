-- Luật 2022 Đ73 k1 b (Bằng khen Thủ tướng, cá nhân), as SQL over tdkt-exchange/1 (stream):
-- a Bằng khen tỉnh (công trạng) in year b; every year b+1 … :year rated HTT or HTXS with
-- none missing; at least 5 such years; at least 3 CSTĐCS (công trạng) among them.
-- :path and :year are substituted by run.sh / duckdb_count.py.
WITH recs AS MATERIALIZED (
    SELECT "type", subject, "year", rating, award, kind
    FROM read_ndjson_auto(:path)
),
ratings AS (
    SELECT subject, "year" FROM recs
    WHERE "type" = 'rating' AND rating IN ('HTXS', 'HTT') AND "year" <= :year
),
awards AS (
    SELECT DISTINCT subject, award, "year" FROM recs
    WHERE "type" = 'award' AND coalesce(kind, 'cong-trang') = 'cong-trang' AND "year" <= :year
),
bk AS (
    SELECT subject, "year" AS b FROM awards WHERE award = 'BK_TINH' AND "year" <= :year - 5
),
good AS (
    SELECT bk.subject, bk.b, count(*) AS n
    FROM bk JOIN ratings r ON r.subject = bk.subject AND r."year" > bk.b
    GROUP BY ALL
),
cs AS (
    SELECT bk.subject, bk.b, count(*) AS n
    FROM bk JOIN awards a ON a.subject = bk.subject AND a.award = 'CSTDCS' AND a."year" > bk.b
    GROUP BY ALL
)
SELECT count(DISTINCT g.subject) AS eligible
FROM good g JOIN cs c ON c.subject = g.subject AND c.b = g.b
WHERE g.n = :year - g.b AND c.n >= 3;
