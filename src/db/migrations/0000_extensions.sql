-- Trigram search for typo-tolerant name search, and phonetic matching (dmetaphone) for names.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
