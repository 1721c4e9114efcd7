-- The blocs a unit belongs to (unit page): the key of bloc_members starts with the bloc.
CREATE INDEX bloc_members_unit ON bloc_members(unit_id);
