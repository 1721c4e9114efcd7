-- A page of the staff list, and of the registration form, is read from the
-- index that gives its order, without visiting the table: the columns a row
-- shows ride along (INCLUDE). A search's walk tests each entry's folded name in
-- the index, and the fifty that match were then fetched by key, one table read
-- each; the form's page read its people from the table in the unit's order.
-- PostgreSQL: `pgbench` on the search's walk (10,000 people), 4,900 → 7,300
-- statements a second (issue 11). SQLite has no INCLUDE, and walks in Rust.
DROP INDEX people_sort;
CREATE INDEX people_sort ON people(active, sort_key, unit_path, name_search, id)
    INCLUDE (code, full_name, gender, birth_date, position, is_manager, staff_category, unit_id);
DROP INDEX people_unit_path;
CREATE INDEX people_unit_path ON people(active, unit_path, sort_key, name_search, id)
    INCLUDE (code, full_name, gender, birth_date, position, is_manager, staff_category, unit_id, employment_start);
ANALYZE people;
