namespace Enerlectra.MobileMoney.Mtn;

/// <summary>How a reference id is spelled on the wire: lowercase hyphenated UUID.</summary>
internal static class MtnReference
{
    public static string Format(Guid referenceId) => referenceId.ToString("D");
}
