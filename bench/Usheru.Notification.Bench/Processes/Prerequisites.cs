namespace Usheru.Notification.Bench.Processes;

/// <summary>The tools the run needs besides the .NET SDK; what apt can provide is installed when missing.</summary>
internal static class Prerequisites
{
    public static async Task<string> WrkAsync()
    {
        if (OnPath("wrk") is { } found)
        {
            return found;
        }
        Console.Error.WriteLine("wrk is missing: installing it with apt-get (needs root)");
        if (!await Shell.SucceedsAsync("apt-get", ["install", "-y", "-qq", "wrk"]))
        {
            await Shell.RunAsync("apt-get", ["update", "-qq"]);
            await Shell.RunAsync("apt-get", ["install", "-y", "-qq", "wrk"]);
        }
        return OnPath("wrk") ?? throw new InvalidOperationException("wrk is not installed: `apt-get install -y wrk`.");
    }

    /// <summary>The newest PostgreSQL server binaries Debian's packages installed.</summary>
    public static string PostgresBin()
    {
        const string Versions = "/usr/lib/postgresql";
        var bin = Directory.Exists(Versions)
            ? Directory.GetDirectories(Versions).Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL is not installed: `apt-get install -y postgresql`.");
    }

    public static void ServiceBuilt()
    {
        if (!File.Exists(RepoPaths.ServiceDll))
        {
            throw new InvalidOperationException(
                $"{RepoPaths.ServiceDll} is missing: run the bench with `dotnet run -c Release --project bench/Usheru.Notification.Bench`, which builds it.");
        }
    }

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
