CREATE TABLE "cin_plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_frequency" jsonb NOT NULL,
	"visit_frequency" jsonb NOT NULL,
	"step_down_from_cp" boolean DEFAULT false NOT NULL,
	"worker_id" uuid,
	"team_id" uuid,
	"end_date" date,
	"end_reason" text,
	"end_reason_detail" text,
	"ended_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	CONSTRAINT "cin_plan_end_after_start" CHECK ("cin_plan"."end_date" is null or "cin_plan"."end_date" >= "cin_plan"."start_date"),
	CONSTRAINT "cin_plan_end_reason" CHECK ("cin_plan"."end_reason" is null or "cin_plan"."end_reason" in ('services_not_needed','stepped_up_to_cp','stepped_down_to_early_help','moved_away','other'))
);
--> statement-breakpoint
CREATE TABLE "cin_plan_review" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cin_plan_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "core_group_meeting" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cp_plan_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"attendees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cp_conference" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"type" text NOT NULL,
	"section47_id" uuid,
	"cp_plan_id" uuid,
	"target_date" date NOT NULL,
	"notified_on" date,
	"scheduled_on" date NOT NULL,
	"reports_shared_on" date,
	"chair_user_id" uuid,
	"invitees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"held_on" date,
	"attendees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision" text,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"quorate" boolean,
	"child_participation" text,
	"dissent" text,
	"summary" text,
	"core_group_members" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	CONSTRAINT "cp_conference_type" CHECK ("cp_conference"."type" in ('initial','review','transfer_in')),
	CONSTRAINT "cp_conference_status" CHECK ("cp_conference"."status" in ('scheduled','held')),
	CONSTRAINT "cp_conference_decision" CHECK ("cp_conference"."decision" is null or "cp_conference"."decision" in ('plan','no_plan','continue','change_category','end_plan')),
	CONSTRAINT "cp_conference_held_has_outcome" CHECK ("cp_conference"."status" <> 'held' or ("cp_conference"."held_on" is not null and "cp_conference"."decision" is not null)),
	CONSTRAINT "cp_conference_initial_has_s47" CHECK ("cp_conference"."type" <> 'initial' or "cp_conference"."section47_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "cp_plan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"start_conference_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"initial_categories" text[] NOT NULL,
	"latest_categories" text[] NOT NULL,
	"number_of_previous_plans" integer NOT NULL,
	"repeat_within_2_years" boolean NOT NULL,
	"lead_worker_id" uuid,
	"visit_frequency_working_days" integer DEFAULT 10 NOT NULL,
	"core_group_frequency_working_days" integer DEFAULT 20 NOT NULL,
	"first_core_group_due" date NOT NULL,
	"last_review_date" date,
	"next_review_due" date NOT NULL,
	"other_la" boolean DEFAULT false NOT NULL,
	"end_date" date,
	"end_conference_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	CONSTRAINT "cp_plan_start_conference_id_unique" UNIQUE("start_conference_id"),
	CONSTRAINT "cp_plan_has_category" CHECK (cardinality("cp_plan"."initial_categories") > 0 and cardinality("cp_plan"."latest_categories") > 0),
	CONSTRAINT "cp_plan_end_after_start" CHECK ("cp_plan"."end_date" is null or "cp_plan"."end_date" >= "cp_plan"."start_date"),
	CONSTRAINT "cp_plan_ended_by_conference" CHECK ("cp_plan"."end_date" is null or "cp_plan"."end_conference_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "plan_replan" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"item" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"previous_due" date NOT NULL,
	"new_due" date NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	CONSTRAINT "plan_replan_item" CHECK ("plan_replan"."item" in ('icpc','cp_review','core_group','cp_visit','cin_review','cin_visit'))
);
--> statement-breakpoint
CREATE TABLE "section47_enquiry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"strategy_discussion_id" uuid NOT NULL,
	"joint" boolean NOT NULL,
	"start_date" date NOT NULL,
	"icpc_target_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"child_seen" boolean,
	"child_seen_on" date,
	"child_seen_alone" boolean,
	"outcome" text,
	"icpc_required" boolean,
	"conference_not_required_reason" text,
	"summary" text,
	"recorded_by" uuid,
	"recorded_on" date,
	"return_comments" text,
	"authorised_by" uuid,
	"authorised_on" date,
	"worker_id" uuid,
	"team_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	CONSTRAINT "section47_enquiry_strategy_discussion_id_unique" UNIQUE("strategy_discussion_id"),
	CONSTRAINT "section47_status" CHECK ("section47_enquiry"."status" in ('open','outcome_recorded','returned','authorised')),
	CONSTRAINT "section47_outcome" CHECK ("section47_enquiry"."outcome" is null or "section47_enquiry"."outcome" in ('not_substantiated','substantiated_no_risk','substantiated_continuing_risk')),
	CONSTRAINT "section47_authorised_has_outcome" CHECK ("section47_enquiry"."status" <> 'authorised' or ("section47_enquiry"."outcome" is not null and "section47_enquiry"."authorised_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "strategy_discussion" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"source_type" text NOT NULL,
	"source_id" uuid,
	"held_on" date NOT NULL,
	"held_at" text NOT NULL,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision" text NOT NULL,
	"information_shared" text NOT NULL,
	"risk_analysis" text,
	"immediate_protective_actions" text,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	CONSTRAINT "strategy_discussion_decision" CHECK ("strategy_discussion"."decision" in ('s47_single','s47_joint','no_s47')),
	CONSTRAINT "strategy_discussion_source" CHECK ("strategy_discussion"."source_type" in ('contact','referral','assessment','cin_plan','cp_plan','looked_after'))
);
--> statement-breakpoint
CREATE TABLE "visit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"plan_type" text NOT NULL,
	"cp_plan_id" uuid,
	"cin_plan_id" uuid,
	"visit_date" date NOT NULL,
	"child_seen" boolean NOT NULL,
	"seen_alone" boolean,
	"bedroom_seen" text NOT NULL,
	"announced" boolean NOT NULL,
	"visited_by" text NOT NULL,
	"notes" text,
	"not_seen_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	CONSTRAINT "visit_plan_type" CHECK (("visit"."plan_type" = 'cp' and "visit"."cp_plan_id" is not null and "visit"."cin_plan_id" is null) or ("visit"."plan_type" = 'cin' and "visit"."cin_plan_id" is not null and "visit"."cp_plan_id" is null)),
	CONSTRAINT "visit_bedroom_seen" CHECK ("visit"."bedroom_seen" in ('yes','no','not_applicable'))
);
--> statement-breakpoint
ALTER TABLE "cin_plan" ADD CONSTRAINT "cin_plan_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cin_plan" ADD CONSTRAINT "cin_plan_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cin_plan" ADD CONSTRAINT "cin_plan_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cin_plan" ADD CONSTRAINT "cin_plan_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cin_plan" ADD CONSTRAINT "cin_plan_ended_by_user_account_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cin_plan" ADD CONSTRAINT "cin_plan_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cin_plan_review" ADD CONSTRAINT "cin_plan_review_cin_plan_id_cin_plan_id_fk" FOREIGN KEY ("cin_plan_id") REFERENCES "public"."cin_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cin_plan_review" ADD CONSTRAINT "cin_plan_review_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cin_plan_review" ADD CONSTRAINT "cin_plan_review_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core_group_meeting" ADD CONSTRAINT "core_group_meeting_cp_plan_id_cp_plan_id_fk" FOREIGN KEY ("cp_plan_id") REFERENCES "public"."cp_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core_group_meeting" ADD CONSTRAINT "core_group_meeting_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core_group_meeting" ADD CONSTRAINT "core_group_meeting_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_conference" ADD CONSTRAINT "cp_conference_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_conference" ADD CONSTRAINT "cp_conference_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_conference" ADD CONSTRAINT "cp_conference_section47_id_section47_enquiry_id_fk" FOREIGN KEY ("section47_id") REFERENCES "public"."section47_enquiry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_conference" ADD CONSTRAINT "cp_conference_cp_plan_id_cp_plan_id_fk" FOREIGN KEY ("cp_plan_id") REFERENCES "public"."cp_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_conference" ADD CONSTRAINT "cp_conference_chair_user_id_user_account_id_fk" FOREIGN KEY ("chair_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_conference" ADD CONSTRAINT "cp_conference_recorded_by_user_account_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_conference" ADD CONSTRAINT "cp_conference_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_plan" ADD CONSTRAINT "cp_plan_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_plan" ADD CONSTRAINT "cp_plan_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_plan" ADD CONSTRAINT "cp_plan_start_conference_id_cp_conference_id_fk" FOREIGN KEY ("start_conference_id") REFERENCES "public"."cp_conference"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_plan" ADD CONSTRAINT "cp_plan_lead_worker_id_worker_id_fk" FOREIGN KEY ("lead_worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_plan" ADD CONSTRAINT "cp_plan_end_conference_id_cp_conference_id_fk" FOREIGN KEY ("end_conference_id") REFERENCES "public"."cp_conference"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cp_plan" ADD CONSTRAINT "cp_plan_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_replan" ADD CONSTRAINT "plan_replan_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_replan" ADD CONSTRAINT "plan_replan_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section47_enquiry" ADD CONSTRAINT "section47_enquiry_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section47_enquiry" ADD CONSTRAINT "section47_enquiry_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section47_enquiry" ADD CONSTRAINT "section47_enquiry_strategy_discussion_id_strategy_discussion_id_fk" FOREIGN KEY ("strategy_discussion_id") REFERENCES "public"."strategy_discussion"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section47_enquiry" ADD CONSTRAINT "section47_enquiry_recorded_by_user_account_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section47_enquiry" ADD CONSTRAINT "section47_enquiry_authorised_by_user_account_id_fk" FOREIGN KEY ("authorised_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section47_enquiry" ADD CONSTRAINT "section47_enquiry_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section47_enquiry" ADD CONSTRAINT "section47_enquiry_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section47_enquiry" ADD CONSTRAINT "section47_enquiry_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_discussion" ADD CONSTRAINT "strategy_discussion_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_discussion" ADD CONSTRAINT "strategy_discussion_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_discussion" ADD CONSTRAINT "strategy_discussion_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_cp_plan_id_cp_plan_id_fk" FOREIGN KEY ("cp_plan_id") REFERENCES "public"."cp_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_cin_plan_id_cin_plan_id_fk" FOREIGN KEY ("cin_plan_id") REFERENCES "public"."cin_plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cin_plan_person_idx" ON "cin_plan" USING btree ("person_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "cin_plan_one_open_per_child" ON "cin_plan" USING btree ("person_id") WHERE "cin_plan"."end_date" is null;--> statement-breakpoint
CREATE INDEX "cin_plan_review_plan_idx" ON "cin_plan_review" USING btree ("cin_plan_id","held_on");--> statement-breakpoint
CREATE INDEX "core_group_plan_idx" ON "core_group_meeting" USING btree ("cp_plan_id","held_on");--> statement-breakpoint
CREATE INDEX "cp_conference_person_idx" ON "cp_conference" USING btree ("person_id","scheduled_on");--> statement-breakpoint
CREATE INDEX "cp_conference_scheduled_idx" ON "cp_conference" USING btree ("scheduled_on") WHERE "cp_conference"."status" = 'scheduled';--> statement-breakpoint
CREATE UNIQUE INDEX "cp_conference_one_scheduled_per_child" ON "cp_conference" USING btree ("person_id") WHERE "cp_conference"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX "cp_plan_person_idx" ON "cp_plan" USING btree ("person_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "cp_plan_one_open_per_child" ON "cp_plan" USING btree ("person_id") WHERE "cp_plan"."end_date" is null;--> statement-breakpoint
CREATE INDEX "plan_replan_subject_idx" ON "plan_replan" USING btree ("subject_id","item","previous_due");--> statement-breakpoint
CREATE INDEX "section47_person_idx" ON "section47_enquiry" USING btree ("person_id","start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "section47_one_open_per_child" ON "section47_enquiry" USING btree ("person_id") WHERE "section47_enquiry"."status" <> 'authorised';--> statement-breakpoint
CREATE INDEX "strategy_discussion_person_idx" ON "strategy_discussion" USING btree ("person_id","held_on");--> statement-breakpoint
CREATE INDEX "visit_person_idx" ON "visit" USING btree ("person_id","visit_date");--> statement-breakpoint
CREATE INDEX "visit_cp_plan_idx" ON "visit" USING btree ("cp_plan_id","visit_date");--> statement-breakpoint
CREATE INDEX "visit_cin_plan_idx" ON "visit" USING btree ("cin_plan_id","visit_date");