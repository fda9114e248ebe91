using System.Text;
using System.Text.Json.Nodes;

namespace Usheru.Notification.Api.Tests.Hostile;

/// <summary>
/// One hostile request and the refusal it must meet: a status (or any of several, where the server
/// or the app may be first to refuse), the field the problem names and words it must say.
/// </summary>
/// <param name="Request">The method and path, e.g. <c>PUT /v1/recipients/ann%0A</c>; <c>{notification}</c> and <c>{endpoint}</c> name the seeds.</param>
/// <param name="As">Who asks: <c>admin</c>, <c>send-key</c>, <c>read-key</c>, <c>revoked-key</c>, <c>wrong-secret-key</c>, <c>none</c>, or an Authorization header value.</param>
/// <param name="Raw">Bytes sent as they are on a fresh TCP connection, for what an HTTP client refuses to send.</param>
/// <param name="ByServer">Refused by Kestrel before the app sees it: a bare status, no problem body.</param>
public sealed record HostileVector(
    string Class, string Name, string Request, Body? Body = null, int[]? Status = null, string? Field = null, string? Says = null,
    string As = "admin", (string Name, string Value)[]? Headers = null, string? Raw = null, bool ByServer = false)
{
    public int[] Statuses => Status ?? [400];

    public override string ToString() => $"{Class}: {Name}";
}

/// <summary>A request body as bytes, with its content type.</summary>
public sealed record Body(byte[] Bytes, string ContentType = "application/json")
{
    public static Body Json(string json) => new(Encoding.UTF8.GetBytes(json));

    /// <summary>JSON text with raw bytes spliced in where <c>{bytes}</c> stands.</summary>
    public static Body JsonWithBytes(string json, params byte[] bytes)
    {
        var at = json.IndexOf("{bytes}", StringComparison.Ordinal);
        return new([.. Encoding.UTF8.GetBytes(json[..at]), .. bytes, .. Encoding.UTF8.GetBytes(json[(at + "{bytes}".Length)..])]);
    }

    /// <summary>A notification to <paramref name="to"/> with inline email content; <paramref name="data"/> is JSON text, sent as it is.</summary>
    public static Body Email(string text, string data = "{}", string subject = "Hello", string? html = null, string to = """{"email":"ann@example.com"}""") =>
        Message(to, new JsonObject { ["email"] = new JsonObject { ["subject"] = subject, ["text"] = text, ["html"] = html } }.ToJsonString(), data);

    /// <summary>A notification whose data is <paramref name="data"/>, to <paramref name="to"/>, with the given content JSON.</summary>
    public static Body Message(string to, string content, string data = "{}") =>
        Json($$"""{"to":[{{to}}],"content":{{content}},"data":{{data}}}""");

    public static string Times(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    /// <summary>JSON for <c>{ "s": "aaa…" }</c> with <paramref name="chars"/> characters.</summary>
    public static string Text(int chars) => $$"""{"s":"{{new string('a', chars)}}"}""";

    /// <summary>JSON for <c>{ "items": [0, 1, …] }</c>.</summary>
    public static string Items(int count) => $$"""{"items":[{{string.Join(',', Enumerable.Range(0, count))}}]}""";
}
