-- Enerlectra / Orleans ADO.NET: shared query catalogue.
--
-- Every Orleans ADO.NET provider (clustering, grain storage, reminders) starts by running
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- and then executes the stored text for each operation, binding @Name parameters. The provider
-- code fixes the key names, the parameter names and the result column names; everything else
-- (table layout, functions, locking strategy) is ours. See 002..004 for the per-provider rows.
--
-- Unquoted identifiers fold to lower case in PostgreSQL; Npgsql's column lookup is
-- case-insensitive, so the provider's mixed-case names still resolve.
--
-- Every statement is idempotent so the script can be re-run, and PostgresSchema.ApplyAsync
-- serialises concurrent appliers with an advisory lock.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (QueryKey)
);
