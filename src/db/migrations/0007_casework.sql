CREATE TABLE "assessment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_ref" text NOT NULL,
	"person_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"framework" text NOT NULL,
	"start_date" date NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"worker_id" uuid,
	"team_id" uuid,
	"child_wishes" text,
	"parents_views" text,
	"diversity" text,
	"interpreter_used" boolean,
	"developmental_needs" text,
	"parenting_capacity" text,
	"family_environment" text,
	"history" text,
	"analysis" text,
	"risks" text,
	"factors" text[] DEFAULT '{}'::text[] NOT NULL,
	"outcome" text,
	"shared_on" date,
	"shared_how" text,
	"family_comments" text,
	"delay_reason" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"authorised_at" timestamp with time zone,
	"authorised_by" uuid,
	"completed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "assessment_assessment_ref_unique" UNIQUE("assessment_ref"),
	CONSTRAINT "assessment_kind_code" CHECK ("assessment"."kind" in ('initial','core','single')),
	CONSTRAINT "assessment_framework_code" CHECK ("assessment"."framework" in ('fa2000','wt2010','wt2023')),
	CONSTRAINT "assessment_status_code" CHECK ("assessment"."status" in ('in_progress','submitted','returned','authorised')),
	CONSTRAINT "assessment_authorised_has_completion" CHECK ("assessment"."status" <> 'authorised' or ("assessment"."completed_on" is not null and "assessment"."outcome" is not null))
);
--> statement-breakpoint
CREATE TABLE "assessment_child_seen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"seen_on" date NOT NULL,
	"seen_alone" boolean NOT NULL,
	"note" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "assessment_framework_period" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"framework" text NOT NULL,
	"effective_from" date NOT NULL,
	"internal_targets" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "assessment_framework_period_effective_from_unique" UNIQUE("effective_from"),
	CONSTRAINT "assessment_framework_code" CHECK ("assessment_framework_period"."framework" in ('fa2000','wt2010','wt2023'))
);
--> statement-breakpoint
CREATE TABLE "assessment_review" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"action" text NOT NULL,
	"comments" text,
	"acted_at" timestamp with time zone NOT NULL,
	"acted_by" uuid NOT NULL,
	CONSTRAINT "assessment_review_action" CHECK ("assessment_review"."action" in ('submitted','returned','authorised'))
);
--> statement-breakpoint
CREATE TABLE "case_closure" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"reason_code" text NOT NULL,
	"summary" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"proposed_by" uuid NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"manager_comments" text,
	"closure_date" date,
	"referrer_informed_on" date,
	"referrer_informed_how" text,
	"family_informed_on" date,
	"family_informed_how" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "case_closure_reason" CHECK ("case_closure"."reason_code" in ('RC1','RC2','RC3','RC4','RC5','RC6','RC7','RC8','RC9')),
	CONSTRAINT "case_closure_status" CHECK ("case_closure"."status" in ('proposed','authorised','returned'))
);
--> statement-breakpoint
CREATE TABLE "case_review" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text DEFAULT 'to_review' NOT NULL,
	"plan_robust" boolean,
	"findings" text,
	"actions" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "case_review_status" CHECK ("case_review"."status" in ('to_review','reviewed'))
);
--> statement-breakpoint
CREATE TABLE "case_review_round" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_date" date NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"started_by" uuid NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "caseload_limit_rule" (
	"job_role" text PRIMARY KEY NOT NULL,
	"children_per_fte" integer NOT NULL,
	"newly_qualified_children_per_fte" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "management_decision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"subject_type" text,
	"subject_id" uuid,
	"decision" text NOT NULL,
	"reasons" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"decided_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "management_decision_stage" CHECK ("management_decision"."stage" in ('contact','referral','assessment','plan','allocation','transfer','closure','supervision','other'))
);
--> statement-breakpoint
CREATE TABLE "supervision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"worker_id" uuid NOT NULL,
	"supervisor_user_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"reflective_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_case" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"supervision_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"discussion" text NOT NULL,
	"management_decision_id" uuid
);
--> statement-breakpoint
CREATE TABLE "task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid,
	"title" text NOT NULL,
	"details" text,
	"due_date" date NOT NULL,
	"assigned_worker_id" uuid,
	"source_type" text NOT NULL,
	"source_id" uuid,
	"management_decision_id" uuid,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"completion_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "task_source_type" CHECK ("task"."source_type" in ('management_direction','supervision_action','audit_action','manual'))
);
--> statement-breakpoint
CREATE TABLE "team_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"waiting_since" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"source_type" text,
	"source_id" uuid,
	"allocated_at" timestamp with time zone,
	"allocation_id" uuid
);
--> statement-breakpoint
CREATE TABLE "team_transfer" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"from_team_id" uuid NOT NULL,
	"to_team_id" uuid NOT NULL,
	"summary" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"proposed_by" uuid NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reasons" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "team_transfer_status" CHECK ("team_transfer"."status" in ('proposed','accepted','declined','withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "unallocated_oversight" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"team_id" uuid,
	"note" text NOT NULL,
	"next_review_on" date NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "allocation" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "allocation" ADD COLUMN "over_limit_reason" text;--> statement-breakpoint
ALTER TABLE "allocation" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "allocation" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "allocation" ADD COLUMN "ended_by" uuid;--> statement-breakpoint
ALTER TABLE "worker" ADD COLUMN "newly_qualified" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "worker" ADD COLUMN "caseload_limit" integer;--> statement-breakpoint
ALTER TABLE "worker" ADD COLUMN "supervision_frequency_days" integer;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_submitted_by_user_account_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_authorised_by_user_account_id_fk" FOREIGN KEY ("authorised_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_updated_by_user_account_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_child_seen" ADD CONSTRAINT "assessment_child_seen_assessment_id_assessment_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_child_seen" ADD CONSTRAINT "assessment_child_seen_recorded_by_user_account_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_framework_period" ADD CONSTRAINT "assessment_framework_period_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_review" ADD CONSTRAINT "assessment_review_assessment_id_assessment_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_review" ADD CONSTRAINT "assessment_review_acted_by_user_account_id_fk" FOREIGN KEY ("acted_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_closure" ADD CONSTRAINT "case_closure_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_closure" ADD CONSTRAINT "case_closure_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_closure" ADD CONSTRAINT "case_closure_proposed_by_user_account_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_closure" ADD CONSTRAINT "case_closure_decided_by_user_account_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_review" ADD CONSTRAINT "case_review_round_id_case_review_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."case_review_round"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_review" ADD CONSTRAINT "case_review_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_review" ADD CONSTRAINT "case_review_reviewed_by_user_account_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_review_round" ADD CONSTRAINT "case_review_round_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_review_round" ADD CONSTRAINT "case_review_round_started_by_user_account_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "management_decision" ADD CONSTRAINT "management_decision_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "management_decision" ADD CONSTRAINT "management_decision_decided_by_user_account_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision" ADD CONSTRAINT "supervision_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision" ADD CONSTRAINT "supervision_supervisor_user_id_user_account_id_fk" FOREIGN KEY ("supervisor_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision" ADD CONSTRAINT "supervision_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_case" ADD CONSTRAINT "supervision_case_supervision_id_supervision_id_fk" FOREIGN KEY ("supervision_id") REFERENCES "public"."supervision"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_case" ADD CONSTRAINT "supervision_case_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_case" ADD CONSTRAINT "supervision_case_management_decision_id_management_decision_id_fk" FOREIGN KEY ("management_decision_id") REFERENCES "public"."management_decision"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_assigned_worker_id_worker_id_fk" FOREIGN KEY ("assigned_worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_management_decision_id_management_decision_id_fk" FOREIGN KEY ("management_decision_id") REFERENCES "public"."management_decision"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_completed_by_user_account_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_queue" ADD CONSTRAINT "team_queue_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_queue" ADD CONSTRAINT "team_queue_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_queue" ADD CONSTRAINT "team_queue_allocation_id_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."allocation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_transfer" ADD CONSTRAINT "team_transfer_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_transfer" ADD CONSTRAINT "team_transfer_from_team_id_team_id_fk" FOREIGN KEY ("from_team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_transfer" ADD CONSTRAINT "team_transfer_to_team_id_team_id_fk" FOREIGN KEY ("to_team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_transfer" ADD CONSTRAINT "team_transfer_proposed_by_user_account_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_transfer" ADD CONSTRAINT "team_transfer_decided_by_user_account_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unallocated_oversight" ADD CONSTRAINT "unallocated_oversight_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unallocated_oversight" ADD CONSTRAINT "unallocated_oversight_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unallocated_oversight" ADD CONSTRAINT "unallocated_oversight_recorded_by_user_account_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_person_idx" ON "assessment" USING btree ("person_id","start_date");--> statement-breakpoint
CREATE INDEX "assessment_referral_idx" ON "assessment" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "assessment_open_due_idx" ON "assessment" USING btree ("due_date") WHERE "assessment"."status" <> 'authorised';--> statement-breakpoint
CREATE INDEX "assessment_completed_idx" ON "assessment" USING btree ("completed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_one_open_kind_per_referral" ON "assessment" USING btree ("referral_id","kind") WHERE "assessment"."status" <> 'authorised';--> statement-breakpoint
CREATE INDEX "assessment_child_seen_idx" ON "assessment_child_seen" USING btree ("assessment_id","seen_on");--> statement-breakpoint
CREATE INDEX "assessment_review_idx" ON "assessment_review" USING btree ("assessment_id","acted_at");--> statement-breakpoint
CREATE INDEX "case_closure_person_idx" ON "case_closure" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_closure_one_pending_per_referral" ON "case_closure" USING btree ("referral_id") WHERE "case_closure"."status" = 'proposed';--> statement-breakpoint
CREATE UNIQUE INDEX "case_review_key" ON "case_review" USING btree ("round_id","person_id");--> statement-breakpoint
CREATE INDEX "case_review_round_team_idx" ON "case_review_round" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "management_decision_person_idx" ON "management_decision" USING btree ("person_id","decided_at");--> statement-breakpoint
CREATE INDEX "supervision_worker_idx" ON "supervision" USING btree ("worker_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_case_key" ON "supervision_case" USING btree ("supervision_id","person_id");--> statement-breakpoint
CREATE INDEX "supervision_case_person_idx" ON "supervision_case" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "task_open_worker_idx" ON "task" USING btree ("assigned_worker_id","due_date") WHERE "task"."completed_at" is null;--> statement-breakpoint
CREATE INDEX "task_person_idx" ON "task" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_queue_one_waiting_per_child" ON "team_queue" USING btree ("person_id") WHERE "team_queue"."allocated_at" is null;--> statement-breakpoint
CREATE INDEX "team_queue_team_idx" ON "team_queue" USING btree ("team_id") WHERE "team_queue"."allocated_at" is null;--> statement-breakpoint
CREATE INDEX "team_transfer_to_idx" ON "team_transfer" USING btree ("to_team_id") WHERE "team_transfer"."status" = 'proposed';--> statement-breakpoint
CREATE UNIQUE INDEX "team_transfer_one_pending_per_child" ON "team_transfer" USING btree ("person_id") WHERE "team_transfer"."status" = 'proposed';--> statement-breakpoint
CREATE INDEX "unallocated_oversight_person_idx" ON "unallocated_oversight" USING btree ("person_id","recorded_at");--> statement-breakpoint
ALTER TABLE "allocation" ADD CONSTRAINT "allocation_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation" ADD CONSTRAINT "allocation_ended_by_user_account_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "allocation_one_allocated_worker" ON "allocation" USING btree ("person_id") WHERE "allocation"."end_date" is null and "allocation"."allocation_role" = 'allocated_worker';--> statement-breakpoint
CREATE UNIQUE INDEX "allocation_one_open_per_worker" ON "allocation" USING btree ("person_id","worker_id") WHERE "allocation"."end_date" is null;