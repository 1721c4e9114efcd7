-- A period that began with a transfer from another unit or agency (rules: service
-- continues, not a new recruitment).
ALTER TABLE person_employment ADD COLUMN transfer_from TEXT;
