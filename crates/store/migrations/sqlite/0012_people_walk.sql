-- The name order carries what a search's walk tests (the subtree and the folded
-- name), in the list's order (people/list.rs): a common term is matched along
-- the index alone, without reading each person's row or sorting (issue 11).
-- (The rowid follows every key; naming `id` in it makes SQLite stop treating
-- the index as covering.)
DROP INDEX people_sort;
CREATE INDEX people_sort ON people(active, sort_key, unit_path, name_search);
-- The planner needs the new index's statistics (without them SQLite walks it
-- to avoid a sort where a few lookups by id would do).
ANALYZE people;
-- Whether a person came by transfer (the registration form asks it of each
-- person of its page): PostgreSQL otherwise hashed every period of work of the
-- province for one page.
CREATE INDEX person_employment_transfer_in ON person_employment(person_id) WHERE transfer_from IS NOT NULL;
