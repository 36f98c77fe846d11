-- Purging idempotency records past their retention (system path
-- idempotency.purge, role trivance_housekeeping): it reaches expired records
-- of every organization and nothing else, and appends to the audit log.
CREATE POLICY idempotency_records_housekeeping_read ON "idempotency_records" FOR SELECT
  TO trivance_housekeeping USING (expires_at <= now());
CREATE POLICY idempotency_records_housekeeping_purge ON "idempotency_records" FOR DELETE
  TO trivance_housekeeping USING (expires_at <= now());
GRANT SELECT, DELETE ON "idempotency_records" TO trivance_housekeeping;

DROP POLICY system_audit_log_append ON "system_audit_log";
CREATE POLICY system_audit_log_append ON "system_audit_log" FOR INSERT
  TO trivance_member_sync, trivance_platform, trivance_order_jobs, trivance_outbox_relay,
     trivance_ticket_holders, trivance_housekeeping WITH CHECK (true);
GRANT INSERT ON "system_audit_log" TO trivance_housekeeping;
