using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Hosting;

/// <summary>
/// The shape of every id and key a request names, one rule per kind, each matched whole: <c>\A…\z</c>,
/// since .NET's <c>$</c> also matches before a final newline, which once let <c>ann\n</c> be stored
/// and then broke the <c>Location</c> header. Every route and body that takes an id checks it here,
/// with <see cref="RouteValueRules.RequireWellFormed"/> on an endpoint or <see cref="IdentifierRule.IsValid"/>.
/// </summary>
internal static partial class Identifiers
{
    /// <summary>The calling services' own ids for people: <c>user-123</c>, <c>cinema:42</c>, <c>ann@example.com</c>.</summary>
    public static readonly IdentifierRule RecipientId = new(RecipientIdPattern(), "Use 1 to 128 letters, digits, '.', '_', ':', '@' or '-'.");

    /// <summary>What people follow: <c>film:dune-part-three:tickets</c>.</summary>
    public static readonly IdentifierRule TopicKey = new(TopicKeyPattern(), "Use 1 to 200 letters, digits, '.', '_', ':' or '-'.");

    /// <summary>Names of stored definitions, templates and workflows alike: <c>booking-confirmed</c>.</summary>
    public static readonly IdentifierRule Key = new(KeyPattern(), "Use 1 to 100 lowercase letters, digits, '.', '_' or '-', like 'booking-confirmed'.");

    /// <summary>Language tags: <c>es</c>, <c>es-MX</c>.</summary>
    public static readonly IdentifierRule Locale = new(LocalePattern(), "Locales are language tags like 'es' or 'es-MX'.");

    /// <summary>IANA time zone names (checked against the zone database afterwards): <c>Europe/Dublin</c>, <c>UTC</c>.</summary>
    public static readonly IdentifierRule TimeZone = new(TimeZonePattern(), "Use an IANA time zone like 'Europe/Dublin'.");

    /// <summary>Ids this service issues, <c>{prefix}_{32 hex digits}</c> (<see cref="Ids"/>): one that is not of that shape names nothing.</summary>
    public static IdentifierRule Issued(string prefix) => new(IssuedPattern(), $"Not a '{prefix}_…' id.", prefix);

    [GeneratedRegex(@"\A[A-Za-z0-9._:@-]{1,128}\z")]
    private static partial Regex RecipientIdPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9._:-]{1,200}\z")]
    private static partial Regex TopicKeyPattern();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]{0,99}\z")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"\A[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}\z")]
    private static partial Regex LocalePattern();

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9_+-]{0,40}(/[A-Za-z0-9][A-Za-z0-9_+-]{0,40}){0,3}\z")]
    private static partial Regex TimeZonePattern();

    [GeneratedRegex(@"\A[a-z]{2,8}_[0-9a-f]{32}\z")]
    private static partial Regex IssuedPattern();
}

/// <summary>One kind of id: its pattern and the message that says what it should look like.</summary>
/// <param name="Prefix">For ids this service issues, their type prefix.</param>
internal sealed record IdentifierRule(Regex Pattern, string Message, string? Prefix = null)
{
    public bool IsValid([NotNullWhen(true)] string? value) =>
        value is not null && Pattern.IsMatch(value) && (Prefix is null || value.StartsWith($"{Prefix}_", StringComparison.Ordinal));
}
