using Enerlectra.Abstractions.Identity;
using Enerlectra.Chain;
using Enerlectra.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Enerlectra.Hosting.Profiles;

/// <summary>
/// Development conveniences (dev tokens, the mobile money sandbox, in-memory storage, published keys) belong to the
/// Development profile only. Any other profile that is configured with one of them refuses to start, naming every
/// offending setting at once, rather than running a money server that anyone can mint operator tokens for.
/// </summary>
public static class ProductionGuard
{
    /// <summary>Throws when <paramref name="environment"/> is not Development and the configuration is unsafe for it.</summary>
    public static void EnsureSafe(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return;
        }

        var problems = Problems(configuration).ToList();
        if (problems.Count > 0)
        {
            throw new UnsafeConfigurationException(
                $"Refusing to start in the {environment.EnvironmentName} profile:{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems.Select(p => "  - " + p)) + Environment.NewLine +
                "For a local run use the Development profile (ASPNETCORE_ENVIRONMENT=Development; `dotnet run` selects it).");
        }
    }

    /// <summary>What is unsafe outside Development, one sentence per setting, each naming it.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        if (configuration.GetValue("Auth:DevTokensEnabled", false))
        {
            yield return "Auth:DevTokensEnabled is true: anyone could mint operator and meter tokens. Remove it.";
        }

        if (string.Equals(configuration["Auth:SigningKey"]?.Trim(), DevelopmentValues.SigningKey, StringComparison.Ordinal))
        {
            yield return "Auth:SigningKey is the published development key. Configure a secret key (32+ random bytes, base64) or Auth:Authority.";
        }

        if (new IdKeyOptions { IdKey = configuration[IdKeyOptions.ConfigurationKey] }.IsDevelopmentKey)
        {
            yield return $"{IdKeyOptions.ConfigurationKey} is empty or the published development key: trade and payout ids would be guessable. Configure a secret key (32+ random bytes, base64).";
        }

        if (configuration.GetValue("Sandbox:Enabled", false))
        {
            yield return "Sandbox:Enabled is true: payments would go to the mobile money sandbox. Remove it and configure the providers.";
        }

        if (string.IsNullOrWhiteSpace(configuration[$"{PostgresOptions.SectionName}:ConnectionString"]))
        {
            yield return "Postgres:ConnectionString is empty: in-memory storage loses every trade on restart. Configure PostgreSQL.";
        }

        foreach (var setting in configuration.GetSection("MobileMoney").AsEnumerable(makePathsRelative: false))
        {
            if (setting.Value is { } value && DevelopmentValues.SandboxCredentials.Contains(value.Trim()))
            {
                yield return $"{setting.Key} is one of the sandbox's published test credentials. Configure the provider's real credentials.";
            }
        }

        if (string.Equals(configuration["MobileMoney:Airtel:CallbackSecret"]?.Trim(), DevelopmentValues.AirtelCallbackSecret, StringComparison.Ordinal))
        {
            yield return "MobileMoney:Airtel:CallbackSecret is the published development secret. Configure the secret agreed with Airtel.";
        }

        if (long.TryParse(configuration[ChainOptions.ChainIdKey], out var chainId) && DevelopmentValues.DevelopmentChainIds.Contains(chainId))
        {
            yield return $"{ChainOptions.ChainIdKey} is {chainId}, a local development chain whose keys are public. Configure the production network.";
        }
    }
}

/// <summary>The configuration is not safe for the profile it runs in; the message names every setting at fault.</summary>
public sealed class UnsafeConfigurationException(string message) : InvalidOperationException(message);
