using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// A logger provider beside the service's console: every line logged, with the values of the
/// scopes it was logged in, as a log collector reading the JSON lines would see them.
/// <code>
/// var logs = new CapturedLogs();
/// using var service = new TestService(services: logs.Register);
/// </code>
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly List<CapturedLine> lines = [];
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public void Register(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    /// <summary>Waits for a line that satisfies <paramref name="match"/>.</summary>
    public Task<CapturedLine> WaitForAsync(Func<CapturedLine, bool> match, string what) =>
        Eventually.GetAsync(() => Task.FromResult(Snapshot().FirstOrDefault(match)), line => line is not null, what: what)!;

    public IReadOnlyList<CapturedLine> Snapshot()
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>();
            logs.scopes.ForEachScope((scope, into) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        into[key] = value;
                    }
                }
            }, values);
            lock (logs.lines)
            {
                logs.lines.Add(new CapturedLine(category, logLevel, formatter(state, exception), values));
            }
        }
    }
}

/// <summary>One logged line: its category, level, message and the values of its scopes.</summary>
public sealed record CapturedLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scopes)
{
    public string? Scope(string key) => Scopes.TryGetValue(key, out var value) ? value?.ToString() : null;
}
