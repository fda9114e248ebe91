using Usheru.Notification.Api.ApiKeys;
using Usheru.Notification.Api.Channels.Email;
using Usheru.Notification.Api.Channels.Inbox;
using Usheru.Notification.Api.Channels.Sms;
using Usheru.Notification.Api.Channels.Webhook;
using Usheru.Notification.Api.Channels.WebPush;
using Usheru.Notification.Api.Delivery;
using Usheru.Notification.Api.Hosting;
using Usheru.Notification.Api.Notifications;
using Usheru.Notification.Api.Recipients;
using Usheru.Notification.Api.Storage;
using Usheru.Notification.Api.Templates;
using Usheru.Notification.Api.Topics;
using Usheru.Notification.Api.Unsubscribe;
using Usheru.Notification.Api.WebhookEndpoints;

var builder = WebApplication.CreateBuilder(args);
builder.AddHosting();
builder.AddStorage();
builder.AddApiKeyAuth();
builder.AddNotifications();
builder.AddTemplates();
builder.AddDelivery();
builder.AddEmailChannel();
builder.AddWebhookChannel();
builder.AddInboxChannel();
builder.AddSmsChannel();
builder.AddWebPushChannel();

var app = builder.Build();
app.UseHosting();
app.MapOperations();
app.MapNotifications();
app.MapWebhookEndpoints();
app.MapWebPush();
app.MapApiKeys();
app.MapRecipients();
app.MapTemplates();
app.MapInbox();
app.MapTopics();
app.MapUnsubscribe();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
