using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>
/// Twilio's Messages API on 127.0.0.1 (Kestrel), checking requests as Twilio does: the account SID
/// in the path, HTTP Basic auth with that SID and its token (401, error 20003, otherwise), a form
/// body with <c>To</c>, <c>From</c> and <c>Body</c>. It answers 201 with a message resource, or
/// Twilio's error JSON. Twilio's magic test numbers fail as they do with test credentials:
/// <c>+15005550001</c> (21211 invalid number), <c>+15005550004</c> (21610 unsubscribed),
/// <c>+15005550009</c> (21614 not a mobile number).
/// <code>
/// await using var twilio = await TwilioStandIn.StartAsync();
/// // configure the service with twilio.Settings()
/// twilio.AnswerNext(503, headers: ("Retry-After", "30"));
/// var messages = await twilio.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10));
/// </code>
/// </summary>
public sealed class TwilioStandIn : IAsyncDisposable
{
    /// <summary>Twilio's "valid" magic sender number for test credentials.</summary>
    public const string DefaultFrom = "+15005550006";

    private static readonly Dictionary<string, (int Code, string Message)> MagicNumbers = new()
    {
        ["+15005550001"] = (21211, "The 'To' number +15005550001 is not a valid phone number."),
        ["+15005550004"] = (21610, "Attempt to send to unsubscribed recipient"),
        ["+15005550009"] = (21614, "'To' number is not a valid mobile number"),
    };

    private readonly ReceivedLog<TwilioMessage> _messages = new("messages");
    private readonly ConcurrentQueue<TwilioAnswer> _answers = new();
    private LoopbackServer _server = null!;

    private TwilioStandIn()
    {
    }

    public string AccountSid { get; } = "AC" + RandomNumberGenerator.GetHexString(32, lowercase: true);

    public string AuthToken { get; } = RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>The API's base URL, <c>http://127.0.0.1:{port}</c>: the <c>Sms:Twilio:BaseUrl</c> to configure.</summary>
    public string BaseUrl => _server.Origin;

    /// <summary>The messages accepted so far, in arrival order.</summary>
    public IReadOnlyList<TwilioMessage> Messages => _messages.Snapshot();

    public static async Task<TwilioStandIn> StartAsync()
    {
        var twilio = new TwilioStandIn();
        twilio._server = await LoopbackServer.StartAsync(twilio.HandleAsync);
        return twilio;
    }

    /// <summary>The <c>Sms:Twilio</c> settings that send through this stand-in; <paramref name="authToken"/> overrides the right one.</summary>
    public Dictionary<string, string?> Settings(string from = DefaultFrom, string? authToken = null) => new()
    {
        ["Sms:Twilio:AccountSid"] = AccountSid,
        ["Sms:Twilio:AuthToken"] = authToken ?? AuthToken,
        ["Sms:Twilio:From"] = from,
        ["Sms:Twilio:BaseUrl"] = BaseUrl,
    };

    /// <summary>Answers the next authenticated request with this status (and Twilio error) instead of accepting it.</summary>
    public void AnswerNext(int status, int? code = null, string? message = null, params (string Name, string Value)[] headers) =>
        _answers.Enqueue(new TwilioAnswer(status, code, message, headers));

    /// <summary>Completes once <paramref name="count"/> messages have been accepted.</summary>
    /// <exception cref="TimeoutException">Fewer arrived within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<TwilioMessage>> WaitForMessagesAsync(int count, TimeSpan timeout) =>
        _messages.WaitForAsync(count, timeout);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method != HttpMethods.Post || request.Path != $"/2010-04-01/Accounts/{AccountSid}/Messages.json")
        {
            await ErrorAsync(context, new TwilioAnswer(404, 20404, $"The requested resource {request.Path} was not found", []));
            return;
        }
        if (!IsAuthenticated(request.Headers.Authorization.ToString()))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            await ErrorAsync(context, new TwilioAnswer(401, 20003, "Authenticate", []));
            return;
        }
        if (_answers.TryDequeue(out var answer))
        {
            await ErrorAsync(context, answer);
            return;
        }
        if (!request.HasFormContentType)
        {
            await ErrorAsync(context, new TwilioAnswer(400, 20001, "Content-Type must be application/x-www-form-urlencoded", []));
            return;
        }
        var form = await request.ReadFormAsync(context.RequestAborted);
        var (to, from, body) = (form["To"].ToString(), form["From"].ToString(), form["Body"].ToString());
        var refusal = (to, from, body) switch
        {
            ({ Length: 0 }, _, _) => (21604, "A 'To' phone number is required."),
            (_, { Length: 0 }, _) => (21603, "A 'From' phone number is required."),
            (_, _, { Length: 0 }) => (21602, "Message body is required."),
            _ when MagicNumbers.TryGetValue(to, out var magic) => magic,
            _ => ((int, string)?)null,
        };
        if (refusal is var (code, message))
        {
            await ErrorAsync(context, new TwilioAnswer(400, code, message, []));
            return;
        }
        var sid = "SM" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        _messages.Add(new TwilioMessage(sid, to, from, body, form["StatusCallback"].FirstOrDefault()));
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Resource(sid, to, from, body).ToJsonString(), context.RequestAborted);
    }

    private bool IsAuthenticated(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.Ordinal))
            return false;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..])) == $"{AccountSid}:{AuthToken}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private JsonObject Resource(string sid, string to, string from, string body) => new()
    {
        ["sid"] = sid,
        ["account_sid"] = AccountSid,
        ["to"] = to,
        ["from"] = from,
        ["body"] = body,
        ["status"] = "queued",
        ["direction"] = "outbound-api",
        ["num_segments"] = "1",
        ["api_version"] = "2010-04-01",
        ["date_created"] = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture),
        ["error_code"] = null,
        ["error_message"] = null,
        ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
    };

    private static async Task ErrorAsync(HttpContext context, TwilioAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
            context.Response.Headers.Append(name, value);
        if (answer.Code is not { } code)
            return;
        var error = new JsonObject
        {
            ["code"] = code,
            ["message"] = answer.Message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
            ["status"] = answer.Status,
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted);
    }
}
