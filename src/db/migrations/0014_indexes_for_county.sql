ALTER TABLE "contact" ADD COLUMN "feedback_given_on" date;--> statement-breakpoint
-- The first date the referrer was told the outcome, on the contact itself, so "awaiting feedback" is one
-- partial-index read (contact_feedback_due_idx) on a county of 800,000 contacts. Kept by a trigger so no
-- writer of referrer_feedback can forget it.
UPDATE contact c SET feedback_given_on = f.given_on FROM (SELECT contact_id, min(given_on) AS given_on FROM referrer_feedback GROUP BY contact_id) f WHERE f.contact_id = c.id;--> statement-breakpoint
CREATE FUNCTION harbour_contact_feedback_given() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact SET feedback_given_on = least(coalesce(feedback_given_on, NEW.given_on), NEW.given_on) WHERE id = NEW.contact_id;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER referrer_feedback_marks_contact AFTER INSERT ON referrer_feedback FOR EACH ROW EXECUTE FUNCTION harbour_contact_feedback_given();--> statement-breakpoint
CREATE INDEX "assessment_open_worker_idx" ON "assessment" USING btree ("worker_id") WHERE "assessment"."status" <> 'authorised';--> statement-breakpoint
CREATE INDEX "assessment_open_team_idx" ON "assessment" USING btree ("team_id") WHERE "assessment"."status" <> 'authorised';--> statement-breakpoint
CREATE INDEX "case_closure_referral_idx" ON "case_closure" USING btree ("referral_id","proposed_at");--> statement-breakpoint
CREATE INDEX "case_closure_returned_idx" ON "case_closure" USING btree ("proposed_by") WHERE "case_closure"."status" = 'returned';--> statement-breakpoint
CREATE INDEX "cin_plan_referral_idx" ON "cin_plan" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "cin_plan_open_worker_idx" ON "cin_plan" USING btree ("worker_id") WHERE "cin_plan"."end_date" is null;--> statement-breakpoint
CREATE INDEX "cin_plan_open_team_idx" ON "cin_plan" USING btree ("team_id") WHERE "cin_plan"."end_date" is null;--> statement-breakpoint
CREATE INDEX "contact_feedback_due_idx" ON "contact" USING btree ("decided_at") WHERE "contact"."decided_at" is not null and "contact"."feedback_given_on" is null and "contact"."source_code" not in ('9', '10');--> statement-breakpoint
CREATE INDEX "contact_decided_idx" ON "contact" USING btree ("decided_at");--> statement-breakpoint
CREATE INDEX "cp_conference_section47_idx" ON "cp_conference" USING btree ("section47_id");--> statement-breakpoint
CREATE INDEX "cp_conference_plan_idx" ON "cp_conference" USING btree ("cp_plan_id");--> statement-breakpoint
CREATE INDEX "cp_conference_referral_idx" ON "cp_conference" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "cp_plan_referral_idx" ON "cp_plan" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "cp_plan_open_worker_idx" ON "cp_plan" USING btree ("lead_worker_id") WHERE "cp_plan"."end_date" is null;--> statement-breakpoint
CREATE INDEX "person_edd_idx" ON "person" USING btree ("expected_date_of_birth") WHERE "person"."expected_date_of_birth" is not null;--> statement-breakpoint
CREATE INDEX "referral_contact_idx" ON "referral" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "section47_referral_idx" ON "section47_enquiry" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "section47_open_worker_idx" ON "section47_enquiry" USING btree ("worker_id") WHERE "section47_enquiry"."status" <> 'authorised';--> statement-breakpoint
CREATE INDEX "section47_open_team_idx" ON "section47_enquiry" USING btree ("team_id") WHERE "section47_enquiry"."status" <> 'authorised';--> statement-breakpoint
CREATE INDEX "strategy_discussion_referral_idx" ON "strategy_discussion" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "supervision_supervisor_idx" ON "supervision" USING btree ("supervisor_user_id","held_on");