using Enerlectra.Chain;
using Nethereum.Signer;
using Xunit;

namespace Enerlectra.Tests.Unit;

public class WalletSignaturesTests
{
    // Hardhat's public dev account #1: a well-known test key, never used for anything of value.
    private static readonly EthECKey Key = new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    [Fact]
    public void Real_signatures_recover_their_signer()
    {
        // Several messages, so both halves of r and s (high bit set or not) occur.
        for (var i = 0; i < 8; i++)
        {
            var message = $"Link this wallet, challenge {i}";
            var signature = new EthereumMessageSigner().EncodeUTF8AndSign(message, Key);
            Assert.Equal(Key.GetPublicAddress(), WalletSignatures.RecoverSigner(message, signature));
        }
    }

    [Theory]
    [InlineData("00", 'f')]   // v = 0 with r and s above the curve order: recovery used to throw (a 500 for the client)
    [InlineData("ff", 'f')]   // v = 255
    [InlineData("1b", '0')]   // r = s = 0
    [InlineData("1c", 'f')]
    public void Signatures_that_recover_nobody_are_null(string v, char filler) =>
        Assert.Null(WalletSignatures.RecoverSigner("any challenge", "0x" + new string(filler, 128) + v));
}
