-- The period reports count awards by their decision's date; exemplars'
-- links are found from the award (a cancelled decision's awards cascade)
-- and from the person. Cancellations recorded by migration 0014 are dated
-- on the day the decision was cancelled, as later ones are.
CREATE INDEX awards_decision_date ON awards(decision_date);
CREATE INDEX exemplar_awards_award ON exemplar_awards(award_id);
CREATE INDEX exemplar_people_person ON exemplar_people(person_id);

UPDATE fund_entries f
SET entry_on = (d.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
    year = EXTRACT(YEAR FROM (d.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::bigint
FROM decisions d
WHERE d.id = f.decision_id AND d.status = 'da-huy'
  AND f.category = 'thu-hoi' AND f.created_by = 'hệ thống' AND f.entry_on = d.signed_on;
