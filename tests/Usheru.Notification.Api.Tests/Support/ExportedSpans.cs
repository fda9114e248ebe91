using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Usheru.Notification.Api.Tracing;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// The spans a service exported, through the OpenTelemetry in-memory exporter, with the service's
/// own instrumentation (<see cref="TracingExtensions.AddServiceInstrumentation"/>): tracing as it is
/// on in production, exported here instead of over OTLP. Listeners are process-wide, so the spans
/// of one trace are picked out by its trace id.
/// <code>
/// var spans = new ExportedSpans();
/// using var service = new TestService(services: spans.Register);
/// </code>
/// </summary>
public sealed class ExportedSpans
{
    private readonly Sink spans = new();

    /// <summary>Turns tracing on in a <see cref="TestService"/>, exporting here.</summary>
    public void Register(IServiceCollection services) =>
        services.AddOpenTelemetry().WithTracing(tracing => tracing.AddServiceInstrumentation().AddInMemoryExporter(spans));

    /// <summary>Waits until a span of <paramref name="traceId"/> satisfies <paramref name="match"/>, and returns it.</summary>
    public async Task<Activity> WaitForAsync(ActivityTraceId traceId, Func<Activity, bool> match, string what) =>
        (await Eventually.GetAsync(() => Task.FromResult(Of(traceId).FirstOrDefault(match)), span => span is not null, what: what))!;

    /// <summary>The spans of one trace exported so far.</summary>
    public IReadOnlyList<Activity> Of(ActivityTraceId traceId) => spans.Where(traceId);

    /// <summary>What the exporter adds to, from its threads.</summary>
    private sealed class Sink : ICollection<Activity>
    {
        private readonly List<Activity> items = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public IReadOnlyList<Activity> Where(ActivityTraceId traceId)
        {
            lock (items)
            {
                return [.. items.Where(s => s.TraceId == traceId)];
            }
        }

        public void Add(Activity item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (items)
            {
                return items.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (items)
            {
                items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator()
        {
            lock (items)
            {
                return items.ToList().GetEnumerator();
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
