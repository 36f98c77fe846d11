-- A change to an event's seats in one statement: the event's own pool first,
-- then its ticket types' pools (whoever changes a ticket type's seats holds
-- its event's pool, so no two changes deadlock). One round trip instead of two keeps the event's
-- pool locked for as short a time as possible, which is what bounds how many
-- orders an event can take per second.
--
-- SECURITY INVOKER: the caller's row-level security and grants apply, so a
-- buyer reaches only pools on sale. Returns false when the event's pool or any
-- of the ticket types' pools was out of reach (not on sale, or not this
-- event's); the check constraint seat_pools_never_oversold refuses overselling.
CREATE FUNCTION change_seats(p_event uuid, p_ticket_types uuid[], p_quantities integer[], p_column text)
  RETURNS boolean LANGUAGE plpgsql SECURITY INVOKER SET search_path = public AS $$
DECLARE
  v_total integer := (SELECT coalesce(sum(q), 0) FROM unnest(p_quantities) AS q);
  v_event_rows integer;
  v_type_rows integer;
BEGIN
  IF p_column = 'held' THEN
    UPDATE seat_pools SET held = held + v_total WHERE id = p_event;
    GET DIAGNOSTICS v_event_rows = ROW_COUNT;
    UPDATE seat_pools AS pool SET held = pool.held + change.quantity
      FROM unnest(p_ticket_types, p_quantities) AS change(id, quantity)
      WHERE pool.id = change.id AND pool.event_id = p_event;
    GET DIAGNOSTICS v_type_rows = ROW_COUNT;
  ELSIF p_column = 'sold' THEN
    UPDATE seat_pools SET sold = sold + v_total WHERE id = p_event;
    GET DIAGNOSTICS v_event_rows = ROW_COUNT;
    UPDATE seat_pools AS pool SET sold = pool.sold + change.quantity
      FROM unnest(p_ticket_types, p_quantities) AS change(id, quantity)
      WHERE pool.id = change.id AND pool.event_id = p_event;
    GET DIAGNOSTICS v_type_rows = ROW_COUNT;
  ELSE
    RAISE EXCEPTION 'change_seats: unknown column %', p_column USING ERRCODE = '22023';
  END IF;
  RETURN v_event_rows = 1 AND v_type_rows = cardinality(p_ticket_types);
END $$;
