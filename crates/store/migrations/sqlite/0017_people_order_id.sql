-- Nothing to change on SQLite: its index `people_sort` already ends with the
-- rowid (= id), which PostgreSQL's gains in its own 0017 (people/list.rs).
SELECT 1;
