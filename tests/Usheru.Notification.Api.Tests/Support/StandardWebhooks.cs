using System.Security.Cryptography;
using System.Text;

namespace Usheru.Notification.Api.Tests.Support;

/// <summary>Checks a received webhook the way a receiver would, from the raw bytes, without the service's own signing code.</summary>
public static class StandardWebhooks
{
    public static void ShouldBeSignedWith(this ReceivedRequest request, string secret)
    {
        var id = request.Headers["webhook-id"];
        var timestamp = request.Headers["webhook-timestamp"];
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{request.BodyText}")));
        request.Headers["webhook-signature"].Split(' ').ShouldContain(expected);
    }
}
