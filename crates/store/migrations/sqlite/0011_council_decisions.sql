-- The council (members by term), its sessions (agenda items = dossier
-- nominees, attendance, recusals), the secret ballot in two halves that share
-- no column — who has voted (no choice, no time) and the ballots (no voter, no
-- time, keyed by a random receipt) — award decisions with their register
-- numbers, certificate templates, and comments on the published proposals.
CREATE TABLE councils (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    from_year  INTEGER NOT NULL,
    to_year    INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE council_members (
    id         INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES councils(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    role       TEXT NOT NULL CHECK (role IN ('chu-tich', 'pho-chu-tich', 'uy-vien', 'thu-ky')),
    title      TEXT NOT NULL DEFAULT '',
    standing   BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (council_id, user_id)
);
CREATE INDEX council_members_user ON council_members(user_id);

CREATE TABLE council_sessions (
    id               INTEGER PRIMARY KEY,
    council_id       INTEGER NOT NULL REFERENCES councils(id),
    year             INTEGER NOT NULL,
    held_on          TEXT NOT NULL,
    place            TEXT NOT NULL DEFAULT '',
    notes            TEXT NOT NULL DEFAULT '',
    ballot_all       BOOLEAN NOT NULL DEFAULT FALSE,
    status           TEXT NOT NULL DEFAULT 'chuan-bi' CHECK (status IN ('chuan-bi', 'bo-phieu', 'da-ket-thuc')),
    members_total    INTEGER,
    opened_at        TEXT,
    closed_at        TEXT,
    disclosure_from  TEXT,
    disclosure_until TEXT,
    created_at       TEXT NOT NULL
);
CREATE INDEX council_sessions_council ON council_sessions(council_id, year);

CREATE TABLE session_attendance (
    session_id INTEGER NOT NULL REFERENCES council_sessions(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES council_members(id),
    attendance TEXT NOT NULL CHECK (attendance IN ('co-mat', 'y-kien-van-ban', 'vang')),
    PRIMARY KEY (session_id, member_id)
);

CREATE TABLE session_items (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES council_sessions(id) ON DELETE CASCADE,
    nominee_id      INTEGER NOT NULL REFERENCES dossier_nominees(id),
    threshold       REAL,
    agree           INTEGER,
    disagree        INTEGER,
    abstain         INTEGER,
    outcome         TEXT,
    outcome_award   TEXT,
    outcome_reason  TEXT NOT NULL DEFAULT '',
    upward_decision TEXT NOT NULL DEFAULT '',
    UNIQUE (session_id, nominee_id)
);
CREATE INDEX session_items_nominee ON session_items(nominee_id);

CREATE TABLE item_recusals (
    item_id   INTEGER NOT NULL REFERENCES session_items(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES council_members(id),
    reason    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, member_id)
);

CREATE TABLE ballot_voters (
    item_id      INTEGER NOT NULL REFERENCES session_items(id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES council_members(id),
    written      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (item_id, member_id)
) WITHOUT ROWID;

CREATE TABLE ballots (
    item_id INTEGER NOT NULL REFERENCES session_items(id) ON DELETE CASCADE,
    receipt TEXT NOT NULL,
    choice  TEXT NOT NULL CHECK (choice IN ('dong-y', 'khong-dong-y', 'khong-bieu-quyet')),
    PRIMARY KEY (item_id, receipt)
) WITHOUT ROWID;

CREATE TABLE decision_counters (
    issuer_unit_id INTEGER NOT NULL REFERENCES units(id),
    year           INTEGER NOT NULL,
    last_number    INTEGER NOT NULL,
    PRIMARY KEY (issuer_unit_id, year)
);

CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY,
    issuer_unit_id  INTEGER NOT NULL REFERENCES units(id),
    session_id      INTEGER REFERENCES council_sessions(id),
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'cong-trang',
    status          TEXT NOT NULL DEFAULT 'du-thao' CHECK (status IN ('du-thao', 'da-ky', 'da-huy')),
    register_year   INTEGER,
    number          INTEGER,
    symbol          TEXT,
    signed_on       TEXT,
    summary         TEXT NOT NULL,
    authority_line  TEXT NOT NULL,
    basis           TEXT NOT NULL DEFAULT '',
    proposer        TEXT NOT NULL DEFAULT '',
    articles        TEXT NOT NULL DEFAULT '',
    signer          TEXT NOT NULL DEFAULT '',
    signer_position TEXT NOT NULL DEFAULT '',
    sign_prefix     TEXT NOT NULL DEFAULT '',
    sign_authority  TEXT NOT NULL DEFAULT '',
    recipients      TEXT NOT NULL DEFAULT '',
    replaces_id     INTEGER REFERENCES decisions(id),
    cancel_reason   TEXT NOT NULL DEFAULT '',
    signed_by       INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX decisions_register ON decisions(issuer_unit_id, register_year, number) WHERE number IS NOT NULL;
CREATE INDEX decisions_session ON decisions(session_id);

CREATE TABLE decision_recipients (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    item_id     INTEGER REFERENCES session_items(id),
    person_id   INTEGER REFERENCES people(id),
    unit_id     INTEGER REFERENCES units(id),
    award       TEXT NOT NULL,
    citation    TEXT NOT NULL DEFAULT '',
    bonus       INTEGER,
    CHECK ((person_id IS NULL) <> (unit_id IS NULL))
);
CREATE INDEX decision_recipients_decision ON decision_recipients(decision_id);
CREATE INDEX decision_recipients_item ON decision_recipients(item_id);

ALTER TABLE awards ADD COLUMN decision_id INTEGER REFERENCES decisions(id);
ALTER TABLE awards ADD COLUMN public_code TEXT;
ALTER TABLE awards ADD COLUMN citation TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX awards_public_code ON awards(public_code) WHERE public_code IS NOT NULL;
CREATE INDEX awards_decision ON awards(decision_id);
CREATE INDEX awards_year ON awards(year, award);

CREATE TABLE certificate_templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    layout     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE disclosure_comments (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES council_sessions(id) ON DELETE CASCADE,
    item_id    INTEGER REFERENCES session_items(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX disclosure_comments_session ON disclosure_comments(session_id);
