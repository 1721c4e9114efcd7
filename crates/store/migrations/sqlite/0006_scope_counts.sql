-- Per-unit counts of people (direct members) and of rated people per year, so that the
-- figures a page shows for a scope are a sum over its units, never a scan of its people.
-- Updates and deletes are kept by triggers; inserts of people are counted by the code
-- that inserts them (an insert trigger would triple the cost of a bulk import).
CREATE TABLE people_counts (
    unit_id  INTEGER PRIMARY KEY REFERENCES units(id),
    active   INTEGER NOT NULL DEFAULT 0,
    inactive INTEGER NOT NULL DEFAULT 0,
    -- the four below count active people only
    women    INTEGER NOT NULL DEFAULT 0,
    managers INTEGER NOT NULL DEFAULT 0,
    no_birth INTEGER NOT NULL DEFAULT 0,
    no_start INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID; -- unit_id is a key copied from units, not one generated here
-- Active people of the unit holding a (personal) rating for the year.
CREATE TABLE rated_counts (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    year    INTEGER NOT NULL,
    rated   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, year)
) WITHOUT ROWID;

INSERT INTO people_counts (unit_id, active, inactive, women, managers, no_birth, no_start)
SELECT unit_id,
       SUM(CASE WHEN active THEN 1 ELSE 0 END),
       SUM(CASE WHEN active THEN 0 ELSE 1 END),
       SUM(CASE WHEN active AND gender = 'nu' THEN 1 ELSE 0 END),
       SUM(CASE WHEN active AND is_manager THEN 1 ELSE 0 END),
       SUM(CASE WHEN active AND birth_date IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN active AND employment_start IS NULL THEN 1 ELSE 0 END)
FROM people GROUP BY unit_id;

INSERT INTO rated_counts (unit_id, year, rated)
SELECT p.unit_id, r.year, COUNT(*) FROM ratings r JOIN people p ON p.id = r.person_id
WHERE p.active GROUP BY p.unit_id, r.year;

CREATE TRIGGER people_counts_update
AFTER UPDATE OF unit_id, active, gender, is_manager, birth_date, employment_start ON people
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.active IS NOT NEW.active OR OLD.gender IS NOT NEW.gender
  OR OLD.is_manager IS NOT NEW.is_manager OR (OLD.birth_date IS NULL) IS NOT (NEW.birth_date IS NULL)
  OR (OLD.employment_start IS NULL) IS NOT (NEW.employment_start IS NULL)
BEGIN
    INSERT INTO people_counts (unit_id, active, inactive, women, managers, no_birth, no_start)
    VALUES (OLD.unit_id,
            -(CASE WHEN OLD.active THEN 1 ELSE 0 END),
            -(CASE WHEN OLD.active THEN 0 ELSE 1 END),
            -(CASE WHEN OLD.active AND OLD.gender = 'nu' THEN 1 ELSE 0 END),
            -(CASE WHEN OLD.active AND OLD.is_manager THEN 1 ELSE 0 END),
            -(CASE WHEN OLD.active AND OLD.birth_date IS NULL THEN 1 ELSE 0 END),
            -(CASE WHEN OLD.active AND OLD.employment_start IS NULL THEN 1 ELSE 0 END))
    ON CONFLICT (unit_id) DO UPDATE SET
        active = people_counts.active + excluded.active,
        inactive = people_counts.inactive + excluded.inactive,
        women = people_counts.women + excluded.women,
        managers = people_counts.managers + excluded.managers,
        no_birth = people_counts.no_birth + excluded.no_birth,
        no_start = people_counts.no_start + excluded.no_start;
    INSERT INTO people_counts (unit_id, active, inactive, women, managers, no_birth, no_start)
    VALUES (NEW.unit_id,
            CASE WHEN NEW.active THEN 1 ELSE 0 END,
            CASE WHEN NEW.active THEN 0 ELSE 1 END,
            CASE WHEN NEW.active AND NEW.gender = 'nu' THEN 1 ELSE 0 END,
            CASE WHEN NEW.active AND NEW.is_manager THEN 1 ELSE 0 END,
            CASE WHEN NEW.active AND NEW.birth_date IS NULL THEN 1 ELSE 0 END,
            CASE WHEN NEW.active AND NEW.employment_start IS NULL THEN 1 ELSE 0 END)
    ON CONFLICT (unit_id) DO UPDATE SET
        active = people_counts.active + excluded.active,
        inactive = people_counts.inactive + excluded.inactive,
        women = people_counts.women + excluded.women,
        managers = people_counts.managers + excluded.managers,
        no_birth = people_counts.no_birth + excluded.no_birth,
        no_start = people_counts.no_start + excluded.no_start;
    UPDATE rated_counts SET rated = rated - 1
    WHERE OLD.active AND (OLD.unit_id IS NOT NEW.unit_id OR NOT NEW.active)
      AND unit_id = OLD.unit_id AND year IN (SELECT year FROM ratings WHERE person_id = OLD.id);
    INSERT INTO rated_counts (unit_id, year, rated)
    SELECT NEW.unit_id, year, 1 FROM ratings
    WHERE NEW.active AND (OLD.unit_id IS NOT NEW.unit_id OR NOT OLD.active) AND person_id = NEW.id
    ON CONFLICT (unit_id, year) DO UPDATE SET rated = rated_counts.rated + 1;
END;

CREATE TRIGGER people_counts_delete AFTER DELETE ON people
BEGIN
    UPDATE people_counts SET
        active = active - (CASE WHEN OLD.active THEN 1 ELSE 0 END),
        inactive = inactive - (CASE WHEN OLD.active THEN 0 ELSE 1 END),
        women = women - (CASE WHEN OLD.active AND OLD.gender = 'nu' THEN 1 ELSE 0 END),
        managers = managers - (CASE WHEN OLD.active AND OLD.is_manager THEN 1 ELSE 0 END),
        no_birth = no_birth - (CASE WHEN OLD.active AND OLD.birth_date IS NULL THEN 1 ELSE 0 END),
        no_start = no_start - (CASE WHEN OLD.active AND OLD.employment_start IS NULL THEN 1 ELSE 0 END)
    WHERE unit_id = OLD.unit_id;
END;

CREATE TRIGGER rated_counts_insert AFTER INSERT ON ratings WHEN NEW.person_id IS NOT NULL
BEGIN
    INSERT INTO rated_counts (unit_id, year, rated)
    SELECT p.unit_id, NEW.year, 1 FROM people p WHERE p.id = NEW.person_id AND p.active
    ON CONFLICT (unit_id, year) DO UPDATE SET rated = rated_counts.rated + 1;
END;

CREATE TRIGGER rated_counts_delete AFTER DELETE ON ratings WHEN OLD.person_id IS NOT NULL
BEGIN
    UPDATE rated_counts SET rated = rated - 1
    WHERE year = OLD.year AND unit_id = (SELECT p.unit_id FROM people p WHERE p.id = OLD.person_id AND p.active);
END;

CREATE TRIGGER rated_counts_update AFTER UPDATE OF person_id, year ON ratings
WHEN OLD.person_id IS NOT NEW.person_id OR OLD.year IS NOT NEW.year
BEGIN
    UPDATE rated_counts SET rated = rated - 1
    WHERE OLD.person_id IS NOT NULL AND year = OLD.year
      AND unit_id = (SELECT p.unit_id FROM people p WHERE p.id = OLD.person_id AND p.active);
    INSERT INTO rated_counts (unit_id, year, rated)
    SELECT p.unit_id, NEW.year, 1 FROM people p WHERE p.id = NEW.person_id AND p.active
    ON CONFLICT (unit_id, year) DO UPDATE SET rated = rated_counts.rated + 1;
END;
