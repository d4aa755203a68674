-- Enerlectra market journals: append-only, one row per group commit (a batch of consecutive events), plus one
-- snapshot per stream so a restart replays only what came after it.
--
-- A stream's events are numbered 1, 2, 3, ... (its version). A batch holds events first_version..last_version,
-- serialized together. The head row serialises writers: a batch is accepted only if it starts right after the
-- stream's current head, in the same statement that moves the head (see PostgresMarketJournal), so two
-- activations of one market can never both append at the same version.

CREATE TABLE IF NOT EXISTS enerlectra_journal_heads
(
    service_id text   NOT NULL,
    stream_id  text   NOT NULL,
    version    bigint NOT NULL,
    PRIMARY KEY (service_id, stream_id)
);

CREATE TABLE IF NOT EXISTS enerlectra_journal
(
    service_id    text        NOT NULL,
    stream_id     text        NOT NULL,
    first_version bigint      NOT NULL,
    last_version  bigint      NOT NULL,
    payload       bytea       NOT NULL,
    written_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, stream_id, first_version),
    CHECK (first_version >= 1 AND last_version >= first_version)
);

CREATE TABLE IF NOT EXISTS enerlectra_journal_snapshots
(
    service_id text        NOT NULL,
    stream_id  text        NOT NULL,
    version    bigint      NOT NULL,
    payload    bytea       NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, stream_id)
);
