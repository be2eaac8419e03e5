-- HQ's key-account department staff (ka_staff, 大客户管理部门专员), who compile the monthly
-- assessment (issue 14), join the roles. SQLite cannot change a CHECK constraint, and users is
-- the parent of most tables, so a rebuild (as 0017 does for a child table) would trip the foreign
-- keys inside the migration's transaction. The constraint's text is edited in the schema instead,
-- as SQLite documents for a change that leaves the stored rows as they are (lang_altertable.html,
-- "making other kinds of table schema changes"); the migration runner then bumps the schema
-- version, so that every connection reads the new text.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
  SET sql = replace(sql, '''dealer_manager'', ''sales_rep'')', '''dealer_manager'', ''sales_rep'', ''ka_staff'')')
  WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = OFF;
