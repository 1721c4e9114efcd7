-- Staff search by any part of a name or code, without diacritics, is a LIKE
-- '%…%' on `people.name_search` (the folded "full name code"); no b-tree can
-- serve a substring, so a rare term read every person. A trigram index finds
-- the candidates: FTS5's trigram tokenizer turns a quoted phrase into
-- consecutive trigrams, which is a substring test. The LIKE stays as the
-- filter, so results are exactly those of the plain scan; the index only
-- narrows them (and cannot for fewer than three characters).
--
-- External content: the text lives only in `people`, the index keeps its
-- trigrams by rowid (= people.id). `detail='full'` keeps the positions that
-- phrase matching needs. PostgreSQL's counterpart is the pg_trgm index of the
-- same name.
CREATE VIRTUAL TABLE people_fts USING fts5(
    name_search,
    content = 'people',
    content_rowid = 'id',
    tokenize = 'trigram',
    detail = 'full'
);
INSERT INTO people_fts(people_fts) VALUES ('rebuild');

-- Changes and deletions follow through triggers. New people do NOT: an
-- insert trigger would run once per row and triple the time of a large
-- import, so every INSERT INTO people also writes people_fts itself
-- (`create_person`, and one INSERT … SELECT at the end of an import:
-- `WriteTx::index_new_people`).
-- An external-content index must be told the old text to forget it.
CREATE TRIGGER people_fts_update AFTER UPDATE OF name_search ON people
WHEN old.name_search IS NOT new.name_search
BEGIN
    INSERT INTO people_fts (people_fts, rowid, name_search) VALUES ('delete', old.id, old.name_search);
    INSERT INTO people_fts (rowid, name_search) VALUES (new.id, new.name_search);
END;
CREATE TRIGGER people_fts_delete AFTER DELETE ON people
BEGIN
    INSERT INTO people_fts (people_fts, rowid, name_search) VALUES ('delete', old.id, old.name_search);
END;

-- A small scope (one unit of a few hundred people) is listed by reading its
-- people through this index and sorting them by name: with the sort key in
-- the index, without reading the table (a 900-person unit among 250,000:
-- 0.3 ms, against 2.7 ms through the narrower index). Counts by scope use
-- it as before.
DROP INDEX people_unit_path;
CREATE INDEX people_unit_path ON people(active, unit_path, sort_key);
