CREATE TABLE "data_quality_check" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"dirty" boolean DEFAULT true NOT NULL,
	"checked_on" date
);
--> statement-breakpoint
CREATE TABLE "data_quality_issue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"severity" text NOT NULL,
	"field" text NOT NULL,
	"message" text NOT NULL,
	"referral_id" uuid,
	"first_seen_on" date NOT NULL,
	CONSTRAINT "data_quality_issue_severity" CHECK ("data_quality_issue"."severity" in ('error','query'))
);
--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "upn_unknown_reason" text;--> statement-breakpoint
ALTER TABLE "data_quality_check" ADD CONSTRAINT "data_quality_check_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_quality_issue" ADD CONSTRAINT "data_quality_issue_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_quality_issue" ADD CONSTRAINT "data_quality_issue_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_quality_check_dirty_idx" ON "data_quality_check" USING btree ("person_id") WHERE "data_quality_check"."dirty";--> statement-breakpoint
CREATE INDEX "data_quality_issue_person_idx" ON "data_quality_issue" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "data_quality_issue_rule_idx" ON "data_quality_issue" USING btree ("rule");--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_upn_unknown_code" CHECK ("person"."upn_unknown_reason" is null or "person"."upn_unknown_reason" in ('UN1','UN2','UN3','UN4','UN5','UN6','UN7'));--> statement-breakpoint
-- Continuous data quality (issue 7): any insert or update on a table the CIN census is built from marks
-- the child for a re-check, so no use case can forget to. The check itself runs in the application.
CREATE FUNCTION harbour_mark_data_quality() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE pid uuid;
BEGIN
  IF TG_TABLE_NAME = 'person' THEN pid := NEW.id; ELSE pid := NEW.person_id; END IF;
  INSERT INTO data_quality_check (person_id, dirty) VALUES (pid, true)
  ON CONFLICT (person_id) DO UPDATE SET dirty = true WHERE data_quality_check.dirty = false;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER person_data_quality AFTER INSERT OR UPDATE ON person FOR EACH ROW EXECUTE FUNCTION harbour_mark_data_quality();--> statement-breakpoint
CREATE TRIGGER referral_data_quality AFTER INSERT OR UPDATE ON referral FOR EACH ROW EXECUTE FUNCTION harbour_mark_data_quality();--> statement-breakpoint
CREATE TRIGGER assessment_data_quality AFTER INSERT OR UPDATE ON assessment FOR EACH ROW EXECUTE FUNCTION harbour_mark_data_quality();--> statement-breakpoint
CREATE TRIGGER section47_data_quality AFTER INSERT OR UPDATE ON section47_enquiry FOR EACH ROW EXECUTE FUNCTION harbour_mark_data_quality();--> statement-breakpoint
CREATE TRIGGER cp_conference_data_quality AFTER INSERT OR UPDATE ON cp_conference FOR EACH ROW EXECUTE FUNCTION harbour_mark_data_quality();--> statement-breakpoint
CREATE TRIGGER cp_plan_data_quality AFTER INSERT OR UPDATE ON cp_plan FOR EACH ROW EXECUTE FUNCTION harbour_mark_data_quality();--> statement-breakpoint
CREATE TRIGGER cin_plan_data_quality AFTER INSERT OR UPDATE ON cin_plan FOR EACH ROW EXECUTE FUNCTION harbour_mark_data_quality();
--> statement-breakpoint
-- Everyone already on the record is checked the first time the data-quality list or their page is opened.
INSERT INTO data_quality_check (person_id, dirty) SELECT id, true FROM person ON CONFLICT DO NOTHING;
