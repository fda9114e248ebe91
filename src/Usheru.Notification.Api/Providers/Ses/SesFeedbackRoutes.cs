using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.Hosting;

namespace Usheru.Notification.Api.Providers.Ses;

/// <summary>
/// <c>POST /providers/ses/sns</c>: what Amazon SNS posts for the SES feedback topic. Nothing in a
/// post is used before <see cref="SnsVerifier"/> accepts it (403 otherwise). A subscription
/// confirmation is confirmed by fetching its SubscribeURL under the same host rule.
/// </summary>
internal static class SesFeedbackRoutes
{
    public static RouteHandlerBuilder MapSesFeedback(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/providers/ses/sns", ReceiveAsync).AllowAnonymous().WithTags("Provider feedback").ExcludeFromDescription();

    private static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, SnsVerifier verifier, FeedbackRecorder recorder, IHttpClientFactory clients, ILogger<SnsVerifier> logger, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        if (SnsMessage.Parse(body.ToArray()) is not { } message)
        {
            return Forbidden("The body is not an SNS message.");
        }
        if (await verifier.RefuseAsync(message, ct) is { } refusal)
        {
            logger.LogWarning("Refused an SNS post: {Refusal}", refusal);
            return Forbidden($"Not a genuine message of this service's SNS topic: {refusal}.");
        }
        switch (message.Type)
        {
            case SnsMessage.SubscriptionConfirmationType:
                return await ConfirmAsync(message, verifier, clients, logger, ct);
            case SnsMessage.NotificationType:
                var results = new List<FeedbackResult>();
                foreach (var feedback in SesEvent.Read(message.Message ?? ""))
                {
                    results.Add(await recorder.RecordAsync(feedback, ct));
                }
                // SES may report before this service recorded the send; SNS retries a 5xx later.
                return results.Contains(FeedbackResult.NotYetSent)
                    ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service Unavailable",
                        detail: "The delivery's send is not recorded yet; post this again later.")
                    : TypedResults.Ok();
            default:
                return TypedResults.Ok();
        }
    }

    private static async Task<Results<Ok, ProblemHttpResult>> ConfirmAsync(
        SnsMessage message, SnsVerifier verifier, IHttpClientFactory clients, ILogger logger, CancellationToken ct)
    {
        if (verifier.ConfirmationUrl(message) is not { } url)
        {
            return Forbidden("The SubscribeURL is not on a trusted host over HTTPS.");
        }
        try
        {
            using var response = await clients.CreateClient(SigningCertificates.HttpClientName).GetAsync(url, ct);
            response.EnsureSuccessStatusCode();
        }
        catch (HttpRequestException e)
        {
            logger.LogError("Could not confirm the SNS subscription to {TopicArn}: {Error}", message.TopicArn, e.HttpRequestError);
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Bad Gateway", detail: "The subscription could not be confirmed.");
        }
        logger.LogInformation("Confirmed the SNS subscription to {TopicArn}", message.TopicArn);
        return TypedResults.Ok();
    }

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);
}
