-- The audit log is append-only, enforced by the database itself (not only by code): any UPDATE,
-- DELETE or TRUNCATE is refused, whoever runs it.
CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
--> statement-breakpoint
-- Typo-tolerant search over every name a person has had (current, aliases, previous names).
CREATE INDEX person_name_full_trgm_idx ON person_name USING gin (lower(full_name) gin_trgm_ops);
--> statement-breakpoint
-- Phonetic match on family names (Double Metaphone), e.g. Thomson / Thompson.
CREATE INDEX person_name_family_dmetaphone_idx ON person_name (dmetaphone(family_name));
--> statement-breakpoint
CREATE SEQUENCE person_ref_seq START 1000;
