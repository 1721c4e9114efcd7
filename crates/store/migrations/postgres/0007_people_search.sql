-- Staff search by any part of a name or code, without diacritics, is a LIKE
-- '%…%' on `people.name_search` (the folded "full name code"); no b-tree can
-- serve a substring, so a rare term read every person. pg_trgm's GIN index
-- serves LIKE '%…%' directly (PostgreSQL rechecks every candidate, so results
-- are exactly those of the plain scan); it cannot for fewer than three
-- characters, where the store walks the name order instead.
--
-- pg_trgm ships with PostgreSQL (package postgresql-contrib on some systems)
-- and is a trusted extension since PostgreSQL 13: the database's owner may
-- create it without superuser rights.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION
    WHEN undefined_file THEN
        RAISE EXCEPTION 'Thiếu phần mở rộng pg_trgm của PostgreSQL: hãy cài gói postgresql-contrib (cùng phiên bản với máy chủ) rồi chạy lại.';
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'Tài khoản cơ sở dữ liệu không được tạo phần mở rộng pg_trgm: hãy để chủ sở hữu cơ sở dữ liệu (hoặc quản trị viên) chạy «CREATE EXTENSION pg_trgm;» rồi chạy lại.';
END
$$;

-- Named after SQLite's FTS5 table that plays the same part (the schema
-- comparison pairs them).
CREATE INDEX people_fts ON people USING gin (name_search gin_trgm_ops);

-- A small scope (one unit of a few hundred people) is listed by reading its
-- people through this index and sorting them by name: with the sort key and
-- the id in the index, an index-only scan. Counts by scope use it as before.
-- (SQLite's indexes hold the id, its rowid, without being told.)
DROP INDEX people_unit_path;
CREATE INDEX people_unit_path ON people(active, unit_path, sort_key) INCLUDE (id);
