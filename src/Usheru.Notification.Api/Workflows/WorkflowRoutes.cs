using Microsoft.AspNetCore.Http.HttpResults;
using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Hosting.OpenApi;
using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Workflows;

internal static class WorkflowRoutes
{
    public const int MaxCancellationKeyLength = 200;

    public static RouteGroupBuilder MapWorkflows(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/notifications/{id}/runs", RunsAsync).RequireAuthorization(ApiKeyScopes.Read).WithTags("Notifications")
            .RequireWellFormed("id", Identifiers.Issued(Storage.Ids.Notification), "notification")
            .Documented("listNotificationRuns", "List a workflow notification's runs", "Scope `read`. The runs a workflow trigger started, with each step's status, cursor-paged.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        var group = routes.MapGroup("/v1/workflows").WithTags("Workflows");
        group.MapPut("/{key}", PutAsync).RequireAuthorization(ApiKeyScopes.Manage)
            .Documented("putWorkflow", "Create or replace a workflow",
                "Scope `manage`. 201 when created, 200 when replaced; replacing adds a version, and runs finish the version they started with.")
            .WithLocation(StatusCodes.Status201Created, "The workflow: `/v1/workflows/{key}`.")
            .WithExample("""
                { "name": "Booking reminder", "category": "transactional",
                  "steps": [{ "id": "confirm", "type": "send", "template": "booking-confirmed", "channel": "email" },
                            { "id": "wait", "type": "delay", "duration": "P1D" },
                            { "id": "remind", "type": "send", "template": "booking-reminder", "channel": "email" }] }
                """, StatusCodes.Status201Created, null);
        group.MapGet("/{key}", GetAsync).RequireAuthorization(ApiKeyScopes.Read).RequireWellFormed("key", Identifiers.Key, "workflow")
            .Documented("getWorkflow", "Get a workflow", "Scope `read`. The workflow's current version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).RequireAuthorization(ApiKeyScopes.Read)
            .Documented("listWorkflows", "List workflows", "Scope `read`. Cursor-paged.");
        group.MapPost("/{key}/cancel", CancelAsync).RequireAuthorization(ApiKeyScopes.Send).RequireWellFormed("key", Identifiers.Key, "workflow")
            .Documented("cancelWorkflowRuns", "Cancel workflow runs", "Scope `send`. Cancels the unfinished runs of this workflow started with `cancellationKey` (optionally only for `recipientIds`).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>A cancellation key is the caller's own handle (<c>booking-B-991</c>): printable, without spaces at either end.</summary>
    public static bool IsCancellationKey(string key) =>
        key.Length is > 0 and <= MaxCancellationKeyLength && !key.Any(char.IsControl) && key.Trim().Length == key.Length;

    private static async Task<Results<Created<StoredWorkflow>, Ok<StoredWorkflow>, ValidationProblem>> PutAsync(
        string key, WorkflowDefinition definition, WorkflowStore store, TemplateStore templates, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Identifiers.Key.IsValid(key))
        {
            errors["key"] = [Identifiers.Key.Message];
        }
        var body = WorkflowValidator.Validate(definition, errors);
        for (var i = 0; body is not null && i < body.Steps.Count; i++)
        {
            if (body.Steps[i] is { Type: WorkflowStep.Send, Template: { } template, Channel: { } channel } step)
            {
                var stored = await templates.GetAsync(template, ct);
                if (stored is null || !LocalizedTemplates.Parse(stored, "", []).Channels.Contains(channel))
                {
                    errors[$"steps[{i}].template"] = [stored is null
                        ? $"Step '{step.Id}': no template '{template}'."
                        : $"Step '{step.Id}': template '{template}' has no {channel} content."];
                }
            }
        }
        if (errors.Count > 0 || body is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (workflow, created) = await store.PutAsync(key, body, ct);
        return created ? TypedResults.Created($"/v1/workflows/{key}", workflow) : TypedResults.Ok(workflow);
    }

    private static async Task<Results<Ok<StoredWorkflow>, ProblemHttpResult>> GetAsync(string key, WorkflowStore store, CancellationToken ct) =>
        await store.GetAsync(key, ct) is { } workflow ? TypedResults.Ok(workflow) : Problems.NotFound("workflow", key);

    private static async Task<Results<Ok<Page<StoredWorkflow>>, ValidationProblem>> ListAsync(int? limit, string? cursor, WorkflowStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (items, last) = await store.ListAsync(after, take, ct);
        return TypedResults.Ok(new Page<StoredWorkflow>(items, Paging.Encode(last)));
    }

    private static async Task<Results<Ok<CancelledRuns>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string key, CancelRunsRequest request, WorkflowStore workflows, RunStore runs, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.CancellationKey is not { } cancellationKey || !IsCancellationKey(cancellationKey))
        {
            errors["cancellationKey"] = [$"Give the cancellation key the runs were triggered with (1 to {MaxCancellationKeyLength} printable characters)."];
        }
        if (request.RecipientIds is { } ids && (ids.Count is 0 or > 1000 || ids.Any(id => id is null || !Identifiers.RecipientId.IsValid(id))))
        {
            errors["recipientIds"] = ["Give 1 to 1000 recipient ids, or leave recipientIds out to cancel for every recipient."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await workflows.GetAsync(key, ct) is null)
        {
            return Problems.NotFound("workflow", key);
        }
        return TypedResults.Ok(new CancelledRuns(await runs.CancelAsync(key, request.CancellationKey!, request.RecipientIds, ct)));
    }

    private static async Task<Results<Ok<Page<RunView>>, ValidationProblem, ProblemHttpResult>> RunsAsync(
        string id, int? limit, string? cursor, RunStore runs, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await runs.ListAsync(id, after, take, ct) is var (items, last)
            ? TypedResults.Ok(new Page<RunView>(items, Paging.Encode(last)))
            : Problems.NotFound("notification", id);
    }

    internal sealed record CancelRunsRequest(string? CancellationKey, IReadOnlyList<string>? RecipientIds);

    internal sealed record CancelledRuns(int Cancelled);
}
