-- A unit's people in the staff list's order (the registration form's pages,
-- people/registrable): with the unit's path as an equality, this index holds
-- the whole order (the rowid ends it), so a page reads fifty entries instead
-- of sorting the unit (a 2,500-person department: 4.5 ms → 0.3 ms, issue 11).
DROP INDEX people_unit_path;
CREATE INDEX people_unit_path ON people(active, unit_path, sort_key, name_search);
ANALYZE people;
