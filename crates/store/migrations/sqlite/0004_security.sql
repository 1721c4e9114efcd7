-- Separation of duties: who submitted a registration (the account that
-- submitted it may not accept or return it when `separate_duties` is on).
ALTER TABLE registrations ADD COLUMN submitted_by INTEGER REFERENCES users(id);

-- Login throttle keys are now per (account, address) ("ua:NAME\nADDRESS")
-- and per address ("ip:ADDRESS"); an account's keys are found by a byte
-- range on the key (SQLite compares text bytewise). Old per-account
-- counts would lock owners out: forget them.
DELETE FROM login_throttle WHERE key LIKE 'u:%';
