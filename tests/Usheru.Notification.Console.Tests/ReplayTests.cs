namespace Usheru.Notification.Console.Tests;

/// <summary>"The box office's receiver was down for 20 minutes: replay everything that failed."</summary>
[Collection(SharedBrowser.Name)]
public sealed class ReplayTests(ConsoleFixture console)
{
    private const int Down = 4;

    /// <summary>Reloads the replay's page (as its own refresh does) until it says every delivery has ended.</summary>
    private static Task<string> UntilTheReplayIsDoneAsync(IPage page) =>
        Eventually.GetAsync(async () => { await page.ReloadAsync(); return await page.Locator("#retry-summary").InnerTextAsync(); },
            text => text.Contains("Done.", StringComparison.Ordinal), what: "the replay page to say it is done");

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
        await UntilTheReplayIsDoneAsync(page);
        await Assertions.Expect(page.Locator("[data-status=sent]")).ToHaveTextAsync(Down.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ShouldPassAxeAsync();
        await page.ScreenshotAsync("replay");
        foreach (var id in failed)
        {
            (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/deliveries/{id}"))!["status"]!.ToString().ShouldBe("sent");
        }
    }

    [Fact]
    public async Task Retrying_one_failed_delivery_from_the_failed_page_sends_it_again_and_only_it()
    {
        var receiver = console.Receiver;
        var (endpointId, _) = await console.Api.CreateWebhookEndpointAsync(receiver.Url.ToString());
        receiver.AnswerNext(503);
        receiver.AnswerNext(503);
        var deliveries = new List<string>();
        foreach (var _ in new[] { "retried", "left failed" })
        {
            var accepted = await console.Api.SendAsync(Requests.Webhook(endpointId));
            await console.Api.WaitForStatusAsync((string)accepted["id"]!, "failed");
            deliveries.Add((string)accepted["deliveries"]![0]!["id"]!);
        }
        var (retried, left) = (deliveries[0], deliveries[1]);
        var page = await console.SignedInPageAsync();

        await page.GotoAsync($"{console.BaseUrl}/console/failed?channel=webhook");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Retry {retried}", Exact = true }).ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/console/retries/rty_"));
        await UntilTheReplayIsDoneAsync(page);
        await Assertions.Expect(page.Locator("[data-status=sent]")).ToHaveTextAsync("1");
        await page.ShouldPassAxeAsync();
        int Arrivals(string delivery) => receiver.Requests.Count(r => r.Headers.GetValueOrDefault("webhook-id") == delivery);
        await Eventually.GetAsync(() => Task.FromResult(Arrivals(retried)), n => n == 2, what: "the retried delivery to arrive again");
        (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/deliveries/{retried}"))!["status"]!.ToString().ShouldBe("sent");
        (await console.Api.GetFromJsonAsync<JsonObject>($"/v1/deliveries/{left}"))!["status"]!.ToString().ShouldBe("failed", "only the one clicked is retried");

        // The other one, from its own page: nothing is left failed for the scenarios after this one.
        await page.GotoAsync($"{console.BaseUrl}/console/deliveries/{left}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry this delivery" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry this delivery" })).ToHaveCountAsync(0);
        await console.Api.WaitForStatusAsync((string)(await console.Api.GetFromJsonAsync<JsonObject>($"/v1/deliveries/{left}"))!["notificationId"]!, "completed");
        Arrivals(left).ShouldBe(2);
    }
}
