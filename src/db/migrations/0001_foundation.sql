CREATE TYPE "public"."user_role" AS ENUM('front_door_worker', 'social_worker', 'team_manager', 'service_manager', 'edt_worker', 'conference_chair', 'auditor', 'performance_analyst', 'administrator', 'partner_referrer');--> statement-breakpoint
CREATE TYPE "public"."access_scope" AS ENUM('own_caseload', 'team', 'service', 'council', 'none');--> statement-breakpoint
CREATE TABLE "address" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"line1" text NOT NULL,
	"line2" text,
	"town" text NOT NULL,
	"postcode" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "address_dates" CHECK ("address"."end_date" is null or "address"."end_date" >= "address"."start_date")
);
--> statement-breakpoint
CREATE TABLE "allocation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"allocation_role" text DEFAULT 'allocated_worker' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"username" text,
	"action" text NOT NULL,
	"entity_type" text,
	"entity_id" text,
	"person_id" uuid,
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_ref" text NOT NULL,
	"given_names" text NOT NULL,
	"family_name" text NOT NULL,
	"full_name" text GENERATED ALWAYS AS (given_names || ' ' || family_name) STORED,
	"date_of_birth" date,
	"is_unborn" boolean DEFAULT false NOT NULL,
	"expected_date_of_birth" date,
	"date_of_death" date,
	"sex" text NOT NULL,
	"gender_identity" text,
	"ethnicity_code" text,
	"religion" text,
	"first_language" text,
	"interpreter_needed" boolean DEFAULT false NOT NULL,
	"disabilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"nhs_number" text,
	"upn" text,
	"restricted" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "person_person_ref_unique" UNIQUE("person_ref"),
	CONSTRAINT "person_sex_code" CHECK ("person"."sex" in ('M','F','U')),
	CONSTRAINT "person_unborn_has_edd" CHECK (not "person"."is_unborn" or "person"."expected_date_of_birth" is not null),
	CONSTRAINT "person_born_has_dob_or_unknown" CHECK ("person"."is_unborn" or "person"."expected_date_of_birth" is null)
);
--> statement-breakpoint
CREATE TABLE "person_access_grant" (
	"person_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_name" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"name_type" text NOT NULL,
	"given_names" text NOT NULL,
	"family_name" text NOT NULL,
	"full_name" text GENERATED ALWAYS AS (given_names || ' ' || family_name) STORED,
	"valid_from" date,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_name_type" CHECK ("person_name"."name_type" in ('current','alias','previous'))
);
--> statement-breakpoint
CREATE TABLE "person_relationship" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"related_person_id" uuid NOT NULL,
	"relationship_type" text NOT NULL,
	"parental_responsibility" boolean DEFAULT false NOT NULL,
	"lives_with" boolean DEFAULT false NOT NULL,
	"start_date" date,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relationship_not_self" CHECK ("person_relationship"."person_id" <> "person_relationship"."related_person_id")
);
--> statement-breakpoint
CREATE TABLE "professional_involvement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"organisation" text NOT NULL,
	"phone" text,
	"email" text,
	"start_date" date,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "service_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "team" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "team_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "user_account" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"scope" "access_scope" NOT NULL,
	"worker_id" uuid,
	"partner_agency" text,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"job_role" text NOT NULL,
	"qualified_social_worker" boolean DEFAULT false NOT NULL,
	"swe_registration" text,
	"fte" numeric(3, 2) DEFAULT '1.00' NOT NULL,
	"team_id" uuid,
	"started_on" date NOT NULL,
	"left_on" date,
	CONSTRAINT "worker_fte_range" CHECK ("worker"."fte" > 0 and "worker"."fte" <= 1)
);
--> statement-breakpoint
ALTER TABLE "address" ADD CONSTRAINT "address_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation" ADD CONSTRAINT "allocation_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation" ADD CONSTRAINT "allocation_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation" ADD CONSTRAINT "allocation_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_updated_by_user_account_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_access_grant" ADD CONSTRAINT "person_access_grant_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_access_grant" ADD CONSTRAINT "person_access_grant_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_name" ADD CONSTRAINT "person_name_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relationship" ADD CONSTRAINT "person_relationship_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relationship" ADD CONSTRAINT "person_relationship_related_person_id_person_id_fk" FOREIGN KEY ("related_person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professional_involvement" ADD CONSTRAINT "professional_involvement_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team" ADD CONSTRAINT "team_service_id_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_account" ADD CONSTRAINT "user_account_worker_id_worker_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker" ADD CONSTRAINT "worker_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "address_person_idx" ON "address" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "address_postcode_idx" ON "address" USING btree (replace("postcode", ' ', ''));--> statement-breakpoint
CREATE INDEX "allocation_person_idx" ON "allocation" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "allocation_worker_open_idx" ON "allocation" USING btree ("worker_id") WHERE "allocation"."end_date" is null;--> statement-breakpoint
CREATE INDEX "allocation_team_open_idx" ON "allocation" USING btree ("team_id") WHERE "allocation"."end_date" is null;--> statement-breakpoint
CREATE INDEX "audit_log_person_idx" ON "audit_log" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_user_idx" ON "audit_log" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "person_dob_idx" ON "person" USING btree ("date_of_birth");--> statement-breakpoint
CREATE UNIQUE INDEX "person_nhs_number_key" ON "person" USING btree ("nhs_number");--> statement-breakpoint
CREATE INDEX "person_upn_idx" ON "person" USING btree ("upn");--> statement-breakpoint
CREATE INDEX "person_family_name_idx" ON "person" USING btree (lower("family_name"));--> statement-breakpoint
CREATE UNIQUE INDEX "person_access_grant_key" ON "person_access_grant" USING btree ("person_id","user_id");--> statement-breakpoint
CREATE INDEX "person_name_person_idx" ON "person_name" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "relationship_person_idx" ON "person_relationship" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "relationship_related_idx" ON "person_relationship" USING btree ("related_person_id");--> statement-breakpoint
CREATE INDEX "professional_person_idx" ON "professional_involvement" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "team_service_idx" ON "team" USING btree ("service_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_account_username_key" ON "user_account" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "worker_team_idx" ON "worker" USING btree ("team_id");