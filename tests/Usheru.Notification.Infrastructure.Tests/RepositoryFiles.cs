using System.Diagnostics;

namespace Usheru.Notification.Infrastructure.Tests;

/// <summary>Files of this repository that the delivery path runs (Dockerfile, buildspec.yml, scripts, the deployment guide).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// Every file these tests read or run. The pipeline runs them inside the Dockerfile's test
    /// stage, so each one must be copied there (FirstDeployBreakerTests checks it); reading any
    /// other file fails.
    /// </summary>
    public static IReadOnlyList<string> Used { get; } =
        ["Dockerfile", ".dockerignore", "buildspec.yml", "docs/deployment.md", "scripts/image-tag.sh"];

    public static string Read(string path) => File.ReadAllText(Checked(path));

    /// <summary>Runs a repository script with exactly <paramref name="environment"/> (plus PATH); returns its exit code and output.</summary>
    public static (int ExitCode, string Output) RunScript(string path, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add(Checked(path));
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

    private static string Checked(string path) => Used.Contains(path)
        ? Path.Combine(Root, path)
        : throw new InvalidOperationException($"{path} is not in RepositoryFiles.Used, so the Dockerfile's test stage need not contain it.");

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
