using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Usheru.Notification.Api.Storage;

/// <summary>
/// Free-form JSON a caller sends (<c>data</c>, <c>metadata</c>, webhook payloads) keeps its keys
/// exactly as JSON does: <c>{"a":1,"A":2}</c> has two. The web defaults compare property names
/// ignoring case, which suits request shapes but turned such an object into a dictionary clash
/// (an <see cref="ArgumentException"/>, and a 500).
/// </summary>
internal sealed class ExactJsonNodeConverter : JsonConverterFactory
{
    private static readonly JsonNodeOptions Exact = new() { PropertyNameCaseInsensitive = false };

    public override bool CanConvert(Type typeToConvert) => typeof(JsonNode).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) => typeToConvert switch
    {
        _ when typeToConvert == typeof(JsonObject) => new Converter<JsonObject>("an object"),
        _ when typeToConvert == typeof(JsonArray) => new Converter<JsonArray>("an array"),
        _ when typeToConvert == typeof(JsonValue) => new Converter<JsonValue>("a value"),
        _ => new Converter<JsonNode>("a value"),
    };

    private sealed class Converter<T>(string expected) : JsonConverter<T> where T : JsonNode
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonNode.Parse(ref reader, Exact) as T ?? throw new JsonException($"Expected {expected}.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => value.WriteTo(writer, options);
    }
}
