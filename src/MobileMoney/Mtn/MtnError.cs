using System.Text.Json;

namespace Enerlectra.MobileMoney.Mtn;

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

        // A body that is not a JSON object is kept whole as the message.
        return MtnJson.ReadObject(
            text,
            root => new MtnError(
                MtnJson.ReadString(root, "code") ?? MtnJson.ReadString(root, "error"),
                MtnJson.ReadString(root, "message") ?? MtnJson.ReadString(root, "error_description")),
            new MtnError(null, text));
    }

    public override string ToString() => ErrorText.Describe(Code, Message);
}
