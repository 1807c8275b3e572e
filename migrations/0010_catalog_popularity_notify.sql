-- A popularity-only update (community's recompute job, through setEventPopularity)
-- changes neither the event's representation nor its ETag, so it must not drop
-- cached event pages: the UPDATE trigger skips rows where only `popularity`
-- changed (setEventPopularity sends one lists-only notification instead). Any
-- other change, and a no-op update as before, still notifies. A DELETE trigger
-- cannot look at NEW, hence its own trigger.
DROP TRIGGER events_notify_change ON events;
--> statement-breakpoint
CREATE TRIGGER events_notify_change AFTER UPDATE ON events
  FOR EACH ROW
  WHEN (OLD.popularity IS NOT DISTINCT FROM NEW.popularity
        OR (to_jsonb(OLD) - 'popularity') IS DISTINCT FROM (to_jsonb(NEW) - 'popularity'))
  EXECUTE FUNCTION catalog_notify_change();
--> statement-breakpoint
CREATE TRIGGER events_notify_delete AFTER DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION catalog_notify_change();
