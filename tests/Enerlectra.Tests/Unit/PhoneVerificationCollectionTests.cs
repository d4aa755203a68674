using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Grains.PhoneVerifications;
using Enerlectra.Sandbox;
using Xunit;

namespace Enerlectra.Tests.Unit;

/// <summary>The server marks verification collections the way the sandbox (and a provider's reports) can recognise them.</summary>
public sealed class PhoneVerificationCollectionTests
{
    [Fact]
    public void A_verification_collection_carries_the_sandboxs_mark_in_every_providers_free_text_field()
    {
        Assert.Equal(SandboxPhoneVerification.Marker, PhoneVerificationCollection.Marker);
        var request = new PhoneVerificationRequest(Guid.NewGuid(), "user-1", "260961234567", MobileNetwork.Mtn, 100);

        var collection = PhoneVerificationCollection.For(request, null);

        Assert.Equal((request.VerificationId, "260961234567", 100L), (collection.ReferenceId, collection.PayerMsisdn, collection.AmountNgwee));
        // MTN externalId and Airtel reference come from ExternalId; MTN payerMessage and Zamtel narration from PayerMessage.
        Assert.True(SandboxPhoneVerification.IsMarked(collection.ExternalId));
        Assert.True(SandboxPhoneVerification.IsMarked(collection.PayerMessage));
        Assert.Contains("ZMW 1.00", collection.PayerMessage);
        Assert.True(collection.PayerMessage.Length <= 160, "MTN limits payerMessage to 160 characters");
        Assert.True(collection.ExternalId.Length <= 64, "kept short enough for Airtel's reference");
    }
}
