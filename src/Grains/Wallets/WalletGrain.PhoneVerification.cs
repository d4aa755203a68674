using System.Globalization;
using Enerlectra.Abstractions.Errors;
using Enerlectra.Abstractions.Identity;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Grains.Payments;
using Microsoft.Extensions.Logging;

namespace Enerlectra.Grains.Wallets;

/// <summary>
/// Linking a phone: the number becomes the wallet's phone only after its owner approved a small collection from it
/// (so nobody can make us prompt, charge or pay a number that is not theirs). The wallet owns the decision (which
/// verification is current, the verified number, the deposit of the amount into the user's market balance); the
/// verification grain talks to the provider.
/// </summary>
public sealed partial class WalletGrain
{
    public async Task<WalletSnapshot> SetPhoneAsync(string phoneNumber, MobileNetwork? network)
    {
        var msisdn = ZambianMsisdn.Parse(phoneNumber, "phoneNumber");
        var chosen = network ?? msisdn.Network;
        if (S.PhoneNumber == msisdn.Digits && S.PhoneNetwork == chosen)
        {
            return Snapshot();
        }

        if (S.CurrentVerification is { } current)
        {
            if (current.Msisdn == msisdn.Digits && current.Network == chosen)
            {
                // The same request again (a client retrying): make sure it is running, start nothing new.
                await KickVerificationAsync(current);
                return Snapshot();
            }

            throw TradingException.Precondition(
                $"+{current.Msisdn} is still waiting for its verification to be approved on that phone: approve it there, or cancel it first.",
                "phoneNumber");
        }

        rails.For(chosen); // refuses a network this server cannot collect from, naming phoneNumber
        var now = clock.GetUtcNow();
        S.RecentVerificationStarts.RemoveAll(t => t <= now - TimeSpan.FromDays(1));
        if (S.RecentVerificationStarts.Count >= _verification.MaxPerDay)
        {
            var next = S.RecentVerificationStarts.Min() + TimeSpan.FromDays(1);
            throw TradingException.Precondition(
                $"You have started {_verification.MaxPerDay} phone verifications in the last 24 hours; try again after {next.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.",
                "phoneNumber");
        }

        var request = new PhoneVerificationRequest(
            ids.PhoneVerificationId(UserId, ++S.VerificationSequence),
            UserId, msisdn.Digits, chosen, _verification.AmountNgwee);
        S.CurrentVerification = request;
        S.LastVerification = new PhoneVerificationSnapshot(
            request.VerificationId, "+" + request.Msisdn, chosen, PhoneVerificationStatus.AwaitingApproval, null, request.AmountNgwee, now, now);
        S.RecentVerificationStarts.Add(now);
        await SaveAsync();
        // The log (which operators can stream live) names the number by its last digits only.
        logger.LogInformation("Verifying a number ending {Ending} ({Network}) for {UserId}: {VerificationId}", request.Msisdn[^4..], chosen, UserId, request.VerificationId);
        await KickVerificationAsync(request);
        return Snapshot();
    }

    public async Task<WalletSnapshot> CancelPhoneVerificationAsync()
    {
        if (S.CurrentVerification is null || S.LastVerification is not { } last)
        {
            return Snapshot();
        }

        // The provider's prompt cannot be withdrawn: if it was sent and the owner approves it anyway, the amount is
        // still credited (CompletePhoneVerificationAsync), but the number is not linked.
        S.CurrentVerification = null;
        S.LastVerification = last with { Status = PhoneVerificationStatus.Cancelled, UpdatedAt = clock.GetUtcNow() };
        await SaveAsync();
        logger.LogInformation("Phone verification {VerificationId} of {UserId} cancelled", last.VerificationId, UserId);
        return Snapshot();
    }

    public Task<PhoneVerificationRequest?> GetPhoneVerificationAsync(Guid verificationId) =>
        Task.FromResult(S.CurrentVerification is { } current && current.VerificationId == verificationId ? current : null);

    public async Task CompletePhoneVerificationAsync(Guid verificationId, long collectedNgwee, MobileNetwork network)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(collectedNgwee);
        var operationId = $"phone-verification:{verificationId:N}";
        if (!S.Applied.Contains(operationId))
        {
            // Collected money is the user's whatever became of the verification: owed to their balance in the default
            // market in the same write that applies the verification, once, by verification id.
            S.Applied.Add(operationId, _options.AppliedOperationsWindow);
            OweVerificationDeposit(verificationId, collectedNgwee, MobileNetworkNames.Of(network));
            Abstractions.Payouts.PayoutRequest? payout = null;
            if (S.CurrentVerification is { } current && current.VerificationId == verificationId)
            {
                S.PhoneNumber = current.Msisdn;
                S.PhoneNetwork = current.Network;
                S.CurrentVerification = null;
                S.LastVerification = S.LastVerification! with { Status = PhoneVerificationStatus.Verified, FailureReason = null, UpdatedAt = clock.GetUtcNow() };
                // Earnings that waited for a verified phone can go out now.
                payout = PreparePayout(force: false);
            }

            await SaveAsync();
            logger.LogInformation("Phone verification {VerificationId} of {UserId} collected {Amount} ngwee", verificationId, UserId, collectedNgwee);
            await KickPayoutAsync(payout);
        }

        // Deposited into the market now (the market takes each reference once). Until it is, this throws, so the
        // verification, still on the reconciler's list, calls again: a crash between the write above and the market
        // neither loses nor doubles the money.
        await RequireDepositedAsync(VerificationReference(verificationId));
    }

    public async Task FailPhoneVerificationAsync(Guid verificationId, string reason)
    {
        if (S.CurrentVerification is not { } current || current.VerificationId != verificationId)
        {
            return;
        }

        // Nothing was linked; the previously verified phone (if any) stays.
        S.CurrentVerification = null;
        S.LastVerification = S.LastVerification! with { Status = PhoneVerificationStatus.Failed, FailureReason = reason, UpdatedAt = clock.GetUtcNow() };
        await SaveAsync();
        logger.LogInformation("Phone verification {VerificationId} of {UserId} failed: {Reason}", verificationId, UserId, reason);
    }

    /// <summary>
    /// Hands the saved verification to the reconciler (so it survives anything) and to its grain. Failures only
    /// delay it: this wallet's next activation, or the same link request again, starts it with the same id.
    /// </summary>
    private async Task KickVerificationAsync(PhoneVerificationRequest request)
    {
        try
        {
            await GrainFactory.GetGrain<IPaymentReconcilerGrain>(PaymentReconcilers.ShardOf(request.VerificationId))
                .TrackPhoneVerificationAsync(request.VerificationId, UserId, request.Network);
            await GrainFactory.GetGrain<IPhoneVerificationGrain>(request.VerificationId, UserId, null).StartAsync(request);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Phone verification {VerificationId} of {UserId} could not be started yet; it will be retried", request.VerificationId, UserId);
        }
    }
}
