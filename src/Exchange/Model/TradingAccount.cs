namespace Enerlectra.Exchange.Model;

/// <summary>
/// A user's balances in one market. Every amount here is derivable from the journal (see
/// <see cref="Ledger.Postings"/>); none ever goes negative.
/// </summary>
public sealed class TradingAccount(string userId)
{
    public string UserId { get; } = userId;

    public long EnergyAvailableWh { get; internal set; }

    /// <summary>Held by the user's open sell orders and offers (including energy held for direct purchases).</summary>
    public long EnergyReservedWh { get; internal set; }

    public long MoneyAvailableNgwee { get; internal set; }

    /// <summary>Held by the user's open buy orders.</summary>
    public long MoneyReservedNgwee { get; internal set; }

    /// <summary>On its way to the user's phone (withdrawals).</summary>
    public long MoneyWithdrawingNgwee { get; internal set; }

    /// <summary>What buyers paid (less fees) for this seller's offers outside the book; paid out to the seller's phone.</summary>
    public long EarningsNgwee { get; internal set; }

    public long EarningsPayingOutNgwee { get; internal set; }

    public long GeneratedWh { get; internal set; }

    public long BoughtWh { get; internal set; }

    public long SoldWh { get; internal set; }

    /// <summary>Paid for energy bought directly (mobile money or wallet).</summary>
    public long SpentNgwee { get; internal set; }

    public long DepositedNgwee { get; internal set; }

    public long WithdrawnNgwee { get; internal set; }

    public long PaidOutNgwee { get; internal set; }

    public int OpenOrders { get; internal set; }

    /// <summary>Reversed deposits the user had already spent; while anything is owed, nothing can be withdrawn.</summary>
    public long MoneyOwedNgwee { get; internal set; }

    public AccountView View() => new(
        UserId, EnergyAvailableWh, EnergyReservedWh, MoneyAvailableNgwee, MoneyReservedNgwee, MoneyWithdrawingNgwee,
        EarningsNgwee, EarningsPayingOutNgwee, GeneratedWh, BoughtWh, SoldWh, SpentNgwee, DepositedNgwee, WithdrawnNgwee,
        PaidOutNgwee, OpenOrders, MoneyOwedNgwee);

    internal static TradingAccount From(AccountView view) => new(view.UserId)
    {
        EnergyAvailableWh = view.EnergyAvailableWh,
        EnergyReservedWh = view.EnergyReservedWh,
        MoneyAvailableNgwee = view.MoneyAvailableNgwee,
        MoneyReservedNgwee = view.MoneyReservedNgwee,
        MoneyWithdrawingNgwee = view.MoneyWithdrawingNgwee,
        EarningsNgwee = view.EarningsNgwee,
        EarningsPayingOutNgwee = view.EarningsPayingOutNgwee,
        GeneratedWh = view.GeneratedWh,
        BoughtWh = view.BoughtWh,
        SoldWh = view.SoldWh,
        SpentNgwee = view.SpentNgwee,
        DepositedNgwee = view.DepositedNgwee,
        WithdrawnNgwee = view.WithdrawnNgwee,
        PaidOutNgwee = view.PaidOutNgwee,
        OpenOrders = view.OpenOrders,
        MoneyOwedNgwee = view.MoneyOwedNgwee,
    };
}

/// <summary>A user's balances in one market at one moment.</summary>
[GenerateSerializer, Immutable, Alias("enerlectra.exchange.AccountView")]
public sealed record AccountView(
    [property: Id(0)] string UserId,
    [property: Id(1)] long EnergyAvailableWh,
    [property: Id(2)] long EnergyReservedWh,
    [property: Id(3)] long MoneyAvailableNgwee,
    [property: Id(4)] long MoneyReservedNgwee,
    [property: Id(5)] long MoneyWithdrawingNgwee,
    [property: Id(6)] long EarningsNgwee,
    [property: Id(7)] long EarningsPayingOutNgwee,
    [property: Id(8)] long GeneratedWh,
    [property: Id(9)] long BoughtWh,
    [property: Id(10)] long SoldWh,
    [property: Id(11)] long SpentNgwee,
    [property: Id(12)] long DepositedNgwee,
    [property: Id(13)] long WithdrawnNgwee,
    [property: Id(14)] long PaidOutNgwee,
    [property: Id(15)] int OpenOrders,
    [property: Id(16)] long MoneyOwedNgwee = 0)
{
    public static AccountView Empty(string userId) => new(userId, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
