using System.Data.Common;
using Grpc.Core;
using Orleans.Serialization;

namespace Enerlectra.Gateway.Errors;

/// <summary>
/// Failures of the cluster or its database that say nothing about the request: a silo that just died, a connection
/// refused while the database restarts, a call that timed out. The caller can do nothing but retry the same request
/// (idempotency keys make that safe), so they are answered UNAVAILABLE (HTTP 503) with that advice, never as an
/// internal error. The soak with faults found them answered UNKNOWN / 500 (RELIABILITY.md).
/// </summary>
public static class TransientFailure
{
    public const string Message = "The service is briefly unavailable. Try the same request again in a moment; repeating it is safe.";

    /// <summary>Whether <paramref name="exception"/> or one of its causes is a transient infrastructure failure.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // OrleansException covers message rejection, unavailable silos and gateways, connection failures and storage
            // conflicts after a reactivation; CodecNotFoundException is a silo's database exception that could not
            // travel back to this process.
            if (e is OrleansException or TimeoutException or DbException or CodecNotFoundException)
            {
                return true;
            }
        }

        return false;
    }

    public static RpcException ToRpc() => new(new Status(StatusCode.Unavailable, Message), Message);
}
