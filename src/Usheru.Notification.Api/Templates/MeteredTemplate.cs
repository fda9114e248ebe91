using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// Rewrites a parsed template so the parts that can grow without writing output report to the
/// <see cref="RenderMeter"/>: every range checks its size before Fluid builds it, every capture
/// writes through a metered writer, and every loop checks the meter on each turn, so none of them
/// can fill memory or run on between two checks.
/// </summary>
internal sealed class MeteredTemplate(int maxDepth) : AstRewriter
{
    private int depth;

    /// <exception cref="TemplateLimitExceededException">The tree nests deeper than <see cref="TemplatesOptions.MaxDepth"/> allows.</exception>
    public static IFluidTemplate Rewrite(IFluidTemplate template, int maxDepth) => new MeteredTemplate(maxDepth).VisitTemplate(template);

    /// <summary>
    /// The parsed tree's real depth, bounded: the nesting check before parsing counts from the
    /// text, and this holds even where the text misled it, before anything recurses to render.
    /// Blocks, statement lists and operators each add a level, hence the allowance above the limit.
    /// </summary>
    public override Statement Visit(Statement statement)
    {
        Enter();
        try
        {
            return base.Visit(statement);
        }
        finally
        {
            depth--;
        }
    }

    public override Expression Visit(Expression expression)
    {
        Enter();
        try
        {
            return base.Visit(expression);
        }
        finally
        {
            depth--;
        }
    }

    private void Enter()
    {
        if (++depth > 2 * maxDepth + 16)
        {
            throw TemplateLimitExceededException.Depth(maxDepth);
        }
    }

    protected override Expression VisitRangeExpression(RangeExpression rangeExpression) =>
        base.VisitRangeExpression(rangeExpression) is RangeExpression range ? new BoundedRange(range) : rangeExpression;

    /// <summary>Each turn of a loop checks the meter first, so a loop that neither writes nor filters still meets the clock.</summary>
    protected override Statement VisitForStatement(ForStatement forStatement) =>
        base.VisitForStatement(forStatement) is ForStatement loop
            ? new ForStatement([Checkpoint.Instance, .. loop.Statements], loop.Identifier, loop.Source, loop.Limit, loop.Offset, loop.Reversed, loop.Else)
            : forStatement;

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement) =>
        base.VisitCaptureStatement(captureStatement) is CaptureStatement capture
            ? new CaptureStatement(capture.Identifier, [new MeteredBlock(capture.Statements)])
            : captureStatement;

    /// <summary><c>(from..to)</c>, refused before it is built when it holds more than <see cref="TemplatesOptions.MaxRange"/> numbers.</summary>
    private sealed class BoundedRange(RangeExpression range) : Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var meter = RenderMeter.Of(context);
            meter?.Check();
            var from = (await range.From.EvaluateAsync(context)).ToNumberValue();
            var to = (await range.To.EvaluateAsync(context)).ToNumberValue();
            var limit = meter?.Limits.MaxRange ?? Liquid.Limits.MaxRange;
            if (Math.Abs(to - from) >= limit)
            {
                throw TemplateLimitExceededException.Range(limit);
            }
            return await range.EvaluateAsync(context);
        }
    }

    /// <summary>Writes nothing: checks the <see cref="RenderMeter"/>.</summary>
    private sealed class Checkpoint : Statement
    {
        public static readonly Checkpoint Instance = new();

        public override ValueTask<Completion> WriteToAsync(TextWriter writer, TextEncoder encoder, TemplateContext context)
        {
            RenderMeter.Of(context)?.Check();
            return new ValueTask<Completion>(Completion.Normal);
        }
    }

    /// <summary>The body of a capture, writing through a <see cref="MeteredWriter"/>.</summary>
    private sealed class MeteredBlock(IReadOnlyList<Statement> statements) : Statement
    {
        public override ValueTask<Completion> WriteToAsync(TextWriter writer, TextEncoder encoder, TemplateContext context) =>
            RenderMeter.Of(context) is { } meter
                ? statements.RenderStatementsAsync(new MeteredWriter(writer, meter, isOutput: false), encoder, context)
                : statements.RenderStatementsAsync(writer, encoder, context);
    }
}
