using System.Diagnostics;

namespace Usheru.Notification.Bench.Processes;

/// <summary>Runs a short command to completion.</summary>
internal static class Shell
{
    /// <returns>What the command wrote to standard output; a non-zero exit throws with what it wrote.</returns>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments)
    {
        var (exitCode, output, errors) = await ExecuteAsync(program, arguments);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({exitCode}): {output}{errors}");
    }

    public static async Task<bool> SucceedsAsync(string program, IEnumerable<string> arguments) =>
        (await ExecuteAsync(program, arguments)).ExitCode == 0;

    /// <summary>As <see cref="RunAsync"/>, as the <c>postgres</c> OS user when the harness runs as root.</summary>
    public static Task<string> RunAsPostgresAsync(string program, IEnumerable<string> arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments])
            : RunAsync(program, arguments);

    private static async Task<(int ExitCode, string Output, string Errors)> ExecuteAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
