using System.Security.Claims;
using System.Security.Cryptography;
using EntryControl.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EntryControl.Web.Infrastructure.Idempotency;

/// <summary>Marks an endpoint whose POST honours the <c>Idempotency-Key</c> header.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class IdempotentAttribute : Attribute;

/// <summary>
/// The IETF httpapi idempotency-key draft for endpoints marked <see cref="IdempotentAttribute"/>: a retry of a
/// completed request gets the stored response and stores nothing new; the same key while the first request runs gets
/// 409; the same key with another body gets 422. Keys are scoped by caller and path and kept at least 24 hours.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

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
        var caller = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        var scopedKey = $"{caller}|{context.Request.Method} {context.Request.Path}|{key}";

        var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == scopedKey, context.RequestAborted);
        if (existing is { Completed: false } && clock.GetUtcNow() - existing.CreatedAt > AbandonedAfter)
        {
            // The first request died without an answer (a crash, a lost connection): let this one try again.
            await db.IdempotencyRecords.Where(r => r.Key == scopedKey).ExecuteDeleteAsync(CancellationToken.None);
            existing = null;
        }

        if (existing is not null)
        {
            await ReplayOrRefuseAsync(context, problems, existing, hash);
            return;
        }

        var record = new IdempotencyRecord { Key = scopedKey, RequestHash = hash, CreatedAt = clock.GetUtcNow() };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(context.RequestAborted);
            db.Entry(record).State = EntityState.Detached;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request with this key got in first and is still running.
            await ProblemAsync(context, problems, StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still being processed.");
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await ForgetAsync(db, record);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        // Only completed answers are kept: a server error may be retried with the same key.
        if (context.Response.StatusCode >= 500)
        {
            await ForgetAsync(db, record);
        }
        else
        {
            // Set-based writes: whatever the endpoint left in the change tracker is not saved by accident.
            var status = context.Response.StatusCode;
            var contentType = context.Response.ContentType;
            var location = context.Response.Headers.Location.ToString() is { Length: > 0 } header ? header : null;
            var body = buffer.ToArray();
            await db.IdempotencyRecords.Where(r => r.Key == record.Key).ExecuteUpdateAsync(update => update
                .SetProperty(r => r.Completed, true)
                .SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.Location, location)
                .SetProperty(r => r.Body, body), CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task ReplayOrRefuseAsync(HttpContext context, IProblemDetailsService problems, IdempotencyRecord existing, string hash)
    {
        if (existing.RequestHash != hash)
        {
            await ProblemAsync(context, problems, StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used with a different request body.");
        }
        else if (!existing.Completed)
        {
            await ProblemAsync(context, problems, StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still being processed.");
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

    private static Task<int> ForgetAsync(EntryControlDbContext db, IdempotencyRecord record) =>
        db.IdempotencyRecords.Where(r => r.Key == record.Key).ExecuteDeleteAsync(CancellationToken.None);

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
