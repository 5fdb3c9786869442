using System.Security.Claims;
using System.Security.Cryptography;
using EntryControl.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Infrastructure.Idempotency;

/// <summary>Marks an endpoint whose POST honours the <c>Idempotency-Key</c> header.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class IdempotentAttribute : Attribute;

/// <summary>
/// The IETF httpapi idempotency-key draft for endpoints marked <see cref="IdempotentAttribute"/>: a retry of a
/// completed request gets the stored response and stores nothing new; the same key while the first request runs gets
/// 409; the same key with another body gets 422. Keys are scoped by caller (the user, or the client address of an
/// anonymous caller) and path, and kept at least 24 hours.
/// </summary>
/// <remarks>
/// The request runs in one transaction on the request's context: a transaction-scoped advisory lock on the key (a
/// second request with it is refused at once; the lock goes with the transaction, also when the connection dies), the
/// look-up of a completed record, the endpoint (services join the transaction, <see cref="Transactions"/>) and the
/// insert of the completed record. The effect and the key's completion thus commit together or not at all: a request
/// that failed (an exception, a 5xx, a database crash, even during the commit) leaves nothing behind, so its retry runs
/// at once; one whose commit went through is replayed to its retry, never done twice.
/// </remarks>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    public async Task InvokeAsync(HttpContext context, EntryControlDbContext db, IProblemDetailsService problems, TimeProvider clock)
    {
        var key = context.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(key) || context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is null)
        {
            await next(context);
            return;
        }

        if (key.Length > 200)
        {
            await ProblemAsync(context, problems, StatusCodes.Status400BadRequest, "The Idempotency-Key header is longer than 200 characters.");
            return;
        }

        context.Request.EnableBuffering();
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(context.Request.Body, context.RequestAborted));
        context.Request.Body.Position = 0;
        var scopedKey = ScopedKey(context, key);

        await using var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted);
        // Two locks held until the transaction ends: the key, and the key with this body. A request that cannot take the
        // key's lock learns from the second whether the one running has the same body (409) or another (422).
        var bodyKey = scopedKey + "|" + hash;
        var held = await db.Database
            .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtextextended({scopedKey}, 0)) AND pg_try_advisory_xact_lock(hashtextextended({bodyKey}, 0)) AS \"Value\"")
            .SingleAsync(context.RequestAborted);
        if (!held)
        {
            var sameBodyRunning = !await db.Database
                .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtextextended({bodyKey}, 0)) AS \"Value\"")
                .SingleAsync(context.RequestAborted);
            await transaction.RollbackAsync(CancellationToken.None);
            await (sameBodyRunning
                ? ProblemAsync(context, problems, StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still being processed.")
                : ProblemAsync(context, problems, StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used with a different request body."));
            return;
        }

        var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == scopedKey, context.RequestAborted);
        if (existing is not null)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            await ReplayOrRefuseAsync(context, problems, existing, hash);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            // An exception propagates with the transaction rolled back by its disposal.
            context.Response.Body = original;
        }

        // Only completed answers are kept: a server error may be retried with the same key.
        if (context.Response.StatusCode >= 500)
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        else
        {
            // A statement of its own: whatever the endpoint left unsaved in the change tracker is not saved by accident.
            var status = context.Response.StatusCode;
            var contentType = context.Response.ContentType;
            var location = context.Response.Headers.Location.ToString() is { Length: > 0 } header ? header : null;
            var body = buffer.ToArray();
            var now = clock.GetUtcNow().ToUniversalTime();
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO idempotency_records (key, request_hash, completed, status_code, content_type, location, body, created_at) VALUES ({scopedKey}, {hash}, TRUE, {status}, {contentType}, {location}, {body}, {now})",
                CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>The key as stored: the caller (the user, else the client address), the method and path, the client's key.</summary>
    public static string ScopedKey(HttpContext context, string key)
    {
        var caller = context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user
            ? "user:" + user
            : "anonymous:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return $"{caller}|{context.Request.Method} {context.Request.Path}|{key}";
    }

    private static async Task ReplayOrRefuseAsync(HttpContext context, IProblemDetailsService problems, IdempotencyRecord existing, string hash)
    {
        if (existing.RequestHash != hash)
        {
            await ProblemAsync(context, problems, StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used with a different request body.");
        }
        else
        {
            context.Response.StatusCode = existing.StatusCode;
            context.Response.ContentType = existing.ContentType;
            if (existing.Location is not null)
            {
                context.Response.Headers.Location = existing.Location;
            }

            context.Response.Headers["Idempotent-Replayed"] = "true";
            await context.Response.Body.WriteAsync(existing.Body ?? [], context.RequestAborted);
        }
    }

    private static async Task ProblemAsync(HttpContext context, IProblemDetailsService problems, int status, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = "Idempotency-Key", Detail = detail },
        });
    }
}
