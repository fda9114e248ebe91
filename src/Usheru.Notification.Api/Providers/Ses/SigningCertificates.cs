using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace Usheru.Notification.Api.Providers.Ses;

/// <summary>
/// SNS signing certificates, fetched from their (already trusted) HTTPS URL once and kept: SNS
/// rotates them rarely, and every message names its own. A failed fetch is not kept.
/// </summary>
internal sealed class SigningCertificates(IHttpClientFactory clients)
{
    public const string HttpClientName = "sns";

    /// <summary>Enough for every region's current and previous certificate; a flood of new URLs cannot grow it further.</summary>
    private const int MaxKept = 64;

    private readonly ConcurrentDictionary<Uri, Lazy<Task<X509Certificate2?>>> kept = new();

    public async Task<X509Certificate2?> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        if (kept.Count >= MaxKept && !kept.ContainsKey(url))
        {
            kept.Clear();
        }
        var fetch = kept.GetOrAdd(url, u => new Lazy<Task<X509Certificate2?>>(() => FetchAsync(u)));
        var certificate = await fetch.Value.WaitAsync(cancellationToken);
        if (certificate is null)
        {
            kept.TryRemove(new KeyValuePair<Uri, Lazy<Task<X509Certificate2?>>>(url, fetch));
        }
        return certificate;
    }

    private async Task<X509Certificate2?> FetchAsync(Uri url)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var pem = await clients.CreateClient(HttpClientName).GetStringAsync(url, timeout.Token);
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Security.Cryptography.CryptographicException
                                      or ArgumentException)
        {
            return null;
        }
    }
}
