CREATE INDEX "assessment_uncompleted_idx" ON "assessment" USING btree ("start_date") WHERE "assessment"."completed_on" is null;--> statement-breakpoint
CREATE INDEX "contact_received_idx" ON "contact" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "contact_child_decided_idx" ON "contact_child" USING btree ("decided_at");