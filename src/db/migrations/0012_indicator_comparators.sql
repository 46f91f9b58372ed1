CREATE TABLE "council_setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "indicator_comparator" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" text NOT NULL,
	"kind" text NOT NULL,
	"year" text NOT NULL,
	"value" numeric NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "indicator_comparator_kind" CHECK ("indicator_comparator"."kind" in ('national','statistical_neighbours','target')),
	CONSTRAINT "indicator_comparator_year" CHECK ("indicator_comparator"."year" ~ '^[0-9]{4}-[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "council_setting" ADD CONSTRAINT "council_setting_updated_by_user_account_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_comparator" ADD CONSTRAINT "indicator_comparator_created_by_user_account_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_comparator_key" ON "indicator_comparator" USING btree ("indicator_id","kind","year");