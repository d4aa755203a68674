using System.Net;
using System.Text;
using System.Text.Json;

namespace Enerlectra.IntegrationTests.WebSessions;

/// <summary>
/// A browser as the web app drives it, over real HTTP: it keeps the cookies the gateway sets (by hand, so a test can
/// also replay an old one, as a thief would), sends the refresh cookie only to /api/session as its Path says, and
/// always the same User-Agent and device id unless told otherwise.
/// </summary>
public sealed class BrowserSession(int httpPort, string? deviceId = null, string userAgent = "Mozilla/5.0 (X11; Linux x86_64) EnerlectraTest/1.0") : IDisposable
{
    public const string AccessCookie = "enerlectra_access";
    public const string RefreshCookie = "enerlectra_refresh";

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    public string DeviceId { get; } = deviceId ?? NewDeviceId();

    public string UserAgent { get; } = userAgent;

    public string? Access { get; set; }

    public string? Refresh { get; set; }

    /// <summary>The csrfToken of the latest session answer.</summary>
    public string? Csrf { get; private set; }

    /// <summary>The Set-Cookie lines of the latest answer that set any.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    public static string NewDeviceId() => "device-" + Guid.NewGuid().ToString("N");

    /// <summary>The family (sign-in) the current refresh token belongs to: the part before its dot.</summary>
    public string FamilyId => Refresh![..Refresh!.IndexOf('.')];

    public Task<Answer> SignInAsync(string userId, string? host = null) =>
        SendAsync(HttpMethod.Post, "/api/session", JsonSerializer.Serialize(new { userId, deviceId = DeviceId }), host: host);

    public Task<Answer> RefreshAsync(string? deviceId = null) =>
        SendAsync(HttpMethod.Post, "/api/session/refresh", headers: new() { ["X-Device-Id"] = deviceId ?? DeviceId });

    public Task<Answer> SessionAsync() => SendAsync(HttpMethod.Get, "/api/session");

    public Task<Answer> SignOutAsync() => SendAsync(HttpMethod.Delete, "/api/session");

    /// <summary>A call with the cookies; the CSRF header only when <paramref name="csrf"/> is given.</summary>
    public async Task<Answer> SendAsync(
        HttpMethod method, string path, string? json = null, string? csrf = null, Dictionary<string, string>? headers = null, string? host = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        var cookies = new List<string>();
        if (Access is not null)
        {
            cookies.Add($"{AccessCookie}={Access}");
        }

        if (Refresh is not null && path.StartsWith("/api/session", StringComparison.Ordinal))
        {
            cookies.Add($"{RefreshCookie}={Refresh}");
        }

        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies));
        }

        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var answer = new Answer(
            response.StatusCode, body,
            response.Headers.TryGetValues("Set-Cookie", out var set) ? [.. set] : [],
            response.Headers.RetryAfter?.Delta);
        Absorb(answer);
        return answer;
    }

    /// <summary>Takes the cookies set (or cleared) and the csrfToken, as a browser and the app would.</summary>
    private void Absorb(Answer answer)
    {
        if (answer.SetCookies.Count > 0)
        {
            LastSetCookies = answer.SetCookies;
        }

        foreach (var line in answer.SetCookies)
        {
            var value = line[(line.IndexOf('=') + 1)..line.IndexOf(';')];
            var cleared = value.Length == 0 || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
            if (line.StartsWith(AccessCookie + "=", StringComparison.Ordinal))
            {
                Access = cleared ? null : value;
            }
            else if (line.StartsWith(RefreshCookie + "=", StringComparison.Ordinal))
            {
                Refresh = cleared ? null : value;
            }
        }

        if (answer.Status == HttpStatusCode.OK && answer.Json is { } json && json.TryGetProperty("csrfToken", out var csrf))
        {
            Csrf = csrf.GetString();
        }
    }

    public void Dispose() => _http.Dispose();

    public sealed record Answer(HttpStatusCode Status, string Body, IReadOnlyList<string> SetCookies, TimeSpan? RetryAfter)
    {
        public JsonElement? Json => Body.Length > 0 && Body[0] == '{' ? JsonDocument.Parse(Body).RootElement.Clone() : null;

        public string Cookie(string name) => Assert.Single(SetCookies, c => c.StartsWith(name + "=", StringComparison.Ordinal));

        public (HttpStatusCode, string) AsCall() => (Status, Body);
    }
}
