-- Tells every API process (LISTEN catalog_event_changed) which event changed,
-- at commit: the payload is the event id for an edit, and
-- '<event id>:counters:<ticket type id>' when only a ticket type's seat
-- counters moved (a hold, a sale, a release). Pages showing availability drop
-- on both; caches of sale rules (prices, windows, limits) drop only on edits,
-- so a rush of holds does not empty them, and a holder of "sold out" answers
-- for one type (ticketing) keeps them while another type of the event sells.
CREATE OR REPLACE FUNCTION catalog_notify_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  edited record;
BEGIN
  IF TG_TABLE_NAME = 'catalog_events' THEN
    PERFORM pg_notify('catalog_event_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'catalog_ticket_types' AND TG_OP = 'UPDATE' THEN
    -- Only the counters differ when the row equals the old one with them put back.
    edited := NEW;
    edited.sold := OLD.sold;
    edited.held := OLD.held;
    IF edited IS NOT DISTINCT FROM OLD THEN
      PERFORM pg_notify('catalog_event_changed', NEW.event_id::text || ':counters:' || NEW.id::text);
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_notify('catalog_event_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.event_id ELSE NEW.event_id END)::text);
  RETURN NULL;
END
$$;

-- A popularity-only update (community's recompute job, through
-- setEventPopularity) changes neither the event's representation nor its ETag,
-- so it must not drop cached event pages: the UPDATE trigger skips rows where
-- only `popularity` changed (setEventPopularity sends one lists-only
-- notification instead). Any other change, and a no-op update, notifies. A
-- DELETE trigger cannot look at NEW, hence its own trigger.
DROP TRIGGER IF EXISTS catalog_events_notify_change ON catalog_events;
CREATE TRIGGER catalog_events_notify_change AFTER UPDATE ON catalog_events
  FOR EACH ROW
  WHEN (OLD.popularity IS NOT DISTINCT FROM NEW.popularity
        OR (to_jsonb(OLD) - 'popularity') IS DISTINCT FROM (to_jsonb(NEW) - 'popularity'))
  EXECUTE FUNCTION catalog_notify_change();

DROP TRIGGER IF EXISTS catalog_events_notify_delete ON catalog_events;
CREATE TRIGGER catalog_events_notify_delete AFTER DELETE ON catalog_events
  FOR EACH ROW EXECUTE FUNCTION catalog_notify_change();

DROP TRIGGER IF EXISTS catalog_event_occurrences_notify_change ON catalog_event_occurrences;
CREATE TRIGGER catalog_event_occurrences_notify_change
  AFTER INSERT OR UPDATE OR DELETE ON catalog_event_occurrences
  FOR EACH ROW EXECUTE FUNCTION catalog_notify_change();

DROP TRIGGER IF EXISTS catalog_ticket_types_notify_change ON catalog_ticket_types;
CREATE TRIGGER catalog_ticket_types_notify_change
  AFTER INSERT OR UPDATE OR DELETE ON catalog_ticket_types
  FOR EACH ROW EXECUTE FUNCTION catalog_notify_change();
