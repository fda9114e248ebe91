namespace Usheru.Notification.Bench.Storage;

/// <summary>Rows to write straight into the service's tables while it is stopped: <see cref="Count"/> rows in each table.</summary>
internal interface IBacklog
{
    int Count { get; }

    /// <summary>The rows to write, table by table, parents first (times in unix ms, JSON as text, as the schema keeps them).</summary>
    IReadOnlyList<BacklogTable> Tables { get; }
}
