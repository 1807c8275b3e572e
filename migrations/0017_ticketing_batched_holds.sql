-- A catalogue port for callers that share out a ticket type's seats
-- themselves (ticketing's batched holds): locks the type's row, the lock
-- every seat movement takes, and says how many seats are left; NULL when the
-- type is gone. The seats are then taken with catalog_hold_seats in the same
-- transaction.
CREATE OR REPLACE FUNCTION catalog_lock_seats_left(p_id integer) RETURNS integer
  LANGUAGE sql
  VOLATILE
  AS $$
  SELECT capacity - sold - held FROM ticket_types WHERE id = p_id FOR UPDATE
$$;
--> statement-breakpoint
-- The seats each of these users has of an event, for the per-person limit:
-- active unexpired holds, pending orders' lines, and valid tickets of
-- confirmed orders (tickets cancelled one by one no longer count). One row
-- per distinct user. STABLE: it counts on the snapshot of the statement that
-- calls it, so callers call it from a statement that starts after they took
-- the users' locks.
-- Every part is found from the users' side (indexes on user and event), so
-- the cost is that of these users' rows however big the event. The expiry
-- test is written so that the index of active holds by expiry never applies:
-- on a young database without statistics the planner took it, and scanned
-- every active hold of the event for each buyer.
CREATE OR REPLACE FUNCTION ticketing_users_seats(p_users uuid[], p_event integer)
  RETURNS TABLE (user_id uuid, seats integer)
  LANGUAGE sql
  STABLE
  AS $$
  SELECT u.id, (coalesce(h.n, 0) + coalesce(p.n, 0) + coalesce(t.n, 0))::integer
  FROM (SELECT DISTINCT id FROM unnest(p_users) AS id) AS u
  LEFT JOIN (
    SELECT r.user_id, sum(i.quantity) AS n
    FROM ticketing_reservations r
    JOIN ticketing_reservation_items i ON i.reservation_id = r.id
    WHERE r.user_id = ANY (p_users) AND r.event_id = p_event
      AND r.status = 'active' AND r.expires_at - now() > interval '0'
    GROUP BY r.user_id) AS h ON h.user_id = u.id
  LEFT JOIN (
    SELECT o.user_id, sum(l.quantity) AS n
    FROM ticketing_orders o
    JOIN ticketing_order_lines l ON l.order_id = o.id
    WHERE o.user_id = ANY (p_users) AND o.event_id = p_event AND o.status = 'pending_payment'
    GROUP BY o.user_id) AS p ON p.user_id = u.id
  LEFT JOIN (
    SELECT t.user_id, count(*) AS n
    FROM ticketing_tickets t
    JOIN ticketing_orders o ON o.id = t.order_id
    WHERE t.user_id = ANY (p_users) AND t.event_id = p_event
      AND t.status = 'valid' AND o.status = 'confirmed'
    GROUP BY t.user_id) AS t ON t.user_id = u.id
$$;
--> statement-breakpoint
-- The key of a user's own lock for an event: holds of one user for one event
-- never run side by side, so the per-person limit counts every seat.
CREATE OR REPLACE FUNCTION ticketing_user_lock_key(p_user uuid, p_event integer) RETURNS bigint
  LANGUAGE sql
  IMMUTABLE
  AS $$
  SELECT hashtextextended('ticketing:' || p_user::text || ':' || p_event::text, 0)
$$;
--> statement-breakpoint
-- The single hold's limit check, now on the shared count and lock key. The
-- count runs in RETURN's own statement, on a snapshot taken after the lock
-- was granted, so it sees the hold that released the lock.
CREATE OR REPLACE FUNCTION ticketing_lock_user_seats(p_user uuid, p_event integer) RETURNS integer
  LANGUAGE plpgsql
  VOLATILE
  AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(ticketing_user_lock_key(p_user, p_event));
  RETURN (SELECT s.seats FROM ticketing_users_seats(ARRAY[p_user], p_event) AS s);
END
$$;
--> statement-breakpoint
-- A batch of holds of ONE ticket type, each one request of one user, served
-- in order, first come first served. The users' own locks are taken first,
-- in lock-key order (every hold takes its user's lock before any seat lock,
-- and batches take theirs in one order, so holds cannot deadlock); their
-- seats are then counted on a fresh snapshot and the type's row is locked.
-- Each request either gets its seats, or is refused by the per-person limit
-- (counting what this batch already gave the same user), or is refused for
-- want of seats; all seats given are taken in one guarded UPDATE. One row per
-- request: idx (1-based, as in the arrays), the user's seats before it,
-- `available` (seats left after it; NULL when the limit refused it) and
-- whether it was held. A type that is gone has 0 seats left.
CREATE OR REPLACE FUNCTION ticketing_hold_batch(
  p_type integer, p_event integer, p_limit integer, p_users uuid[], p_quantities integer[])
  RETURNS TABLE (idx integer, seats_before integer, available integer, held boolean)
  LANGUAGE plpgsql
  VOLATILE
  AS $$
DECLARE
  lock_key bigint;
  user_ids uuid[];
  user_seats integer[];
  k integer;
  seats_left integer;
  taken integer := 0;
BEGIN
  FOR lock_key IN
    SELECT DISTINCT ticketing_user_lock_key(u, p_event) AS key FROM unnest(p_users) AS u ORDER BY key
  LOOP
    PERFORM pg_advisory_xact_lock(lock_key);
  END LOOP;
  SELECT array_agg(s.user_id), array_agg(s.seats)
    INTO user_ids, user_seats
    FROM ticketing_users_seats(p_users, p_event) AS s;
  seats_left := coalesce(catalog_lock_seats_left(p_type), 0);
  FOR i IN 1 .. cardinality(p_users) LOOP
    k := array_position(user_ids, p_users[i]);
    idx := i;
    seats_before := user_seats[k];
    IF user_seats[k] + p_quantities[i] > p_limit THEN
      available := NULL;
      held := false;
    ELSIF seats_left >= p_quantities[i] THEN
      seats_left := seats_left - p_quantities[i];
      user_seats[k] := user_seats[k] + p_quantities[i];
      taken := taken + p_quantities[i];
      available := seats_left;
      held := true;
    ELSE
      available := seats_left;
      held := false;
    END IF;
    RETURN NEXT;
  END LOOP;
  IF taken > 0 AND NOT (SELECT h.held FROM catalog_hold_seats(ARRAY[p_type], ARRAY[taken]) AS h) THEN
    RAISE EXCEPTION 'ticketing_hold_batch: % locked seats of ticket type % could not be taken', taken, p_type;
  END IF;
END
$$;
