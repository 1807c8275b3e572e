-- Ticketing's holds in one statement: the per-person limit (./user-seats.sql),
-- then the seats through the catalogue's seat ports (catalog_hold_seats and
-- catalog_lock_seats_left, listed in CATALOG_SQL at catalog's door).

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
