using Microsoft.Extensions.Configuration;

namespace Enerlectra.Persistence;

/// <summary>
/// PostgreSQL settings shared by Orleans clustering, grain storage and reminders.
/// Bound from the <c>Postgres</c> configuration section.
/// </summary>
public sealed class PostgresOptions
{
    /// <summary>Configuration section name: <c>Postgres</c>.</summary>
    public const string SectionName = "Postgres";

    /// <summary>
    /// Npgsql connection string, e.g.
    /// <c>Host=127.0.0.1;Port=55432;Database=enerlectra;Username=postgres;Password=...</c>.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Reads <c>Postgres:ConnectionString</c> from <paramref name="configuration"/>.
    /// Throws if it is missing, because every provider built on it would fail later with a far
    /// less obvious error.
    /// </summary>
    public static PostgresOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetSection(SectionName)[nameof(ConnectionString)];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Configuration value '{SectionName}:{nameof(ConnectionString)}' is not set.");
        }

        return new PostgresOptions { ConnectionString = connectionString };
    }
}
