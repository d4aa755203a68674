namespace Enerlectra.Gateway.Callbacks;

/// <summary>
/// Reads a provider callback's body, bounded: callbacks are anonymous, so nobody may make the gateway buffer an
/// arbitrary amount. Real callbacks are a few hundred bytes.
/// </summary>
internal static class CallbackBody
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>The body as UTF-8 text exactly as sent (signatures are over the raw text), or null when it is too large.</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        // Content-Length may be absent (chunked) or wrong, so the limit is enforced on what is actually read.
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        while (length < buffer.Length)
        {
            int read;
            try
            {
                read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Kestrel's backstop (which also counts chunked framing) stopped the body first: too large all the same.
                return null;
            }

            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return length > MaxBytes ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }
}
