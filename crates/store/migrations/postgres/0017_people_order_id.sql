-- The staff list's order ends with the id (people/list.rs). SQLite's indexes
-- end with the rowid of themselves; PostgreSQL's must name it as a key, or
-- every walk of the name order sorts each run of equal keys again (an
-- incremental sort: half the time of a list page's statement, issue 11).
DROP INDEX people_sort;
CREATE INDEX people_sort ON people(active, sort_key, unit_path, name_search, id);
ANALYZE people;
