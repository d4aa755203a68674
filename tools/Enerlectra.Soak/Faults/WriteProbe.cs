using System.Collections.Concurrent;
using Enerlectra.Api.V1;
using Enerlectra.Soak.Load;
using Grpc.Core;

namespace Enerlectra.Soak.Faults;

/// <summary>
/// Measures availability the way a meter sees it: twice a second, one reading each for several users (so the grains
/// written are spread over both silos), each tried once with a short deadline. A round succeeds when all of them do.
/// </summary>
public sealed class WriteProbe(SoakApi api, string operatorToken, int width = 4)
{
    private readonly ConcurrentQueue<(DateTimeOffset At, bool Ok)> _rounds = new();
    private readonly List<(string UserId, string MeterToken)> _meters = [];

    public IReadOnlyList<(DateTimeOffset At, bool Ok)> Rounds => _rounds.ToArray();

    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < width; i++)
        {
            var userId = $"soak-probe-{i}";
            _meters.Add((userId, await api.RegisterMeterAsync(operatorToken, "soak-probe-meter-" + i, userId, cancellationToken)));
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            var at = DateTimeOffset.UtcNow;
            var n = round++;
            var results = await Task.WhenAll(_meters.Select(async m =>
            {
                try
                {
                    await api.Meters.RecordReadingAsync(new RecordReadingRequest { UserId = m.UserId, ReadingId = $"probe-{n}", GeneratedWh = 1 },
                        SoakApi.Bearer(m.MeterToken), DateTime.UtcNow.AddSeconds(3), stop);
                    return true;
                }
                catch (RpcException)
                {
                    return false;
                }
            }));
            _rounds.Enqueue((at, results.All(ok => ok)));
            await Task.Delay(500, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>How long writes failed between <paramref name="from"/> and <paramref name="to"/> (sum of failed rounds' spans).</summary>
    public TimeSpan OutageBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var rounds = Rounds;
        var total = TimeSpan.Zero;
        for (var i = 0; i < rounds.Count; i++)
        {
            if (rounds[i].At >= from && rounds[i].At < to && !rounds[i].Ok)
            {
                var next = i + 1 < rounds.Count ? rounds[i + 1].At : rounds[i].At.AddMilliseconds(500);
                total += next - rounds[i].At;
            }
        }

        return total;
    }

    /// <summary>From <paramref name="healedAt"/> to the first successful round after it; zero when writes never failed around it.</summary>
    public TimeSpan? RecoveryAfter(DateTimeOffset injectedAt, DateTimeOffset healedAt)
    {
        var rounds = Rounds;
        var failedSince = rounds.Any(r => r.At >= injectedAt && r.At <= healedAt.AddSeconds(1) && !r.Ok);
        if (!failedSince)
        {
            return TimeSpan.Zero;
        }

        var firstOk = rounds.FirstOrDefault(r => r.At >= healedAt && r.Ok);
        return firstOk == default ? null : firstOk.At - healedAt;
    }
}
