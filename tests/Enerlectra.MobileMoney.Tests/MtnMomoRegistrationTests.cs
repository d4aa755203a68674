using Enerlectra.MobileMoney.Mtn;
using Enerlectra.Sandbox;
using Enerlectra.Sandbox.Mtn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enerlectra.MobileMoney.Tests;

public class MtnMomoRegistrationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private IConfiguration Configuration(Dictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["MobileMoney:Mtn:BaseUrl"] = fixture.Sandbox.BaseAddress.AbsoluteUri,
            ["MobileMoney:Mtn:SubscriptionKey"] = fixture.Sandbox.Options.SubscriptionKey,
            ["MobileMoney:Mtn:ApiUser"] = fixture.Sandbox.Options.ApiUser,
            ["MobileMoney:Mtn:ApiKey"] = fixture.Sandbox.Options.ApiKey,
            ["MobileMoney:Mtn:RequestTimeout"] = "00:00:07",
            ["MobileMoney:Mtn:MaxRetryAttempts"] = "2",
        };
        foreach ((string key, string? value) in extra ?? [])
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    [Fact]
    public async Task Registered_client_is_bound_from_configuration_and_collects()
    {
        var services = new ServiceCollection();
        services.AddMtnMomo(Configuration());
        await using ServiceProvider provider = services.BuildServiceProvider();

        MtnMomoOptions options = provider.GetRequiredService<IOptions<MtnMomoOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(2, options.MaxRetryAttempts);
        Assert.Equal("mtnzambia", options.TargetEnvironment);
        Assert.Equal("ZMW", options.Currency);

        IMobileMoneyCollections collections = provider.GetRequiredService<IMobileMoneyCollections>();
        Assert.IsType<MtnMomoClient>(collections);
        Assert.Equal(MobileMoneyProvider.Mtn, collections.Provider);
        Assert.IsType<MtnMomoClient>(provider.GetRequiredKeyedService<IMobileMoneyCollections>(MobileMoneyProvider.Mtn));

        string payer = Payers.Approving();
        CollectionRequest request = Payers.Request(payer);
        Assert.Equal(SubmitOutcome.Accepted, await collections.RequestToPayAsync(request));
        Assert.Equal(CollectionState.Successful, (await collections.GetStatusAsync(request.ReferenceId)).State);
        Assert.Equal(new MtnSandboxPayerLedger(payer, 1234L, 1), await fixture.Control.GetPayerLedgerAsync(payer));
    }

    [Fact]
    public async Task Registered_clients_share_one_token()
    {
        var services = new ServiceCollection();
        services.AddMtnMomo(Configuration());
        await using ServiceProvider provider = services.BuildServiceProvider();
        long before = (await fixture.Control.GetStatsAsync()).TokensIssued;

        for (int i = 0; i < 3; i++)
        {
            // Typed clients are transient: each resolution is a new instance.
            await provider.GetRequiredService<IMobileMoneyCollections>().GetStatusAsync(Guid.NewGuid());
        }

        Assert.Equal(before + 1, (await fixture.Control.GetStatsAsync()).TokensIssued);
    }

    [Fact]
    public async Task Relative_callback_urls_are_resolved_against_the_configured_base()
    {
        await using CallbackListener listener = await CallbackListener.StartAsync();
        var services = new ServiceCollection();
        services.AddMtnMomo(Configuration(new() { ["MobileMoney:Mtn:CallbackBaseUrl"] = listener.BaseAddress.AbsoluteUri }));
        await using ServiceProvider provider = services.BuildServiceProvider();
        Guid reference = Guid.NewGuid();

        await provider.GetRequiredService<IMobileMoneyCollections>().RequestToPayAsync(
            Payers.Request(Payers.Approving(), referenceId: reference, callbackUrl: new Uri($"mtn/callback/{reference}", UriKind.Relative)));

        Assert.Equal(listener.UrlFor(reference), (await fixture.Control.GetTransactionAsync(reference)).CallbackUrl);
        Assert.Single(await listener.WaitForAsync(reference, 1));
    }

    [Fact]
    public async Task Missing_configuration_fails_validation_with_the_section_name()
    {
        var services = new ServiceCollection();
        services.AddMtnMomo(new ConfigurationBuilder().Build());
        await using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IMobileMoneyCollections>());
        Assert.Contains("MobileMoney:Mtn", error.Message);
    }
}
