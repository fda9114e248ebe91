namespace Usheru.Notification.Api.Idempotency;

/// <summary>What an idempotency key says about a request: go ahead, replay, or refuse.</summary>
internal sealed record IdempotencyClaim(IdempotencyState State, int Status = 0, string? Body = null, string? Location = null)
{
    public static readonly IdempotencyClaim Begun = new(IdempotencyState.Begun);
    public static readonly IdempotencyClaim InProgress = new(IdempotencyState.InProgress);
    public static readonly IdempotencyClaim Mismatch = new(IdempotencyState.Mismatch);

    public static IdempotencyClaim Replay(int status, string body, string? location) => new(IdempotencyState.Replay, status, body, location);
}

internal enum IdempotencyState
{
    /// <summary>This request owns the key: do the work.</summary>
    Begun,

    /// <summary>The key's first request is still running: 409.</summary>
    InProgress,

    /// <summary>The key was used with a different body: 422.</summary>
    Mismatch,

    /// <summary>The key's request finished: return its response again.</summary>
    Replay,
}
