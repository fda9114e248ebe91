using System.Buffers;
using System.Diagnostics;

namespace Usheru.Notification.Api.Tracing;

/// <summary>
/// W3C trace context as it is stored with a notification (<c>notifications.trace_context</c>): the
/// <c>traceparent</c>, then, when there is one, a space and the <c>tracestate</c> (a traceparent
/// never holds a space). Every delivery of the notification, the fan-out's and the workflow's
/// included, and every event about it, is sent in that trace.
/// </summary>
internal static class TraceContext
{
    private const int TraceParentLength = 55;
    private const int MaxTraceStateLength = 512;
    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdef");

    /// <summary>
    /// What a notification accepted on this request is stored with. Tracing on: the accept span
    /// (the request's server span, itself a child of the caller's <c>traceparent</c>), so delivery
    /// attempts are its children. Tracing off: the caller's own <c>traceparent</c> and
    /// <c>tracestate</c> as they came (no new string unless both came), so the webhook receiver
    /// still continues the caller's trace; none came: null.
    /// </summary>
    public static string? OfRequest(HttpContext http)
    {
        if (ServiceTracing.Enabled && Activity.Current is { IdFormat: ActivityIdFormat.W3C } accept)
        {
            return Stored(accept.Id!, accept.TraceStateString);
        }
        var parent = http.Request.Headers.TraceParent;
        if (parent.Count != 1 || !IsTraceParent(parent[0]))
        {
            return null;
        }
        var state = http.Request.Headers.TraceState;
        return Stored(parent[0]!, state.Count == 0 ? null : state.ToString());
    }

    /// <summary>The parent of a delivery attempt's span: default (a new trace) when nothing usable is stored.</summary>
    public static ActivityContext Parent(string? stored)
    {
        if (stored is null)
        {
            return default;
        }
        var (parent, state) = Split(stored);
        return ActivityContext.TryParse(parent, state, isRemote: true, out var context) ? context : default;
    }

    /// <summary>The stored <c>traceparent</c> and <c>tracestate</c>, as headers to send on.</summary>
    public static (string TraceParent, string? TraceState) Split(string stored)
    {
        var space = stored.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (stored, null) : (stored[..space], stored[(space + 1)..]);
    }

    /// <summary>The 32 hex digits of the trace id, for log lines.</summary>
    public static string? TraceId(string? stored) => stored is null ? null : stored.Substring(3, 32);

    /// <summary>
    /// A version-00 <c>traceparent</c>: <c>00-{32 hex trace id}-{16 hex parent id}-{2 hex flags}</c>,
    /// lower-case, neither id all zeros. Anything else is ignored, as the W3C spec asks.
    /// </summary>
    public static bool IsTraceParent(ReadOnlySpan<char> value) =>
        value.Length == TraceParentLength && value[0] == '0' && value[1] == '0' && value[2] == '-' && value[35] == '-' && value[52] == '-'
        && IsHex(value[3..35]) && IsHex(value[36..52]) && IsHex(value[53..])
        && value[3..35].ContainsAnyExcept('0') && value[36..52].ContainsAnyExcept('0');

    private static string Stored(string parent, string? state) =>
        state is null || state.Length == 0 || !IsTraceState(state) ? parent : $"{parent} {state}";

    /// <summary>Printable ASCII within the spec's 512 characters; one that is not is dropped, the traceparent kept.</summary>
    private static bool IsTraceState(string value) =>
        value.Length <= MaxTraceStateLength && !value.AsSpan().ContainsAnyExceptInRange(' ', '~');

    private static bool IsHex(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(Hex);
}
