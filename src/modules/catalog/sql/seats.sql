-- The catalogue's seat ports for ticketing's one-statement and batched holds
-- (listed in CATALOG_SQL, ./callable.ts). Every seat movement locks ticket
-- type rows in id order, so they cannot deadlock; the CHECK on
-- catalog_ticket_types stays the last line of defence.

-- Holds seats of several ticket types at once, all or nothing, for callers
-- that hold inside a single statement (ticketing's one-round-trip hold). It
-- locks the requested types that have enough seats, in id order, then applies
-- the guarded UPDATE. Being VOLATILE, each statement here runs on a fresh
-- snapshot: the UPDATE sees the rows as locked, so it changes all of them or,
-- when one was short, none. One row per requested type: what is left, and
-- whether it was held.
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
      UPDATE catalog_ticket_types t SET held = t.held + p_quantities[1]
      WHERE t.id = p_ids[1] AND t.capacity - t.sold - t.held >= p_quantities[1]
      RETURNING t.id, t.capacity - t.sold - t.held, true;
    IF NOT FOUND THEN
      RETURN QUERY SELECT t.id, t.capacity - t.sold - t.held, false
        FROM catalog_ticket_types t WHERE t.id = p_ids[1];
    END IF;
    RETURN;
  END IF;
  SELECT count(*) INTO enough FROM (
    SELECT t.id FROM catalog_ticket_types t
    JOIN unnest(p_ids, p_quantities) AS w(id, quantity) ON w.id = t.id
    WHERE t.capacity - t.sold - t.held >= w.quantity
    ORDER BY t.id
    FOR UPDATE OF t) AS locked;
  IF enough <> cardinality(p_ids) THEN
    RETURN QUERY SELECT t.id, t.capacity - t.sold - t.held, false
      FROM catalog_ticket_types t WHERE t.id = ANY (p_ids) ORDER BY t.id;
    RETURN;
  END IF;
  RETURN QUERY
    UPDATE catalog_ticket_types t SET held = t.held + w.quantity
    FROM unnest(p_ids, p_quantities) AS w(id, quantity)
    WHERE t.id = w.id AND t.capacity - t.sold - t.held >= w.quantity
    RETURNING t.id, t.capacity - t.sold - t.held, true;
  GET DIAGNOSTICS changed = ROW_COUNT;
  IF changed <> cardinality(p_ids) THEN
    RAISE EXCEPTION 'catalog_hold_seats: held % of % ticket types', changed, cardinality(p_ids);
  END IF;
END
$$;

-- For callers that share out a ticket type's seats themselves (ticketing's
-- batched holds): locks the type's row, the lock every seat movement takes,
-- and says how many seats are left; NULL when the type is gone. The seats are
-- then taken with catalog_hold_seats in the same transaction.
CREATE OR REPLACE FUNCTION catalog_lock_seats_left(p_id integer) RETURNS integer
  LANGUAGE sql
  VOLATILE
  AS $$
  SELECT capacity - sold - held FROM catalog_ticket_types WHERE id = p_id FOR UPDATE
$$;
