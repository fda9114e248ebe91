using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Channels.Sms;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Unsubscribe;

namespace Usheru.Notification.Api.Providers.Twilio;

/// <summary>
/// <c>POST /providers/twilio/status</c>: Twilio's status callbacks for the messages this service
/// sent (each names this URL as its <c>StatusCallback</c>). Verified with <c>X-Twilio-Signature</c>
/// over the public URL (the one Twilio called, not the one the load balancer forwarded); 403 otherwise.
/// <c>delivered</c> marks the delivery delivered; <c>undelivered</c> and <c>failed</c> mark it bounced
/// with Twilio's error code. Earlier states (queued, sent) change nothing.
/// </summary>
internal static class TwilioStatusRoutes
{
    public const string Path = "/providers/twilio/status";

    public static RouteHandlerBuilder MapTwilioStatus(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().WithTags("Provider feedback").ExcludeFromDescription();

    /// <summary>The callback URL messages carry, from <c>PublicBaseUrl</c>.</summary>
    public static string CallbackUrl(Uri publicBaseUrl) => publicBaseUrl.ToString().TrimEnd('/') + Path;

    private static async Task<Results<Ok, ProblemHttpResult, ValidationProblem>> ReceiveAsync(
        HttpRequest request, IServiceProvider services, IOptions<UnsubscribeOptions> site, FeedbackRecorder recorder, CancellationToken ct)
    {
        var token = services.GetService<IOptions<TwilioOptions>>()?.Value.AuthToken;
        if (string.IsNullOrEmpty(token) || !request.HasFormContentType)
        {
            return Forbidden();
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Past the form limits (values, key and value lengths) or malformed multipart: not Twilio's.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [e.Message] },
                detail: "The body is not a form this endpoint can read.");
        }
        var parameters = form.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? ""))).ToList();
        var url = site.Value.PublicBaseUrl.ToString().TrimEnd('/') + request.Path + request.QueryString;
        if (!TwilioSignature.Matches(token, url, parameters, request.Headers["X-Twilio-Signature"].FirstOrDefault()))
        {
            return Forbidden();
        }
        var sid = form["MessageSid"].FirstOrDefault();
        var status = form["MessageStatus"].FirstOrDefault() switch
        {
            "delivered" => DeliveryStatus.Delivered,
            "undelivered" or "failed" => DeliveryStatus.Bounced,
            _ => null,
        };
        if (sid is null || status is null)
        {
            return TypedResults.Ok();
        }
        var error = form["ErrorCode"].FirstOrDefault() is { Length: > 0 } code ? $"twilio reported {form["MessageStatus"]}: error {code}" : $"twilio reported {form["MessageStatus"]}";
        var result = await recorder.RecordAsync(new Feedback("sms", null, sid, status, null, status == DeliveryStatus.Delivered ? null : error), ct);
        // Twilio retries a failed callback only when told to; a 503 asks for that while our send is unrecorded.
        return result == FeedbackResult.NotYetSent
            ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable", detail: "Not recorded yet; try again.")
            : TypedResults.Ok();
    }

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Not a request signed by this service's Twilio account.");
}
