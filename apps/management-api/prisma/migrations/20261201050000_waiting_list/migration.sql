-- The waiting list: accounts waiting for seats of a sold-out ticket type
-- (customer-owned), offered freed seats in the order they joined by the
-- order-jobs path, which holds the seats for the offer until it is redeemed
-- or lapses.

CREATE TYPE "waitlist_status" AS ENUM ('WAITING', 'OFFERED', 'FULFILLED', 'EXPIRED', 'LEFT');

ALTER TABLE "seat_pools" ADD COLUMN "waiting" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "seat_pools" ADD CONSTRAINT "seat_pools_waiting_not_negative" CHECK ("waiting" >= 0);

CREATE TABLE "waitlist_entries" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" CHAR(24) NOT NULL,
    "event_id" UUID NOT NULL,
    "ticket_type_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "status" "waitlist_status" NOT NULL DEFAULT 'WAITING',
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "offered_at" TIMESTAMPTZ(3),
    "offered_until" TIMESTAMPTZ(3),
    "order_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "waitlist_entries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "waitlist_entries_quantity_positive" CHECK ("quantity" > 0),
    CONSTRAINT "waitlist_entries_offer_has_a_term" CHECK (
      "status" NOT IN ('OFFERED', 'FULFILLED') OR "offered_until" IS NOT NULL)
);

CREATE UNIQUE INDEX "waitlist_entries_organization_id_id_key" ON "waitlist_entries"("organization_id", "id");
CREATE INDEX "waitlist_entries_ticket_type_id_status_created_at_id_idx" ON "waitlist_entries"("ticket_type_id", "status", "created_at", "id");
CREATE INDEX "waitlist_entries_user_id_created_at_id_idx" ON "waitlist_entries"("user_id", "created_at", "id");
CREATE INDEX "waitlist_entries_status_offered_until_idx" ON "waitlist_entries"("status", "offered_until");

ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_organization_id_ticket_type_id_fkey" FOREIGN KEY ("organization_id", "ticket_type_id") REFERENCES "ticket_types"("organization_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Customer-owned: the organization's staff and the entry's own account.
-- Buyers join and leave; only the order-jobs path makes and ends offers
-- (a buyer's update may only leave, or redeem an offer of theirs).
ALTER TABLE "waitlist_entries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "waitlist_entries" FORCE ROW LEVEL SECURITY;
CREATE POLICY waitlist_entries_customer ON "waitlist_entries" FOR SELECT
  USING (organization_id = app_organization_id() OR user_id = app_user_id());
CREATE POLICY waitlist_entries_join ON "waitlist_entries" FOR INSERT
  WITH CHECK (user_id = app_user_id() AND status = 'WAITING');
CREATE POLICY waitlist_entries_own ON "waitlist_entries" FOR UPDATE
  USING (user_id = app_user_id())
  WITH CHECK (user_id = app_user_id() AND status IN ('LEFT', 'FULFILLED'));
CREATE POLICY waitlist_entries_never_deleted ON "waitlist_entries" FOR DELETE USING (false);
REVOKE UPDATE, DELETE ON "waitlist_entries" FROM trivance_app;
GRANT UPDATE ("status", "order_id", "updated_at") ON "waitlist_entries" TO trivance_app;
CREATE POLICY waitlist_entries_jobs ON "waitlist_entries" FOR ALL TO trivance_order_jobs
  USING (true) WITH CHECK (true);
GRANT SELECT, UPDATE ON "waitlist_entries" TO trivance_order_jobs;
GRANT SELECT ON "events" TO trivance_order_jobs;
CREATE POLICY events_jobs ON "events" FOR SELECT TO trivance_order_jobs USING (true);
GRANT SELECT ON "organizations" TO trivance_order_jobs;

-- seat_pools.waiting counts the entries still waiting, whoever changes them.
CREATE POLICY seat_pools_waiting ON "seat_pools" FOR ALL TO trivance_owner USING (true) WITH CHECK (true);
CREATE POLICY waitlist_entries_owner ON "waitlist_entries" FOR SELECT TO trivance_owner USING (true);
CREATE FUNCTION waitlist_count_waiting() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.status = 'WAITING' THEN
    UPDATE seat_pools SET waiting = waiting + 1 WHERE id = NEW.ticket_type_id;
  ELSIF TG_OP = 'UPDATE' AND OLD.status = 'WAITING' AND NEW.status <> 'WAITING' THEN
    UPDATE seat_pools SET waiting = waiting - 1 WHERE id = NEW.ticket_type_id;
  ELSIF TG_OP = 'UPDATE' AND OLD.status <> 'WAITING' AND NEW.status = 'WAITING' THEN
    RAISE EXCEPTION 'a waiting-list entry never returns to WAITING' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER waitlist_entries_waiting AFTER INSERT OR UPDATE OF status ON "waitlist_entries"
  FOR EACH ROW EXECUTE FUNCTION waitlist_count_waiting();
REVOKE ALL ON FUNCTION waitlist_count_waiting() FROM PUBLIC;

-- An entry's place in line (1 = next), for its own account or its
-- organization's staff: the entries ahead belong to other people, so they
-- are counted here, never listed.
CREATE FUNCTION waitlist_position(p_entry uuid) RETURNS integer
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT (SELECT count(*)::int + 1 FROM waitlist_entries ahead
           WHERE ahead.ticket_type_id = e.ticket_type_id AND ahead.status = 'WAITING'
             AND (ahead.created_at, ahead.id) < (e.created_at, e.id))
  FROM waitlist_entries e
  WHERE e.id = p_entry AND e.status = 'WAITING'
    AND (e.user_id = app_user_id() OR e.organization_id = app_organization_id())
$$;
REVOKE ALL ON FUNCTION waitlist_position(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION waitlist_position(uuid) TO trivance_app;
