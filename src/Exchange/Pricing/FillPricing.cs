using Enerlectra.Exchange.Book;

namespace Enerlectra.Exchange.Pricing;

/// <summary>
/// The rounding rule of the book, in integers only. A fill of q Wh at p ngwee/kWh is worth q × p thousandths of a
/// ngwee exactly. Over each order, rounding is done on the running total, not per fill:
/// <list type="bullet">
///   <item>a buy order has paid, after every fill, its fills' exact value rounded <b>up</b> to a whole ngwee;</item>
///   <item>a sell order has received, after every fill, its fills' exact value rounded <b>down</b> (gross), less a fee
///   of the fee rate on that gross, rounded <b>up</b> (the platform fee rule: a fee is never lost to rounding);</item>
///   <item>what a buyer pays and the seller's gross differ by at most one ngwee per fill; the difference goes to (or
///   comes from) the platform's rounding account.</item>
/// </list>
/// So no order ever pays or receives more than one ngwee away from its exact value, however many fills it has.
/// </summary>
public static class FillPricing
{
    public const long ValuePerNgwee = 1000; // Wh × ngwee/kWh per ngwee

    public static long CeilDiv(long numerator, long denominator) =>
        numerator / denominator + (numerator % denominator > 0 ? 1 : 0);

    /// <summary>Money to hold for <paramref name="remainingWh"/> more at <paramref name="limitPrice"/> on top of what was filled.</summary>
    public static long BuyReservation(long filledValue, long settledNgwee, long remainingWh, long limitPrice) =>
        CeilDiv(checked(filledValue + remainingWh * limitPrice), ValuePerNgwee) - settledNgwee;

    public static (long BuyerPays, long SellerGross, long SellerFee) Fill(BookOrder buy, BookOrder sell, long quantityWh, long price, int sellerFeeBasisPoints)
    {
        var value = checked(quantityWh * price);
        var buyerPays = CeilDiv(checked(buy.FilledValue + value), ValuePerNgwee) - buy.SettledNgwee;
        var sellerGross = checked(sell.FilledValue + value) / ValuePerNgwee - sell.SettledNgwee;
        var feeTotal = CeilDiv(checked(sell.FeeExact + sellerGross * sellerFeeBasisPoints), 10_000);
        return (buyerPays, sellerGross, feeTotal - sell.FeeNgwee);
    }
}
