-- TRUNCATE fires no row trigger, so 0002's audit_log_no_change let it empty the trail: refuse
-- it with a statement-level trigger too. (SQLite has no TRUNCATE; DELETE is refused per row.)
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
