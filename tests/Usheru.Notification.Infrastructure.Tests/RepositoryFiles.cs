using System.Diagnostics;

namespace Usheru.Notification.Infrastructure.Tests;

/// <summary>Files of this repository that the delivery path runs (Dockerfile, buildspec.yml, scripts, the deployment guide).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string path) => File.ReadAllText(Path.Combine(Root, path));

    /// <summary>Runs a repository script with exactly <paramref name="environment"/> (plus PATH); returns its exit code and output.</summary>
    public static (int ExitCode, string Output) RunScript(string path, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add(Path.Combine(Root, path));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = System.Environment.GetEnvironmentVariable("PATH");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Usheru.Notification.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("The tests run outside the repository.");
    }
}
