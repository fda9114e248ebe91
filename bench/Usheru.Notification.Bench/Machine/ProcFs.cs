using System.Globalization;

namespace Usheru.Notification.Bench.Machine;

/// <summary>Per-process and machine-wide counters from <c>/proc</c>.</summary>
internal static class ProcFs
{
    // /proc reports CPU time in USER_HZ, which the kernel ABI fixes at 100 on x86-64 and arm64.
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds the process has used; with children, also what its reaped children used.</summary>
    public static double CpuSeconds(int pid, bool withReapedChildren = false)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return 0;
        }
        // Fields after "pid (comm)": [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
        var ticks = Field(fields, 11) + Field(fields, 12);
        if (withReapedChildren)
        {
            ticks += Field(fields, 13) + Field(fields, 14);
        }
        return ticks / TicksPerSecond;
    }

    public static int ParentOf(int pid) => StatFields(pid) is { } fields ? (int)Field(fields, 1) : 0;

    /// <summary>Peak resident set size (<c>VmHWM</c>) in bytes.</summary>
    public static long PeakRssBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>CPU seconds the whole machine spent busy (not idle, not waiting on I/O), all cores together.</summary>
    public static double MachineBusySeconds()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        var busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
        return busy / TicksPerSecond;
    }

    public static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name is { Length: > 0 } && char.IsAsciiDigit(name[0]))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture));

    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process has gone
        }
    }

    private static long Field(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
}
