-- PostgreSQL only (migrations/postgres/0037): its expression indexes over last_visit_at carry the
-- column for index-only counts, and the open opportunities get a lean index by expected date.
-- SQLite counts both from the indexes it has (opportunities_open_expected by its INDEXED BY hint).
SELECT 1;
