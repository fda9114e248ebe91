using System.Text.Json.Nodes;

namespace Usheru.Notification.Client;

/// <summary>One channel of a template, rendered: only the fields of that channel are set.</summary>
/// <param name="Locale">The locale the content came from; null: the default content.</param>
/// <param name="Subject">Email: the subject.</param>
/// <param name="Text">Email and SMS: the text.</param>
/// <param name="Html">Email: the HTML body.</param>
/// <param name="Title">Push and inbox: the title.</param>
/// <param name="Body">Push and inbox: the body.</param>
/// <param name="Url">Push and inbox: the link.</param>
/// <param name="Payload">Webhook: the payload.</param>
/// <param name="Encoding">SMS: <c>GSM-7</c> or <c>UCS-2</c>.</param>
/// <param name="Length">SMS: the length in characters of that encoding.</param>
/// <param name="Segments">SMS: how many messages it is billed as.</param>
public sealed record RenderedContent(
    string? Locale = null,
    string? Subject = null,
    string? Text = null,
    string? Html = null,
    string? Title = null,
    string? Body = null,
    string? Url = null,
    JsonNode? Payload = null,
    string? Encoding = null,
    int? Length = null,
    int? Segments = null);
