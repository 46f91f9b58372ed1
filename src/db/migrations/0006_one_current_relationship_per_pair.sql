-- Two people have at most one current relationship, whichever way round it was recorded: the database
-- enforces it, so two users linking the same pair at the same moment cannot both succeed.
CREATE UNIQUE INDEX person_relationship_one_current_per_pair ON person_relationship (least(person_id, related_person_id), greatest(person_id, related_person_id)) WHERE end_date IS NULL;
