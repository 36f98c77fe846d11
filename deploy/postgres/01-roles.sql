-- Roles the Management API expects (see the root README, "Database roles").
-- Passwords here are for the compose stack only; set real ones in production.
CREATE ROLE trivance_owner LOGIN CREATEDB PASSWORD 'trivance_owner';
CREATE ROLE trivance_app LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'trivance_app';
CREATE ROLE trivance_system LOGIN NOSUPERUSER BYPASSRLS PASSWORD 'trivance_system';
CREATE DATABASE trivance OWNER trivance_owner;
