using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Usheru.Notification.Client.Http;

/// <summary>The API's JSON: camelCase, and nulls left out of requests (absent and null mean the same to it).</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonNode? ToNode(object? value) => value as JsonNode ?? JsonSerializer.SerializeToNode(value, Options);

    /// <summary>Anonymous objects, dictionaries and records as the JSON object the API expects.</summary>
    public static JsonObject ToObject(object value, string parameterName) =>
        ToNode(value) as JsonObject ?? throw new ArgumentException("Give something that serializes to a JSON object.", parameterName);
}
