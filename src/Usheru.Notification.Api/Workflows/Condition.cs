using Fluid;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Workflows;

/// <summary>A step's <c>if</c>: a Liquid condition, evaluated as <c>{% if … %}</c> would.</summary>
internal static class Condition
{
    public static string Template(string condition) => $"{{% if {condition} %}}1{{% endif %}}";

    public static bool Holds(string condition, TemplateContext context) =>
        Liquid.TryParse(Template(condition), out var template, out _) && Liquid.RenderText(template, context) == "1";
}
