using Microsoft.Extensions.Options;
using Usheru.Notification.Api.Storage;

namespace Usheru.Notification.Api.Channels.WebPush;

/// <summary>
/// The VAPID key pair: the configured one, or one generated on first use and kept in the
/// <c>settings</c> table, so that every instance signs with the key browsers subscribed with.
/// </summary>
internal sealed class VapidKeyStore(IStorageEngine engine, IOptions<WebPushOptions> options) : IDisposable
{
    public const string PublicKeySetting = "webpush.public_key";
    public const string PrivateKeySetting = "webpush.private_key";

    private readonly SemaphoreSlim gate = new(1, 1);
    private VapidKeyPair? keys;

    /// <exception cref="InvalidOperationException">The stored keys do not form a pair.</exception>
    public async ValueTask<VapidKeyPair> GetAsync(CancellationToken cancellationToken)
    {
        if (keys is { } known)
            return known;
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Not cached until found, so a database that is down now is asked again next time.
            return keys ??= options.Value.ConfiguredKeys ?? await LoadOrCreateAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<VapidKeyPair> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        var stored = await GeneratedSetting.GetOrCreateAsync(engine, [PublicKeySetting, PrivateKeySetting], () =>
        {
            var generated = VapidKeyPair.Generate();
            return [generated.PublicKey, generated.PrivateKey];
        }, cancellationToken);
        var pair = new VapidKeyPair(stored[0], stored[1]);
        return pair.IsValid()
            ? pair
            : throw new InvalidOperationException($"The settings {PublicKeySetting} and {PrivateKeySetting} do not form a P-256 key pair.");
    }
}
