using System.ComponentModel.DataAnnotations;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// The box every Liquid template renders in. Callers write templates, so each limit is one a real
/// template never meets and a hostile one meets early. The ranges cap what configuration may allow:
/// <see cref="MaxDepth"/> above 100 would let deep nesting overflow the stack again.
/// </summary>
internal sealed class TemplatesOptions
{
    public const string Section = "Templates";

    /// <summary>Blocks nested in blocks, plus brackets, filters and operators within one tag: checked before parsing.</summary>
    [Range(1, 100)]
    public int MaxDepth { get; set; } = 50;

    /// <summary>Statements and loop iterations for one message (every field rendered with one context): Fluid's <c>MaxSteps</c>.</summary>
    [Range(100, 10_000_000)]
    public int MaxSteps { get; set; } = 100_000;

    /// <summary>Numbers in one range, <c>(1..n)</c>, whether looped over or assigned.</summary>
    [Range(1, 1_000_000)]
    public int MaxRange { get; set; } = 10_000;

    /// <summary>Characters one field may render to; also the longest string a filter or a capture may make.</summary>
    [Range(1_024, 16_777_216)]
    public int MaxOutputChars { get; set; } = 262_144;

    /// <summary>Characters rendered for one request at accept time (every recipient and field), or one message at delivery time.</summary>
    [Range(1_024, 1_073_741_824)]
    public int MaxTotalOutputChars { get; set; } = 33_554_432;

    /// <summary>Memory one field's render may allocate, strings and arrays it builds along the way included.</summary>
    [Range(1_048_576, 1_073_741_824)]
    public long MaxAllocatedBytes { get; set; } = 67_108_864;

    /// <summary>Wall-clock time for every render of one request (at accept time or preview) or one message (at delivery time).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan MaxRenderTime { get; set; } = TimeSpan.FromMilliseconds(500);
}
