using EntryControl.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.Auth;

/// <summary>
/// The checkpoint each officer is bound to, read once and then kept as long as a session check
/// (<c>Auth:SessionCheckSeconds</c>, at most 5 s), so that a checkpoint scan does not look it up again. It shares the
/// session check's generations: <see cref="SessionCheckCache.ForgetAsync"/>, which every change to an account calls (the
/// admin's update that moves an officer to another checkpoint included), makes the kept value unreachable at once on
/// this instance and, through the announcement it sends (LISTEN/NOTIFY), on every other.
/// </summary>
public sealed class OfficerCheckpoints(EntryControlDbContext db, SessionCheckCache cache, IOptions<AuthOptions> options)
{
    /// <summary>The checkpoint of <paramref name="userId"/>'s account (null for anyone who is not bound to one).</summary>
    public async Task<string?> OfAsync(Guid userId, CancellationToken cancellationToken)
    {
        // The generation is taken before the read: a read that raced with a change is kept under the old one, never read.
        var key = new Key(userId, cache.GenerationOf(userId));
        var seconds = options.Value.SessionCheckSeconds;
        if (seconds > 0 && cache.Memory.TryGetValue(key, out string? known))
        {
            return known;
        }

        var checkpoint = await db.Users.Where(u => u.Id == userId).Select(u => u.CheckpointCode).FirstOrDefaultAsync(cancellationToken);
        if (seconds > 0)
        {
            cache.Memory.Set(key, checkpoint, TimeSpan.FromSeconds(seconds));
        }

        return checkpoint;
    }

    private sealed record Key(Guid UserId, (long Epoch, long Generation) Generation);
}
