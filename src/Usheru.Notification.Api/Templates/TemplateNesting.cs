using System.Text.RegularExpressions;

namespace Usheru.Notification.Api.Templates;

/// <summary>
/// How deeply a template nests, measured before Fluid parses it: Fluid's parser and renderer recurse
/// once per nested block, bracket, filter and boolean operator, so a few thousand of them overflow
/// the stack and end the process. One linear pass over the text, erring on the side of counting
/// more: blocks open at a point, plus the brackets, filters and operators of the tag there.
/// </summary>
internal static partial class TemplateNesting
{
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal) { "if", "unless", "case", "for", "tablerow", "capture", "ifchanged" };

    /// <summary>Null when no point nests deeper than <paramref name="maxDepth"/>; else the error, naming the limit and where.</summary>
    public static string? Check(string source, int maxDepth)
    {
        var blocks = 0;
        var at = 0;
        while (source.IndexOf('{', at) is var open and >= 0 && open + 1 < source.Length)
        {
            var kind = source[open + 1];
            if (kind is not ('{' or '%'))
            {
                at = open + 1;
                continue;
            }
            var end = MarkupEnd(source, open + 2, kind == '{' ? '}' : '%');
            var markup = source.AsSpan(open + 2, end - open - 2).Trim('-').Trim();
            at = Math.Min(end + 2, source.Length);
            int deepest;
            if (kind == '{')
            {
                deepest = blocks + ExpressionDepth(markup);
            }
            else
            {
                var name = TagName(markup, out var rest);
                if (name is "raw" or "comment")
                {
                    at = SkipPast(source, at, "end" + name);
                    continue;
                }
                deepest = name == "liquid" ? LiquidTag(rest, ref blocks) : Tag(name, rest, ref blocks);
            }
            if (deepest > maxDepth)
            {
                return TemplateLimitExceededException.Depth(maxDepth, Position(source, open)).Message;
            }
        }
        return null;
    }

    /// <summary>The lines of <c>{% liquid %}</c> are tags without delimiters.</summary>
    private static int LiquidTag(ReadOnlySpan<char> body, ref int blocks)
    {
        var deepest = blocks;
        foreach (var range in body.Split('\n'))
        {
            var name = TagName(body[range].Trim(), out var rest);
            // Inside the liquid tag a comment or raw line opens a block like any other: counted, not skipped.
            var depth = name is "comment" or "raw" ? ++blocks : name is "endcomment" or "endraw" ? blocks = Math.Max(0, blocks - 1) : Tag(name, rest, ref blocks);
            deepest = Math.Max(deepest, depth);
        }
        return deepest;
    }

    private static int Tag(string name, ReadOnlySpan<char> rest, ref int blocks)
    {
        if (Blocks.Contains(name))
        {
            blocks++;
        }
        else if (name.StartsWith("end", StringComparison.Ordinal) && Blocks.Contains(name[3..]))
        {
            blocks = Math.Max(0, blocks - 1);
        }
        return blocks + ExpressionDepth(rest);
    }

    private static string TagName(ReadOnlySpan<char> markup, out ReadOnlySpan<char> rest)
    {
        var length = 0;
        while (length < markup.Length && (char.IsAsciiLetterOrDigit(markup[length]) || markup[length] is '_' or '#'))
        {
            length++;
        }
        rest = markup[length..];
        return markup[..length].ToString();
    }

    /// <summary>Brackets nested at the deepest point, plus every filter and operator: each is a level of recursion.</summary>
    private static int ExpressionDepth(ReadOnlySpan<char> markup)
    {
        int nesting = 0, deepest = 0, chain = 0;
        for (var i = 0; i < markup.Length; i++)
        {
            var c = markup[i];
            if (c is '\'' or '"')
            {
                i = QuoteEnd(markup, i);
            }
            else if (c is '(' or '[')
            {
                deepest = Math.Max(deepest, ++nesting);
            }
            else if (c is ')' or ']')
            {
                nesting = Math.Max(0, nesting - 1);
            }
            else if (c is '|' or '<' or '>' or '=' or '!' && (i == 0 || markup[i - 1] is not ('=' or '!' or '<' or '>')))
            {
                chain++;
            }
            else if (char.IsAsciiLetter(c) && (i == 0 || !IsWordChar(markup[i - 1])))
            {
                var word = i;
                while (i + 1 < markup.Length && IsWordChar(markup[i + 1]))
                {
                    i++;
                }
                if (markup[word..(i + 1)] is "and" or "or" or "contains")
                {
                    chain++;
                }
            }
        }
        return deepest + chain;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    /// <summary>The index of the quote closing the string that opens at <paramref name="start"/> (backslash escapes), or the last index.</summary>
    private static int QuoteEnd(ReadOnlySpan<char> text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }
        return text.Length - 1;
    }

    /// <summary>Where the tag or output opened before <paramref name="from"/> ends (<c>%}</c> or <c>}}</c> outside strings), or the end of the source.</summary>
    private static int MarkupEnd(string source, int from, char closer)
    {
        for (var i = from; i < source.Length - 1; i++)
        {
            if (source[i] is '\'' or '"')
            {
                i = QuoteEnd(source, i);
            }
            else if (source[i] == closer && source[i + 1] == '}')
            {
                return i;
            }
        }
        return source.Length;
    }

    /// <summary>
    /// After the first <c>{% endNAME %}</c> from <paramref name="from"/>: raw and comment bodies are
    /// text up to it, quotes and all, exactly as Fluid reads them; or the end of the source.
    /// </summary>
    private static int SkipPast(string source, int from, string endName)
    {
        var end = (endName == "endraw" ? EndRaw() : EndComment()).Match(source, from);
        return end.Success ? end.Index + end.Length : source.Length;
    }

    [GeneratedRegex(@"\{%-?\s*endraw\s*-?%\}")]
    private static partial Regex EndRaw();

    [GeneratedRegex(@"\{%-?\s*endcomment\s*-?%\}")]
    private static partial Regex EndComment();

    private static string Position(string source, int index)
    {
        var line = 1 + source.AsSpan(0, index).Count('\n');
        var column = index - (index == 0 ? -1 : source.LastIndexOf('\n', index - 1));
        return $"({line}:{column})";
    }
}
