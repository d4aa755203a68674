-- Enerlectra / Orleans ADO.NET clustering (membership) on PostgreSQL 15.
--
-- Orleans' membership protocol is optimistic: every silo reads the whole table together with a
-- single per-cluster version number, and a write (insert or update of a silo row) only succeeds if
-- the version it read is still current; the write bumps the version. The version row therefore
-- acts as the cluster-wide lock and is what makes concurrent silo joins safe.
--
-- Bound by Orleans.Clustering.AdoNet 10.4.2 (see RelationalOrleansQueries):
--   @DeploymentId (= ClusterId), @Address, @Port, @Generation, @SiloName, @HostName, @Status,
--   @ProxyPort, @StartTime, @IAmAliveTime, @SuspectTimes, @Version (table version it read).
-- Result columns read: Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
--   SuspectTimes, StartTime, IAmAliveTime, Version. Insert/update/version-insert return one
--   column convertible to bool.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL DEFAULT 0,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Inserting the silo row and bumping the table version must be one atomic step: if the row
-- already exists (a retried insert) the version bump has to be undone, which needs a
-- sub-transaction, hence plpgsql rather than a CTE.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_silo_name      text,
    p_host_name      text,
    p_status         integer,
    p_proxy_port     integer,
    p_start_time     timestamptz,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    BEGIN
        -- Taking the version row first serialises all membership writers of this cluster.
        UPDATE OrleansMembershipVersionTable
           SET Version = Version + 1, Timestamp = now()
         WHERE DeploymentId = p_deployment_id
           AND Version = p_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
             StartTime, IAmAliveTime)
        VALUES
            (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
             coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive);
        RETURN 1;
    EXCEPTION WHEN unique_violation THEN
        -- Leaving the block rolls back the version bump as well.
        RETURN 0;
    END;
END
$fn$;

CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_status         integer,
    p_suspect_times  text,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
           SET Version = Version + 1, Timestamp = now()
         WHERE DeploymentId = p_deployment_id
           AND Version = p_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        UPDATE OrleansMembershipTable
           SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_i_am_alive
         WHERE DeploymentId = p_deployment_id
           AND Address = p_address AND Port = p_port AND Generation = p_generation;
        IF NOT FOUND THEN
            -- No such silo row: the version must not move either.
            RAISE EXCEPTION USING ERRCODE = 'EN001', MESSAGE = 'membership row missing';
        END IF;
        RETURN 1;
    EXCEPTION WHEN SQLSTATE 'EN001' THEN
        RETURN 0;
    END;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted;
$q$),
('InsertMembershipKey', $q$
    SELECT orleans_membership_insert(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
        @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
    SELECT orleans_membership_update(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime,
        @Version);
$q$),
-- Heartbeats deliberately bypass the table version: they are frequent and carry no
-- membership decision, so they must not invalidate other silos' pending writes.
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
       SET IAmAliveTime = @IAmAliveTime
     WHERE DeploymentId = @DeploymentId
       AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),
-- The LEFT JOIN guarantees one row even with no silos: the provider takes the table version
-- from the first row and treats a NULL StartTime as "no member".
('MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId
       AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),
-- @Status is bound to Active (3) by the provider.
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
      FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Status = @Status
       AND ProxyPort > 0;
$q$),
-- Required (silo start fails without it), used only when CleanupDefunctSiloEntryKey is absent.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND IAmAliveTime < @IAmAliveTime
       AND Status <> 3;
$q$),
-- Optional in 10.4.2 but preferred when present: the provider reads the table, picks Dead (6)
-- rows older than the cutoff and deletes each one only if it is still exactly as it read it,
-- so a row touched concurrently (new suspicion vote, status change) survives.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId
       AND Address = @Address AND Port = @Port AND Generation = @Generation
       AND Status = 6
       AND StartTime = @StartTime
       AND IAmAliveTime = @IAmAliveTime
       AND SuspectTimes IS NOT DISTINCT FROM @SuspectTimes;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
