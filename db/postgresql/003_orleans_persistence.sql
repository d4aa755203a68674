-- Enerlectra / Orleans ADO.NET grain storage on PostgreSQL 15.
--
-- Bound by Orleans.Persistence.AdoNet 10.4.2 (AdoNetGrainStorage):
--   @GrainIdHash int, @GrainIdN0 bigint, @GrainIdN1 bigint, @GrainTypeHash int,
--   @GrainTypeString text, @GrainIdExtensionString text (NULL for plain Guid/long keys),
--   @ServiceId text, @GrainStateVersion int (NULL = "grain has never seen a row"),
--   @PayloadBinary bytea.
-- Results read: ReadFromStorageKey -> PayloadBinary, Version; WriteToStorageKey ->
--   NewGrainStateVersion; ClearStorageKey / DeleteStorageKey -> first column.
--
-- Optimistic concurrency: Version is the grain's ETag. A write or clear only succeeds if the
-- caller's @GrainStateVersion equals the stored Version (or, for a first write, no row exists).
-- Otherwise the query yields NULL / no row, which the provider turns into
-- InconsistentStateException.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdExtensionString text        NULL,
    ServiceId              text        NOT NULL,
    PayloadBinary          bytea       NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    Version                integer     NOT NULL,
    -- The hashes are only a lookup aid (they may collide); identity is the full key. NULLS NOT
    -- DISTINCT (PostgreSQL 15+) makes two NULL extensions collide, so two silos racing to write
    -- a grain's first state cannot both insert a row.
    CONSTRAINT uq_orleansstorage_grain UNIQUE NULLS NOT DISTINCT
        (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage_hash
    ON OrleansStorage (GrainIdHash, GrainTypeHash);

CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grain_id_hash   integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_grain_type_hash integer,
    p_grain_type      text,
    p_grain_id_ext    text,
    p_service_id      text,
    p_expected        integer,
    p_payload         bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new integer;
BEGIN
    IF p_expected IS NULL THEN
        -- First write from this activation's point of view: only valid if nobody wrote before.
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
             p_grain_id_ext, p_service_id, p_payload, 1)
        ON CONFLICT ON CONSTRAINT uq_orleansstorage_grain DO NOTHING
        RETURNING Version INTO v_new;
    ELSE
        -- Row lock + re-check of Version under READ COMMITTED: of two writers holding the same
        -- ETag, the second sees the bumped Version and updates nothing.
        UPDATE OrleansStorage
           SET PayloadBinary = p_payload, Version = Version + 1, ModifiedOn = now()
         WHERE GrainIdHash = p_grain_id_hash AND GrainTypeHash = p_grain_type_hash
           AND ServiceId = p_service_id AND GrainTypeString = p_grain_type
           AND GrainIdN0 = p_grain_id_n0 AND GrainIdN1 = p_grain_id_n1
           AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
           AND Version = p_expected
        RETURNING Version INTO v_new;
    END IF;
    RETURN v_new;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT PayloadBinary, Version
      FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),
('WriteToStorageKey', $q$
    SELECT orleans_storage_write(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
        AS NewGrainStateVersion;
$q$),
-- Clearing keeps the row (payload NULL) so the Version keeps counting up; a grain that read
-- before the clear can therefore not overwrite the cleared state with a stale ETag.
('ClearStorageKey', $q$
    UPDATE OrleansStorage
       SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = now()
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING Version;
$q$),
-- Used when AdoNetGrainStorageOptions.DeleteStateOnClear is true. The provider treats a result
-- equal to the caller's ETag as a conflict, so report the version the row would have had next.
('DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
       AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING Version + 1;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
