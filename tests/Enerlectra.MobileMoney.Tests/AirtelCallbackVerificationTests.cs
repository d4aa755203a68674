using Enerlectra.MobileMoney.Airtel;

namespace Enerlectra.MobileMoney.Tests;

/// <summary>What exactly is signed: the "transaction" object's text as sent (see AirtelCallbackVerifier).</summary>
public class AirtelCallbackVerificationTests
{
    private const string Secret = "callback-secret";
    private const string Transaction = """{"id":"5b1f0c2e-8a4d-4c1e-9f3a-2b7d6e0a1c44","message":"Transaction is successful","status_code":"TS","airtel_money_id":"123456789"}""";

    private static string Body(string transaction, string? hash) =>
        hash is null ? $$"""{"transaction":{{transaction}}}""" : $$"""{"transaction":{{transaction}},"hash":"{{hash}}"}""";

    [Fact]
    public void Correctly_signed_callback_is_authentic()
    {
        string body = Body(Transaction, AirtelCallbackVerifier.ComputeHash(Transaction, Secret));
        Assert.Equal(AirtelCallbackAuthenticity.Authentic, AirtelCallbackVerifier.Verify(body, Secret));
        Assert.True(AirtelCallbackVerifier.IsAuthentic(body, Secret));
    }

    [Fact]
    public void Whitespace_inside_the_transaction_is_part_of_what_was_signed()
    {
        const string spaced = """{ "id": "x", "status_code": "TS" }""";
        string body = Body(spaced, AirtelCallbackVerifier.ComputeHash(spaced, Secret));
        Assert.Equal(AirtelCallbackAuthenticity.Authentic, AirtelCallbackVerifier.Verify(body, Secret));
    }

    [Fact]
    public void Tampered_status_is_forged()
    {
        string hash = AirtelCallbackVerifier.ComputeHash(Transaction, Secret);
        string body = Body(Transaction.Replace("\"TS\"", "\"TF\"", StringComparison.Ordinal), hash);
        Assert.Equal(AirtelCallbackAuthenticity.Forged, AirtelCallbackVerifier.Verify(body, Secret));
    }

    [Fact]
    public void Hash_made_with_another_key_is_forged()
    {
        string body = Body(Transaction, AirtelCallbackVerifier.ComputeHash(Transaction, "someone-else"));
        Assert.Equal(AirtelCallbackAuthenticity.Forged, AirtelCallbackVerifier.Verify(body, Secret));
        Assert.False(AirtelCallbackVerifier.IsAuthentic(body, Secret));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Malformed_hash_is_forged(string hash) =>
        Assert.Equal(AirtelCallbackAuthenticity.Forged, AirtelCallbackVerifier.Verify(Body(Transaction, hash), Secret));

    [Fact]
    public void Missing_hash_with_a_secret_configured_is_unsigned()
    {
        Assert.Equal(AirtelCallbackAuthenticity.Unsigned, AirtelCallbackVerifier.Verify(Body(Transaction, null), Secret));
        Assert.False(AirtelCallbackVerifier.IsAuthentic(Body(Transaction, null), Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_secret_verification_is_not_configured(string? secret)
    {
        string signed = Body(Transaction, AirtelCallbackVerifier.ComputeHash(Transaction, Secret));
        Assert.Equal(AirtelCallbackAuthenticity.NotConfigured, AirtelCallbackVerifier.Verify(signed, secret));
        Assert.Equal(AirtelCallbackAuthenticity.NotConfigured, AirtelCallbackVerifier.Verify(Body(Transaction, null), secret));
        Assert.False(AirtelCallbackVerifier.IsAuthentic(signed, secret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"hash":"abc"}""")]
    [InlineData("""{"transaction":"TS","hash":"abc"}""")]
    public void Unreadable_bodies_are_forged(string body) =>
        Assert.Equal(AirtelCallbackAuthenticity.Forged, AirtelCallbackVerifier.Verify(body, Secret));

    [Fact]
    public void Field_form_checks_the_given_text()
    {
        string hash = AirtelCallbackVerifier.ComputeHash(Transaction, Secret);
        Assert.True(AirtelCallbackVerifier.IsAuthentic(Transaction, hash, Secret));
        Assert.False(AirtelCallbackVerifier.IsAuthentic(Transaction + " ", hash, Secret));
        Assert.False(AirtelCallbackVerifier.IsAuthentic(Transaction, null, Secret));
    }
}
