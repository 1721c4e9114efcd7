-- Per-unit counts of people (direct members) and of rated people per year, so that the
-- figures a page shows for a scope are a sum over its units, never a scan of its people.
-- Updates and deletes are kept by triggers; inserts of people are counted by the code
-- that inserts them (the same code as on SQLite, where an insert trigger is costly).
CREATE TABLE people_counts (
    unit_id  BIGINT PRIMARY KEY REFERENCES units(id),
    active   BIGINT NOT NULL DEFAULT 0,
    inactive BIGINT NOT NULL DEFAULT 0,
    -- the four below count active people only
    women    BIGINT NOT NULL DEFAULT 0,
    managers BIGINT NOT NULL DEFAULT 0,
    no_birth BIGINT NOT NULL DEFAULT 0,
    no_start BIGINT NOT NULL DEFAULT 0
);
-- Active people of the unit holding a (personal) rating for the year.
CREATE TABLE rated_counts (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year    BIGINT NOT NULL,
    rated   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, year)
);

INSERT INTO people_counts (unit_id, active, inactive, women, managers, no_birth, no_start)
SELECT unit_id,
       COUNT(*) FILTER (WHERE active),
       COUNT(*) FILTER (WHERE NOT active),
       COUNT(*) FILTER (WHERE active AND gender = 'nu'),
       COUNT(*) FILTER (WHERE active AND is_manager),
       COUNT(*) FILTER (WHERE active AND birth_date IS NULL),
       COUNT(*) FILTER (WHERE active AND employment_start IS NULL)
FROM people GROUP BY unit_id;

INSERT INTO rated_counts (unit_id, year, rated)
SELECT p.unit_id, r.year, COUNT(*) FROM ratings r JOIN people p ON p.id = r.person_id
WHERE p.active GROUP BY p.unit_id, r.year;

CREATE FUNCTION people_counts_add(u BIGINT, a BIGINT, i BIGINT, w BIGINT, m BIGINT, nb BIGINT, ns BIGINT)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO people_counts (unit_id, active, inactive, women, managers, no_birth, no_start)
    VALUES (u, a, i, w, m, nb, ns)
    ON CONFLICT (unit_id) DO UPDATE SET
        active = people_counts.active + excluded.active,
        inactive = people_counts.inactive + excluded.inactive,
        women = people_counts.women + excluded.women,
        managers = people_counts.managers + excluded.managers,
        no_birth = people_counts.no_birth + excluded.no_birth,
        no_start = people_counts.no_start + excluded.no_start;
$$;

CREATE FUNCTION people_counts_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM people_counts_add(OLD.unit_id,
            -(OLD.active)::int, -(NOT OLD.active)::int,
            -(OLD.active AND OLD.gender = 'nu')::int, -(OLD.active AND OLD.is_manager)::int,
            -(OLD.active AND OLD.birth_date IS NULL)::int, -(OLD.active AND OLD.employment_start IS NULL)::int);
        IF OLD.active AND (TG_OP = 'DELETE' OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR NOT NEW.active) THEN
            UPDATE rated_counts SET rated = rated - 1
            WHERE unit_id = OLD.unit_id AND year IN (SELECT year FROM ratings WHERE person_id = OLD.id);
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        PERFORM people_counts_add(NEW.unit_id,
            (NEW.active)::int, (NOT NEW.active)::int,
            (NEW.active AND NEW.gender = 'nu')::int, (NEW.active AND NEW.is_manager)::int,
            (NEW.active AND NEW.birth_date IS NULL)::int, (NEW.active AND NEW.employment_start IS NULL)::int);
        IF NEW.active AND (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR NOT OLD.active) THEN
            INSERT INTO rated_counts (unit_id, year, rated)
            SELECT NEW.unit_id, year, 1 FROM ratings WHERE person_id = NEW.id
            ON CONFLICT (unit_id, year) DO UPDATE SET rated = rated_counts.rated + 1;
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER people_counts_update
AFTER UPDATE OF unit_id, active, gender, is_manager, birth_date, employment_start ON people
FOR EACH ROW
WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.active IS DISTINCT FROM NEW.active
   OR OLD.gender IS DISTINCT FROM NEW.gender OR OLD.is_manager IS DISTINCT FROM NEW.is_manager
   OR (OLD.birth_date IS NULL) IS DISTINCT FROM (NEW.birth_date IS NULL)
   OR (OLD.employment_start IS NULL) IS DISTINCT FROM (NEW.employment_start IS NULL))
EXECUTE FUNCTION people_counts_on_change();

CREATE TRIGGER people_counts_delete AFTER DELETE ON people
FOR EACH ROW EXECUTE FUNCTION people_counts_on_change();

CREATE FUNCTION rated_counts_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.person_id IS NOT NULL THEN
        UPDATE rated_counts SET rated = rated - 1
        WHERE year = OLD.year
          AND unit_id = (SELECT p.unit_id FROM people p WHERE p.id = OLD.person_id AND p.active);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.person_id IS NOT NULL THEN
        INSERT INTO rated_counts (unit_id, year, rated)
        SELECT p.unit_id, NEW.year, 1 FROM people p WHERE p.id = NEW.person_id AND p.active
        ON CONFLICT (unit_id, year) DO UPDATE SET rated = rated_counts.rated + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER rated_counts_insert AFTER INSERT ON ratings
FOR EACH ROW EXECUTE FUNCTION rated_counts_on_change();
CREATE TRIGGER rated_counts_delete AFTER DELETE ON ratings
FOR EACH ROW EXECUTE FUNCTION rated_counts_on_change();
CREATE TRIGGER rated_counts_update AFTER UPDATE OF person_id, year ON ratings
FOR EACH ROW
WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.year IS DISTINCT FROM NEW.year)
EXECUTE FUNCTION rated_counts_on_change();
