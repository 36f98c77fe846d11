-- A delivery of an event reads back what earlier deliveries of it wrote (to
-- finish pushes a delivery cut short had not recorded): by organization and cause.
CREATE INDEX "notifications_organization_id_transaction_id_idx" ON "notifications"("organization_id", "transaction_id");
