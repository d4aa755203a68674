-- Enerlectra market event logs: the events a market's subscribers see (offer created / updated, trade and payment
-- progress), numbered 1, 2, 3, ... per market, one row per event, appended and never rewritten. The head row holds
-- the last sequence written and the market journal version the log's offer events follow; an append moves it in
-- the same statement that inserts the batch, and only from the sequence the writer last saw, so two activations of
-- one market cannot both write the same sequence (see PostgresMarketEventLog). Old events are trimmed: clients
-- replay only the most recent ones.

CREATE TABLE IF NOT EXISTS enerlectra_market_event_heads
(
    service_id   text   NOT NULL,
    market_id    text   NOT NULL,
    sequence     bigint NOT NULL,
    book_version bigint NOT NULL,
    PRIMARY KEY (service_id, market_id)
);

CREATE TABLE IF NOT EXISTS enerlectra_market_events
(
    service_id text        NOT NULL,
    market_id  text        NOT NULL,
    sequence   bigint      NOT NULL,
    payload    bytea       NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, market_id, sequence)
);
