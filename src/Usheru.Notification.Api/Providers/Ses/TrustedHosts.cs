using System.Text.RegularExpressions;

namespace Usheru.Notification.Api.Providers.Ses;

/// <summary>The certificate host rule: an HTTPS URL whose host matches one of the patterns (<c>*</c> is one DNS label).</summary>
internal sealed class TrustedHosts(IEnumerable<string> patterns)
{
    private readonly Regex[] hosts = [.. patterns.Select(pattern => new Regex(
        @"\A" + string.Join("[a-z0-9-]+", pattern.Trim().Split('*').Select(Regex.Escape)) + @"\z",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))];

    /// <summary>The URL when it may be fetched: absolute, HTTPS, no user info, a trusted host.</summary>
    public Uri? Check(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && uri.UserInfo.Length == 0
        && hosts.Any(host => host.IsMatch(uri.IdnHost))
            ? uri
            : null;
}
