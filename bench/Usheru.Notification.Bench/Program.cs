using Usheru.Notification.Bench;
using Usheru.Notification.Bench.Targets;

// The same program is the harness and, started by it as separate processes, the apps it compares against.
switch (args)
{
    case [CeilingApp.Mode]:
        await CeilingApp.RunAsync();
        return 0;
    case [HangfireApp.Mode]:
        await HangfireApp.RunAsync();
        return 0;
}
if (BenchOptions.Parse(args) is not { } options)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
var command = "dotnet run -c Release --project bench/Usheru.Notification.Bench" +
    (options.Only is { } only ? $" -- --only {string.Join(',', only)}" : options.Quick ? " -- --quick" : "");
await BenchRun.RunAsync(options, command);
return 0;
