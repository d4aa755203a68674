namespace Enerlectra.Abstractions.Phones;

/// <summary>
/// A network's one word: the API's ("network": "mtn") and the market ledger's channel (its clearing account,
/// "clearing:mtn"), so money that came in or went out over a network is booked under the same name it is shown with.
/// </summary>
public static class MobileNetworkNames
{
    public static string Of(MobileNetwork network) => network switch
    {
        MobileNetwork.Mtn => "mtn",
        MobileNetwork.Airtel => "airtel",
        _ => "zamtel",
    };
}
