using System.Text.RegularExpressions;

namespace Usheru.Notification.Api.Channels.Sms;

/// <summary>Phone numbers as the API takes them and Twilio sends to them: E.164, like <c>+353871234567</c>.</summary>
internal static partial class PhoneNumber
{
    public static bool IsE164(string value) => E164().IsMatch(value);

    [GeneratedRegex(@"\A\+[1-9][0-9]{6,14}\z")]
    private static partial Regex E164();
}
