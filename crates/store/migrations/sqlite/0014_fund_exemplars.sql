-- The emulation fund (quỹ thi đua, khen thưởng) of each agency: income and
-- spending entries in đồng; a signed decision's bonuses enter as one
-- spending line, and its cancellation as one line giving them back.
-- Exemplars (điển hình tiên tiến, người tốt việc tốt, mô hình mới) with
-- their people and the awards they led to; `published` puts one on the
-- public page.
CREATE TABLE fund_entries (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    year        INTEGER NOT NULL,
    entry_on    TEXT NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('thu', 'chi')),
    category    TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    description TEXT NOT NULL,
    voucher     TEXT NOT NULL DEFAULT '',
    decision_id INTEGER REFERENCES decisions(id),
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX fund_entries_unit_year ON fund_entries(unit_id, year);
CREATE UNIQUE INDEX fund_entries_decision ON fund_entries(decision_id, direction) WHERE decision_id IS NOT NULL;

CREATE TABLE exemplars (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    kind          TEXT NOT NULL CHECK (kind IN ('dien-hinh', 'nguoi-tot', 'mo-hinh')),
    title         TEXT NOT NULL,
    story         TEXT NOT NULL,
    movement_id   INTEGER REFERENCES movements(id),
    recognised_on TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    published     BOOLEAN NOT NULL DEFAULT FALSE,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX exemplars_unit ON exemplars(unit_id, recognised_on);
CREATE INDEX exemplars_published ON exemplars(published, recognised_on);

CREATE TABLE exemplar_people (
    exemplar_id INTEGER NOT NULL REFERENCES exemplars(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (exemplar_id, person_id)
);

CREATE TABLE exemplar_awards (
    exemplar_id INTEGER NOT NULL REFERENCES exemplars(id) ON DELETE CASCADE,
    award_id    INTEGER NOT NULL REFERENCES awards(id) ON DELETE CASCADE,
    PRIMARY KEY (exemplar_id, award_id)
);

-- Decisions signed before the fund was kept enter it as they would have.
INSERT INTO fund_entries (unit_id, year, entry_on, direction, category, amount, description, voucher, decision_id, created_by, created_at)
SELECT d.issuer_unit_id, d.register_year, d.signed_on, 'chi', 'tien-thuong', SUM(r.bonus),
       'Tiền thưởng theo Quyết định số ' || d.symbol, d.symbol, d.id, 'hệ thống', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM decisions d JOIN decision_recipients r ON r.decision_id = d.id
WHERE d.status IN ('da-ky', 'da-huy') AND d.signed_on IS NOT NULL AND r.bonus > 0
GROUP BY d.id, d.issuer_unit_id, d.register_year, d.signed_on, d.symbol;
INSERT INTO fund_entries (unit_id, year, entry_on, direction, category, amount, description, voucher, decision_id, created_by, created_at)
SELECT d.issuer_unit_id, d.register_year, d.signed_on, 'thu', 'thu-hoi', f.amount,
       'Thu hồi tiền thưởng do hủy Quyết định số ' || d.symbol, d.symbol, d.id, 'hệ thống', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM decisions d JOIN fund_entries f ON f.decision_id = d.id AND f.direction = 'chi'
WHERE d.status = 'da-huy';
