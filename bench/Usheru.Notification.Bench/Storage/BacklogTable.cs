namespace Usheru.Notification.Bench.Storage;

/// <summary>One table of a <see cref="Backlog"/>: its columns and the values of row <c>n</c> (strings, longs and ints).</summary>
internal sealed record BacklogTable(string Name, IReadOnlyList<string> Columns, Func<int, object[]> Row);
