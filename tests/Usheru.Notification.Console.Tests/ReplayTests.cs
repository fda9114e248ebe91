namespace Usheru.Notification.Console.Tests;

/// <summary>"The box office's receiver was down for 20 minutes: replay everything that failed."</summary>
[Collection(SharedBrowser.Name)]
public sealed class ReplayTests(ConsoleFixture console)
{
    private const int Down = 4;

    [Fact]
    public async Task A_receiver_that_was_failing_gets_every_failed_delivery_after_retry_all()
    {
        var receiver = console.Receiver;
        var (endpointId, _) = await console.Api.CreateWebhookEndpointAsync(receiver.Url.ToString());
        var before = receiver.Requests.Count;
        for (var i = 0; i < Down; i++)
        {
            receiver.AnswerNext(503);
        }
        var failed = new List<string>();
        for (var i = 0; i < Down; i++)
        {
            var accepted = await console.Api.SendAsync(Requests.Webhook(endpointId));
            await console.Api.WaitForStatusAsync((string)accepted["id"]!, "failed");
            failed.Add((string)accepted["deliveries"]![0]!["id"]!);
        }
        // The receiver is fixed: from now on it answers 200.
        var page = await console.SignedInPageAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Failed", Exact = true }).ClickAsync();
        await page.GetByLabel("Channel").FillAsync("webhook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody").First).ToContainTextAsync("webhook endpoint answered 503");
        await page.ScreenshotAsync("failed");
        await page.Locator("#retry-all").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/console/retries/rty_"));
        var received = await receiver.WaitForRequestsAsync(before + 2 * Down, TimeSpan.FromSeconds(20));
        received.Skip(before).Select(r => r.Headers["webhook-id"]).Where(failed.Contains).GroupBy(id => id)
            .ShouldAllBe(g => g.Count() == 2, "each failed delivery arrives again under its own webhook-id");
        received.Skip(before).Select(r => r.Headers["webhook-id"]).ToHashSet().IsSupersetOf(failed).ShouldBeTrue();
        await Eventually.GetAsync(async () => { await page.ReloadAsync(); return await page.Locator("#retry-summary").InnerTextAsync(); },
            text => text.Contains("Done.", StringComparison.Ordinal), what: "the replay page to say it is done");
        await Assertions.Expect(page.Locator("[data-status=sent]")).ToHaveTextAsync(Down.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ScreenshotAsync("replay");
        foreach (var id in failed)
        {
            (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/deliveries/{id}"))!["status"]!.ToString().ShouldBe("sent");
        }
    }
}
