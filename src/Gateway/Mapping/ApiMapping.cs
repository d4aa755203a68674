using Enerlectra.Abstractions.Deposits;
using Enerlectra.Abstractions.Market;
using Enerlectra.Abstractions.Meters;
using Enerlectra.Abstractions.Offers;
using Enerlectra.Abstractions.Payments;
using Enerlectra.Abstractions.PhoneVerifications;
using Enerlectra.Abstractions.Phones;
using Enerlectra.Abstractions.Wallets;
using Enerlectra.Abstractions.Withdrawals;
using Enerlectra.Api.V1;
using Enerlectra.Exchange.Grains;
using Enerlectra.Exchange.Model;
using Enerlectra.Grains.Market;
using Google.Protobuf.WellKnownTypes;
using MarketEvent = Enerlectra.Api.V1.MarketEvent;

namespace Enerlectra.Gateway.Mapping;

/// <summary>Domain snapshots to API messages. Status words are snake_case, the same everywhere in the API.</summary>
public static class ApiMapping
{
    /// <summary>The wallet with the user's trading balances in the default market (<paramref name="account"/>).</summary>
    /// <summary>
    /// <paramref name="account"/>: the default market's; <paramref name="marketEnergyWh"/> and
    /// <paramref name="marketReservedWh"/>: the user's energy in all markets' trading accounts, which counts as theirs
    /// as much as the wallet's (offers hold it there).
    /// </summary>
    public static Wallet ToApi(this WalletSnapshot w, AccountView account, long marketEnergyWh, long marketReservedWh)
    {
        var wallet = w.ToApi();
        wallet.AvailableWh = checked(w.AvailableWh + marketEnergyWh);
        wallet.ReservedWh = checked(w.ReservedWh + marketReservedWh);
        wallet.BalanceNgwee = account.MoneyAvailableNgwee;
        wallet.ReservedNgwee = account.MoneyReservedNgwee;
        wallet.WithdrawingNgwee = account.MoneyWithdrawingNgwee;
        wallet.TradingEnergyWh = account.EnergyAvailableWh;
        wallet.TradingReservedWh = account.EnergyReservedWh;
        wallet.OwedNgwee = account.MoneyOwedNgwee;
        return wallet;
    }

    private static Wallet ToApi(this WalletSnapshot w) => new()
    {
        UserId = w.UserId,
        AvailableWh = w.AvailableWh,
        ReservedWh = w.ReservedWh,
        BoughtWh = w.BoughtWh,
        GeneratedWh = w.GeneratedWh,
        EarningsNgwee = w.EarningsNgwee,
        SpentNgwee = w.SpentNgwee,
        PhoneNumber = w.PhoneNumber ?? string.Empty,
        Network = w.PhoneNetwork is { } n ? Name(n) : string.Empty,
        PayoutPendingNgwee = w.PayoutPendingNgwee,
        PaidOutNgwee = w.PaidOutNgwee,
        LastPayoutFailure = w.LastPayoutFailure ?? string.Empty,
        SoldFromWalletWh = w.SoldOnChainWh,
        EarnedInWalletNgwee = w.EarnedOnChainNgwee,
        PhoneVerification = w.PhoneVerification?.ToApi(),
        TransferringWh = w.TransferringWh,
        TransferredWh = w.TransferredWh,
    };

    public static MoneyDeposit ToApi(this DepositSnapshot d) => new()
    {
        DepositId = d.DepositId.ToString(),
        UserId = d.UserId,
        MarketId = d.MarketId,
        AmountNgwee = d.AmountNgwee,
        PhoneNumber = d.PhoneNumber,
        Network = d.Method == DepositMethod.Wallet ? "wallet" : Name(d.Network),
        Status = d.Status switch
        {
            DepositStatus.AwaitingApproval => "awaiting_approval",
            DepositStatus.Crediting => "crediting",
            DepositStatus.Completed => "completed",
            DepositStatus.Reversed => "reversed",
            _ => "failed",
        },
        FailureReason = d.FailureReason ?? string.Empty,
        ProviderTransactionId = d.ProviderTransactionId ?? string.Empty,
        CreatedAt = Timestamp.FromDateTimeOffset(d.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(d.UpdatedAt),
        IdempotencyKey = d.IdempotencyKey,
        Method = d.Method == DepositMethod.Wallet ? "wallet" : "mobile_money",
        WalletAddress = d.WalletAddress ?? string.Empty,
    };

    public static Api.V1.WalletHistoryEntry ToApi(this Abstractions.Wallets.WalletHistoryEntry e) => new()
    {
        Kind = e.Kind switch
        {
            WalletHistoryKind.Purchase => "purchase",
            WalletHistoryKind.Sale => "sale",
            WalletHistoryKind.Payout => "payout",
            WalletHistoryKind.PayoutFailed => "payout_failed",
            WalletHistoryKind.Deposit => "deposit",
            _ => "phone_verified",
        },
        At = Timestamp.FromDateTimeOffset(e.At),
        EnergyWh = e.EnergyWh,
        AmountNgwee = e.AmountNgwee,
        Reference = e.Reference,
        Detail = e.Detail ?? string.Empty,
    };

    public static MoneyWithdrawal ToApi(this WithdrawalSnapshot w) => new()
    {
        WithdrawalId = w.WithdrawalId.ToString(),
        UserId = w.UserId,
        MarketId = w.MarketId,
        AmountNgwee = w.AmountNgwee,
        PhoneNumber = w.PhoneNumber,
        Network = Name(w.Network),
        Status = w.Status switch
        {
            WithdrawalStatus.Pending => "pending",
            WithdrawalStatus.Paid => "paid",
            _ => "failed",
        },
        FailureReason = w.FailureReason ?? string.Empty,
        CreatedAt = Timestamp.FromDateTimeOffset(w.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(w.UpdatedAt),
        IdempotencyKey = w.IdempotencyKey,
    };

    public static EnergyTransfer ToApi(this EnergyTransferSnapshot t) => new()
    {
        TransferId = t.TransferId.ToString(),
        UserId = t.UserId,
        MarketId = t.MarketId,
        EnergyWh = t.EnergyWh,
        Status = t.Status == EnergyTransferStatus.Completed ? "completed" : "pending",
        IdempotencyKey = t.IdempotencyKey,
        CreatedAt = Timestamp.FromDateTimeOffset(t.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(t.UpdatedAt),
    };

    public static LedgerCheck ToApi(this LedgerReport r)
    {
        var check = new LedgerCheck
        {
            MarketId = r.MarketId,
            Version = r.Version,
            Entries = r.Entries,
            Balanced = r.Balanced,
            CheckedAt = Timestamp.FromDateTimeOffset(r.CheckedAt),
        };
        check.Totals.AddRange(r.Totals.OrderBy(t => t.Key).Select(t => new AssetTotal { Asset = t.Key.ToString().ToLowerInvariant(), Total = t.Value }));
        check.Differences.AddRange(r.Differences);
        return check;
    }

    public static PhoneVerification ToApi(this PhoneVerificationSnapshot v) => new()
    {
        PhoneNumber = v.PhoneNumber,
        Network = Name(v.Network),
        Status = v.Status switch
        {
            PhoneVerificationStatus.AwaitingApproval => "awaiting_approval",
            PhoneVerificationStatus.Verified => "verified",
            PhoneVerificationStatus.Failed => "failed",
            _ => "cancelled",
        },
        FailureReason = v.FailureReason ?? string.Empty,
        AmountNgwee = v.AmountNgwee,
        StartedAt = Timestamp.FromDateTimeOffset(v.StartedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(v.UpdatedAt),
        VerificationId = v.VerificationId.ToString(),
    };

    public static MeterRegistration ToApi(this MeterSnapshot m)
    {
        var registration = new MeterRegistration { MeterId = m.MeterId };
        registration.Bindings.AddRange(m.Bindings.Select(b => new MeterBinding
        {
            UserId = b.UserId,
            CapacityW = b.CapacityW,
            CommissionedAt = Timestamp.FromDateTimeOffset(b.CommissionedAt),
            Active = b.Active,
            LastReadAt = b.LastReadAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            LastReadingId = b.LastReadingId ?? string.Empty,
            GeneratedWh = b.GeneratedWh,
            ReadingCount = b.ReadingCount,
            UpdatedBy = b.UpdatedBy,
            UpdatedAt = Timestamp.FromDateTimeOffset(b.UpdatedAt),
        }));
        return registration;
    }

    public static Offer ToApi(this OfferSnapshot o) => new()
    {
        OfferId = o.OfferId.ToString(),
        SellerId = o.SellerId,
        MarketId = o.MarketId,
        EnergyWh = o.EnergyWh,
        PricePerKwhNgwee = o.PricePerKwhNgwee,
        CreatedAt = Timestamp.FromDateTimeOffset(o.CreatedAt),
        ExpiresAt = Timestamp.FromDateTimeOffset(o.ExpiresAt),
        AcceptsMobileMoney = o.AcceptsMobileMoney,
        Status = StatusNames.Of(o.Status),
        RemainingWh = o.RemainingWh,
        PendingWh = o.PendingWh,
        SoldWh = o.SoldWh,
        PayableFromWallet = o.OnChain,
        WalletOnly = o.ChainNative,
    };

    public static Trade ToApi(this TradeSnapshot t) => new()
    {
        TradeId = t.TradeId.ToString(),
        OfferId = t.OfferId.ToString(),
        MarketId = t.MarketId,
        SellerId = t.SellerId,
        BuyerId = t.BuyerId,
        EnergyWh = t.EnergyWh,
        PricePerKwhNgwee = t.PricePerKwhNgwee,
        AmountNgwee = t.AmountNgwee,
        FeeNgwee = t.FeeNgwee,
        SellerNetNgwee = t.SellerNetNgwee,
        PaymentMethod = t.Method == PaymentMethod.Blockchain ? "blockchain" : "mobile_money",
        Network = t.PayerMsisdn.Length == 0 ? "" : Name(t.Network),
        PayerPhone = t.PayerMsisdn,
        TransactionHash = t.ChainTransactionHash ?? "",
        FallbackReason = t.FallbackReason ?? "",
        RecordedFromChain = t.RecordedFromChain,
        Status = t.Status switch
        {
            TradeStatus.PaymentPending => "payment_pending",
            TradeStatus.Settling => "settling",
            TradeStatus.Completed => "completed",
            _ => "failed",
        },
        PaymentStatus = t.PaymentState switch
        {
            PaymentState.Submitting => "submitting",
            PaymentState.AwaitingApproval => "awaiting_approval",
            PaymentState.Successful => "successful",
            _ => "failed",
        },
        FailureReason = t.FailureReason ?? string.Empty,
        ProviderTransactionId = t.ProviderTransactionId ?? string.Empty,
        CreatedAt = Timestamp.FromDateTimeOffset(t.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(t.UpdatedAt),
        IdempotencyKey = t.IdempotencyKey ?? string.Empty,
    };

    public static MarketEvent ToApi(this Abstractions.Market.MarketEvent e) => new()
    {
        Sequence = e.Sequence,
        MarketId = e.MarketId,
        Type = e.Kind switch
        {
            MarketEventKind.OfferCreated => "offer-created",
            MarketEventKind.OfferUpdated => "offer-updated",
            MarketEventKind.TradeCompleted => "trade-completed",
            _ => "payment-status",
        },
        OccurredAt = Timestamp.FromDateTimeOffset(e.OccurredAt),
        OfferId = e.OfferId?.ToString() ?? string.Empty,
        TradeId = e.TradeId?.ToString() ?? string.Empty,
        SellerId = e.SellerId ?? string.Empty,
        BuyerId = e.BuyerId ?? string.Empty,
        EnergyWh = e.EnergyWh,
        PricePerKwhNgwee = e.PricePerKwhNgwee,
        AmountNgwee = e.AmountNgwee,
        RemainingWh = e.RemainingWh,
        Status = e.Status,
    };

    public static string Name(MobileNetwork network) => MobileNetworkNames.Of(network);
}
