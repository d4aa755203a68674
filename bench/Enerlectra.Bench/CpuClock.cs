using System.Diagnostics;

namespace Enerlectra.Bench;

/// <summary>CPU time used so far by this process (server and load generator together) and by the PostgreSQL server's processes.</summary>
public readonly record struct CpuClock(TimeSpan Process, TimeSpan Postgres)
{
    public static CpuClock Now() => new(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime, PostgresTime());

    public static CpuClock operator -(CpuClock a, CpuClock b) => new(a.Process - b.Process, a.Postgres - b.Postgres);

    /// <summary>utime + stime of every process named postgres (Linux only; zero elsewhere). Clock ticks are 1/100 s.</summary>
    private static TimeSpan PostgresTime()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (close < 0 || !stat.AsSpan(0, close).EndsWith("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the command name: state is field 3, utime 14 and stime 15.
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // A process that ended while being read.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
