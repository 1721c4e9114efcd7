-- The name order carries what a search's walk tests (the subtree and the folded
-- name), in the list's order (people/list.rs): a common term is matched by an
-- index-only scan, without reading each person's row (issue 11).
DROP INDEX people_sort;
CREATE INDEX people_sort ON people(active, sort_key, unit_path, name_search) INCLUDE (id);
-- The planner needs the new index's statistics.
ANALYZE people;
