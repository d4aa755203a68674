namespace Enerlectra.Chain;

/// <summary>Base of the chain client's failures; each subclass says whether a transaction can have happened.</summary>
public abstract class ChainException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The contract refused: a definite failure, nothing changed on-chain. <see cref="ErrorName"/> is the Solidity
/// custom error ("OfferNotFound", "AccessControlUnauthorizedAccount", ...), "Error" for require(message) and
/// "Panic" for assertion failures; <see cref="Arguments"/> are its decoded arguments in order.
/// </summary>
public sealed class ChainRevertedException(string function, string errorName, IReadOnlyList<object> arguments, string? transactionHash = null)
    : ChainException($"{function} reverted with {errorName}({string.Join(", ", arguments)})" +
                     (transactionHash is null ? "" : $" in transaction {transactionHash}"))
{
    public string Function { get; } = function;

    public string ErrorName { get; } = errorName;

    /// <summary>What the refusal means (<see cref="ErrorName"/> by meaning).</summary>
    public ChainRefusal Refusal { get; } = ChainRefusals.Of(errorName);

    public IReadOnlyList<object> Arguments { get; } = arguments;

    /// <summary>Set when the refusal was mined (the transaction exists and failed); null when refused before sending.</summary>
    public string? TransactionHash { get; } = transactionHash;
}

/// <summary>The node could not be reached (or refused the transaction) before anything was sent: a definite failure.</summary>
public sealed class ChainUnavailableException(string message, Exception? inner = null) : ChainException(message, inner);

/// <summary>
/// A transaction was handed to the node but its outcome is not known (no receipt within the timeout, or the
/// connection broke while sending). It may still be mined: callers must reconcile by <see cref="TransactionHash"/>
/// before trying anything that could pay twice.
/// </summary>
public sealed class ChainOutcomeUnknownException(string function, string transactionHash, string reason, Exception? inner = null)
    : ChainException($"{function}: transaction {transactionHash} was sent but its outcome is unknown ({reason}).", inner)
{
    public string Function { get; } = function;

    public string TransactionHash { get; } = transactionHash;
}
