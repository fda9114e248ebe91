using System.Text;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// Passes what a template writes on to <paramref name="inner"/>, and throws once it is more than
/// <see cref="TemplatesOptions.MaxOutputChars"/>: a loop that writes without end stops at the limit,
/// not when memory runs out. The final output also counts towards the request's total.
/// </summary>
internal sealed class MeteredWriter(TextWriter inner, RenderMeter meter, bool isOutput) : TextWriter
{
    private int written;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        Count(1);
        inner.Write(value);
    }

    public override void Write(string? value)
    {
        Count(value?.Length ?? 0);
        inner.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Count(count);
        inner.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Count(buffer.Length);
        inner.Write(buffer);
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    private void Count(int chars)
    {
        meter.Check();
        if (chars > meter.Limits.MaxOutputChars - written)
        {
            throw isOutput ? TemplateLimitExceededException.Output(meter.Limits.MaxOutputChars) : TemplateLimitExceededException.String(meter.Limits.MaxOutputChars);
        }
        written += chars;
        if (isOutput)
        {
            meter.Budget.AddOutput(chars);
        }
    }
}
