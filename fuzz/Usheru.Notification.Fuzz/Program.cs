using SharpFuzz;
using Usheru.Notification.Fuzz;

// `dotnet Usheru.Notification.Fuzz.dll request|template` under afl-fuzz (fuzz/run.sh);
// `… request|template FILE…` runs the target once on each file and says what it threw, to turn a crash into a test.
var target = args.FirstOrDefault() switch
{
    "request" => (Action<byte[]>)RequestTarget.Run,
    "template" => TemplateTarget.Run,
    _ => null,
};
if (target is null)
{
    Console.Error.WriteLine("usage: Usheru.Notification.Fuzz request|template [FILE…]");
    return 2;
}
if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        try
        {
            target(File.ReadAllBytes(file));
            Console.WriteLine($"{file}: handled");
        }
        catch (Exception ex)
        {
            Console.WriteLine($"{file}: CRASH {ex}");
        }
    }
    return 0;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
