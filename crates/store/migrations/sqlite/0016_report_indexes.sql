-- The period reports count awards by their decision's date; exemplars'
-- links are found from the award (a cancelled decision's awards cascade)
-- and from the person. Cancellations recorded by migration 0014 are dated
-- on the day the decision was cancelled, as later ones are.
CREATE INDEX awards_decision_date ON awards(decision_date);
CREATE INDEX exemplar_awards_award ON exemplar_awards(award_id);
CREATE INDEX exemplar_people_person ON exemplar_people(person_id);

UPDATE fund_entries
SET entry_on = (SELECT date(d.updated_at, '+7 hours') FROM decisions d WHERE d.id = fund_entries.decision_id),
    year = (SELECT CAST(strftime('%Y', d.updated_at, '+7 hours') AS INTEGER) FROM decisions d WHERE d.id = fund_entries.decision_id)
WHERE category = 'thu-hoi' AND created_by = 'hệ thống'
  AND entry_on = (SELECT d.signed_on FROM decisions d WHERE d.id = fund_entries.decision_id AND d.status = 'da-huy');
