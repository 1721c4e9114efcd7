-- Nomination dossiers: one per unit, year and kind of commendation; their
-- nominees with the citation, the unit's vote and the rules engine's verdict as
-- checked (with the facts it read); the unit's evaluation meeting; the files
-- uploaded (content-addressed on disk, named here); every step of the flow.
CREATE TABLE dossiers (
    id                INTEGER PRIMARY KEY,
    year              INTEGER NOT NULL,
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    plan_id           INTEGER REFERENCES plans(id),
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'nhap'
        CHECK (status IN ('nhap', 'da-gui', 'da-nhan', 'dang-tham-dinh', 'tra-lai', 'san-sang')),
    meeting_on        TEXT,
    meeting_present   INTEGER,
    meeting_total     INTEGER,
    meeting_chair     TEXT NOT NULL DEFAULT '',
    meeting_secretary TEXT NOT NULL DEFAULT '',
    meeting_notes     TEXT NOT NULL DEFAULT '',
    confirmed_at      TEXT,
    confirmed_by      TEXT NOT NULL DEFAULT '',
    return_reason     TEXT NOT NULL DEFAULT '',
    extension_until   TEXT,
    submitted_at      TEXT,
    submitted_by      INTEGER REFERENCES users(id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (unit_id, year, kind)
);
CREATE INDEX dossiers_year_status ON dossiers(year, status);

CREATE TABLE dossier_nominees (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    person_id   INTEGER REFERENCES people(id),
    unit_id     INTEGER REFERENCES units(id),
    award       TEXT NOT NULL,
    citation    TEXT NOT NULL DEFAULT '',
    votes_agree INTEGER,
    verdict     TEXT,
    verdict_json TEXT,
    facts_json  TEXT,
    checked_at  TEXT,
    created_at  TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE UNIQUE INDEX dossier_nominees_person ON dossier_nominees(dossier_id, person_id, award) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX dossier_nominees_unit ON dossier_nominees(dossier_id, unit_id, award) WHERE unit_id IS NOT NULL;
CREATE INDEX dossier_nominees_person_award ON dossier_nominees(person_id, award);

CREATE TABLE dossier_files (
    id          INTEGER PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    nominee_id  INTEGER REFERENCES dossier_nominees(id) ON DELETE CASCADE,
    part        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX dossier_files_dossier ON dossier_files(dossier_id);

CREATE TABLE dossier_events (
    id         INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id);
