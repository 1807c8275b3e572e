-- The per-person limit inside the one-statement hold: serialises this user's
-- own holds for the event (never other buyers) with an advisory lock, then
-- counts their seats. It is VOLATILE plpgsql, so the count runs on a fresh
-- snapshot taken after the lock is granted and sees the hold that released
-- it; the calling statement's own snapshot is older.
-- Seats counted: active unexpired holds, pending orders' lines, and valid
-- tickets of confirmed orders (tickets cancelled one by one no longer count).
CREATE OR REPLACE FUNCTION ticketing_lock_user_seats(p_user uuid, p_event integer) RETURNS integer
  LANGUAGE plpgsql
  VOLATILE
  AS $$
DECLARE
  seats integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('ticketing:' || p_user::text || ':' || p_event::text, 0));
  SELECT
    (SELECT coalesce(sum(i.quantity), 0)
       FROM ticketing_reservations r
       JOIN ticketing_reservation_items i ON i.reservation_id = r.id
      WHERE r.user_id = p_user AND r.event_id = p_event
        AND r.status = 'active' AND r.expires_at > now())
  + (SELECT coalesce(sum(l.quantity), 0)
       FROM ticketing_orders o
       JOIN ticketing_order_lines l ON l.order_id = o.id
      WHERE o.user_id = p_user AND o.event_id = p_event AND o.status = 'pending_payment')
  + (SELECT count(*)
       FROM ticketing_tickets t
       JOIN ticketing_orders o ON o.id = t.order_id
      WHERE t.user_id = p_user AND t.event_id = p_event
        AND t.status = 'valid' AND o.status = 'confirmed')
  INTO seats;
  RETURN seats;
END
$$;
--> statement-breakpoint
-- The seat part of a hold: the per-person limit first (the user's own lock),
-- then the seats through the catalogue's all-or-nothing hold. Rows as
-- catalog_hold_seats returns them, each with the seats the user had before;
-- one row with a null type when the limit refused.
CREATE OR REPLACE FUNCTION ticketing_hold_seats(
  p_user uuid, p_event integer, p_ids integer[], p_quantities integer[], p_limit integer)
  RETURNS TABLE (seats_before integer, ticket_type_id integer, available integer, held boolean)
  LANGUAGE plpgsql
  VOLATILE
  AS $$
DECLARE
  before integer;
BEGIN
  before := ticketing_lock_user_seats(p_user, p_event);
  IF before + (SELECT sum(q) FROM unnest(p_quantities) AS q) > p_limit THEN
    RETURN QUERY SELECT before, NULL::integer, NULL::integer, false;
    RETURN;
  END IF;
  RETURN QUERY SELECT before, h.ticket_type_id, h.available, h.held
    FROM catalog_hold_seats(p_ids, p_quantities) AS h;
END
$$;
