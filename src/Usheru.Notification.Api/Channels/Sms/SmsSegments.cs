namespace Usheru.Notification.Api.Channels.Sms;

/// <summary>
/// How an SMS text travels: GSM-7 when every character is in the GSM 03.38 alphabet (its extension
/// characters take two septets), UCS-2 otherwise; 160/153 or 70/67 units per segment when split.
/// </summary>
internal static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    public static SmsEncoding Measure(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
            {
                septets++;
            }
            else if (Extension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                // UCS-2 counts UTF-16 code units: an emoji is two.
                var units = text.Length;
                return new SmsEncoding("UCS-2", units, units <= 70 ? 1 : (units + 66) / 67);
            }
        }
        return new SmsEncoding("GSM-7", septets, septets <= 160 ? 1 : (septets + 152) / 153);
    }
}

/// <summary>The encoding an SMS needs, its length in that encoding's units and the segments it is sent as.</summary>
internal sealed record SmsEncoding(string Encoding, int Length, int Segments);
