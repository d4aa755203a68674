using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Enerlectra.Persistence;

/// <summary>
/// Applies Enerlectra's own Orleans schema (db/postgresql/*.sql, embedded in this assembly).
/// </summary>
/// <remarks>
/// All scripts run in one transaction that first takes a transaction-scoped advisory lock, so
/// silos starting at the same time queue up instead of racing on DDL; the lock is released by
/// the commit or rollback. Applied scripts are recorded in <c>enerlectra_schema_migrations</c>
/// (name + SHA-256). A script whose recorded hash matches is skipped; one whose content changed
/// since it was applied is logged as a warning and run again, which is safe because every
/// script is written to be idempotent.
/// </remarks>
public static class PostgresSchema
{
    /// <summary>Table recording applied scripts.</summary>
    public const string MigrationsTable = "enerlectra_schema_migrations";

    private const string ResourcePrefix = "Enerlectra.Persistence.Sql.";

    // Arbitrary but fixed: every Enerlectra process must agree on it. ASCII "EnerSchm".
    private const long AdvisoryLockKey = 0x456E657253636D;

    private static readonly Lazy<IReadOnlyList<Script>> EmbeddedScripts = new(LoadScripts);

    /// <summary>Names of the embedded scripts, in the order they are applied.</summary>
    public static IReadOnlyList<string> ScriptNames => EmbeddedScripts.Value.Select(s => s.Name).ToArray();

    /// <summary>
    /// Applies every script that is new or changed. Returns the names of the scripts that were
    /// executed by this call (empty when the database was already up to date).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(
        string connectionString, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"""
            CREATE TABLE IF NOT EXISTS {MigrationsTable}
            (
                name       text        NOT NULL PRIMARY KEY,
                sha256     text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, ct).ConfigureAwait(false);

        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand($"SELECT name, sha256 FROM {MigrationsTable}", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                applied[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var executed = new List<string>();
        foreach (var script in EmbeddedScripts.Value)
        {
            if (applied.TryGetValue(script.Name, out var recordedHash))
            {
                if (recordedHash == script.Sha256)
                {
                    continue;
                }

                logger?.LogWarning(
                    "Schema script {Script} changed since it was applied (recorded {OldHash}, now {NewHash}); re-applying it",
                    script.Name, recordedHash, script.Sha256);
            }

            logger?.LogInformation("Applying schema script {Script}", script.Name);
            await ExecuteAsync(connection, tx, script.Sql, ct).ConfigureAwait(false);

            await using var record = new NpgsqlCommand($"""
                INSERT INTO {MigrationsTable} (name, sha256, applied_at) VALUES (@name, @sha, now())
                ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, applied_at = EXCLUDED.applied_at
                """, connection, tx);
            record.Parameters.AddWithValue("name", script.Name);
            record.Parameters.AddWithValue("sha", script.Sha256);
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            executed.Add(script.Name);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        if (executed.Count == 0)
        {
            logger?.LogDebug("PostgreSQL schema already up to date");
        }

        return executed;
    }

    /// <summary>
    /// Blocking variant of <see cref="ApplyAsync"/> for host-builder code that runs before any
    /// async context exists (for example right before <c>UseOrleans</c>).
    /// </summary>
    public static IReadOnlyList<string> Apply(string connectionString, ILogger? logger = null)
        => ApplyAsync(connectionString, logger).GetAwaiter().GetResult();

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        // DDL on a busy database can wait on locks; the caller's token bounds the wait instead.
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static IReadOnlyList<Script> LoadScripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n))
            // The numeric prefixes define the order; ordinal sort keeps 001 < 002 < 010.
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToArray();
        if (scripts.Length == 0)
        {
            throw new InvalidOperationException($"No embedded SQL scripts found under '{ResourcePrefix}'.");
        }

        return scripts;
    }

    private static Script Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd();
        // Hash normalised line endings so a CRLF checkout does not look like a changed script.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.Replace("\r\n", "\n", StringComparison.Ordinal))));
        return new Script(resourceName[ResourcePrefix.Length..], sql, hash);
    }

    private sealed record Script(string Name, string Sql, string Sha256);
}
