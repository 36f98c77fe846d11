-- Privacy: an account holder's export and the erasure that follows the
-- deletion of their account. Two system paths, each with its own role and
-- policies that reach only the rows of the account named in the transaction
-- (app.user_id, set by the path from the Auth Service's request or event).
--   trivance_privacy_export   reads the account's rows for its export
--   trivance_privacy_erasure  removes and anonymises them once the account is deleted
-- A table added later joins the export with a SELECT grant and a policy
-- "USING (user_id = app_user_id())" for trivance_privacy_export, and the
-- erasure with the rights its step needs for trivance_privacy_erasure.

-- The export: read only, the account's rows alone.
CREATE POLICY member_profiles_privacy_export ON "member_profiles" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY orders_privacy_export ON "orders" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY order_items_privacy_export ON "order_items" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY tickets_privacy_export ON "tickets" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY payments_privacy_export ON "payments" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY refunds_privacy_export ON "refunds" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY donations_privacy_export ON "donations" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY recurring_donations_privacy_export ON "recurring_donations" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY waitlist_entries_privacy_export ON "waitlist_entries" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY notifications_privacy_export ON "notifications" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY notification_preferences_privacy_export ON "notification_preferences" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
CREATE POLICY push_devices_privacy_export ON "push_devices" FOR SELECT
  TO trivance_privacy_export USING (user_id = app_user_id());
-- Devices without their push token: it lets anyone holding it message the phone.
GRANT SELECT ("id", "user_id", "platform", "created_at", "last_seen_at") ON "push_devices"
  TO trivance_privacy_export;

GRANT SELECT ON "member_profiles", "orders", "order_items", "donations", "waitlist_entries",
  "notifications", "notification_preferences" TO trivance_privacy_export;
-- Tickets without their admission code: a bearer credential, shown by the app, not exported.
GRANT SELECT ("id", "organization_id", "user_id", "order_id", "event_id", "ticket_type_id", "status",
  "holder_name", "holder_email", "checked_in_at", "created_at") ON "tickets" TO trivance_privacy_export;
-- Payments without what binds them to the provider's checkout (keys, signatures).
GRANT SELECT ("id", "organization_id", "user_id", "order_id", "donation_id", "provider", "status",
  "amount", "currency", "fee", "reference", "settled_at", "created_at") ON "payments" TO trivance_privacy_export;
GRANT SELECT ("id", "organization_id", "user_id", "order_id", "donation_id", "payment_id", "amount",
  "currency", "created_at") ON "refunds" TO trivance_privacy_export;
-- Monthly gifts without the provider's payment source id (its label says which card).
GRANT SELECT ("id", "organization_id", "user_id", "campaign_id", "status", "amount", "currency",
  "cover_fees", "anonymous", "donor_email", "donor_name", "donor_tax_id", "payment_source_label",
  "cycle", "first_due_at", "next_charge_at", "paused_until", "cancelled_at", "created_at")
  ON "recurring_donations" TO trivance_privacy_export;
-- Names of the organizations, events and campaigns the rows belong to.
GRANT SELECT ("id", "name") ON "organizations" TO trivance_privacy_export;

-- The erasure: the account's rows alone, and only the columns it clears.
CREATE POLICY member_profiles_privacy_erasure ON "member_profiles" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY orders_privacy_erasure ON "orders" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY tickets_privacy_erasure ON "tickets" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY donations_privacy_erasure ON "donations" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY recurring_donations_privacy_erasure ON "recurring_donations" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY payments_privacy_erasure ON "payments" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY waitlist_entries_privacy_erasure ON "waitlist_entries" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY notifications_privacy_erasure ON "notifications" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY notification_preferences_privacy_erasure ON "notification_preferences" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

CREATE POLICY push_devices_privacy_erasure ON "push_devices" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());
CREATE POLICY push_tickets_privacy_erasure ON "push_tickets" FOR ALL
  TO trivance_privacy_erasure USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

GRANT SELECT, DELETE ON "member_profiles", "notifications", "notification_preferences",
  "push_devices", "push_tickets" TO trivance_privacy_erasure;
GRANT SELECT ("id", "user_id", "buyer_email", "buyer_name") ON "orders" TO trivance_privacy_erasure;
GRANT UPDATE ("buyer_email", "buyer_name", "updated_at") ON "orders" TO trivance_privacy_erasure;
GRANT SELECT ("id", "user_id", "holder_email", "holder_name") ON "tickets" TO trivance_privacy_erasure;
GRANT UPDATE ("holder_email", "holder_name", "updated_at") ON "tickets" TO trivance_privacy_erasure;
GRANT SELECT ("id", "user_id", "status", "recurring_donation_id", "donor_email", "donor_name",
  "donor_tax_id", "message", "tribute_kind", "tribute_name") ON "donations" TO trivance_privacy_erasure;
GRANT UPDATE ("status", "donor_email", "donor_name", "donor_tax_id", "message", "tribute_kind",
  "tribute_name", "updated_at") ON "donations" TO trivance_privacy_erasure;
GRANT SELECT ("id", "user_id", "status", "donor_email", "donor_name", "donor_tax_id",
  "payment_source_id", "payment_source_label", "charging_payment_id", "cancelled_at",
  "cancelled_by") ON "recurring_donations"
  TO trivance_privacy_erasure;
GRANT UPDATE ("status", "next_charge_at", "paused_until", "cancelled_at", "cancelled_by",
  "charging_payment_id", "payment_source_id", "payment_source_label", "donor_email", "donor_name",
  "donor_tax_id", "updated_at") ON "recurring_donations" TO trivance_privacy_erasure;
-- A monthly charge written but not yet sent to the provider is withdrawn, never sent.
GRANT SELECT ("id", "user_id", "donation_id", "provider", "status", "submitted_at") ON "payments"
  TO trivance_privacy_erasure;
GRANT UPDATE ("status", "submitted_at", "settled_at", "next_check_at", "updated_at") ON "payments"
  TO trivance_privacy_erasure;
GRANT SELECT ("id", "user_id", "email", "name") ON "waitlist_entries" TO trivance_privacy_erasure;
GRANT UPDATE ("email", "name", "updated_at") ON "waitlist_entries" TO trivance_privacy_erasure;

-- Both paths append to the system audit log.
CREATE POLICY system_audit_log_append_privacy ON "system_audit_log" FOR INSERT
  TO trivance_privacy_export, trivance_privacy_erasure WITH CHECK (true);
GRANT INSERT ON "system_audit_log" TO trivance_privacy_export, trivance_privacy_erasure;
