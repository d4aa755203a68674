namespace Enerlectra.Sandbox;

/// <summary>
/// Enerlectra's phone verifications (a small collection proving a user holds the number they link) carry
/// <see cref="Marker"/> at the start of the collection's free text: MTN's externalId, Airtel's reference, Zamtel's
/// narration. The sandbox approves those whatever the number's scenario ending, except the endings reserved for
/// testing verification itself (<see cref="SandboxScenarios.ForPhoneVerification"/>), so every test number can be
/// linked, including those that decline trade payments; and its ledger counts them apart.
/// </summary>
public static class SandboxPhoneVerification
{
    /// <summary>The server's copy is Enerlectra.Grains.PhoneVerifications.PhoneVerificationCollection.Marker: keep them equal.</summary>
    public const string Marker = "enerlectra-verify";

    /// <summary>Whether a collection's free text marks it as a phone verification.</summary>
    /// <param name="text">MTN externalId, Airtel reference or Zamtel narration.</param>
    /// <returns>True when <paramref name="text"/> starts with <see cref="Marker"/>.</returns>
    public static bool IsMarked(string? text) => text is not null && text.StartsWith(Marker, StringComparison.Ordinal);
}
