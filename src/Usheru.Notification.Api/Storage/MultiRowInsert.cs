using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Dapper;
using Npgsql;

namespace Usheru.Notification.Api.Storage;

/// <summary>
/// Inserts many rows with statement text that never depends on how many there are, so the text is
/// prepared once and reused: on PostgreSQL, chunks of a few fixed sizes (64, 16, 4, 1 rows) with
/// positional parameters, all in one round trip and auto-prepared by Npgsql; on SQLite, one
/// prepared single-row insert stepped once per row (in process, a step costs microseconds, while
/// binding a named parameter is a linear search, so a statement of N parameters costs N²).
/// A column more is one more name in the caller's column list and one more value in its rows.
/// </summary>
internal static class MultiRowInsert
{
    /// <summary>
    /// Parameters per statement for the callers that still build one text per batch
    /// (<see cref="AppendValues"/>). Binding a named parameter is a linear search (in Dapper and in
    /// SQLite), so a statement's cost grows with the square of its parameters.
    /// </summary>
    public const int MaxParameters = 999;

    /// <summary>The chunk sizes of the PostgreSQL path, largest first: at most 3 of each smaller size per batch.</summary>
    private static readonly int[] Rungs = [64, 16, 4, 1];

    private static readonly ConcurrentDictionary<string, string> Texts = new(StringComparer.Ordinal);

    /// <summary>Inserts the rows; <paramref name="suffix"/> (e.g. <c>ON CONFLICT DO NOTHING</c>) ends each statement. Returns the rows inserted.</summary>
    public static Task<int> ExecuteAsync(WriteScope scope, string table, string[] columns, IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken, string suffix = "")
    {
        if (rows.Count == 0)
        {
            return Task.FromResult(0);
        }
        return scope.Connection is NpgsqlConnection postgres
            ? PostgresAsync(postgres, table, columns, rows, suffix, cancellationToken)
            : SingleRowAsync(scope, table, columns, rows, suffix, cancellationToken);
    }

    private static async Task<int> PostgresAsync(NpgsqlConnection connection, string table, string[] columns, IReadOnlyList<object?[]> rows, string suffix,
        CancellationToken cancellationToken)
    {
        await using var batch = connection.CreateBatch();
        foreach (var chunk in FixedChunks(rows))
        {
            var command = new NpgsqlBatchCommand(Text(table, columns, chunk.Length, suffix, positional: true));
            foreach (var value in chunk.SelectMany(row => row))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }
            batch.BatchCommands.Add(command);
        }
        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> SingleRowAsync(WriteScope scope, string table, string[] columns, IReadOnlyList<object?[]> rows, string suffix,
        CancellationToken cancellationToken)
    {
        await using var command = scope.Connection.CreateCommand();
        command.Transaction = scope.Transaction;
        command.CommandText = Text(table, columns, 1, suffix, positional: false);
        var parameters = new DbParameter[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            parameters[c] = command.CreateParameter();
            parameters[c].ParameterName = $"@p{c}";
            command.Parameters.Add(parameters[c]);
        }
        var inserted = 0;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                parameters[c].Value = row[c] ?? DBNull.Value;
            }
            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return inserted;
    }

    /// <summary><c>INSERT INTO table (…) VALUES (…), … suffix</c> for <paramref name="count"/> rows, built once per shape.</summary>
    private static string Text(string table, string[] columns, int count, string suffix, bool positional)
    {
        var names = string.Join(", ", columns);
        return Texts.GetOrAdd($"{table}|{names}|{count}|{suffix}|{positional}", _ =>
        {
            var sql = new StringBuilder($"INSERT INTO {table} ({names}) VALUES ");
            var p = 0;
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++, p++)
                {
                    sql.Append(c == 0 ? "" : ", ").Append(positional ? $"${p + 1}" : $"@p{c}");
                }
                sql.Append(')');
            }
            return sql.Append(' ').Append(suffix).ToString();
        });
    }

    /// <summary>
    /// <paramref name="rows"/> in chunks of the fixed sizes 64, 16, 4 and 1, largest first, for a
    /// caller that builds one statement per chunk: its text then takes at most four shapes, which
    /// PostgreSQL's auto-prepare keeps, where a chunk per batch size made a new text every time.
    /// </summary>
    public static IEnumerable<T[]> FixedChunks<T>(IReadOnlyList<T> rows)
    {
        var next = 0;
        foreach (var rung in Rungs)
        {
            for (; rows.Count - next >= rung; next += rung)
            {
                yield return [.. rows.Skip(next).Take(rung)];
            }
        }
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
