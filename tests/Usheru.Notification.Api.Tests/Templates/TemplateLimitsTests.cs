using System.Diagnostics;
using Fluid;
using System.Text.Json.Nodes;
using Usheru.Notification.Api.Templates;

namespace Usheru.Notification.Api.Tests.Templates;

/// <summary>The box every template renders in, at its default limits: hostile templates meet a named limit, ordinary ones never do.</summary>
public sealed class TemplateLimitsTests
{
    private static string Times(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    public static TheoryData<string, string> DeeplyNested() => new()
    {
        { "if blocks", Times("{% if a %}", 5000) + "x" + Times("{% endif %}", 5000) },
        { "unclosed if blocks", Times("{% if a %}", 5000) },
        { "for blocks", Times("{% for a in b %}", 3000) + Times("{% endfor %}", 3000) },
        { "capture blocks", Times("{% capture a %}", 3000) + Times("{% endcapture %}", 3000) },
        { "unless blocks", Times("{%- unless a -%}", 3000) + Times("{% endunless %}", 3000) },
        { "case blocks", Times("{% case a %}{% when 1 %}", 3000) + Times("{% endcase %}", 3000) },
        { "tablerow blocks", Times("{% tablerow a in b %}", 3000) + Times("{% endtablerow %}", 3000) },
        { "ifchanged blocks", Times("{% ifchanged %}", 3000) + Times("{% endifchanged %}", 3000) },
        { "blocks in a liquid tag", "{% liquid\n" + Times("if a\n", 3000) + "echo 1\n" + Times("endif\n", 3000) + "%}" },
        { "a filter chain", "{{ a" + Times(" | upcase", 20000) + " }}" },
        { "an or chain", "{% if a" + Times(" or a", 20000) + " %}x{% endif %}" },
        { "an and chain", "{% if a" + Times(" and a", 20000) + " %}x{% endif %}" },
        { "nested brackets", "{{ " + Times("a[", 5000) + "0" + Times("]", 5000) + " }}" },
        { "nested parentheses", "{{ " + Times("(", 5000) + "1" + Times(")", 5000) + " }}" },
        { "nested parentheses in a range", "{% for i in " + Times("(", 5000) + "1..2" + Times(")", 5000) + " %}{% endfor %}" },
        { "filters hidden after a quote in a comment", "{% comment %}{% \" %}{% endcomment %}{{ a" + Times(" | upcase", 20000) + " }}{{ \"x\" }}" },
        { "an or chain hidden after a quote in a raw block", "{% raw %}{% ' %}{% endraw %}{% if a" + Times(" or a", 20000) + " %}{{ 'x' }}{% endif %}" },
    };

    [Theory]
    [MemberData(nameof(DeeplyNested))]
    public void Refuses_deep_nesting_before_the_parser_recurses_and_names_the_limit(string why, string source)
    {
        Liquid.TryParse(source, out _, out var error).ShouldBeFalse(why);

        error.ShouldContain("(Templates:MaxDepth)", Case.Sensitive, why);
    }

    [Fact]
    public void Parses_templates_that_nest_as_real_ones_do()
    {
        var source = """
            {% for film in films %}{% if film.onSale and film.seats > 0 or film.vip %}
              {% case film.format %}{% when "imax" %}{{ film.title | upcase | truncate: 40 | escape }}{% else %}{{ film.title }}{% endcase %}
            {% endif %}{% endfor %}{% raw %}{% if %}{% if %}{% endraw %}{% comment %}{% for %}{% endcomment %}
            """;

        Liquid.TryParse(source, out _, out var error).ShouldBeTrue(error);
    }

    [Fact]
    public void Parses_nesting_right_up_to_the_limit()
    {
        var source = Times("{% for a in b %}{% if a.on and a.x %}", 24) + "{{ x | upcase }}" + Times("{% endif %}{% endfor %}", 24);

        Liquid.TryParse(source, out var template, out var error).ShouldBeTrue(error);
        Liquid.RenderText(template, Liquid.Context(null, new Dictionary<string, object?>())).ShouldBeEmpty();
    }

    [Fact]
    public void Refuses_a_parsed_tree_deeper_than_the_limit_even_where_the_text_check_was_misled()
    {
        new FluidParser().TryParse("{{ a" + Times(" | upcase", 500) + " }}", out var deep, out _).ShouldBeTrue();

        Should.Throw<TemplateLimitExceededException>(() => MeteredTemplate.Rewrite(deep, 50)).Message.ShouldContain("(Templates:MaxDepth)");
    }

    [Fact]
    public void Refuses_include_and_render_which_have_no_templates_to_read_here()
    {
        Liquid.TryParse("{% include 'header' %}", out _, out _).ShouldBeFalse();
        Liquid.TryParse("{% render 'footer' %}", out _, out _).ShouldBeFalse();
    }

    public static TheoryData<string, string, string, string> Bombs() => new()
    {
        { "a huge literal range in a loop", "{% for i in (1..100000000) %}{% endfor %}", "{}", "Templates:MaxRange" },
        { "a huge literal range assigned", "{% assign x = (1..100000000) %}{{ x | size }}", "{}", "Templates:MaxRange" },
        { "a huge range from data", "{% for i in (1..n) %}x{% endfor %}", """{"n":2000000000}""", "Templates:MaxRange" },
        { "a huge negative range", "{% for i in (-2147483648..0) %}{% endfor %}", "{}", "Templates:MaxRange" },
        { "nested loops over data", "{% for a in xs %}{% for b in xs %}{% for c in xs %}{% endfor %}{% endfor %}{% endfor %}", Array(1000), "Templates:MaxSteps" },
        { "nested literal loops", "{% for a in (1..9999) %}{% for b in (1..9999) %}{% endfor %}{% endfor %}", "{}", "Templates:MaxSteps" },
        { "output without end", "{% for a in (1..9999) %}{% for b in (1..50) %}{{ s }}{% endfor %}{% endfor %}", """{"s":"0123456789"}""", "Templates:MaxOutputChars" },
        { "string doubling with append", "{% assign s = 'xx' %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}", "{}", "Templates:MaxOutputChars" },
        { "string doubling with capture", "{% assign s = 'xx' %}{% for i in (1..60) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}", "{}", "Templates:MaxOutputChars" },
        { "a capture that loops", "{% capture c %}{% for a in (1..9999) %}{% for b in (1..50) %}{{ s }}{% endfor %}{% endfor %}{% endcapture %}", """{"s":"0123456789"}""", "Templates:MaxOutputChars" },
        { "replace with a longer string", "{{ s | replace: 'a', s }}", Text(100_000), "Templates:MaxOutputChars" },
        { "join with a long separator", "{% assign parts = s | split: '' %}{{ parts | join: s }}", Text(100_000), "Templates:MaxOutputChars" },
        { "array doubling with concat", "{% assign a = s | split: '' %}{% for i in (1..60) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}", Text(100_000), "Templates:MaxAllocatedBytes" },
        { "a date format 99999999 wide (found by the fuzzer)", "{{ 'now' | date: '%99999999d' }}", "{}", "Templates:MaxOutputChars" },
        { "a number format 99999999 digits long", "{{ 1 | format_number: 'N99999999' }}", "{}", "Templates:MaxOutputChars" },
        { "many big captures", "{% for i in (1..5000) %}{% capture c %}{{ s }}{{ s }}{{ s }}{% endcapture %}{% endfor %}", Text(80_000), "Templates:MaxAllocatedBytes" },
    };

    /// <summary>With all the time in the world, so that the limit the bomb is built for is the one it meets.</summary>
    [Theory]
    [MemberData(nameof(Bombs))]
    public void Stops_a_template_bomb_at_the_limit_it_meets_and_names_it(string why, string source, string data, string limit)
    {
        Liquid.TryParse(source, out var template, out var error).ShouldBeTrue(error);
        var context = Liquid.Context(JsonNode.Parse(data)!.AsObject(), new Dictionary<string, object?>(), TemplateBudget.Start(TimeSpan.FromMinutes(5)));
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var refused = Should.Throw<TemplateLimitExceededException>(() => Liquid.RenderText(template, context), why);

        refused.Message.ShouldContain(limit, Case.Sensitive, why);
        // Stopped at the limit, not after the damage: no single step got to allocate far past the memory budget.
        (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore).ShouldBeLessThan(2 * Liquid.Limits.MaxAllocatedBytes, why);
    }

    [Fact]
    public void Stops_a_template_that_stays_inside_every_other_limit_when_its_time_is_up()
    {
        // Each turn searches 4 MB of text: no output, no allocation, few steps; only the clock stops it.
        // The 9999 turns scan 40 GB, seconds on the fastest machine; the budget is 50 ms, so the test
        // does not depend on how fast this machine searches (a CI machine once did it all inside 2 s).
        Liquid.TryParse("{% for i in (1..9999) %}{% if s contains 'b' %}found{% endif %}{% endfor %}", out var template, out _).ShouldBeTrue();
        var context = Liquid.Context(JsonNode.Parse(Text(2_000_000))!.AsObject(), new Dictionary<string, object?>(), TemplateBudget.Start(TimeSpan.FromMilliseconds(50)));
        var clock = Stopwatch.StartNew();

        var refused = Should.Throw<TemplateLimitExceededException>(() => Liquid.RenderText(template, context));

        refused.Message.ShouldBe("Templates took longer than 50 ms to render (Templates:MaxRenderTime).", $"refused after {clock.ElapsedMilliseconds} ms");
        // Not a bound on this machine's speed: the render stopped, rather than running its 9999 sorts.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Shares_one_deadline_between_every_context_of_a_request()
    {
        Liquid.TryParse("{{ s | upcase }}", out var template, out _).ShouldBeTrue();
        var budget = TemplateBudget.Start(TimeSpan.Zero);

        var refused = Should.Throw<TemplateLimitExceededException>(() =>
            Liquid.RenderText(template, Liquid.Context(new JsonObject { ["s"] = "x" }, new Dictionary<string, object?>(), budget)));

        refused.Message.ShouldContain("Templates:MaxRenderTime");
    }

    [Fact]
    public void Names_the_failure_of_a_filter_that_refuses_its_input_without_calling_it_a_limit()
    {
        Liquid.TryParse("{{ 10 | divided_by: n }}", out var template, out _).ShouldBeTrue();

        var failure = Should.Throw<TemplateRenderException>(() => Liquid.RenderText(template, Liquid.Context(new JsonObject { ["n"] = 0 }, new Dictionary<string, object?>())));

        failure.ShouldNotBeOfType<TemplateLimitExceededException>();
        failure.Message.ShouldContain("divide by zero");
    }

    [Fact]
    public void Renders_an_ordinary_template_with_big_data_well_inside_every_limit()
    {
        var films = new JsonArray([.. Enumerable.Range(1, 500).Select(i => new JsonObject { ["title"] = $"Film {i}", ["seats"] = i })]);
        Liquid.TryParse("{% for f in films %}<li>{{ f.title | upcase }}: {{ f.seats | plus: 1 }} {% if f.seats > 10 %}on sale{% endif %}</li>{% endfor %}",
            out var template, out _).ShouldBeTrue();

        var html = Liquid.RenderHtml(template, Liquid.Context(new JsonObject { ["films"] = films }, new Dictionary<string, object?>()));

        html.ShouldContain("<li>FILM 500: 501 on sale</li>");
    }

    private static string Array(int items) => new JsonObject { ["xs"] = new JsonArray([.. Enumerable.Range(0, items).Select(i => JsonValue.Create(i))]) }.ToJsonString();

    private static string Text(int chars) => new JsonObject { ["s"] = new string('a', chars) }.ToJsonString();
}
