using System.Diagnostics;
using Npgsql;

namespace Enerlectra.Soak.Topology;

/// <summary>The soak's own database (created fresh each run) and the database server restart fault.</summary>
public sealed class PostgresControl(string serverConnectionString, string? dataDirectory)
{
    private const string Database = "enerlectra_soak";
    private const string PostgresBin = "/usr/lib/postgresql/15/bin";

    /// <summary>The connection string of the soak's database.</summary>
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = Database }.ConnectionString;

    public bool CanRestart => dataDirectory is not null && File.Exists(Path.Combine(PostgresBin, "pg_ctl"));

    /// <summary>Drops what an earlier run left and creates an empty database (the silos apply the schema).</summary>
    public async Task RecreateAsync(CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", $"CREATE DATABASE {Database}" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A fast restart (pg_ctl -m fast): every connection is cut and in-flight transactions roll back, as when the
    /// database server is restarted under the application.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var pgCtl = Path.Combine(PostgresBin, "pg_ctl");
        // PostgreSQL refuses to run as root, so as root the restart runs as the postgres user (as .ci/start-postgres.sh does).
        var (file, arguments) = Environment.UserName == "root"
            ? ("runuser", new[] { "-u", "postgres", "--", pgCtl, "-D", dataDirectory!, "-m", "fast", "-w", "-t", "60", "restart" })
            : (pgCtl, new[] { "-D", dataDirectory!, "-m", "fast", "-w", "-t", "60", "restart" });
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = "/tmp",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl restart failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
