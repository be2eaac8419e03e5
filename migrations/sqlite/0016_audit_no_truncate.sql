-- Nothing to do on SQLite: it has no TRUNCATE (DELETE without WHERE is refused per row by 0002).
-- The number exists so that both databases count the same migrations.
SELECT 1;
