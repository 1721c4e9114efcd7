-- Who does the emulation and commendation work (forms 0604.N and 0605.N of
-- TT 02/2023/TT-BNV): the units that are such organisations, and the people
-- who do the work with the year they began and their training.
CREATE TABLE tdkt_units (
    unit_id    BIGINT PRIMARY KEY REFERENCES units(id),
    kind       TEXT NOT NULL CHECK (kind IN ('cap-vu', 'phong-thuoc-vu', 'ban-thuoc-snv', 'phong-thuoc-snv')),
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE tdkt_staff (
    person_id  BIGINT PRIMARY KEY REFERENCES people(id),
    since_year BIGINT NOT NULL,
    training   TEXT CHECK (training IN ('so-cap', 'trung-cap', 'cao-dang', 'dai-hoc', 'tren-dai-hoc')),
    updated_at TIMESTAMPTZ NOT NULL
);
