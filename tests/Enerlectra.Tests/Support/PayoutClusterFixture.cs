using System.Net.Http.Json;
using System.Text.Json;
using Enerlectra.Sandbox;

namespace Enerlectra.Tests.Support;

/// <summary>The cluster fixture with MTN payouts configured, batching earnings up to <see cref="ThresholdNgwee"/>.</summary>
public sealed class PayoutClusterFixture : ClusterFixture
{
    public const long ThresholdNgwee = 5_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings(MobileMoneySandbox sandbox) =>
    [
        new("MobileMoney:Mtn:DisbursementApiUser", sandbox.Options.DisbursementApiUser),
        new("MobileMoney:Mtn:DisbursementApiKey", sandbox.Options.DisbursementApiKey),
        new("MobileMoney:Mtn:DisbursementSubscriptionKey", sandbox.Options.DisbursementSubscriptionKey),
        new("Payouts:ThresholdNgwee", ThresholdNgwee.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    /// <summary>What the sandbox paid out to one phone (digits, no '+').</summary>
    public async Task<(long TotalNgwee, int Count)> PaidToAsync(string msisdn)
    {
        var ledger = await SandboxHttp.GetFromJsonAsync<JsonElement>("sandbox/mtn/payouts/ledger", Json);
        foreach (var party in ledger.GetProperty("parties").EnumerateArray())
        {
            if (party.GetProperty("msisdn").GetString() == msisdn)
            {
                return (party.GetProperty("totalNgwee").GetInt64(), party.GetProperty("count").GetInt32());
            }
        }

        return (0, 0);
    }

    public Task<HttpResponseMessage> ApprovePayoutAsync(Guid payoutId) =>
        SandboxHttp.PostAsync($"sandbox/mtn/payouts/{payoutId:D}/approve", null);
}
