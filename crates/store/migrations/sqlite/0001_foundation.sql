-- Foundation schema (SQLite). The PostgreSQL twin in ../postgres holds the same
-- tables and columns; a contract test compares them.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE unit_levels (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    rank INTEGER NOT NULL
);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES units(id),
    path        TEXT NOT NULL,
    depth       INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('agency', 'department', 'organisation')),
    level       TEXT NOT NULL REFERENCES unit_levels(code),
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL DEFAULT '',
    name_search TEXT NOT NULL,
    sort_key    BLOB NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    merged_into INTEGER REFERENCES units(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_path ON units(path);

CREATE TABLE unit_names (
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    PRIMARY KEY (unit_id, valid_from)
);

CREATE TABLE unit_events (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    kind          TEXT NOT NULL,
    other_unit_id INTEGER REFERENCES units(id),
    on_date       TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX unit_events_unit ON unit_events(unit_id);

CREATE TABLE people (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    full_name        TEXT NOT NULL,
    family_name      TEXT NOT NULL,
    middle_name      TEXT NOT NULL,
    given_name       TEXT NOT NULL,
    name_search      TEXT NOT NULL,
    sort_key         BLOB NOT NULL,
    gender           TEXT NOT NULL CHECK (gender IN ('nam', 'nu')),
    birth_date       TEXT,
    position         TEXT NOT NULL DEFAULT '',
    is_manager       BOOLEAN NOT NULL DEFAULT FALSE,
    staff_category   TEXT NOT NULL,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    unit_path        TEXT NOT NULL,
    employment_start TEXT,
    email            TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX people_sort ON people(active, sort_key);
CREATE INDEX people_unit ON people(unit_id, active, sort_key);
CREATE INDEX people_unit_path ON people(active, unit_path);

CREATE TABLE person_employment (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date   TEXT
);
CREATE INDEX person_employment_person ON person_employment(person_id);

CREATE TABLE person_transfers (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    from_unit_id INTEGER REFERENCES units(id),
    to_unit_id   INTEGER NOT NULL REFERENCES units(id),
    on_date      TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX person_transfers_person ON person_transfers(person_id);

-- The history the rules engine reads. A subject is a person or a unit, never both.
CREATE TABLE ratings (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES people(id),
    unit_id   INTEGER REFERENCES units(id),
    year      INTEGER NOT NULL,
    rating    TEXT NOT NULL CHECK (rating IN ('HTXS', 'HTT', 'HT', 'KHT')),
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE UNIQUE INDEX ratings_person_year ON ratings(person_id, year) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX ratings_unit_year ON ratings(unit_id, year) WHERE unit_id IS NOT NULL;

CREATE TABLE awards (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER REFERENCES people(id),
    unit_id         INTEGER REFERENCES units(id),
    award           TEXT NOT NULL,
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'cong-trang',
    decision_number TEXT NOT NULL DEFAULT '',
    decision_date   TEXT,
    issuer          TEXT NOT NULL DEFAULT '',
    unit_name       TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE INDEX awards_person ON awards(person_id, year);
CREATE INDEX awards_unit ON awards(unit_id, year);
CREATE UNIQUE INDEX awards_person_once ON awards(person_id, award, year, kind, decision_number) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX awards_unit_once ON awards(unit_id, award, year, kind, decision_number) WHERE unit_id IS NOT NULL;

CREATE TABLE initiatives (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    category         TEXT NOT NULL CHECK (category IN ('sang-kien', 'de-tai')),
    level            TEXT NOT NULL CHECK (level IN ('co-so', 'tinh', 'toan-quoc')),
    recognized_on    TEXT,
    effect_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TEXT NOT NULL
);

CREATE TABLE initiative_authors (
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (initiative_id, person_id)
);
CREATE INDEX initiative_authors_person ON initiative_authors(person_id);

CREATE TABLE initiative_uses (
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    award         TEXT NOT NULL,
    year          INTEGER NOT NULL,
    PRIMARY KEY (initiative_id, award, year)
);

CREATE TABLE disciplines (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER REFERENCES people(id),
    unit_id    INTEGER REFERENCES units(id),
    form       TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    ends_on    TEXT,
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE INDEX disciplines_person ON disciplines(person_id);
CREATE INDEX disciplines_unit ON disciplines(unit_id);

CREATE TABLE proceedings (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES people(id),
    unit_id   INTEGER REFERENCES units(id),
    kind      TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE INDEX proceedings_person ON proceedings(person_id);
CREATE INDEX proceedings_unit ON proceedings(unit_id);

CREATE TABLE leaves (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    kind      TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date   TEXT NOT NULL,
    result    TEXT
);
CREATE INDEX leaves_person ON leaves(person_id);

CREATE TABLE votes (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER REFERENCES people(id),
    unit_id         INTEGER REFERENCES units(id),
    award           TEXT NOT NULL,
    year            INTEGER NOT NULL,
    council_members INTEGER NOT NULL,
    agree           INTEGER NOT NULL,
    disagree        INTEGER NOT NULL,
    abstain         INTEGER NOT NULL,
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE INDEX votes_person ON votes(person_id);
CREATE INDEX votes_unit ON votes(unit_id);

CREATE TABLE facts (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES people(id),
    unit_id   INTEGER REFERENCES units(id),
    year      INTEGER NOT NULL,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE INDEX facts_person ON facts(person_id);
CREATE INDEX facts_unit ON facts(unit_id);

CREATE TABLE blocs (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE bloc_members (
    bloc_id INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    role    TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('leader', 'deputy', 'member')),
    rank    INTEGER,
    PRIMARY KEY (bloc_id, unit_id)
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    person_id            INTEGER REFERENCES people(id),
    locked               BOOLEAN NOT NULL DEFAULT FALSE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TEXT NOT NULL,
    last_login_at        TEXT
);

CREATE TABLE user_roles (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    UNIQUE (user_id, role, unit_id)
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start TEXT NOT NULL,
    blocked_until TEXT
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    unit_path TEXT NOT NULL DEFAULT '',
    summary   TEXT NOT NULL DEFAULT '',
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE access_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    user_id    INTEGER,
    username   TEXT NOT NULL,
    event      TEXT NOT NULL,
    ip         TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_log_at ON access_log(at);
