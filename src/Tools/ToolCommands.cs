namespace Enerlectra.Tools;

/// <summary>The operator commands, by name (the first argument).</summary>
public static class ToolCommands
{
    public const string Usage =
        "usage: dotnet run --project src/Tools -- ledger-check --postgres \"<connection string>\" [--service-id enerlectra] [--market default]";

    /// <summary>Runs the command; the process's exit code (0 fine, 1 the check failed, 2 usage, 3 the database could not be read).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        switch (args.FirstOrDefault())
        {
            case "ledger-check":
                return await LedgerCheckCommand.RunAsync(args[1..], stdout, stderr, cancellationToken);
            default:
                await stderr.WriteLineAsync(args.Length == 0 ? "No command given." : $"Unknown command {args[0]}.");
                await stderr.WriteLineAsync(Usage);
                return 2;
        }
    }
}
