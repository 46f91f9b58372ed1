CREATE TABLE "agency_check" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"agency" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" uuid,
	"returned_at" timestamp with time zone,
	"returned_by" uuid,
	"summary" text
);
--> statement-breakpoint
CREATE TABLE "chronology_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"source_type" text,
	"source_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "contact" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_ref" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"source_code" text NOT NULL,
	"referrer_name" text,
	"referrer_agency" text,
	"referrer_role" text,
	"referrer_phone" text,
	"referrer_email" text,
	"concern" text NOT NULL,
	"parents_aware" text NOT NULL,
	"consent" text NOT NULL,
	"no_consent_reason" text,
	"immediate_safety" text,
	"threshold_level" text,
	"rag" text,
	"screening_notes" text,
	"screened_at" timestamp with time zone,
	"screened_by" uuid,
	"decision_due_date" date NOT NULL,
	"decided_at" timestamp with time zone,
	"out_of_hours" boolean DEFAULT false NOT NULL,
	"handover_acknowledged_at" timestamp with time zone,
	"handover_acknowledged_by" uuid,
	"submitted_by_partner" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "contact_contact_ref_unique" UNIQUE("contact_ref"),
	CONSTRAINT "contact_rag" CHECK ("contact"."rag" is null or "contact"."rag" in ('red','amber','green'))
);
--> statement-breakpoint
CREATE TABLE "contact_adult" (
	"contact_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_child" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"outcome" text,
	"reasons" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"referral_id" uuid
);
--> statement-breakpoint
CREATE TABLE "council_closure_day" (
	"day" date PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "police_notification" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notification_ref" text NOT NULL,
	"police_reference" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"incident_date" date NOT NULL,
	"incident_type" text NOT NULL,
	"risk_level" text NOT NULL,
	"children_present" boolean DEFAULT true NOT NULL,
	"summary" text NOT NULL,
	"outcome" text,
	"outcome_reasons" text,
	"triaged_at" timestamp with time zone,
	"triaged_by" uuid,
	"contact_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "police_notification_notification_ref_unique" UNIQUE("notification_ref")
);
--> statement-breakpoint
CREATE TABLE "police_notification_child" (
	"notification_id" uuid NOT NULL,
	"person_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_ref" text NOT NULL,
	"person_id" uuid NOT NULL,
	"contact_id" uuid,
	"referral_date" date NOT NULL,
	"source_code" text NOT NULL,
	"is_re_referral" boolean NOT NULL,
	"referrals_in_last_12_months" integer NOT NULL,
	"primary_need_code" text,
	"closed_on" date,
	"closure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "referral_referral_ref_unique" UNIQUE("referral_ref")
);
--> statement-breakpoint
CREATE TABLE "referrer_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"given_on" date NOT NULL,
	"method" text NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agency_check" ADD CONSTRAINT "agency_check_contact_id_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contact"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_check" ADD CONSTRAINT "agency_check_requested_by_user_account_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_check" ADD CONSTRAINT "agency_check_returned_by_user_account_id_fk" FOREIGN KEY ("returned_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chronology_entry" ADD CONSTRAINT "chronology_entry_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chronology_entry" ADD CONSTRAINT "chronology_entry_recorded_by_user_account_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_screened_by_user_account_id_fk" FOREIGN KEY ("screened_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_handover_acknowledged_by_user_account_id_fk" FOREIGN KEY ("handover_acknowledged_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_submitted_by_partner_user_account_id_fk" FOREIGN KEY ("submitted_by_partner") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_adult" ADD CONSTRAINT "contact_adult_contact_id_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contact"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_adult" ADD CONSTRAINT "contact_adult_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_child" ADD CONSTRAINT "contact_child_contact_id_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contact"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_child" ADD CONSTRAINT "contact_child_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_child" ADD CONSTRAINT "contact_child_decided_by_user_account_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_closure_day" ADD CONSTRAINT "council_closure_day_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_notification" ADD CONSTRAINT "police_notification_triaged_by_user_account_id_fk" FOREIGN KEY ("triaged_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_notification" ADD CONSTRAINT "police_notification_contact_id_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contact"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_notification" ADD CONSTRAINT "police_notification_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_notification_child" ADD CONSTRAINT "police_notification_child_notification_id_police_notification_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."police_notification"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_notification_child" ADD CONSTRAINT "police_notification_child_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_contact_id_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contact"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrer_feedback" ADD CONSTRAINT "referrer_feedback_contact_id_contact_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contact"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrer_feedback" ADD CONSTRAINT "referrer_feedback_recorded_by_user_account_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_check_contact_idx" ON "agency_check" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "chronology_person_idx" ON "chronology_entry" USING btree ("person_id","occurred_at");--> statement-breakpoint
CREATE INDEX "contact_undecided_idx" ON "contact" USING btree ("received_at") WHERE "contact"."decided_at" is null;--> statement-breakpoint
CREATE INDEX "contact_handover_idx" ON "contact" USING btree ("received_at") WHERE "contact"."out_of_hours" and "contact"."handover_acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "contact_partner_idx" ON "contact" USING btree ("submitted_by_partner");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_adult_key" ON "contact_adult" USING btree ("contact_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_child_key" ON "contact_child" USING btree ("contact_id","person_id");--> statement-breakpoint
CREATE INDEX "contact_child_person_idx" ON "contact_child" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "police_notification_untriaged_idx" ON "police_notification" USING btree ("received_at") WHERE "police_notification"."triaged_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "police_notification_police_ref_key" ON "police_notification" USING btree ("police_reference");--> statement-breakpoint
CREATE UNIQUE INDEX "police_notification_child_key" ON "police_notification_child" USING btree ("notification_id","person_id");--> statement-breakpoint
CREATE INDEX "police_notification_child_person_idx" ON "police_notification_child" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "referral_person_idx" ON "referral" USING btree ("person_id","referral_date");--> statement-breakpoint
CREATE UNIQUE INDEX "referral_one_open_per_child" ON "referral" USING btree ("person_id") WHERE "referral"."closed_on" is null;--> statement-breakpoint
CREATE INDEX "referrer_feedback_contact_idx" ON "referrer_feedback" USING btree ("contact_id");