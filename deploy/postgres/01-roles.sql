-- Roles the Management API expects (see the root README, "Database roles").
-- Passwords here are for the compose stack only; set real ones in production.
CREATE ROLE trivance_owner LOGIN CREATEDB PASSWORD 'trivance_owner';
CREATE ROLE trivance_app LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'trivance_app';
CREATE ROLE trivance_system LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT PASSWORD 'trivance_system';
-- One role per cross-tenant path; the system login takes one with SET LOCAL ROLE.
CREATE ROLE trivance_member_sync NOLOGIN NOBYPASSRLS;
CREATE ROLE trivance_platform NOLOGIN NOBYPASSRLS;
CREATE ROLE trivance_order_jobs NOLOGIN NOBYPASSRLS;
CREATE ROLE trivance_outbox_relay NOLOGIN NOBYPASSRLS;
CREATE ROLE trivance_ticket_holders NOLOGIN NOBYPASSRLS;
CREATE ROLE trivance_housekeeping NOLOGIN NOBYPASSRLS;
CREATE ROLE trivance_payments NOLOGIN NOBYPASSRLS;
CREATE ROLE trivance_donations NOLOGIN NOBYPASSRLS;
GRANT trivance_member_sync, trivance_platform, trivance_order_jobs, trivance_outbox_relay,
  trivance_ticket_holders, trivance_housekeeping, trivance_payments, trivance_donations TO trivance_system;
CREATE ROLE trivance_notifications NOLOGIN NOBYPASSRLS;
GRANT trivance_notifications TO trivance_system;
CREATE ROLE trivance_privacy_export NOLOGIN NOBYPASSRLS;
CREATE ROLE trivance_privacy_erasure NOLOGIN NOBYPASSRLS;
GRANT trivance_privacy_export, trivance_privacy_erasure TO trivance_system;
CREATE ROLE trivance_push NOLOGIN NOBYPASSRLS;
GRANT trivance_push TO trivance_system;
CREATE DATABASE trivance OWNER trivance_owner;
