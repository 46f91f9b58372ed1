-- Human references quoted on the phone: C000123 (contact), R000123 (referral), PN000123 (police notification).
CREATE SEQUENCE contact_ref_seq START 1;
--> statement-breakpoint
CREATE SEQUENCE referral_ref_seq START 1;
--> statement-breakpoint
CREATE SEQUENCE police_notification_ref_seq START 1;
