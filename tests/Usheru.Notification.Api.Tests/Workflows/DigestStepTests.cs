using System.Text.Json.Nodes;
using Usheru.Notification.Api.Tests.Support;

namespace Usheru.Notification.Api.Tests.Workflows;

/// <summary>A digest step gathers the runs that reach it within its window into one continuation.</summary>
public abstract class DigestStepTests(Engine engine) : IAsyncLifetime
{
    private WorkflowBed bed = null!;

    public async Task InitializeAsync()
    {
        bed = await WorkflowBed.StartAsync(engine);
        await bed.PutRecipientAsync("ann", new { email = "ann@example.com", name = "Ann" });
        await bed.StoreAsync("followed-films",
            new JsonObject { ["id"] = "week", ["type"] = "digest", ["window"] = "P7D", ["key"] = "{{ data.kind }}", ["maxItems"] = 3 },
            WorkflowBed.Send("digest", "email",
                "{{ digest.count }} {{ data.kind }}: {% for item in digest.items %}{{ item.film }}{% unless forloop.last %}, {% endunless %}{% endfor %}"));
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Triggers_within_one_window_make_one_email_with_the_count_and_the_first_items()
    {
        var opener = await bed.TriggerAsync("followed-films", Film("Dune"), recipientIds: "ann");
        var waiting = await bed.WaitingAsync(opener, "week");
        var merged = new List<string>();
        foreach (var film in new[] { "Arrival", "Sicario", "Prisoners" })
        {
            merged.Add(await bed.TriggerAsync("followed-films", Film(film), recipientIds: "ann"));
        }

        foreach (var id in merged)
        {
            (await bed.EndedAsync(id, "merged"))["reason"]!.ToString().ShouldContain((string)waiting["id"]!);
        }
        bed.AdvanceTo(DateTimeOffset.Parse((string)waiting["resumeAt"]!));
        await bed.EndedAsync(opener, "completed");

        (await bed.EmailsAsync(1)).Single().Subject.ShouldBe("4 releases: Dune, Arrival, Sicario");
        bed.Smtp.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_trigger_after_the_window_closed_opens_the_next_digest_and_other_keys_have_their_own()
    {
        var first = await bed.TriggerAsync("followed-films", Film("Dune"), recipientIds: "ann");
        var news = await bed.TriggerAsync("followed-films", Film("Dune", "news"), recipientIds: "ann");
        var waiting = await bed.WaitingAsync(first, "week");
        await bed.WaitingAsync(news, "week");
        bed.AdvanceTo(DateTimeOffset.Parse((string)waiting["resumeAt"]!));
        await bed.EndedAsync(first, "completed");
        await bed.EndedAsync(news, "completed");

        var second = await bed.TriggerAsync("followed-films", Film("Arrival"), recipientIds: "ann");
        var next = await bed.WaitingAsync(second, "week");
        bed.AdvanceTo(DateTimeOffset.Parse((string)next["resumeAt"]!));
        await bed.EndedAsync(second, "completed");

        (await bed.EmailsAsync(3)).Select(m => m.Subject).ShouldBe(["1 releases: Dune", "1 news: Dune", "1 releases: Arrival"], ignoreOrder: true);
    }

    [Fact]
    public async Task Cancelling_the_run_that_opened_a_digest_closes_it_so_the_next_trigger_opens_a_new_one()
    {
        var opener = await bed.TriggerAsync("followed-films", Film("Dune"), recipientIds: "ann");
        await bed.WaitingAsync(opener, "week");

        (await bed.Client.PostAsync($"/v1/notifications/{opener}/cancel", null)).EnsureSuccessStatusCode();
        var next = await bed.TriggerAsync("followed-films", Film("Arrival"), recipientIds: "ann");

        var waiting = await bed.WaitingAsync(next, "week");
        bed.AdvanceTo(DateTimeOffset.Parse((string)waiting["resumeAt"]!));
        (await bed.EmailsAsync(1)).Single().Subject.ShouldBe("1 releases: Arrival");
    }

    private static JsonObject Film(string film, string kind = "releases") => new() { ["film"] = film, ["kind"] = kind };
}

public sealed class DigestStepsOnSqlite() : DigestStepTests(Engine.Sqlite);

public sealed class DigestStepsOnPostgres() : DigestStepTests(Engine.Postgres);
