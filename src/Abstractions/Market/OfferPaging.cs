using Enerlectra.Abstractions.Errors;

namespace Enerlectra.Abstractions.Market;

/// <summary>How many open offers one page of a market's list holds; checked by the gateway and again by the market.</summary>
public static class OfferPaging
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;

    /// <summary>Longer than any token the market hands out; a longer one is refused before it reaches a grain.</summary>
    public const int MaxPageTokenLength = 128;

    /// <summary>The page size to use (0 means the default), or an InvalidArgument <see cref="TradingException"/> naming pageSize.</summary>
    public static int PageSize(int requested)
    {
        if (requested is < 0 or > MaxPageSize)
        {
            throw TradingException.Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize} (0 for the default of {DefaultPageSize}).");
        }

        return requested == 0 ? DefaultPageSize : requested;
    }

    /// <summary>Refuses a page token no market could have handed out (the market checks its contents).</summary>
    public static void CheckPageToken(string? pageToken)
    {
        if (pageToken is { Length: > MaxPageTokenLength })
        {
            throw TradingException.Invalid("pageToken", "pageToken is not one this server returned.");
        }
    }
}
