-- Emulation blocs (issue 14): the bloc's year (stage, quotas, the covenant and
-- the year-end meeting), members' signing and submission, the quarterly
-- programme, the scoring table (groups, lines, thresholds), scores with every
-- edit kept, proposals and reopenings. Points are hundredths.
ALTER TABLE blocs ADD COLUMN stage TEXT NOT NULL DEFAULT 'preparing' CHECK (stage IN ('preparing', 'scoring', 'published'));
ALTER TABLE blocs ADD COLUMN table_total INTEGER NOT NULL DEFAULT 10000;
ALTER TABLE blocs ADD COLUMN flag_quota INTEGER NOT NULL DEFAULT 1;
ALTER TABLE blocs ADD COLUMN commendation_quota INTEGER NOT NULL DEFAULT 2;
ALTER TABLE blocs ADD COLUMN vote_percent INTEGER NOT NULL DEFAULT 50;
ALTER TABLE blocs ADD COLUMN covenant_text TEXT NOT NULL DEFAULT '';
ALTER TABLE blocs ADD COLUMN covenant_targets TEXT NOT NULL DEFAULT '';
ALTER TABLE blocs ADD COLUMN covenant_on TEXT;
ALTER TABLE blocs ADD COLUMN meeting_on TEXT;
ALTER TABLE blocs ADD COLUMN meeting_place TEXT NOT NULL DEFAULT '';
ALTER TABLE blocs ADD COLUMN meeting_present INTEGER;
ALTER TABLE blocs ADD COLUMN meeting_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE blocs ADD COLUMN published_at TEXT;

ALTER TABLE bloc_members ADD COLUMN signed_at TEXT;
ALTER TABLE bloc_members ADD COLUMN signed_by TEXT;
ALTER TABLE bloc_members ADD COLUMN submitted_at TEXT;
ALTER TABLE bloc_members ADD COLUMN returned_note TEXT NOT NULL DEFAULT '';
ALTER TABLE bloc_members ADD COLUMN tie_votes INTEGER;

CREATE TABLE bloc_programme (
    id           INTEGER PRIMARY KEY,
    bloc_id      INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    quarter      INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    title        TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    host_unit_id INTEGER REFERENCES units(id)
);
CREATE INDEX bloc_programme_bloc ON bloc_programme(bloc_id);

CREATE TABLE bloc_groups (
    bloc_id  INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (bloc_id, code)
);

CREATE TABLE bloc_items (
    id         INTEGER PRIMARY KEY,
    bloc_id    INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('criterion', 'bonus', 'penalty')),
    group_code TEXT NOT NULL DEFAULT '',
    content    TEXT NOT NULL,
    max_points INTEGER NOT NULL,
    guidance   TEXT NOT NULL DEFAULT '',
    evidence   TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL,
    UNIQUE (bloc_id, code)
);

CREATE TABLE bloc_thresholds (
    bloc_id   INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    label     TEXT NOT NULL,
    min_total INTEGER NOT NULL,
    min_share INTEGER NOT NULL,
    PRIMARY KEY (bloc_id, position)
);

CREATE TABLE bloc_scores (
    bloc_id         INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    item_id         INTEGER NOT NULL REFERENCES bloc_items(id) ON DELETE CASCADE,
    own_points      INTEGER,
    own_note        TEXT NOT NULL DEFAULT '',
    assessed_points INTEGER,
    assessed_note   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (bloc_id, unit_id, item_id)
);

CREATE TABLE bloc_score_edits (
    id         INTEGER PRIMARY KEY,
    bloc_id    INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    item_id    INTEGER NOT NULL REFERENCES bloc_items(id) ON DELETE CASCADE,
    stage      TEXT NOT NULL CHECK (stage IN ('own', 'assessed')),
    old_points INTEGER,
    new_points INTEGER,
    note       TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX bloc_score_edits_member ON bloc_score_edits(bloc_id, unit_id);

CREATE TABLE bloc_proposals (
    bloc_id INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    award   TEXT NOT NULL CHECK (award IN ('CO_TINH', 'BK_TINH')),
    rank    INTEGER NOT NULL,
    present INTEGER,
    agree   INTEGER,
    PRIMARY KEY (bloc_id, unit_id)
);

CREATE TABLE bloc_reopenings (
    id      INTEGER PRIMARY KEY,
    bloc_id INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    reason  TEXT NOT NULL,
    actor   TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX bloc_reopenings_bloc ON bloc_reopenings(bloc_id);
