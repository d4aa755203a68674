using System.Text;
using Enerlectra.MobileMoney;
using Enerlectra.MobileMoney.Airtel;

namespace Enerlectra.IntegrationTests.Support;

/// <summary>Callback bodies as each provider writes them, for tests that send their own (forged, misdirected, replayed).</summary>
public static class ProviderCallbacks
{
    /// <summary>What MTN PUTs when a payment succeeded; it carries no signature, so anyone can send it for any reference.</summary>
    public static string MtnSuccess(string reference, long amountNgwee) =>
        $$"""{"financialTransactionId":"FORGED","externalId":"{{reference}}","amount":"{{amountNgwee / 100}}.{{amountNgwee % 100:D2}}","currency":"ZMW","payer":{"partyIdType":"MSISDN","partyId":"260960000000"},"status":"SUCCESSFUL"}""";

    /// <summary>Airtel's callback for <paramref name="transactionJson"/>, its hash made with <paramref name="key"/>.</summary>
    public static string AirtelSigned(string transactionJson, string key) =>
        $$"""{"transaction":{{transactionJson}},"hash":"{{AirtelCallbackVerifier.ComputeHash(transactionJson, key)}}"}""";

    /// <summary>Sends a callback body to a callback route.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string body) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    /// <summary>Sends <see cref="MtnSuccess"/> for <paramref name="reference"/> to its MTN callback route.</summary>
    public static Task<HttpResponseMessage> SendMtnSuccessAsync(HttpClient client, string reference, long amountNgwee) =>
        SendAsync(client, HttpMethod.Put, $"/api/callbacks/mtn/{reference}", MtnSuccess(reference, amountNgwee));
}
