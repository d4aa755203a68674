namespace Enerlectra.Gateway.Operators;

/// <summary>
/// The Orleans dashboard for operators (configuration section "Dashboard"). It shows grain internals, reminders and
/// the live server log, so it is served only when enabled (on in the Development profile, off otherwise) and only
/// to operators signed in through /operator/sign-in.
/// </summary>
public sealed class OperatorDashboardOptions
{
    public const string SectionName = "Dashboard";

    public bool Enabled { get; set; }

    /// <summary>Turns off the dashboard's live log (/dashboard/Trace) while keeping the rest.</summary>
    public bool HideTrace { get; set; }

    /// <summary>How long an operator's sign-in lasts at most (never longer than the token it was made from).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}
