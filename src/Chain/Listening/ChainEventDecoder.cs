using System.Numerics;
using System.Text;
using Enerlectra.Chain.Contracts;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;

namespace Enerlectra.Chain.Listening;

/// <summary>
/// Turns one EnergyTrading log into a <see cref="ChainEvent"/>, by its topic0. The five original events use their
/// DTOs; OfferMirrored and ServerTradeExecuted (all arguments indexed) are decoded from the topics here, and
/// DepositCollected (ref and account indexed, amount in the data) by its DTO. Logs of
/// other events (FeeUpdated, role changes, ...) decode to null. Addresses come out checksummed.
/// </summary>
public static class ChainEventDecoder
{
    public const string OfferMirroredSignature = "OfferMirrored(bytes32,uint256)";
    public const string ServerTradeExecutedSignature = "ServerTradeExecuted(bytes32,uint256,address)";

    /// <summary>keccak256 of <see cref="OfferMirroredSignature"/> (lowercase 0x-hex).</summary>
    public static string OfferMirroredTopic { get; } = Topic(OfferMirroredSignature);

    /// <summary>keccak256 of <see cref="ServerTradeExecutedSignature"/> (lowercase 0x-hex).</summary>
    public static string ServerTradeExecutedTopic { get; } = Topic(ServerTradeExecutedSignature);

    private static readonly string OfferCreatedTopic = TopicOf<EnergyOfferCreatedEvent>();
    private static readonly string TradeExecutedTopic = TopicOf<TradeExecutedEvent>();
    private static readonly string MobileMoneyTopic = TopicOf<MobileMoneyPaymentReceivedEvent>();
    private static readonly string OfferCancelledTopic = TopicOf<EnergyOfferCancelledEvent>();
    private static readonly string OfferUpdatedTopic = TopicOf<EnergyOfferUpdatedEvent>();
    private static readonly string DepositCollectedTopic = TopicOf<DepositCollectedEvent>();

    /// <summary>The event in <paramref name="log"/>, or null for an event this decoder does not know.</summary>
    public static ChainEvent? Decode(FilterLog log, int indexInTransaction)
    {
        ArgumentNullException.ThrowIfNull(log);
        var topics = log.Topics ?? [];
        if (topics.Length == 0)
        {
            return null;
        }

        var topic0 = TopicText(topics[0]);
        if (topic0 == OfferCreatedTopic)
        {
            var e = log.DecodeEvent<EnergyOfferCreatedEvent>().Event;
            return new OfferCreated(indexInTransaction, Long(e.OfferId), Checksum(e.Seller), Long(e.EnergyAmount), Long(e.PricePerKwh),
                Long(e.ExpiresAt), e.AcceptMobileMoney);
        }

        if (topic0 == TradeExecutedTopic)
        {
            var e = log.DecodeEvent<TradeExecutedEvent>().Event;
            return new TradeExecuted(indexInTransaction, Long(e.OfferId), Checksum(e.Buyer), Checksum(e.Seller), Long(e.EnergyAmount),
                Long(e.TotalPrice), Long(e.Fee), e.PaymentMethod == ChainPaymentMethod.Blockchain);
        }

        if (topic0 == MobileMoneyTopic)
        {
            var e = log.DecodeEvent<MobileMoneyPaymentReceivedEvent>().Event;
            return new MobileMoneyPaymentReceived(indexInTransaction, Checksum(e.User), e.MobileMoneyRef, Long(e.EnergyAmount), Long(e.OfferId));
        }

        if (topic0 == OfferCancelledTopic)
        {
            var e = log.DecodeEvent<EnergyOfferCancelledEvent>().Event;
            return new OfferCancelled(indexInTransaction, Long(e.OfferId), Checksum(e.Seller), Long(e.ReturnedAmount), Checksum(e.CancelledBy));
        }

        if (topic0 == OfferUpdatedTopic)
        {
            var e = log.DecodeEvent<EnergyOfferUpdatedEvent>().Event;
            return new OfferUpdated(indexInTransaction, Long(e.OfferId), Long(e.RemainingAmount), e.StatusValue);
        }

        if (topic0 == OfferMirroredTopic)
        {
            RequireTopics(log, topics, 3);
            return new OfferMirrored(indexInTransaction, GuidOf(TopicBytes(topics[1])), Long(Uint(TopicBytes(topics[2]))));
        }

        if (topic0 == ServerTradeExecutedTopic)
        {
            RequireTopics(log, topics, 4);
            return new ServerTradeExecuted(indexInTransaction, GuidOf(TopicBytes(topics[1])), Long(Uint(TopicBytes(topics[2]))),
                AddressOf(TopicBytes(topics[3])));
        }

        if (topic0 == DepositCollectedTopic)
        {
            RequireTopics(log, topics, 3);
            var e = log.DecodeEvent<DepositCollectedEvent>().Event;
            return new DepositCollected(indexInTransaction, GuidOf(e.DepositRef), Checksum(e.Account), Long(e.Amount));
        }

        return null;
    }

    /// <summary>keccak256 of an event signature such as "Transfer(address,address,uint256)", as a lowercase 0x-hex topic.</summary>
    public static string Topic(string signature) =>
        Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(signature)).ToHex(true).ToLowerInvariant();

    /// <summary>The 32-byte topic value of a server id (16 zero bytes, then the Guid big-endian); the inverse of decoding.</summary>
    public static string GuidTopic(Guid id)
    {
        var bytes = new byte[32];
        id.ToByteArray(bigEndian: true).CopyTo(bytes, 16);
        return bytes.ToHex(true);
    }

    private static string TopicOf<TEvent>() where TEvent : IEventDTO, new() =>
        EventExtensions.GetEventABI<TEvent>().Sha3Signature.EnsureHexPrefix().ToLowerInvariant();

    private static string TopicText(object topic) => (topic?.ToString() ?? "").EnsureHexPrefix().ToLowerInvariant();

    private static byte[] TopicBytes(object topic)
    {
        var bytes = TopicText(topic).HexToByteArray();
        if (bytes.Length != 32)
        {
            throw new FormatException($"A log topic has 32 bytes, not {bytes.Length}.");
        }

        return bytes;
    }

    private static void RequireTopics(FilterLog log, object[] topics, int count)
    {
        if (topics.Length != count)
        {
            throw new FormatException($"Log {log.LogIndex?.Value} of transaction {log.TransactionHash} has {topics.Length} topics, expected {count}.");
        }
    }

    /// <summary>A server id: 16 zero bytes then the Guid's bytes in big-endian order.</summary>
    private static Guid GuidOf(byte[] bytes32)
    {
        if (bytes32.AsSpan(0, 16).ContainsAnyExcept((byte)0))
        {
            throw new FormatException($"Not a server id: {bytes32.ToHex(true)} (its first 16 bytes must be zero).");
        }

        return new Guid(bytes32.AsSpan(16, 16), bigEndian: true);
    }

    private static BigInteger Uint(byte[] bytes32) => new(bytes32, isUnsigned: true, isBigEndian: true);

    private static string AddressOf(byte[] bytes32) => Checksum(bytes32.AsSpan(12, 20).ToArray().ToHex(true));

    private static string Checksum(string address) => AddressUtil.Current.ConvertToChecksumAddress(address);

    /// <summary>Contract-bounded amounts and ids; an overflow means the log is not what this decoder thinks it is.</summary>
    private static long Long(BigInteger value) => value >= long.MinValue && value <= long.MaxValue
        ? (long)value
        : throw new FormatException($"{value} does not fit a long.");
}
