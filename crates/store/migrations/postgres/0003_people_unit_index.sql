-- No query orders one unit's people by name through this index (lists go by
-- unit path and sort key); counting and moving a unit's people needs only
-- (unit_id, active). The narrower index is cheaper to keep and to rebuild.
DROP INDEX people_unit;
CREATE INDEX people_unit ON people(unit_id, active);
