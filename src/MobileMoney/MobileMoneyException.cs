namespace Enerlectra.MobileMoney;

/// <summary>Base for every failure reported by a mobile money client.</summary>
public class MobileMoneyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The provider the call was made to.</param>
    /// <param name="message">What went wrong, for operators.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public MobileMoneyException(MobileMoneyProvider provider, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
    }

    /// <summary>The provider the call was made to.</summary>
    public MobileMoneyProvider Provider { get; }
}
