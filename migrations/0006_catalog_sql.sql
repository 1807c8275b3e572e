-- Accent- and case-folding used on both sides of search (documents and queries).
CREATE OR REPLACE FUNCTION catalog_fold(value text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT lower(unaccent(coalesce(value, ''))) $$;
--> statement-breakpoint
-- Recomputes the derived search columns of the given events (all when NULL) in
-- one set-based statement, and records their words for typo correction.
CREATE OR REPLACE FUNCTION catalog_refresh_events(p_ids integer[]) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  WITH target AS (
    SELECT e.id FROM events e WHERE p_ids IS NULL OR e.id = ANY (p_ids)
  ), occ AS (
    SELECT o.event_id,
           min(o.starts_at) AS first_starts_at,
           max(o.ends_at) AS last_ends_at,
           coalesce(array_agg(DISTINCT catalog_fold(o.city)) FILTER (WHERE o.city <> ''), '{}') AS city_keys,
           string_agg(o.venue_name || ' ' || o.city, ' ') AS places
      FROM event_occurrences o JOIN target t ON t.id = o.event_id
     GROUP BY o.event_id
  ), price AS (
    SELECT tt.event_id, min(tt.price_minor) AS min_price, max(tt.price_minor) AS max_price,
           array_agg(DISTINCT tt.price_minor) AS prices
      FROM ticket_types tt JOIN target t ON t.id = tt.event_id
     GROUP BY tt.event_id
  )
  UPDATE events e SET
    first_starts_at = occ.first_starts_at,
    last_ends_at = occ.last_ends_at,
    city_keys = coalesce(occ.city_keys, '{}'),
    min_price_minor = price.min_price,
    max_price_minor = price.max_price,
    prices = coalesce(price.prices, '{}'),
    search_vector =
      setweight(to_tsvector('simple', catalog_fold(e.title)), 'A') ||
      setweight(to_tsvector('simple', catalog_fold(array_to_string(e.tags, ' ') || ' ' || e.category || ' ' || coalesce((SELECT c.name FROM categories c WHERE c.slug = e.category), ''))), 'B') ||
      setweight(to_tsvector('simple', catalog_fold(e.organizer_name || ' ' || coalesce(occ.places, ''))), 'C') ||
      setweight(to_tsvector('simple', catalog_fold(e.description)), 'D'),
    search_text = catalog_fold(concat_ws(' ', e.title, array_to_string(e.tags, ' '), e.category, e.organizer_name, occ.places))
  FROM target
  LEFT JOIN occ ON occ.event_id = target.id
  LEFT JOIN price ON price.event_id = target.id
  WHERE e.id = target.id;

  INSERT INTO catalog_search_words (word)
  SELECT DISTINCT w FROM events e, unnest(tsvector_to_array(e.search_vector)) AS w
   WHERE (p_ids IS NULL OR e.id = ANY (p_ids)) AND length(w) BETWEEN 3 AND 40 AND w ~ '^[[:alnum:]]+$'
  ON CONFLICT DO NOTHING;
END
$$;
--> statement-breakpoint
-- Geo search: occurrences within a radius use this through earth_box().
CREATE INDEX IF NOT EXISTS event_occurrences_earth_idx ON event_occurrences
  USING gist (ll_to_earth(latitude, longitude)) WHERE latitude IS NOT NULL;
--> statement-breakpoint
INSERT INTO categories (slug, name, description, icon, sort_order) VALUES
  ('concert', 'Concerts', 'Live music: tours, gigs and recitals.', 'music', 10),
  ('theater', 'Theater', 'Plays, musicals and stage performances.', 'theater', 20),
  ('sports', 'Sports', 'Matches, races and tournaments.', 'trophy', 30),
  ('festival', 'Festivals', 'Multi-day festivals of music, food and culture.', 'sparkles', 40),
  ('conference', 'Conferences', 'Talks, summits and professional meetups.', 'presentation', 50),
  ('comedy', 'Comedy', 'Stand-up and improv shows.', 'smile', 60),
  ('workshop', 'Workshops', 'Hands-on classes and courses.', 'tools', 70),
  ('exhibition', 'Exhibitions', 'Art, design and museum exhibitions.', 'image', 80),
  ('movie', 'Movies', 'Screenings, premieres and film festivals.', 'film', 90),
  ('other', 'Other', 'Everything else.', 'star', 100)
ON CONFLICT (slug) DO NOTHING;
--> statement-breakpoint
-- Tells every API process (LISTEN catalog_event_changed) which event changed, at commit.
CREATE OR REPLACE FUNCTION catalog_notify_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_TABLE_NAME = 'events' THEN
    PERFORM pg_notify('catalog_event_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
  ELSE
    PERFORM pg_notify('catalog_event_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.event_id ELSE NEW.event_id END)::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER events_notify_change AFTER UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION catalog_notify_change();
--> statement-breakpoint
CREATE TRIGGER event_occurrences_notify_change AFTER INSERT OR UPDATE OR DELETE ON event_occurrences
  FOR EACH ROW EXECUTE FUNCTION catalog_notify_change();
--> statement-breakpoint
CREATE TRIGGER ticket_types_notify_change AFTER INSERT OR UPDATE OR DELETE ON ticket_types
  FOR EACH ROW EXECUTE FUNCTION catalog_notify_change();
--> statement-breakpoint
-- Search reads far more than it writes: no pending list to scan on every query.
ALTER INDEX events_search_vector_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX events_search_text_trgm_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX events_city_keys_idx SET (fastupdate = off);
--> statement-breakpoint
ALTER INDEX events_tags_idx SET (fastupdate = off);
