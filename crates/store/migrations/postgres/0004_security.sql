-- Separation of duties: who submitted a registration (the account that
-- submitted it may not accept or return it when `separate_duties` is on).
ALTER TABLE registrations ADD COLUMN submitted_by BIGINT REFERENCES users(id);

-- Login throttle keys are now per (account, address) ("ua:NAME\nADDRESS")
-- and per address ("ip:ADDRESS"); an account's keys are found by a byte
-- range on the key, so the key compares bytewise (C collation). Old
-- per-account counts would lock owners out: forget them.
ALTER TABLE login_throttle ALTER COLUMN key TYPE TEXT COLLATE "C";
DELETE FROM login_throttle WHERE key LIKE 'u:%';
