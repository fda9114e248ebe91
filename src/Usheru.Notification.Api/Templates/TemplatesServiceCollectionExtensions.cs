namespace Usheru.Notification.Api.Templates;

internal static class TemplatesServiceCollectionExtensions
{
    /// <summary>The <c>Templates</c> limits, validated on start and put in force before any request or worker renders.</summary>
    public static IHostApplicationBuilder AddTemplates(this IHostApplicationBuilder builder)
    {
        // PostConfigure runs when the options are first built, which ValidateOnStart does before
        // any hosted service (Kestrel included) starts; a value that fails validation stops the start.
        builder.Services.AddOptions<TemplatesOptions>().BindConfiguration(TemplatesOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart().PostConfigure(Liquid.Apply);
        return builder;
    }
}
