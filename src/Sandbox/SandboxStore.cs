using Enerlectra.Sandbox.Airtel;
using Enerlectra.Sandbox.Mtn;
using Enerlectra.Sandbox.Zamtel;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Sandbox;

/// <summary>
/// The whole sandbox's memory: one <see cref="SandboxBook"/> per provider product and one token registry per
/// provider credential. Owns the background work (delayed outcomes, callbacks) and stops it on dispose.
/// </summary>
internal sealed class SandboxStore : IDisposable
{
    public const string Mtn = "mtn";
    public const string Airtel = "airtel";
    public const string Zamtel = "zamtel";
    public const string Collections = "collections";
    public const string Payouts = "payouts";

    private readonly CancellationTokenSource _stopping = new();
    private readonly SandboxCallbackSender _callbacks;

    public SandboxStore(SandboxOptions options, TimeProvider time, ILogger logger)
    {
        Options = options;
        Time = time;
        _callbacks = new SandboxCallbackSender(options, time, logger, _stopping.Token);
        MtnCollectionTokens = new SandboxTokenRegistry(time);
        MtnDisbursementTokens = new SandboxTokenRegistry(time);
        AirtelTokens = new SandboxTokenRegistry(time);

        SandboxBook Book(string provider, string kind, SandboxTokenRegistry? tokens,
            Func<SandboxEntrySnapshot, SandboxCallbackKind, SandboxCallbackMessage> render) =>
            new(provider, kind, tokens, options, time, logger, _stopping.Token, _callbacks, render);

        MtnCollections = Book(Mtn, Collections, MtnCollectionTokens, (e, k) => MtnSandboxJson.Callback(e, k, options, "payer"));
        MtnTransfers = Book(Mtn, Payouts, MtnDisbursementTokens, (e, k) => MtnSandboxJson.Callback(e, k, options, "payee"));
        AirtelCollections = Book(Airtel, Collections, AirtelTokens, (e, k) => AirtelSandboxJson.Callback(e, k, options));
        AirtelPayouts = Book(Airtel, Payouts, AirtelTokens, (e, k) => AirtelSandboxJson.Callback(e, k, options));
        ZamtelCollections = Book(Zamtel, Collections, null, (e, k) => ZamtelSandboxJson.Callback(e, k));
        ZamtelPayouts = Book(Zamtel, Payouts, null, (e, k) => ZamtelSandboxJson.Callback(e, k));
        Books = [MtnCollections, MtnTransfers, AirtelCollections, AirtelPayouts, ZamtelCollections, ZamtelPayouts];
    }

    public SandboxOptions Options { get; }

    public TimeProvider Time { get; }

    public SandboxTokenRegistry MtnCollectionTokens { get; }

    public SandboxTokenRegistry MtnDisbursementTokens { get; }

    public SandboxTokenRegistry AirtelTokens { get; }

    public SandboxBook MtnCollections { get; }

    public SandboxBook MtnTransfers { get; }

    public SandboxBook AirtelCollections { get; }

    public SandboxBook AirtelPayouts { get; }

    public SandboxBook ZamtelCollections { get; }

    public SandboxBook ZamtelPayouts { get; }

    public IReadOnlyList<SandboxBook> Books { get; }

    public void Dispose()
    {
        _stopping.Cancel();
        _callbacks.Dispose();
        _stopping.Dispose();
    }
}
