-- Immutable helpers for generated search columns (array_to_string itself is only STABLE).
CREATE OR REPLACE FUNCTION ringlet_text_array(text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
