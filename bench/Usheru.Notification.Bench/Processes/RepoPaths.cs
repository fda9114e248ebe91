namespace Usheru.Notification.Bench.Processes;

/// <summary>Where the repository and the builds the benchmark runs live.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The service's Release build; the bench project references the service, so building the bench builds it.</summary>
    public static string ServiceDll { get; } = Path.Combine(Root, "src", "Usheru.Notification.Api", "bin", "Release", "net10.0", "Usheru.Notification.Api.dll");

    /// <summary>This program, which also runs the ceiling app and the Hangfire baseline as separate processes.</summary>
    public static string BenchDll { get; } = typeof(RepoPaths).Assembly.Location;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Usheru.Notification.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Usheru.Notification.slnx above {AppContext.BaseDirectory}: run the bench from its repository.");
    }
}
