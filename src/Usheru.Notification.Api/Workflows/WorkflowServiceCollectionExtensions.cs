namespace Usheru.Notification.Api.Workflows;

internal static class WorkflowServiceCollectionExtensions
{
    /// <summary>Stored workflows, their runs, and the worker that advances them.</summary>
    public static IHostApplicationBuilder AddWorkflows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WorkflowStore>();
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<RunQueue>();
        builder.Services.AddSingleton<RunAdvancer>();
        builder.Services.AddHostedService<WorkflowWorker>();
        return builder;
    }
}
