using System.Runtime.CompilerServices;
using Enerlectra.Exchange;
using Enerlectra.Exchange.Events;
using Enerlectra.Exchange.Journal;
using Npgsql;
using Orleans.Serialization;

namespace Enerlectra.Persistence;

/// <summary>
/// Market journals in PostgreSQL (db/postgresql/005_enerlectra_journal.sql): one row per group commit, holding the
/// batch's events in Orleans' binary serialization (version tolerant through the events' [Id]s), and one snapshot
/// per stream. An append is one statement: it moves the stream's head from firstVersion − 1 and inserts the batch,
/// or does nothing when another writer moved the head first.
/// </summary>
public sealed class PostgresMarketJournal(NpgsqlDataSource dataSource, string serviceId, Serializer serializer) : IMarketJournal, IAsyncDisposable
{
    private const string AppendSql = """
        WITH head AS (
            INSERT INTO enerlectra_journal_heads AS h (service_id, stream_id, version)
            VALUES (@service, @stream, @last)
            ON CONFLICT (service_id, stream_id) DO UPDATE SET version = EXCLUDED.version
            WHERE h.version = @first - 1
            RETURNING 1)
        INSERT INTO enerlectra_journal (service_id, stream_id, first_version, last_version, payload)
        SELECT @service, @stream, @first, @last, @payload FROM head
        """;

    public async Task<JournalContents> LoadAsync(string streamId, CancellationToken cancellationToken = default)
    {
        MarketSnapshot? snapshot = null;
        await using (var command = dataSource.CreateCommand(
            "SELECT payload FROM enerlectra_journal_snapshots WHERE service_id = @service AND stream_id = @stream"))
        {
            command.Parameters.AddWithValue("service", serviceId);
            command.Parameters.AddWithValue("stream", streamId);
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] payload)
            {
                snapshot = serializer.Deserialize<MarketSnapshot>(payload);
            }
        }

        var events = new List<JournalEntry>();
        await foreach (var entry in ReadAsync(streamId, snapshot?.Version ?? 0, cancellationToken))
        {
            events.Add(entry);
        }

        return new JournalContents(snapshot, events);
    }

    public async Task<bool> AppendAsync(string streamId, long firstVersion, IReadOnlyList<MarketJournalEvent> events, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(AppendSql);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.AddWithValue("first", firstVersion);
        command.Parameters.AddWithValue("last", firstVersion + events.Count - 1);
        command.Parameters.AddWithValue("payload", serializer.SerializeToArray(events.ToArray()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task SaveSnapshotAsync(string streamId, MarketSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO enerlectra_journal_snapshots AS s (service_id, stream_id, version, payload)
            VALUES (@service, @stream, @version, @payload)
            ON CONFLICT (service_id, stream_id) DO UPDATE SET version = EXCLUDED.version, payload = EXCLUDED.payload, written_at = now()
            WHERE s.version < EXCLUDED.version
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.AddWithValue("version", snapshot.Version);
        command.Parameters.AddWithValue("payload", serializer.SerializeToArray(snapshot));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async IAsyncEnumerable<JournalEntry> ReadAsync(string streamId, long afterVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT first_version, payload FROM enerlectra_journal
            WHERE service_id = @service AND stream_id = @stream AND last_version > @after
            ORDER BY first_version
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.AddWithValue("after", afterVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var first = reader.GetInt64(0);
            var batch = serializer.Deserialize<MarketJournalEvent[]>(reader.GetFieldValue<byte[]>(1))
                ?? throw new InvalidDataException($"Journal {streamId} batch at {first} is empty.");
            for (var i = 0; i < batch.Length; i++)
            {
                var version = first + i;
                if (version > afterVersion)
                {
                    yield return new JournalEntry(version, batch[i]);
                }
            }
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
