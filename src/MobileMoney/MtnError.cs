using System.Text.Json;

namespace Enerlectra.MobileMoney;

/// <summary>
/// An error body from MTN. The API answers {code, message}; the API gateway in front of it answers
/// {statusCode, message}; the token endpoint may answer {error, error_description}. All three are read.
/// </summary>
internal sealed record MtnError(string? Code, string? Message)
{
    public static async Task<MtnError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return new MtnError(null, null);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new MtnError(null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new MtnError(null, text);
            }

            string? code = MtnJson.ReadString(root, "code") ?? MtnJson.ReadString(root, "error");
            string? message = MtnJson.ReadString(root, "message") ?? MtnJson.ReadString(root, "error_description");
            return new MtnError(code, message);
        }
        catch (JsonException)
        {
            return new MtnError(null, text);
        }
    }

    public override string ToString() => (Code, Message) switch
    {
        (null, null) => "no error details",
        (null, { } m) => m,
        ({ } c, null) => c,
        ({ } c, { } m) => $"{c}: {m}",
    };
}
