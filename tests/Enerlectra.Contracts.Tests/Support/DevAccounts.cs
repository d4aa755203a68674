using Nethereum.Web3.Accounts;

namespace Enerlectra.Contracts.Tests.Support;

/// <summary>
/// Hardhat's well-known dev accounts (printed by every `hardhat node`; public, funded only on local dev chains).
/// Test configuration only: nothing outside tests may use these keys.
/// </summary>
public static class DevAccounts
{
    public static readonly string Admin = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public static readonly string Operator = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    public static readonly string FeeRecipient = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
    public static readonly string Seller = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";
    public static readonly string Buyer = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";
    public static readonly string Buyer2 = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
    public static readonly string Seller2 = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";

    /// <summary>Holds no tokens, no allowances and no roles.</summary>
    public static readonly string Stranger = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356";

    public static string AddressOf(string privateKey) => new Account(privateKey, ChainEnvironment.ChainId).Address;
}
