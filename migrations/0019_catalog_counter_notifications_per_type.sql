-- Seat counter changes now name their ticket type: '<event id>:counters:<type id>'.
-- A holder of "sold out" answers for one type (ticketing) can then keep them
-- while another type of the same event sells; everything else about the
-- notifications is as before (0015).
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
      PERFORM pg_notify('catalog_event_changed', NEW.event_id::text || ':counters:' || NEW.id::text);
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_notify('catalog_event_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.event_id ELSE NEW.event_id END)::text);
  RETURN NULL;
END
$$;
