using Usheru.Notification.Bench.Load;
using Usheru.Notification.Bench.Scenarios;

namespace Usheru.Notification.Bench.Report;

/// <summary>Everything measured for one program under test; what does not apply to it stays null.</summary>
internal sealed class ColumnResults(string name)
{
    public string Name { get; } = name;

    public ClosedLoopResult? Accept { get; set; }

    public PacedResult? HalfRate { get; set; }

    /// <summary>The service only: closed-loop accept with no delivery workers, bootstrap key.</summary>
    public ClosedLoopResult? ApiAccept { get; set; }

    /// <summary>The service only: the same with a real key made by <c>POST /v1/api-keys</c>.</summary>
    public ClosedLoopResult? KeyAccept { get; set; }

    public LatencySummary? EmailLatency { get; set; }

    public LatencySummary? WebhookLatency { get; set; }

    public DrainResult? EmailDrain { get; set; }

    /// <summary>Hangfire only: the email drain again with one SMTP connection kept per worker.</summary>
    public DrainResult? ReusedConnectionDrain { get; set; }

    public DrainResult? WebhookDrain { get; set; }

    public double? IdleCpuSeconds { get; set; }

    /// <summary>The service only: transactional sends while a marketing backlog drains at a cap.</summary>
    public LanesResult? Lanes { get; set; }

    public SortedDictionary<int, DrainResult> Scaling { get; } = [];

    /// <summary>PostgreSQL only: two instances on one backlog, one killed with -9 mid-drain.</summary>
    public FailoverResult? Failover { get; set; }

    /// <summary>Recipients imported through the bulk endpoint per second.</summary>
    public BulkResult? Bulk { get; set; }

    /// <summary>A plain notification to a topic of followers: one email each.</summary>
    public DrainResult? TopicDrain { get; set; }

    /// <summary>A three-step workflow (inbox, delay 1 s, email) to the same followers: one run each, done when its email arrives.</summary>
    public DrainResult? WorkflowDrain { get; set; }
}
