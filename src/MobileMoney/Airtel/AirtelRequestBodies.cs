using System.Text;
using System.Text.Json;

namespace Enerlectra.MobileMoney.Airtel;

/// <summary>
/// JSON bodies of Airtel's collection and disbursement calls, written by hand so that the amount is emitted as an
/// exact JSON number from a decimal (see <see cref="AirtelAmount"/>).
/// </summary>
internal static class AirtelRequestBodies
{
    public static string Collection(AirtelMoneyOptions options, string reference, string nationalMsisdn, long amountNgwee, string transactionId) =>
        Write(w =>
        {
            w.WriteString("reference", reference);
            w.WriteStartObject("subscriber");
            w.WriteString("country", options.Country);
            w.WriteString("currency", options.Currency);
            w.WriteString("msisdn", nationalMsisdn);
            w.WriteEndObject();
            w.WriteStartObject("transaction");
            w.WriteNumber("amount", AirtelAmount.ToKwacha(amountNgwee));
            w.WriteString("country", options.Country);
            w.WriteString("currency", options.Currency);
            w.WriteString("id", transactionId);
            w.WriteEndObject();
        });

    public static string Disbursement(AirtelMoneyOptions options, string reference, string nationalMsisdn, long amountNgwee, string transactionId) =>
        Write(w =>
        {
            w.WriteStartObject("payee");
            w.WriteString("msisdn", nationalMsisdn);
            w.WriteString("wallet_type", "NORMAL");
            w.WriteEndObject();
            w.WriteString("reference", reference);
            w.WriteString("pin", options.DisbursementPin);
            w.WriteStartObject("transaction");
            w.WriteNumber("amount", AirtelAmount.ToKwacha(amountNgwee));
            w.WriteString("id", transactionId);
            w.WriteString("type", "B2C");
            w.WriteEndObject();
        });

    public static string Token(AirtelMoneyOptions options) =>
        Write(w =>
        {
            w.WriteString("client_id", options.ClientId);
            w.WriteString("client_secret", options.ClientSecret);
            w.WriteString("grant_type", "client_credentials");
        });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
