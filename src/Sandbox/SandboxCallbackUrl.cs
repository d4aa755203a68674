namespace Enerlectra.Sandbox;

/// <summary>
/// Fills a configured callback URL template ("http://host/api/callbacks/airtel/{reference}") for one reference.
/// Airtel and Zamtel call one configured URL rather than a per-request one, so the reference goes in via the template.
/// </summary>
internal static class SandboxCallbackUrl
{
    public static Uri? Resolve(string? template, Guid referenceId) =>
        string.IsNullOrWhiteSpace(template)
            ? null
            : new Uri(template.Replace("{reference}", referenceId.ToString("D"), StringComparison.Ordinal), UriKind.Absolute);
}
