-- Who does the emulation and commendation work (forms 0604.N and 0605.N of
-- TT 02/2023/TT-BNV): the units that are such organisations, and the people
-- who do the work with the year they began and their training. Keyed by
-- the unit or person (WITHOUT ROWID: the key is theirs, not drawn here).
CREATE TABLE tdkt_units (
    unit_id    INTEGER PRIMARY KEY REFERENCES units(id),
    kind       TEXT NOT NULL CHECK (kind IN ('cap-vu', 'phong-thuoc-vu', 'ban-thuoc-snv', 'phong-thuoc-snv')),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tdkt_staff (
    person_id  INTEGER PRIMARY KEY REFERENCES people(id),
    since_year INTEGER NOT NULL,
    training   TEXT CHECK (training IN ('so-cap', 'trung-cap', 'cao-dang', 'dai-hoc', 'tren-dai-hoc')),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
