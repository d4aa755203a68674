using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Enerlectra.Contracts.Tests.Support;

/// <summary>
/// One Web3 + Account per private key. Everything that sends for a key within a test must share the same Account,
/// because Nethereum caches the next nonce in it; a new pool per test means a fresh nonce cache after each
/// evm_revert (which rewinds the nonces on the chain).
/// </summary>
public sealed class AccountPool
{
    private readonly Dictionary<string, (Web3 Web3, Account Account)> _accounts = new();

    public (Web3 Web3, Account Account) Get(string privateKey)
    {
        if (!_accounts.TryGetValue(privateKey, out var entry))
        {
            var account = new Account(privateKey, ChainEnvironment.ChainId);
            var web3 = new Web3(account, ChainEnvironment.RpcUrl);
            // Hardhat mines each transaction at once; polling for the receipt every 100 ms (not the default) keeps
            // hundreds of transactions quick.
            web3.TransactionManager.TransactionReceiptService =
                new Nethereum.RPC.TransactionReceipts.TransactionReceiptPollingService(web3.TransactionManager, 100);
            entry = (web3, account);
            _accounts[privateKey] = entry;
        }

        return entry;
    }
}
