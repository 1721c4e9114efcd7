-- Movements, launch plans, registration, notifications (SQLite; twin in ../postgres).

CREATE TABLE movements (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    scope      TEXT NOT NULL DEFAULT '',
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    parent_id  INTEGER REFERENCES movements(id),
    start_date TEXT NOT NULL,
    end_date   TEXT,
    status     TEXT NOT NULL,
    targets    TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX movements_unit ON movements(unit_id);

CREATE TABLE plans (
    id              INTEGER PRIMARY KEY,
    movement_id     INTEGER REFERENCES movements(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    year            INTEGER NOT NULL,
    number          TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL,
    preamble        TEXT NOT NULL DEFAULT '',
    purpose         TEXT NOT NULL DEFAULT '',
    content         TEXT NOT NULL DEFAULT '',
    organisation    TEXT NOT NULL DEFAULT '',
    recipients      TEXT NOT NULL DEFAULT '[]',
    place           TEXT NOT NULL DEFAULT '',
    signed_on       TEXT,
    signer          TEXT NOT NULL DEFAULT '',
    signer_position TEXT NOT NULL DEFAULT '',
    published       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX plans_unit ON plans(unit_id, year);

CREATE TABLE plan_milestones (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    label    TEXT NOT NULL,
    due_date TEXT NOT NULL
);
CREATE INDEX plan_milestones_plan ON plan_milestones(plan_id);

CREATE TABLE registrations (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER NOT NULL REFERENCES plans(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    status          TEXT NOT NULL,
    extension_until TEXT,
    return_reason   TEXT NOT NULL DEFAULT '',
    submitted_at    TEXT,
    decided_at      TEXT,
    updated_at      TEXT NOT NULL,
    UNIQUE (plan_id, unit_id)
);

CREATE TABLE registration_entries (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    person_id       INTEGER REFERENCES people(id),
    unit_id         INTEGER REFERENCES units(id),
    award           TEXT NOT NULL,
    targets         TEXT NOT NULL DEFAULT '',
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE INDEX registration_entries_reg ON registration_entries(registration_id);

CREATE TABLE registration_events (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX registration_events_reg ON registration_events(registration_id);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    unit_path  TEXT NOT NULL,
    roles      TEXT NOT NULL,
    text       TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX notifications_at ON notifications(created_at);

CREATE TABLE notification_reads (
    notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (notification_id, user_id)
);
