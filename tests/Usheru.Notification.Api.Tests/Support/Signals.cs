using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>POSIX signals (kill(2)) to the processes the tests start, beyond the SIGKILL <see cref="Process.Kill()"/> sends.</summary>
internal static class Signals
{
    public const int Quit = 3;
    public const int Term = 15;
    public const int Cont = 18;
    public const int Stop = 19;

    /// <exception cref="InvalidOperationException">The signal could not be sent, e.g. the process is gone.</exception>
    public static void Send(Process process, int signal)
    {
        if (Kill(process.Id, signal) != 0)
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    // DllImport rather than LibraryImport, whose generated code would need unsafe blocks in this project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
