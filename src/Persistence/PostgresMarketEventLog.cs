using Enerlectra.Abstractions.Market;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;

namespace Enerlectra.Persistence;

/// <summary>
/// Market event logs in PostgreSQL (db/postgresql/006_enerlectra_market_events.sql): one row per event in Orleans'
/// binary serialization (version tolerant through the event's [Id]s). An append is one statement: it moves the head
/// from the sequence the writer last saw and inserts the batch, or does nothing when another writer moved it first.
/// </summary>
public sealed class PostgresMarketEventLog(NpgsqlDataSource dataSource, string serviceId, Serializer serializer) : IMarketEventLog, IAsyncDisposable
{
    private const string AppendSql = """
        WITH head AS (
            INSERT INTO enerlectra_market_event_heads AS h (service_id, market_id, sequence, book_version)
            VALUES (@service, @market, @last, @book)
            ON CONFLICT (service_id, market_id) DO UPDATE SET sequence = EXCLUDED.sequence, book_version = EXCLUDED.book_version
            WHERE h.sequence = @after
            RETURNING 1),
        added AS (
            INSERT INTO enerlectra_market_events (service_id, market_id, sequence, payload)
            SELECT @service, @market, @after + e.n, e.payload
            FROM head, unnest(@payloads) WITH ORDINALITY AS e(payload, n)
            RETURNING 1)
        SELECT count(*) FROM head
        """;

    public async Task<MarketEventLogTail> ReadTailAsync(string marketId, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long sequence, bookVersion;
        await using (var head = new NpgsqlCommand(
            "SELECT sequence, book_version FROM enerlectra_market_event_heads WHERE service_id = @service AND market_id = @market", connection))
        {
            head.Parameters.AddWithValue("service", serviceId);
            head.Parameters.AddWithValue("market", marketId);
            await using var reader = await head.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new MarketEventLogTail(false, 0, 0, []);
            }

            sequence = reader.GetInt64(0);
            bookVersion = reader.GetInt64(1);
        }

        var events = new List<MarketEvent>();
        await using (var read = new NpgsqlCommand("""
            SELECT payload FROM enerlectra_market_events
            WHERE service_id = @service AND market_id = @market AND sequence <= @head
            ORDER BY sequence DESC LIMIT @max
            """, connection))
        {
            read.Parameters.AddWithValue("service", serviceId);
            read.Parameters.AddWithValue("market", marketId);
            read.Parameters.AddWithValue("head", sequence);
            read.Parameters.AddWithValue("max", max);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(serializer.Deserialize<MarketEvent>(reader.GetFieldValue<byte[]>(0))
                    ?? throw new InvalidDataException($"Market {marketId}: an event in its log is empty."));
            }
        }

        events.Reverse();
        return new MarketEventLogTail(true, sequence, bookVersion, events);
    }

    public async Task<bool> AppendAsync(string marketId, long afterSequence, IReadOnlyList<MarketEvent> events, long bookVersion, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(AppendSql);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("market", marketId);
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("last", afterSequence + events.Count);
        command.Parameters.AddWithValue("book", bookVersion);
        command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea)
        {
            Value = events.Select(e => serializer.SerializeToArray(e)).ToArray(),
        });
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public async Task TrimAsync(string marketId, long throughSequence, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM enerlectra_market_events WHERE service_id = @service AND market_id = @market AND sequence <= @through");
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("market", marketId);
        command.Parameters.AddWithValue("through", throughSequence);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
