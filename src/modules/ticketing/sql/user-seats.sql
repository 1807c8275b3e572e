-- The per-person limit's count and lock: every hold takes its user's own lock
-- for the event before any seat lock, so holds of one user for one event never
-- run side by side and the limit counts every seat.

-- The key of a user's own lock for an event.
CREATE OR REPLACE FUNCTION ticketing_user_lock_key(p_user uuid, p_event integer) RETURNS bigint
  LANGUAGE sql
  IMMUTABLE
  AS $$
  SELECT hashtextextended('ticketing:' || p_user::text || ':' || p_event::text, 0)
$$;

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

-- The single hold's limit check: takes the user's lock, then counts. The
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
