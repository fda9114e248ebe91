using MimeKit;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Notifications;

/// <summary>What the moviegoer receives: Liquid rendered with data and recipient, escaped only where HTML needs it.</summary>
public sealed class RenderingTests : IDisposable
{
    private readonly TestService service = new();

    public void Dispose() => service.Dispose();

    private async Task<MimeMessage> SendAndReadEmlAsync(System.Text.Json.Nodes.JsonObject body)
    {
        var client = service.Client();
        var accepted = await client.SendAsync(body);
        var deliveryId = (string)accepted["deliveries"]![0]!["id"]!;
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");
        return await MimeMessage.LoadAsync(Path.Combine(service.Outbox, $"{deliveryId}.eml"));
    }

    [Fact]
    public async Task Escapes_data_in_html_but_not_in_text_or_subject()
    {
        var body = Requests.Email(subject: "{{ film }} & friends", text: "Hi {{ recipient.name }}, {{ film }} is on sale", html: "<p>{{ film }}</p>");
        body["data"]!["film"] = "Tom & Jerry <Live>";

        var message = await SendAndReadEmlAsync(body);

        message.Subject.ShouldBe("Tom & Jerry <Live> & friends");
        message.TextBody!.ShouldContain("Hi Ann, Tom & Jerry <Live> is on sale");
        message.HtmlBody!.ShouldContain("<p>Tom &amp; Jerry &lt;Live&gt;</p>");
    }

    [Fact]
    public async Task Keeps_accented_and_non_latin_letters_readable_in_html()
    {
        var body = Requests.Email(html: "<p>{{ film }}</p>");
        body["data"]!["film"] = "Amélie — 千と千尋の神隠し";

        var message = await SendAndReadEmlAsync(body);

        message.HtmlBody!.ShouldContain("<p>Amélie — 千と千尋の神隠し</p>");
    }

    [Fact]
    public async Task Renders_loops_and_nested_data()
    {
        var body = Requests.Email(text: "{% for s in showtimes %}{{ s.time }} at {{ cinema.name }}; {% endfor %}");
        body["data"] = System.Text.Json.Nodes.JsonNode.Parse("""{"cinema":{"name":"Lighthouse"},"showtimes":[{"time":"18:00"},{"time":"21:15"}]}""")!.AsObject();

        var message = await SendAndReadEmlAsync(body);

        message.TextBody!.ShouldContain("18:00 at Lighthouse; 21:15 at Lighthouse;");
    }

    [Fact]
    public async Task Writes_the_message_id_and_tracking_headers_into_the_email()
    {
        var client = service.Client();
        var accepted = await client.SendAsync(Requests.Email());
        var deliveryId = (string)accepted["deliveries"]![0]!["id"]!;
        await client.WaitForStatusAsync((string)accepted["id"]!, "completed");

        var message = await MimeMessage.LoadAsync(Path.Combine(service.Outbox, $"{deliveryId}.eml"));

        message.MessageId.ShouldBe($"{deliveryId}@notification.usheru.com");
        message.Headers["X-Notification-Id"].ShouldBe((string)accepted["id"]!);
        message.Headers["X-Delivery-Id"].ShouldBe(deliveryId);
        message.To.Mailboxes.Single().Address.ShouldBe("ann@example.com");
    }
}
