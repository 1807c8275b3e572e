-- Catalogue search: the derived search columns of catalog_events and the
-- vocabulary typo correction looks words up in.

-- Accent- and case-folding used on both sides of search (documents and queries).
CREATE OR REPLACE FUNCTION catalog_fold(value text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT lower(unaccent(coalesce(value, ''))) $$;

-- Recomputes the derived search columns of the given events (all when NULL) in
-- one set-based statement, and records their words for typo correction.
CREATE OR REPLACE FUNCTION catalog_refresh_events(p_ids integer[]) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  WITH target AS (
    SELECT e.id FROM catalog_events e WHERE p_ids IS NULL OR e.id = ANY (p_ids)
  ), occ AS (
    SELECT o.event_id,
           min(o.starts_at) AS first_starts_at,
           max(o.ends_at) AS last_ends_at,
           coalesce(array_agg(DISTINCT catalog_fold(o.city)) FILTER (WHERE o.city <> ''), '{}') AS city_keys,
           string_agg(o.venue_name || ' ' || o.city, ' ') AS places
      FROM catalog_event_occurrences o JOIN target t ON t.id = o.event_id
     GROUP BY o.event_id
  ), price AS (
    SELECT tt.event_id, min(tt.price_minor) AS min_price, max(tt.price_minor) AS max_price,
           array_agg(DISTINCT tt.price_minor) AS prices
      FROM catalog_ticket_types tt JOIN target t ON t.id = tt.event_id
     GROUP BY tt.event_id
  )
  UPDATE catalog_events e SET
    first_starts_at = occ.first_starts_at,
    last_ends_at = occ.last_ends_at,
    city_keys = coalesce(occ.city_keys, '{}'),
    min_price_minor = price.min_price,
    max_price_minor = price.max_price,
    prices = coalesce(price.prices, '{}'),
    search_vector =
      setweight(to_tsvector('simple', catalog_fold(e.title)), 'A') ||
      setweight(to_tsvector('simple', catalog_fold(array_to_string(e.tags, ' ') || ' ' || e.category || ' ' || coalesce((SELECT c.name FROM catalog_categories c WHERE c.slug = e.category), ''))), 'B') ||
      setweight(to_tsvector('simple', catalog_fold(e.organizer_name || ' ' || coalesce(occ.places, ''))), 'C') ||
      setweight(to_tsvector('simple', catalog_fold(e.description)), 'D'),
    search_text = catalog_fold(concat_ws(' ', e.title, array_to_string(e.tags, ' '), e.category, e.organizer_name, occ.places))
  FROM target
  LEFT JOIN occ ON occ.event_id = target.id
  LEFT JOIN price ON price.event_id = target.id
  WHERE e.id = target.id;

  INSERT INTO catalog_search_words (word)
  SELECT DISTINCT w FROM catalog_events e, unnest(tsvector_to_array(e.search_vector)) AS w
   WHERE (p_ids IS NULL OR e.id = ANY (p_ids)) AND length(w) BETWEEN 3 AND 40 AND w ~ '^[[:alnum:]]+$'
  ON CONFLICT DO NOTHING;
END
$$;
