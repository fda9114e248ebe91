using System.Text;
using Dapper;

namespace Usheru.Notification.Api.Storage;

/// <summary>
/// <c>INSERT … VALUES (…), (…), …</c> in chunks: one round trip for many rows on either engine,
/// where Dapper's list execution would make one per row.
/// </summary>
internal static class MultiRowInsert
{
    /// <summary>
    /// Parameters per statement. Both engines allow far more, but binding a named parameter is a
    /// linear search (in Dapper and in SQLite), so a statement's cost grows with the square of its
    /// parameters: 30,000 took minutes where chunks of 999 take milliseconds.
    /// </summary>
    public const int MaxParameters = 999;

    /// <summary>Inserts the rows; <paramref name="suffix"/> (e.g. <c>ON CONFLICT DO NOTHING</c>) ends each statement. Returns the rows inserted.</summary>
    public static async Task<int> ExecuteAsync(WriteScope scope, string table, string[] columns, IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken, string suffix = "")
    {
        var inserted = 0;
        foreach (var chunk in rows.Chunk(MaxParameters / columns.Length))
        {
            var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
            var parameters = new DynamicParameters();
            AppendValues(sql, parameters, chunk);
            sql.Append(' ').Append(suffix);
            inserted += await scope.Connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, scope.Transaction, cancellationToken: cancellationToken));
        }
        return inserted;
    }

    /// <summary>Appends <c>(@p0, @p1, …), (…), …</c> for <paramref name="rows"/> and adds their parameters.</summary>
    public static void AppendValues(StringBuilder sql, DynamicParameters parameters, IReadOnlyList<object?[]> rows)
    {
        var p = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < rows[r].Length; c++, p++)
            {
                sql.Append(c == 0 ? "@p" : ", @p").Append(p);
                parameters.Add($"p{p}", rows[r][c]);
            }
            sql.Append(')');
        }
    }
}
