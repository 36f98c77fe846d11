-- A text cell as CSV exports write it: one that a spreadsheet would read as a
-- formula (it begins with =, +, -, @, a tab or a carriage return) is prefixed
-- with an apostrophe, so it shows as text and never runs.
CREATE FUNCTION csv_cell(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN value ~ '^[=+@\t\r-]' THEN '''' || value ELSE value END $$;
