CREATE TABLE "audit_programme" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"theme" text,
	"month" text,
	"tool_version_id" uuid NOT NULL,
	"basis" text NOT NULL,
	"team_id" uuid,
	"worker_id" uuid,
	"sample_size" integer NOT NULL,
	"filter_status" text DEFAULT 'any' NOT NULL,
	"filter_min_age_days" integer,
	"filter_max_age_days" integer,
	"seed" integer NOT NULL,
	"allow_own_team" boolean DEFAULT false NOT NULL,
	"moderation_percent" integer DEFAULT 20 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	CONSTRAINT "audit_programme_kind" CHECK ("audit_programme"."kind" in ('monthly','themed')),
	CONSTRAINT "audit_programme_basis" CHECK ("audit_programme"."basis" in ('team','worker','manual')),
	CONSTRAINT "audit_programme_status" CHECK ("audit_programme"."filter_status" in ('any','open_referral','cp_plan','cin_plan')),
	CONSTRAINT "audit_programme_moderation" CHECK ("audit_programme"."moderation_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "audit_tool" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "audit_tool_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tool_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	CONSTRAINT "audit_tool_version_positive" CHECK ("audit_tool_version"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "case_audit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"team_id" uuid,
	"worker_id" uuid,
	"tool_version_id" uuid NOT NULL,
	"auditor_user_id" uuid NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"overall_grade" text,
	"findings" text,
	"draft_actions" jsonb,
	"signed_off_at" timestamp with time zone,
	"signed_off_by" uuid,
	"amendment_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_audit_status" CHECK ("case_audit"."status" in ('assigned','in_progress','signed_off')),
	CONSTRAINT "case_audit_grade" CHECK ("case_audit"."overall_grade" is null or "case_audit"."overall_grade" in ('outstanding','good','requires_improvement','inadequate')),
	CONSTRAINT "case_audit_signed_off" CHECK ("case_audit"."status" <> 'signed_off' or ("case_audit"."signed_off_at" is not null and "case_audit"."overall_grade" is not null))
);
--> statement-breakpoint
CREATE TABLE "case_audit_amendment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_audit_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"changes" jsonb NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"amended_at" timestamp with time zone NOT NULL,
	"amended_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_audit_answer" (
	"case_audit_id" uuid NOT NULL,
	"question_key" text NOT NULL,
	"grade" text,
	"yes_no" boolean,
	"text_answer" text,
	"comment" text,
	CONSTRAINT "case_audit_answer_grade" CHECK ("case_audit_answer"."grade" is null or "case_audit_answer"."grade" in ('outstanding','good','requires_improvement','inadequate'))
);
--> statement-breakpoint
CREATE TABLE "case_audit_moderation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_audit_id" uuid NOT NULL,
	"original_grade" text NOT NULL,
	"moderated_grade" text NOT NULL,
	"agreed" boolean NOT NULL,
	"comments" text NOT NULL,
	"moderated_at" timestamp with time zone NOT NULL,
	"moderated_by" uuid NOT NULL,
	CONSTRAINT "case_audit_moderation_grades" CHECK ("case_audit_moderation"."original_grade" in ('outstanding','good','requires_improvement','inadequate') and "case_audit_moderation"."moderated_grade" in ('outstanding','good','requires_improvement','inadequate')),
	CONSTRAINT "case_audit_moderation_agreed" CHECK ("case_audit_moderation"."agreed" = ("case_audit_moderation"."original_grade" = "case_audit_moderation"."moderated_grade"))
);
--> statement-breakpoint
CREATE TABLE "case_audit_response" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_audit_id" uuid NOT NULL,
	"response" text NOT NULL,
	"responded_at" timestamp with time zone NOT NULL,
	"responded_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_programme" ADD CONSTRAINT "audit_programme_tool_version_id_audit_tool_version_id_fk" FOREIGN KEY ("tool_version_id") REFERENCES "public"."audit_tool_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_programme" ADD CONSTRAINT "audit_programme_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_programme" ADD CONSTRAINT "audit_programme_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_programme" ADD CONSTRAINT "audit_programme_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tool" ADD CONSTRAINT "audit_tool_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tool_version" ADD CONSTRAINT "audit_tool_version_tool_id_audit_tool_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."audit_tool"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_tool_version" ADD CONSTRAINT "audit_tool_version_published_by_user_account_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit" ADD CONSTRAINT "case_audit_programme_id_audit_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."audit_programme"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit" ADD CONSTRAINT "case_audit_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit" ADD CONSTRAINT "case_audit_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit" ADD CONSTRAINT "case_audit_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit" ADD CONSTRAINT "case_audit_tool_version_id_audit_tool_version_id_fk" FOREIGN KEY ("tool_version_id") REFERENCES "public"."audit_tool_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit" ADD CONSTRAINT "case_audit_auditor_user_id_user_account_id_fk" FOREIGN KEY ("auditor_user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit" ADD CONSTRAINT "case_audit_signed_off_by_user_account_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit_amendment" ADD CONSTRAINT "case_audit_amendment_case_audit_id_case_audit_id_fk" FOREIGN KEY ("case_audit_id") REFERENCES "public"."case_audit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit_amendment" ADD CONSTRAINT "case_audit_amendment_amended_by_user_account_id_fk" FOREIGN KEY ("amended_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit_answer" ADD CONSTRAINT "case_audit_answer_case_audit_id_case_audit_id_fk" FOREIGN KEY ("case_audit_id") REFERENCES "public"."case_audit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit_moderation" ADD CONSTRAINT "case_audit_moderation_case_audit_id_case_audit_id_fk" FOREIGN KEY ("case_audit_id") REFERENCES "public"."case_audit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit_moderation" ADD CONSTRAINT "case_audit_moderation_moderated_by_user_account_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit_response" ADD CONSTRAINT "case_audit_response_case_audit_id_case_audit_id_fk" FOREIGN KEY ("case_audit_id") REFERENCES "public"."case_audit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_audit_response" ADD CONSTRAINT "case_audit_response_responded_by_user_account_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_tool_name_key" ON "audit_tool" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "audit_tool_version_key" ON "audit_tool_version" USING btree ("tool_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "case_audit_one_per_programme" ON "case_audit" USING btree ("programme_id","person_id");--> statement-breakpoint
CREATE INDEX "case_audit_person_idx" ON "case_audit" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "case_audit_auditor_idx" ON "case_audit" USING btree ("auditor_user_id","status");--> statement-breakpoint
CREATE INDEX "case_audit_signed_off_idx" ON "case_audit" USING btree ("signed_off_at") WHERE "case_audit"."status" = 'signed_off';--> statement-breakpoint
CREATE INDEX "case_audit_amendment_audit_idx" ON "case_audit_amendment" USING btree ("case_audit_id","amended_at");--> statement-breakpoint
CREATE UNIQUE INDEX "case_audit_answer_key" ON "case_audit_answer" USING btree ("case_audit_id","question_key");--> statement-breakpoint
CREATE UNIQUE INDEX "case_audit_moderation_one_per_audit" ON "case_audit_moderation" USING btree ("case_audit_id");--> statement-breakpoint
CREATE INDEX "case_audit_response_audit_idx" ON "case_audit_response" USING btree ("case_audit_id","responded_at");