namespace Enerlectra.Sandbox.Mtn;

/// <summary>MTN requires X-Reference-Id to be a UUID version 4 in the hyphenated form.</summary>
internal static class MtnSandboxReference
{
    public static bool TryParse(string? text, out Guid referenceId) =>
        Guid.TryParseExact(text, "D", out referenceId) && text![14] == '4';
}
