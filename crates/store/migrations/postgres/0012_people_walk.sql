-- The name order carries what a search's walk tests (the subtree and the folded
-- name): a common term is matched by an index-only scan, without reading each
-- person's row (the staff list, issue 11).
DROP INDEX people_sort;
CREATE INDEX people_sort ON people(active, sort_key, id) INCLUDE (unit_path, name_search);
-- The planner needs the new index's statistics (without them SQLite walks it
-- to avoid a sort where a few lookups by id would do).
ANALYZE people;
