using Enerlectra.Chain.Contracts;

namespace Enerlectra.Chain;

/// <summary>Where a deployment put the three contracts.</summary>
public sealed record ChainDeployment(long ChainId, string Operator, string EnergyToken, string PaymentToken, string EnergyTrading);

/// <summary>
/// Deploys EnergyToken, PaymentToken and EnergyTrading from the embedded artifacts, with the client's operator
/// account as admin, minter and operator (the roles the server needs), and checks that each role is held.
/// </summary>
public static class ChainDeployer
{
    public static async Task<ChainDeployment> DeployAsync(ChainClient client, string? feeRecipient = null, CancellationToken cancellationToken = default)
    {
        var deployer = client.OperatorAddress;
        var energy = await client.DeployAsync(new EnergyTokenDeployment { Admin = deployer, Minter = deployer }, cancellationToken);
        var payment = await client.DeployAsync(new PaymentTokenDeployment { Admin = deployer }, cancellationToken);
        var trading = await client.DeployAsync(new EnergyTradingDeployment
        {
            EnergyToken = energy,
            PaymentToken = payment,
            Admin = deployer,
            Operator = deployer,
            FeeRecipient = string.IsNullOrWhiteSpace(feeRecipient) ? deployer : feeRecipient,
        }, cancellationToken);

        // The constructors grant these; granting again when one is missing keeps the tool correct if a constructor
        // changes, and the check proves the deployment is usable before its addresses are written anywhere.
        await EnsureRoleAsync(client, energy, await client.QueryValueAsync<MinterRoleFunction, byte[]>(energy, new(), cancellationToken), deployer, cancellationToken);
        await EnsureRoleAsync(client, payment, await client.QueryValueAsync<MinterRoleFunction, byte[]>(payment, new(), cancellationToken), deployer, cancellationToken);
        await EnsureRoleAsync(client, trading, await client.QueryValueAsync<OperatorRoleFunction, byte[]>(trading, new(), cancellationToken), deployer, cancellationToken);
        return new ChainDeployment(client.Options.ChainId!.Value, deployer, energy, payment, trading);
    }

    private static async Task EnsureRoleAsync(ChainClient client, string contract, byte[] role, string account, CancellationToken cancellationToken)
    {
        if (await client.QueryValueAsync<HasRoleFunction, bool>(contract, new HasRoleFunction { Role = role, Account = account }, cancellationToken))
        {
            return;
        }

        await client.SendAsync(contract, new GrantRoleFunction { Role = role, Account = account }, cancellationToken);
        if (!await client.QueryValueAsync<HasRoleFunction, bool>(contract, new HasRoleFunction { Role = role, Account = account }, cancellationToken))
        {
            throw new InvalidOperationException($"{account} still lacks role {Convert.ToHexString(role)} on {contract} after granting it.");
        }
    }
}
