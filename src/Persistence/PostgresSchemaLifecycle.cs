using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Enerlectra.Persistence;

/// <summary>Connection strings whose schema must exist before the silo starts.</summary>
internal sealed class PostgresSchemaTargets
{
    public HashSet<string> ConnectionStrings { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Applies the schema at <see cref="ServiceLifecycleStage.First"/>, i.e. before membership
/// (RuntimeInitialize), reminders and grain storage (ApplicationServices) read OrleansQuery.
/// A silo whose schema cannot be applied therefore fails to start instead of starting broken.
/// </summary>
internal sealed class PostgresSchemaLifecycleParticipant(
    IOptions<PostgresSchemaTargets> targets,
    ILogger<PostgresSchemaLifecycleParticipant> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(PostgresSchemaLifecycleParticipant), ServiceLifecycleStage.First, OnStart);
    }

    private async Task OnStart(CancellationToken ct)
    {
        foreach (var connectionString in targets.Value.ConnectionStrings)
        {
            await PostgresSchema.ApplyAsync(connectionString, logger, ct).ConfigureAwait(false);
        }
    }
}
