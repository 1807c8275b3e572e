-- Seat counter changes (a hold, a sale, a release) are told apart from edits:
-- they notify '<event id>:counters' instead of '<event id>'. Pages showing
-- availability drop on both; caches of sale rules (prices, windows, limits)
-- drop only on edits, so a rush of holds does not empty them.
CREATE OR REPLACE FUNCTION catalog_notify_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  edited record;
BEGIN
  IF TG_TABLE_NAME = 'events' THEN
    PERFORM pg_notify('catalog_event_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'ticket_types' AND TG_OP = 'UPDATE' THEN
    -- Only the counters differ when the row equals the old one with them put back.
    edited := NEW;
    edited.sold := OLD.sold;
    edited.held := OLD.held;
    IF edited IS NOT DISTINCT FROM OLD THEN
      PERFORM pg_notify('catalog_event_changed', NEW.event_id::text || ':counters');
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_notify('catalog_event_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.event_id ELSE NEW.event_id END)::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Holds seats of several ticket types at once, all or nothing, for callers
-- that hold inside a single statement (ticketing's one-round-trip hold). It
-- locks the requested types that have enough seats, in id order (the lock
-- order of every seat movement, so it cannot deadlock), then applies the
-- guarded UPDATE. Being VOLATILE, each statement here runs on a fresh
-- snapshot: the UPDATE sees the rows as locked, so it changes all of them or,
-- when one was short, none. The CHECK on ticket_types stays the last line of
-- defence. One row per requested type: what is left, and whether it was held.
CREATE OR REPLACE FUNCTION catalog_hold_seats(p_ids integer[], p_quantities integer[])
  RETURNS TABLE (ticket_type_id integer, available integer, held boolean)
  LANGUAGE plpgsql
  VOLATILE
  AS $$
#variable_conflict use_column
DECLARE
  enough integer;
  changed integer;
BEGIN
  IF cardinality(p_ids) = 1 THEN
    -- One type: the guarded UPDATE alone is all or nothing, no need to lock first.
    RETURN QUERY
      UPDATE ticket_types t SET held = t.held + p_quantities[1]
      WHERE t.id = p_ids[1] AND t.capacity - t.sold - t.held >= p_quantities[1]
      RETURNING t.id, t.capacity - t.sold - t.held, true;
    IF NOT FOUND THEN
      RETURN QUERY SELECT t.id, t.capacity - t.sold - t.held, false
        FROM ticket_types t WHERE t.id = p_ids[1];
    END IF;
    RETURN;
  END IF;
  SELECT count(*) INTO enough FROM (
    SELECT t.id FROM ticket_types t
    JOIN unnest(p_ids, p_quantities) AS w(id, quantity) ON w.id = t.id
    WHERE t.capacity - t.sold - t.held >= w.quantity
    ORDER BY t.id
    FOR UPDATE OF t) AS locked;
  IF enough <> cardinality(p_ids) THEN
    RETURN QUERY SELECT t.id, t.capacity - t.sold - t.held, false
      FROM ticket_types t WHERE t.id = ANY (p_ids) ORDER BY t.id;
    RETURN;
  END IF;
  RETURN QUERY
    UPDATE ticket_types t SET held = t.held + w.quantity
    FROM unnest(p_ids, p_quantities) AS w(id, quantity)
    WHERE t.id = w.id AND t.capacity - t.sold - t.held >= w.quantity
    RETURNING t.id, t.capacity - t.sold - t.held, true;
  GET DIAGNOSTICS changed = ROW_COUNT;
  IF changed <> cardinality(p_ids) THEN
    RAISE EXCEPTION 'catalog_hold_seats: held % of % ticket types', changed, cardinality(p_ids);
  END IF;
END
$$;
