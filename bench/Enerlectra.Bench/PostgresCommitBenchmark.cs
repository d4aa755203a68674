using System.Diagnostics;
using Npgsql;

namespace Enerlectra.Bench;

/// <summary>The database's own ceiling on this machine: single-row INSERT commits per second at the same concurrency.</summary>
public static class PostgresCommitBenchmark
{
    public static async Task<(string Row, double PerSecond)> RunAsync(string connectionString, int connections, TimeSpan duration)
    {
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, payload bytea NOT NULL)", setup);
            await create.ExecuteNonQueryAsync();
        }

        var payload = new byte[512];
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO bench_commits (payload) VALUES (@p)", connection);
            insert.Parameters.AddWithValue("p", payload);
            var done = 0;
            while (stopwatch.Elapsed < duration)
            {
                await insert.ExecuteNonQueryAsync();
                done++;
            }

            return done;
        }));
        var rate = counts.Sum() / stopwatch.Elapsed.TotalSeconds;
        return ($"| raw PostgreSQL single-row commits | {connections} connections | {counts.Sum()} in {stopwatch.Elapsed.TotalSeconds:F1} s | **{rate:F0} commits/s** |", rate);
    }
}
