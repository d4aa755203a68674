using Enerlectra.MobileMoney.Airtel;
using Enerlectra.MobileMoney.Mtn;
using Enerlectra.MobileMoney.Zamtel;
using Enerlectra.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enerlectra.MobileMoney.Tests;

public class ProviderRegistrationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private IConfiguration Configuration(bool payouts)
    {
        SandboxOptions s = fixture.Sandbox.Options;
        string url = fixture.Sandbox.BaseAddress.AbsoluteUri;
        var values = new Dictionary<string, string?>
        {
            ["MobileMoney:Mtn:BaseUrl"] = url,
            ["MobileMoney:Mtn:SubscriptionKey"] = s.SubscriptionKey,
            ["MobileMoney:Mtn:ApiUser"] = s.ApiUser,
            ["MobileMoney:Mtn:ApiKey"] = s.ApiKey,
            ["MobileMoney:Airtel:BaseUrl"] = url,
            ["MobileMoney:Airtel:ClientId"] = s.AirtelClientId,
            ["MobileMoney:Airtel:ClientSecret"] = s.AirtelClientSecret,
            ["MobileMoney:Airtel:RequestTimeout"] = "00:00:09",
            ["MobileMoney:Zamtel:BaseUrl"] = url,
            ["MobileMoney:Zamtel:ApiKey"] = s.ZamtelApiKey,
        };
        if (payouts)
        {
            values["MobileMoney:Mtn:DisbursementSubscriptionKey"] = s.DisbursementSubscriptionKey;
            values["MobileMoney:Mtn:DisbursementApiUser"] = s.DisbursementApiUser;
            values["MobileMoney:Mtn:DisbursementApiKey"] = s.DisbursementApiKey;
            values["MobileMoney:Airtel:DisbursementPin"] = s.AirtelDisbursementPin;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddMtnMomo(configuration);
        services.AddAirtelMoney(configuration);
        services.AddZamtelKwacha(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task All_three_providers_resolve_by_key_and_collect_and_pay_out()
    {
        await using ServiceProvider provider = Build(Configuration(payouts: true));

        Assert.Equal(TimeSpan.FromSeconds(9), provider.GetRequiredService<IOptions<AirtelMoneyOptions>>().Value.RequestTimeout);
        Assert.Equal(
            [MobileMoneyProvider.Mtn, MobileMoneyProvider.Airtel, MobileMoneyProvider.Zamtel],
            provider.GetServices<IMobileMoneyCollections>().Select(c => c.Provider));
        Assert.Equal(
            [MobileMoneyProvider.Mtn, MobileMoneyProvider.Airtel, MobileMoneyProvider.Zamtel],
            provider.GetServices<IMobileMoneyDisbursements>().Select(c => c.Provider));

        foreach ((MobileMoneyProvider key, string name) in new[] { (MobileMoneyProvider.Mtn, "mtn"), (MobileMoneyProvider.Airtel, "airtel"), (MobileMoneyProvider.Zamtel, "zamtel") })
        {
            IMobileMoneyCollections collections = provider.GetRequiredKeyedService<IMobileMoneyCollections>(key);
            IMobileMoneyDisbursements payouts = provider.GetRequiredKeyedService<IMobileMoneyDisbursements>(key);
            Assert.Equal((key, key), (collections.Provider, payouts.Provider));

            string payer = Payers.Approving();
            CollectionRequest request = Payers.Request(payer);
            Assert.Equal(SubmitOutcome.Accepted, await collections.RequestToPayAsync(request));
            Assert.Equal(CollectionState.Successful, (await collections.GetStatusAsync(request.ReferenceId)).State);
            DisbursementRequest payout = Payers.Payout(payer, amountNgwee: 1000);
            Assert.Equal(SubmitOutcome.Accepted, await payouts.TransferAsync(payout));
            Assert.Equal(CollectionState.Successful, (await payouts.GetTransferStatusAsync(payout.ReferenceId)).State);
            Assert.Equal(new SandboxPartyLedger(payer, 1000L, 1), await fixture.Control.PartyLedgerAsync(name, "payouts", payer));
        }
    }

    [Fact]
    public async Task Airtel_collections_and_payouts_share_one_token()
    {
        await using ServiceProvider provider = Build(Configuration(payouts: true));
        long before = (await fixture.Control.StatsAsync("airtel", "collections")).TokensIssued;

        await provider.GetRequiredKeyedService<IMobileMoneyCollections>(MobileMoneyProvider.Airtel).GetStatusAsync(Guid.NewGuid());
        await provider.GetRequiredKeyedService<IMobileMoneyDisbursements>(MobileMoneyProvider.Airtel).GetTransferStatusAsync(Guid.NewGuid());
        await provider.GetRequiredKeyedService<IMobileMoneyCollections>(MobileMoneyProvider.Airtel).GetStatusAsync(Guid.NewGuid());

        Assert.Equal(before + 1, (await fixture.Control.StatsAsync("airtel", "collections")).TokensIssued);
    }

    [Fact]
    public async Task Without_payout_settings_only_zamtel_offers_payouts()
    {
        await using ServiceProvider provider = Build(Configuration(payouts: false));

        Assert.Equal([MobileMoneyProvider.Zamtel], provider.GetServices<IMobileMoneyDisbursements>().Select(d => d.Provider));
        Assert.Null(provider.GetKeyedService<IMobileMoneyDisbursements>(MobileMoneyProvider.Mtn));
        Assert.Null(provider.GetKeyedService<IMobileMoneyDisbursements>(MobileMoneyProvider.Airtel));
    }

    [Theory]
    [InlineData("MobileMoney:Airtel")]
    [InlineData("MobileMoney:Zamtel")]
    public async Task Missing_configuration_fails_validation_with_the_section_name(string section)
    {
        var services = new ServiceCollection();
        IConfiguration empty = new ConfigurationBuilder().Build();
        if (section == "MobileMoney:Airtel")
        {
            services.AddAirtelMoney(empty);
        }
        else
        {
            services.AddZamtelKwacha(empty);
        }

        await using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IMobileMoneyCollections>());
        Assert.Contains(section, error.Message);
    }
}
