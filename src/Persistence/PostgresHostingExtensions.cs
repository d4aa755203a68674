using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Enerlectra.Persistence;

/// <summary>
/// Wires Orleans' ADO.NET providers to PostgreSQL (invariant <c>Npgsql</c>) with Enerlectra's
/// schema. Every silo-side method also registers the schema as a silo start prerequisite (see
/// <see cref="UseEnerlectraPostgresSchema"/>), so callers cannot forget it.
/// </summary>
public static class PostgresHostingExtensions
{
    /// <summary>ADO.NET invariant name Orleans uses to load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Applies <see cref="PostgresSchema"/> to <paramref name="connectionString"/> in the silo
    /// lifecycle's first stage, before any Orleans provider touches the database. Registering the
    /// same connection string more than once applies it once.
    /// </summary>
    public static ISiloBuilder UseEnerlectraPostgresSchema(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.Configure<PostgresSchemaTargets>(t => t.ConnectionStrings.Add(connectionString));
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaLifecycleParticipant>());
        return builder;
    }

    /// <summary>Membership (clustering) in PostgreSQL.</summary>
    public static ISiloBuilder UseEnerlectraPostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        builder.UseEnerlectraPostgresSchema(connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// Gateway discovery for clients from the same membership table. Clients never create the
    /// schema: that is the silos' job, and a client may lack DDL rights.
    /// </summary>
    public static IClientBuilder UseEnerlectraPostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// Named grain storage in PostgreSQL. State is serialized with Orleans' own binary serializer
    /// (<see cref="OrleansGrainStorageSerializer"/>) instead of the default JSON one, so state
    /// types must be <c>[GenerateSerializer]</c> types and evolve under Orleans' version-tolerance
    /// rules (add members with new <c>[Id]</c>s, never reuse an id).
    /// </summary>
    public static ISiloBuilder AddEnerlectraPostgresGrainStorage(this ISiloBuilder builder, string name, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.UseEnerlectraPostgresSchema(connectionString);
        return builder.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> ob) =>
            ob.Configure<Serializer>((options, serializer) =>
            {
                options.Invariant = Invariant;
                options.ConnectionString = connectionString;
                options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
    }

    /// <summary>Reminder table in PostgreSQL.</summary>
    public static ISiloBuilder UseEnerlectraPostgresReminders(this ISiloBuilder builder, string connectionString)
    {
        builder.UseEnerlectraPostgresSchema(connectionString);
        return builder.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }
}
