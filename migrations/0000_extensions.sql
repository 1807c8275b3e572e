-- Extensions the modules rely on: trigram similarity for typo-tolerant search,
-- case-insensitive text for emails and slugs, great-circle distance for geo search,
-- accent folding for search. Hand-written (drizzle-kit generate --custom); the
-- tables follow in the generated baseline, the modules' SQL functions and
-- triggers in src/modules/<name>/sql/ (applied after every migration).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS citext;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS cube;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
