-- Enerlectra / Orleans ADO.NET reminders on PostgreSQL 15.
--
-- Bound by Orleans.Reminders.AdoNet 10.4.2:
--   @ServiceId, @GrainId (GrainId.ToString()), @ReminderName, @StartTime, @Period (milliseconds,
--   int or bigint), @GrainHash (uniform hash as signed int), @BeginHash/@EndHash (signed ints),
--   @Version (ETag as int).
-- Result columns read: GrainId, ReminderName, StartTime, Period (as Int64), Version; the upsert
--   returns Version, the single-row delete one bool-convertible column.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,
    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo periodically loads the reminders of its hash range.
CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_hash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
    INSERT INTO OrleansRemindersTable
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
       SET StartTime = EXCLUDED.StartTime,
           Period    = EXCLUDED.Period,
           GrainHash = EXCLUDED.GrainHash,
           Version   = OrleansRemindersTable.Version + 1
    RETURNING Version;
$q$),
('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$q$),
('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$q$),
-- The provider picks Rows1 when (int)begin < (int)end: a range that does not wrap in signed
-- order.
('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$q$),
-- ...and Rows2 otherwise: the range wraps around (or, begin = end, covers the whole ring).
('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),
('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM OrleansRemindersTable
         WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
           AND Version = @Version
        RETURNING 1)
    SELECT count(*) > 0 FROM deleted;
$q$),
('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
