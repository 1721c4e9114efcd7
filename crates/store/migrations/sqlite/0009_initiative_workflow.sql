-- Initiatives on their way to recognition: the authors' unit submits them for a
-- plan's deadline, the Office puts them to the initiative council, the agency
-- recognises them (or not); higher recognitions come back later. `level` and
-- `recognized_on` stay the highest recognition, which the rules engine reads;
-- each recognition is kept in initiative_recognitions.
ALTER TABLE initiatives ADD COLUMN status TEXT NOT NULL DEFAULT 'da-nop'
    CHECK (status IN ('nhap', 'da-nop', 'tra-lai', 'dang-xet', 'cong-nhan', 'khong-cong-nhan'));
ALTER TABLE initiatives ADD COLUMN year INTEGER;
ALTER TABLE initiatives ADD COLUMN unit_id INTEGER REFERENCES units(id);
ALTER TABLE initiatives ADD COLUMN plan_id INTEGER REFERENCES plans(id);
ALTER TABLE initiatives ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN applied_at TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN benefit TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN decision_number TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN return_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE initiatives ADD COLUMN submitted_at TEXT;
ALTER TABLE initiatives ADD COLUMN extension_until TEXT;
UPDATE initiatives SET status = 'cong-nhan' WHERE recognized_on IS NOT NULL;
CREATE INDEX initiatives_unit_year ON initiatives(unit_id, year);
CREATE INDEX initiatives_year_status ON initiatives(year, status);

ALTER TABLE initiative_authors ADD COLUMN share INTEGER CHECK (share BETWEEN 1 AND 100);

CREATE TABLE initiative_recognitions (
    id              INTEGER PRIMARY KEY,
    initiative_id   INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    level           TEXT NOT NULL CHECK (level IN ('co-so', 'tinh', 'toan-quoc')),
    decided_on      TEXT NOT NULL,
    decision_number TEXT NOT NULL DEFAULT '',
    issuer          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX initiative_recognitions_initiative ON initiative_recognitions(initiative_id);
INSERT INTO initiative_recognitions (initiative_id, level, decided_on, created_at)
SELECT id, level, recognized_on, created_at FROM initiatives WHERE recognized_on IS NOT NULL;

CREATE TABLE initiative_events (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX initiative_events_initiative ON initiative_events(initiative_id);
