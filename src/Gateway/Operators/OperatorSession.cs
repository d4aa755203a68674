namespace Enerlectra.Gateway.Operators;

/// <summary>The cookie scheme and policy that guard the operator pages (the dashboard).</summary>
public static class OperatorSession
{
    public const string Scheme = "OperatorCookie";

    public const string Policy = "operator-session";

    public const string CookieName = "enerlectra-operator";

    public const string SignInPath = "/operator/sign-in";

    public const string SignOutPath = "/operator/sign-out";

    public const string DashboardPath = "/dashboard";
}
