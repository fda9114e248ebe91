namespace Usheru.Notification.Api.Templates;

/// <summary>
/// A template that parsed but cannot be rendered with the data given (a filter refused its input,
/// or a limit was met). At request time it is the caller's 400; later it fails the one delivery or
/// run that rendered it, permanently: the same template and data would fail again.
/// </summary>
internal class TemplateRenderException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The field whose template failed, e.g. <c>content.email.html</c>; null until a caller that knows it says.</summary>
    public string? Field { get; private set; }

    /// <summary>This exception, naming <paramref name="field"/> unless a deeper caller already named it.</summary>
    public TemplateRenderException At(string field)
    {
        Field ??= field;
        return this;
    }
}
